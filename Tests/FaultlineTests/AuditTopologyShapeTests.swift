@testable import Faultline
import Model
import Testing

/// Two topologies of one shape have one assessment: the shape keeps what the engine reads and
/// nothing else.
@Suite struct AuditTopologyShapeTests {
    static func topology(
        line: Int = 1, note: String? = nil, alternatives: [String] = ["image:docker.io/web/ui"], phase: Requirement.Phase = .serve,
        zones: [String] = ["us-east-1a", "us-east-1b"], needed: Int = 1, kind: Component.Kind = .workload, entrypoint: Bool = true
    ) -> Topology {
        let sites = zones.map { Site([FailureDomain(id: "zone:aws/us-east-1/\($0)")!]) }
        return Topology(components: [
            Component(
                id: "k8s:Deployment/web/ui", kind: kind, sites: sites, needed: needed,
                requirements: [Requirement(anyOf: alternatives, phase: phase, provenance: Provenance(path: "k8s/ui.yaml", line: line + 10), note: note)],
                provenance: [Provenance(path: "k8s/ui.yaml", line: line)], isEntrypoint: entrypoint),
            Component(id: "image:docker.io/web/ui", kind: .image, sites: [Site([FailureDomain(id: "saas:dockerhub")!])]),
            Component(id: "image:quay.io/web/ui", kind: .image, sites: [Site([FailureDomain(id: "saas:quay")!])]),
        ])
    }

    @Test func linesAndNotesDoNotChangeTheShape() {
        let shape = AuditTopologyShape(Self.topology())
        #expect(AuditTopologyShape(Self.topology(line: 7)) == shape)
        #expect(AuditTopologyShape(Self.topology(note: "runs docker.io/web/ui:1.1")) == shape)
    }

    @Test(arguments: [
        topology(alternatives: ["image:quay.io/web/ui"]), topology(alternatives: ["image:docker.io/web/ui", "image:quay.io/web/ui"]),
        topology(phase: .deliver), topology(zones: ["us-east-1a"]), topology(needed: 2), topology(kind: .service),
        topology(entrypoint: false),
    ])
    func whatTheEngineReadsDoes(_ other: Topology) {
        #expect(AuditTopologyShape(other) != AuditTopologyShape(Self.topology()))
    }
}
