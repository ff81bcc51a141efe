import Foundation
import Testing
@testable import Model

@Suite struct TopologyTests {
    let zoneA = FailureDomain.zone(provider: "aws", region: "us-east-1", zone: "us-east-1a")
    let zoneB = FailureDomain.zone(provider: "aws", region: "us-east-1", zone: "us-east-1b")

    @Test func mergesDuplicateDeclarations() {
        let first = Component(
            id: "k8s:Deployment/weave/ui", kind: .workload, sites: [Site([zoneA])],
            requirements: [Requirement("tf:aws_s3_bucket.assets")], provenance: [Provenance(path: "ui.yaml", line: 1)])
        let second = Component(
            id: "k8s:Deployment/weave/ui", kind: .other, sites: [Site([zoneB]), Site([zoneA])],
            requirements: [Requirement("ci:circleci", phase: .deliver)], provenance: [Provenance(path: ".faultline.yaml", line: 4)],
            isEntrypoint: true)
        let bucket = Component(id: "tf:aws_s3_bucket.assets", kind: .bucket)
        let ci = Component(id: "ci:circleci", kind: .ciSystem)
        let topology = Topology(components: [first, bucket, second, ci])
        let ui = topology["k8s:Deployment/weave/ui"]
        #expect(topology.ids == ["ci:circleci", "k8s:Deployment/weave/ui", "tf:aws_s3_bucket.assets"])
        #expect(ui?.kind == .workload)
        #expect(ui?.isEntrypoint == true)
        #expect(ui?.sites == [Site([zoneA]), Site([zoneB])])
        #expect(ui?.requirements.map(\.alternatives) == [["tf:aws_s3_bucket.assets"], ["ci:circleci"]])
        #expect(ui?.provenance.map(\.path) == [".faultline.yaml", "ui.yaml"])
        #expect(topology.diagnostics.isEmpty)
        #expect(topology.entrypoints == ["k8s:Deployment/weave/ui"])
        #expect(topology.domains == [zoneA, zoneB])
        #expect(Topology(components: [second, ci, first, bucket]) == topology)
    }

    @Test func diagnosesConflictingDeclarations() {
        let a = Component(id: "x", kind: .bucket, sites: [Site([zoneA]), Site([zoneB])], needed: 1, provenance: [Provenance(path: "a.tf", line: 3)])
        let b = Component(id: "x", kind: .database, needed: 2, provenance: [Provenance(path: "b.tf", line: 9)])
        let topology = Topology(components: [b, a])
        #expect(topology["x"]?.kind == .bucket)
        #expect(topology["x"]?.needed == 2)
        #expect(topology.diagnostics.map(\.summary) == [
            "x is declared as different kinds (bucket, database)",
            "x is declared with different numbers of sites needed (1, 2)",
        ])
        #expect(topology.diagnostics.allSatisfy { $0.path == "a.tf" && $0.line == 3 && $0.severity == .warning })
        #expect(Topology(components: [a, b]) == topology)
    }

    @Test func diagnosesRequirementsOnMissingComponents() {
        let ui = Component(
            id: "ui", kind: .workload,
            requirements: [Requirement(anyOf: ["bucket", "ghost"], provenance: Provenance(path: "ui.yaml", line: 7))],
            provenance: [Provenance(path: "ui.yaml", line: 1)])
        let topology = Topology(components: [ui, Component(id: "bucket", kind: .bucket)])
        #expect(topology.diagnostics.count == 1)
        let diagnostic = topology.diagnostics.first
        #expect(diagnostic?.summary == "ui requires ghost, which nothing declares")
        #expect(diagnostic?.path == "ui.yaml")
        #expect(diagnostic?.line == 7)
        // The reference is kept; the engine counts it as down.
        #expect(topology["ui"]?.requirements.first?.alternatives == ["bucket", "ghost"])
    }

    @Test func diagnosesImpossibleQuorums() {
        let db = Component(id: "db", kind: .database, sites: [Site([zoneA]), Site([zoneB])], needed: 3)
        let zero = Component(id: "zero", kind: .cache, needed: 0)
        let topology = Topology(components: [db, zero], diagnostics: [Diagnostic(.note, "given")])
        #expect(topology.diagnostics.map(\.summary) == ["given", "db needs 3 sites but has 2", "zero needs 0 sites"])
    }
}

@Suite struct TopologyEntrypointTests {
    @Test func markedEntrypointsWin() {
        let topology = Topology(components: [
            Component(id: "web", kind: .workload),
            Component(id: "ingress", kind: .ingress, isEntrypoint: true),
        ])
        #expect(topology.entrypoints == ["ingress"])
    }

    @Test func withNoneMarkedEveryWorkloadIsOne() {
        let topology = Topology(components: [
            Component(id: "worker", kind: .workload),
            Component(id: "bucket", kind: .bucket),
            Component(id: "web", kind: .workload),
        ])
        #expect(topology.entrypoints == ["web", "worker"])
    }

    @Test func entrypointsAreDerivedAgainWhenDecodedNotStored() throws {
        let topology = Topology(components: [
            Component(id: "web", kind: .workload, sites: [Site([.zone(provider: "aws", region: "us-east-1", zone: "us-east-1a")]), Site([.region(provider: "aws", region: "us-east-1")])], needed: 2,
                      requirements: [Requirement(anyOf: ["db", "replica"]), Requirement("db"), Requirement("db")]),
            Component(id: "lb", kind: .loadBalancer, requirements: [Requirement("web")], isEntrypoint: true),
        ])
        #expect(topology["web"]?.requirements.count == 2)
        let data = try JSONEncoder().encode(topology)
        #expect(!String(decoding: data, as: UTF8.self).contains("entrypoints"))
        let decoded = try JSONDecoder().decode(Topology.self, from: data)
        #expect(decoded == topology && decoded.entrypoints == ["lb"])
    }
}

@Suite struct TopologyDiffTests {
    static let zones = ["us-east-1a", "us-east-1b"].map { Site([.zone(provider: "aws", region: "us-east-1", zone: $0)]) }

    /// A change that pins a workload is shown at the line that pins it; one that unpins it, at
    /// the workload's own line (the pin is gone from head).
    @Test func aChangeOfSitesIsShownAtTheLineThatNarrowsThem() throws {
        let free = Component(id: "web", kind: .workload, sites: Self.zones, provenance: [Provenance(path: "web.yaml", line: 1)])
        let pinned = Component(
            id: "web", kind: .workload, sites: [Self.zones[0]], provenance: [Provenance(path: "web.yaml", line: 1)],
            placedBy: Provenance(path: "web.yaml", line: 14))
        let pinning = TopologyDiff(base: Topology(components: [free]), head: Topology(components: [pinned]))
        #expect(try #require(pinning.changed.first).provenance?.description == "web.yaml:14")
        let unpinning = TopologyDiff(base: Topology(components: [pinned]), head: Topology(components: [free]))
        #expect(try #require(unpinning.changed.first).provenance?.description == "web.yaml:1")
        // Same sites, the line moved: no change at all.
        var moved = pinned
        moved.placedBy = Provenance(path: "web.yaml", line: 15)
        #expect(TopologyDiff(base: Topology(components: [pinned]), head: Topology(components: [moved])).isEmpty)
    }
}

/// What a base's entrypoints reach in a head that has none of its own (see `Check`).
@Suite struct EntrypointReachTests {
    let workload = Component(id: "k8s:Deployment/shop/ui", kind: .workload)
    let cache = Component(id: "k8s:Deployment/shop/cache", kind: .workload)

    func service(entrypoint: Bool) -> Component {
        Component(id: "k8s:Service/shop/ui", kind: .service, requirements: [Requirement("k8s:Deployment/shop/ui")], isEntrypoint: entrypoint)
    }

    @Test func theServiceBehindARemovedIngressStandsInForIt() {
        let ingress = Component(id: "k8s:Ingress/shop/ui", kind: .ingress, requirements: [Requirement("k8s:Service/shop/ui")], isEntrypoint: true)
        let base = Topology(components: [ingress, service(entrypoint: false), workload, cache])
        let head = Topology(components: [service(entrypoint: false), workload, cache])
        #expect(head.entrypointsImplied && head.entrypoints == ["k8s:Deployment/shop/cache", "k8s:Deployment/shop/ui"])
        #expect(!base.entrypointsImplied)
        let reached = base.reach(of: base.entrypoints, in: head)
        #expect(reached == ["k8s:Service/shop/ui"])
        #expect(head.withEntrypoints(reached).entrypoints == ["k8s:Service/shop/ui"])
        // Nothing left: no entrypoint at all.
        #expect(base.reach(of: base.entrypoints, in: Topology(components: [cache])).isEmpty)
    }

    @Test func aPublicServiceMadeInternalStandsInForItself() {
        let base = Topology(components: [service(entrypoint: true), workload, cache])
        let head = Topology(components: [service(entrypoint: false), workload, cache])
        #expect(base.reach(of: base.entrypoints, in: head) == ["k8s:Service/shop/ui"])
    }
}
