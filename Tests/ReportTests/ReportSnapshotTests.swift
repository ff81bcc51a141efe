import Policy
import Report
import Testing

@Suite struct ReportSnapshotTests {
    static let files: [(ReportFormat, String)] = [
        (.text, "text.txt"), (.json, "json.json"), (.markdown, "markdown.md"), (.sarif, "sarif.sarif.json"), (.junit, "junit.xml"),
        (.github, "github.txt"),
    ]

    @Test(arguments: files)
    func everyFormatMatchesItsSnapshot(format: ReportFormat, file: String) {
        let rendered = format.render(ReportFixture.report(), rules: ReportFixture.rules)
        Snapshot.expect(rendered, matches: file)
    }

    @Test func colouredTextMatchesItsSnapshot() {
        Snapshot.expect(TextRenderer(color: true).render(ReportFixture.report()), matches: "text-color.txt")
    }

    @Test func aCleanPassMatchesItsSnapshot() {
        let report = ReportFixture.report(findings: [], resolved: [], unreadable: [])
        Snapshot.expect(ReportFormat.markdown.render(report, rules: ReportFixture.rules), matches: "markdown-pass.md")
        Snapshot.expect(ReportFormat.junit.render(report, rules: ReportFixture.rules), matches: "junit-pass.xml")
    }

    @Test(arguments: ReportFormat.allCases)
    func renderingIsDeterministic(format: ReportFormat) {
        let first = format.render(ReportFixture.report(), rules: ReportFixture.rules)
        let second = format.render(ReportFixture.report(), rules: ReportFixture.rules)
        #expect(first == second)
    }
}
