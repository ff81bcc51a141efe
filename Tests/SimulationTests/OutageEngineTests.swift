import Model
import Testing
@testable import Simulation

/// One semantic rule of docs/design.md §2: a topology, an outage, what must and must not be down.
struct SemanticsCase: Sendable, CustomTestStringConvertible {
    let name: String
    let components: [Component]
    var catalog: Catalog = .empty
    let scenario: Scenario
    var down: [String] = []
    var up: [String] = []
    var undeliverable: [String] = []

    var testDescription: String { name }
}

@Suite struct OutageEngineTests {
    static let cluster = component("cluster", .cluster, sites: usEast1Zones.map { [$0] })
    static let spread = component("web", sites: usEast1Zones.map { [$0] }, serve: [["cluster"]], entrypoint: true)
    static let pinned = component("pinned", sites: [["zone:aws/us-east-1/us-east-1a"]], serve: [["cluster"]], entrypoint: true)
    static let east = component("bucket-east", .bucket, sites: [["service:aws/us-east-1/s3"]])
    static let eastReplica = component("bucket-east-replica", .bucket, sites: [["service:aws/us-east-1/s3"]])
    static let west = component("bucket-west", .bucket, sites: [["service:aws/us-west-2/s3"]])
    static let failover = component("cdn-failover", .cdn, serve: [["bucket-east", "bucket-west"]], entrypoint: true)
    static let sameRegion = component("cdn-replica", .cdn, serve: [["bucket-east", "bucket-east-replica"]], entrypoint: true)
    static let quorum = component("etcd", .database, sites: usEast1Zones.map { [$0] }, needed: 2, entrypoint: true)
    static let ring = [
        component("ring-a", serve: [["ring-b"]], entrypoint: true),
        component("ring-b", serve: [["ring-c"]]),
        component("ring-c", serve: [["ring-a"], ["base"]]),
        component("base", .database, sites: [["zone:aws/us-east-1/us-east-1b"]]),
    ]
    static let registry = component("registry:docker.io", .registry, sites: [["saas:dockerhub"]])
    static let shipped = component(
        "shipped", sites: usEast1Zones.map { [$0] }, serve: [["cluster"]], deliver: [["ci:circleci"], ["registry:docker.io"]],
        entrypoint: true)
    static let ci = component("ci:circleci", .ciSystem, sites: [["saas:circleci"]])
    static let orphan = component("orphan", sites: [["unknown:cluster/weave"]], entrypoint: true)

    static let cases: [SemanticsCase] = [
        SemanticsCase(
            name: "a 3-zone workload survives one zone", components: [cluster, spread],
            scenario: Scenario(dom("zone:aws/us-east-1/us-east-1a")), up: ["web", "cluster"]),
        SemanticsCase(
            name: "a 3-zone workload falls with its region", components: [cluster, spread],
            scenario: Scenario(dom("region:aws/us-east-1")), down: ["cluster", "web"]),
        SemanticsCase(
            name: "a zone-pinned workload falls with its zone", components: [cluster, pinned],
            scenario: Scenario(dom("zone:aws/us-east-1/us-east-1a")), down: ["pinned"], up: ["cluster"]),
        SemanticsCase(
            name: "a zone-pinned workload survives another zone", components: [cluster, pinned],
            scenario: Scenario(dom("zone:aws/us-east-1/us-east-1b")), up: ["pinned", "cluster"]),
        SemanticsCase(
            name: "a cross-region failover survives its primary's region", components: [east, west, failover],
            scenario: Scenario(dom("region:aws/us-east-1")), down: ["bucket-east"], up: ["cdn-failover", "bucket-west"]),
        SemanticsCase(
            name: "a cross-region failover falls with its provider", components: [east, west, failover],
            scenario: Scenario(dom("provider:aws")), down: ["bucket-east", "bucket-west", "cdn-failover"]),
        SemanticsCase(
            name: "a same-region replica does not survive the region", components: [east, eastReplica, sameRegion],
            scenario: Scenario(dom("region:aws/us-east-1")), down: ["bucket-east", "bucket-east-replica", "cdn-replica"]),
        SemanticsCase(
            name: "a same-region replica does not survive the regional service", components: [east, eastReplica, sameRegion],
            scenario: Scenario(dom("service:aws/us-east-1/s3")), down: ["bucket-east", "bucket-east-replica", "cdn-replica"]),
        SemanticsCase(
            name: "a regional service survives one of its region's zones", components: [east, eastReplica, sameRegion],
            scenario: Scenario(dom("zone:aws/us-east-1/us-east-1a")), up: ["bucket-east", "cdn-replica"]),
        SemanticsCase(
            name: "a 2-of-3 quorum survives one zone", components: [quorum],
            scenario: Scenario(dom("zone:aws/us-east-1/us-east-1c")), up: ["etcd"]),
        SemanticsCase(
            name: "a 2-of-3 quorum falls with two zones", components: [quorum],
            scenario: Scenario(pair: dom("zone:aws/us-east-1/us-east-1a"), dom("zone:aws/us-east-1/us-east-1c")), down: ["etcd"]),
        SemanticsCase(
            name: "a ring of mutual requirements stays up", components: ring,
            scenario: Scenario(dom("zone:aws/us-east-1/us-east-1a")), up: ["ring-a", "ring-b", "ring-c", "base"]),
        SemanticsCase(
            name: "a ring of mutual requirements falls with what is beneath it", components: ring,
            scenario: Scenario(dom("zone:aws/us-east-1/us-east-1b")), down: ["base", "ring-a", "ring-b", "ring-c"]),
        SemanticsCase(
            name: "a SaaS falls with the region the catalog ties it to", components: [registry], catalog: storyCatalog,
            scenario: Scenario(dom("region:aws/us-east-1")), down: ["registry:docker.io"]),
        SemanticsCase(
            name: "a SaaS falls with the service the catalog ties it to", components: [registry], catalog: storyCatalog,
            scenario: Scenario(dom("service:aws/us-east-1/s3")), down: ["registry:docker.io"]),
        SemanticsCase(
            name: "a SaaS survives a region it is not tied to", components: [registry], catalog: storyCatalog,
            scenario: Scenario(dom("region:aws/us-west-2")), up: ["registry:docker.io"]),
        SemanticsCase(
            name: "deliver-only requirements never take serving down", components: [cluster, shipped, ci, registry],
            catalog: storyCatalog, scenario: Scenario(dom("saas:circleci")), down: ["ci:circleci"],
            up: ["shipped", "cluster", "registry:docker.io"], undeliverable: ["shipped"]),
        SemanticsCase(
            name: "an S3 outage stops shipping through CI and the registry", components: [cluster, shipped, ci, registry],
            catalog: storyCatalog, scenario: Scenario(dom("service:aws/us-east-1/s3")),
            down: ["ci:circleci", "registry:docker.io"], up: ["shipped", "cluster"], undeliverable: ["shipped"]),
        SemanticsCase(
            name: "unknown placement falls in its own scenario", components: [orphan, cluster],
            scenario: Scenario(dom("unknown:cluster/weave")), down: ["orphan"], up: ["cluster"]),
        SemanticsCase(
            name: "unknown placement survives real outages", components: [orphan, cluster],
            scenario: Scenario(dom("provider:aws")), down: ["cluster"], up: ["orphan"]),
    ]

    @Test(arguments: cases, [OutageEngine.Strategy.blastRadius, .naive])
    func followsTheSemantics(_ rule: SemanticsCase, strategy: OutageEngine.Strategy) {
        let engine = OutageEngine(topology: Topology(components: rule.components), catalog: rule.catalog)
        let outcome = engine.outcome(of: rule.scenario, strategy: strategy)
        #expect(engine.baselineDown.isEmpty)
        #expect(outcome.down == rule.down.sorted())
        for id in rule.up { #expect(!outcome.down.contains(id), "\(id) should stay up") }
        #expect(outcome.undeliverable == rule.undeliverable.sorted())
    }

    @Test func unknownPlacementIsItsOwnScenario() {
        let topology = Topology(components: [Self.orphan, Self.cluster])
        let suite = OutageSuite.covering([topology])
        #expect(suite.scenarios.map(\.id) == [
            "provider:aws", "region:aws/us-east-1", "unknown:cluster/weave",
            "zone:aws/us-east-1/us-east-1a", "zone:aws/us-east-1/us-east-1b", "zone:aws/us-east-1/us-east-1c",
        ])
        let exposures = OutageEngine(topology: topology).assess(suite).exposures
        #expect(exposures.map(\.description) == ["orphan in unknown:cluster/weave (serve)"])
    }

    @Test func aMissingAlternativeCountsAsDown() {
        let topology = Topology(components: [
            component("hedged", serve: [["ghost", "bucket-east"]], entrypoint: true),
            component("stranded", serve: [["ghost"]], entrypoint: true),
            Self.east,
        ])
        #expect(topology.diagnostics.count == 2)
        let engine = OutageEngine(topology: topology)
        // Nothing failed, yet `stranded` is down: that is the baseline, not an exposure.
        #expect(engine.baselineDown == ["stranded"])
        #expect(engine.baselineUndeliverable == ["stranded"])
        let assessment = engine.assess(OutageSuite.covering([topology]))
        #expect(assessment.baselineDown == ["stranded"])
        // With `ghost` down, `hedged` rests on the bucket alone.
        #expect(assessment.outcome(of: Scenario(dom("service:aws/us-east-1/s3")))?.down == ["bucket-east", "hedged"])
        #expect(!assessment.exposures.contains { $0.entrypoint == "stranded" })
        #expect(assessment.exposures.filter { $0.entrypoint == "hedged" }.map(\.scenario.id) == [
            "provider:aws", "region:aws/us-east-1", "service:aws/us-east-1/s3",
        ])
    }

    @Test func anImpossibleQuorumIsDownInTheBaseline() {
        let topology = Topology(components: [component("db", .database, sites: [["zone:aws/us-east-1/us-east-1a"]], needed: 2)])
        #expect(OutageEngine(topology: topology).baselineDown == ["db"])
    }

    @Test func aComponentPlacedNowhereNeverFallsByItself() {
        let topology = Topology(components: [component("config", .other, entrypoint: true), Self.cluster])
        let assessment = OutageEngine(topology: topology).assess(OutageSuite.covering([topology]))
        #expect(assessment.outcomes.allSatisfy { !$0.down.contains("config") })
        #expect(assessment.exposures.isEmpty)
    }

    @Test func deliveryPropagatesThroughWhatAnEntrypointServesFrom() {
        let topology = Topology(components: [
            component("ingress", .ingress, serve: [["app"]], entrypoint: true),
            component("app", deliver: [["ci:circleci"]]),
            Self.ci,
        ])
        let outcome = OutageEngine(topology: topology, catalog: storyCatalog).outcome(of: Scenario(dom("saas:circleci")))
        #expect(outcome.down == ["ci:circleci"])
        #expect(outcome.undeliverable == ["app", "ingress"])
        #expect(outcome.explanations == [
            Explanation(
                entrypoint: "ingress", phase: .deliver, chain: ["ingress", "app", "ci:circleci"], hops: [.serve, .deliver],
                domains: [dom("saas:circleci")]),
        ])
    }
}

@Suite struct DefaultEntrypointTests {
    @Test func withNoEntrypointEveryWorkloadIsExposed() {
        let topology = Topology(components: [
            component("api", sites: [["zone:aws/us-east-1/us-east-1a"]], serve: [["db"]]),
            component("db", .database, sites: [["service:aws/us-east-1/rds"]]),
        ])
        let outcome = OutageEngine(topology: topology).outcome(of: Scenario(dom("service:aws/us-east-1/rds")))
        #expect(outcome.explanations.map(\.chain) == [["api", "db"]])
    }
}
