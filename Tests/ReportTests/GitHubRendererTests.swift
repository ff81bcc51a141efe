import Model
import Policy
import Report
import Testing

/// Workflow commands must not be injectable through file names or messages.
@Suite struct GitHubRendererTests {
    static let path = "a%0A::set-output name=x::y"
    static let message = "100% down\n::error::boom\r\nthe end"

    static func hostileReport() -> CheckReport {
        let finding = Finding(
            rule: "single-region", severity: .error, change: "added",
            exposure: ReportFixture.exposure("k8s:Deployment/a,b/ui", "region:aws/us-east-1"), chain: [],
            locations: [ReportFixture.at(path, 3)], message: message)
        let unreadable = Diagnostic(.error, "bad\n::warning::x", path: "b,c::d.yaml", line: 1)
        return ReportFixture.report(findings: [finding], resolved: [], unreadable: [unreadable])
    }

    /// One workflow command: `::name props::data`.
    struct Command {
        let name: String
        let properties: [String: String]
        let data: String

        init?(_ line: Substring) {
            guard line.hasPrefix("::") else { return nil }
            let rest = line.dropFirst(2)
            guard let end = rest.firstRange(of: "::") else { return nil }
            let head = rest[..<end.lowerBound]
            data = String(rest[end.upperBound...])
            let parts = head.split(separator: " ", maxSplits: 1)
            name = String(parts.first ?? "")
            var properties: [String: String] = [:]
            for pair in parts.count > 1 ? parts[1].split(separator: ",") : [] {
                guard let equals = pair.firstIndex(of: "=") else { return nil }
                properties[String(pair[..<equals])] = String(pair[pair.index(after: equals)...])
            }
            self.properties = properties
        }
    }

    /// The runner's unescaping (actions/runner `ActionCommand`).
    static func unescape(_ text: String) -> String {
        text.replacing("%0D", with: "\r").replacing("%0A", with: "\n").replacing("%3A", with: ":").replacing("%2C", with: ",")
            .replacing("%25", with: "%")
    }

    /// The change's warnings are annotations, as many as GitHub shows, then one notice
    /// counting the rest; the base's standing ones are left out.
    @Test func diagnosticsAreAnnotatedUpToTheLimit() {
        let many = (1...40).map { Diagnostic(.warning, "warning \($0)", path: "k8s/a.yaml", line: $0) }
        let standing = Diagnostic(.warning, "old", path: "chart/t.yaml", line: 1)
        let report = CheckReport(
            tool: "t", base: .init(commit: nil, source: nil), head: .init(commit: nil), findings: [], resolved: [],
            diagnostics: many + [standing], unreadable: [], unreadableFails: true, scenarios: [],
            topologyChanges: TopologyDiff(base: Topology(components: [Component]()), head: Topology(components: [Component]())), stats: [:],
            standing: [standing])
        let lines = GitHubRenderer.render(report).split(separator: "\n")
        #expect(lines.filter { $0.hasPrefix("::warning") }.count == GitHubRenderer.annotationsShown)
        #expect(lines.contains("::notice title=faultline::30 more diagnostics: `faultline check --format text` lists them"))
        #expect(!lines.contains { $0.contains("old") })
    }

    @Test func hostileNamesAndMessagesCannotStartACommand() throws {
        let output = GitHubRenderer.render(Self.hostileReport())
        #expect(!output.contains("\r"))
        let lines = output.split(separator: "\n", omittingEmptySubsequences: false)
        #expect(lines.last == "")
        let commandLines = lines.dropLast()
        // Exactly one line per command: the finding, the unreadable file, the fixture's warning
        // and the verdict.
        #expect(commandLines.count == 4)
        let commands = commandLines.compactMap(Command.init)
        #expect(commands.count == 4)
        #expect(commands.map(\.name) == ["error", "error", "warning", "error"])
        for command in commands {
            for value in command.properties.values {
                #expect(!value.contains("::") && !value.contains(":") && !value.contains(",") && !value.contains("\n"))
            }
        }
        let finding = commands[0]
        #expect(finding.properties["file"] == "a%250A%3A%3Aset-output name=x%3A%3Ay")
        #expect(finding.properties["file"].map(Self.unescape) == Self.path)
        #expect(finding.properties["line"] == "3")
        #expect(finding.data == "100%25 down%0A::error::boom%0D%0Athe end")
        #expect(Self.unescape(finding.data) == Self.message)
        #expect(commands[1].properties["file"].map(Self.unescape) == "b,c::d.yaml")
        #expect(Self.unescape(commands[1].data) == "bad\n::warning::x")
    }

    @Test func theVerdictIsAnErrorWhenItFailsAndANoticeWhenItPasses() throws {
        let failing = try #require(GitHubRenderer.render(ReportFixture.report()).split(separator: "\n").last)
        #expect(failing.hasPrefix("::error title=faultline::FAIL: "))
        let passing = try #require(GitHubRenderer.render(ReportFixture.report(findings: [], resolved: [], unreadable: [])).split(separator: "\n").last)
        #expect(passing.hasPrefix("::notice title=faultline::PASS: "))
    }

    @Test func acceptedFindingsAreNotAnnotated() {
        let output = GitHubRenderer.render(ReportFixture.report())
        #expect(!output.contains("single-saas"))
        #expect(output.split(separator: "\n").allSatisfy { $0.hasPrefix("::error ") || $0.hasPrefix("::warning ") || $0.hasPrefix("::notice ") })
    }
}
