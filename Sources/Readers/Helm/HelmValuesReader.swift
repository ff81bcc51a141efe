import Model

/// Reads Helm values files, which Helm finds by name, and charts' `Chart.yaml` for their
/// dependencies. Values files are found by name (`values.yaml` in a chart; by
/// convention `values-prod.yaml`, `prod.values.yaml`, `values.prod.yaml` beside it or in an
/// environment's folder). Faultline never renders a chart: the values' images, endpoints and
/// exposure settings stand for the release deployed with them (``HelmValuesFact``). The
/// Kubernetes objects a file of that name holds are read as objects too; files under a
/// `templates/` folder are a chart's templates, whatever their names.
public struct HelmValuesReader: FileReader {
    public let name = "helm-values"
    public let version = 16

    public init() {}

    public func accepts(path: String) -> Bool {
        // A chart's templates are templates, whatever their names.
        guard !path.hasPrefix("templates/"), !path.contains("/templates/") else { return false }
        let name = path.fileName
        if name == "Chart.yaml" || name == "requirements.yaml" { return true }
        guard name.hasSuffix(".yaml") || name.hasSuffix(".yml") else { return false }
        let stem = name.hasSuffix(".yaml") ? name.dropLast(5) : name.dropLast(4)
        return stem == "values" || stem.hasPrefix("values-") || stem.hasPrefix("values.") || stem.hasPrefix("values_")
            || stem.hasSuffix("-values") || stem.hasSuffix(".values") || stem.hasSuffix("_values")
    }

    /// A chart's `Chart.yaml` and its defaults (`values.yaml`) are read otherwise than another
    /// values file of the same content.
    public func cacheVariant(path: String) -> String {
        Self.isChartFile(path) ? "chart" : Self.isChartDefaults(path) ? "defaults" : ""
    }

    public func read(path: String, bytes: [UInt8]) -> FileFacts {
        // A CloudFormation template whose name happens to end in `values.yaml`.
        if CloudFormationReader.mayBeTemplate(bytes), let template = CloudFormationReader.read(path: path, bytes: bytes) { return template }
        var loader = YAMLLoader()
        loader.refusesTemplates = false
        let loaded = loader.load(bytes, path: path)
        var facts = FileFacts(path: path)
        facts.diagnostics = loaded.diagnostics
        // Objects in it are read as objects too (a manifest named like a chart's file or a
        // values file is still applied by `kubectl apply -f` or a kustomization); its values are
        // read whatever keys it has, so an `apiVersion` and a `kind` cannot make a release's
        // values vanish.
        for document in loaded.documents where document.root["apiVersion"] != nil && document.root["kind"] != nil {
            KubernetesObject.read(document.root, into: &facts)
        }
        if Self.isChartFile(path) {
            facts.chart = Self.chart(loaded.documents.first?.root)
            return facts
        }
        guard let root = loaded.documents.first?.root, root.entries != nil else { return facts }
        var values = HelmValuesFact()
        Self.collect(root, into: &values, recordingSettings: !Self.isChartDefaults(path))
        facts.helmValues = values
        return facts
    }

    /// A chart's `Chart.yaml`, or the `requirements.yaml` where a Helm 2 chart lists its
    /// dependencies (which Helm 3 still reads).
    static func isChartFile(_ path: String) -> Bool {
        let name = path.fileName
        return name == "Chart.yaml" || name == "requirements.yaml"
    }

    /// A `Chart.yaml`'s (or `requirements.yaml`'s) dependencies: each chart's name, repository and `condition`.
    static func chart(_ root: YAMLNode?) -> ChartFact {
        var dependencies: [ChartFact.Dependency] = []
        // No chart depends on hundreds of others; past this, a file is not read for more.
        for item in (root?["dependencies"]?.items ?? []).prefix(maximumDependencies) {
            guard let name = item["name"]?.string, let repository = item["repository"], let text = repository.string, !text.isEmpty else { continue }
            let conditions = (item["condition"]?.string ?? "").split(separator: ",").map { String($0.trimmingBlanks()) }.filter { !$0.isEmpty }
            dependencies.append(ChartFact.Dependency(name: name, repository: text, conditions: conditions, line: repository.line))
        }
        return ChartFact(dependencies: dependencies)
    }

    /// The most dependencies read from one `Chart.yaml`.
    static let maximumDependencies = 100

    /// Whether a values file is a chart's defaults (`values.yaml`), which the other values
    /// files of its folder are read over.
    public static func isChartDefaults(_ path: String) -> Bool {
        let name = path.fileName
        return name == "values.yaml" || name == "values.yml"
    }

    /// Walks the values, gathering images (under a key ending in `image` or `images`, or a
    /// mapping with both `repository` and `tag`), mentions, the settings deciding exposure,
    /// every `enabled:` and, for a file read over defaults, every scalar setting's path.
    /// `setting` is the node's dotted path (a list item's carries its index: `sidecars.1`),
    /// `key` the mapping key it is under (a list's, for its items). Paths stop growing after
    /// `settingDepth` segments: deeper nodes share their ancestor's setting, so a values file
    /// nested a thousand deep builds no longer strings than a shallow one.
    /// `globalRegistry` is the values' `global.image.registry`, which charts writing an image's
    /// repository as `image:` merge under it (ingress-nginx).
    static func collect(
        _ node: YAMLNode, setting: String = "", depth: Int = 0, key: String = "", into values: inout HelmValuesFact, recordingSettings: Bool,
        globalRegistry: String? = nil
    ) {
        func child(_ name: String) -> String {
            depth >= settingDepth ? setting : setting.isEmpty ? name : setting + "." + name
        }
        let globalRegistry = depth == 0 ? node["global"]?["image"]?["registry"]?.string : globalRegistry
        if let entries = node.entries {
            if let enabled = node["enabled"], let value = enabled.bool {
                values.switches.append(HelmValuesFact.Setting(setting: setting.isEmpty ? "enabled" : setting + ".enabled", value: value ? "true" : "false", line: enabled.line))
            }
            if isImageKey(key) || (node["repository"] != nil && node["tag"] != nil), let image = image(of: node, setting: setting, globalRegistry: globalRegistry) {
                values.images.append(image)
                if recordingSettings { values.settings.append(setting) }
                return
            }
            // An image mapping naming its repository `image:` or `name:` whose registry is not
            // known (see `image(of:)`): its `image:` is that repository, not an image of its own.
            if isImageKey(key), node["image"]?.string != nil || node["name"]?.string != nil,
               node["repository"]?.string == nil, node["repo"]?.string == nil { return }
            if let exposure = exposure(of: node, key: key, setting: setting) { values.exposures.append(exposure) }
            for entry in entries {
                guard let name = entry.key.string else { continue }
                collect(entry.value, setting: child(name), depth: depth + 1, key: name, into: &values, recordingSettings: recordingSettings, globalRegistry: globalRegistry)
            }
            return
        }
        // A list replaces the defaults' list whole, as a scalar does.
        if recordingSettings { values.settings.append(setting) }
        if let items = node.items {
            // A list under `images:` lists images; one under `image:` is something else (a
            // kube-state-metrics label path, `image: [spec, image]`).
            let itemKey = key.lowercased().hasSuffix("images") ? key : ""
            for (index, item) in items.enumerated() {
                collect(item, setting: child(String(index)), depth: depth + 1, key: itemKey, into: &values, recordingSettings: false, globalRegistry: globalRegistry)
            }
        } else if let text = node.string, !text.isEmpty, !text.contains("{{") {
            // `verifyImage: false` and `pullImage: 3` are settings about images, not images.
            if isImageKey(key), node.bool == nil, node.int == nil, let reference = imageReference(text) {
                values.images.append(HelmValuesFact.Image(setting: setting, reference: reference, line: node.line))
            } else if key.lowercased() == "repourl" {
                // An Argo CD source's `repoURL` (an app-of-apps chart's values) is where Argo CD
                // fetches the applications it renders from, not something the release serves with.
            } else {
                values.mentions += KubernetesObject.lineMentions(text, node: node, context: "Helm value \(setting)")
            }
        }
    }

    /// Top-level settings for the chart's `helm test` hooks, by the charts' conventions: what
    /// they name is not the release's unless a template other than a test hook uses them (see
    /// `TopologyBuilder.release`).
    static let testSettings: Set<String> = ["test", "tests", "testFramework", "helmTest", "helmTests"]

    /// Segments a setting's path keeps (see `collect`); the linker looks no deeper.
    static let settingDepth = 32

    /// Keys whose value is an image by Helm's conventions: `image`, `images`,
    /// `sidecarImage`, `initImages`.
    static func isImageKey(_ key: String) -> Bool {
        let lower = key.lowercased()
        return lower.hasSuffix("image") || lower.hasSuffix("images")
    }

    /// An image mapping's parts (`registry`, `repository`, `repo`, `name` or `image` — the
    /// ingress-nginx chart's `{registry: registry.k8s.io, image: ingress-nginx/controller}` —,
    /// `tag`, `digest`), nil when it holds none of them as literal text. A repository written
    /// `name:` or `image:` without a registry takes `global.image.registry`, as the charts
    /// writing it so merge it; without one either, where it comes from is not known and it is
    /// no image (the DataDog chart builds `name:` on a top-level `registry`, not Docker Hub).
    static func image(of node: YAMLNode, setting: String, globalRegistry: String? = nil) -> HelmValuesFact.Image? {
        func part(_ key: String) -> YAMLNode? {
            guard let value = node[key], let text = value.string, !text.isEmpty, !text.contains("{{") else { return nil }
            return value
        }
        let named = part("repository") ?? part("repo"), registry = part("registry")
        let written = named == nil ? part("name") ?? part("image") : nil
        if written != nil, registry == nil, globalRegistry.map({ $0.isEmpty || $0.contains("{{") }) ?? true { return nil }
        let repository = named ?? written
        let tag = part("tag"), digest = part("digest")
        guard repository != nil || registry != nil || tag != nil || digest != nil else { return nil }
        if let repository, imageReference(repository.string ?? "") == nil { return nil }
        return HelmValuesFact.Image(
            setting: setting, registry: registry?.string ?? (written != nil ? globalRegistry : nil), repository: repository?.string, tag: tag?.string, digest: digest?.string,
            line: (repository ?? registry ?? tag ?? digest)?.line ?? node.line)
    }

    /// A string that reads as an image reference: no blanks, no template, no scheme.
    static func imageReference(_ text: String) -> String? {
        guard !text.isEmpty, !text.contains("{{"), !text.contains("://"),
              !text.utf8.contains(where: { $0 == 0x20 || $0 == 0x09 || $0 == 0x0A }) else { return nil }
        return text
    }

    /// The setting of this mapping that decides whether the release faces users, if any.
    static func exposure(of node: YAMLNode, key: String, setting: String) -> HelmValuesFact.Setting? {
        let prefix = setting.isEmpty ? "" : setting + "."
        switch key.lowercased() {
        case "ingress", "httproute", "gateway":
            guard let enabled = node["enabled"], let value = enabled.bool else { return nil }
            return HelmValuesFact.Setting(setting: prefix + "enabled", value: value ? "true" : "false", line: enabled.line)
        case "service":
            guard let type = node["type"], let value = type.string else { return nil }
            return HelmValuesFact.Setting(setting: prefix + "type", value: value, line: type.line)
        default:
            return nil
        }
    }
}
