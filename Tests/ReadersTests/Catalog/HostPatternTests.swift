import Testing

@testable import Readers

@Suite struct HostPatternTests {
    static let providers = ["aws", "gcp", "azure"]

    @Test(arguments: [
        "*.{region}.{provider}.neon.tech", "*.{provider}-{region}.cockroachlabs.cloud", "*.db-{region}.{provider}.example",
    ])
    func wellFormedPatternsParse(pattern: String) {
        #expect(HostPattern(pattern) != nil)
    }

    /// Each placeholder once, after the `*.`, never two side by side, only host characters.
    @Test(arguments: [
        "{region}.{provider}.neon.tech", "*.{region}.neon.tech", "*.{region}.{provider}.{region}.example",
        "*.{provider}{region}.example", "*.{zone}.{provider}.example", "*.{region.{provider}.example",
        "*.{region}..{provider}.example", "*.{region}.{provider}.Neon_Tech", "*.{region}.{provider}.",
    ])
    func malformedPatternsAreRefused(pattern: String) {
        #expect(HostPattern(pattern) == nil)
    }

    @Test func readingsNameProviderAndRegion() throws {
        let neon = try #require(HostPattern("*.{region}.{provider}.neon.tech"))
        #expect(neon.literalSuffix == ".neon.tech")
        let found = neon.matches("ep-cool-123-pooler.c-5.us-east-2.aws.neon.tech", providers: Self.providers)
        #expect(found.map { "\($0.provider)/\($0.region)" } == ["aws/us-east-2"])
        // `*` stands for one label at least.
        #expect(neon.matches("us-east-2.aws.neon.tech", providers: Self.providers).isEmpty)
        #expect(neon.matches("ep.us-east-2.moon.neon.tech", providers: Self.providers).isEmpty)
        #expect(neon.matches("ep.us-east-2.aws.neon.tech.example", providers: Self.providers).isEmpty)

        let cockroach = try #require(HostPattern("*.{provider}-{region}.cockroachlabs.cloud"))
        let split = cockroach.matches("x.j77.gcp-us-central1.cockroachlabs.cloud", providers: Self.providers)
        #expect(split.map { "\($0.provider)/\($0.region)" } == ["gcp/us-central1"])
        #expect(cockroach.matches("x.gcp-.cockroachlabs.cloud", providers: Self.providers).isEmpty)
        #expect(cockroach.matches("x.gcpus-central1.cockroachlabs.cloud", providers: Self.providers).isEmpty)
    }
}
