import Model

/// What one scenario does to one topology, beyond what is already down with nothing failing.
public struct ScenarioOutcome: Hashable, Sendable, Codable {
    public let scenario: Scenario
    /// Components the scenario takes down (they serve in the baseline), sorted.
    public let down: [String]
    /// Components that could ship a fix in the baseline and cannot in this scenario, sorted.
    public let undeliverable: [String]
    /// One per entrypoint in ``down`` (phase `serve`) and in ``undeliverable`` (phase
    /// `deliver`), ordered by phase then entrypoint.
    public let explanations: [Explanation]

    public init(scenario: Scenario, down: [String], undeliverable: [String], explanations: [Explanation]) {
        self.scenario = scenario
        self.down = down
        self.undeliverable = undeliverable
        self.explanations = explanations
    }

    /// The exposures of this scenario, in order.
    public var exposures: [Exposure] {
        explanations.map { Exposure(entrypoint: $0.entrypoint, scenario: scenario, phase: $0.phase) }.sorted()
    }
}
