import Model
import Testing
@testable import Simulation

@Suite struct ExplanationTests {
    static let zone = "zone:aws/us-east-1/us-east-1a"

    /// Two routes from the entrypoint to the failed root: a long one through `a-*` and a short
    /// one through `b`; the short one must be chosen though `a` sorts first.
    @Test(arguments: [OutageEngine.Strategy.blastRadius, .naive])
    func chainsAreShortest(strategy: OutageEngine.Strategy) {
        let topology = Topology(components: [
            component("entry", .ingress, serve: [["a"], ["b"]], entrypoint: true),
            component("a", serve: [["a-2"]]),
            component("a-2", serve: [["root"]]),
            component("b", serve: [["root"]]),
            component("root", .database, sites: [[Self.zone]]),
        ])
        let outcome = OutageEngine(topology: topology).outcome(of: Scenario(dom(Self.zone)), strategy: strategy)
        #expect(outcome.down == ["a", "a-2", "b", "entry", "root"])
        #expect(outcome.explanations.map(\.chain) == [["entry", "b", "root"]])
    }

    @Test func tiesGoToTheSmallestIds() {
        let topology = Topology(components: [
            component("entry", .ingress, serve: [["y"], ["x"]], entrypoint: true),
            component("y", serve: [["root-2"]]),
            component("x", serve: [["root-2"], ["root-1"]]),
            component("root-1", .database, sites: [[Self.zone]]),
            component("root-2", .database, sites: [[Self.zone]]),
        ])
        let outcome = OutageEngine(topology: topology).outcome(of: Scenario(dom(Self.zone)))
        #expect(outcome.explanations.map(\.chain) == [["entry", "x", "root-1"]])
    }

    /// nginx's image comes from Docker Hub, hosted on S3 in us-east-1, and its config proxies
    /// to a bucket there: with S3 down both chains have one length, and the one ending at the
    /// bucket placed in the failed domain is shown, though the image's id sorts first. A
    /// shorter chain through the SaaS still wins over a longer direct one.
    @Test func ofChainsOfOneLengthTheOneToAComponentPlacedInTheDomainIsShown() {
        let s3 = "service:aws/us-east-1/s3"
        func outcome(_ viaConfig: [Component]) -> ScenarioOutcome {
            let topology = Topology(components: [
                component("k8s:Deployment/web/proxy", serve: [["image:docker.io/library/nginx"], ["k8s:ConfigMap/web/conf"]], entrypoint: true),
                component("image:docker.io/library/nginx", .image, serve: [["registry:docker.io"]]),
                component("registry:docker.io", .registry, sites: [["saas:dockerhub"]]),
            ] + viaConfig)
            return OutageEngine(topology: topology, catalog: storyCatalog).outcome(of: Scenario(dom(s3)))
        }
        let direct = outcome([
            component("k8s:ConfigMap/web/conf", .other, serve: [["url:assets.s3.us-east-1.amazonaws.com"]]),
            component("url:assets.s3.us-east-1.amazonaws.com", .bucket, sites: [[s3]]),
        ])
        #expect(direct.explanations.map(\.chain) == [["k8s:Deployment/web/proxy", "k8s:ConfigMap/web/conf", "url:assets.s3.us-east-1.amazonaws.com"]])
        #expect(direct.explanations.first?.domains == [dom(s3)])
        let longer = outcome([
            component("k8s:ConfigMap/web/conf", .other, serve: [["proxy-target"]]),
            component("proxy-target", serve: [["url:assets.s3.us-east-1.amazonaws.com"]]),
            component("url:assets.s3.us-east-1.amazonaws.com", .bucket, sites: [[s3]]),
        ])
        #expect(longer.explanations.map(\.chain) == [["k8s:Deployment/web/proxy", "image:docker.io/library/nginx", "registry:docker.io"]])
    }

    @Test func chainsFollowOnlyRequirementsWithNoSurvivingAlternative() {
        // `entry` needs `a` or `b`; both fall, but `c` is kept up by its failover, so the chain
        // cannot pass through it even though it is shorter on paper.
        let topology = Topology(components: [
            component("entry", .ingress, serve: [["a", "b"], ["c"]], entrypoint: true),
            component("a", sites: [[Self.zone]]),
            component("b", serve: [["a"]]),
            component("c", serve: [["a", "z"]]),
            component("z", sites: [["zone:aws/us-east-1/us-east-1b"]]),
        ])
        let outcome = OutageEngine(topology: topology).outcome(of: Scenario(dom(Self.zone)))
        #expect(outcome.down == ["a", "b", "entry"])
        #expect(outcome.explanations.map(\.chain) == [["entry", "a"]])
        #expect(outcome.explanations.first?.hops == [.serve])
    }

    @Test func deliverChainsAreShortestAcrossPhases() {
        // Shipping `entry` is blocked two ways: through `app`'s CI (3 hops) or its own
        // registry, which rests on the failed bucket (2 hops).
        let topology = Topology(components: [
            component("entry", .ingress, serve: [["app"]], deliver: [["registry"]], entrypoint: true),
            component("app", deliver: [["ci"]]),
            component("ci", .ciSystem, serve: [["ci-store"]]),
            component("ci-store", .database, sites: [[Self.zone]]),
            component("registry", .registry, serve: [["bucket"]]),
            component("bucket", .bucket, sites: [[Self.zone]]),
        ])
        let outcome = OutageEngine(topology: topology).outcome(of: Scenario(dom(Self.zone)))
        #expect(outcome.undeliverable == ["app", "entry"])
        #expect(outcome.explanations == [
            Explanation(
                entrypoint: "entry", phase: .deliver, chain: ["entry", "registry", "bucket"], hops: [.deliver, .serve],
                domains: [dom(Self.zone)]),
        ])
    }

    @Test func explanationsNameTheDomainsOfTheRootsFailedSites() {
        let topology = Topology(components: [
            component("db", .database, sites: usEast1Zones.map { [$0] } + [["zone:aws/us-west-2/us-west-2a"]], needed: 3, entrypoint: true),
        ])
        let pair = Scenario(pair: dom(usEast1Zones[0]), dom("zone:aws/us-west-2/us-west-2a"))
        let outcome = OutageEngine(topology: topology).outcome(of: pair)
        #expect(outcome.explanations.first?.domains.map(\.id) == [usEast1Zones[0], "zone:aws/us-west-2/us-west-2a"])
    }
}
