import Git
import Model
import Policy
import Report

/// `faultline audit`: which commit introduced, and which resolved, each exposure of a range,
/// and what is open at its end (docs/audit.md).
public enum Audit {
    /// Walks the range (or the request's shard of it), passing each record on as soon as it is
    /// known — the start, then one step per commit whose topology or readability changed — and
    /// returns the last record.
    public static func run(
        _ request: AuditRequest, start onStart: (AuditStart) -> Void, step onStep: (AuditStep) -> Void,
        progress: ((_ done: Int, _ total: Int) -> Void)? = nil
    ) throws(AuditError) -> AuditEnd {
        let repository: Repository
        let range: HistoryRange
        do {
            repository = try Repository(at: request.repo)
            range = try repository.range(request.range ?? "HEAD")
        } catch {
            throw .git(error)
        }
        let pack = try policies(request, repository: repository, tip: range.tip)
        do {
            return try walk(request, repository: repository, range: range, pack: pack, start: onStart, step: onStep, progress: progress)
        } catch {
            throw .git(error)
        }
    }

    /// Runs a whole audit and keeps every record, for the formats written at the end.
    public static func report(_ request: AuditRequest, progress: ((Int, Int) -> Void)? = nil) throws(AuditError) -> AuditReport {
        var start: AuditStart?
        var steps: [AuditStep] = []
        let end = try run(request, start: { start = $0 }, step: { steps.append($0) }, progress: progress)
        guard let start else { preconditionFailure("Audit.run passes its start record before returning") }
        return AuditReport(start: start, steps: steps, end: end)
    }

    /// The rules that name the exposures: the built-in pack, then the range tip's
    /// `.faultline/policies/`, then `--policies`. One set judges every commit — the rules in
    /// force where the range ends — so exposures keep their names across the walk and every
    /// shard of a range applies the same rules.
    static func policies(_ request: AuditRequest, repository: Repository, tip: ObjectID) throws(AuditError) -> PolicyPack {
        do {
            return try Check.policyPack(in: repository, at: tip, role: .auditTip, folder: request.policies)
        } catch {
            if case .git(let problem) = error { throw .git(problem) }
            throw .policies(error)
        }
    }

    /// How many commits ahead the walk reads changed files, on every core (fewer when they
    /// change many files; see `AuditWalker.prefetch`).
    static let prefetchWindow = 64

    private static func walk(
        _ request: AuditRequest, repository: Repository, range: HistoryRange, pack: PolicyPack, start onStart: (AuditStart) -> Void, step onStep: (AuditStep) -> Void,
        progress: ((Int, Int) -> Void)?
    ) throws(GitError) -> AuditEnd {
        let rangeText = request.range ?? "HEAD"
        let walker = AuditWalker(
            repository: repository, persistent: request.cacheVersion.map { FactCache(repository: repository, toolVersion: $0) },
            pack: pack, blobLimit: request.blobLimit)
        // The range tip's `ignore:` for every commit, as its rules judge every commit.
        walker.reader.ignoring = try walker.reader.ignoreList(of: range.tip)
        let history = try repository.history(range, firstParent: request.firstParent)
        var commits = history.commits
        if let since = request.since {
            // The range starts at the first commit made on or after the date; older commits
            // only make the state it starts from.
            var first = commits.count
            for (index, id) in commits.enumerated() where try repository.commit(id).author.time >= since.time {
                first = index
                break
            }
            commits.removeFirst(first)
        }
        let shard = request.shard
        let slice = shard?.slice(of: commits.count) ?? commits.indices
        let boundary = Set(history.boundary)

        // The state the slice starts from: the first commit's first parent, the commit itself
        // at a shallow boundary (its parents are not in the clone), the commit before an empty
        // slice, or the tip of a range that selects no commit (`A..B` with B reachable from A,
        // `--since` after its last commit), which then ends where it starts: what is open at
        // its end is what the tip has, not nothing.
        var baseline: ObjectID?
        if let position = slice.first {
            let first = try repository.commit(commits[position])
            baseline = boundary.contains(first.id) ? first.id : first.parents.first
        } else if slice.lowerBound > 0 {
            baseline = commits[slice.lowerBound - 1]
        } else if commits.isEmpty {
            baseline = range.tip
        }
        if let baseline { _ = try walker.move(to: baseline) }
        onStart(AuditStart(
            range: rangeText, tip: range.tip.hex, firstParent: request.firstParent, since: request.since?.text, commits: commits.count,
            boundary: history.boundary.map(\.hex), baseline: baseline?.hex, open: walker.exposures.byID.values.sorted(),
            shard: shard.flatMap { $0.count > 1 ? AuditStart.Shard(index: $0.index, count: $0.count, first: slice.lowerBound, end: slice.upperBound) : nil }))

        var ledger = AuditLedger()
        // With every parent followed, a merge is compared with each parent; their exposures are
        // kept per commit (shared storage while unchanged) instead of walking back to them.
        var known: [ObjectID: AuditWalker.Exposures] = [:]
        var head: AuditCommit?
        var prefetched = slice.lowerBound
        for (done, position) in slice.enumerated() {
            // The next commits are read when the walk reaches them, or earlier when the
            // look-ahead has linked everything read so far (at most a window ahead of the walk).
            if position >= prefetched
                || (prefetched < slice.upperBound && prefetched - position < Self.prefetchWindow && walker.lookAheadWaits(at: prefetched))
            {
                let from = max(position, prefetched)
                prefetched = from + (try walker.prefetch(commits[from..<min(from + Self.prefetchWindow, slice.upperBound)]))
            }
            try walker.linkAhead(commits, from: position, end: prefetched)
            let id = commits[position]
            let commit = try repository.commit(id)
            head = AuditCommit(commit)
            defer { progress?(done + 1, slice.count) }
            if boundary.contains(id) {
                // History stops here: what this commit has open was introduced before the clone's start.
                _ = try walker.move(to: id)
                if !request.firstParent { known[id] = walker.exposures }
                continue
            }
            let parents = request.firstParent ? Array(commit.parents.prefix(1)) : commit.parents
            var others: [AuditWalker.Exposures] = []
            for parent in parents.dropFirst() {
                if let exposures = known[parent] {
                    others.append(exposures)
                } else {
                    _ = try walker.move(to: parent)
                    others.append(walker.exposures)
                }
            }
            if let parent = parents.first { _ = try walker.move(to: parent) } else { _ = walker.reset() }
            let before = walker.exposures
            let move = try walker.move(to: id)
            let after = walker.exposures
            // Introduced: open here and in no parent. Resolved: open in every parent and not here.
            // A merge thus introduces only what the merge itself creates; what a branch brought
            // is blamed on the branch's commit (first-parent audits compare with the first
            // parent only, so there a merge introduces what its branch brought).
            let parentSets = [before] + others
            var introduced: [AuditExposure] = [], resolved: [AuditExposure] = []
            // Exposures named once are the same in every parent and here: nothing came or went.
            if parentSets.contains(where: { $0.generation != after.generation }) {
                introduced = after.byID.filter { key, _ in !parentSets.contains { $0.byID[key] != nil } }.values.sorted()
                resolved = before.byID.filter { key, _ in after.byID[key] == nil && others.allSatisfy { $0.byID[key] != nil } }
                    .values.sorted()
            }
            if move.topologyChanged || !introduced.isEmpty || !resolved.isEmpty || !move.diagnostics.isEmpty, let head {
                let step = AuditStep(index: position, commit: head, introduced: introduced, resolved: resolved, diagnostics: move.diagnostics)
                ledger.record(step)
                onStep(step)
            }
            if !request.firstParent { known[id] = after }
        }
        return ledger.end(head: head, commits: slice.count, open: Array(walker.exposures.byID.values))
    }
}
