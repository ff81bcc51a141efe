import Model

/// An entrypoint that is down in a scenario, in a phase: what findings are made of.
///
/// `serve`: users cannot be served during that outage. `deliver`: a fix cannot be shipped
/// during it. Exposures order by scenario, then entrypoint, then phase.
public struct Exposure: Hashable, Sendable, Codable, Comparable, CustomStringConvertible {
    public let entrypoint: String
    public let scenario: Scenario
    public let phase: Requirement.Phase

    public init(entrypoint: String, scenario: Scenario, phase: Requirement.Phase) {
        self.entrypoint = entrypoint
        self.scenario = scenario
        self.phase = phase
    }

    public static func < (lhs: Exposure, rhs: Exposure) -> Bool {
        if lhs.scenario != rhs.scenario { return lhs.scenario < rhs.scenario }
        if lhs.entrypoint != rhs.entrypoint { return lhs.entrypoint < rhs.entrypoint }
        return lhs.phase < rhs.phase
    }

    /// The stable fingerprint of a finding of `rule` about this exposure (see ``Fingerprint``).
    public func fingerprint(rule: String) -> String {
        Fingerprint.make(rule: rule, entrypoint: entrypoint, scenario: scenario.id, phase: phase)
    }

    public var description: String { "\(entrypoint) in \(scenario.id) (\(phase.rawValue))" }
}
