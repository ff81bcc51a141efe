import Model
import Testing
@testable import Simulation

@Suite struct AssessmentDiffTests {
    func outcome(_ scenario: String, _ entries: [(String, Requirement.Phase)]) -> ScenarioOutcome {
        let explanations = entries.map { Explanation(entrypoint: $0.0, phase: $0.1, chain: [$0.0], hops: [], domains: []) }
        return ScenarioOutcome(scenario: Scenario(dom(scenario)), down: [], undeliverable: [], explanations: explanations)
    }

    func assessment(_ outcomes: [ScenarioOutcome]) -> Assessment {
        Assessment(baselineDown: [], baselineUndeliverable: [], outcomes: outcomes)
    }

    @Test func splitsRegressionsResolutionsAndUnchanged() {
        let base = assessment([
            outcome("region:aws/us-east-1", [("ui", .serve), ("api", .serve)]),
            outcome("saas:quay", [("ui", .serve)]),
        ])
        let head = assessment([
            outcome("region:aws/us-east-1", [("ui", .serve)]),
            outcome("region:aws/us-west-2", [("ui", .serve)]),
            outcome("saas:dockerhub", [("ui", .serve), ("api", .deliver)]),
            outcome("zone:aws/us-west-2/us-west-2a", [("api", .serve)]),
        ])
        let diff = AssessmentDiff(base: base, head: head)
        #expect(diff.regressions.map(\.description) == [
            "ui in region:aws/us-west-2 (serve)", "api in saas:dockerhub (deliver)", "ui in saas:dockerhub (serve)",
            "api in zone:aws/us-west-2/us-west-2a (serve)",
        ])
        #expect(diff.resolutions.map(\.description) == ["api in region:aws/us-east-1 (serve)", "ui in saas:quay (serve)"])
        #expect(diff.unchanged.map(\.description) == ["ui in region:aws/us-east-1 (serve)"])
        // Only same entrypoint, same phase, same scenario kind makes a move: `api` went from a
        // region to a zone, which is not the same dependency moving.
        #expect(diff.moves.map { "\($0.resolution.scenario.id) -> \($0.regression.scenario.id)" } == ["saas:quay -> saas:dockerhub"])
    }

    @Test func pairsMovesInScenarioOrder() {
        let base = assessment([
            outcome("region:aws/us-east-1", [("ui", .serve)]),
            outcome("service:aws/us-east-1/s3", [("ui", .serve)]),
        ])
        let head = assessment([
            outcome("region:aws/eu-west-1", [("ui", .serve)]),
            outcome("service:aws/eu-west-1/s3", [("ui", .serve)]),
        ])
        let diff = AssessmentDiff(base: base, head: head)
        #expect(diff.moves.map { "\($0.resolution.scenario.id) -> \($0.regression.scenario.id)" } == [
            "region:aws/us-east-1 -> region:aws/eu-west-1", "service:aws/us-east-1/s3 -> service:aws/eu-west-1/s3",
        ])
    }

    @Test func identicalAssessmentsDiffToNothing() {
        let same = assessment([outcome("saas:quay", [("ui", .serve)])])
        let diff = AssessmentDiff(base: same, head: same)
        #expect(diff.regressions.isEmpty && diff.resolutions.isEmpty && diff.moves.isEmpty)
        #expect(diff.unchanged.count == 1)
    }
}
