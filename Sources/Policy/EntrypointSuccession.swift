import Model

/// The entrypoints a change puts in the place of others. An entrypoint of head that the base
/// did not have *succeeds* one the base had and head does not, when one reaches the other
/// through what it needs to serve:
///
/// - the base's entrypoint reached it: a Route 53 failover group that loses its secondary
///   record leaves the primary record as the entrypoint (the group `dns:NAME` is gone);
/// - it reaches the base's entrypoint: a CloudFront distribution put in front of a load
///   balancer that the same change makes internal, or a record added beside another, which
///   folds both into a group;
/// - both are of one kind and lead to the same component both commits have, through
///   components only their own commit has: a failover group replaced by one plain record to
///   the primary's load balancer, an Ingress renamed. Shared infrastructure (an image, a
///   registry, a CI system) does not make two entrypoints one.
///
/// A successor is judged against the entrypoints it succeeds, not against the estate it joins
/// (docs/design.md §3): the same users reach the same service by another door, so what that
/// door newly depends on is new, whatever other services of the base depend on.
struct EntrypointSuccession {
    /// For each successor, the entrypoints of the base it succeeds, sorted.
    private(set) var predecessors: [String: [String]] = [:]
    /// For each entrypoint of the base that head no longer has, its successors, sorted.
    private(set) var successors: [String: [String]] = [:]

    init(base: Topology, head: Topology) {
        let removed = Set(base.entrypoints).subtracting(head.entrypoints)
        let added = Set(head.entrypoints).subtracting(base.entrypoints)
        guard !removed.isEmpty, !added.isEmpty else { return }
        var pairs: Set<Pair> = [], reaching: Set<String> = []
        // Only a successor that the base has as a component can be reached from the base's
        // entrypoints, and only a predecessor head has from head's: most changes have neither.
        // Searched backwards from those few, so a change removing thousands of entrypoints
        // does not search forwards from each.
        for (targets, topology, sources, targetsSucceed) in [(added, base, removed, true), (removed, head, added, false)] {
            let kept = targets.filter { topology[$0] != nil }
            guard !kept.isEmpty else { continue }
            let reverse = Self.reverseServeEdges(of: topology)
            for target in kept {
                for source in Self.reaching(target, through: reverse) where sources.contains(source) {
                    let pair = targetsSucceed ? Pair(predecessor: source, successor: target) : Pair(predecessor: target, successor: source)
                    pairs.insert(pair)
                    reaching.insert(pair.predecessor)
                }
            }
        }
        // Of one kind, meeting at the first components both commits have.
        // Indexed by kind and meeting point, so a change renaming thousands of entrypoints (a
        // namespace) pairs them in time proportional to what they reach.
        let addedKinds = Set(added.compactMap { head[$0]?.kind })
        var meeting: [String: [String]] = [:]
        for predecessor in removed {
            guard let kind = base[predecessor]?.kind, addedKinds.contains(kind) else { continue }
            for component in Self.frontier(from: predecessor, in: base, keptIn: head) {
                meeting["\(kind.rawValue)\u{0}\(component)", default: []].append(predecessor)
            }
        }
        if !meeting.isEmpty {
            for successor in added {
                guard let kind = head[successor]?.kind else { continue }
                for component in Self.frontier(from: successor, in: head, keptIn: base) {
                    // A point many removed entrypoints meet at (an API every service of a
                    // renamed namespace calls) says nothing about which one this replaces.
                    guard let predecessors = meeting["\(kind.rawValue)\u{0}\(component)"], predecessors.count <= Self.distinctMeeting else { continue }
                    for predecessor in predecessors { pairs.insert(Pair(predecessor: predecessor, successor: successor)) }
                }
            }
        }
        for pair in pairs.sorted() {
            predecessors[pair.successor, default: []].append(pair.predecessor)
            successors[pair.predecessor, default: []].append(pair.successor)
        }
        metOnly = Set(successors.keys).subtracting(reaching)
    }

    /// Entrypoints of the base whose successors only meet them (neither reaches the other):
    /// an Ingress renamed, or another service's that shares its database. What such an
    /// entrypoint had is resolved only when no entrypoint of head has it either.
    private(set) var metOnly: Set<String> = []

    private struct Pair: Hashable, Comparable {
        let predecessor: String
        let successor: String

        static func < (lhs: Pair, rhs: Pair) -> Bool {
            (lhs.predecessor, lhs.successor) < (rhs.predecessor, rhs.successor)
        }
    }

    /// The components of `other` that a component of `topology` needs to serve first, through
    /// components `other` does not have; shared infrastructure (``shared``) left out.
    static func frontier(from start: String, in topology: Topology, keptIn other: Topology) -> Set<String> {
        var found: Set<String> = [], seen: Set<String> = [start], queue = [start]
        while let id = queue.popLast() {
            for requirement in topology[id]?.requirements(.serve) ?? [] {
                for next in requirement.alternatives where seen.insert(next).inserted {
                    if other[next] != nil {
                        if !Self.shared.contains(where: next.hasPrefix) { found.insert(next) }
                    } else {
                        queue.append(next)
                    }
                }
            }
        }
        return found
    }

    /// How many removed entrypoints may meet at one component for it to name a predecessor.
    static let distinctMeeting = 4

    /// Components many unrelated entrypoints lead to: images, registries, CI systems. (A URL
    /// is kept: the host a record or a CDN points at is what it serves.)
    static let shared = ["image:", "registry:", "ci:"]

    /// For each component, the components needing it to serve (through any alternative).
    static func reverseServeEdges(of topology: Topology) -> [String: [String]] {
        var reverse: [String: [String]] = [:]
        for component in topology.components.values {
            for requirement in component.requirements(.serve) {
                for alternative in requirement.alternatives { reverse[alternative, default: []].append(component.id) }
            }
        }
        return reverse
    }

    /// Every component whose serve requirements lead to `target`, itself excluded.
    static func reaching(_ target: String, through reverse: [String: [String]]) -> Set<String> {
        var seen: Set<String> = [target], queue = [target]
        while let id = queue.popLast() {
            for next in reverse[id] ?? [] where seen.insert(next).inserted { queue.append(next) }
        }
        seen.remove(target)
        return seen
    }
}
