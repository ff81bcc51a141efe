import Foundation
import Testing
import TestSupport

@Suite struct PoliciesCommandTests {
    static let config = WeaveFixture.config

    static func deployment(image: String) -> String {
        """
        apiVersion: apps/v1
        kind: Deployment
        metadata: {name: ui, namespace: weave}
        spec:
          replicas: 3
          template:
            spec:
              containers:
                - name: ui
                  image: \(image)
        """
    }

    /// The table's rows as `id → [severity, change, phase, kinds, origin, source]`.
    func rows(_ output: String) -> [String: [String]] {
        var rows: [String: [String]] = [:]
        for line in output.split(separator: "\n").dropFirst() {
            let cells = line.split(separator: " ").map(String.init)
            rows[cells[0]] = Array(cells.dropFirst())
        }
        return rows
    }

    @Test func listShowsEachRuleAndTheLayerThatDefinedIt() throws {
        let s = try Scratch()
        try s.initRepository()
        try s.write(".faultline/policies/team.yaml", "rules:\n  - id: single-zone\n    severity: error\n    kinds: [zone]\n  - id: team-any\n    severity: note\n    change: any\n")
        try s.commit("team rules")
        // Only committed rules count: check reads them from a commit, never the working tree.
        try s.write(".faultline/policies/team.yaml", "rules:\n  - id: single-zone\n    enabled: false\n")
        try s.write("extra/ci.yaml", "rules:\n  - id: single-saas\n    severity: warning\n    kinds: [saas]\n    phase: deliver\n")
        let result = try FaultlineBinary.run(["policies", "list", "--policies", s.path("repo/extra")], in: s)
        #expect(result.status == 0, "\(result.errors)")
        #expect(result.output.hasPrefix("RULE "))
        let table = rows(result.output)
        #expect(table["single-region"] == ["error", "added", "serve", "region,service", "built-in", "Policies/rules/default.yaml:19"])
        #expect(table["single-zone"] == ["error", "added", "both", "zone", "repository", ".faultline/policies/team.yaml:2"])
        #expect(table["team-any"] == ["note", "any", "both", "all", "repository", ".faultline/policies/team.yaml:5"])
        #expect(table["single-saas"] == ["warning", "added", "deliver", "saas", "--policies", s.path("repo/extra/ci.yaml") + ":2"])
        #expect(table["expired-acceptance"]?.prefix(4) == ["error", "-", "-", "-"])
        #expect(table["global-service"]?.prefix(4) == ["warning", "added", "serve", "global-service"])
        #expect(table.count == 10)
        #expect(table["unknown-placement"]?.prefix(4) == ["warning", "added", "serve", "unknown"])
    }

    @Test func listOfAnotherRevisionAndOfDisabledRules() throws {
        let s = try Scratch()
        try s.initRepository()
        try s.write(".faultline/policies/off.yaml", "rules:\n  - id: delivery-path\n    enabled: false\n")
        try s.commit("no delivery rule")
        try s.write(".faultline/policies/off.yaml", "rules: []\n")
        try s.commit("delivery rule back")
        let old = try FaultlineBinary.run(["policies", "list", "--revision", "HEAD~1"], in: s)
        #expect(old.status == 0)
        #expect(rows(old.output)["delivery-path"]?.prefix(1) == ["off"])
        let now = try FaultlineBinary.run(["policies", "list"], in: s)
        #expect(rows(now.output)["delivery-path"]?.prefix(1) == ["warning"])
    }

    @Test func listExitsTwoWhenARuleFileHasAnError() throws {
        let s = try Scratch()
        try s.initRepository()
        try s.write(".faultline/policies/bad.yaml", "rules:\n  - id: single-zone\n    severity: fatal\n")
        try s.commit("bad rule")
        let result = try FaultlineBinary.run(["policies", "list"], in: s)
        #expect(result.status == 2)
        #expect(result.errors.contains(".faultline/policies/bad.yaml:3: error: severity must be error, warning or note"))
        // The misspelt severity was read as the default; the rule must not look in force.
        #expect(rows(result.output)["single-zone"] == ["invalid", "-", "-", "-", "repository", ".faultline/policies/bad.yaml:2"])
        #expect(rows(result.output)["single-region"]?.first == "error")
    }

    @Test func listOutsideARepositoryExitsThree() throws {
        let s = try Scratch()
        try FileManager.default.createDirectory(atPath: s.path("plain"), withIntermediateDirectories: true)
        let result = try FaultlineBinary.run(["policies", "list", "--repo", s.path("plain")], in: s, dir: "")
        #expect(result.status == 3)
        #expect(result.errors.contains("is not inside a git repository"))
    }

    @Test func validatePrintsEveryLocatedProblemAndExitsTwo() throws {
        let s = try Scratch()
        try s.initRepository()
        try s.write("rules/a.yaml", "rules:\n  - id: a\n    severity: fatal\n    phase: build\n")
        try s.write("rules/b.yml", "version: 1\nrules:\n  - severity: error\n  - id: fine\n    severity: warning\n")
        try s.write("rules/notes.txt", "not a rule file")
        let result = try FaultlineBinary.run(["policies", "validate", "rules"], in: s)
        #expect(result.status == 2)
        #expect(result.output.split(separator: "\n") == [
            "rules/a.yaml:3: error: severity must be error, warning or note",
            "rules/a.yaml:4: error: phase must be serve or deliver",
            "rules/b.yml:3: error: a rule needs an id",
            "2 files, 2 rules: 3 errors, 0 warnings",
        ])
    }

    @Test func validateOfGoodFilesExitsZero() throws {
        let s = try Scratch()
        try s.initRepository()
        try s.write("rules/a.yaml", "rules:\n  - id: a\n    severity: note\n    kinds: [pair]\n")
        let result = try FaultlineBinary.run(["policies", "validate", s.path("repo/rules")], in: s, dir: "")
        #expect(result.status == 0)
        #expect(result.output == "1 file, 1 rule: 0 errors, 0 warnings")
    }

    @Test func validateWithoutAFolderReadsTheWorkingTreesPolicies() throws {
        let s = try Scratch()
        try s.initRepository()
        try s.write("k8s/ui.yaml", "kind: Namespace\n")
        try s.commit("one")
        let none = try FaultlineBinary.run(["policies", "validate"], in: s, dir: "repo/k8s")
        #expect(none.status == 0 && none.output.contains("nothing to validate"))
        // Not committed yet: validate is for rules being edited.
        try s.write(".faultline/policies/team.yaml", "rules:\n  - id: x\n    severity: error\n    kinds: [continent]\n")
        let result = try FaultlineBinary.run(["policies", "validate"], in: s, dir: "repo/k8s")
        #expect(result.status == 2)
        #expect(result.output.hasPrefix(".faultline/policies/team.yaml:4: error: unknown scenario kind 'continent'"))
    }

    @Test func validateOfAMissingFolderExitsTwo() throws {
        let s = try Scratch()
        try s.initRepository()
        let result = try FaultlineBinary.run(["policies", "validate", "no-such-folder"], in: s)
        #expect(result.status == 2)
        #expect(result.errors.contains("cannot read the policy folder or file no-such-folder"))
    }

    @Test func aChangeCannotSwitchOffTheRuleThatJudgesIt() throws {
        let s = try Scratch()
        try s.initRepository()
        try s.write(".faultline.yaml", Self.config)
        try s.write("k8s/ui.yaml", Self.deployment(image: "gcr.io/weave/ui:1.0"))
        try s.commit("ui from gcr.io")
        try s.write("k8s/ui.yaml", Self.deployment(image: "quay.io/weaveworks/ui:1.0"))
        try s.write(".faultline/policies/off.yaml", "rules:\n  - id: single-saas\n    enabled: false\n")
        try s.commit("ui from quay.io, and the SaaS rule off")
        let result = try FaultlineBinary.run(["check", "--base", "HEAD~1", "--format", "json"], in: s)
        #expect(result.status == 1)
        #expect(result.output.contains("\"rule\" : \"single-saas\""))
        // The same rule file in the base commit does switch it off for the next change.
        let listed = try FaultlineBinary.run(["policies", "list"], in: s)
        #expect(rows(listed.output)["single-saas"]?.prefix(1) == ["off"])
    }
}
