import ArgumentParser
import Faultline
import Report

/// `faultline topology`: what Faultline understood a commit to describe.
struct TopologyCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "topology",
        abstract: "Print the topology a revision describes: components, where they run, what they need.",
        discussion: "Formats: text (default), json, dot (Graphviz), mermaid. Diagnostics about files Faultline could not read or link are printed with the text format and included in json."
    )

    @Option(name: .long, help: "A folder inside the repository to read.")
    var repo: String = "."

    @Option(name: .long, help: "Output format: text, json, dot or mermaid.")
    var format: TopologyRenderer.Format = .text

    @Argument(help: "The revision to read.")
    var revision: String = "HEAD"

    func run() throws {
        do {
            let analyzer = try Analyzer(path: repo)
            let analysis = try analyzer.analyze(try analyzer.resolve(revision))
            print(TopologyRenderer.render(analysis.topology, commit: analysis.commit?.hex, format: format), terminator: "")
        } catch {
            throw error.exit()
        }
    }
}

extension TopologyRenderer.Format: ExpressibleByArgument {}
