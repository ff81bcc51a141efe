/// Something a component needs: any one of a list of components (alternatives), in a phase.
///
/// The alternatives are an *any-of*: a CloudFront origin group's primary and failover buckets
/// are one requirement with two alternatives. An alternative naming a component the topology
/// does not have counts as down (see ``Topology``).
public struct Requirement: Hashable, Sendable, Codable, Comparable {
    /// When a requirement matters.
    public enum Phase: String, Hashable, Sendable, Codable, CaseIterable, Comparable {
        /// Needed to keep users served: assets, databases, the image registry for rescheduled pods.
        case serve
        /// Needed to ship a fix: CI, base images, the registry to push to, the git host.
        case deliver

        public static func < (lhs: Phase, rhs: Phase) -> Bool { lhs.rank < rhs.rank }

        private var rank: Int {
            switch self {
            case .serve: 0
            case .deliver: 1
            }
        }
    }

    /// Component ids, sorted and without repeats; at least one must be up.
    public let alternatives: [String]
    public var phase: Phase
    /// The line that declared the requirement.
    public var provenance: Provenance?
    /// Why the requirement exists, in words a report can show (e.g. "origin group failover").
    public var note: String?

    public init(anyOf alternatives: some Sequence<String>, phase: Phase = .serve, provenance: Provenance? = nil, note: String? = nil) {
        self.alternatives = alternatives.sortedUnique()
        self.phase = phase
        self.provenance = provenance
        self.note = note
    }

    /// The same, for an array: callers in other modules reach this one, which is compiled for
    /// strings, instead of the generic one, which sorts through witness tables.
    public init(anyOf alternatives: [String], phase: Phase = .serve, provenance: Provenance? = nil, note: String? = nil) {
        self.alternatives = alternatives.sortedUnique()
        self.phase = phase
        self.provenance = provenance
        self.note = note
    }

    /// A requirement with a single alternative.
    public init(_ component: String, phase: Phase = .serve, provenance: Provenance? = nil, note: String? = nil) {
        self.alternatives = [component]
        self.phase = phase
        self.provenance = provenance
        self.note = note
    }

    /// Ordered by phase, alternatives, provenance and note, so merged lists are stable.
    public static func < (lhs: Requirement, rhs: Requirement) -> Bool {
        if lhs.phase != rhs.phase { return lhs.phase < rhs.phase }
        if lhs.alternatives != rhs.alternatives { return lhs.alternatives.lexicographicallyPrecedes(rhs.alternatives) }
        if lhs.provenance != rhs.provenance {
            guard let l = lhs.provenance else { return true }
            guard let r = rhs.provenance else { return false }
            return l < r
        }
        return (lhs.note ?? "") < (rhs.note ?? "")
    }
}
