import Foundation
import Report
import Testing

@Suite struct JSONRendererTests {
    func parse(_ report: CheckReport = ReportFixture.report()) throws -> [String: Any] {
        let data = Data(JSONRenderer.render(report).utf8)
        return try #require(try JSONSerialization.jsonObject(with: data) as? [String: Any])
    }

    @Test func topLevelKeysAreTheSchemasAndNoOthers() throws {
        let json = try parse()
        // docs/design.md §4, then the documented extras (docs/report-schema.md).
        let design: Set = ["schemaVersion", "base", "head", "verdict", "findings", "resolved", "diagnostics", "stats"]
        let extras: Set = ["tool", "unreadable", "scenarios", "topologyChanges"]
        #expect(Set(json.keys) == design.union(extras))
        #expect(json["schemaVersion"] as? Int == 1)
        #expect(json["verdict"] as? String == "fail")
        #expect((json["head"] as? [String: Any])?["commit"] as? String == ReportFixture.headCommit)
        #expect((json["base"] as? [String: Any])?["source"] as? String == "--base origin/main")
    }

    @Test func findingsCarryEverySchemaField() throws {
        let json = try parse()
        let findings = try #require(json["findings"] as? [[String: Any]])
        let resolved = try #require(json["resolved"] as? [[String: Any]])
        #expect(findings.count == 4 && resolved.count == 2)
        let required: Set = ["fingerprint", "rule", "severity", "change", "phase", "entrypoint", "scenario", "chain", "hops", "locations", "message", "accepted"]
        let optional: Set = ["acceptance", "movedFrom", "domains"]
        for finding in findings + resolved {
            #expect(required.isSubset(of: finding.keys))
            #expect(Set(finding.keys).subtracting(required).isSubset(of: optional))
            let scenario = try #require(finding["scenario"] as? [String: Any])
            #expect(Set(scenario.keys) == ["id", "kind"])
            for location in try #require(finding["locations"] as? [[String: Any]]) {
                #expect(location["path"] is String)
                #expect(Set(location.keys).isSubset(of: ["path", "line", "commit"]))
            }
        }
        let accepted = try #require(findings.first { $0["rule"] as? String == "single-saas" })
        #expect(accepted["accepted"] as? Bool == true)
        #expect(accepted["acceptance"] as? String == "moving to ECR this quarter (until 2026-12-31)")
        #expect(Set(resolved.compactMap { $0["change"] as? String }) == ["resolved"])
    }

    @Test func diagnosticsHaveSeverityPathLineAndMessage() throws {
        let json = try parse()
        let diagnostics = try #require(json["diagnostics"] as? [[String: Any]])
        #expect(diagnostics.count == 2)
        #expect(diagnostics[0]["severity"] as? String == "warning" && diagnostics[0]["line"] as? Int == 3)
        #expect(diagnostics[1]["detail"] as? String == "templates are not rendered")
        #expect(diagnostics[0]["detail"] == nil)
        let unreadable = try #require(json["unreadable"] as? [[String: Any]])
        #expect(unreadable.first?["path"] as? String == "k8s/broken.yaml")
    }

    @Test func aPassingReportSaysPass() throws {
        let json = try parse(ReportFixture.report(findings: [], resolved: [], unreadable: []))
        #expect(json["verdict"] as? String == "pass")
        #expect((json["findings"] as? [Any])?.isEmpty == true)
    }
}
