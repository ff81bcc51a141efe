import Git
import Model
import Policy

/// The pre-push hook: every pushed ref checked against its base, one analyzer for all of them
/// so blobs shared between refs are read once, with facts kept in the repository's cache.
public enum PrePush {
    /// One ref's outcome: skipped with a reason, or checked.
    public struct RefOutcome: Sendable {
        public let ref: PushedRef
        public let decision: PushCheck.Decision
        public let result: CheckResult?

        /// Whether this ref blocks the push.
        public var fails: Bool {
            guard let result else { return false }
            return result.evaluation.fails || (result.unreadableFails && !result.unreadable.isEmpty)
        }
    }

    public static func run(
        repo: String, remote: String, input: String, blobLimit: Int = Repository.defaultBlobLimit, environment: [String: String], today: String,
        toolVersion: String
    ) throws(FaultlineError) -> [RefOutcome] {
        let refs = try PushedRef.parse(input)
        let analyzer = try Analyzer(
            path: repo, cacheVersion: environment[FactCache.switchVariable] == "off" ? nil : toolVersion, blobLimit: blobLimit)
        let checks = try PushPlanner.plan(refs, remote: remote, in: analyzer.repository)
        let request = CheckRequest(repo: repo, environment: environment, today: today)
        var outcomes: [RefOutcome] = []
        for check in checks {
            switch check.decision {
            case .skip:
                outcomes.append(RefOutcome(ref: check.ref, decision: check.decision, result: nil))
            case .check(let head, let base, let source):
                let result: CheckResult
                do {
                    result = try Check.compare(analyzer: analyzer, base: base, baseSource: source, head: head, request: request)
                } catch .invalidPolicies(var errors) {
                    // The way past broken rules on the remote differs from a pull request's.
                    errors.role = .pushBase
                    throw .invalidPolicies(errors)
                }
                outcomes.append(RefOutcome(ref: check.ref, decision: check.decision, result: result))
            }
        }
        return outcomes
    }

    /// The compact report for standard error: per ref, its verdict and each failing finding
    /// with its chain and first line, then how to accept a risk or bypass the hook once.
    public static func summary(_ outcomes: [RefOutcome]) -> String {
        var out = ""
        var blocking: [Finding] = []
        for outcome in outcomes {
            switch outcome.decision {
            case .skip(let reason):
                out += "faultline: \(outcome.ref.remoteRef): skipped (\(reason))\n"
            case .check(_, _, let source):
                guard let result = outcome.result else { continue }
                let findings = result.evaluation.findings.filter { !$0.accepted }
                let errors = findings.filter(\.fails), warnings = findings.filter { $0.severity == .warning }
                let verdict = outcome.fails ? "BLOCKED" : "ok"
                out += "faultline: \(outcome.ref.remoteRef) against \(source): \(verdict)"
                out += " (\(errors.count) error\(errors.count == 1 ? "" : "s"), \(warnings.count) warning\(warnings.count == 1 ? "" : "s"))\n"
                for finding in findings {
                    out += "  \(finding.severity.rawValue) \(finding.rule): \(DisplayText.line(finding.message))\n"
                    if !finding.chain.isEmpty { out += "    chain: \(DisplayText.line(finding.chainText()))\n" }
                    if let location = finding.locations.first { out += "    at \(DisplayText.line(location.path))\(location.line.map { ":\($0)" } ?? "")\n" }
                }
                for diagnostic in result.unreadable {
                    out += "  \(diagnostic.isInvalidAcceptance ? "invalid acceptance comment" : "unreadable"): \(DisplayText.line(diagnostic.description))\n"
                }
                blocking += errors
            }
        }
        if let first = blocking.first {
            out += """

                To accept a risk on purpose, add it to .faultline.yaml with a reason and an expiry date:
                  accept:
                    - rule: \(first.rule)
                      entrypoint: \(first.entrypoint)
                      scenario: \(first.scenario.id)
                      reason: "why this is acceptable for now"
                      expires: YYYY-MM-DD
                To push anyway this once: git push --no-verify

                """
        }
        return out
    }
}
