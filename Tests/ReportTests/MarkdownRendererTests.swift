import Model
import Policy
@testable import Report
import Testing

@Suite struct MarkdownRendererTests {
    /// A report far over GitHub's comment limit: thousands of findings with long chains.
    static func hugeReport() -> CheckReport {
        var findings: [Finding] = []
        for index in 0..<3_000 {
            let entrypoint = "k8s:Deployment/team-\(index)/service-ünïcødé-\(index)"
            let chain = [entrypoint] + (0..<6).map { "tf:module.layer\($0).aws_s3_bucket.assets_\(index)" }
            findings.append(Finding(
                rule: "single-region", severity: .error, change: "added",
                exposure: ReportFixture.exposure(entrypoint, "region:aws/us-east-1"), chain: chain,
                locations: [ReportFixture.at("k8s/team-\(index).yaml", index + 1)],
                message: "\(entrypoint) now goes down when region:aws/us-east-1 fails", domains: ["region:aws/us-east-1"]))
        }
        return ReportFixture.report(findings: findings)
    }

    @Test func aHugeReportIsCutInTheMiddleUnderTheLimit() throws {
        let markdown = MarkdownRenderer.render(Self.hugeReport())
        let bytes = markdown.utf8.count
        #expect(bytes <= 65_536)
        #expect(bytes > 60_000, "the cut should keep as much as fits, kept \(bytes)")
        #expect(markdown.hasPrefix(MarkdownRenderer.marker + "\n"))
        let note = try #require(markdown.range(of: "were cut here"))
        let offset = markdown.utf8.distance(from: markdown.startIndex, to: note.lowerBound)
        #expect(offset > bytes / 3 && offset < bytes * 2 / 3, "the note is at byte \(offset) of \(bytes)")
        // The head and the tail survive: the verdict and the last section.
        #expect(markdown.contains("Faultline: FAIL: 3000 errors"))
        #expect(markdown.contains("**Changed files that could not be read**"))
        #expect(!markdown.contains("\u{FFFD}"))
    }

    @Test func theKeptPartsAreTheFullReportsStartAndEndAndTheNoteCountsTheRest() throws {
        let full = MarkdownRenderer.untruncated(Self.hugeReport())
        let markdown = MarkdownRenderer.render(Self.hugeReport())
        let note = try #require(markdown.firstMatch(of: /\n\n… ([0-9]+) bytes of this report were cut here;[^\n]*…\n\n/))
        let cut = try #require(Int(note.1))
        let head = String(markdown[..<note.range.lowerBound])
        let tail = String(markdown[note.range.upperBound...])
        #expect(full.hasSuffix(tail))
        // The head is the full report's start plus what closes its open blocks.
        let closings = MarkdownRenderer.closings(of: head)
        let kept = try #require(full.utf8.count - cut - tail.utf8.count > 0 ? full.utf8.count - cut - tail.utf8.count : nil)
        #expect(full.utf8.prefix(kept).elementsEqual(head.utf8.prefix(kept)))
        #expect(head.utf8.count - kept <= MarkdownRenderer.maxClosingsLength)
        #expect(closings.isEmpty, "the closed head needs no more closing")
        // The tail starts at a whole finding or section.
        #expect(tail.hasPrefix("<details>") || tail.hasPrefix("**"))
    }

    @Test func theCutLeavesNoCodeBlockOrDetailsOpen() {
        let markdown = MarkdownRenderer.render(Self.hugeReport())
        let head = markdown.components(separatedBy: "were cut here")[0]
        #expect(head.components(separatedBy: "\n```").count % 2 == 1, "a code fence is left open before the note")
        #expect(head.components(separatedBy: "<details>").count == head.components(separatedBy: "</details>").count)
    }

    @Test func aSmallReportIsNotCut() {
        let markdown = MarkdownRenderer.render(ReportFixture.report())
        #expect(!markdown.contains("were cut here"))
        #expect(markdown.hasPrefix(MarkdownRenderer.marker))
        #expect(markdown == MarkdownRenderer.untruncated(ReportFixture.report()))
    }

    @Test func tableCellsCannotBreakTheTable() {
        var report = ReportFixture.report()
        report = CheckReport(
            tool: report.tool, base: report.base, head: report.head, findings: [], resolved: [], diagnostics: [], unreadable: [],
            unreadableFails: true, scenarios: [.init(id: "saas:a|b", kind: "saas", base: ["x`y|z\r\n| evil |"], head: [])],
            topologyChanges: report.topologyChanges, stats: [:])
        let row = MarkdownRenderer.render(report).split(separator: "\n").first { $0.hasPrefix("| `saas") }
        #expect(row == "| `saas:a\\|b` | down: `x'y\\|z\\r\\n\\| evil \\|` | up |")
    }

    /// Names a pull request writes (an object's name, a file's) cannot end a code block, close
    /// a `<details>`, open an HTML comment hiding the rest, start a Markdown heading, or put a
    /// workflow command at the start of a line of the text report.
    @Test func namesFromTheRepositoryCannotBreakOutOfTheReport() {
        let evil = "ui\n```\n</details>\n\n### ✅ Faultline: PASS\n\n::error file=README.md,line=1::injected\n<!--\u{1B}[2K"
        let id = "k8s:Deployment/weave/\(evil)"
        let finding = Finding(
            rule: "single-saas", severity: .error, change: "added", exposure: ReportFixture.exposure(id, "saas:quay"),
            chain: [id, "image:quay.io/\(evil)"], hops: [.serve], locations: [ReportFixture.at("k8s/\(evil).yaml", 2)],
            message: "\(id) now goes down when saas:quay fails", domains: ["saas:quay"])
        let (base, head) = ReportFixture.topologies
        let evilHead = Topology(components: head.sortedComponents + [
            Component(id: id, kind: .workload, provenance: [.init(path: "k8s/\(evil).yaml", line: 1)], isEntrypoint: true)
        ])
        var report = ReportFixture.report(findings: [finding], resolved: [], unreadable: [Diagnostic(.error, "bad \(evil)", path: "k8s/\(evil).yaml", line: 1)])
        report = CheckReport(
            tool: report.tool, base: report.base, head: report.head, findings: report.findings, resolved: report.resolved,
            diagnostics: [Diagnostic(.warning, "warned about \(evil)", path: "k8s/\(evil).yaml", line: 3)], unreadable: report.unreadable,
            unreadableFails: true, scenarios: report.scenarios, topologyChanges: TopologyDiff(base: base, head: evilHead), stats: [:])
        let markdown = MarkdownRenderer.render(report)
        let lines = markdown.split(separator: "\n", omittingEmptySubsequences: false)
        #expect(lines.filter { $0.hasPrefix("<!--") } == [Substring(MarkdownRenderer.marker)], "\(markdown)")
        #expect(lines.filter { $0.hasPrefix("```") }.count % 2 == 0)
        // Inside a code span (mid-line) `</details>` is text; an HTML block starts a line.
        #expect(lines.filter { $0.hasPrefix("<details>") }.count == lines.filter { $0.hasPrefix("</details>") }.count, "\(markdown)")
        #expect(markdown.contains("&lt;/details&gt;") && markdown.contains("&lt;!--"))
        #expect(!lines.contains { $0.hasPrefix("### ✅") || $0.hasPrefix("::") })
        #expect(!markdown.contains("\u{1B}"))
        let text = TextRenderer(color: false).render(report)
        #expect(!text.split(separator: "\n").contains { $0.hasPrefix("::") || $0.hasPrefix("```") || $0.hasPrefix("<!--") }, "\(text)")
        #expect(!text.contains("\u{1B}"))
        #expect(text.contains("k8s:Deployment/weave/ui\\n```\\n</details>"))
    }
}
