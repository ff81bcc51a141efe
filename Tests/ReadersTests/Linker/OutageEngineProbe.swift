import Model
import Simulation
@testable import Readers

/// Runs one scenario on a linked topology and splits its exposures by phase.
enum OutageEngineProbe {
    static func outcome(_ linked: LinkedTopology, _ scenario: String) -> (serve: [String], deliver: [String]) {
        guard let domain = FailureDomain(id: scenario) else { return (["bad scenario"], []) }
        let engine = OutageEngine(topology: linked.topology, catalog: Linker().correlations)
        let explanations = engine.outcome(of: Scenario(domain)).explanations
        return (explanations.filter { $0.phase == .serve }.map(\.entrypoint), explanations.filter { $0.phase == .deliver }.map(\.entrypoint))
    }
}
