import Model

/// The result of running an outage suite against one topology.
///
/// The *baseline* is the topology with nothing failed. Components down there (a requirement on
/// a component nobody declares, more sites needed than declared) are listed once in
/// ``baselineDown`` and ``baselineUndeliverable`` rather than blamed on every scenario, and are
/// not exposures: no outage is what takes them down, and the topology's diagnostics say why.
public struct Assessment: Hashable, Sendable, Codable {
    /// Components down with nothing failed, sorted.
    public let baselineDown: [String]
    /// Components that cannot ship a fix with nothing failed, sorted.
    public let baselineUndeliverable: [String]
    /// One per scenario of the suite, in suite order.
    public let outcomes: [ScenarioOutcome]

    public init(baselineDown: [String], baselineUndeliverable: [String], outcomes: [ScenarioOutcome]) {
        self.baselineDown = baselineDown
        self.baselineUndeliverable = baselineUndeliverable
        self.outcomes = outcomes
    }

    /// Every exposure, sorted.
    public var exposures: [Exposure] { outcomes.flatMap(\.exposures).sorted() }

    /// The outcome of a scenario, if the suite had it.
    public func outcome(of scenario: Scenario) -> ScenarioOutcome? {
        outcomes.first { $0.scenario == scenario }
    }

    /// The explanation of an exposure, if this assessment has it.
    public func explanation(of exposure: Exposure) -> Explanation? {
        outcome(of: exposure.scenario)?.explanations.first {
            $0.entrypoint == exposure.entrypoint && $0.phase == exposure.phase
        }
    }
}
