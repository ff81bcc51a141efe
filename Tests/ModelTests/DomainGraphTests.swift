import Testing
@testable import Model

@Suite struct DomainGraphTests {
    func d(_ id: String) -> FailureDomain { FailureDomain(id: id)! }

    var catalog: Catalog {
        Catalog(
            saasHosting: [
                "dockerhub": [d("region:aws/us-east-1"), d("service:aws/us-east-1/s3")],
                "quay": [d("region:aws/us-east-1")],
                // A SaaS built on another SaaS fails with everything the other fails with.
                "buildkite-mirror": [d("saas:dockerhub")],
            ],
            correlations: [d("host:compose-1"): [d("zone:aws/us-west-2/us-west-2a")]])
    }

    var graph: DomainGraph {
        DomainGraph(
            domains: [
                d("zone:aws/us-east-1/us-east-1a"), d("zone:aws/us-east-1/us-east-1b"), d("zone:aws/us-west-2/us-west-2a"),
                d("service:aws/us-east-1/s3"), d("service:aws/global/cloudfront"), d("host:compose-1"),
            ],
            catalog: catalog)
    }

    static let downSets: [(String, [String])] = [
        ("zone:aws/us-east-1/us-east-1a", ["zone:aws/us-east-1/us-east-1a"]),
        ("service:aws/us-east-1/s3", ["saas:buildkite-mirror", "saas:dockerhub", "service:aws/us-east-1/s3"]),
        ("region:aws/us-east-1", [
            "region:aws/us-east-1", "saas:buildkite-mirror", "saas:dockerhub", "saas:quay", "service:aws/us-east-1/s3",
            "zone:aws/us-east-1/us-east-1a", "zone:aws/us-east-1/us-east-1b",
        ]),
        ("zone:aws/us-west-2/us-west-2a", ["host:compose-1", "zone:aws/us-west-2/us-west-2a"]),
        ("service:aws/global/cloudfront", ["service:aws/global/cloudfront"]),
        ("saas:dockerhub", ["saas:buildkite-mirror", "saas:dockerhub"]),
    ]

    @Test(arguments: downSets)
    func downSetIsTheTargetAndEverythingFailingWithIt(target: String, expected: [String]) {
        #expect(graph.down(when: [d(target)]).map(\.id) == expected)
    }

    @Test func providerTakesDownEverythingOfIt() {
        let down = graph.down(when: [d("provider:aws")]).map(\.id)
        #expect(down.contains("service:aws/global/cloudfront"))
        #expect(down.contains("zone:aws/us-west-2/us-west-2a"))
        #expect(down.contains("host:compose-1"))
        #expect(down.count == graph.domains.count)
    }

    @Test func closureAddsImpliedDomains() {
        #expect(graph.closure(of: d("saas:buildkite-mirror")).map(\.id) == [
            "provider:aws", "region:aws/us-east-1", "saas:buildkite-mirror", "saas:dockerhub", "service:aws/us-east-1/s3",
        ])
        #expect(graph.contains(d("region:aws/us-west-2")))
        #expect(graph.contains(d("saas:quay")))
    }

    @Test func cyclicHostingTerminates() {
        let cyclic = Catalog(saasHosting: ["a": [d("saas:b")], "b": [d("saas:a")]])
        let graph = DomainGraph(domains: [d("saas:a")], catalog: cyclic)
        #expect(graph.down(when: [d("saas:a")]).map(\.id) == ["saas:a", "saas:b"])
        #expect(graph.down(when: [d("saas:b")]).map(\.id) == ["saas:a", "saas:b"])
    }

    @Test func unknownTargetsTakeNothingDown() {
        #expect(graph.down(when: [d("region:gcp/us-central1")]).isEmpty)
    }
}

@Suite struct CatalogTests {
    @Test func failsWithAddsHostingAndCorrelationsToTheBuiltInRelation() throws {
        let s3 = try FailureDomain.parse("service:aws/us-east-1/s3")
        let cloudflare = FailureDomain.saas("cloudflare")
        let catalog = Catalog(
            saasHosting: ["dockerhub": [s3, cloudflare]],
            correlations: [.region(provider: "aws", region: "us-east-1"): [.saas("aws-status")]])
        #expect(catalog.failsWith(.saas("dockerhub")) == [cloudflare, s3])
        #expect(catalog.failsWith(.region(provider: "aws", region: "us-east-1")).map(\.id) == ["provider:aws", "saas:aws-status"])
        #expect(catalog.failsWith(.saas("quay")).isEmpty)
        #expect(catalog.domains.map(\.id) == ["region:aws/us-east-1", "saas:aws-status", "saas:cloudflare", "saas:dockerhub", "service:aws/us-east-1/s3"])
    }
}
