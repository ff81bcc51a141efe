import Model

/// Reads Docker Compose files (`compose.yaml`, `docker-compose.yml`, and their overrides
/// `docker-compose.prod.yml`, `compose.override.yaml`): each service's image, the endpoints
/// its environment and command name, the ports it publishes and what it depends on. The
/// services join the topology only on the machines `.faultline.yaml` says run the file.
public struct ComposeReader: FileReader {
    public let name = "compose"
    public let version = 1

    public init() {}

    public func accepts(path: String) -> Bool {
        let name = path.fileName
        guard name.hasSuffix(".yaml") || name.hasSuffix(".yml") else { return false }
        return name.hasPrefix("docker-compose") || name.hasPrefix("compose.") || name == "compose.yaml" || name == "compose.yml"
    }

    public func read(path: String, bytes: [UInt8]) -> FileFacts {
        var facts = FileFacts(path: path)
        let loaded = YAMLLoader().load(bytes, path: path)
        facts.diagnostics = loaded.diagnostics
        guard let root = loaded.documents.first?.root, let services = root["services"]?.entries else {
            facts.compose = ComposeFact()
            return facts
        }
        var compose = ComposeFact()
        for entry in services {
            guard let name = entry.key.string, entry.value.entries != nil || entry.value.isNull else { continue }
            // Compose's own rule for names; anything else (a line break, an escape sequence)
            // would be printed into reports as it is.
            guard Self.isServiceName(name) else {
                facts.diagnostics.append(Diagnostic(
                    .warning, "service name \(String(name.prefix(64)).debugDescription) is not one Compose accepts (letters, digits, '.', '_', '-'); the service is not read",
                    path: path, line: entry.key.line))
                continue
            }
            compose.services.append(Self.service(name, entry.value, line: entry.key.line))
        }
        facts.compose = compose
        return facts
    }

    static func service(_ name: String, _ node: YAMLNode, line: Int) -> ComposeFact.Service {
        var service = ComposeFact.Service(name: name, line: line)
        if let image = node["image"], let reference = image.string, !reference.isEmpty {
            service.image = ImageMention(reference: Self.withDefault(reference), line: image.line)
        }
        // `environment:` as a mapping, or a list of `KEY=value`; every key is kept, so a later
        // file setting it again replaces it.
        func variable(_ key: String, _ value: String, _ node: YAMLNode) {
            let mentions = value.isEmpty ? [] : KubernetesObject.lineMentions(value, node: node, context: "env \(key)")
            service.environment.append(ComposeFact.Variable(key: key, value: value, line: node.line, mentions: mentions))
        }
        if let environment = node["environment"] {
            for entry in environment.entries ?? [] {
                guard let key = entry.key.string else { continue }
                variable(key, entry.value.string ?? "", entry.value)
            }
            for item in environment.items ?? [] {
                guard let text = item.string else { continue }
                let equals = text.firstIndex(of: "=") ?? text.endIndex
                variable(String(text[..<equals]), equals < text.endIndex ? String(text[text.index(after: equals)...]) : "", item)
            }
        }
        for key in ["command", "entrypoint"] {
            guard let value = node[key] else { continue }
            service.setsCommand = true
            let parts = value.string.map { [$0] } ?? (value.items ?? []).compactMap(\.string)
            for part in parts where !part.isEmpty {
                service.commandMentions += KubernetesObject.lineMentions(part, node: value, context: key)
            }
        }
        for port in node["ports"]?.items ?? [] where service.published == nil {
            if Self.publishes(port) { service.published = port.line }
        }
        // On the machine's own network, every port it listens on is the machine's.
        if let mode = node["network_mode"], let text = mode.string {
            if text == "host", service.published == nil { service.published = mode.line }
            if text.hasPrefix("service:") { service.dependsOn.append(NamedReference(name: String(text.dropFirst("service:".count)), line: mode.line)) }
        }
        if let dependencies = node["depends_on"] {
            let names = (dependencies.items ?? []).compactMap { item in item.string.map { ($0, item.line) } }
                + (dependencies.entries ?? []).compactMap { entry in entry.key.string.map { ($0, entry.key.line) } }
            service.dependsOn += names.map { NamedReference(name: $0.0, line: $0.1) }
        }
        // `links: [db, "db:database"]`: the service before the colon.
        for link in node["links"]?.items ?? [] {
            guard let text = link.string, let name = text.split(separator: ":").first else { continue }
            service.dependsOn.append(NamedReference(name: String(name), line: link.line))
        }
        return service
    }

    /// A value that is one variable with a default (`${API_IMAGE:-ghcr.io/acme/api:1}`, also
    /// `${API_IMAGE-…}`) as its default, which Compose uses unless the machine sets the
    /// variable; any other text as written.
    static func withDefault(_ text: String) -> String {
        guard text.hasPrefix("${"), text.hasSuffix("}"), text.filter({ $0 == "$" }).count == 1,
              let separator = text.range(of: ":-") ?? text.range(of: "-") else { return text }
        let name = text[text.index(text.startIndex, offsetBy: 2)..<separator.lowerBound]
        guard !name.isEmpty, name.allSatisfy({ $0.isLetter || $0.isNumber || $0 == "_" }) else { return text }
        return String(text[separator.upperBound..<text.index(before: text.endIndex)])
    }

    /// Compose's rule for a service name: letters, digits, `.`, `_` and `-`, at most 255.
    static func isServiceName(_ name: String) -> Bool {
        !name.isEmpty && name.utf8.count <= 255
            && name.utf8.allSatisfy { ($0 >= 0x30 && $0 <= 0x39) || ($0 >= 0x41 && $0 <= 0x5A) || ($0 >= 0x61 && $0 <= 0x7A) || $0 == 0x2E || $0 == 0x5F || $0 == 0x2D }
    }

    /// Whether a `ports:` entry publishes on the machine's network: any short form (`80`,
    /// `8080:80`, `0.0.0.0:8080:80`) or long form (`{target: 80, published: 8080}`) not bound
    /// to a loopback address.
    static func publishes(_ port: YAMLNode) -> Bool {
        let hostIP: String?
        if let text = port.string {
            // `[::1]:8080:80`, `127.0.0.1:8080:80`: the part before the last two colons.
            let parts = text.split(separator: ":", omittingEmptySubsequences: false)
            hostIP = parts.count >= 3 ? parts.dropLast(2).joined(separator: ":") : nil
        } else if port.entries != nil {
            hostIP = port["host_ip"]?.string
        } else if port.int != nil {
            hostIP = nil
        } else {
            return false
        }
        guard let hostIP else { return true }
        let address = withDefault(hostIP).trimmingCharacters(in: ["[", "]"])
        return !(address == "::1" || address == "localhost" || address.hasPrefix("127."))
    }
}
