import ArgumentParser
import Faultline
import Report

/// `faultline simulate`: the outage matrix of one commit.
struct SimulateCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "simulate",
        abstract: "Run the outage suite against one revision and print which entrypoints each outage takes down.",
        discussion: "Every failure domain the topology uses is taken down in turn (with everything that fails together with it). Scenarios that take nothing down are counted, not listed."
    )

    @Option(name: .long, help: "A folder inside the repository to read.")
    var repo: String = "."

    @Option(name: .customLong("scenario"), help: "Only this scenario (a domain id such as region:aws/us-east-1 that the catalog or the commit's topology has); repeatable.")
    var scenarios: [String] = []

    @Option(name: .long, help: "Output format: text or json.")
    var format: OutageMatrixRenderer.Format = .text

    @Argument(help: "The revision to read.")
    var revision: String = "HEAD"

    func run() throws {
        do {
            let analyzer = try Analyzer(path: repo)
            let analysis = try analyzer.analyze(try analyzer.resolve(revision))
            let (suite, assessments) = try analyzer.assess([analysis], scenarios: scenarios)
            print(OutageMatrixRenderer.render(assessments[0], suite: suite, topology: analysis.topology, format: format), terminator: "")
        } catch {
            throw error.exit()
        }
    }
}

extension OutageMatrixRenderer.Format: ExpressibleByArgument {}
