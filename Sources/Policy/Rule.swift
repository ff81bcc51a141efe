import Model

/// A policy rule: which exposures it selects and how serious a finding about them is.
public struct Rule: Hashable, Sendable, Codable {
    /// Which exposures a rule looks at.
    public enum Change: String, Hashable, Sendable, Codable {
        /// Only exposures the change introduces.
        case added
        /// Every exposure of the head commit.
        case any
    }

    public var id: String
    public var description: String
    public var severity: Diagnostic.Severity
    public var change: Change
    /// Nil selects both phases.
    public var phase: Requirement.Phase?
    /// Scenario kinds as `Scenario.kindName` spells them; empty selects every kind.
    public var kinds: [String]
    /// With `{entrypoint}`, `{scenario}`, `{kind}`, `{phase}`, `{root}` placeholders.
    public var message: String
    /// The message for an entrypoint that is itself placed in the failing domain (its chain
    /// is the entrypoint alone), where "it newly depends on {root}" would name the entrypoint
    /// as its own dependency. Same placeholders.
    public var placedMessage: String
    public var enabled: Bool
    /// Where the rule was defined, for `policies list` and located errors.
    public var source: String

    public init(
        id: String, description: String, severity: Diagnostic.Severity, change: Change = .added, phase: Requirement.Phase? = nil,
        kinds: [String] = [], message: String, placedMessage: String = Rule.defaultPlacedMessage, enabled: Bool = true,
        source: String = ""
    ) {
        self.id = id
        self.description = description
        self.severity = severity
        self.change = change
        self.phase = phase
        self.kinds = kinds
        self.message = message
        self.placedMessage = placedMessage
        self.enabled = enabled
        self.source = source
    }

    /// `placedMessage` when a rule file does not give one: it reads right for every kind.
    public static let defaultPlacedMessage = "{entrypoint} now goes down when {scenario} fails: it is itself placed there"

    /// The rule whose findings report expired acceptances rather than exposures.
    public static let expiredAcceptance = "expired-acceptance"
    /// The rule deciding whether a changed file that cannot be read fails the check (`error`,
    /// exit 2) or is only reported (`warning`).
    public static let unreadableFile = "unreadable-file"

    /// Whether the rule judges exposures (every rule but the two above).
    public var selectsExposures: Bool { id != Self.expiredAcceptance && id != Self.unreadableFile }

    /// Whether an exposure of this scenario kind and phase falls under the rule.
    public func selects(kind: String, phase exposurePhase: Requirement.Phase) -> Bool {
        guard enabled, selectsExposures else { return false }
        if let phase, phase != exposurePhase { return false }
        return kinds.isEmpty || kinds.contains(kind)
    }

    /// The message with its placeholders filled in; an unknown placeholder stays as written.
    public func message(_ values: [String: String]) -> String {
        Self.fill(message, with: values)
    }

    /// `placedMessage` with its placeholders filled in.
    public func placedMessage(_ values: [String: String]) -> String {
        Self.fill(placedMessage, with: values)
    }

    private static func fill(_ message: String, with values: [String: String]) -> String {
        // One pass over the template: a value that itself contains `{scenario}` is not expanded
        // again, and the result cannot depend on the dictionary's per-process order.
        var text = ""
        var rest = message[...]
        while let open = rest.firstIndex(of: "{") {
            text += rest[..<open]
            guard let close = rest[open...].firstIndex(of: "}"), let value = values[String(rest[rest.index(after: open)..<close])] else {
                text.append("{")
                rest = rest[rest.index(after: open)...]
                continue
            }
            text += value
            rest = rest[rest.index(after: close)...]
        }
        return text + rest
    }
}
