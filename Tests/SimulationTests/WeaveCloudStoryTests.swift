import Model
import Testing
@testable import Simulation

/// The 2017 S3 us-east-1 outage: Weave Cloud's UI served its static assets from one S3 bucket
/// in us-east-1 and went blank, while CircleCI and Docker Hub, needed to ship the fix, were
/// down in the same outage.
@Suite struct WeaveCloudStoryTests {
    static let ui = "k8s:Deployment/weave/ui"
    static let bucket = "tf:aws_s3_bucket.assets"

    static func topology(registry: String = "registry:docker.io/weaveworks/ui", registrySite: String = "saas:dockerhub") -> Topology {
        Topology(components: [
            component("tf:aws_eks_cluster.prod", .cluster, sites: usEast1Zones.map { [$0] }),
            component(
                ui, sites: usEast1Zones.map { [$0] }, serve: [["tf:aws_eks_cluster.prod"], [bucket]],
                deliver: [["ci:circleci"], [registry]], entrypoint: true),
            component(bucket, .bucket, sites: [["service:aws/us-east-1/s3"]]),
            component("ci:circleci", .ciSystem, sites: [["saas:circleci"]]),
            component(registry, .registry, sites: [[registrySite]]),
        ])
    }

    @Test(arguments: [OutageEngine.Strategy.blastRadius, .naive])
    func theUIGoesBlankAndTheFixCannotShip(strategy: OutageEngine.Strategy) throws {
        let topology = Self.topology()
        let engine = OutageEngine(topology: topology, catalog: storyCatalog)
        let outcome = engine.outcome(of: Scenario(dom("service:aws/us-east-1/s3")), strategy: strategy)
        #expect(outcome.down == ["ci:circleci", Self.ui, "registry:docker.io/weaveworks/ui", Self.bucket])
        #expect(outcome.undeliverable == [Self.ui])
        #expect(outcome.explanations == [
            Explanation(
                entrypoint: Self.ui, phase: .serve, chain: [Self.ui, Self.bucket], hops: [.serve],
                domains: [dom("service:aws/us-east-1/s3")]),
            Explanation(
                entrypoint: Self.ui, phase: .deliver, chain: [Self.ui, "ci:circleci"], hops: [.deliver],
                domains: [dom("saas:circleci")]),
        ])
    }

    @Test func theSuiteFindsEveryExposure() {
        let topology = Self.topology()
        let suite = OutageSuite.covering([topology], catalog: storyCatalog)
        #expect(suite.scenarios.map(\.id) == [
            "provider:aws", "region:aws/us-east-1", "saas:circleci", "saas:dockerhub", "service:aws/us-east-1/s3",
            "zone:aws/us-east-1/us-east-1a", "zone:aws/us-east-1/us-east-1b", "zone:aws/us-east-1/us-east-1c",
        ])
        let assessment = OutageEngine(topology: topology, catalog: storyCatalog).assess(suite)
        #expect(assessment.exposures.map(\.description) == [
            "\(Self.ui) in provider:aws (serve)",
            "\(Self.ui) in provider:aws (deliver)",
            "\(Self.ui) in region:aws/us-east-1 (serve)",
            "\(Self.ui) in region:aws/us-east-1 (deliver)",
            "\(Self.ui) in saas:circleci (deliver)",
            "\(Self.ui) in saas:dockerhub (deliver)",
            "\(Self.ui) in service:aws/us-east-1/s3 (serve)",
            "\(Self.ui) in service:aws/us-east-1/s3 (deliver)",
        ])
        // In the region outage the workload's own sites are all down: it is its own root.
        let region = assessment.explanation(of: Exposure(entrypoint: Self.ui, scenario: Scenario(dom("region:aws/us-east-1")), phase: .serve))
        #expect(region?.chain == [Self.ui])
        #expect(region?.domains.map(\.id) == usEast1Zones)
    }

    @Test func movingTheRegistryFromQuayToDockerHubIsAMove() {
        let base = Self.topology(registry: "registry:quay.io/weaveworks/ui", registrySite: "saas:quay")
        let head = Self.topology()
        let suite = OutageSuite.covering([base, head], catalog: storyCatalog)
        let diff = AssessmentDiff(
            base: OutageEngine(topology: base, catalog: storyCatalog).assess(suite),
            head: OutageEngine(topology: head, catalog: storyCatalog).assess(suite))
        let toDockerHub = Exposure(entrypoint: Self.ui, scenario: Scenario(dom("saas:dockerhub")), phase: .deliver)
        let fromQuay = Exposure(entrypoint: Self.ui, scenario: Scenario(dom("saas:quay")), phase: .deliver)
        // Quay fails with us-east-1 but not with its S3, Docker Hub with both.
        let viaS3 = Exposure(entrypoint: Self.ui, scenario: Scenario(dom("service:aws/us-east-1/s3")), phase: .deliver)
        #expect(diff.regressions == [toDockerHub])
        #expect(diff.resolutions == [fromQuay])
        #expect(diff.moves == [AssessmentDiff.Move(regression: toDockerHub, resolution: fromQuay)])
        #expect(diff.move(of: toDockerHub)?.resolution == fromQuay)
        #expect(diff.unchanged.contains(viaS3))
        #expect(diff.unchanged.count == 7)
    }
}
