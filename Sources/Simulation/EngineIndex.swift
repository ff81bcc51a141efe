import Model

/// A topology renumbered for the engine: components and domains become array indices, and the
/// reverse edges the blast-radius evaluation walks are precomputed.
///
/// Component indices follow id order and domain indices follow ``DomainGraph`` order (also id
/// order), so sorting indices sorts ids.
struct EngineIndex: Sendable {
    let ids: [String]
    let isEntrypoint: [Bool]
    /// Component → its sites → the domain indices each site needs.
    let sites: [[[Int]]]
    /// Component → sites that must be up (at least 1).
    let needed: [Int]
    /// Component → serve requirements → alternative indices. Alternatives naming missing
    /// components are left out, so a requirement of only missing ones is empty and never holds.
    let serve: [[[Int]]]
    /// Component → deliver requirements → alternative indices, as for ``serve``.
    let deliver: [[[Int]]]
    /// Domain → components with a site naming it (the reverse index from domains).
    let sitedIn: [[Int]]
    /// Component → components with a serve requirement offering it as an alternative.
    let serveDependents: [[Int]]
    /// Component → components with a deliver requirement offering it as an alternative.
    let deliverDependents: [[Int]]

    init(topology: Topology, graph: DomainGraph) {
        let ids = topology.ids
        var position: [String: Int] = [:]
        position.reserveCapacity(ids.count)
        for (i, id) in ids.enumerated() { position[id] = i }
        var isEntrypoint = [Bool](repeating: false, count: ids.count)
        var sites = [[[Int]]](repeating: [], count: ids.count)
        var needed = [Int](repeating: 1, count: ids.count)
        var serve = [[[Int]]](repeating: [], count: ids.count)
        var deliver = [[[Int]]](repeating: [], count: ids.count)
        var sitedIn = [[Int]](repeating: [], count: graph.domains.count)
        var serveDependents = [[Int]](repeating: [], count: ids.count)
        var deliverDependents = [[Int]](repeating: [], count: ids.count)
        for id in topology.entrypoints {
            if let c = position[id] { isEntrypoint[c] = true }
        }
        // Looked up by id in place: a sorted copy of every component cost an allocation and a
        // release of each.
        for (c, id) in ids.enumerated() {
            guard let component = topology.components[id] else { continue }
            needed[c] = max(component.needed, 1)
            sites[c] = component.sites.map { site in site.domains.compactMap { graph.index(of: $0) } }
            for d in Self.sortedUnique(sites[c].flatMap { $0 }) { sitedIn[d].append(c) }
            for requirement in component.requirements {
                let alternatives = requirement.alternatives.compactMap { position[$0] }
                switch requirement.phase {
                case .serve:
                    serve[c].append(alternatives)
                    for a in alternatives { serveDependents[a].append(c) }
                case .deliver:
                    deliver[c].append(alternatives)
                    for a in alternatives { deliverDependents[a].append(c) }
                }
            }
        }
        self.ids = ids
        self.isEntrypoint = isEntrypoint
        self.sites = sites
        self.needed = needed
        self.serve = serve
        self.deliver = deliver
        self.sitedIn = sitedIn
        // Components are visited in index order, so each list is already sorted; a component
        // naming the same alternative twice appears twice in a row.
        self.serveDependents = serveDependents.map(Self.sortedUnique)
        self.deliverDependents = deliverDependents.map(Self.sortedUnique)
    }

    /// Sorted, without repeats, without hashing (the lists are short).
    static func sortedUnique(_ values: [Int]) -> [Int] {
        guard values.count > 1 else { return values }
        var result = values.sorted()
        var kept = 1
        for index in 1..<result.count where result[index] != result[kept - 1] {
            result[kept] = result[index]
            kept += 1
        }
        result.removeLast(result.count - kept)
        return result
    }

    var count: Int { ids.count }

    /// Whether at least `needed` sites of `c` have no down domain (always, with no sites).
    func sitesHold(_ c: Int, domainDown: [Bool]) -> Bool {
        let all = sites[c]
        if all.isEmpty { return true }
        var upCount = 0
        for site in all where !site.contains(where: { domainDown[$0] }) {
            upCount += 1
            if upCount >= needed[c] { return true }
        }
        return false
    }

    /// Whether every serve requirement of `c` has an alternative up.
    func serveHolds(_ c: Int, up: [Bool]) -> Bool {
        for requirement in serve[c] where !requirement.contains(where: { up[$0] }) { return false }
        return true
    }

    /// Whether `c` can ship a fix: every deliver requirement has an alternative up, and every
    /// serve requirement an alternative that can ship.
    func shipHolds(_ c: Int, up: [Bool], ship: [Bool]) -> Bool {
        for requirement in deliver[c] where !requirement.contains(where: { up[$0] }) { return false }
        for requirement in serve[c] where !requirement.contains(where: { ship[$0] }) { return false }
        return true
    }
}
