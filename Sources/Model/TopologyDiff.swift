/// What a change did to the topology: components added, removed or changed, so a reviewer sees
/// why an exposure appeared, and a change that alters the topology without adding an
/// exposure is still visible.
public struct TopologyDiff: Hashable, Sendable, Codable {
    /// One component's changes between base and head.
    public struct Change: Hashable, Sendable, Codable {
        public let id: String
        /// Where the component is declared in head — or, when its sites changed and a line of
        /// head narrows them (``Component/placedBy``), that line.
        public let provenance: Provenance?
        public let sitesBefore: [Site]
        public let sitesAfter: [Site]
        public let requirementsAdded: [Requirement]
        public let requirementsRemoved: [Requirement]
        public let entrypointBefore: Bool
        public let entrypointAfter: Bool
    }

    public let added: [Component]
    public let removed: [Component]
    public let changed: [Change]

    public init(base: Topology, head: Topology) {
        // One look-up in the other commit per component, walking each table in its own order
        // (on a large estate the look-ups, not the comparisons, were the cost); sorted by id after.
        var added: [Component] = [], changed: [Change] = []
        let baseEntrypoints = Set(base.entrypoints), headEntrypoints = Set(head.entrypoints)
        for (id, after) in head.components {
            guard let before = base.components[id] else {
                added.append(after)
                continue
            }
            let entrypointBefore = baseEntrypoints.contains(id), entrypointAfter = headEntrypoints.contains(id)
            // Requirements are sorted by phase and alternatives first, so equal lists of those
            // mean no requirement came or went; most components of a change are untouched.
            if before.sites == after.sites, before.needed == after.needed, entrypointBefore == entrypointAfter,
                before.requirements.count == after.requirements.count,
                zip(before.requirements, after.requirements).allSatisfy({ $0.phase == $1.phase && $0.alternatives == $1.alternatives })
            {
                continue
            }
            // Provenance alone (a line moved) is not a change worth showing.
            let beforeRequirements = Set(before.requirements.map(\.withoutProvenance))
            let afterRequirements = Set(after.requirements.map(\.withoutProvenance))
            // One line per requirement, however many lines of the file state it.
            var shownAdded = Set<Requirement>(), shownRemoved = Set<Requirement>()
            let requirementsAdded = after.requirements.filter {
                !beforeRequirements.contains($0.withoutProvenance) && shownAdded.insert($0.withoutProvenance).inserted
            }
            let requirementsRemoved = before.requirements.filter {
                !afterRequirements.contains($0.withoutProvenance) && shownRemoved.insert($0.withoutProvenance).inserted
            }
            guard before.sites != after.sites || before.needed != after.needed || !requirementsAdded.isEmpty
                || !requirementsRemoved.isEmpty || entrypointBefore != entrypointAfter else { continue }
            changed.append(Change(
                id: id, provenance: (before.sites != after.sites ? after.placedBy : nil) ?? after.provenance.first, sitesBefore: before.sites, sitesAfter: after.sites,
                requirementsAdded: requirementsAdded, requirementsRemoved: requirementsRemoved,
                entrypointBefore: entrypointBefore, entrypointAfter: entrypointAfter))
        }
        self.added = added.sorted { $0.id < $1.id }
        self.removed = base.components.values.filter { head.components.index(forKey: $0.id) == nil }.sorted { $0.id < $1.id }
        self.changed = changed.sorted { $0.id < $1.id }
    }

    public var isEmpty: Bool { added.isEmpty && removed.isEmpty && changed.isEmpty }
}

extension Requirement {
    /// The requirement without where it was written, for comparing across commits.
    var withoutProvenance: Requirement {
        Requirement(anyOf: alternatives, phase: phase, provenance: nil, note: nil)
    }
}
