import Model

extension OutageEngine {
    /// Explains every entrypoint a scenario took down, in either phase.
    ///
    /// One backward breadth-first search per phase from the roots (components whose sites
    /// failed) gives every down component its distance to the nearest root; each chain then
    /// walks forward to a neighbour one step closer, the one with the smallest id. That yields,
    /// for every entrypoint at once, a shortest chain, and among those the one whose ids come
    /// first step by step, in time proportional to the blast radius.
    ///
    /// Distances count two per hop, and a root down only because a SaaS it runs on is hosted
    /// in the failed domain starts at one instead of zero: of two chains of one length, the one
    /// ending at a component placed in the domain itself is shown — the bucket nginx proxies
    /// to in us-east-1, not Docker Hub's hosting there — while a shorter chain still wins.
    func explain(_ changes: Changes, in workspace: inout Workspace) -> [Explanation] {
        let served = measureServeDistances(changes, in: &workspace)
        let shipped = measureShipDistances(changes, in: &workspace)
        var explanations: [Explanation] = []
        for e in changes.down where index.isEntrypoint[e] {
            explanations.append(serveExplanation(of: e, workspace))
        }
        for e in changes.undeliverable where index.isEntrypoint[e] {
            explanations.append(deliverExplanation(of: e, workspace))
        }
        for c in served { workspace.serveDistance[c] = -1 }
        for c in shipped { workspace.shipDistance[c] = -1 }
        return explanations
    }

    /// Whether some serve requirement of `u` offers `v` and has no alternative up.
    private func serveFails(_ u: Int, through v: Int, _ workspace: Workspace) -> Bool {
        index.serve[u].contains { $0.contains(v) && !$0.contains { workspace.up[$0] } }
    }

    /// Whether some serve requirement of `u` offers `v` and has no alternative able to ship.
    private func shipFails(_ u: Int, through v: Int, _ workspace: Workspace) -> Bool {
        index.serve[u].contains { $0.contains(v) && !$0.contains { workspace.ship[$0] } }
    }

    /// Fills `serveDistance` for the components the scenario took down; returns those it set.
    private func measureServeDistances(_ changes: Changes, in workspace: inout Workspace) -> [Int] {
        let roots = changes.down.filter { !index.sitesHold($0, domainDown: workspace.domainDown) }
        // Direct roots first, so the queue stays in distance order.
        var queue = roots.filter { !isDownOnlyThroughSaaS($0, workspace) }
        for root in queue { workspace.serveDistance[root] = 0 }
        for root in roots where workspace.serveDistance[root] < 0 {
            workspace.serveDistance[root] = 1
            queue.append(root)
        }
        var next = 0
        while next < queue.count {
            let v = queue[next]
            next += 1
            for u in index.serveDependents[v]
            where workspace.serveDistance[u] < 0 && baselineUp[u] && !workspace.up[u] && serveFails(u, through: v, workspace) {
                workspace.serveDistance[u] = workspace.serveDistance[v] + 2
                queue.append(u)
            }
        }
        return queue
    }

    /// Whether every failed domain of a root's sites is a SaaS (down because it is hosted in
    /// the failed domain, not placed there).
    private func isDownOnlyThroughSaaS(_ root: Int, _ workspace: Workspace) -> Bool {
        var sawSaaS = false
        for site in index.sites[root] {
            for d in site where workspace.domainDown[d] {
                guard case .saas = graph.domains[d] else { return false }
                sawSaaS = true
            }
        }
        return sawSaaS
    }

    /// Fills `shipDistance` for the components the scenario stopped from shipping; returns
    /// those it set. A deliver hop lands on a serve chain, so distances start unevenly and
    /// two queues, each in distance order, are merged.
    private func measureShipDistances(_ changes: Changes, in workspace: inout Workspace) -> [Int] {
        var seeds: [(node: Int, distance: Int)] = []
        for u in changes.undeliverable {
            var best = Int.max
            for requirement in index.deliver[u] where !requirement.contains(where: { workspace.up[$0] }) {
                for a in requirement where workspace.serveDistance[a] >= 0 {
                    best = min(best, workspace.serveDistance[a] + 2)
                }
            }
            if best < Int.max {
                workspace.shipDistance[u] = best
                seeds.append((u, best))
            }
        }
        seeds.sort { ($0.distance, $0.node) < ($1.distance, $1.node) }
        var set = seeds.map(\.node)
        var relaxed: [(node: Int, distance: Int)] = []
        var s = 0
        var r = 0
        while s < seeds.count || r < relaxed.count {
            let item: (node: Int, distance: Int)
            if r >= relaxed.count || (s < seeds.count && seeds[s].distance <= relaxed[r].distance) {
                item = seeds[s]
                s += 1
            } else {
                item = relaxed[r]
                r += 1
            }
            // A node can be queued again with a shorter distance; the longer entry is stale.
            guard workspace.shipDistance[item.node] == item.distance else { continue }
            for u in index.serveDependents[item.node] where baselineShip[u] && !workspace.ship[u] {
                let current = workspace.shipDistance[u]
                guard current < 0 || item.distance + 2 < current, shipFails(u, through: item.node, workspace) else { continue }
                if current < 0 { set.append(u) }
                workspace.shipDistance[u] = item.distance + 2
                relaxed.append((u, item.distance + 2))
            }
        }
        return set
    }

    private func serveExplanation(of entrypoint: Int, _ workspace: Workspace) -> Explanation {
        var chain = [entrypoint]
        var hops: [Requirement.Phase] = []
        walkServe(from: entrypoint, chain: &chain, hops: &hops, workspace)
        return finish(entrypoint, .serve, chain, hops, workspace)
    }

    private func deliverExplanation(of entrypoint: Int, _ workspace: Workspace) -> Explanation {
        var chain = [entrypoint]
        var hops: [Requirement.Phase] = []
        var u = entrypoint
        var distance = workspace.shipDistance[u]
        while distance > 0 {
            // The smallest id one step closer, through a failed deliver requirement to a down
            // component or a failed serve requirement to one that cannot ship; on a tie of ids
            // the deliver hop wins, as it reaches the cause directly.
            var best: (node: Int, phase: Requirement.Phase)?
            for requirement in index.deliver[u] where !requirement.contains(where: { workspace.up[$0] }) {
                for a in requirement where workspace.serveDistance[a] == distance - 2 && (best.map { a < $0.node } ?? true) {
                    best = (a, .deliver)
                }
            }
            for requirement in index.serve[u] where !requirement.contains(where: { workspace.ship[$0] }) {
                for a in requirement where workspace.shipDistance[a] == distance - 2 && (best.map { a < $0.node } ?? true) {
                    best = (a, .serve)
                }
            }
            guard let step = best else { break }
            chain.append(step.node)
            hops.append(step.phase)
            u = step.node
            if step.phase == .deliver {
                walkServe(from: u, chain: &chain, hops: &hops, workspace)
                break
            }
            distance = workspace.shipDistance[u]
        }
        return finish(entrypoint, .deliver, chain, hops, workspace)
    }

    /// Extends a chain from a down component along serve hops to its nearest root.
    private func walkServe(from start: Int, chain: inout [Int], hops: inout [Requirement.Phase], _ workspace: Workspace) {
        var u = start
        var distance = workspace.serveDistance[u]
        while distance > 1 {
            var best: Int?
            for requirement in index.serve[u] where !requirement.contains(where: { workspace.up[$0] }) {
                for a in requirement where workspace.serveDistance[a] == distance - 2 && (best.map { a < $0 } ?? true) {
                    best = a
                }
            }
            guard let next = best else { return }
            chain.append(next)
            hops.append(.serve)
            u = next
            distance -= 2
        }
    }

    private func finish(
        _ entrypoint: Int, _ phase: Requirement.Phase, _ chain: [Int], _ hops: [Requirement.Phase], _ workspace: Workspace
    ) -> Explanation {
        let root = chain.last ?? entrypoint
        var domains: [Int] = []
        for site in index.sites[root] {
            for d in site where workspace.domainDown[d] { domains.append(d) }
        }
        domains.sort()
        var unique: [FailureDomain] = []
        for (i, d) in domains.enumerated() where i == 0 || domains[i - 1] != d { unique.append(graph.domains[d]) }
        return Explanation(
            entrypoint: index.ids[entrypoint], phase: phase, chain: chain.map { index.ids[$0] }, hops: hops, domains: unique)
    }
}
