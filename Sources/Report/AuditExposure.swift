import Model

/// One exposure as the audit names it: a rule of the policy pack that selects an
/// (entrypoint, scenario, phase) that is down, with the chain and the line behind it.
public struct AuditExposure: Hashable, Sendable, Codable, Comparable {
    /// The finding's stable fingerprint (rule, entrypoint, scenario, phase): the same id
    /// `faultline check` reports, so an audit and a check speak of the same thing.
    public let fingerprint: String
    public let rule: String
    public let severity: Diagnostic.Severity
    public let entrypoint: String
    public let scenario: String
    /// The scenario's kind: `region`, `service`, `saas`, `zone`, …
    public let kind: String
    public let phase: String
    /// Entrypoint → … → the component whose every site or alternative is down.
    public let chain: [String]
    /// The most specific line behind the chain, when known.
    public let path: String?
    public let line: Int?

    public init(
        fingerprint: String, rule: String, severity: Diagnostic.Severity, entrypoint: String, scenario: String, kind: String,
        phase: String, chain: [String], path: String?, line: Int?
    ) {
        self.fingerprint = fingerprint
        self.rule = rule
        self.severity = severity
        self.entrypoint = entrypoint
        self.scenario = scenario
        self.kind = kind
        self.phase = phase
        self.chain = chain
        self.path = path
        self.line = line
    }

    /// `path:line`, or the path alone, or empty.
    public var location: String {
        guard let path else { return "" }
        return line.map { "\(path):\($0)" } ?? path
    }

    /// Errors first, then by scenario, entrypoint, phase and rule: worst first, and stable.
    public static func < (a: AuditExposure, b: AuditExposure) -> Bool {
        if a.severity != b.severity { return a.severity > b.severity }
        if a.scenario != b.scenario { return a.scenario < b.scenario }
        if a.entrypoint != b.entrypoint { return a.entrypoint < b.entrypoint }
        if a.phase != b.phase { return a.phase > b.phase }
        return a.rule < b.rule
    }
}
