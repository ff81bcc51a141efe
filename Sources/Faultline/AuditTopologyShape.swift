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

        /// Requirements alike in their alternatives and phases. A component the linker gave
        /// back unchanged shares its storage, and is alike without a look (see `Linker.lastBuilt`).
        static func sameDependencies(_ a: [Requirement], _ b: [Requirement]) -> Bool {
            guard a.count == b.count else { return false }
            if a.withUnsafeBufferPointer({ $0.baseAddress }) == b.withUnsafeBufferPointer({ $0.baseAddress }) { return true }
            return zip(a, b).allSatisfy { $0.alternatives == $1.alternatives && $0.phase == $1.phase }
        }
    }

    let components: [ComponentShape]

    init(_ topology: Topology) {
        components = topology.sortedComponents.map(ComponentShape.init)
    }
}
