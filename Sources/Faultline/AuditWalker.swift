import Git
import Model
import Policy
import Readers
import Report
import Simulation

/// The historical audit (docs/audit.md): walks a range oldest → newest and says which commit
/// introduced, and which resolved, each exposure.
///
/// It is incremental by construction. One rolling state — a commit, the facts of its files by
/// path, its topology and its exposures — moves from commit to commit along tree diffs, so the
/// work at each commit grows with the files it changed, not with the tree:
/// 1. only changed blobs are read, through the reader's blob-id cache (in memory and on disk);
/// 2. the facts are re-linked only when a changed file's facts differ in something the linker
///    reads;
/// 3. the outage suite runs only when the linked topology's shape differs (what the engine
///    reads, not provenance), and a shape seen recently (a revert, a jump between branches)
///    reuses its assessment.
/// Memory holds one state, not one per commit (with `--full-history`, also each commit's
/// exposures, shared with its neighbours' when unchanged).
public final class AuditWalker {
    /// The exposures of one state, by fingerprint.
    struct Exposures {
        let byID: [String: AuditExposure]
        /// Which naming of the walk made them: two with the same generation are the same.
        let generation: Int
    }

    /// What moving the state to a commit changed.
    struct Move {
        let topologyChanged: Bool
        /// Problems in the files that differ, and files that became readable again.
        let diagnostics: [Diagnostic]
    }

    /// How much work the walk did, for benchmarks and `--verbose` style reporting.
    public struct Counters: Sendable {
        public var diffs = 0
        public var filesRead = 0
        public var links = 0
        /// Links taken from the look-ahead (see `linkAhead`), of `links`.
        public var linkedAhead = 0
        public var assessments = 0
    }

    let repository: Repository
    let reader: CommitReader
    let linker: Linker
    let pack: PolicyPack
    let correlations: Model.Catalog
    public private(set) var counters = Counters()

    private var commit: ObjectID?
    private var files: [String: FileFacts] = [:]
    /// Files whose current blob cannot be read; `files` keeps their last readable facts.
    private var unreadable: Set<String> = []
    /// The paths the state's Terraform files read with `file()` and `templatefile()`, whose
    /// texts `files` holds (see ``moveTexts(touched:before:at:)``).
    private var referenced: Set<String> = []
    private(set) var topology: Topology
    private var shape: AuditTopologyShape
    private var assessment: Assessment {
        didSet { naming = nil }
    }
    /// The current assessment's findings, before they are located (see `name`).
    private var naming: [(AuditExposure, Explanation?)]?
    private(set) var exposures: Exposures
    /// How many times exposures were named (see `Exposures.generation`).
    private var generations = 0
    /// The last few distinct topology shapes and their assessments, newest last.
    private var recent: [Seen] = []
    private struct Seen {
        let shape: AuditTopologyShape
        let assessment: Assessment
        /// The assessment's findings once named (see `name`).
        var naming: [(AuditExposure, Explanation?)]?
    }
    private static let recentLimit = 8
    /// Tree diffs the read-ahead worked out, kept for the move that needs each one next (a
    /// diff is most of what libgit2 costs an audit).
    private var diffs: [DiffKey: [TreeChange]] = [:]
    private struct DiffKey: Hashable {
        let from: ObjectID?
        let to: ObjectID
    }
    private static let diffsLimit = 256
    /// States linked ahead on another core (see `linkAhead`).
    private let ahead: AuditLinkAhead
    /// How far the look-ahead has got: a place in the walk's list, its commit and the files
    /// there; nil when it starts again from the walk's own state.
    private var cursor: Cursor?
    private struct Cursor {
        var position: Int
        var commit: ObjectID?
        var files: [String: FileFacts]
        var unreadable: Set<String>
        var referenced: Set<String>
    }
    /// A place the look-ahead could not foresee (a file that does not read): it waits until
    /// the walk is past it.
    private var blockedAt: Int?

    public init(
        repository: Repository, persistent: FactCache? = nil, linker: Linker = Linker(), pack: PolicyPack = .builtin(),
        blobLimit: Int = Repository.defaultBlobLimit
    ) {
        self.repository = repository
        self.reader = CommitReader(repository: repository, blobLimit: blobLimit, persistent: persistent)
        self.linker = linker
        self.pack = pack
        self.correlations = linker.correlations
        self.ahead = AuditLinkAhead(linker: linker)
        let empty = linker.link([], commit: nil).topology
        self.topology = empty
        self.shape = AuditTopologyShape(empty)
        self.assessment = Assessment(baselineDown: [], baselineUndeliverable: [], outcomes: [])
        self.exposures = Exposures(byID: [:], generation: 0)
        self.assessment = runSuite(empty)
        self.exposures = name(assessment, in: empty)
    }

    /// Moves the state to the empty tree (before a root commit).
    func reset() -> Move {
        guard commit != nil || !files.isEmpty else { return Move(topologyChanged: false, diagnostics: []) }
        commit = nil
        files = [:]
        unreadable = []
        referenced = []
        return relink()
    }

    /// Moves the state to `target` along the diff of the two trees.
    func move(to target: ObjectID) throws(GitError) -> Move {
        guard target != commit else { return Move(topologyChanged: false, diagnostics: []) }
        // No rename detection: a renamed file is a deletion and an addition of one blob, whose
        // facts come from the cache, and exposures are identified without paths. Detection would
        // read blobs no reader needs (and fail where a mirror or partial clone lacks them).
        let changes: [TreeChange]
        if let known = diffs.removeValue(forKey: DiffKey(from: commit, to: target)) {
            changes = known
        } else {
            changes = try repository.diff(from: commit, to: target, detectRenames: false)
        }
        counters.diffs += 1
        commit = target
        var (before, entries, removed) = stage(changes, in: &files)
        var wasUnreadable: Set<String> = []
        for path in removed where unreadable.remove(path) != nil { wasUnreadable.insert(path) }
        let touched = Self.paths(of: changes)
        guard !before.isEmpty || !referenced.isDisjoint(with: touched) else { return Move(topologyChanged: false, diagnostics: []) }
        let read = try reader.facts(of: entries)
        counters.filesRead += entries.count
        var diagnostics: [Diagnostic] = []
        for facts in read {
            let errors = facts.diagnostics.filter { $0.severity == .error }
            if facts.doesNotRead, let previous = try lastReadable(facts.path, before: target) {
                // A file that stops parsing keeps what it said last: the breakage is a
                // diagnostic, not every exposure it carried resolving and coming back later.
                files[facts.path] = previous
                unreadable.insert(facts.path)
                diagnostics += errors
                diagnostics.append(Diagnostic(
                    .note, "the audit keeps this file's last readable facts until it can be read again", path: facts.path))
            } else {
                files[facts.path] = facts
                diagnostics += errors
                if wasUnreadable.contains(facts.path), !facts.doesNotRead {
                    diagnostics.append(Diagnostic(.note, "file can be read again; its current facts replace the ones kept", path: facts.path))
                }
            }
        }
        diagnostics += try moveTexts(touched: touched, before: &before, at: target)
        let changed = before.contains { path, old in Self.linksDifferently(files[path], old) }
        guard changed else { return Move(topologyChanged: false, diagnostics: diagnostics.sorted()) }
        let move = relink()
        return Move(topologyChanged: move.topologyChanged, diagnostics: diagnostics.sorted())
    }

    /// Keeps the texts Terraform reads in step with the commit: when a Terraform file changed,
    /// the paths the state reads are worked out again; texts no longer read are dropped, and
    /// those newly read or changed by the commit are read from `target` (an unchanged file
    /// newly named by a `file()` too). Each path whose text changes goes into `before` with
    /// its facts before the move, so that the link sees the difference.
    /// Returns the diagnostics of texts that could not be read (a binary file).
    private func moveTexts(touched: Set<String>, before: inout [String: FileFacts?], at target: ObjectID) throws(GitError) -> [Diagnostic] {
        let repository = repository
        var problems: [Diagnostic] = []
        _ = try Self.moveTexts(
            touched: touched, before: &before, files: &files, referenced: &referenced, reader: reader, problems: &problems,
            lastReadable: { path throws(GitError) in try self.lastReadableText(path, before: target) }
        ) { path throws(GitError) in
            try repository.file(at: path, of: target).map(TextEntry.found) ?? .absent
        }
        return problems
    }

    /// Where the text of a path Terraform reads is, at the commit a state moves to.
    private enum TextEntry {
        case found(TreeEntry)
        /// The commit does not have the file.
        case absent
        /// Not known from what is at hand (the look-ahead has only the commit's diff).
        case unknown
    }

    /// `moveTexts` for any state, with `entry` saying where each text it reads is, and the
    /// diagnostics of texts that could not be read put in `problems`. False, with the state half
    /// moved, when `entry` does not know for one of them.
    private static func moveTexts(
        touched: Set<String>, before: inout [String: FileFacts?], files: inout [String: FileFacts], referenced: inout Set<String>,
        reader: CommitReader, problems: inout [Diagnostic],
        lastReadable: (String) throws(GitError) -> FileFacts? = { _ in nil },
        entry: (String) throws(GitError) -> TextEntry
    ) throws(GitError) -> Bool {
        // Terraform files, Compose files and `.faultline.yaml` (its hosts) say what is read.
        func reads(_ facts: FileFacts?) -> Bool { facts.map { $0.terraform != nil || $0.compose != nil || $0.config != nil } ?? false }
        let readersChanged = before.contains { path, old in reads(old) || reads(files[path]) }
        guard readersChanged || !referenced.isDisjoint(with: touched) else { return true }
        let now = readersChanged ? reader.textReads(of: files.values) : referenced
        let stale = referenced.subtracting(now)
        let needed = now.filter { !referenced.contains($0) || touched.contains($0) }
        var entries: [TreeEntry] = []
        for path in needed.sorted() {
            switch try entry(path) {
            case .found(let found): entries.append(found)
            case .absent: continue
            case .unknown: return false
            }
        }
        for path in stale.union(needed) where before.index(forKey: path) == nil { before[path] = files[path] }
        for path in stale {
            // Facts a reader gave stay, found nothing though it did (a ServiceAccount).
            guard let kept = files[path]?.with(nil) else { continue }
            files[path] = kept.isEmpty && !reader.accepts(path) ? nil : kept
        }
        let texts = try reader.readTexts(of: entries)
        // Worked out once a move, and only when texts are read.
        let terragruntReads = texts.isEmpty ? [] : TerraformFiles.terragruntReads(of: files.values)
        for text in texts {
            guard text.readText != nil else {
                problems += text.diagnostics
                continue
            }
            // A file a Terragrunt unit reads that stops parsing keeps what it said last, as a
            // Terraform file does: the breakage is a diagnostic, not exposure churn.
            if terragruntReads.contains(text.path), let problem = TerraformFiles.hclProblem(in: text) {
                problems.append(problem)
                // With no version that parsed, the broken one stays: a lookup stops at it, as
                // the check's does.
                files[text.path] = try lastReadable(text.path) ?? files[text.path].map { $0.with(text) } ?? text
                continue
            }
            files[text.path] = files[text.path].map { $0.with(text) } ?? text
        }
        referenced = now
        return true
    }

    /// Every path a diff touches, on either side.
    private static func paths(of changes: [TreeChange]) -> Set<String> {
        var paths = Set<String>()
        for change in changes {
            if let old = change.old { paths.insert(old.path) }
            if let new = change.new { paths.insert(new.path) }
        }
        return paths
    }

    /// Whether a file's facts changed in something the linker reads (see
    /// `FileFacts.linksAlike`): the topology cannot change otherwise.
    static func linksDifferently(_ new: FileFacts?, _ old: FileFacts?) -> Bool {
        switch (new, old) {
        case (nil, nil): false
        case let (new?, old?): !new.linksAlike(old)
        default: true
        }
    }

    /// What a diff does to a state's files before any blob is read: each path it touches
    /// with the facts it had (nil: none), the blobs to read (files a reader takes), and the
    /// old paths, whose facts are removed from `files`.
    private func stage(
        _ changes: [TreeChange], in files: inout [String: FileFacts]
    ) -> (before: [String: FileFacts?], entries: [TreeEntry], removed: [String]) {
        var before: [String: FileFacts?] = [:]
        var entries: [TreeEntry] = []
        var removed: [String] = []
        for change in changes {
            if let old = change.old {
                before[old.path] = files[old.path]
                files.removeValue(forKey: old.path)
                removed.append(old.path)
            }
            guard let new = change.new, let entry = readable(new) else { continue }
            if !before.keys.contains(new.path) { before[new.path] = files[new.path] }
            entries.append(entry)
        }
        return (before, entries, removed)
    }

    /// The entry to read for a changed file, when it is a file some reader takes.
    private func readable(_ side: TreeChange.Side) -> TreeEntry? {
        guard reader.accepts(side.path) else { return nil }
        return Self.file(side)
    }

    /// The entry of one side of a change when it is a file (not a symlink or submodule).
    private static func file(_ side: TreeChange.Side) -> TreeEntry? { ReadableHistory.file(side) }

    /// Reads, on every core, the files the next commits change (each against its first
    /// parent), so that moving to them finds their facts in the reader's cache: commits
    /// mostly change one or two files, too few to share out one commit at a time. It stops
    /// after the commit that brings the batch to `maxFiles` files a reader takes, so a history
    /// of regenerated manifests does not hold many large files at once, and returns how many
    /// commits it covered. Only a speed-up: a file it misses is read when the walk reaches it.
    func prefetch(_ commits: ArraySlice<ObjectID>, maxFiles: Int = 64) throws(GitError) -> Int {
        var entries: [TreeEntry] = []
        var seen = Set<ObjectID>()
        var covered = 0
        for id in commits where entries.count < maxFiles {
            covered += 1
            let parent = try repository.commit(id).parents.first
            if let parent, !(try repository.contains(parent)) { continue }
            let changes = try repository.diff(from: parent, to: id, detectRenames: false)
            // Ones never asked for (a shard's edge, a jump between branches) go at the limit.
            if diffs.count >= Self.diffsLimit { diffs.removeAll(keepingCapacity: true) }
            diffs[DiffKey(from: parent, to: id)] = changes
            for change in changes {
                guard let new = change.new, let entry = readable(new), seen.insert(new.id).inserted else { continue }
                entries.append(entry)
            }
        }
        _ = try reader.facts(of: entries)
        return covered
    }

    /// Works out, from the read-ahead's diffs and facts, the states of the commits after
    /// `position` in `commits` (up to `end`), and links on another core those the walk will
    /// have to link, a few at a time (see ``AuditLinkAhead``). It replays what `move(to:)`
    /// does along first parents, and stops where that needs more than the diffs and facts
    /// at hand: a diff the read-ahead did not make, a file that does not read (the walk then
    /// looks back for its last readable version), a file that did not read before. Only a
    /// speed-up: the walk links what was not linked ahead.
    func linkAhead(_ commits: [ObjectID], from position: Int, end: Int) throws(GitError) {
        ahead.drop(before: position)
        if let blocked = blockedAt {
            guard position > blocked else { return }
            blockedAt = nil
        }
        // Started again from the walk's own state when the walk has caught up with it.
        if (cursor?.position ?? .min) < position - 1 {
            cursor = Cursor(position: position - 1, commit: commit, files: files, unreadable: unreadable, referenced: referenced)
        }
        while !ahead.isFull, var state = cursor, state.position + 1 < end {
            // Taken out of `cursor` while its files change: shared, the table would be copied
            // whole at every step.
            cursor = nil
            let next = commits[state.position + 1]
            guard let changes = diffs[DiffKey(from: state.commit, to: next)] else {
                cursor = state
                return
            }
            var (before, entries, removed) = stage(changes, in: &state.files)
            guard !removed.contains(where: state.unreadable.contains) else { return block(at: state.position + 1) }
            let read = try reader.facts(of: entries)
            guard !read.contains(where: \.doesNotRead) else {
                return block(at: state.position + 1)
            }
            for facts in read { state.files[facts.path] = facts }
            // Texts Terraform reads move with the diff; a file newly read that the commit does
            // not change needs the commit's tree, which is the walk's to look in.
            let touched = Self.paths(of: changes)
            var sides: [String: TreeChange.Side] = [:]
            for change in changes { if let new = change.new { sides[new.path] = new } }
            var problems: [Diagnostic] = []
            let foreseen = try Self.moveTexts(
                touched: touched, before: &before, files: &state.files, referenced: &state.referenced, reader: reader, problems: &problems
            ) { path in
                guard touched.contains(path) else { return .unknown }
                return sides[path].flatMap(Self.file).map(TextEntry.found) ?? .absent
            }
            // The walk reports a text that does not read.
            guard foreseen, problems.isEmpty else { return block(at: state.position + 1) }
            state.position += 1
            state.commit = next
            cursor = state
            if before.contains(where: { path, old in Self.linksDifferently(state.files[path], old) }) {
                ahead.submit(position: state.position, commit: next, files: Array(state.files.values))
            }
        }
    }

    /// Whether the look-ahead stopped only because the diffs and facts read ahead end at
    /// `end`: reading the next commits now lets it go on while the walk catches up.
    func lookAheadWaits(at end: Int) -> Bool {
        guard blockedAt == nil, let cursor, !ahead.isFull else { return false }
        return cursor.position + 1 >= end
    }

    private func block(at position: Int) {
        blockedAt = position
        cursor = nil
    }

    /// The facts of the last version of `path` that reads, looking back along first parents
    /// from `commit` (see ``ReadableHistory/lastReadable(_:before:in:reader:limit:)``).
    ///
    /// It depends on the commit alone, not on how the walk reached it, so a shard that starts
    /// at a broken file keeps the same facts a whole run keeps, and so does a jump between
    /// branches with `--full-history`.
    func lastReadable(_ path: String, before commit: ObjectID, limit: Int = 1_000) throws(GitError) -> FileFacts? {
        try ReadableHistory.lastReadable(path, before: commit, in: repository, reader: reader, limit: limit)
    }

    /// The text of the last version of `path`, a file Terragrunt units read, that parses,
    /// looked up as ``lastReadable(_:before:limit:)`` does, so a shard starting at the broken
    /// file keeps the same text.
    func lastReadableText(_ path: String, before commit: ObjectID, limit: Int = 1_000) throws(GitError) -> FileFacts? {
        let reader = reader
        return try ReadableHistory.lastVersions(of: [path], before: commit, in: repository, limit: limit) { entries throws(GitError) in
            try reader.readTexts(of: entries).filter { text in text.readText != nil && TerraformFiles.hclProblem(in: text) == nil }
        }[path]
    }

    /// Links the current facts. The suite runs only when the topology's shape — what the
    /// engine reads: components, sites, requirements, entrypoints, not provenance — differs
    /// from the current one and from the last few seen; otherwise only the exposures' chains
    /// and lines are named again from the kept assessment.
    private func relink() -> Move {
        counters.links += 1
        // Linked without a commit id, so provenance does not make every commit's topology differ.
        let linked: Topology
        if let commit, let job = ahead.take(commit), job.files.count == files.count,
           job.files.allSatisfy({ files[$0.path] == $0 })
        {
            linked = ahead.topology(of: job)
            counters.linkedAhead += 1
        } else {
            linked = linker.link(Array(files.values), commit: nil).topology
        }
        guard linked != topology else {
            ahead.dispose(linked)
            return Move(topologyChanged: false, diagnostics: [])
        }
        let replaced = topology
        topology = linked
        ahead.components = linked.ids.count
        ahead.dispose(replaced)
        let newShape = AuditTopologyShape(linked)
        let shapeChanged = newShape != shape
        if shapeChanged {
            shape = newShape
            if let index = recent.lastIndex(where: { $0.shape == newShape }) {
                assessment = recent[index].assessment
                naming = recent[index].naming
            } else {
                assessment = runSuite(linked)
                recent.append(Seen(shape: newShape, assessment: assessment))
                if recent.count > Self.recentLimit { recent.removeFirst() }
            }
        }
        exposures = name(assessment, in: linked)
        return Move(topologyChanged: shapeChanged, diagnostics: [])
    }

    private func runSuite(_ topology: Topology) -> Assessment {
        counters.assessments += 1
        let suite = OutageSuite.covering([topology], catalog: correlations)
        return OutageEngine(topology: topology, catalog: correlations).assess(suite)
    }

    /// Names each exposure of an assessment with the pack's rules, located in `topology`.
    ///
    /// Only the location depends on the topology: rule, severity, fingerprint and chain come
    /// from the assessment. So the rules are applied once per assessment and, while re-links
    /// keep it (the shape did not change), each exposure is only located again.
    private func name(_ assessment: Assessment, in topology: Topology) -> Exposures {
        let named: [(AuditExposure, Explanation?)]
        if let naming {
            named = naming
        } else {
            named = evaluateRules(assessment)
            naming = named
            // Kept with its shape too, for when a revert or a jump brings the shape back.
            if let index = recent.lastIndex(where: { $0.shape == shape }) { recent[index].naming = named }
        }
        var byID: [String: AuditExposure] = [:]
        for (exposure, explanation) in named {
            let location = PolicyEvaluator.firstLocation(of: explanation, in: topology)
            byID[exposure.fingerprint] = AuditExposure(
                fingerprint: exposure.fingerprint, rule: exposure.rule, severity: exposure.severity, entrypoint: exposure.entrypoint,
                scenario: exposure.scenario, kind: exposure.kind, phase: exposure.phase, chain: exposure.chain,
                path: location?.path, line: location?.line)
        }
        generations += 1
        return Exposures(byID: byID, generation: generations)
    }

    /// Every finding the rules make of an assessment (see `PolicyEvaluator.selections`), with
    /// the explanation that locates it.
    private func evaluateRules(_ assessment: Assessment) -> [(AuditExposure, Explanation?)] {
        PolicyEvaluator(pack: pack, acceptances: [], today: "").selections(of: assessment).map { rule, exposure in
            let explanation = assessment.explanation(of: exposure)
            let named = AuditExposure(
                fingerprint: exposure.fingerprint(rule: rule.id), rule: rule.id, severity: rule.severity, entrypoint: exposure.entrypoint,
                scenario: exposure.scenario.id, kind: exposure.scenario.kindName, phase: exposure.phase.rawValue,
                chain: explanation?.chain ?? [exposure.entrypoint], path: nil, line: nil)
            return (named, explanation)
        }
    }
}
