import Model

/// The scenarios a check runs against both commits.
///
/// ``covering(_:catalog:pairs:)`` builds the suite of docs/design.md §1: one scenario per
/// domain of the topologies (so base and head face the same suite), where a topology's domains
/// are those its components are sited in *and everything those fail together with* — a
/// workload in `zone:aws/us-east-1/us-east-1a` brings the scenarios `region:aws/us-east-1` and
/// `provider:aws`, a SaaS brings the domains the catalog hosts it in. Pairs are off unless
/// asked for.
public struct OutageSuite: Hashable, Sendable, Codable {
    /// Which pairs of domains to add as scenarios, and at most how many.
    public struct PairSelection: Hashable, Sendable, Codable {
        /// Pairs are formed between domains whose kinds are both in this set.
        public var kinds: Set<FailureDomain.Kind>
        /// The most pairs to add; the first ones in id order are kept.
        public var maxCount: Int

        public init(kinds: Set<FailureDomain.Kind>, maxCount: Int) {
            self.kinds = kinds
            self.maxCount = maxCount
        }

        /// No pairs: the default.
        public static let none = PairSelection(kinds: [], maxCount: 0)
    }

    /// The scenarios, singles first, each group in id order, without repeats.
    public let scenarios: [Scenario]

    public init(scenarios: some Sequence<Scenario>) {
        // Sorting on precomputed ids: comparing scenarios builds both ids every time.
        self.scenarios = Set(scenarios)
            .map { (key: ($0.targets.count, $0.id), scenario: $0) }
            .sorted { $0.key < $1.key }
            .map(\.scenario)
    }

    /// The suite for comparing `topologies` (normally base and head).
    ///
    /// A pair is added only when neither domain already fails together with the other (a zone
    /// and its own region would repeat the region's scenario).
    public static func covering(
        _ topologies: [Topology], catalog: Catalog = .empty, pairs: PairSelection = .none
    ) -> OutageSuite {
        let sited = Set(topologies.flatMap(\.domains))
        let graph = DomainGraph(domains: sited, catalog: catalog)
        var domains = Set<FailureDomain>()
        for domain in sited { domains.formUnion(graph.closure(of: domain)) }
        let sorted = domains.sortedByID()
        var scenarios = sorted.map { Scenario($0) }
        guard pairs.maxCount > 0 else { return OutageSuite(scenarios: scenarios) }
        let candidates = sorted.filter { pairs.kinds.contains($0.kind) }
        var added = 0
        outer: for (i, first) in candidates.enumerated() {
            let related = Set(graph.down(when: [first])).union(graph.closure(of: first))
            for second in candidates[(i + 1)...] {
                if added >= pairs.maxCount { break outer }
                if related.contains(second) { continue }
                scenarios.append(Scenario(pair: first, second))
                added += 1
            }
        }
        return OutageSuite(scenarios: scenarios)
    }
}
