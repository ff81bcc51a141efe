import Model
@testable import Simulation

/// Small random topologies for property tests, decoded from a list of integers ("genes") so
/// that PropertyBased can shrink a failing case by shortening the list.
///
/// The domains come from a fixed pool with zones, regional and global services, a host, an
/// unknown placement and two SaaS (one hosted on the other); components get up to three sites,
/// up to three requirements of either phase with up to three alternatives, occasionally naming
/// a component nobody declares, and occasionally a quorum.
struct RandomTopology: Sendable, CustomStringConvertible {
    static let pool = [
        "zone:aws/r1/a", "zone:aws/r1/b", "zone:aws/r2/a", "zone:gcp/g1/a", "zone:gcp/g1/b",
        "service:aws/r1/s3", "service:aws/r2/s3", "service:aws/global/cf", "region:aws/r2", "provider:gcp",
        "saas:hub", "saas:ci", "host:h1", "unknown:placement",
    ].map(dom)

    static let catalog = Catalog(saasHosting: [
        "hub": [dom("service:aws/r1/s3")],
        "ci": [dom("saas:hub"), dom("region:gcp/g1")],
    ])

    let components: [Component]

    init(genes: [Int]) {
        var reader = GeneReader(genes: genes)
        let count = 2 + reader.next(9)
        let ids = (0..<count).map { "c\($0)" }
        var components: [Component] = []
        for id in ids {
            let sites = (0..<reader.next(4)).map { _ in
                Site((0...reader.next(2)).map { _ in Self.pool[reader.next(Self.pool.count)] })
            }
            let needed = reader.next(5) == 0 ? 2 : 1
            let requirements = (0..<reader.next(4)).map { _ in
                let alternatives = (0...reader.next(3)).map { _ in
                    let pick = reader.next(10 * count + 1)
                    return pick == 10 * count ? "ghost" : ids[pick % count]
                }
                return Requirement(anyOf: alternatives, phase: reader.next(3) == 0 ? .deliver : .serve)
            }
            components.append(Component(
                id: id, kind: .workload, sites: sites, needed: needed, requirements: requirements,
                isEntrypoint: reader.next(2) == 0))
        }
        self.components = components
    }

    init(components: [Component]) {
        self.components = components
    }

    var topology: Topology { Topology(components: components) }

    var description: String {
        components.map { c in
            let sites = c.sites.map(\.description).joined(separator: " ")
            let requirements = c.requirements.map { "\($0.phase.rawValue)(\($0.alternatives.joined(separator: "|")))" }
            return "\(c.id)\(c.isEntrypoint ? "*" : "") needs \(c.needed) of [\(sites)] \(requirements.joined(separator: " "))"
        }.joined(separator: "; ")
    }

    /// The same topology with one more alternative in one requirement, if it has any.
    func addingAlternative(choice: Int) -> RandomTopology? {
        let withRequirements = components.indices.filter { !components[$0].requirements.isEmpty }
        guard !withRequirements.isEmpty else { return nil }
        let c = withRequirements[choice % withRequirements.count]
        var requirements = components[c].requirements
        let r = (choice / 7) % requirements.count
        let extra = components[(choice / 3) % components.count].id
        requirements[r] = Requirement(anyOf: requirements[r].alternatives + [extra], phase: requirements[r].phase)
        var changed = components
        let old = components[c]
        changed[c] = Component(
            id: old.id, kind: old.kind, sites: old.sites, needed: old.needed, requirements: requirements,
            provenance: old.provenance, isEntrypoint: old.isEntrypoint)
        return RandomTopology(components: changed)
    }
}

/// Reads genes in turn, wrapping around, each reduced to a range.
struct GeneReader {
    let genes: [Int]
    var position = 0

    mutating func next(_ bound: Int) -> Int {
        guard !genes.isEmpty else { return 0 }
        defer { position += 1 }
        return abs(genes[position % genes.count]) % bound
    }
}
