import Foundation
import Model
import Simulation

/// Renders one commit's assessment: for each scenario, the entrypoints it takes down.
public enum OutageMatrixRenderer {
    public enum Format: String, CaseIterable, Sendable {
        case text, json
    }

    public static func render(_ assessment: Assessment, suite: OutageSuite, topology: Topology, format: Format) -> String {
        switch format {
        case .text: text(assessment, topology: topology)
        case .json: json(assessment, suite: suite)
        }
    }

    static func text(_ assessment: Assessment, topology: Topology) -> String {
        let entrypoints = topology.entrypoints
        let scenarios = assessment.outcomes.count
        var out = "\(scenarios) scenario\(scenarios == 1 ? "" : "s") against \(entrypoints.count) entrypoint\(entrypoints.count == 1 ? "" : "s")\n"
        if !assessment.baselineDown.isEmpty {
            out += "\nDown with nothing failing (see the diagnostics of `faultline topology`): \(DisplayText.line(assessment.baselineDown.joined(separator: ", ")))\n"
        }
        var quiet = 0
        for outcome in assessment.outcomes {
            guard !outcome.explanations.isEmpty else {
                quiet += 1
                continue
            }
            out += "\n\(outcome.scenario.id)\n"
            for explanation in outcome.explanations {
                let verb = explanation.phase == .serve ? "down" : "cannot ship a fix"
                out += "  \(DisplayText.line(explanation.entrypoint)): \(verb)\n"
                out += "    \(DisplayText.line(chainText(explanation)))\n"
            }
        }
        out += "\n\(quiet) scenario\(quiet == 1 ? "" : "s") take\(quiet == 1 ? "s" : "") no entrypoint down.\n"
        return out
    }

    /// `a → b ⇢ c  (zone:…)`: serve hops as →, deliver hops as ⇢, then the domains at the root.
    public static func chainText(_ explanation: Explanation) -> String {
        var text = explanation.chain.first ?? explanation.entrypoint
        for (index, hop) in explanation.hops.enumerated() where index + 1 < explanation.chain.count {
            text += (hop == .serve ? " → " : " ⇢ ") + explanation.chain[index + 1]
        }
        if !explanation.domains.isEmpty {
            text += "  (in " + explanation.domains.map(\.id).joined(separator: ", ") + ")"
        }
        return text
    }

    static func json(_ assessment: Assessment, suite: OutageSuite) -> String {
        struct Document: Encodable {
            let schemaVersion = 1
            let scenarios: [String]
            let assessment: Assessment
        }
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        guard let data = try? encoder.encode(Document(scenarios: suite.scenarios.map(\.id), assessment: assessment)) else { return "{}\n" }
        return String(decoding: data, as: UTF8.self) + "\n"
    }
}
