import BuiltinPolicies
import Model
import Readers

/// The rules in force: the built-in pack, then each added source overriding by rule id.
public struct PolicyPack: Sendable {
    public private(set) var rules: [Rule]
    public private(set) var diagnostics: [Diagnostic] = []

    public init(rules: [Rule]) {
        self.rules = rules
    }

    /// The pack compiled into the binary from `Policies/rules/`.
    public static func builtin() -> PolicyPack {
        var pack = PolicyPack(rules: [])
        pack.add(files: BuiltinPolicies.files(under: "rules/").map { ("Policies/\($0.path)", $0.contents) })
        return pack
    }

    /// Adds the rules of YAML files, in order; a rule whose id exists replaces it.
    public mutating func add(files: [(path: String, text: String)]) {
        for (path, text) in files where path.hasSuffix(".yaml") || path.hasSuffix(".yml") {
            let (loaded, problems) = PolicyFileReader.read(path: path, bytes: Array(text.utf8))
            diagnostics += problems
            for rule in loaded {
                if let index = rules.firstIndex(where: { $0.id == rule.id }) { rules[index] = rule } else { rules.append(rule) }
            }
        }
    }

    /// The rule with an id, if the pack has it.
    public func rule(_ id: String) -> Rule? { rules.first { $0.id == id } }

    /// Whether any loaded file had an error: such a pack must not be used to pass a check.
    public var hasErrors: Bool { diagnostics.contains { $0.severity == .error } }

    /// A warning for each acceptance naming a rule that no rule in force has, such as a misspelt
    /// id: it covers nothing, which would otherwise only show when the risk it was meant for
    /// fails a check. `defaultPath` locates the acceptances of `.faultline.yaml`.
    public func unknownRuleWarnings(for acceptances: [Acceptance], defaultPath: String) -> [Diagnostic] {
        let known = rules.filter(\.selectsExposures).map(\.id)
        return acceptances.filter { !known.contains($0.rule) }.map { acceptance in
            Diagnostic(
                .warning, "acceptance names rule '\(acceptance.rule)', which no rule in force has, so it covers nothing",
                detail: "rules an acceptance can name: \(known.joined(separator: ", "))",
                path: acceptance.path ?? defaultPath, line: acceptance.line)
        }
    }

    /// Whether the file that defined `rule` has an error. Such a rule is not in force: a field
    /// the reader refused took its default (a misspelt severity reads as `error`), so the rule
    /// is not what its file says, and no check runs with it.
    public func isInvalid(_ rule: Rule) -> Bool {
        // `source` is `path:line`.
        guard let colon = rule.source.lastIndex(of: ":") else { return false }
        let path = String(rule.source[..<colon])
        return diagnostics.contains { $0.severity == .error && $0.path == path }
    }
}

/// Reads one policy file into rules, with a located diagnostic for every bad field.
enum PolicyFileReader {
    static let kinds: Set<String> = Set(FailureDomainKindNames.all + ["pair"])

    static func read(path: String, bytes: [UInt8]) -> ([Rule], [Diagnostic]) {
        let loaded = YAMLLoader().load(bytes, path: path)
        var diagnostics = loaded.diagnostics
        func error(_ message: String, _ line: Int) { diagnostics.append(Diagnostic(.error, message, path: path, line: line)) }
        guard let root = loaded.documents.first?.root else { return ([], diagnostics) }
        for entry in root.entries ?? [] where !["version", "rules"].contains(entry.key.string ?? "") {
            error("unknown key '\(entry.key.string ?? "?")'; a policy file has version and rules", entry.key.line)
        }
        if let version = root["version"], version.int != 1 { error("version must be 1", version.line) }
        guard let items = root["rules"]?.items else {
            error("a policy file needs a list under rules:", root.line)
            return ([], diagnostics)
        }
        var rules: [Rule] = []
        let allowed = ["id", "description", "severity", "change", "phase", "kinds", "message", "placedMessage", "enabled"]
        for item in items {
            for entry in item.entries ?? [] where !allowed.contains(entry.key.string ?? "") {
                error("unknown key '\(entry.key.string ?? "?")' in a rule; expected one of \(allowed.joined(separator: ", "))", entry.key.line)
            }
            guard let id = item["id"]?.string, !id.isEmpty else {
                error("a rule needs an id", item.line)
                continue
            }
            let enabled = item["enabled"]?.bool ?? true
            if let value = item["enabled"], value.bool == nil { error("enabled must be true or false", value.line) }
            var severity = Diagnostic.Severity.error
            if let value = item["severity"] {
                if let parsed = value.string.flatMap(Diagnostic.Severity.init(rawValue:)) { severity = parsed } else {
                    error("severity must be error, warning or note", value.line)
                }
            } else if enabled {
                error("rule \(id) needs a severity", item.line)
            }
            var change = Rule.Change.added
            if let value = item["change"] {
                if let parsed = value.string.flatMap(Rule.Change.init(rawValue:)) { change = parsed } else { error("change must be added or any", value.line) }
            }
            var phase: Requirement.Phase?
            if let value = item["phase"] {
                if let parsed = value.string.flatMap(Requirement.Phase.init(rawValue:)) { phase = parsed } else { error("phase must be serve or deliver", value.line) }
            }
            var kinds: [String] = []
            if let value = item["kinds"] {
                for kind in value.items ?? [value] {
                    guard let name = kind.string, Self.kinds.contains(name) else {
                        error("unknown scenario kind '\(kind.string ?? "?")'; expected one of \(Self.kinds.sorted().joined(separator: ", "))", kind.line)
                        continue
                    }
                    kinds.append(name)
                }
            }
            let message = item["message"]?.string ?? "{entrypoint} is exposed to {scenario}"
            var placedMessage = Rule.defaultPlacedMessage
            if let value = item["placedMessage"] {
                if let text = value.string { placedMessage = text } else { error("placedMessage must be a string", value.line) }
            }
            rules.append(Rule(
                id: id, description: item["description"]?.string ?? "", severity: severity, change: change, phase: phase, kinds: kinds,
                message: message, placedMessage: placedMessage, enabled: enabled, source: "\(path):\(item.line)"))
        }
        return (rules, diagnostics)
    }
}

/// Scenario kind names as `Scenario.kindName` spells them.
enum FailureDomainKindNames {
    static let all = FailureDomain.Kind.allCases.map(\.rawValue)
}
