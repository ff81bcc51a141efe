/// The "fails together with" relation over a closed set of domains, indexed for fast lookups.
///
/// The set holds the domains it was built from, every domain the catalog mentions, and
/// everything those fail together with, transitively (a zone brings its region and provider).
/// Domains are numbered in id order, so index order is id order.
public struct DomainGraph: Hashable, Sendable {
    /// Every known domain, sorted by id; a domain's index is its position here.
    public let domains: [FailureDomain]
    /// Index → indices of the domains it fails together with directly.
    public let parents: [[Int]]
    /// Index → indices of the domains that fail together with it directly.
    public let children: [[Int]]
    private let indexByDomain: [FailureDomain: Int]

    public init(domains seed: some Sequence<FailureDomain>, catalog: Catalog = .empty) {
        var known = Set<FailureDomain>()
        var pending = Array(seed) + catalog.domains
        while let domain = pending.popLast() {
            guard known.insert(domain).inserted else { continue }
            pending.append(contentsOf: catalog.failsWith(domain))
        }
        let sorted = known.sortedByID()
        var index: [FailureDomain: Int] = [:]
        index.reserveCapacity(sorted.count)
        for (i, domain) in sorted.enumerated() { index[domain] = i }
        var parents = [[Int]](repeating: [], count: sorted.count)
        var children = [[Int]](repeating: [], count: sorted.count)
        for (i, domain) in sorted.enumerated() {
            for parent in catalog.failsWith(domain) {
                // Every parent was added to `known` above, so the lookup cannot miss.
                guard let p = index[parent] else { continue }
                parents[i].append(p)
                children[p].append(i)
            }
        }
        self.domains = sorted
        self.parents = parents
        self.children = children
        self.indexByDomain = index
    }

    /// The index of a domain, or `nil` when the graph does not know it.
    public func index(of domain: FailureDomain) -> Int? { indexByDomain[domain] }

    /// Whether the graph knows a domain.
    public func contains(_ domain: FailureDomain) -> Bool { indexByDomain[domain] != nil }

    /// Indices of the domains that are down when `targets` fail: each target and every domain
    /// whose fails-together closure contains one, in ascending order. Unknown targets are
    /// ignored.
    public func downIndices(when targets: some Sequence<FailureDomain>) -> [Int] {
        var seen = Set<Int>()
        var stack = targets.compactMap { indexByDomain[$0] }
        var result: [Int] = []
        while let i = stack.popLast() {
            guard seen.insert(i).inserted else { continue }
            result.append(i)
            stack.append(contentsOf: children[i])
        }
        return result.sorted()
    }

    /// The domains that are down when `targets` fail, sorted by id (see ``downIndices(when:)``).
    public func down(when targets: some Sequence<FailureDomain>) -> [FailureDomain] {
        downIndices(when: targets).map { domains[$0] }
    }

    /// `domain` and everything it fails together with, transitively, sorted by id.
    public func closure(of domain: FailureDomain) -> [FailureDomain] {
        guard let start = indexByDomain[domain] else { return [domain] }
        var seen = Set<Int>()
        var stack = [start]
        while let i = stack.popLast() {
            guard seen.insert(i).inserted else { continue }
            stack.append(contentsOf: parents[i])
        }
        return seen.sorted().map { domains[$0] }
    }
}
