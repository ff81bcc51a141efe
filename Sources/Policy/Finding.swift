import Model
import Simulation

/// A rule that matched an exposure: what the check reports (docs/design.md §1, §4).
public struct Finding: Hashable, Sendable, Codable {
    /// Where a finding points: a file, a line and the commit it was read from.
    public struct Location: Hashable, Sendable, Codable {
        public let path: String
        public let line: Int?
        public let commit: String?

        public init(path: String, line: Int?, commit: String?) {
            self.path = path
            self.line = line
            self.commit = commit
        }
    }

    /// The scenario as reports spell it.
    public struct ScenarioRef: Hashable, Sendable, Codable {
        public let id: String
        public let kind: String

        public init(id: String, kind: String) {
            self.id = id
            self.kind = kind
        }
    }

    /// Stable across edits and renames: made from rule, entrypoint, scenario and phase only.
    public let fingerprint: String
    public let rule: String
    public let severity: Diagnostic.Severity
    /// `added` (the change introduces it), `existing` (a `change: any` rule, present before
    /// too) or `resolved` (the change removes it).
    public let change: String
    public let phase: String
    public let entrypoint: String
    public let scenario: ScenarioRef
    /// Entrypoint → … → the component whose every site or alternative is down.
    public let chain: [String]
    /// The phase of each step of the chain (`hops[i]` leads from `chain[i]` to `chain[i + 1]`):
    /// `serve` (needs it to run) or `deliver` (needs it to ship a fix).
    public let hops: [Requirement.Phase]
    /// The lines behind the chain, most specific first: the line that adds the failing
    /// dependency, then the components along the chain.
    public let locations: [Location]
    public let message: String
    /// Whether a current acceptance in `.faultline.yaml` covers it; accepted findings never fail.
    public var accepted: Bool
    /// The accepted reason, when accepted.
    public var acceptance: String?
    /// For a finding that replaces a resolved one (the dependency moved), the old scenario.
    public let movedFrom: String?
    /// The domains that took the chain's root down.
    public let domains: [String]

    public init(
        rule: String, severity: Diagnostic.Severity, change: String, exposure: Exposure, chain: [String], hops: [Requirement.Phase] = [],
        locations: [Location], message: String, accepted: Bool = false, acceptance: String? = nil, movedFrom: String? = nil,
        domains: [String] = []
    ) {
        self.fingerprint = exposure.fingerprint(rule: rule)
        self.rule = rule
        self.severity = severity
        self.change = change
        self.phase = exposure.phase.rawValue
        self.entrypoint = exposure.entrypoint
        self.scenario = ScenarioRef(id: exposure.scenario.id, kind: exposure.scenario.kindName)
        self.chain = chain
        self.hops = hops
        self.locations = locations
        self.message = message
        self.accepted = accepted
        self.acceptance = acceptance
        self.movedFrom = movedFrom
        self.domains = domains
    }

    /// A finding about something other than an exposure (an expired acceptance).
    public init(rule: String, severity: Diagnostic.Severity, entrypoint: String, scenario: ScenarioRef, location: Location, message: String) {
        self.fingerprint = Fingerprint.make(rule: rule, entrypoint: entrypoint, scenario: scenario.id, phase: .serve)
        self.rule = rule
        self.severity = severity
        self.change = "existing"
        self.phase = "serve"
        self.entrypoint = entrypoint
        self.scenario = scenario
        self.chain = []
        self.hops = []
        self.locations = [location]
        self.message = message
        self.accepted = false
        self.acceptance = nil
        self.movedFrom = nil
        self.domains = []
    }

    /// The chain as one line, `a → b ⇢ c`: a step it needs to run as →, one it needs to ship a
    /// fix as ⇢ (as `faultline simulate` draws them); `name` spells each id.
    public func chainText(_ name: (String) -> String = { $0 }) -> String {
        var text = chain.first.map(name) ?? ""
        for index in chain.indices.dropFirst() {
            text += (index - 1 < hops.count && hops[index - 1] == .deliver ? " ⇢ " : " → ") + name(chain[index])
        }
        return text
    }

    /// Whether this finding fails the check.
    public var fails: Bool { severity == .error && !accepted && change != "resolved" }
}
