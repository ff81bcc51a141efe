import Report

/// Replays audit steps in order to blame what is open at the end and to pair introductions
/// with resolutions. A whole run and a merge of shards both build their last record with it,
/// which is what makes the two identical.
public struct AuditLedger: Sendable {
    /// Per fingerprint, the exposure and the commit that last introduced it, while open.
    private var introductions: [String: (exposure: AuditExposure, commit: AuditCommit)] = [:]
    private var episodes: [AuditEnd.Episode] = []
    private(set) var steps = 0
    private(set) var introduced = 0
    private(set) var resolved = 0

    public init() {}

    /// Takes one step into account; steps must come oldest first.
    public mutating func record(_ step: AuditStep) {
        steps += 1
        introduced += step.introduced.count
        resolved += step.resolved.count
        // A step never introduces and resolves the same fingerprint, so the order within it
        // does not matter; resolutions first keeps that true even for hand-made input.
        for exposure in step.resolved {
            if let opened = introductions.removeValue(forKey: exposure.fingerprint) {
                episodes.append(AuditEnd.Episode(exposure: opened.exposure, introducedBy: opened.commit, resolvedBy: step.commit))
            }
        }
        for exposure in step.introduced {
            introductions[exposure.fingerprint] = (exposure, step.commit)
        }
    }

    /// The last record: `open` is what the last commit walked has open, `head` that commit.
    public func end(head: AuditCommit?, commits: Int, open: [AuditExposure]) -> AuditEnd {
        let blamed = open.sorted().map { exposure in
            let commit = introductions[exposure.fingerprint]?.commit
            let days = commit.flatMap { from in head.map { Int(max(0, $0.time - from.time) / 86_400) } }
            return AuditEnd.Open(exposure: exposure, introducedBy: commit, days: days)
        }
        return AuditEnd(
            head: head, commits: commits, changed: steps, introduced: introduced, resolved: resolved, open: blamed,
            cameAndWent: episodes)
    }
}
