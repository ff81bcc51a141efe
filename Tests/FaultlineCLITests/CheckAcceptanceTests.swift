import Foundation
import Testing
import TestSupport

/// Acceptances in `.faultline.yaml`, through the built binary: a current one keeps a finding
/// from failing the check, an expired one fails it at its own line.
@Suite struct CheckAcceptanceTests {
    static func repository() throws -> Scratch {
        let s = try Scratch()
        try s.initRepository()
        try s.write(".faultline.yaml", PoliciesCommandTests.config + "\n")
        try s.write("k8s/ui.yaml", PoliciesCommandTests.deployment(image: "gcr.io/weave/ui:1.0"))
        try s.commit("ui from gcr.io")
        try s.write("k8s/ui.yaml", PoliciesCommandTests.deployment(image: "quay.io/weaveworks/ui:1.0"))
        try s.write(".faultline.yaml", PoliciesCommandTests.config + """

            accept:
              - rule: single-saas
                scenario: saas:quay
                reason: moving to ECR next quarter
                expires: 2026-12-31
              - rule: single-region
                entrypoint: k8s:Deployment/weave/ui
                scenario: service:aws/us-east-1/s3
                reason: the same move
                expires: 2026-12-31

            """)
        try s.commit("ui from quay.io, risk accepted")
        return s
    }

    func json(_ output: String) throws -> [String: Any] {
        try #require(try JSONSerialization.jsonObject(with: Data(output.utf8)) as? [String: Any])
    }

    @Test func currentAcceptancesKeepTheCheckPassing() throws {
        let s = try Self.repository()
        let result = try FaultlineBinary.run(
            ["check", "--base", "HEAD~1", "--format", "json"], in: s, environment: ["FAULTLINE_TODAY": "2026-12-31"])
        #expect(result.status == 0, "\(result.output)\n\(result.errors)")
        let report = try json(result.output)
        #expect(report["verdict"] as? String == "pass")
        let findings = try #require(report["findings"] as? [[String: Any]])
        let errors = findings.filter { $0["severity"] as? String == "error" }
        #expect(errors.count == 2 && errors.allSatisfy { $0["accepted"] as? Bool == true })
        #expect(errors.allSatisfy { ($0["acceptance"] as? String)?.hasSuffix("(until 2026-12-31)") == true })
    }

    @Test func expiredAcceptancesFailTheCheckAtTheirLines() throws {
        let s = try Self.repository()
        let result = try FaultlineBinary.run(
            ["check", "--base", "HEAD~1", "--format", "github"], in: s, environment: ["FAULTLINE_TODAY": "2027-01-01"])
        #expect(result.status == 1)
        let lines = result.output.split(separator: "\n")
        let expired = lines.filter { $0.contains("title=faultline expired-acceptance") }
        #expect(expired.count == 2)
        // The config's `accept:` entries start on lines 8 and 12.
        #expect(expired.contains { $0.hasPrefix("::error file=.faultline.yaml,line=8,") })
        #expect(expired.contains { $0.hasPrefix("::error file=.faultline.yaml,line=12,") })
        #expect(lines.contains { $0.contains("title=faultline single-saas") })
    }

    @Test func anAcceptanceNamingNoRuleInForceIsAWarningAtItsLine() throws {
        let s = try Self.repository()
        try s.write("k8s/ui.yaml", PoliciesCommandTests.deployment(image: "quay.io/weaveworks/ui:1.0") + "\n# faultline:accept single-regoin region:aws/us-east-1 expires=2027-01-31 reason=typo\n")
        try s.commit("an inline acceptance with a misspelt rule")
        let result = try FaultlineBinary.run(["check", "--base", "HEAD~1"], in: s, environment: ["FAULTLINE_TODAY": "2026-12-31"])
        #expect(result.status == 0, "\(result.output)")
        let line = try #require(result.output.split(separator: "\n").first { $0.contains("single-regoin") })
        #expect(line.contains("k8s/ui.yaml:11: warning: acceptance names rule 'single-regoin', which no rule in force has, so it covers nothing"))
        #expect(line.contains("rules an acceptance can name: single-region, single-provider"))
        // The acceptances that name real rules get no such warning.
        #expect(!result.output.contains("rule 'single-saas'") && !result.output.contains("rule 'single-region'"))
    }
}
