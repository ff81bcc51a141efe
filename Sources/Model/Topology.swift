/// The components and requirements one commit describes, validated and in a canonical order.
///
/// Building a topology:
/// - merges components that share an id: sites, requirements and provenance are unioned and
///   it is an entrypoint when any declaration says so. When declarations disagree on `kind`
///   (other than `other`, which yields to any specific kind) or on `needed`, a warning is
///   recorded and the choice is made so the result does not depend on input order: the kind
///   that sorts first, the largest `needed`.
/// - diagnoses every requirement alternative naming a component that does not exist. Such an
///   alternative is kept and counts as **down** in every scenario: a dependency nobody declares
///   cannot be shown to survive anything. A requirement whose every alternative is missing
///   takes its component down even when nothing fails; the engine reports that as the
///   baseline, not as an exposure to any one scenario.
/// - diagnoses `needed` values below 1 or above the number of sites.
public struct Topology: Hashable, Sendable, Codable {
    /// Components by id.
    public let components: [String: Component]
    /// Every component id, sorted.
    public let ids: [String]
    /// The diagnostics given at construction followed by those found validating, sorted.
    public let diagnostics: [Diagnostic]

    public init(components declarations: some Sequence<Component>, diagnostics: [Diagnostic] = []) {
        var found = diagnostics
        // Ids are mostly unique: only the repeated ones are grouped and merged.
        var merged: [String: Component] = [:]
        merged.reserveCapacity(declarations.underestimatedCount)
        var repeated: [String: [Component]] = [:]
        for component in declarations {
            if let first = merged.updateValue(component, forKey: component.id) {
                repeated[component.id, default: [first]].append(component)
            }
        }
        for (id, group) in repeated {
            merged[id] = Self.merge(group, diagnostics: &found)
        }
        self.init(keyedComponents: merged, diagnostics: found)
    }

    /// A topology of components already keyed by their own ids, as a linker gathers them:
    /// there is nothing to merge, so the table is kept as it is instead of built again.
    ///
    /// A caller that knows the sorted ids or the domains (those of a topology it built before
    /// from the same ids, or from components sited alike) passes them, and they are not worked
    /// out again.
    public init(
        keyedComponents components: [String: Component], diagnostics: [Diagnostic] = [], sortedIDs: [String]? = nil,
        domains: [FailureDomain]? = nil
    ) {
        assert(components.allSatisfy { $0.key == $0.value.id }, "each key is its component's id")
        assert(sortedIDs == nil || sortedIDs == components.keys.sorted(), "the ids given are the keys, sorted")
        assert(domains == nil || domains == Self.domains(of: components), "the domains given are the components'")
        var found = diagnostics
        let ids = sortedIDs ?? components.keys.sorted()
        // Diagnostics are sorted below, so the order of validation does not matter.
        for component in components.values {
            Self.validate(component, in: components, diagnostics: &found)
        }
        self.components = components
        self.ids = ids
        self.entrypoints = Self.entrypoints(of: components)
        self.domains = domains ?? Self.domains(of: components)
        self.diagnostics = found.sorted()
    }

    /// The component with an id, if there is one.
    public subscript(id: String) -> Component? { components[id] }

    /// Every component, in id order.
    public var sortedComponents: [Component] { ids.compactMap { components[$0] } }

    /// Ids of the entrypoints, sorted: the components marked as entrypoints or, when none is,
    /// every workload (docs/design.md §2.7: a repository with no Ingress, public Service, CDN or
    /// DNS record still serves someone through its workloads). Worked out once: the engine, the
    /// policies and the reports all ask.
    public private(set) var entrypoints: [String]

    /// Whether no component is marked an entrypoint, so the entrypoints are the workloads.
    public var entrypointsImplied: Bool {
        // Marked ones, when there are any, are all the entrypoints there are.
        entrypoints.first.map { components[$0]?.isEntrypoint != true } ?? true
    }

    /// The same topology with other entrypoints (ids of its components; see `Check`: a change
    /// that removes every entrypoint its base had).
    public func withEntrypoints(_ ids: [String]) -> Topology {
        var copy = self
        copy.entrypoints = ids.filter { components[$0] != nil }.sortedUnique()
        return copy
    }

    /// What this topology's entrypoints reach in `other`: each that `other` still has (a
    /// public Service made internal), else the components of `other` its serve requirements
    /// lead to first, through components `other` does not have.
    public func reach(of entrypoints: [String], in other: Topology) -> [String] {
        var found = Set(entrypoints.filter { other[$0] != nil }), seen = Set(entrypoints)
        var queue = entrypoints.filter { other[$0] == nil }
        while let id = queue.popLast() {
            for requirement in components[id]?.requirements(.serve) ?? [] {
                for next in requirement.alternatives where seen.insert(next).inserted {
                    if other[next] != nil { found.insert(next) } else { queue.append(next) }
                }
            }
        }
        return found.sorted()
    }

    static func entrypoints(of components: [String: Component]) -> [String] {
        // One walk over the table: a look-up per id cost more than sorting the few found.
        var marked: [String] = [], workloads: [String] = []
        for component in components.values {
            if component.isEntrypoint { marked.append(component.id) }
            if component.kind == .workload { workloads.append(component.id) }
        }
        return (marked.isEmpty ? workloads : marked).sorted()
    }

    /// The entrypoints and domains are derived, so they are not encoded.
    private enum CodingKeys: String, CodingKey {
        case components, ids, diagnostics
    }

    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        components = try container.decode([String: Component].self, forKey: .components)
        ids = try container.decode([String].self, forKey: .ids)
        diagnostics = try container.decode([Diagnostic].self, forKey: .diagnostics)
        entrypoints = Self.entrypoints(of: components)
        domains = Self.domains(of: components)
    }

    /// Every domain some component is sited in, sorted. The outage suite adds what these fail
    /// together with (see ``DomainGraph``). Worked out once, on the linker's thread: the suite
    /// and each engine ask, and on a large estate the walk over every site was a noticeable
    /// part of simulating.
    public let domains: [FailureDomain]

    static func domains(of components: [String: Component]) -> [FailureDomain] {
        var result = Set<FailureDomain>()
        for component in components.values {
            for site in component.sites { result.formUnion(site.domains) }
        }
        return result.sortedByID()
    }

    private static func merge(_ group: [Component], diagnostics: inout [Diagnostic]) -> Component {
        // Absorbing unions sets and kind and needed are chosen from sets below, so the result
        // does not depend on the order the declarations arrived in.
        guard var result = group.first else { preconditionFailure("a group is never empty") }
        guard group.count > 1 else { return result }
        for other in group.dropFirst() { result.absorb(other) }
        let location = result.provenance.first
        let kinds: Set<Component.Kind> = Set(group.map { $0.kind })
        let specific = kinds.subtracting([Component.Kind.other])
        if specific.count > 1 {
            let names = specific.sorted().map(\.rawValue).joined(separator: ", ")
            diagnostics.append(Diagnostic(
                .warning, "\(result.id) is declared as different kinds (\(names))",
                detail: "give each declaration its own id, or make them agree; treating it as \(specific.sorted()[0].rawValue)",
                path: location?.path, line: location?.line))
        }
        result.kind = specific.min() ?? .other
        let neededs: Set<Int> = Set(group.map { $0.needed })
        if neededs.count > 1 {
            let values = neededs.sorted().map(String.init).joined(separator: ", ")
            diagnostics.append(Diagnostic(
                .warning, "\(result.id) is declared with different numbers of sites needed (\(values))",
                detail: "make the declarations agree; assuming the strictest, \(neededs.max() ?? 1)",
                path: location?.path, line: location?.line))
        }
        result.needed = neededs.max() ?? 1
        return result
    }

    private static func validate(_ component: Component, in components: [String: Component], diagnostics: inout [Diagnostic]) {
        for requirement in component.requirements {
            let location = requirement.provenance ?? component.provenance.first
            for alternative in requirement.alternatives where components.index(forKey: alternative) == nil {
                diagnostics.append(Diagnostic(
                    .warning, "\(component.id) requires \(alternative), which nothing declares",
                    detail: "declare \(alternative) or correct the reference; until then it counts as down in every scenario",
                    path: location?.path, line: location?.line))
            }
        }
        let location = component.provenance.first
        if component.needed < 1 {
            diagnostics.append(Diagnostic(
                .warning, "\(component.id) needs \(component.needed) sites",
                detail: "needed must be at least 1; it is treated as 1",
                path: location?.path, line: location?.line))
        } else if !component.sites.isEmpty && component.needed > component.sites.count {
            diagnostics.append(Diagnostic(
                .warning, "\(component.id) needs \(component.needed) sites but has \(component.sites.count)",
                detail: "declare its other sites or lower needed; as it stands it is down in every scenario",
                path: location?.path, line: location?.line))
        }
    }
}
