/// One place a component can run or serve from: the set of domains it needs there.
///
/// A site is up in a scenario when none of its domains is down. A pod that may land in
/// `us-east-1a` has the site `{zone:aws/us-east-1/us-east-1a}`; a bucket has
/// `{service:aws/us-east-1/s3}`. An empty site needs nothing and is never down.
public struct Site: Hashable, Sendable, Codable, Comparable, ExpressibleByArrayLiteral, CustomStringConvertible {
    /// The domains, sorted and without repeats.
    public let domains: [FailureDomain]

    public init(_ domains: some Sequence<FailureDomain>) {
        let given = Array(domains)
        self.domains = given.count == 1 ? given : Set(given).sortedByID()
    }

    public init(arrayLiteral elements: FailureDomain...) {
        self.init(elements)
    }

    /// Ordered by the lists of ids, so a component's sites print stably.
    public static func < (lhs: Site, rhs: Site) -> Bool {
        lhs.domains.lexicographicallyPrecedes(rhs.domains)
    }

    public var description: String { "{" + domains.map(\.id).joined(separator: ", ") + "}" }
}
