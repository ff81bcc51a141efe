import Git
import Model
import Readers

/// What a change did to the topology, without running the outage suite: the `diff` command.
public struct TopologyChanges: Sendable {
    public let base: CommitAnalysis
    public let head: CommitAnalysis
    public let baseSource: String
    public let diff: TopologyDiff

    /// Resolves base and head as `check` does and compares their topologies.
    public static func compute(_ request: CheckRequest) throws(FaultlineError) -> TopologyChanges {
        let analyzer = try Analyzer(path: request.repo)
        let head = try analyzer.resolve(request.head ?? "HEAD")
        let choice = try BaseDetector.choose(in: analyzer.repository, head: head, explicit: request.base, environment: request.environment)
        // The base's `ignore:` for both, as `check` reads them.
        let ignoring: IgnoredPaths
        do {
            ignoring = try analyzer.reader.ignoreList(of: choice.commit)
        } catch {
            throw .git(error)
        }
        let baseAnalysis = try analyzer.analyze(choice.commit, ignoring: ignoring)
        let headAnalysis = try analyzer.analyze(head, ignoring: ignoring)
        return TopologyChanges(
            base: baseAnalysis, head: headAnalysis, baseSource: choice.source,
            diff: TopologyDiff(base: baseAnalysis.topology, head: headAnalysis.topology))
    }
}
