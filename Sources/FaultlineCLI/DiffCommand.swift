import ArgumentParser
import Faultline
import Foundation
import Report

/// `faultline diff`: what a change did to the topology, with file:line, and nothing else.
struct DiffCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "diff",
        abstract: "Show what a change did to the topology: components, requirements, sites and entrypoints added, removed or changed.",
        discussion: "Base and head are chosen as for `faultline check`. Lines: + added, - removed, ~ changed."
    )

    @Option(name: .long, help: "A folder inside the repository to read.")
    var repo: String = "."

    @Option(name: .long, help: "The commit to compare against (default: detected as for check).")
    var base: String?

    @Option(name: .long, help: "The commit to show (default: HEAD).")
    var head: String?

    @Option(name: .long, help: "Output format: text or json.")
    var format: DiffFormat = .text

    enum DiffFormat: String, ExpressibleByArgument {
        case text, json
    }

    func run() throws {
        let changes: TopologyChanges
        do {
            changes = try TopologyChanges.compute(CheckRequest(
                repo: repo, base: base, head: head, environment: ProcessInfo.processInfo.environment, today: Today.string()))
        } catch {
            throw error.exit()
        }
        switch format {
        case .text:
            let lines = TopologyChangeText.lines(changes.diff, limit: .max)
            print("Topology changes from \(changes.base.commit?.short ?? "the empty tree") (\(changes.baseSource)) to \(changes.head.commit?.short ?? "?"):")
            print(lines.isEmpty ? "  none" : lines.map { "  \($0)" }.joined(separator: "\n"))
        case .json:
            let encoder = JSONEncoder()
            encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
            let data = (try? encoder.encode(changes.diff)) ?? Data("{}".utf8)
            print(String(decoding: data, as: UTF8.self))
        }
    }
}
