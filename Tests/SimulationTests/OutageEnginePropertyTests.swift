import Foundation
import Model
import PropertyBased
import Testing
@testable import Simulation

@Suite struct OutageEnginePropertyTests {
    static let genes = Gen.int(in: 0...999).array(of: 1...90)
    static let allPairs = OutageSuite.PairSelection(kinds: Set(FailureDomain.Kind.allCases), maxCount: 400)

    /// Entrypoints down in a scenario, counting those already down in the baseline.
    static func downEntrypoints(_ assessment: Assessment, _ outcome: ScenarioOutcome, _ topology: Topology, _ phase: Requirement.Phase) -> Set<String> {
        let changed = phase == .serve ? outcome.down : outcome.undeliverable
        let baseline = phase == .serve ? assessment.baselineDown : assessment.baselineUndeliverable
        return Set(changed + baseline).intersection(topology.entrypoints)
    }

    @Test func blastRadiusAgreesWithNaiveEvaluation() async {
        await propertyCheck(count: 300, input: Self.genes) { genes in
            let random = RandomTopology(genes: genes)
            let topology = random.topology
            let suite = OutageSuite.covering([topology], catalog: RandomTopology.catalog, pairs: Self.allPairs)
            let engine = OutageEngine(topology: topology, catalog: RandomTopology.catalog)
            let fast = engine.assess(suite, strategy: .blastRadius)
            let naive = engine.assess(suite, strategy: .naive)
            #expect(fast == naive, "\(random)")
        }
    }

    @Test func addingAnAlternativeNeverAddsAnExposure() async {
        await propertyCheck(count: 300, input: Self.genes, Gen.int(in: 0...10_000)) { genes, choice in
            let before = RandomTopology(genes: genes)
            guard let after = before.addingAlternative(choice: choice) else { return }
            let suite = OutageSuite.covering([before.topology, after.topology], catalog: RandomTopology.catalog, pairs: Self.allPairs)
            let old = OutageEngine(topology: before.topology, catalog: RandomTopology.catalog).assess(suite)
            let new = OutageEngine(topology: after.topology, catalog: RandomTopology.catalog).assess(suite)
            for (o, n) in zip(old.outcomes, new.outcomes) {
                for phase in Requirement.Phase.allCases {
                    let wasDown = Self.downEntrypoints(old, o, before.topology, phase)
                    let isDown = Self.downEntrypoints(new, n, after.topology, phase)
                    #expect(isDown.isSubset(of: wasDown), "\(phase) in \(o.scenario.id): \(before) → \(after)")
                }
            }
            // Exposures count against the baseline, so the only new ones can be of entrypoints
            // that were down even with nothing failed and that the alternative revived.
            let revived = Set(old.baselineDown).union(old.baselineUndeliverable)
            let added = Set(new.exposures).subtracting(old.exposures)
            #expect(added.allSatisfy { revived.contains($0.entrypoint) }, "\(added) from \(before) → \(after)")
            if old.baselineDown == new.baselineDown && old.baselineUndeliverable == new.baselineUndeliverable {
                #expect(added.isEmpty)
            }
        }
    }

    @Test func downingMoreDomainsNeverRevivesAComponent() async {
        await propertyCheck(count: 200, input: Self.genes) { genes in
            let topology = RandomTopology(genes: genes).topology
            let suite = OutageSuite.covering([topology], catalog: RandomTopology.catalog, pairs: Self.allPairs)
            let engine = OutageEngine(topology: topology, catalog: RandomTopology.catalog)
            let assessment = engine.assess(suite)
            var bySingle: [FailureDomain: ScenarioOutcome] = [:]
            for outcome in assessment.outcomes where outcome.scenario.targets.count == 1 {
                bySingle[outcome.scenario.targets[0]] = outcome
            }
            for outcome in assessment.outcomes {
                let downDomains = Set(engine.downDomains(in: outcome.scenario))
                // Every single scenario whose down domains this one includes must take down less.
                for (target, smaller) in bySingle where Set(engine.downDomains(in: smaller.scenario)).isSubset(of: downDomains) {
                    #expect(Set(smaller.down).isSubset(of: outcome.down), "\(target.id) ⊆ \(outcome.scenario.id)")
                    #expect(Set(smaller.undeliverable).isSubset(of: outcome.undeliverable), "\(target.id) ⊆ \(outcome.scenario.id)")
                }
            }
        }
    }

    @Test func evaluationIsDeterministicAndIgnoresInputOrder() async throws {
        await propertyCheck(count: 200, input: Self.genes, Gen.int(in: 0...100)) { genes, rotation in
            let random = RandomTopology(genes: genes)
            let reversed = Array(random.components.reversed())
            let k = rotation % reversed.count
            let shuffled = Array(reversed[k...] + reversed[..<k])
            let first = Topology(components: random.components)
            let second = Topology(components: shuffled)
            let suite = OutageSuite.covering([first], catalog: RandomTopology.catalog, pairs: Self.allPairs)
            let a = OutageEngine(topology: first, catalog: RandomTopology.catalog).assess(suite)
            let b = OutageEngine(topology: second, catalog: RandomTopology.catalog).assess(suite)
            let c = OutageEngine(topology: first, catalog: RandomTopology.catalog).assess(suite)
            #expect(a == b)
            #expect(a == c)
            let encoder = JSONEncoder()
            encoder.outputFormatting = [.sortedKeys]
            let bytesA = try encoder.encode(a)
            let bytesB = try encoder.encode(b)
            #expect(bytesA == bytesB)
        }
    }

    @Test func explanationsAreShortestChainsToFailedSites() async {
        await propertyCheck(count: 300, input: Self.genes) { genes in
            let random = RandomTopology(genes: genes)
            let topology = random.topology
            let suite = OutageSuite.covering([topology], catalog: RandomTopology.catalog, pairs: Self.allPairs)
            let engine = OutageEngine(topology: topology, catalog: RandomTopology.catalog)
            let assessment = engine.assess(suite)
            for outcome in assessment.outcomes {
                let downDomains = Set(engine.downDomains(in: outcome.scenario))
                let down = Set(outcome.down).union(assessment.baselineDown)
                let newlyDown = Set(outcome.down)
                for explanation in outcome.explanations {
                    #expect(explanation.chain.first == explanation.entrypoint)
                    #expect(explanation.hops.count == explanation.chain.count - 1)
                    #expect(!explanation.domains.isEmpty && explanation.domains.allSatisfy(downDomains.contains))
                    for (i, hop) in explanation.hops.enumerated() {
                        let linked = topology[explanation.chain[i]]?.requirements(hop).contains { $0.alternatives.contains(explanation.chain[i + 1]) }
                        #expect(linked == true, "\(explanation.chain) hop \(i)")
                    }
                    let shortest = Self.shortestChain(
                        from: explanation.entrypoint, phase: explanation.phase, topology, newlyDown: newlyDown, down: down,
                        newlyUnshippable: Set(outcome.undeliverable),
                        unshippable: Set(outcome.undeliverable).union(assessment.baselineUndeliverable), downDomains: downDomains)
                    #expect(explanation.chain.count == shortest, "\(explanation.phase) \(explanation.chain) in \(outcome.scenario.id): \(random)")
                }
            }
        }
    }

    /// Length, in components, of the shortest chain from `start` to a component whose own
    /// sites fail, found by a plain forward search over (component, phase) states: in the
    /// deliver phase a failed serve requirement leads to a component that cannot ship, a failed
    /// deliver requirement to a down component; in the serve phase a failed serve requirement
    /// leads to a down component. Missing components count as down and unable to ship.
    static func shortestChain(
        from start: String, phase: Requirement.Phase, _ topology: Topology, newlyDown: Set<String>, down: Set<String>,
        newlyUnshippable: Set<String>, unshippable: Set<String>, downDomains: Set<FailureDomain>
    ) -> Int {
        struct State: Hashable {
            let id: String
            let phase: Requirement.Phase
        }
        func sitesFail(_ c: Component) -> Bool {
            guard !c.sites.isEmpty else { return false }
            return c.sites.filter { $0.domains.allSatisfy { !downDomains.contains($0) } }.count < max(c.needed, 1)
        }
        func failed(_ r: Requirement, _ set: Set<String>) -> Bool {
            r.alternatives.allSatisfy { set.contains($0) || topology[$0] == nil }
        }
        var frontier = [State(id: start, phase: phase)]
        var seen = Set(frontier)
        var length = 1
        while !frontier.isEmpty {
            var next: [State] = []
            for state in frontier {
                guard let c = topology[state.id] else { continue }
                var successors: [State] = []
                switch state.phase {
                case .serve:
                    if sitesFail(c) { return length }
                    for r in c.requirements(.serve) where failed(r, down) {
                        successors += r.alternatives.filter(newlyDown.contains).map { State(id: $0, phase: .serve) }
                    }
                case .deliver:
                    for r in c.requirements(.deliver) where failed(r, down) {
                        successors += r.alternatives.filter(newlyDown.contains).map { State(id: $0, phase: .serve) }
                    }
                    for r in c.requirements(.serve) where failed(r, unshippable) {
                        successors += r.alternatives.filter(newlyUnshippable.contains).map { State(id: $0, phase: .deliver) }
                    }
                }
                for successor in successors where seen.insert(successor).inserted { next.append(successor) }
            }
            frontier = next
            length += 1
        }
        return 0
    }
}
