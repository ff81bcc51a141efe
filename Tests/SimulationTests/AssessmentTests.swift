import Foundation
import Model
import Testing
@testable import Simulation

@Suite struct AssessmentTests {
    func outcome(_ scenario: Scenario, _ entrypoint: String) -> ScenarioOutcome {
        ScenarioOutcome(
            scenario: scenario, down: [entrypoint], undeliverable: [],
            explanations: [Explanation(entrypoint: entrypoint, phase: .serve, chain: [entrypoint], hops: [], domains: scenario.targets)])
    }

    @Test func findsOutcomesAndExplanationsWhateverTheInputOrder() {
        let zone = Scenario(dom("zone:aws/us-east-1/us-east-1a"))
        let region = Scenario(dom("region:aws/us-east-1"))
        let pair = Scenario(pair: dom("zone:aws/us-east-1/us-east-1a"), dom("host:compose-1"))
        let assessment = Assessment(
            baselineDown: [], baselineUndeliverable: [], outcomes: [outcome(pair, "c"), outcome(zone, "a"), outcome(region, "b")])
        #expect(assessment.outcomes.map(\.scenario) == [region, zone, pair])
        #expect(assessment.outcome(of: zone)?.down == ["a"])
        #expect(assessment.outcome(of: pair)?.down == ["c"])
        #expect(assessment.outcome(of: Scenario(dom("provider:aws"))) == nil)
        #expect(assessment.explanation(of: Exposure(entrypoint: "b", scenario: region, phase: .serve))?.chain == ["b"])
        #expect(assessment.explanation(of: Exposure(entrypoint: "b", scenario: region, phase: .deliver)) == nil)
        #expect(assessment.exposures.map(\.description) == [
            "b in region:aws/us-east-1 (serve)", "a in zone:aws/us-east-1/us-east-1a (serve)",
            "c in host:compose-1+zone:aws/us-east-1/us-east-1a (serve)",
        ])
    }

    @Test func roundTripsThroughJSON() throws {
        let topology = WeaveCloudStoryTests.topology()
        let suite = OutageSuite.covering([topology], catalog: storyCatalog, pairs: .init(kinds: [.zone], maxCount: 3))
        let assessment = OutageEngine(topology: topology, catalog: storyCatalog).assess(suite)
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        let data = try encoder.encode(assessment)
        #expect(try JSONDecoder().decode(Assessment.self, from: data) == assessment)
        #expect(try JSONDecoder().decode(OutageSuite.self, from: encoder.encode(suite)) == suite)
        #expect(String(decoding: data, as: UTF8.self).contains(#""scenario":{"targets":["saas:circleci"]}"#))
    }
}
