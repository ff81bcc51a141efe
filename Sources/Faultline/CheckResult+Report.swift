import Model
import Report
import Simulation

extension CheckResult {
    /// The format-independent report of this check.
    public func report(tool: String) -> CheckReport {
        CheckReport(
            tool: tool,
            base: .init(commit: base.commit?.hex, source: baseSource),
            head: .init(commit: head.commit?.hex),
            findings: evaluation.findings, resolved: evaluation.resolved,
            diagnostics: diagnostics, unreadable: unreadable, unreadableFails: unreadableFails,
            scenarios: scenarioRows(), topologyChanges: topologyDiff,
            stats: [
                "files": Double(stats.files), "parsed": Double(stats.parsed), "reused": Double(stats.reused),
                "components": Double(stats.components), "scenarios": Double(stats.scenarios),
                "readSeconds": stats.readSeconds, "linkSeconds": stats.linkSeconds,
                "simulateSeconds": stats.simulateSeconds, "evaluateSeconds": stats.evaluateSeconds,
            ],
            standing: standing)
    }

    /// The scenarios whose exposures differ between base and head, or that a finding names:
    /// the rows of the scenario | base | head table.
    func scenarioRows(limit: Int = 50) -> [CheckReport.ScenarioRow] {
        func exposed(_ assessment: Assessment, _ phase: Requirement.Phase) -> [String: [String]] {
            var result: [String: [String]] = [:]
            for exposure in assessment.exposures where exposure.phase == phase {
                result[exposure.scenario.id, default: []].append(exposure.entrypoint)
            }
            return result
        }
        let before = exposed(baseAssessment, .serve), after = exposed(headAssessment, .serve)
        let shipBefore = exposed(baseAssessment, .deliver), shipAfter = exposed(headAssessment, .deliver)
        let named = Set((evaluation.findings + evaluation.resolved).map(\.scenario.id))
        var rows: [CheckReport.ScenarioRow] = []
        for scenario in suite.scenarios {
            let b = before[scenario.id] ?? [], h = after[scenario.id] ?? []
            let sb = shipBefore[scenario.id] ?? [], sh = shipAfter[scenario.id] ?? []
            guard b != h || sb != sh || named.contains(scenario.id) else { continue }
            rows.append(.init(
                id: scenario.id, kind: scenario.kindName, base: b.sorted(), head: h.sorted(), baseCannotShip: sb.sorted(),
                headCannotShip: sh.sorted()))
        }
        return Array(rows.prefix(limit))
    }
}
