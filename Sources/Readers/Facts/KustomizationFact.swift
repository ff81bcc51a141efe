/// A Kustomize kustomization (`kustomization.yaml`, a `Kustomization` or `Component`): the
/// files and kustomizations it renders, and the images, namespace and names it gives them.
public struct KustomizationFact: Hashable, Sendable, Codable {
    /// `Component` for a component, which only a kustomization's `components:` renders.
    public var kind: String
    public var line: Int
    /// `resources:` and the older `bases:`: files, or folders holding a kustomization, as
    /// written, relative to the kustomization's folder.
    public var resources: [PathReference]
    /// `components:`: folders holding a component, relative likewise.
    public var components: [PathReference]
    public var images: [ImageOverride]
    /// Files of patches (`patchesStrategicMerge:`, and `path:` of `patches:` and
    /// `patchesJson6902:`), relative likewise: shaped like manifests, they are not objects.
    public var patches: [PathReference]
    /// The patches it applies, in the order written: files (`patchesStrategicMerge:`, the
    /// `path:` of `patches:` and `patchesJson6902:` entries) and inline ones (their objects, or
    /// the changes of their JSON 6902 operations, read here). Strategic-merge patches first
    /// had this field; JSON 6902 ones are read into the same shape.
    public var strategicPatches: [KustomizePatch] = []
    /// Whether it has an inline patch that is a list but not of JSON 6902 operations (so
    /// neither objects nor operations Faultline applies).
    public var hasUnreadInlinePatches = false
    /// Whether it renders objects Faultline does not read: remote resources or components
    /// (never fetched), Helm charts (`helmCharts:`), generator plugins.
    public var rendersUnread = false
    /// `namespace:`: the namespace of every namespaced object it renders.
    public var namespace: String?
    /// `namePrefix:` and `nameSuffix:`: added to the name of every object it renders (and to
    /// the references Kustomize knows to follow: an Ingress's Services, a workload's
    /// ConfigMaps and claims, a claim's StorageClass).
    public var namePrefix: String?
    public var nameSuffix: String?
    /// The ConfigMaps its `configMapGenerator:` makes from `literals:` (`KEY=VALUE`, each
    /// value a mention at its line; files and env files are not read). Deployed, like the
    /// manifests, only where a kustomization renders this one.
    public var generatedConfigMaps: [ConfigMapFact] = []
    /// The labels it adds to selectors and pod templates as well as to objects:
    /// `commonLabels:`, and `labels:` entries with `includeSelectors: true` (later ones
    /// winning). A Service given none selects the pods given them.
    public var selectorLabels: [String: String] = [:]
    /// The labels `labels:` entries with `includeTemplates: true` (but not selectors) add to
    /// pod templates: a Service's own selector may pick those pods up.
    public var templateLabels: [String: String] = [:]

    public init(
        kind: String, line: Int, resources: [PathReference] = [], components: [PathReference] = [], images: [ImageOverride] = [],
        patches: [PathReference] = [], namespace: String? = nil, namePrefix: String? = nil, nameSuffix: String? = nil
    ) {
        self.kind = kind
        self.line = line
        self.resources = resources
        self.components = components
        self.images = images
        self.patches = patches
        self.namespace = namespace
        self.namePrefix = namePrefix
        self.nameSuffix = nameSuffix
    }

    public var isComponent: Bool { kind == "Component" }
}

/// One `images:` entry: the containers whose image has `name` run `newName`, `newTag` or
/// `digest` instead.
public struct ImageOverride: Hashable, Sendable, Codable {
    public var name: String
    public var newName: String?
    public var newTag: String?
    public var digest: String?
    /// The line of `newName` when it is given (that is what moves an image to another
    /// registry), else the entry's.
    public var line: Int

    public init(name: String, newName: String? = nil, newTag: String? = nil, digest: String? = nil, line: Int) {
        self.name = name
        self.newName = newName
        self.newTag = newTag
        self.digest = digest
        self.line = line
    }

    /// The reference a container's image becomes, or nil when this entry does not name it.
    /// As Kustomize matches, the image's name (before its tag or digest) must equal `name`.
    public func apply(to reference: String) -> String? {
        let (imageName, suffix) = Self.split(reference)
        guard imageName == name else { return nil }
        var result = newName ?? imageName
        if let digest {
            result += (newTag.map { ":" + $0 } ?? "") + "@" + digest
        } else if let newTag {
            result += ":" + newTag
        } else {
            result += suffix
        }
        return result
    }

    /// A reference's name and what follows it (`:tag`, `@digest`, both, or nothing). A `:`
    /// after the last `/` starts the tag; one before it is a registry's port.
    static func split(_ reference: String) -> (name: String, suffix: Substring) {
        let utf8 = reference.utf8
        let at = utf8.firstIndex(of: 0x40) ?? utf8.endIndex
        let beforeDigest = reference[..<at]
        let lastSlash = beforeDigest.utf8.lastIndex(of: 0x2F) ?? beforeDigest.startIndex
        let colon = beforeDigest.utf8[lastSlash...].firstIndex(of: 0x3A)
        let end = colon ?? at
        return (String(reference[..<end]), reference[end...])
    }
}
