/// A Kubernetes workload: Deployment, StatefulSet, DaemonSet, ReplicaSet, Job, CronJob or Pod,
/// an Argo Rollout, an OpenShift DeploymentConfig or a Knative Service.
public struct WorkloadFact: Hashable, Sendable, Codable {
    public var kind: String
    public var namespace: String
    public var name: String
    public var line: Int
    public var replicas: Int?
    /// The pod template's labels, which Services select on.
    public var podLabels: [String: String] = [:]
    public var images: [ImageMention] = []
    /// ConfigMaps read through `envFrom`, `env[].valueFrom` or a volume.
    public var configMaps: [NamedReference] = []
    /// Secrets referenced, by name only: values are never read.
    public var secrets: [NamedReference] = []
    public var claims: [NamedReference] = []
    /// Storage classes named by a StatefulSet's `volumeClaimTemplates`.
    public var claimTemplateClasses: [NamedReference] = []
    /// Whether `volumeClaimTemplates` is written: a Kustomize patch writing it replaces the
    /// object's templates (a list Kubernetes merges whole).
    public var writesClaimTemplates = false
    /// Endpoints in literal env values, args and commands.
    public var mentions: [Mention] = []
    /// What its containers set, endpoints or not, as `CONTAINER/CONTEXT` (`web/env NAME`,
    /// `web/args`): what a Kustomize patch setting the same replaces.
    public var settings: [String] = []
    public var placement = PlacementFact()
    /// `topologySpreadConstraints[].topologyKey`, recorded for reports.
    public var spreadKeys: [String] = []
    /// Required pod anti-affinity `topologyKey`s, recorded for reports.
    public var antiAffinityKeys: [String] = []
    /// The names of its pod's `containers` and `initContainers`, in order: what a JSON 6902
    /// patch's `/containers/0` and `/initContainers/0` name.
    public var containers: [String] = []
    public var initContainers: [String] = []
    /// Pod labels a JSON 6902 patch removes before setting its own.
    public var removedPodLabels = LabelRemoval()
    /// Endpoints a Kustomize patch gives it, located in the patch (set by the linker, never
    /// by a reader).
    public var patchedMentions: [PatchedMentions] = []
    /// Whether it answers users itself, with no Service or Ingress in front (a Knative Service
    /// not labelled cluster-local).
    public var facesUsers = false

    public init(kind: String, namespace: String, name: String, line: Int) {
        self.kind = kind
        self.namespace = namespace
        self.name = name
        self.line = line
    }

    /// `k8s:Kind/namespace/name`, the component id.
    public var id: String { "k8s:\(kind)/\(namespace)/\(name)" }
}

/// Where a pod may be scheduled, from `nodeSelector` and required node affinity on the zone
/// and region labels (and the legacy `failure-domain.beta.kubernetes.io/*` ones).
public struct PlacementFact: Hashable, Sendable, Codable {
    /// Zones the pod is limited to; nil when unconstrained.
    public var zones: [String]?
    /// Regions the pod is limited to; nil when unconstrained.
    public var regions: [String]?
    /// Zones excluded with `NotIn`.
    public var excludedZones: [String] = []
    /// Nodes the pod is limited to (`nodeName`, or the `kubernetes.io/hostname` label); nil
    /// when unconstrained.
    public var hosts: [String]?
    /// The line of the constraint, for findings.
    public var line: Int?
    /// The repository path of the Kustomize patch that set the constraint; nil when it is
    /// written in the object's own file.
    public var path: String?
    /// The two kinds of constraint apart, as a Kustomize patch changes one and keeps the
    /// other: `nodeSelector` and `nodeName` (nil when they name no zone, region or node) and
    /// required node affinity (nil when no `nodeSelectorTerms` are written; unconstrained when
    /// its terms are on other labels). The fields above are what both allow.
    public var selector: PlacementConstraint?
    public var affinity: PlacementConstraint?
    /// What a patch deletes: node selector keys, `nodeName`, the node affinity.
    public var deletions = PlacementDeletions()

    public init(zones: [String]? = nil, regions: [String]? = nil, excludedZones: [String] = [], line: Int? = nil) {
        self.zones = zones
        self.regions = regions
        self.excludedZones = excludedZones
        self.line = line
    }

    /// The placement both constraints allow, located at the one that constrains (the node
    /// selector first).
    public init(selector: PlacementConstraint?, affinity: PlacementConstraint?, deletions: PlacementDeletions = PlacementDeletions()) {
        self.selector = selector
        self.affinity = affinity
        self.deletions = deletions
        func both(_ a: [String]?, _ b: [String]?) -> [String]? {
            guard let a, let b else { return a ?? b }
            return a.filter(b.contains)
        }
        zones = both(selector?.zones, affinity?.zones)
        regions = both(selector?.regions, affinity?.regions)
        hosts = both(selector?.hosts, affinity?.hosts)
        excludedZones = affinity?.excludedZones ?? []
        let source = [selector, affinity].compactMap { $0 }.first { $0.constrains }
        line = source?.line
        path = source?.path
    }
}

/// One kind of scheduling constraint of a pod spec, as written.
public struct PlacementConstraint: Hashable, Sendable, Codable {
    /// A node selector's zone, region and hostname labels, and `nodeName` (under that
    /// name): what its zones, regions and hosts come from, key by key as a patch changes them.
    public var labels: [String: String] = [:]
    /// The line of each of those labels.
    public var lines: [String: Int] = [:]
    public var zones: [String]?
    public var regions: [String]?
    public var hosts: [String]?
    public var excludedZones: [String] = []
    public var line: Int?
    /// The Kustomize patch that wrote it; nil for the object's own file.
    public var path: String?

    public init() {}

    public var constrains: Bool { zones != nil || regions != nil || hosts != nil || !excludedZones.isEmpty }
}

/// Scheduling constraints a Kustomize patch deletes (`null` in a strategic-merge patch, a
/// JSON 6902 `remove` or a replaced node selector).
public struct PlacementDeletions: Hashable, Sendable, Codable {
    /// Node selector keys (zone, region and hostname labels) and `nodeName` deleted.
    public var keys: [String] = []
    /// The whole node selector.
    public var selector = false
    /// The required node affinity (`affinity`, `nodeAffinity` or its required terms).
    public var affinity = false

    public init() {}

    public var isEmpty: Bool { keys.isEmpty && !selector && !affinity }
}

/// A Kubernetes Service.
public struct ServiceFact: Hashable, Sendable, Codable {
    public var namespace: String
    public var name: String
    public var line: Int
    /// `ClusterIP`, `NodePort`, `LoadBalancer` or `ExternalName`.
    public var type: String
    public var selector: [String: String]
    /// For `ExternalName` services, the external host.
    public var externalName: String?
    /// The line of `externalName:`, when the object's own file has it.
    public var externalNameLine: Int?
    /// Whether `type:` is written (a Kustomize patch leaving it out keeps the object's).
    public var writesType = true
    /// Selector labels a JSON 6902 patch removes before setting its own.
    public var removedSelector = LabelRemoval()
    /// Its annotations that ask a cloud for an internal load balancer or a controller for one
    /// (see `KubernetesReader.loadBalancerKeys`), and its `spec.loadBalancerClass` under that
    /// key, as written; in a Kustomize patch, a nil value removes the annotation (the class).
    public var loadBalancerAnnotations: [String: String?] = [:]
    /// Whether, as a patch, it removes every annotation (`annotations: null`, a JSON 6902
    /// operation on the annotations as a whole).
    public var clearsAnnotations = false

    public init(namespace: String, name: String, line: Int, type: String, selector: [String: String], externalName: String? = nil) {
        self.namespace = namespace
        self.name = name
        self.line = line
        self.type = type
        self.selector = selector
        self.externalName = externalName
    }

    public var id: String { "k8s:Service/\(namespace)/\(name)" }
}

/// A Kubernetes Ingress and the Services it routes to.
public struct IngressFact: Hashable, Sendable, Codable {
    public var namespace: String
    public var name: String
    public var line: Int
    public var backends: [NamedReference]
    public var hosts: [String]
    /// Whether GKE's Ingress controller makes it an internal load balancer (the class
    /// annotation `kubernetes.io/ingress.class: gce-internal`), reachable only from the
    /// private network.
    public var isInternal = false

    public init(namespace: String, name: String, line: Int, backends: [NamedReference], hosts: [String]) {
        self.namespace = namespace
        self.name = name
        self.line = line
        self.backends = backends
        self.hosts = hosts
    }

    public var id: String { "k8s:Ingress/\(namespace)/\(name)" }
}

/// A ConfigMap's endpoints (from its values, and from nginx configs stored in it).
public struct ConfigMapFact: Hashable, Sendable, Codable {
    public var namespace: String
    public var name: String
    public var line: Int
    public var mentions: [Mention]
    /// Its `data:` keys, endpoints or not: what a Kustomize patch setting the same replaces.
    public var keys: [String] = []
    /// Values a Kustomize patch gives it, located in the patch (set by the linker).
    public var patchedMentions: [PatchedMentions] = []

    public init(namespace: String, name: String, line: Int, mentions: [Mention]) {
        self.namespace = namespace
        self.name = name
        self.line = line
        self.mentions = mentions
    }
}

/// A StorageClass whose `allowedTopologies` limit volumes to zones.
public struct StorageClassFact: Hashable, Sendable, Codable {
    public var name: String
    public var line: Int
    /// Zones volumes of this class may be created in; nil when unconstrained.
    public var zones: [String]?

    public init(name: String, line: Int, zones: [String]?) {
        self.name = name
        self.line = line
        self.zones = zones
    }
}

/// A PersistentVolumeClaim (or a StatefulSet's claim template) and the class it asks for.
public struct ClaimFact: Hashable, Sendable, Codable {
    public var namespace: String
    public var name: String
    public var line: Int
    public var storageClass: String?

    public init(namespace: String, name: String, line: Int, storageClass: String?) {
        self.namespace = namespace
        self.name = name
        self.line = line
        self.storageClass = storageClass
    }
}

/// Labels a Kustomize JSON 6902 patch removes from a label map (set by that reader only): all
/// of them when it replaces or removes the map whole, or the ones it removes by key.
public struct LabelRemoval: Hashable, Sendable, Codable {
    public var all = false
    public var keys: [String] = []

    public init() {}

    public var isEmpty: Bool { !all && keys.isEmpty }

    /// The labels left of `labels`.
    public func applied(to labels: [String: String]) -> [String: String] {
        all ? [:] : labels.filter { !keys.contains($0.key) }
    }
}
