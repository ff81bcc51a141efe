import Git
import Model
import Readers
import Simulation

/// One commit read and linked: its facts, topology and configuration.
public struct CommitAnalysis: Sendable {
    /// Nil for the empty tree (the base of a new history).
    public let commit: ObjectID?
    public let facts: [FileFacts]
    public let linked: LinkedTopology

    public var topology: Topology { linked.topology }
}

/// The pipeline facade: revision → facts → topology → assessment (docs/design.md §5).
public final class Analyzer {
    public let repository: Repository
    public let reader: CommitReader
    public let linker: Linker

    public init(
        repository: Repository, linker: Linker = Linker(), persistent: FactCache? = nil, blobLimit: Int = Repository.defaultBlobLimit
    ) {
        self.repository = repository
        self.reader = CommitReader(repository: repository, blobLimit: blobLimit, persistent: persistent)
        self.linker = linker
    }

    /// Opens the repository at `path`; with `cacheVersion`, facts are also kept across runs in
    /// the repository's fact cache, invalidated by that (Faultline's) version. Files over
    /// `blobLimit` bytes are not read.
    public convenience init(path: String, cacheVersion: String? = nil, blobLimit: Int = Repository.defaultBlobLimit) throws(FaultlineError) {
        let repository: Repository
        do {
            repository = try Repository(at: path)
        } catch {
            throw .git(error)
        }
        self.init(
            repository: repository, persistent: cacheVersion.map { FactCache(repository: repository, toolVersion: $0) }, blobLimit: blobLimit)
    }

    /// Resolves a revision, as a repository problem when it fails.
    public func resolve(_ revision: String) throws(FaultlineError) -> ObjectID {
        do {
            return try repository.resolveCommit(revision)
        } catch {
            throw .git(error)
        }
    }

    /// Reads and links one commit (nil: the empty tree), leaving out the files `ignoring`
    /// names — by default, those of the commit's own `.faultline.yaml`.
    public func analyze(_ commit: ObjectID?, ignoring: IgnoredPaths? = nil) throws(FaultlineError) -> CommitAnalysis {
        do {
            if let ignoring {
                reader.ignoring = ignoring
            } else {
                reader.ignoring = try reader.ignoreList(of: commit)
            }
            let facts = try reader.facts(of: commit)
            return CommitAnalysis(commit: commit, facts: facts, linked: linker.link(facts, commit: commit?.hex))
        } catch {
            throw .git(error)
        }
    }

    /// Runs the outage suite of the given topologies (normally base and head) against each.
    public func assess(_ analyses: [CommitAnalysis], scenarios: [String] = []) throws(FaultlineError) -> (OutageSuite, [Assessment]) {
        let correlations = linker.correlations
        var suite = OutageSuite.covering(analyses.map(\.topology), catalog: correlations)
        if !scenarios.isEmpty {
            // A domain the topologies do not use still makes a scenario when the catalog has it
            // (its outage takes nothing down); one neither knows is a typo, not a clean result.
            let used = Set(suite.scenarios.flatMap(\.targets))
            var chosen: [Scenario] = []
            for id in scenarios {
                guard let domain = FailureDomain(id: id) else { throw .unknownScenario(id) }
                if !used.contains(domain), let reason = unknownToCatalog(domain) {
                    throw .scenarioNotFound(id, reason: reason)
                }
                chosen.append(Scenario(domain))
            }
            suite = OutageSuite(scenarios: chosen)
        }
        // Each commit's suite runs on its own core.
        let chosenSuite = suite
        let assessments = analyses.map(\.topology).concurrentMap { topology in
            OutageEngine(topology: topology, catalog: correlations).assess(chosenSuite)
        }
        return (suite, assessments)
    }

    /// Why the catalog does not have a domain, or nil when it does. Hosts and unknown
    /// placements come only from topologies, so the catalog never has them.
    private func unknownToCatalog(_ domain: FailureDomain) -> String? {
        switch domain.kind {
        case .host, .unknown: "the catalog does not list \(domain.kind.rawValue) domains"
        default: linker.catalog.unknownReference(in: domain.id)
        }
    }
}
