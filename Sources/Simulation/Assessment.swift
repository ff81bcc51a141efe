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
    /// One per scenario, in scenario order.
    public let outcomes: [ScenarioOutcome]

    public init(baselineDown: [String], baselineUndeliverable: [String], outcomes: [ScenarioOutcome]) {
        self.baselineDown = baselineDown
        self.baselineUndeliverable = baselineUndeliverable
        // Sorting on precomputed ids: comparing scenarios builds both ids every time.
        self.outcomes = outcomes
            .map { (key: ($0.scenario.targets.count, $0.scenario.id), outcome: $0) }
            .sorted { $0.key < $1.key }
            .map(\.outcome)
    }

    /// Every exposure, sorted.
    public var exposures: [Exposure] {
        // Outcomes are in scenario order and exposures order by scenario first, so the
        // concatenation is already sorted.
        outcomes.flatMap(\.exposures)
    }

    /// The outcome of a scenario, if the suite had it.
    public func outcome(of scenario: Scenario) -> ScenarioOutcome? {
        // Outcomes are sorted by scenario, so a binary search finds it.
        var low = 0
        var high = outcomes.count
        while low < high {
            let middle = (low + high) / 2
            if outcomes[middle].scenario < scenario { low = middle + 1 } else { high = middle }
        }
        guard low < outcomes.count, outcomes[low].scenario == scenario else { return nil }
        return outcomes[low]
    }

    /// The explanation of an exposure, if this assessment has it.
    public func explanation(of exposure: Exposure) -> Explanation? {
        guard let explanations = outcome(of: exposure.scenario)?.explanations else { return nil }
        // Ordered by phase, then entrypoint (see ``ScenarioOutcome/explanations``): a binary
        // search, since every exposure of a scenario taking down thousands of entrypoints asks.
        var low = 0, high = explanations.count
        while low < high {
            let middle = (low + high) / 2
            let candidate = explanations[middle]
            let before = candidate.phase != exposure.phase ? candidate.phase < exposure.phase : candidate.entrypoint < exposure.entrypoint
            if before { low = middle + 1 } else { high = middle }
        }
        if low < explanations.count, explanations[low].entrypoint == exposure.entrypoint, explanations[low].phase == exposure.phase {
            return explanations[low]
        }
        assert(!explanations.contains { $0.entrypoint == exposure.entrypoint && $0.phase == exposure.phase }, "explanations are in order")
        return nil
    }
}
