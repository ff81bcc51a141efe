import Model

/// What the outage engine reads of a topology — each component's kind, sites, needed count,
/// requirements and whether it is an entrypoint — without provenance or diagnostics. Two
/// topologies of the same shape have the same assessment, so an edit that only moves lines
/// does not run the suite again.
struct AuditTopologyShape: Hashable {
    struct ComponentShape: Hashable {
        let id: String
        let kind: Component.Kind
        let sites: [Site]
        let needed: Int
        let requirements: [RequirementShape]
        let isEntrypoint: Bool
    }

    struct RequirementShape: Hashable {
        let alternatives: [String]
        let phase: Requirement.Phase
    }

    let components: [ComponentShape]

    init(_ topology: Topology) {
        components = topology.sortedComponents.map { component in
            ComponentShape(
                id: component.id, kind: component.kind, sites: component.sites, needed: component.needed,
                requirements: component.requirements.map { RequirementShape(alternatives: $0.alternatives, phase: $0.phase) },
                isEntrypoint: component.isEntrypoint)
        }
    }
}
