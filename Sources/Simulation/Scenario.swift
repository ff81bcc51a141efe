import Model

/// An outage to simulate: one target domain taken down, or a pair taken down together.
///
/// Everything that fails together with a target is down too (see ``DomainGraph``). A
/// scenario's id is its target's id, or the two ids joined by `+` for a pair; domain ids never
/// contain `+`, so ids are unambiguous.
public struct Scenario: Hashable, Sendable, Codable, Comparable, CustomStringConvertible {
    /// The targets, sorted; one or two of them.
    public let targets: [FailureDomain]

    /// A scenario taking down one domain.
    public init(_ target: FailureDomain) {
        self.targets = [target]
    }

    /// A scenario taking down two domains at once.
    public init(pair first: FailureDomain, _ second: FailureDomain) {
        self.targets = [first, second].sorted()
    }

    /// The target's id, or both ids joined by `+`.
    public var id: String { targets.map(\.id).joined(separator: "+") }

    /// The target's kind, or `nil` for a pair.
    public var kind: FailureDomain.Kind? { targets.count == 1 ? targets[0].kind : nil }

    /// The kind as reports and policies spell it: the domain kind, or `pair`.
    public var kindName: String { kind?.rawValue ?? "pair" }

    /// Single scenarios come before pairs; within each, scenarios order by id.
    public static func < (lhs: Scenario, rhs: Scenario) -> Bool {
        if lhs.targets.count != rhs.targets.count { return lhs.targets.count < rhs.targets.count }
        return lhs.id < rhs.id
    }

    public var description: String { id }
}
