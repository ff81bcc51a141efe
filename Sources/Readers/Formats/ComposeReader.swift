import Model

/// Reads Docker Compose files (`compose.yaml`, `docker-compose.yml`, and their overrides
/// `docker-compose.prod.yml`, `compose.override.yaml`): each service's image, the endpoints
/// its environment and command name, the ports it publishes and what it depends on. The
/// services join the topology only on the machines `.faultline.yaml` says run the file.
public struct ComposeReader: FileReader {
    public let name = "compose"
    public let version = 12

    public init() {}

    /// A build's context and its image's default name (`FOLDER-SERVICE`) come from the file's
    /// folder: files of one content in two folders build two images.
    public func cacheVariant(path: String) -> String {
        KustomizeRenderings.folder(of: path)
    }

    public func accepts(path: String) -> Bool {
        let name = path.fileName
        guard name.hasSuffix(".yaml") || name.hasSuffix(".yml") else { return false }
        return name.hasPrefix("docker-compose") || name.hasPrefix("compose.") || name == "compose.yaml" || name == "compose.yml"
    }

    public func read(path: String, bytes: [UInt8]) -> FileFacts {
        var facts = FileFacts(path: path)
        var loader = YAMLLoader()
        loader.keepsCollectionTags = true
        let loaded = loader.load(bytes, path: path)
        facts.diagnostics = loaded.diagnostics
        guard let root = loaded.documents.first?.root else {
            facts.compose = ComposeFact()
            return facts
        }
        var compose = ComposeFact()
        // `include: [other.yaml, {path: [a.yaml, b.yaml]}]`: files whose services join the project.
        for item in root["include"]?.items ?? [] {
            let paths = item.string != nil ? [item] : (item["path"].map { $0.string != nil ? [$0] : $0.items ?? [] } ?? [])
            for path in paths { if let text = path.string, !text.isEmpty { compose.includes.append(PathReference(path: text, line: path.line)) } }
        }
        // `configs: {NAME: {file: ./nginx.conf}}`: a file of the repository a service's `configs:`
        // puts in its container, as a bind mount does (`content:`, `environment:` and external
        // configs name no file; secrets are never read). Merged across the project's files.
        for entry in root["configs"]?.entries ?? [] {
            if let name = entry.key.string, let file = entry.value["file"], let text = file.string, !text.isEmpty {
                compose.configFiles.append(ComposeFact.Label(key: name, value: text, line: file.line))
            }
        }
        for entry in root["services"]?.entries ?? [] {
            guard let name = entry.key.string, entry.value.entries != nil || entry.value.isNull else { continue }
            // Compose's own rule for names; anything else (a line break, an escape sequence)
            // would be printed into reports as it is.
            guard Self.isServiceName(name) else {
                facts.diagnostics.append(Diagnostic(
                    .warning, "service name \(String(name.prefix(64)).debugDescription) is not one Compose accepts (letters, digits, '.', '_', '-'); the service is not read",
                    path: path, line: entry.key.line))
                continue
            }
            // Compose's merge tags: `!reset` drops what the earlier files say (of the service, or
            // of a key, whose value here is not read), `!override` replaces it instead of merging.
            if entry.value.writtenTag == "!reset" {
                var removed = ComposeFact.Service(name: name, line: entry.key.line)
                removed.merge = .reset
                compose.services.append(removed)
                continue
            }
            var node = entry.value
            var replacedKeys: [String] = []
            if let entries = node.entries, entries.contains(where: { Self.isMergeTag($0.value.writtenTag) }) {
                node.content = .mapping(entries.filter { entry in
                    guard let key = entry.key.string, Self.isMergeTag(entry.value.writtenTag) else { return true }
                    replacedKeys.append(key)
                    return entry.value.writtenTag == "!override"
                })
            }
            var service = Self.service(name, node, line: entry.key.line)
            service.replacedKeys = replacedKeys
            if entry.value.writtenTag == "!override" { service.merge = .override }
            service.configs = Self.configReferences(node["configs"])
            if let build = Self.build(of: node, service: &service, project: root["name"]?.string, path: path) {
                facts.localImages.append(build)
            }
            compose.services.append(service)
        }
        facts.compose = compose
        return facts
    }

    static func service(_ name: String, _ node: YAMLNode, line: Int) -> ComposeFact.Service {
        var service = ComposeFact.Service(name: name, line: line)
        if let image = node["image"], let reference = image.string, !reference.isEmpty {
            service.image = ImageMention(reference: reference, line: image.line)
        }
        // `env_file: .env.web`, a list of paths, or of `{path, required}`.
        if let envFile = node["env_file"] {
            for item in envFile.string != nil ? [envFile] : envFile.items ?? [] {
                if let path = item.string, !path.isEmpty {
                    service.envFiles.append(ComposeFact.EnvFile(path: path, line: item.line))
                } else if let path = item["path"]?.string, !path.isEmpty {
                    service.envFiles.append(ComposeFact.EnvFile(path: path, line: item.line, required: item["required"]?.string != "false"))
                }
            }
        }
        // `extends: web` (this file) or `extends: {service: web, file: common.yaml}`.
        if let extends = node["extends"] {
            if let name = extends.string, !name.isEmpty {
                service.extends = ComposeFact.Extends(service: name, file: nil, line: extends.line)
            } else if let name = extends["service"]?.string, !name.isEmpty {
                service.extends = ComposeFact.Extends(service: name, file: extends["file"]?.string, line: extends.line)
            }
        }
        if let profiles = node["profiles"] {
            service.profiles = (profiles.items ?? [profiles]).compactMap(\.string).filter { !$0.isEmpty }
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
            // `{db: {required: false}}` only warns when `db` is not there: not a need.
            let names = (dependencies.items ?? []).compactMap { item in item.string.map { ($0, item.line) } }
                + (dependencies.entries ?? []).compactMap { entry in
                    entry.value["required"]?.string == "false" ? nil : entry.key.string.map { ($0, entry.key.line) }
                }
            service.dependsOn += names.map { NamedReference(name: $0.0, line: $0.1) }
        }
        // `volumes:`: `SOURCE:TARGET[:MODE]`, or `{type: bind, source, target}`. A source that is a
        // path of the repository (`./`, `../`, or a variable giving one) is a bind mount; a
        // volume's name or a path on the machine (`/var/run/docker.sock`) is not the repository's.
        for volume in node["volumes"]?.items ?? [] {
            if let text = volume.string {
                let parts = Self.mountParts(text)
                guard parts.count >= 2, parts[0].hasPrefix(".") || parts[0].hasPrefix("$") else { continue }
                service.mounts.append(ComposeFact.Mount(source: parts[0], target: parts[1], line: volume.line))
            } else if var source = volume["source"]?.string, let target = volume["target"]?.string {
                let type = volume["type"]?.string
                // A long form's `type: bind` source is a path, relative to the project unless absolute.
                if type == "bind", !source.hasPrefix("."), !source.hasPrefix("/"), !source.hasPrefix("$"), !source.hasPrefix("~") {
                    source = "./" + source
                }
                guard type.map({ $0 == "bind" }) ?? true, source.hasPrefix(".") || source.hasPrefix("$") else { continue }
                service.mounts.append(ComposeFact.Mount(source: source, target: target, line: volume["source"]?.line ?? volume.line))
            }
        }
        // `labels:`, a mapping or a list of `KEY=VALUE`: those a reverse proxy routes by.
        func isProxyLabel(_ key: String) -> Bool { key.hasPrefix("traefik.") || key == "caddy" || key.hasPrefix("caddy.") || key.hasPrefix("caddy_") }
        for entry in node["labels"]?.entries ?? [] {
            guard let key = entry.key.string, isProxyLabel(key) else { continue }
            service.proxyLabels.append(ComposeFact.Label(key: key, value: entry.value.string ?? "", line: entry.key.line))
        }
        for item in node["labels"]?.items ?? [] {
            guard let text = item.string else { continue }
            let parts = text.split(separator: "=", maxSplits: 1, omittingEmptySubsequences: false)
            guard let key = parts.first.map(String.init), isProxyLabel(key) else { continue }
            service.proxyLabels.append(ComposeFact.Label(key: key, value: parts.count > 1 ? String(parts[1]) : "", line: item.line))
        }
        // `links: [db, "db:database"]`: the service before the colon.
        for link in node["links"]?.items ?? [] {
            guard let text = link.string, let name = text.split(separator: ":").first else { continue }
            service.dependsOn.append(NamedReference(name: String(name), line: link.line))
        }
        return service
    }

    /// A service's `build:` (a context folder, or `{context, dockerfile}`), relative to the
    /// file's folder, as an image built here: named by its `image:` when that is a bare name
    /// (no official image of that name is pulled instead: see `TopologyBuilder`) or says
    /// `pull_policy: build`, else — without an `image:` — by the name Compose gives it, `PROJECT-SERVICE` (the
    /// top-level `name:`, else the file's folder; `compose` for a file at the top, whose folder
    /// is the checkout's), which then becomes the service's image. Nil for a service that pulls
    /// an image from a registry, or builds from a remote context (a Git URL).
    static func build(of node: YAMLNode, service: inout ComposeFact.Service, project: String?, path: String) -> ImageBuild? {
        guard let build = node["build"], !build.isNull else { return nil }
        let written = build.string ?? build["context"]?.string ?? "."
        guard !written.contains("://"), !written.hasPrefix("git@"), !written.utf8.contains(0x24) else { return nil }
        let folder = KustomizeRenderings.folder(of: path)
        guard let context = KustomizeRenderings.resolve(written, from: folder) else { return nil }
        let dockerfile = build["dockerfile"]?.string.flatMap { KustomizeRenderings.resolve($0, from: context) }
        let name: String
        if let image = service.image?.reference {
            // Compose pulls a named image first and builds it only when the pull fails (unless
            // `pull_policy: build`): a bare name that is no official image has nothing to pull.
            let builds = node["pull_policy"]?.string == "build"
            guard !image.utf8.contains(0x24), ImageReference(parsing: image) != nil,
                  builds || ImageReference.isBareName(String(image.split(separator: "@")[0].split(separator: ":")[0]))
            else { return nil }
            name = String(image.split(separator: "@")[0].split(separator: ":")[0])
        } else {
            let project = (project ?? folder.split(separator: "/").last.map(String.init) ?? "compose").lowercased()
            name = "\(project.isEmpty ? "compose" : project)-\(service.name.lowercased())"
            service.image = ImageMention(reference: name, line: build.line)
        }
        var image = ImageBuild(image: name, context: context.isEmpty ? "." : context, dockerfile: dockerfile, line: build.line)
        // `args:` as a mapping or a list of `NAME=value`; a value naming a variable of the
        // machine is not known here and is left out.
        var arguments: [String: String] = [:]
        for entry in build["args"]?.entries ?? [] {
            if let key = entry.key.string, let value = entry.value.string, !value.utf8.contains(0x24) { arguments[key] = value }
        }
        for item in build["args"]?.items ?? [] {
            guard let text = item.string, let equals = text.firstIndex(of: "=") else { continue }
            let value = String(text[text.index(after: equals)...])
            if !value.utf8.contains(0x24) { arguments[String(text[..<equals])] = value }
        }
        if !arguments.isEmpty { image.arguments = arguments }
        return image
    }

    /// A service's `configs:` (`[NAME]` or `[{source: NAME, target: PATH}]`): mounts of the
    /// configs by name, at `/NAME` unless a target is given.
    static func configReferences(_ node: YAMLNode?) -> [ComposeFact.Mount] {
        (node?.items ?? []).compactMap { item in
            guard let name = item.string ?? item["source"]?.string, !name.isEmpty else { return nil }
            return ComposeFact.Mount(source: name, target: item["target"]?.string ?? "/" + name, line: item.line)
        }
    }

    /// A short volume entry's parts split at `:` outside `${…}` (a default, `${CONF:-./nginx}`,
    /// holds one).
    static func mountParts(_ text: String) -> [String] {
        var parts: [String] = [], current = "", depth = 0
        var previous: Character?
        for character in text {
            if character == "{", previous == "$" { depth += 1 }
            if character == "}", depth > 0 { depth -= 1 }
            if character == ":", depth == 0 {
                parts.append(current)
                current = ""
            } else {
                current.append(character)
            }
            previous = character
        }
        parts.append(current)
        return parts
    }

    static func isMergeTag(_ tag: String?) -> Bool { tag == "!reset" || tag == "!override" }

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
        // `${BIND_ADDRESS:-127.0.0.1}`: the machine's setting is not known, its default is taken.
        let address = ComposeInterpolation.interpolate(hostIP) { _ in nil }.text.trimmingCharacters(in: ["[", "]"])
        return !(address == "::1" || address == "localhost" || address.hasPrefix("127."))
    }
}
