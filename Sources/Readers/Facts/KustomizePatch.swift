import Model

/// A patch a kustomization applies, in a file of its own or inline in the kustomization: a
/// strategic-merge patch (objects written like the ones they change, merged into the object
/// of the same kind and name, or into every object a `target:` selects) or JSON 6902
/// operations (read as the changes they make, applied to what the `target:` selects).
public struct KustomizePatch: Hashable, Sendable, Codable {
    /// The patch file as written, relative to the kustomization's folder; nil when inline.
    public var file: PathReference?
    /// An inline patch's objects, located at their lines in the kustomization file.
    public var objects: PatchObjects?
    /// A `patches:` entry's `target:`: the objects it changes, whatever its own objects' names.
    public var target: PatchTarget?
    /// The line of the entry.
    public var line: Int
    /// Whether it is a `patchesJson6902:` entry, whose target Kustomize also matches against
    /// the names and namespace the kustomization itself gives.
    public var afterNaming = false

    public init(file: PathReference? = nil, objects: PatchObjects? = nil, target: PatchTarget? = nil, line: Int) {
        self.file = file
        self.objects = objects
        self.target = target
        self.line = line
    }
}

/// The objects of a patch Faultline merges (workloads, Services and ConfigMaps) and those it
/// deletes.
public struct PatchObjects: Hashable, Sendable, Codable {
    public var workloads: [WorkloadFact] = []
    public var services: [ServiceFact] = []
    public var configMaps: [ConfigMapFact] = []
    /// The objects it deletes (`$patch: delete`), of any kind.
    public var deletions: [PatchTarget] = []
    /// Whether it is read from JSON 6902 operations: its objects have no names, and apply to
    /// what the patch's `target:` selects.
    public var fromOperations = false

    public init(workloads: [WorkloadFact] = [], services: [ServiceFact] = [], configMaps: [ConfigMapFact] = [], deletions: [PatchTarget] = []) {
        self.workloads = workloads
        self.services = services
        self.configMaps = configMaps
        self.deletions = deletions
    }

    public var isEmpty: Bool { workloads.isEmpty && services.isEmpty && configMaps.isEmpty && deletions.isEmpty && !fromOperations }

    /// The objects of a patch file (its operations, when it holds JSON 6902 ones).
    public init(file: FileFacts) {
        if let operations = file.patchOperations {
            self = operations
            return
        }
        self.init(workloads: file.workloads, services: file.services, configMaps: file.configMaps, deletions: file.patchDeletions)
    }
}

/// A `patches:` entry's `target:`. Kustomize takes `name` as a regular expression matching the
/// whole name; label and annotation selectors are not kept (such entries are not applied).
public struct PatchTarget: Hashable, Sendable, Codable {
    public var kind: String?
    public var name: String?
    public var namespace: String?

    public init(kind: String? = nil, name: String? = nil, namespace: String? = nil) {
        self.kind = kind
        self.name = name
        self.namespace = namespace
    }
}

/// Mentions a patch gave an object, with the patch's repository path (their lines are in it).
public struct PatchedMentions: Hashable, Sendable, Codable {
    public var path: String
    public var mentions: [Mention]

    public init(path: String, mentions: [Mention]) {
        self.path = path
        self.mentions = mentions
    }
}

extension PatchObjects {
    /// The kinds a file's facts hold that a patch does not change (an Ingress, a claim).
    static func unappliedKinds(in facts: FileFacts) -> [String] {
        var kinds: [String] = []
        if !facts.ingresses.isEmpty { kinds.append("Ingress") }
        if !facts.gateways.isEmpty { kinds.append("Gateway") }
        kinds += Set(facts.routes.map(\.kind)).sorted()
        if !facts.claims.isEmpty { kinds.append("PersistentVolumeClaim") }
        if !facts.storageClasses.isEmpty { kinds.append("StorageClass") }
        kinds += Set(facts.helmReleases.map(\.kind)).sorted()
        return kinds
    }

    /// The objects with every line moved `lines` down (text read from inside a YAML string).
    func movedDown(_ lines: Int) -> PatchObjects {
        guard lines != 0 else { return self }
        var moved = self
        for index in moved.workloads.indices {
            var workload = moved.workloads[index]
            workload.line += lines
            for image in workload.images.indices { workload.images[image].line += lines }
            for mention in workload.mentions.indices { workload.mentions[mention].line += lines }
            for reference in workload.configMaps.indices { workload.configMaps[reference].line += lines }
            for reference in workload.secrets.indices { workload.secrets[reference].line += lines }
            for reference in workload.claims.indices { workload.claims[reference].line += lines }
            for reference in workload.claimTemplateClasses.indices { workload.claimTemplateClasses[reference].line += lines }
            workload.placement.line = workload.placement.line.map { $0 + lines }
            if let line = workload.placement.selector?.line { workload.placement.selector?.line = line + lines }
            if let line = workload.placement.affinity?.line { workload.placement.affinity?.line = line + lines }
            moved.workloads[index] = workload
        }
        for index in moved.services.indices { moved.services[index].line += lines }
        for index in moved.configMaps.indices {
            moved.configMaps[index].line += lines
            for mention in moved.configMaps[index].mentions.indices { moved.configMaps[index].mentions[mention].line += lines }
        }
        return moved
    }
}

extension Diagnostic {
    /// The same diagnostic `lines` further down its file.
    func movedDown(_ lines: Int) -> Diagnostic {
        var moved = self
        moved.line = line.map { $0 + lines }
        return moved
    }
}
