import Model

/// What the outage engine reads of a topology — each component's kind, sites, needed count,
/// requirements (their alternatives and phases) and whether it is an entrypoint — without
/// provenance, notes or diagnostics. Two topologies of the same shape have the same
/// assessment, so an edit that only moves lines does not run the suite again.
struct AuditTopologyShape: Equatable {
    /// A component, compared on what the engine reads of it only.
    struct ComponentShape: Equatable {
        let component: Component

        static func == (lhs: ComponentShape, rhs: ComponentShape) -> Bool {
            let a = lhs.component, b = rhs.component
            guard a.id == b.id, a.kind == b.kind, a.needed == b.needed, a.isEntrypoint == b.isEntrypoint, a.sites == b.sites else {
                return false
            }
            return sameDependencies(a.requirements, b.requirements)
        }

        /// Requirements alike in their alternatives and phases. Requirements that differ in
        /// their note alone count once: two containers of one image on one line (or rendered
        /// by two overlays) need it through two requirements while their notes name different
        /// tags and through one once the tags agree, and whether the walk linked such a tag
        /// bump must not decide the shape (the audit skips linking it, a shard starting there
        /// links it). A component the linker gave back unchanged shares its storage, and is
        /// alike without a look (see `Linker.lastBuilt`).
        static func sameDependencies(_ a: [Requirement], _ b: [Requirement]) -> Bool {
            if a.count == b.count, a.withUnsafeBufferPointer({ $0.baseAddress }) == b.withUnsafeBufferPointer({ $0.baseAddress }) {
                return true
            }
            // Sorted by phase, alternatives and provenance before notes: such repeats are neighbours.
            func repeats(_ x: Requirement, _ y: Requirement) -> Bool {
                x.phase == y.phase && x.alternatives == y.alternatives && x.provenance == y.provenance
            }
            var i = 0, j = 0
            while true {
                while i > 0, i < a.count, repeats(a[i], a[i - 1]) { i += 1 }
                while j > 0, j < b.count, repeats(b[j], b[j - 1]) { j += 1 }
                guard i < a.count, j < b.count else { return i == a.count && j == b.count }
                guard a[i].alternatives == b[j].alternatives, a[i].phase == b[j].phase else { return false }
                i += 1
                j += 1
            }
        }
    }

    let components: [ComponentShape]

    init(_ topology: Topology) {
        components = topology.sortedComponents.map(ComponentShape.init)
    }
}
