import Foundation
import Git
import Model
import Policy
import Readers
import Simulation

/// What `faultline check` is asked to compare.
public struct CheckRequest: Sendable {
    public var repo: String
    public var base: String?
    public var head: String?
    /// An extra policy folder (`--policies`), read from the file system.
    public var policies: String?
    /// The largest file read, in bytes (`--max-blob-size`); larger ones are unreadable.
    public var blobLimit: Int
    public var environment: [String: String]
    /// `YYYY-MM-DD`, for acceptance expiry.
    public var today: String

    public init(
        repo: String = ".", base: String? = nil, head: String? = nil, policies: String? = nil, blobLimit: Int = Repository.defaultBlobLimit,
        environment: [String: String], today: String
    ) {
        self.repo = repo
        self.base = base
        self.head = head
        self.policies = policies
        self.blobLimit = blobLimit
        self.environment = environment
        self.today = today
    }
}

/// Everything a check found, for the reports.
public struct CheckResult: Sendable {
    public let base: CommitAnalysis
    public let head: CommitAnalysis
    public let baseSource: String
    public let suite: OutageSuite
    public let baseAssessment: Assessment
    public let headAssessment: Assessment
    public let evaluation: Evaluation
    /// What the change did to the topology, worked out when a report asks: the hook's summary
    /// does not, and on a large estate the comparison is a noticeable part of a push.
    public var topologyDiff: TopologyDiff { TopologyDiff(base: base.topology, head: head.topology) }
    /// Files the change adds or modifies that could not be read, each an error diagnostic.
    public let unreadable: [Diagnostic]
    /// Whether `unreadable` fails the check (the `unreadable-file` rule's severity).
    public let unreadableFails: Bool
    /// Diagnostics of head's files and of linking, and of policy files.
    public let diagnostics: [Diagnostic]
    /// Those of `diagnostics` the base had as they are, in files the change does not touch: a
    /// Helm chart's templates say the same at every check, and a report that repeats them
    /// buries what the change brought.
    public let standing: [Diagnostic]
    /// The rules in force.
    public let rules: [Rule]
    public let stats: CheckStats
}

/// Where the time went, and how much was read.
public struct CheckStats: Sendable, Codable {
    public var files = 0
    public var parsed = 0
    public var reused = 0
    public var components = 0
    public var scenarios = 0
    public var readSeconds = 0.0
    public var linkSeconds = 0.0
    public var simulateSeconds = 0.0
    public var evaluateSeconds = 0.0
}

/// The CI status check: base and head read from git objects, the same outage suite against
/// both, and the rules applied to what the change adds (docs/design.md §3–§4).
public enum Check {
    public static func run(_ request: CheckRequest) throws(FaultlineError) -> CheckResult {
        let analyzer = try Analyzer(path: request.repo, blobLimit: request.blobLimit)
        let repository = analyzer.repository
        // pre-commit passes the pushed range in these (docs/pre-commit.md).
        let headRevision = request.head ?? request.environment["PRE_COMMIT_TO_REF"].flatMap { $0.isEmpty ? nil : $0 } ?? "HEAD"
        let fromPreCommit = request.environment["PRE_COMMIT_FROM_REF"].flatMap { $0.isEmpty ? nil : $0 }
        let explicitBase = request.base ?? fromPreCommit
        let headCommit = try analyzer.resolve(headRevision)
        let choice = try BaseDetector.choose(
            in: repository, head: headCommit, explicit: explicitBase, explicitSource: request.base == nil ? "PRE_COMMIT_FROM_REF" : "--base",
            environment: request.environment)
        return try compare(analyzer: analyzer, base: choice.commit, baseSource: choice.source, head: headCommit, request: request)
    }

    /// Compares two commits (a nil base is the empty tree).
    public static func compare(
        analyzer: Analyzer, base: ObjectID?, baseSource: String, head: ObjectID, request: CheckRequest
    ) throws(FaultlineError) -> CheckResult {
        var stats = CheckStats()
        let clock = ContinuousClock()
        var start = clock.now
        let repository = analyzer.repository
        var baseFacts: [FileFacts], headFacts: [FileFacts]
        let changed: [TreeChange]
        do {
            // The base's `ignore:` leaves files out of both sides: a change cannot widen what
            // its own check reads past. A new history (the empty tree as base: a first push)
            // has no base to ask, and is read with its own list.
            analyzer.reader.ignoring = try analyzer.reader.ignoreList(of: base ?? head)
            baseFacts = try analyzer.reader.facts(of: base)
            headFacts = try analyzer.reader.facts(of: head)
            // Only the touched paths matter, and a renamed file is touched under its new path
            // either way, so rename detection would be work for nothing.
            changed = try repository.diff(from: base, to: head, detectRenames: false)
        } catch {
            throw .git(error)
        }
        headFacts = Self.templatesTheChangeMade(base: baseFacts, head: headFacts, changed: changed)
        // The base commit's rules judge the change, so a change cannot loosen its own gate.
        let pack = try policyPack(in: repository, at: base, role: .checkBase, folder: request.policies)
        let unreadableRule = pack.rule(Rule.unreadableFile)
        let unreadableFails = unreadableRule.map { $0.enabled && $0.severity == .error } ?? true
        // Where an unreadable file fails the check (the default), files that do not read stand
        // as their last readable versions, as the audit keeps them: in the base, one the change
        // touches (fixing it brings back nothing new); in head, one the change breaks (see
        // `keepingBaseVersions`). Where it only warns, both sides are read as they are, so what
        // a check that passes a broken file judges is what the files say.
        var baseNotes: [Diagnostic] = [], restored: Set<String> = []
        if let base, unreadableFails {
            do throws(GitError) {
                (baseFacts, baseNotes, restored) = try lastReadableVersions(
                    base: baseFacts, touched: changed, at: base, in: repository, reader: analyzer.reader)
            } catch {
                throw .git(error)
            }
        }
        let kept = unreadableFails
            ? keepingBaseVersions(base: baseFacts, head: headFacts, changed: changed, restored: restored) : (facts: headFacts, notes: [])
        headFacts = kept.facts
        // The machines running Compose files are the base's (see `withBaseHosts`).
        let hosts = base == nil ? (facts: headFacts, diagnostics: [], errors: []) : withBaseHosts(base: baseFacts, head: headFacts)
        headFacts = hosts.facts
        // The env files the base's hosts read, as head has them (head's own are read already).
        if !hosts.diagnostics.isEmpty {
            do throws(GitError) {
                headFacts = try analyzer.reader.addingTexts(to: headFacts, of: head)
            } catch {
                throw .git(error)
            }
        }
        stats.readSeconds = seconds(clock.now - start)
        stats.files = headFacts.count
        stats.parsed = analyzer.reader.parsed
        stats.reused = analyzer.reader.reused

        start = clock.now
        // Base and head link independently, one per core.
        let linker = analyzer.linker
        linker.prepare([baseFacts, headFacts])
        let inputs = [(base, baseFacts), (head as ObjectID?, headFacts)]
        let linked = inputs.concurrentMap { commit, facts in linker.link(facts, commit: commit?.hex) }
        // A change that removes every entrypoint its base had (the only Ingress, say, or moves
        // it to a kind Faultline does not read) would leave head's workloads to stand in for
        // them (docs/design.md §2.7), internal ones too, newly exposed. What the base's
        // entrypoints reached (the Service behind the Ingress) stands in instead, so a
        // regression made in the same change still fails; a warning says so.
        var headLinked = linked[1]
        var entrypointWarnings: [Diagnostic] = []
        let baseTopology = linked[0].topology, headTopology = headLinked.topology
        // (Entrypoints that are not implied are marked ones, so the base has some.)
        if !baseTopology.entrypointsImplied, headTopology.entrypointsImplied, !headTopology.entrypoints.isEmpty {
            let reached = baseTopology.reach(of: baseTopology.entrypoints, in: headTopology)
            headLinked = headLinked.replacing(topology: headTopology.withEntrypoints(reached))
            let others = baseTopology.entrypoints.count - 1
            entrypointWarnings.append(Diagnostic(
                .warning, "this change removes every entrypoint the base had (\(baseTopology.entrypoints[0])\(others > 0 ? " and \(others) more" : ""))",
                detail: reached.isEmpty
                    ? "nothing they reached is left, so no exposure of head is checked; declare an entrypoint under entrypoints: in .faultline.yaml if users still reach the service"
                    : "what they reached stands in for them in this check (\(reached.prefix(3).joined(separator: ", "))\(reached.count > 3 ? ", …" : "")); declare the real one under entrypoints: in .faultline.yaml if users reach the service another way"))
        }
        let baseAnalysis = CommitAnalysis(commit: base, facts: baseFacts, linked: linked[0])
        let headAnalysis = CommitAnalysis(commit: head, facts: headFacts, linked: headLinked)
        stats.linkSeconds = seconds(clock.now - start)
        stats.components = headAnalysis.topology.ids.count

        start = clock.now
        let (suite, assessments) = try analyzer.assess([baseAnalysis, headAnalysis])
        stats.simulateSeconds = seconds(clock.now - start)
        stats.scenarios = suite.scenarios.count

        start = clock.now
        let config = headAnalysis.linked.config
        let acceptances = (config?.acceptances ?? []) + headFacts.flatMap(\.suppressions)
        let acceptancePath = headFacts.first { $0.config != nil }?.path ?? ".faultline.yaml"
        let evaluator = PolicyEvaluator(pack: pack, acceptances: acceptances, acceptancePath: acceptancePath, today: request.today)
        let dangling = danglingAddresses(base: baseAnalysis, head: headAnalysis)
        let evaluation = evaluator.evaluate(
            base: assessments[0], head: assessments[1], baseTopology: baseAnalysis.topology, headTopology: headAnalysis.topology,
            commit: head.hex, stillNamed: Set(dangling.map { "k8s:Service/\($0.reached)" }))
        stats.evaluateSeconds = seconds(clock.now - start)

        // A file only moved (the blob the change deletes from one path and adds at another)
        // with the same error at its old path was as unreadable in the base: the change makes
        // nothing newly unreadable, and a folder reorganisation is not blocked by what it
        // carries along (the error is still listed among the diagnostics). Moved from a path
        // Faultline does not read (`deploy.yaml.example` → `k8s/deploy.yaml`), it is new.
        var removedFrom: [ObjectID: String] = [:]
        for change in changed where change.status == .deleted || change.status == .renamed {
            if let old = change.old { removedFrom[old.id] = old.path }
        }
        var movedFrom: [String: String] = [:]
        for change in changed where change.status != .deleted {
            if let new = change.new, let old = removedFrom[new.id] { movedFrom[new.path] = old }
        }
        let touched = Set(changed.filter { $0.status != .deleted }.compactMap { $0.new?.path })
        // Files read only for what other files say (a `region.hcl` a Terragrunt unit reads) are
        // parsed when linked: their errors are the link's (which also holds the files' own).
        func errors(_ facts: [FileFacts], _ topology: Topology) -> [Diagnostic] {
            var seen = Set<Diagnostic>()
            return (facts.flatMap(\.diagnostics) + topology.diagnostics).filter { $0.severity == .error && seen.insert($0).inserted }
        }
        func key(_ diagnostic: Diagnostic, at path: String? = nil) -> String {
            "\(path ?? diagnostic.path ?? "")\u{0}\(diagnostic.line ?? 0)\u{0}\(diagnostic.summary)"
        }
        let baseErrors = Set(errors(baseFacts, baseAnalysis.topology).map { key($0) })
        let headFileErrors = Set(headFacts.flatMap(\.diagnostics).filter { $0.severity == .error })
        let unreadable = errors(headFacts, headAnalysis.topology).filter { diagnostic in
            guard diagnostic.severity == .error, let path = diagnostic.path else { return false }
            // A file the change does not touch but newly reads (a unit now reading a broken
            // `region.hcl`) is as unreadable as a touched one; a file's own error it is not.
            guard touched.contains(path) else { return !headFileErrors.contains(diagnostic) && !baseErrors.contains(key(diagnostic)) }
            guard let old = movedFrom[path] else { return true }
            return !baseErrors.contains(key(diagnostic, at: old))
        } + hosts.errors
        return CheckResult(
            base: baseAnalysis, head: headAnalysis, baseSource: baseSource, suite: suite,
            baseAssessment: assessments[0], headAssessment: assessments[1], evaluation: evaluation,
            unreadable: unreadable, unreadableFails: unreadableFails,
            diagnostics: withoutDanglingRepeats(headAnalysis.topology.diagnostics, dangling) + dangling.map(danglingWarning) + entrypointWarnings
                + ignoreNotes(headFacts, applied: analyzer.reader.ignoring, leftOut: analyzer.reader.leftOut, newHistory: base == nil)
                + pack.diagnostics + hosts.diagnostics + baseNotes + kept.notes
                + pack.unknownRuleWarnings(for: acceptances, defaultPath: acceptancePath),
            standing: standingDiagnostics(base: baseAnalysis.topology.diagnostics, head: headAnalysis.topology.diagnostics, changed: changed),
            rules: pack.rules, stats: stats)
    }

    /// The base's facts with each file it could not read that the change modifies or deletes
    /// standing as its last readable version before the base (looking back along first
    /// parents, as the audit does), its own diagnostics kept; a note says so.
    static func lastReadableVersions(
        base: [FileFacts], touched changed: [TreeChange], at commit: ObjectID, in repository: Repository, reader: CommitReader
    ) throws(GitError) -> (facts: [FileFacts], notes: [Diagnostic], restored: Set<String>) {
        let touched = Set(changed.compactMap(\.old?.path))
        let broken = Set(base.filter { touched.contains($0.path) && $0.doesNotRead }.map(\.path))
        guard !broken.isEmpty else { return (base, [], []) }
        // One walk for them all, from the base: what the audit keeps for these files at the
        // base. (At the far end of the look-back the two can differ by a commit: the audit looks
        // again from each commit it moves to.)
        let versions = try ReadableHistory.lastReadable(broken, before: commit, in: repository, reader: reader)
        var facts = base, notes: [Diagnostic] = [], restored: Set<String> = []
        for index in facts.indices where broken.contains(facts[index].path) {
            let path = facts[index].path
            guard var kept = versions[path] else { continue }
            // Its errors stay: a file the change only moves keeps the error it had.
            kept.diagnostics = facts[index].diagnostics
            facts[index] = kept
            restored.insert(path)
            notes.append(Diagnostic(
                .note, "the base cannot read this file; the check reads its last readable version as the base",
                detail: "as the audit does, so what it carried before it broke is not new", path: path))
        }
        return (facts, notes, restored)
    }

    /// A file the change turns into what reads as a Helm template (an action such as
    /// `{{ .Values.x }}` added to a manifest the base reads) is one the change makes unreadable:
    /// an error on it, so that under `unreadable-file` the base's version stands and the
    /// check fails, instead of everything the file declared dropping out of the check as if
    /// removed; so is one moved to a new path as it is templated (a file the change adds while
    /// it deletes one whose objects the base read), and so is every template the change adds
    /// or modifies while objects the base declared are gone from head (moved into it,
    /// perhaps). Any other template keeps its warning: one the base read as such that keeps
    /// its objects' company, a new one in a change that loses no object, one in a chart's
    /// `templates/`.
    static func templatesTheChangeMade(base: [FileFacts], head: [FileFacts], changed: [TreeChange]) -> [FileFacts] {
        func isTemplate(_ facts: FileFacts) -> Bool { facts.diagnostics.contains { $0.summary == YAMLLoader.helmTemplateSummary } }
        guard head.contains(where: isTemplate) else { return head }
        let modified = Set(changed.compactMap { change in change.old?.path == change.new?.path ? change.new?.path : nil })
        // A file moved as it is templated (a deletion and an addition, renames not being
        // detected) is taken for the same file: any file the change adds reading as a template
        // while it deletes one whose objects the base read.
        let removed = Set(changed.compactMap { change in change.new == nil ? change.old?.path : nil })
        let added = Set(changed.compactMap { change in change.old == nil ? change.new?.path : nil })
        // A chart's own templates stand for nothing: its values files do (docs/design.md).
        let readBefore = base.filter { facts in
            (modified.contains(facts.path) || removed.contains(facts.path)) && !isTemplate(facts) && !YAMLLoader.isInTemplatesFolder(facts.path)
        }
        // The objects a file declares that a user reaches or that run.
        func objectIDs(_ file: FileFacts) -> [String] {
            file.workloads.map(\.id) + file.services.map(\.id) + file.ingresses.map(\.id) + file.helmReleases.map(\.id)
                + file.gateways.map(\.id) + file.routes.map(\.id)
        }
        let paths = Set(readBefore.map(\.path).filter(modified.contains))
        let deletesRead = readBefore.contains { removed.contains($0.path) && !objectIDs($0).isEmpty }
        // Objects the base declares that head does not: moved, perhaps, into a file the change
        // touches and makes (or keeps) a template — one added, or one modified.
        let touched = head.filter { facts in
            (added.contains(facts.path) || modified.contains(facts.path)) && isTemplate(facts) && !YAMLLoader.isInTemplatesFolder(facts.path)
        }
        func objects(_ files: [FileFacts]) -> Set<String> {
            Set(files.filter { !YAMLLoader.isInTemplatesFolder($0.path) }.flatMap(objectIDs))
        }
        let vanished = !touched.isEmpty && !objects(base).isSubset(of: objects(head))
        return head.map { facts in
            let outside = !YAMLLoader.isInTemplatesFolder(facts.path)
            guard paths.contains(facts.path) || (deletesRead || vanished) && added.contains(facts.path) && outside
                    || vanished && modified.contains(facts.path) && outside,
                  let warning = facts.diagnostics.first(where: { $0.summary == YAMLLoader.helmTemplateSummary })
            else { return facts }
            var made = facts
            made.diagnostics.append(Diagnostic(
                .error, "this change makes the file read as a Helm template, so what it declares would no longer be checked",
                detail: "the action at line \(warning.line ?? 1) is template syntax outside a block scalar; Faultline never renders templates: "
                    + "keep the manifest plain YAML, or render it and commit the output", path: facts.path, line: warning.line))
            return made
        }
    }

    /// Head's facts with each file the change breaks — modified in place, read without an
    /// error in the base and with one in head — standing as the base has it, as the audit keeps
    /// a broken file's last readable facts (docs/audit.md): what the file carried does not
    /// count as resolved because it no longer reads, and `check` and `audit` report the same
    /// at that commit. The head version's diagnostics stay on the file, so the change is still
    /// `unreadable-file`; a note says the base's version was read.
    ///
    /// Only where `unreadable-file` fails the check: what the change adds in the parts of the
    /// file that still read would otherwise go unjudged by a check that passes.
    /// `restored`: files of the base standing as their last readable version, which read.
    static func keepingBaseVersions(
        base: [FileFacts], head: [FileFacts], changed: [TreeChange], restored: Set<String> = []
    ) -> (facts: [FileFacts], notes: [Diagnostic]) {
        let modified = Set(changed.compactMap { change in
            change.old?.path == change.new?.path ? change.new?.path : nil
        })
        func broken(_ facts: FileFacts) -> Bool { facts.doesNotRead }
        guard head.contains(where: { modified.contains($0.path) && broken($0) }) else { return (head, []) }
        var readable: [String: FileFacts] = [:]
        for facts in base where modified.contains(facts.path) && (!broken(facts) || restored.contains(facts.path)) {
            readable[facts.path] = facts
        }
        var notes: [Diagnostic] = []
        let facts = head.map { facts in
            guard broken(facts), var kept = readable[facts.path] else { return facts }
            kept.diagnostics = facts.diagnostics
            notes.append(restored.contains(facts.path)
                ? Diagnostic(
                    .note, "the file is still unreadable; the check reads its last readable version on both sides",
                    detail: "so what it carried is neither resolved nor changed by this check", path: facts.path)
                : Diagnostic(
                    .note, "this change makes the file unreadable; the check reads it as the base has it",
                    detail: "so what it carried is neither resolved nor changed by this check", path: facts.path))
            return kept
        }
        return (facts, notes)
    }

    /// Head's facts with the machines that run Compose files (`.faultline.yaml` `hosts:`) taken
    /// from the base, as the rules are: a change cannot drop a machine, or the file it runs,
    /// from its own check and have that machine's exposures counted as resolved. A base host
    /// whose files the change renames follows head's host of the same name when head lists
    /// files that exist; one left without its files is an error (exit 2 under the
    /// `unreadable-file` rule). Hosts only head names are added: they widen what is checked.
    static func withBaseHosts(base: [FileFacts], head: [FileFacts]) -> (facts: [FileFacts], diagnostics: [Diagnostic], errors: [Diagnostic]) {
        let baseFile = base.first { $0.config != nil }
        let baseHosts = baseFile?.config?.hosts ?? []
        guard !baseHosts.isEmpty else { return (head, [], []) }
        var head = head
        let index = head.firstIndex { $0.config != nil } ?? -1
        let headHosts = index >= 0 ? head[index].config?.hosts ?? [] : []
        let composeFiles = Set(head.filter { $0.compose != nil }.map(\.path))
        let baseComposeFiles = Set(base.filter { $0.compose != nil }.map(\.path))
        func present(_ host: HostFact) -> Bool { host.compose.allSatisfy { composeFiles.contains(HostFact.repositoryPath($0)) } }
        let headByName = Dictionary(headHosts.map { ($0.name, $0) }, uniquingKeysWith: { first, _ in first })
        let configPath = baseFile?.path ?? ".faultline.yaml"
        var hosts: [HostFact] = []
        var errors: [Diagnostic] = []
        // The same host written on other lines of head's file is head's (its lines are head's).
        func same(_ a: HostFact, _ b: HostFact) -> Bool {
            var moved = b
            moved.line = a.line
            return a == moved
        }
        for host in baseHosts {
            if present(host) {
                hosts.append(headByName[host.name].flatMap { same($0, host) ? $0 : nil } ?? host)
            } else if let renamed = headByName[host.name], present(renamed) {
                hosts.append(renamed)
            } else {
                hosts.append(host)
                // Only what the base had: a file already missing there is the link's warning.
                let missing = host.compose.filter { path in
                    let path = HostFact.repositoryPath(path)
                    return !composeFiles.contains(path) && baseComposeFiles.contains(path)
                }
                guard !missing.isEmpty else { continue }
                errors.append(Diagnostic(
                    .error, "host \(host.name) runs \(missing.joined(separator: ", ")), which this change removes or renames",
                    detail: "the machines a check reads are the base's; list the files the host runs now under hosts: in .faultline.yaml, in this change",
                    path: configPath, line: host.line))
            }
        }
        let baseNames = Set(baseHosts.map(\.name))
        hosts += headHosts.filter { !baseNames.contains($0.name) }
        guard hosts != headHosts else { return (head, [], errors) }
        let notes = [Diagnostic(
            .note, "this change edits hosts: in .faultline.yaml; the check reads the base's machines (and any the change adds), the new list applies from the next change",
            path: index >= 0 ? head[index].path : configPath, line: index >= 0 ? head[index].config?.hosts.first?.line ?? 1 : 1)]
        if index >= 0 {
            head[index].config?.hosts = hosts
        } else if let baseFile {
            // The change deletes `.faultline.yaml`: its machines stay, alone.
            var config = RepoConfigFact()
            config.hosts = hosts
            var facts = FileFacts(path: baseFile.path)
            facts.config = config
            head.append(facts)
        }
        return (head, notes, errors)
    }

    /// The diagnostics of head's files and linking that base has too, in files the change does
    /// not touch (added, modified, deleted or renamed on either side).
    static func standingDiagnostics(base: [Diagnostic], head: [Diagnostic], changed: [TreeChange]) -> [Diagnostic] {
        let touched = Set(changed.flatMap { [$0.old?.path, $0.new?.path].compactMap { $0 } })
        let before = Set(base)
        return head.filter { diagnostic in
            guard let path = diagnostic.path, !touched.contains(path) else { return false }
            return before.contains(diagnostic)
        }
    }

    /// Notes on `.faultline.yaml`'s `ignore:`: how many files the applied list left out, so a
    /// list that leaves out everything is never silent; and, when the change edits the list,
    /// that the base's was applied, so a change cannot widen what its own check reads past.
    static func ignoreNotes(_ headFacts: [FileFacts], applied: IgnoredPaths, leftOut: Int, newHistory: Bool) -> [Diagnostic] {
        let file = headFacts.first { $0.config != nil }
        var notes: [Diagnostic] = []
        if leftOut > 0 {
            notes.append(Diagnostic(
                .note, "ignore: left out \(leftOut) file\(leftOut == 1 ? "" : "s") Faultline would read",
                detail: "patterns applied: \(applied.patterns.joined(separator: ", "))", path: file?.path ?? ".faultline.yaml",
                line: file?.config?.ignore.first?.line))
        }
        guard !newHistory else { return notes }
        guard let file, let config = file.config else {
            return notes + (applied.patterns.isEmpty ? [] : [Diagnostic(
                .note, "this change removes .faultline.yaml's ignore: list; the base's still applied to this check", path: ".faultline.yaml")])
        }
        guard config.ignore.map(\.name) != applied.patterns else { return notes }
        return notes + [Diagnostic(
            .note, "this change edits ignore:, which applies from the next change; the base's list applied to this check",
            detail: applied.patterns.isEmpty ? "the base ignores nothing" : "the base ignores \(applied.patterns.joined(separator: ", "))",
            path: file.path, line: config.ignore.first?.line ?? 1)]
    }

    /// An address of head that stopped reaching a Service the base reached with it.
    struct DanglingAddress: Hashable {
        let use: AddressUse
        /// The Service it reached in base, `namespace/name`: the one it names, when the change
        /// removes that Service; another, when the change moved the caller or the Service so
        /// that the same address names one that does not exist.
        let reached: String
    }

    /// The addresses of head naming no Service where base reached one: a Service the change
    /// removes (the frontend still calls `http://api:8080`), or the same address, in the same
    /// file and setting, now naming a Service that does not exist (the frontend moved to
    /// another namespace, where `api` is not). Each once, in path and line order.
    static func danglingAddresses(base: CommitAnalysis, head: CommitAnalysis) -> [DanglingAddress] {
        // One setting may hold several addresses (an Ingress's backends, a list in one env
        // value): only a setting holding one address on both sides is compared, and only when
        // it names the same Service in another namespace (the caller moved).
        func single(_ uses: [AddressUse]) -> [String: AddressUse] {
            let grouped = Dictionary(grouping: uses) { "\($0.path)\u{0}\($0.context)" }
            return grouped.compactMapValues { $0.count == 1 ? $0[0] : nil }
        }
        let before = single(base.linked.addresses), after = single(head.linked.addresses)
        func name(_ service: String) -> Substring { service.split(separator: "/").last ?? Substring(service) }
        var found: Set<DanglingAddress> = []
        for use in head.linked.addresses where !use.resolves {
            if base.topology[use.serviceID] != nil, head.topology[use.serviceID] == nil {
                found.insert(DanglingAddress(use: use, reached: use.service))
            } else if let earlier = before["\(use.path)\u{0}\(use.context)"], earlier.resolves, after["\(use.path)\u{0}\(use.context)"] == use,
                      earlier.service != use.service, name(earlier.service) == name(use.service)
            {
                found.insert(DanglingAddress(use: use, reached: earlier.service))
            }
        }
        return found.sorted { ($0.use.path, $0.use.line, $0.use.service) < ($1.use.path, $1.use.line, $1.use.service) }
    }

    /// The diagnostics without the linker's "routes to Service X, which is not in this
    /// repository" at a line the dangling warning speaks of: one warning a line.
    static func withoutDanglingRepeats(_ diagnostics: [Diagnostic], _ dangling: [DanglingAddress]) -> [Diagnostic] {
        guard !dangling.isEmpty else { return diagnostics }
        let lines = Set(dangling.map { "\($0.use.path)\u{0}\($0.use.line)" })
        return diagnostics.filter { diagnostic in
            guard diagnostic.severity == .warning, diagnostic.summary.hasSuffix(", which is not in this repository"),
                  let path = diagnostic.path, let line = diagnostic.line
            else { return true }
            return !lines.contains("\(path)\u{0}\(line)")
        }
    }

    static func danglingWarning(_ address: DanglingAddress) -> Diagnostic {
        let use = address.use
        let summary = address.reached == use.service
            ? "\(use.context) names Service \(use.service), which this change removes"
            : "\(use.context) names Service \(use.service), which does not exist; it reached \(address.reached) before this change"
        return Diagnostic(
            .warning, summary,
            detail: "the address reaches nothing in the repository now; exposures through that Service are not listed as resolved",
            path: use.path, line: use.line)
    }

    static func seconds(_ duration: Duration) -> Double {
        Double(duration.components.seconds) + Double(duration.components.attoseconds) / 1e18
    }

    /// The rules in force: the built-in pack, then `.faultline/policies/` of `commit`, then the
    /// `folder` given as `--policies`. Throws when any file has an error, naming the commit and
    /// what it is to the command (`role`), since that is where the fix has to go.
    static func policyPack(
        in repository: Repository, at commit: ObjectID?, role: PolicyFileErrors.Role, folder: String?
    ) throws(FaultlineError) -> PolicyPack {
        var pack = PolicyPack.builtin()
        pack.add(files: try repositoryPolicies(in: repository, at: commit, role: role))
        let repositoryErrors = pack.diagnostics.filter { $0.severity == .error }
        if let folder { pack.add(files: try folderPolicies(folder)) }
        guard pack.hasErrors else { return pack }
        throw .invalidPolicies(PolicyFileErrors(
            commit: commit?.short ?? "(empty tree)", role: role, repository: repositoryErrors,
            commandLine: Array(pack.diagnostics.filter { $0.severity == .error }.dropFirst(repositoryErrors.count)), folder: folder))
    }

    /// `.faultline/policies/*.yaml` of a commit, read from git objects. `role` is what the
    /// commit is to the command, for the error about a file that cannot be read.
    static func repositoryPolicies(
        in repository: Repository, at commit: ObjectID?, role: PolicyFileErrors.Role
    ) throws(FaultlineError) -> [(path: String, text: String)] {
        guard let commit else { return [] }
        do {
            var files: [(String, String)] = []
            // Only the policy folder is walked, not the whole tree a second time.
            for entry in try repository.files(of: commit, under: ".faultline/policies") where entry.kind == .file {
                guard let bytes = try repository.blob(entry.id).text else {
                    // A rule file that cannot be read must not silently leave its rules out.
                    throw FaultlineError.invalidPolicies(PolicyFileErrors(commit: commit.short, role: role, repository: [Diagnostic(
                        .error, "policy file is binary, a Git LFS pointer or too large, so its rules cannot be read", path: entry.path)]))
                }
                files.append((entry.path, String(decoding: bytes, as: UTF8.self)))
            }
            return files
        } catch let error as FaultlineError {
            throw error
        } catch let error as GitError {
            throw .git(error)
        } catch {
            throw .unreadablePolicies(".faultline/policies")
        }
    }

    /// The YAML files of a policy folder given on the command line.
    static func folderPolicies(_ folder: String) throws(FaultlineError) -> [(path: String, text: String)] {
        let manager = FileManager.default
        var isFolder: ObjCBool = false
        guard manager.fileExists(atPath: folder, isDirectory: &isFolder), isFolder.boolValue,
              let names = try? manager.contentsOfDirectory(atPath: folder) else {
            throw .unreadablePolicies(folder)
        }
        var files: [(String, String)] = []
        for name in names.sorted() where name.hasSuffix(".yaml") || name.hasSuffix(".yml") {
            let path = (folder as NSString).appendingPathComponent(name)
            guard let data = manager.contents(atPath: path) else { throw .unreadablePolicies(path) }
            files.append((path, String(decoding: data, as: UTF8.self)))
        }
        return files
    }
}
