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

        /// Requirements alike in their alternatives and phases, each counted once: the engine
        /// reads a requirement repeated (two containers of one image on one line, or rendered
        /// by two overlays, whose notes name different tags) as it reads it once, and whether
        /// such notes are equal, and so merged, must not make a shape of its own. A component
        /// the linker gave back unchanged shares its storage, and is alike without a look (see
        /// `Linker.lastBuilt`).
        static func sameDependencies(_ a: [Requirement], _ b: [Requirement]) -> Bool {
            if a.count == b.count, a.withUnsafeBufferPointer({ $0.baseAddress }) == b.withUnsafeBufferPointer({ $0.baseAddress }) {
                return true
            }
            // Sorted by phase and alternatives first, so repeats are neighbours.
            func alike(_ x: Requirement, _ y: Requirement) -> Bool { x.phase == y.phase && x.alternatives == y.alternatives }
            var i = 0, j = 0
            while true {
                while i > 0, i < a.count, alike(a[i], a[i - 1]) { i += 1 }
                while j > 0, j < b.count, alike(b[j], b[j - 1]) { j += 1 }
                guard i < a.count, j < b.count else { return i == a.count && j == b.count }
                guard alike(a[i], b[j]) else { return false }
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
