import Model

/// Reads `.faultline.yaml` at the repository root (docs/configuration.md), checking every
/// field so a typo is a located diagnostic, never a silently ignored setting.
public struct RepoConfigReader: FileReader {
    public let name = "repo-config"
    public let version = 8
    public static let paths = [".faultline.yaml", ".faultline.yml"]

    public init() {}

    public func accepts(path: String) -> Bool { Self.paths.contains(path) }

    public func read(path: String, bytes: [UInt8]) -> FileFacts {
        var facts = FileFacts(path: path)
        let loaded = YAMLLoader().load(bytes, path: path)
        facts.diagnostics = loaded.diagnostics
        var config = RepoConfigFact()
        var checker = FieldChecker(path: path)
        if let root = loaded.documents.first?.root {
            if root.entries == nil, !root.isNull {
                checker.error("the file must be a mapping of sections", at: root.line)
            } else {
                checker.known(root, ["version", "clusters", "hosts", "stacks", "entrypoints", "owners", "dependencies", "accept", "ignore"])
                if let version = root["version"], version.int != 1 {
                    checker.error("version must be 1", at: version.line)
                }
                config.clusters = checker.list(root["clusters"], "clusters") { $0.cluster($1) }
                config.hosts = checker.list(root["hosts"], "hosts") { $0.host($1) }
                var names: Set<String> = []
                for host in config.hosts where !names.insert(host.name).inserted {
                    checker.error("host \(host.name) is declared twice", at: host.line)
                }
                config.stacks = checker.list(root["stacks"], "stacks") { $0.stack($1) }
                // CloudFormation names stacks per region: one name may be a stack in each.
                var stackNames: Set<[String]> = []
                for stack in config.stacks where !stackNames.insert([stack.name ?? stack.template, stack.region]).inserted {
                    checker.error("stack \(stack.name ?? stack.template) is declared twice in \(stack.region); give each stack of a region its own name", at: stack.line)
                }
                config.entrypoints = checker.list(root["entrypoints"], "entrypoints") { checker, node in
                    guard let id = node.string else {
                        checker.error("an entrypoint is a component id such as k8s:Ingress/web/ui", at: node.line)
                        return nil
                    }
                    return NamedReference(name: id, line: node.line)
                }
                config.owners = checker.list(root["owners"], "owners") { $0.owner($1) }
                config.dependencies = checker.list(root["dependencies"], "dependencies") { $0.dependency($1) }
                config.acceptances = checker.list(root["accept"], "accept") { $0.acceptance($1) }
                config.ignore = checker.list(root["ignore"], "ignore") { checker, node in
                    guard let pattern = node.string, !pattern.isEmpty else {
                        checker.error("an ignore entry is a path pattern such as **/testdata/** or docs/", at: node.line)
                        return nil
                    }
                    return NamedReference(name: pattern, line: node.line)
                }
            }
        }
        if loaded.documents.count > 1 {
            checker.warning(".faultline.yaml holds more than one document; only the first is read", at: loaded.documents[1].startLine)
        }
        facts.config = config
        facts.clusters = config.clusters
        facts.diagnostics += checker.diagnostics
        return facts
    }
}

/// Field-by-field validation with located messages.
struct FieldChecker {
    let path: String
    var diagnostics: [Diagnostic] = []

    mutating func error(_ message: String, at line: Int) {
        diagnostics.append(Diagnostic(.error, message, path: path, line: line))
    }

    mutating func warning(_ message: String, at line: Int) {
        diagnostics.append(Diagnostic(.warning, message, path: path, line: line))
    }

    /// Reports keys outside `allowed`: most likely typos, which must not pass silently.
    mutating func known(_ node: YAMLNode, _ allowed: [String]) {
        for entry in node.entries ?? [] {
            guard let key = entry.key.string, !allowed.contains(key) else { continue }
            error("unknown key '\(key)'; expected one of \(allowed.joined(separator: ", "))", at: entry.key.line)
        }
    }

    mutating func list<T>(_ node: YAMLNode?, _ name: String, _ item: (inout FieldChecker, YAMLNode) -> T?) -> [T] {
        guard let node, !node.isNull else { return [] }
        guard let items = node.items else {
            error("\(name) must be a list", at: node.line)
            return []
        }
        var result: [T] = []
        for node in items {
            if let value = item(&self, node) { result.append(value) }
        }
        return result
    }

    mutating func string(_ node: YAMLNode, _ key: String, required: Bool = true) -> String? {
        guard let value = node[key] else {
            if required { error("missing '\(key)'", at: node.line) }
            return nil
        }
        guard let text = value.string, !text.isEmpty else {
            error("'\(key)' must be a non-empty string", at: value.line)
            return nil
        }
        return text
    }

    mutating func strings(_ node: YAMLNode, _ key: String) -> [String] {
        guard let value = node[key], !value.isNull else { return [] }
        if let single = value.string { return [single] }
        guard let items = value.items else {
            error("'\(key)' must be a list of strings", at: value.line)
            return []
        }
        return items.compactMap { item in
            if let text = item.string { return text }
            error("'\(key)' must be a list of strings", at: item.line)
            return nil
        }
    }

    mutating func cluster(_ node: YAMLNode) -> ClusterFact? {
        known(node, ["name", "provider", "region", "zones", "namespaces", "paths"])
        guard let name = string(node, "name"), let provider = string(node, "provider"), let region = string(node, "region") else { return nil }
        let zones = strings(node, "zones")
        if zones.isEmpty {
            warning("cluster \(name) lists no zones, so its workloads are treated as running in one place: the region", at: node.line)
        }
        return ClusterFact(
            name: name, provider: provider, region: region, zones: zones,
            namespaces: strings(node, "namespaces"), paths: strings(node, "paths"), line: node.line)
    }

    /// `hosts: [{name: web-1, compose: [deploy/compose.yaml], provider: aws, region: us-east-1, zone: us-east-1a,
    /// env_file: [deploy/prod.env], environment: {TAG: "1.4"}, profiles: [workers]}]`.
    mutating func host(_ node: YAMLNode) -> HostFact? {
        known(node, ["name", "compose", "provider", "region", "zone", "env_file", "environment", "profiles"])
        guard let name = string(node, "name") else { return nil }
        guard name.utf8.allSatisfy({ $0 < 0x80 && (Character(UnicodeScalar($0)).isLetter || Character(UnicodeScalar($0)).isNumber || "-_.".utf8.contains($0)) }) else {
            error("a host name is letters, digits, '-', '_' and '.', not '\(name)'", at: node["name"]?.line ?? node.line)
            return nil
        }
        let compose = strings(node, "compose")
        guard !compose.isEmpty, !compose.contains(where: \.isEmpty) else {
            error(compose.isEmpty ? "host \(name) lists no compose files" : "host \(name) lists an empty compose path", at: node.line)
            return nil
        }
        let provider = string(node, "provider", required: false), region = string(node, "region", required: false)
        let zone = string(node, "zone", required: false)
        // A host placed wrongly would be checked in the wrong domains: it is left out instead.
        if region != nil, provider == nil {
            error("host \(name) has a region but no provider", at: node.line)
            return nil
        }
        if zone != nil, region == nil {
            error("host \(name) has a zone but no region", at: node.line)
            return nil
        }
        let envFiles = strings(node, "env_file")
        if envFiles.contains(where: \.isEmpty) { error("host \(name) lists an empty env_file path", at: node["env_file"]?.line ?? node.line) }
        var environment: [String: String] = [:]
        if let variables = node["environment"], !variables.isNull {
            if let entries = variables.entries {
                for entry in entries {
                    // A number or a boolean is its text, as the shell would hold it.
                    guard let key = entry.key.string, ComposeInterpolation.isVariableName(key), let value = entry.value.string ?? (entry.value.isNull ? "" : nil) else {
                        error("host \(name): environment entries are NAME: value, with a name of letters, digits and '_'", at: entry.key.line)
                        continue
                    }
                    environment[key] = value
                }
            } else {
                error("host \(name): 'environment' must be a mapping of variables to values", at: variables.line)
            }
        }
        return HostFact(
            name: name, compose: compose, provider: provider, region: region, zone: zone,
            envFiles: envFiles.filter { !$0.isEmpty }, environment: environment, profiles: strings(node, "profiles"), line: node.line)
    }

    /// `stacks: [{template: infra/ui.yaml, region: us-east-1, name: weave-ui, parameters: {Env: prod}}]`.
    mutating func stack(_ node: YAMLNode) -> StackFact? {
        known(node, ["template", "name", "region", "parameters"])
        guard let template = string(node, "template"), let region = string(node, "region") else { return nil }
        let name = string(node, "name", required: false)
        if let name, !name.utf8.allSatisfy({ $0 < 0x80 && (Character(UnicodeScalar($0)).isLetter || Character(UnicodeScalar($0)).isNumber || $0 == 0x2D) }) {
            error("a stack name is letters, digits and '-', as CloudFormation's are, not '\(name)'", at: node["name"]?.line ?? node.line)
            return nil
        }
        var parameters: [String: String] = [:]
        if let values = node["parameters"], !values.isNull {
            if let entries = values.entries {
                for entry in entries {
                    guard let key = entry.key.string, let value = entry.value.string ?? entry.value.items.map({ $0.compactMap(\.string).joined(separator: ",") }) else {
                        error("stack parameters are NAME: value (a list is joined with commas, as CloudFormation does)", at: entry.key.line)
                        continue
                    }
                    parameters[key] = value
                }
            } else {
                error("'parameters' must be a mapping of parameter names to values", at: values.line)
            }
        }
        return StackFact(template: template, name: name, region: region, parameters: parameters, line: node.line)
    }

    mutating func owner(_ node: YAMLNode) -> PathOwner? {
        known(node, ["component", "paths"])
        guard let component = string(node, "component") else { return nil }
        let paths = strings(node, "paths")
        if paths.isEmpty { error("owner \(component) lists no paths", at: node.line) }
        return PathOwner(component: component, paths: paths, line: node.line)
    }

    mutating func dependency(_ node: YAMLNode) -> DeclaredDependency? {
        known(node, ["component", "endpoint", "phase"])
        guard let component = string(node, "component"), let endpoint = string(node, "endpoint") else { return nil }
        let phase = string(node, "phase", required: false) ?? "serve"
        guard phase == "serve" || phase == "deliver" else {
            error("phase must be serve or deliver, not '\(phase)'", at: node["phase"]?.line ?? node.line)
            return nil
        }
        return DeclaredDependency(component: component, endpoint: endpoint, phase: phase, line: node.line)
    }

    mutating func acceptance(_ node: YAMLNode) -> Acceptance? {
        known(node, ["rule", "entrypoint", "scenario", "reason", "expires"])
        guard let rule = string(node, "rule"), let scenario = string(node, "scenario") else { return nil }
        let entrypoint = string(node, "entrypoint", required: false) ?? "*"
        guard let reason = string(node, "reason") else {
            return nil
        }
        guard let expires = string(node, "expires") else { return nil }
        guard Self.isDate(expires) else {
            error("expires must be a date that exists, written YYYY-MM-DD, not '\(expires)'", at: node["expires"]?.line ?? node.line)
            return nil
        }
        return Acceptance(rule: rule, entrypoint: entrypoint, scenario: scenario, reason: reason, expires: expires, line: node.line)
    }

    /// Whether a text is a `YYYY-MM-DD` day that exists. Expiry is compared as text, so a
    /// 30 February would pass silently as the end of February; it is a typo to report.
    static func isDate(_ text: String) -> Bool {
        let parts = text.split(separator: "-", omittingEmptySubsequences: false)
        guard parts.count == 3, parts[0].count == 4, parts[1].count == 2, parts[2].count == 2,
              let year = Int(parts[0]), let month = Int(parts[1]), let day = Int(parts[2]),
              year >= 2000, (1...12).contains(month) else { return false }
        let leap = year % 4 == 0 && (year % 100 != 0 || year % 400 == 0)
        let monthLengths = [31, leap ? 29 : 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31]
        return (1...monthLengths[month - 1]).contains(day)
    }
}
