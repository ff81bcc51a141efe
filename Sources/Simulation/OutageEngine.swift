import Model

/// Decides what each outage of a suite does to one topology (docs/design.md §2).
///
/// **Serving.** A component is up when at least `needed` of its sites have no down domain and
/// every `serve` requirement has an alternative up. Cycles are solved as a greatest fixed
/// point: everything starts up and what is unsupported is taken down until nothing changes, so
/// a ring of mutual requirements stays up until something beneath it fails. `deliver`
/// requirements play no part in serving.
///
/// **Delivering.** A component *can ship a fix* when every `deliver` requirement has an
/// alternative that is up (serving) in the scenario, and every `serve` requirement has an
/// alternative that can ship a fix — a fix to an entrypoint may have to ship to anything it
/// serves from. This too is a greatest fixed point. Whether the deliver alternatives can
/// themselves ship does not matter: a CI system or a registry that is up can be used even if
/// its own pipeline is broken.
///
/// **Baseline.** Both questions are first answered with nothing failed. A scenario's outcome
/// lists what it changes against that baseline; see ``Assessment``.
///
/// **Cost.** ``Strategy/blastRadius`` starts from the baseline and re-evaluates only the
/// components sited in a down domain and, transitively, the components requiring those that go
/// down, through precomputed reverse indices. Because both fixed points are monotone in the set
/// of down domains, iterating down from the baseline reaches the same greatest fixed point as
/// starting from everything up. ``Strategy/naive`` re-evaluates every component until nothing
/// changes; it is kept to check and to measure the other against.
public struct OutageEngine: Sendable {
    /// How a scenario is evaluated; both give the same outcome.
    public enum Strategy: Sendable, Hashable {
        /// Only what transitively depends on the down domains; the default.
        case blastRadius
        /// Every component, until nothing changes.
        case naive
    }

    public let topology: Topology
    public let graph: DomainGraph
    let index: EngineIndex
    let baselineUp: [Bool]
    let baselineShip: [Bool]

    public init(topology: Topology, catalog: Catalog = .empty) {
        self.topology = topology
        self.graph = DomainGraph(domains: topology.domains, catalog: catalog)
        self.index = EngineIndex(topology: topology, graph: graph)
        var workspace = Workspace(components: index.count, domains: graph.domains.count)
        Self.fixNaively(index, &workspace)
        self.baselineUp = workspace.up
        self.baselineShip = workspace.ship
    }

    /// Components down with nothing failed, sorted.
    public var baselineDown: [String] { index.ids.indices.filter { !baselineUp[$0] }.map { index.ids[$0] } }

    /// Components that cannot ship a fix with nothing failed, sorted.
    public var baselineUndeliverable: [String] { index.ids.indices.filter { !baselineShip[$0] }.map { index.ids[$0] } }

    /// Runs every scenario of a suite.
    public func assess(_ suite: OutageSuite, strategy: Strategy = .blastRadius) -> Assessment {
        var workspace = makeWorkspace()
        let outcomes = suite.scenarios.map { evaluate($0, strategy: strategy, in: &workspace) }
        return Assessment(baselineDown: baselineDown, baselineUndeliverable: baselineUndeliverable, outcomes: outcomes)
    }

    /// Runs one scenario.
    public func outcome(of scenario: Scenario, strategy: Strategy = .blastRadius) -> ScenarioOutcome {
        var workspace = makeWorkspace()
        return evaluate(scenario, strategy: strategy, in: &workspace)
    }

    /// The domains down in a scenario, sorted.
    public func downDomains(in scenario: Scenario) -> [FailureDomain] {
        graph.down(when: scenario.targets)
    }

    private func makeWorkspace() -> Workspace {
        var workspace = Workspace(components: index.count, domains: graph.domains.count)
        workspace.up = baselineUp
        workspace.ship = baselineShip
        return workspace
    }

    /// Evaluates a scenario in a workspace holding the baseline, and leaves it holding the
    /// baseline again.
    private func evaluate(_ scenario: Scenario, strategy: Strategy, in workspace: inout Workspace) -> ScenarioOutcome {
        let downDomains = markDownDomains(scenario, in: &workspace)
        let changes: Changes
        switch strategy {
        case .blastRadius:
            changes = evaluateBlastRadius(downDomains: downDomains, in: &workspace)
        case .naive:
            Self.fixNaively(index, &workspace)
            changes = Changes(
                down: index.ids.indices.filter { baselineUp[$0] && !workspace.up[$0] },
                undeliverable: index.ids.indices.filter { baselineShip[$0] && !workspace.ship[$0] })
        }
        let explanations = explain(changes, in: &workspace)
        let outcome = ScenarioOutcome(
            scenario: scenario,
            down: changes.down.map { index.ids[$0] },
            undeliverable: changes.undeliverable.map { index.ids[$0] },
            explanations: explanations)
        for d in downDomains { workspace.domainDown[d] = false }
        for c in changes.down { workspace.up[c] = true }
        for c in changes.undeliverable { workspace.ship[c] = true }
        return outcome
    }
}

extension OutageEngine {
    /// Marks the domains a scenario takes down and returns them, unordered: the same set as
    /// ``DomainGraph/downIndices(when:)``, using the workspace's marks instead of a set.
    fileprivate func markDownDomains(_ scenario: Scenario, in workspace: inout Workspace) -> [Int] {
        var stack = scenario.targets.compactMap { graph.index(of: $0) }
        var marked: [Int] = []
        while let d = stack.popLast() {
            guard !workspace.domainDown[d] else { continue }
            workspace.domainDown[d] = true
            marked.append(d)
            stack.append(contentsOf: graph.children[d])
        }
        return marked
    }
}
