import Model
import Testing
@testable import Policy

/// A bad policy file and the located error it must give.
struct BadPolicyCase: Sendable, CustomTestStringConvertible {
    let name: String
    let yaml: String
    /// The 1-based line the error must point at.
    let line: Int
    /// A fragment of the error's summary.
    let message: String

    var testDescription: String { name }
}

@Suite struct PolicyFileReaderTests {
    static let path = ".faultline/policies/team.yaml"

    func read(_ yaml: String) -> ([Rule], [Diagnostic]) {
        PolicyFileReader.read(path: Self.path, bytes: Array(yaml.utf8))
    }

    @Test func theBuiltInPackLoadsWithoutDiagnostics() throws {
        let pack = PolicyPack.builtin()
        #expect(pack.diagnostics.isEmpty, "\(pack.diagnostics)")
        #expect(!pack.hasErrors)
        #expect(pack.rules.map(\.id) == [
            "single-region", "single-provider", "global-service", "single-saas", "single-zone", "unknown-placement", "delivery-path", "expired-acceptance",
            "unreadable-file",
        ])
        let region = try #require(pack.rule("single-region"))
        #expect(region.severity == .error && region.change == .added && region.phase == .serve)
        #expect(region.kinds == ["region", "service"])
        #expect(region.source.hasPrefix("Policies/rules/default.yaml:"))
        let zone = try #require(pack.rule("single-zone"))
        #expect(zone.severity == .warning && zone.kinds == ["zone", "host"])
        let global = try #require(pack.rule("global-service"))
        #expect(global.severity == .warning && global.kinds == ["global-service"] && global.phase == .serve)
        #expect(pack.rule("single-provider")?.kinds == ["provider"])
        let delivery = try #require(pack.rule("delivery-path"))
        #expect(delivery.phase == .deliver && delivery.kinds.isEmpty)
    }

    @Test func aGoodFileGivesItsRulesWithTheirSource() throws {
        let (rules, diagnostics) = read("""
            version: 1
            rules:
              - id: any-region
                description: Every region exposure, old or new.
                severity: note
                change: any
                phase: serve
                kinds: [region, pair]
                message: "{entrypoint} needs {root} ({kind}, {phase})"
                placedMessage: "{entrypoint} is itself in {scenario}"
            """)
        #expect(diagnostics.isEmpty)
        let rule = try #require(rules.first)
        #expect(rules.count == 1)
        #expect(rule.id == "any-region" && rule.severity == .note && rule.change == .any && rule.phase == .serve)
        #expect(rule.kinds == ["region", "pair"] && rule.enabled)
        #expect(rule.source == "\(Self.path):3")
        #expect(rule.message(["entrypoint": "ui", "root": "bucket", "kind": "region", "phase": "serve"]) == "ui needs bucket (region, serve)")
        #expect(rule.placedMessage(["entrypoint": "ui", "scenario": "region:aws/us-east-1"]) == "ui is itself in region:aws/us-east-1")
    }

    static let badCases: [BadPolicyCase] = [
        BadPolicyCase(
            name: "placedMessage that is not a string", yaml: "rules:\n  - id: a\n    severity: error\n    placedMessage: [x]\n", line: 4,
            message: "placedMessage must be a string"),
        BadPolicyCase(name: "unknown top-level key", yaml: "version: 1\nrulez: []\nrules: []\n", line: 2, message: "unknown key 'rulez'"),
        BadPolicyCase(
            name: "unknown key in a rule", yaml: "rules:\n  - id: a\n    severity: error\n    sevrity: warning\n", line: 4,
            message: "unknown key 'sevrity' in a rule"),
        BadPolicyCase(
            name: "bad severity", yaml: "rules:\n  - id: a\n    severity: fatal\n", line: 3, message: "severity must be error, warning or note"),
        BadPolicyCase(
            name: "bad change", yaml: "rules:\n  - id: a\n    severity: error\n    change: removed\n", line: 4,
            message: "change must be added or any"),
        BadPolicyCase(
            name: "bad phase", yaml: "rules:\n  - id: a\n    severity: error\n    phase: build\n", line: 4,
            message: "phase must be serve or deliver"),
        BadPolicyCase(
            name: "bad kind in a list", yaml: "rules:\n  - id: a\n    severity: error\n    kinds:\n      - region\n      - continent\n", line: 6,
            message: "unknown scenario kind 'continent'"),
        BadPolicyCase(
            name: "bad kind as a scalar", yaml: "rules:\n  - id: a\n    severity: error\n    kinds: continent\n", line: 4,
            message: "unknown scenario kind 'continent'"),
        BadPolicyCase(name: "missing id", yaml: "rules:\n  - id: a\n    severity: error\n  - severity: error\n", line: 4, message: "a rule needs an id"),
        BadPolicyCase(name: "empty id", yaml: "rules:\n  - id: \"\"\n    severity: error\n", line: 2, message: "a rule needs an id"),
        BadPolicyCase(name: "missing severity", yaml: "rules:\n  - id: a\n    change: any\n", line: 2, message: "rule a needs a severity"),
        BadPolicyCase(name: "bad enabled", yaml: "rules:\n  - id: a\n    severity: error\n    enabled: maybe\n", line: 4, message: "enabled must be true or false"),
        BadPolicyCase(name: "wrong version", yaml: "version: 2\nrules: []\n", line: 1, message: "version must be 1"),
        BadPolicyCase(name: "no rules list", yaml: "version: 1\nrules: single-region\n", line: 1, message: "a policy file needs a list under rules:"),
    ]

    @Test(arguments: badCases)
    func everyBadFieldGivesALocatedError(_ bad: BadPolicyCase) {
        let (_, diagnostics) = read(bad.yaml)
        let errors = diagnostics.filter { $0.severity == .error }
        #expect(errors.count == 1, "\(diagnostics)")
        let error = errors.first
        #expect(error?.path == Self.path)
        #expect(error?.line == bad.line, "\(diagnostics)")
        #expect(error?.summary.contains(bad.message) == true, "\(diagnostics)")
    }

    @Test func aRuleWithBadFieldsIsStillReadSoLaterFilesCanOverrideIt() {
        // One bad field must not hide the others: each gets its own error.
        let (rules, diagnostics) = read("rules:\n  - id: a\n    severity: fatal\n    change: removed\n    phase: build\n")
        #expect(rules.map(\.id) == ["a"])
        #expect(diagnostics.map(\.line) == [3, 4, 5])
    }

    @Test func aYAMLSyntaxErrorIsLocatedToo() {
        let (rules, diagnostics) = read("rules:\n  - id: a\n    severity: [error\n")
        #expect(rules.isEmpty || rules.allSatisfy { $0.id == "a" })
        #expect(diagnostics.contains { $0.severity == .error && $0.path == Self.path && $0.line != nil })
    }

    @Test func aDisabledRuleNeedsNoSeverity() throws {
        let (rules, diagnostics) = read("rules:\n  - id: single-zone\n    enabled: false\n")
        #expect(diagnostics.isEmpty)
        #expect(rules.first?.enabled == false)
    }

    @Test func aLaterFileOverridesARuleByIDAndKeepsItsPlace() throws {
        var pack = PolicyPack.builtin()
        let before = pack.rules.map(\.id)
        pack.add(files: [
            (Self.path, "rules:\n  - id: single-zone\n    severity: error\n    kinds: [zone]\n  - id: team-rule\n    severity: note\n"),
            ("README.md", "rules: [not, a, policy]"),
        ])
        #expect(pack.diagnostics.isEmpty)
        #expect(pack.rules.map(\.id) == before + ["team-rule"])
        let zone = try #require(pack.rule("single-zone"))
        // An override replaces the whole rule: fields it leaves out take their defaults.
        #expect(zone.severity == .error && zone.kinds == ["zone"] && zone.phase == nil)
        #expect(zone.source == "\(Self.path):2")
        #expect(pack.rule("team-rule")?.source == "\(Self.path):5")
    }

    @Test func enabledFalseSwitchesABuiltInRuleOff() throws {
        var pack = PolicyPack.builtin()
        pack.add(files: [(Self.path, "rules:\n  - id: single-saas\n    enabled: false\n")])
        let saas = try #require(pack.rule("single-saas"))
        #expect(!saas.enabled)
        #expect(!saas.selects(kind: "saas", phase: .serve))
        #expect(pack.rule("single-region")?.selects(kind: "region", phase: .serve) == true)
    }

    @Test func aPackWithAnErrorSaysSo() {
        var pack = PolicyPack.builtin()
        pack.add(files: [(Self.path, "rules:\n  - id: single-zone\n    severity: fatal\n")])
        #expect(pack.hasErrors)
        #expect(pack.diagnostics.map(\.description) == ["\(Self.path):3: error: severity must be error, warning or note"])
    }

    @Test(arguments: [
        ("region", Requirement.Phase.serve, true), ("service", .serve, true), ("zone", .serve, false), ("region", .deliver, false),
    ])
    func selectionIsByKindAndPhase(kind: String, phase: Requirement.Phase, selected: Bool) throws {
        let rule = try #require(PolicyPack.builtin().rule("single-region"))
        #expect(rule.selects(kind: kind, phase: phase) == selected)
    }

    @Test func placeholdersAreFilledOnceAndUnknownOnesKept() {
        let rule = Rule(id: "r", description: "", severity: .error, message: "{entrypoint} in {scenario} {nope} {root")
        // A value that looks like a placeholder is not expanded again, whatever the order.
        for _ in 0..<20 {
            #expect(rule.message(["entrypoint": "a{scenario}b", "scenario": "saas:quay"]) == "a{scenario}b in saas:quay {nope} {root")
        }
    }

    @Test func theTwoSpecialRulesNeverSelectExposures() throws {
        let pack = PolicyPack.builtin()
        for id in [Rule.expiredAcceptance, Rule.unreadableFile] {
            let rule = try #require(pack.rule(id))
            #expect(!rule.selectsExposures)
            #expect(!rule.selects(kind: "region", phase: .serve))
        }
    }
}
