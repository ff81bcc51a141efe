import Model
import Testing
@testable import Simulation

@Suite struct OutageSuiteTests {
    @Test func coversTheUnionOfBothTopologies() {
        let base = Topology(components: [component("a", sites: [["zone:aws/us-east-1/us-east-1a"]])])
        let head = Topology(components: [component("a", sites: [["zone:gcp/us-central1/us-central1-f"], ["host:compose-1"]])])
        let suite = OutageSuite.covering([base, head])
        #expect(suite.scenarios.map(\.id) == [
            "host:compose-1", "provider:aws", "provider:gcp", "region:aws/us-east-1", "region:gcp/us-central1",
            "zone:aws/us-east-1/us-east-1a", "zone:gcp/us-central1/us-central1-f",
        ])
        #expect(OutageSuite.covering([head, base]) == suite)
    }

    @Test func addsBoundedPairsOfUnrelatedDomains() {
        let topology = Topology(components: [component("a", sites: usEast1Zones.map { [$0] })])
        let suite = OutageSuite.covering([topology], pairs: .init(kinds: [.zone, .region], maxCount: 2))
        #expect(suite.scenarios.map(\.id) == [
            "provider:aws", "region:aws/us-east-1",
            "zone:aws/us-east-1/us-east-1a", "zone:aws/us-east-1/us-east-1b", "zone:aws/us-east-1/us-east-1c",
            // A zone with its own region is not a pair: it is the region's scenario again.
            "zone:aws/us-east-1/us-east-1a+zone:aws/us-east-1/us-east-1b",
            "zone:aws/us-east-1/us-east-1a+zone:aws/us-east-1/us-east-1c",
        ])
        #expect(suite.scenarios.last?.kindName == "pair")
        let all = OutageSuite.covering([topology], pairs: .init(kinds: [.zone], maxCount: 100))
        #expect(all.scenarios.count == 5 + 3)
    }

    @Test func pairsAreOffByDefault() {
        let topology = Topology(components: [component("a", sites: usEast1Zones.map { [$0] })])
        #expect(OutageSuite.covering([topology]).scenarios.allSatisfy { $0.targets.count == 1 })
    }
}
