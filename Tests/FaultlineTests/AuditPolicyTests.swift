import Faultline
import Foundation
import Model
import Report
import Testing
import TestSupport

/// The rules that name an audit's exposures: the built-in pack, the range tip's
/// `.faultline/policies/`, then `--policies`.
@Suite("Audit policies")
struct AuditPolicyTests {
    /// The safe layout, then the move to S3 us-east-1, then `extra` committed at the tip.
    static func history(tipFiles: [(String, String)]) throws -> Scratch {
        let s = try AuditFixture.make()
        try s.write("k8s/ui.yaml", AuditFixture.manifest(assets: AuditFixture.bucket))
        try s.commit("Serve UI assets from S3")
        for (path, text) in tipFiles { try s.write(path, text) }
        try s.commit("Rules as they are today")
        return s
    }

    static func s3Rules(_ report: AuditReport) -> [String: Diagnostic.Severity] {
        var rules: [String: Diagnostic.Severity] = [:]
        for exposure in report.end.open.map(\.exposure) where exposure.scenario == AuditFixture.s3Scenario { rules[exposure.rule] = exposure.severity }
        return rules
    }

    static let downgrade = """
        rules:
          - id: single-region
            severity: warning
            change: added
            phase: serve
            kinds: [region, service]
        """

    @Test("the range tip's rules judge every commit, the earlier ones included")
    func tipRulesApply() throws {
        let s = try Self.history(tipFiles: [(".faultline/policies/team.yaml", Self.downgrade)])
        let report = try Audit.report(AuditRequest(repo: s.path("repo")))
        #expect(Self.s3Rules(report)["single-region"] == .warning)
        // The exposure was introduced before the rule file existed and is named by it there too.
        let introduced = report.steps.flatMap(\.introduced).filter { $0.scenario == AuditFixture.s3Scenario && $0.rule == "single-region" }
        #expect(introduced.map(\.severity) == [.warning])
        // Without the tip's file the built-in severity applies.
        let before = try Audit.report(AuditRequest(repo: s.path("repo"), range: "HEAD~1"))
        #expect(Self.s3Rules(before)["single-region"] == .error)
    }

    @Test("--policies applies after the tip's rules, and a disabled rule names nothing")
    func folderRulesApply() throws {
        let s = try Self.history(tipFiles: [(".faultline/policies/team.yaml", Self.downgrade)])
        try s.write("rules/off.yaml", "rules:\n  - id: single-region\n    enabled: false\n", in: "extra")
        let report = try Audit.report(AuditRequest(repo: s.path("repo"), policies: s.path("extra/rules")))
        let rules = Set(report.end.open.map(\.exposure.rule))
        #expect(!rules.contains("single-region"))
        // The other rules still speak: the UI's whole provider is one place too.
        #expect(rules.contains("single-provider"))
    }

    @Test("rule files with errors stop the audit, naming the file and line")
    func invalidRulesStop() throws {
        let s = try Self.history(tipFiles: [(".faultline/policies/bad.yaml", "rules:\n  - id: x\n    severity: fatal\n")])
        #expect {
            try Audit.report(AuditRequest(repo: s.path("repo")))
        } throws: { error in
            guard case AuditError.policies(.invalidPolicies(let errors)) = error, errors.role == .auditTip else { return false }
            return errors.repository.contains { $0.path == ".faultline/policies/bad.yaml" && $0.line == 3 }
        }
        #expect(throws: AuditError.policies(.unreadablePolicies(s.path("nowhere")))) {
            try Audit.report(AuditRequest(repo: s.path("repo"), range: "HEAD~1", policies: s.path("nowhere")))
        }
    }
}
