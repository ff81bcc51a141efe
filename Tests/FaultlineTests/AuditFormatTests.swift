import Faultline
import Foundation
import Model
@testable import Report
import Testing

@Suite("Audit formats")
struct AuditFormatTests {
    static func commit(_ n: Int, subject: String = "Change") -> AuditCommit {
        AuditCommit(
            id: String(repeating: String(n), count: 40), parents: [], author: "Ada <Lovelace>", email: "ada@example.com",
            time: Int64(1_700_000_000 + n * 86_400), date: "2023-11-1\(n)T22:13:20Z", subject: subject)
    }

    static let s3 = AuditExposure(
        fingerprint: "f1", rule: "single-region", severity: .error, entrypoint: "k8s:Ingress/weave/ui", scenario: "service:aws/us-east-1/s3",
        kind: "service", phase: "serve", chain: ["k8s:Ingress/weave/ui", "url:weave-ui-assets.s3.amazonaws.com"], path: "k8s/ui.yaml", line: 38)
    static let zone = AuditExposure(
        fingerprint: "f2", rule: "single-zone", severity: .warning, entrypoint: "k8s:Ingress/weave/ui", scenario: "zone:aws/us-east-1/us-east-1a",
        kind: "zone", phase: "serve", chain: ["k8s:Ingress/weave/ui"], path: nil, line: nil)

    static let report: AuditReport = {
        let start = AuditStart(
            range: "HEAD", tip: String(repeating: "3", count: 40), firstParent: true, since: nil, commits: 4, boundary: [], baseline: nil,
            open: [], shard: nil)
        let steps = [
            AuditStep(index: 0, commit: commit(1, subject: "<script>alert(1)</script>, \"quoted\""), introduced: [s3, zone], resolved: [], diagnostics: []),
            AuditStep(
                index: 2, commit: commit(3), introduced: [], resolved: [zone],
                diagnostics: [Diagnostic(.error, "cannot parse YAML", path: "k8s/ui.yaml", line: 4)]),
        ]
        var ledger = AuditLedger()
        steps.forEach { ledger.record($0) }
        return AuditReport(start: start, steps: steps, end: ledger.end(head: commit(3), commits: 4, open: [s3]))
    }()

    @Test("the ledger blames open exposures and pairs what came and went")
    func ledger() {
        let end = Self.report.end
        #expect(end.open.map(\.exposure) == [Self.s3])
        #expect(end.open.first?.introducedBy?.id == Self.commit(1).id)
        #expect(end.open.first?.days == 2)
        #expect(end.cameAndWent.map(\.exposure) == [Self.zone])
        #expect(end.cameAndWent.first?.resolvedBy == Self.commit(3))
        #expect(end.introduced == 2 && end.resolved == 1 && end.changed == 2)
    }

    @Test("jsonl: one record a line, start first and end last, and it reads back to the same report")
    func jsonlRoundTrip() throws {
        let text = AuditFormat.jsonl.render(Self.report)
        let lines = text.split(separator: "\n")
        #expect(lines.count == 4)
        #expect(lines.first?.contains("\"type\":\"start\"") == true)
        #expect(lines.last?.contains("\"type\":\"end\"") == true)
        let merged = try AuditMerger.merge([("one", text)])
        #expect(merged == Self.report)
    }

    @Test("csv quotes commas, quotes and has one row per event")
    func csv() {
        let rows = AuditFormat.csv.render(Self.report).components(separatedBy: "\r\n").filter { !$0.isEmpty }
        #expect(rows.count == 1 + 2 + 1 + 1 + 1)
        #expect(rows[1].hasPrefix("introduced,1111111111111111111111111111111111111111,"))
        #expect(rows[1].contains("\"<script>alert(1)</script>, \"\"quoted\"\"\""))
        #expect(rows.contains { $0.hasPrefix("diagnostic,") && $0.contains("cannot parse YAML") })
        #expect(rows.last?.hasPrefix("open,1111111111111111111111111111111111111111,") == true)
    }

    @Test("csv cells from the repository that a spreadsheet would run as a formula are made text")
    func csvFormulaInjection() {
        let commit = AuditCommit(
            id: String(repeating: "1", count: 40), parents: [], author: "+cmd|' /C calc'!A0", email: "@SUM(1+1)",
            time: 1_700_000_000, date: "2023-11-14T22:13:20Z", subject: "=HYPERLINK(\"https://evil.example\",\"click\")")
        let exposure = AuditExposure(
            fingerprint: "f1", rule: "single-region", severity: .error, entrypoint: "=1+1", scenario: "service:aws/us-east-1/s3",
            kind: "service", phase: "serve", chain: ["\t=1+1"], path: "-2+3.yaml", line: 38)
        let step = AuditStep(
            index: 0, commit: commit, introduced: [exposure], resolved: [],
            diagnostics: [Diagnostic(.error, "=cannot parse", path: "@x.yaml", line: 1)])
        let start = AuditStart(
            range: "HEAD", tip: commit.id, firstParent: true, since: nil, commits: 1, boundary: [], baseline: nil, open: [], shard: nil)
        var ledger = AuditLedger()
        ledger.record(step)
        let report = AuditReport(start: start, steps: [step], end: ledger.end(head: commit, commits: 1, open: []))
        let rows = AuditFormat.csv.render(report).components(separatedBy: "\r\n").filter { !$0.isEmpty }
        let introduced = rows[1]
        #expect(introduced.contains(",\"'=HYPERLINK(\"\"https://evil.example\"\",\"\"click\"\")\","))
        #expect(introduced.contains(",'+cmd|' /C calc'!A0,'@SUM(1+1),"))
        #expect(introduced.contains(",'=1+1,") && introduced.contains(",'-2+3.yaml,38,"))
        #expect(introduced.hasSuffix(",'\t=1+1"))
        #expect(rows[2].hasPrefix("diagnostic,") && rows[2].contains(",'@x.yaml,1,,'=cannot parse"))
        // Values Faultline writes itself are left as they are.
        #expect(introduced.hasPrefix("introduced,\(commit.id),\(commit.date),"))
    }

    @Test("html is one self-contained page: inline SVG timeline, tables with commit ids, nothing fetched or run")
    func html() {
        let html = AuditFormat.html.render(Self.report)
        #expect(html.hasPrefix("<!DOCTYPE html>"))
        #expect(html.contains("<svg id=\"timeline\""))
        #expect(html.contains("data-kind=\"service\""))
        #expect(html.contains("data-kind=\"zone\""))
        #expect(html.contains("<table id=\"introduced\">"))
        #expect(html.contains("<table id=\"resolved\">"))
        #expect(html.contains("<table id=\"open\">"))
        #expect(html.contains("title=\"1111111111111111111111111111111111111111\""))
        #expect(!html.contains("<script"))
        #expect(html.contains("&lt;script&gt;"))
        for external in ["src=", "href=", "@import", "url(", "https://"] { #expect(!html.contains(external), "\(external)") }
    }

    @Test("the timeline steps up when an exposure is introduced and down when it is resolved")
    func timelineSeries() {
        let series = AuditHTMLRenderer.series(Self.report)
        #expect(series.map(\.kind) == ["service", "zone"])
        #expect(series[1].points.map(\.count) == [0, 1, 0, 0])
        #expect(series[1].points.map(\.x) == [0, 1, 3, 4])
        #expect(series[0].points.map(\.count) == [0, 1, 1, 1])
    }

    @Test("table names commits, authors and what is open")
    func table() {
        let text = AuditFormat.table.render(Self.report)
        #expect(text.contains("+ error single-region: k8s:Ingress/weave/ui down in service:aws/us-east-1/s3 (serve) at k8s/ui.yaml:38"))
        #expect(text.contains("- warning single-zone"))
        #expect(text.contains("! k8s/ui.yaml:4: error: cannot parse YAML"))
        #expect(text.contains("introduced by 1111111 2023-11-11 Ada <Lovelace>"))
        #expect(text.contains("open 2 days"))
    }

    @Test("progress line: done of total, rate and time left")
    func progress() {
        #expect(AuditProgress(done: 1_200, total: 5_000, elapsedSeconds: 3).line == "audit: 1200/5000 commits (24%), 400/s, ETA 10s")
        #expect(AuditProgress(done: 0, total: 10, elapsedSeconds: 0).line == "audit: 0/10 commits (0%), 0/s, ETA ?")
        #expect(AuditProgress(done: 10, total: 100_000, elapsedSeconds: 1).line.hasSuffix("ETA 2h46m"))
    }

    @Test("--since dates", arguments: [
        ("1970-01-01", Int64(0)), ("2023-11-14T22:13:20Z", Int64(1_700_000_000)), ("2000-03-01", Int64(951_868_800)),
    ])
    func sinceDates(text: String, time: Int64) throws {
        #expect(try AuditRequest.since(text).time == time)
    }

    @Test("--since refuses what is not a date", arguments: ["yesterday", "2023-13-01", "2023-11-14 10:00", "20231114"])
    func sinceRefuses(text: String) {
        #expect(throws: AuditError.invalidSince(text)) { try AuditRequest.since(text) }
    }
}
