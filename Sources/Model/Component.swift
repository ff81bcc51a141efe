/// A thing that runs or serves: a workload, a cluster, a bucket, a registry, a CI system, ….
///
/// A component is up in a scenario when at least ``needed`` of its ``sites`` have no down
/// domain and each of its `serve` requirements has an alternative up (docs/design.md §2).
/// A component with no sites is placed nowhere and never goes down by itself; it can still go
/// down through its requirements.
public struct Component: Hashable, Sendable, Codable, Identifiable {
    /// What sort of thing a component is; reports and policies read it, the engine does not.
    public enum Kind: String, Hashable, Sendable, Codable, CaseIterable, Comparable {
        case workload
        case cluster
        case nodeGroup
        case vmGroup
        case bucket
        case database
        case cache
        case cdn
        case loadBalancer
        case ingress
        /// A Kubernetes Service.
        case service
        /// A container registry repository.
        case registry
        /// A container image, built by a pipeline and pulled by workloads.
        case image
        /// A URL host nobody in the repository declares.
        case externalEndpoint
        case ciSystem
        case dnsRecord
        case other

        public static func < (lhs: Kind, rhs: Kind) -> Bool { lhs.rawValue < rhs.rawValue }
    }

    /// A stable, readable id such as `k8s:Deployment/weave/ui` or `tf:aws_s3_bucket.assets`.
    public let id: String
    public var kind: Kind
    /// The places it can run or serve from, sorted; identical sites count once.
    public private(set) var sites: [Site]
    /// How many sites must be up (1 unless a quorum is declared).
    public var needed: Int
    /// What it needs, sorted; see ``Requirement``.
    public private(set) var requirements: [Requirement]
    /// Every fact that made this component, sorted.
    public private(set) var provenance: [Provenance]
    /// Whether users reach it directly (an Ingress, a CDN distribution, a public DNS record).
    public var isEntrypoint: Bool
    /// The line that narrows where it runs — a `nodeSelector`, `multi_az = false`, an
    /// `availability_zone` — when one does. A finding whose chain ends here points at it first:
    /// it is why the component lives only in the failed domain.
    public var placedBy: Provenance?

    public init(
        id: String,
        kind: Kind,
        sites: some Sequence<Site> = [Site](),
        needed: Int = 1,
        requirements: some Sequence<Requirement> = [Requirement](),
        provenance: some Sequence<Provenance> = [Provenance](),
        isEntrypoint: Bool = false,
        placedBy: Provenance? = nil
    ) {
        self.init(
            id: id, kind: kind, sites: Array(sites), needed: needed, requirements: Array(requirements),
            provenance: Array(provenance), isEntrypoint: isEntrypoint, placedBy: placedBy)
    }

    /// The same, for arrays: callers in other modules reach this one, which is compiled for
    /// these element types, instead of the generic one, which sorts through witness tables.
    public init(
        id: String, kind: Kind, sites: [Site], needed: Int = 1, requirements: [Requirement], provenance: [Provenance],
        isEntrypoint: Bool = false, placedBy: Provenance? = nil
    ) {
        self.id = id
        self.kind = kind
        self.sites = sites.sortedUnique()
        self.needed = needed
        self.requirements = requirements.sortedUnique()
        self.provenance = provenance.sortedUnique()
        self.isEntrypoint = isEntrypoint
        self.placedBy = placedBy
    }

    /// Every domain any site names, sorted and without repeats.
    public var domains: [FailureDomain] {
        Set(sites.flatMap(\.domains)).sortedByID()
    }

    /// The requirements of one phase, in order.
    public func requirements(_ phase: Requirement.Phase) -> [Requirement] {
        requirements.filter { $0.phase == phase }
    }

    /// Adds sites, requirements and provenance of another declaration of the same component.
    mutating func absorb(_ other: Component) {
        sites = (sites + other.sites).sortedUnique()
        requirements = (requirements + other.requirements).sortedUnique()
        provenance = (provenance + other.provenance).sortedUnique()
        isEntrypoint = isEntrypoint || other.isEntrypoint
        placedBy = Self.first(placedBy, other.placedBy)
    }

    /// The earlier of two placement lines, so a component declared in several files keeps one.
    public static func first(_ a: Provenance?, _ b: Provenance?) -> Provenance? {
        guard let a else { return b }
        guard let b else { return a }
        return min(a, b)
    }
}
