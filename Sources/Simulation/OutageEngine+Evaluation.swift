import Model

extension OutageEngine {
    /// Takes down, from the baseline, what the down domains make unsupported, visiting only the
    /// components sited in them and those transitively requiring what goes down.
    func evaluateBlastRadius(downDomains: [Int], in workspace: inout Workspace) -> Changes {
        var pending: [Int] = []
        for d in downDomains { pending.append(contentsOf: index.sitedIn[d]) }
        var down: [Int] = []
        while let c = pending.popLast() {
            guard workspace.up[c] else { continue }
            if index.sitesHold(c, domainDown: workspace.domainDown) && index.serveHolds(c, up: workspace.up) { continue }
            workspace.up[c] = false
            down.append(c)
            pending.append(contentsOf: index.serveDependents[c])
        }
        // Shipping changes only where a deliver alternative went down, then spreads to what
        // serves from a component that can no longer ship.
        for c in down { pending.append(contentsOf: index.deliverDependents[c]) }
        var undeliverable: [Int] = []
        while let c = pending.popLast() {
            guard workspace.ship[c] else { continue }
            if index.shipHolds(c, up: workspace.up, ship: workspace.ship) { continue }
            workspace.ship[c] = false
            undeliverable.append(c)
            pending.append(contentsOf: index.serveDependents[c])
        }
        return Changes(down: down.sorted(), undeliverable: undeliverable.sorted())
    }

    /// Solves both fixed points over every component, starting from everything up.
    static func fixNaively(_ index: EngineIndex, _ workspace: inout Workspace) {
        let all = 0..<index.count
        for c in all {
            workspace.up[c] = true
            workspace.ship[c] = true
        }
        var changed = true
        while changed {
            changed = false
            for c in all where workspace.up[c] {
                if index.sitesHold(c, domainDown: workspace.domainDown) && index.serveHolds(c, up: workspace.up) { continue }
                workspace.up[c] = false
                changed = true
            }
        }
        changed = true
        while changed {
            changed = false
            for c in all where workspace.ship[c] && !index.shipHolds(c, up: workspace.up, ship: workspace.ship) {
                workspace.ship[c] = false
                changed = true
            }
        }
    }
}
