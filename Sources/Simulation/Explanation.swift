import Model

/// Why an entrypoint is down in a scenario: the shortest chain from it to a root component
/// whose sites are down, and the domains that took those sites down.
///
/// `chain[0]` is the entrypoint and `chain.last` the root; `hops[i]` is the phase of the
/// requirement leading from `chain[i]` to `chain[i + 1]`, so `hops.count == chain.count - 1`.
/// Every hop goes through a requirement none of whose alternatives survived. Among chains of
/// the shortest length the one whose ids come first, step by step, is chosen.
///
/// For the `serve` phase every hop is a `serve` requirement. For the `deliver` phase the chain
/// follows `serve` requirements to a component that cannot ship, then one `deliver` hop to a
/// component that is down, then `serve` hops to the root.
public struct Explanation: Hashable, Sendable, Codable {
    public let entrypoint: String
    public let phase: Requirement.Phase
    public let chain: [String]
    public let hops: [Requirement.Phase]
    /// The down domains named by the root's failed sites, sorted.
    public let domains: [FailureDomain]

    public init(entrypoint: String, phase: Requirement.Phase, chain: [String], hops: [Requirement.Phase], domains: [FailureDomain]) {
        self.entrypoint = entrypoint
        self.phase = phase
        self.chain = chain
        self.hops = hops
        self.domains = domains
    }

    /// The component at the end of the chain.
    public var root: String { chain.last ?? entrypoint }
}
