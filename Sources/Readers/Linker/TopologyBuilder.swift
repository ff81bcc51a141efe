import Model

/// The state of one linking run: components by id, what each file offers, and diagnostics.
struct TopologyBuilder {
    let linker: Linker
    let files: [FileFacts]
    let commit: String?
    private(set) var components: [String: Component] = [:]
    var diagnostics: [Diagnostic] = []
    /// The merged `.faultline.yaml`, if any.
    let config: RepoConfigFact?
    let configPath: String
    var clusters: [ClusterFact] = []
    /// Component id of each file whose endpoints or includes make it worth a component.
    var fileComponents: [String: String] = [:]
    /// Image component id → the registry component it is pulled from.
    var imageComponents: [String: ImageReference] = [:]
    /// Terraform's bucket (and `ecr:`repository) names → their component ids, for joining URLs.
    var terraformBuckets: [String: String] = [:]

    init(linker: Linker, files: [FileFacts], commit: String?) {
        self.linker = linker
        self.files = files
        self.commit = commit
        let configFile = files.first { $0.config != nil }
        config = configFile?.config
        configPath = configFile?.path ?? ".faultline.yaml"
        diagnostics = files.flatMap(\.diagnostics)
    }

    func provenance(_ path: String, _ line: Int?) -> Provenance {
        Provenance(path: path, line: line, commit: commit)
    }

    /// Adds a component, merging with an earlier one of the same id.
    mutating func add(_ component: Component) {
        if let existing = components[component.id] {
            components[component.id] = Component(
                id: existing.id, kind: existing.kind == .other ? component.kind : existing.kind,
                sites: existing.sites + component.sites, needed: max(existing.needed, component.needed),
                requirements: existing.requirements + component.requirements,
                provenance: existing.provenance + component.provenance,
                isEntrypoint: existing.isEntrypoint || component.isEntrypoint)
        } else {
            components[component.id] = component
        }
    }

    /// Adds a requirement to an existing component; false when there is no such component.
    @discardableResult
    mutating func require(_ id: String, _ requirement: Requirement) -> Bool {
        guard let component = components[id] else { return false }
        add(Component(id: id, kind: component.kind, requirements: [requirement]))
        return true
    }

    mutating func markEntrypoint(_ id: String) -> Bool {
        guard let component = components[id] else { return false }
        add(Component(id: id, kind: component.kind, isEntrypoint: true))
        return true
    }

    func has(_ id: String) -> Bool { components[id] != nil }

    mutating func warn(_ summary: String, detail: String = "", path: String, line: Int?) {
        diagnostics.append(Diagnostic(.warning, summary, detail: detail, path: path, line: line))
    }

    mutating func note(_ summary: String, detail: String = "", path: String, line: Int?) {
        diagnostics.append(Diagnostic(.note, summary, detail: detail, path: path, line: line))
    }

    func finish() -> LinkedTopology {
        LinkedTopology(topology: Topology(components: components.values, diagnostics: diagnostics), config: config)
    }
}
