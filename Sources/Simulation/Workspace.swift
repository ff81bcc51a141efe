/// Scratch state reused across the scenarios of one run, so a scenario costs what it touches.
struct Workspace {
    /// Domains down in the current scenario; all false between scenarios.
    var domainDown: [Bool]
    /// Which components serve; the baseline between scenarios.
    var up: [Bool]
    /// Which components can ship a fix; the baseline between scenarios.
    var ship: [Bool]
    /// Shortest serve-chain length to a root, or -1; reset after each scenario.
    var serveDistance: [Int]
    /// Shortest deliver-chain length to a root, or -1; reset after each scenario.
    var shipDistance: [Int]

    init(components: Int, domains: Int) {
        domainDown = [Bool](repeating: false, count: domains)
        up = [Bool](repeating: true, count: components)
        ship = [Bool](repeating: true, count: components)
        serveDistance = [Int](repeating: -1, count: components)
        shipDistance = [Int](repeating: -1, count: components)
    }
}
