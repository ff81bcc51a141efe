import Model

/// Reads Helm values files, which Helm finds by name (`values.yaml` in a chart; by
/// convention `values-prod.yaml`, `prod.values.yaml`, `values.prod.yaml` beside it or in an
/// environment's folder). Faultline never renders a chart: the values' images, endpoints and
/// exposure settings stand for the release deployed with them (``HelmValuesFact``). A file
/// of that name holding Kubernetes objects is read as a manifest.
public struct HelmValuesReader: FileReader {
    public let name = "helm-values"
    public let version = 1

    public init() {}

    public func accepts(path: String) -> Bool {
        let name = path.fileName
        guard name.hasSuffix(".yaml") || name.hasSuffix(".yml") else { return false }
        let stem = name.hasSuffix(".yaml") ? name.dropLast(5) : name.dropLast(4)
        return stem == "values" || stem.hasPrefix("values-") || stem.hasPrefix("values.") || stem.hasPrefix("values_")
            || stem.hasSuffix("-values") || stem.hasSuffix(".values") || stem.hasSuffix("_values")
    }

    public func read(path: String, bytes: [UInt8]) -> FileFacts {
        var loader = YAMLLoader()
        loader.refusesTemplates = false
        let loaded = loader.load(bytes, path: path)
        if loaded.documents.contains(where: { $0.root["apiVersion"] != nil && $0.root["kind"] != nil }) {
            return KubernetesReader().read(path: path, bytes: bytes)
        }
        var facts = FileFacts(path: path)
        facts.diagnostics = loaded.diagnostics
        guard let root = loaded.documents.first?.root, root.entries != nil else { return facts }
        var values = HelmValuesFact()
        Self.collect(root, path: [], into: &values, recordingSettings: !Self.isChartDefaults(path))
        facts.helmValues = values
        return facts
    }

    /// Whether a values file is a chart's defaults (`values.yaml`), which the other values
    /// files of its folder are read over.
    public static func isChartDefaults(_ path: String) -> Bool {
        let name = path.fileName
        return name == "values.yaml" || name == "values.yml"
    }

    /// Walks the values, gathering images (under a key ending in `image` or `images`, or a
    /// mapping with both `repository` and `tag`), mentions, the settings deciding exposure,
    /// every `enabled:` and, for a file read over defaults, every scalar setting's path.
    static func collect(_ node: YAMLNode, path: [String], into values: inout HelmValuesFact, recordingSettings: Bool) {
        let setting = path.joined(separator: ".")
        if let entries = node.entries {
            let key = path.last ?? ""
            if let enabled = node["enabled"], let value = enabled.bool {
                values.switches.append(HelmValuesFact.Setting(setting: setting + ".enabled", value: value ? "true" : "false", line: enabled.line))
            }
            if isImageKey(key) || (node["repository"] != nil && node["tag"] != nil), let image = image(of: node, setting: setting) {
                values.images.append(image)
                if recordingSettings { values.settings.append(setting) }
                return
            }
            if let exposure = exposure(of: node, key: key, path: path) { values.exposures.append(exposure) }
            for entry in entries {
                guard let name = entry.key.string else { continue }
                collect(entry.value, path: path + [name], into: &values, recordingSettings: recordingSettings)
            }
            return
        }
        // A list replaces the defaults' list whole, as a scalar does.
        if recordingSettings { values.settings.append(setting) }
        if let items = node.items {
            for item in items { collect(item, path: path, into: &values, recordingSettings: false) }
        } else if let text = node.string, !text.isEmpty, !text.contains("{{") {
            let key = path.last ?? ""
            if isImageKey(key), let reference = imageReference(text) {
                values.images.append(HelmValuesFact.Image(setting: setting, reference: reference, line: node.line))
            } else {
                values.mentions += KubernetesObject.lineMentions(text, node: node, context: "Helm value \(setting)")
            }
        }
    }

    /// Keys whose value is an image by Helm's conventions: `image`, `images`,
    /// `sidecarImage`, `initImages`.
    static func isImageKey(_ key: String) -> Bool {
        let lower = key.lowercased()
        return lower.hasSuffix("image") || lower.hasSuffix("images")
    }

    /// An image mapping's parts (`registry`, `repository` or `name`, `tag`, `digest`), nil
    /// when it holds none of them as literal text.
    static func image(of node: YAMLNode, setting: String) -> HelmValuesFact.Image? {
        func part(_ key: String) -> YAMLNode? {
            guard let value = node[key], let text = value.string, !text.isEmpty, !text.contains("{{") else { return nil }
            return value
        }
        let repository = part("repository") ?? part("name"), registry = part("registry")
        let tag = part("tag"), digest = part("digest")
        guard repository != nil || registry != nil || tag != nil || digest != nil else { return nil }
        if let repository, imageReference(repository.string ?? "") == nil { return nil }
        return HelmValuesFact.Image(
            setting: setting, registry: registry?.string, repository: repository?.string, tag: tag?.string, digest: digest?.string,
            line: (repository ?? registry ?? tag ?? digest)?.line ?? node.line)
    }

    /// A string that reads as an image reference: no blanks, no template, no scheme.
    static func imageReference(_ text: String) -> String? {
        guard !text.isEmpty, !text.contains("{{"), !text.contains("://"),
              !text.utf8.contains(where: { $0 == 0x20 || $0 == 0x09 || $0 == 0x0A }) else { return nil }
        return text
    }

    /// The setting of this mapping that decides whether the release faces users, if any.
    static func exposure(of node: YAMLNode, key: String, path: [String]) -> HelmValuesFact.Setting? {
        let setting = path.joined(separator: ".")
        switch key.lowercased() {
        case "ingress", "httproute", "gateway":
            guard let enabled = node["enabled"], let value = enabled.bool else { return nil }
            return HelmValuesFact.Setting(setting: setting + ".enabled", value: value ? "true" : "false", line: enabled.line)
        case "service":
            guard let type = node["type"], let value = type.string else { return nil }
            return HelmValuesFact.Setting(setting: setting + ".type", value: value, line: type.line)
        default:
            return nil
        }
    }
}
