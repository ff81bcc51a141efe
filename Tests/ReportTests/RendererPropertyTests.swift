import Foundation
import Model
import Policy
import PropertyBased
import Testing
@testable import Report

/// Renderers against generated hostile text: whatever a file name or message holds, the output
/// keeps its shape.
@Suite struct RendererPropertyTests {
    /// Pieces that stress escaping: command and property separators, escapes that look already
    /// escaped, CR, LF and CRLF (one Character in Swift), XML and Markdown specials, non-ASCII.
    static let pieces = ["%", "%0A", "%25", "\r", "\n", "\r\n", ":", "::", ",", "=", " ", "a", "Z", "9", "é", "☃", "<", "&", "\"", "|", "`", "\u{01}"]
    static let text = Gen.int(in: 0..<pieces.count).array(of: 0...30)

    static func string(_ indices: [Int]) -> String { indices.map { pieces[$0] }.joined() }

    static func report(path: String, message: String, count: Int = 1) -> CheckReport {
        let findings = (0..<count).map { index in
            Finding(
                rule: "single-region", severity: .error, change: "added",
                exposure: ReportFixture.exposure("k8s:Deployment/x/ui-\(index)", "region:aws/us-east-1"), chain: [],
                locations: [ReportFixture.at(path.isEmpty ? "p" : path, index + 1)], message: message)
        }
        return ReportFixture.report(findings: findings, resolved: [], unreadable: [])
    }

    @Test func githubCommandsAreOneLineEachAndRoundTrip() async {
        await propertyCheck(count: 300, input: Self.text, Self.text) { pathPieces, messagePieces in
            let path = "p" + Self.string(pathPieces), message = Self.string(messagePieces)
            let report = Self.report(path: path, message: message)
            let output = GitHubRenderer.render(report)
            #expect(!output.unicodeScalars.contains("\r"))
            let lines = output.split(separator: "\n")
            // The finding, each notable diagnostic, the verdict.
            #expect(lines.count == 2 + report.notableDiagnostics.count, "\(output.debugDescription)")
            guard let first = lines.first, let command = GitHubRendererTests.Command(first) else {
                Issue.record("not a command: \(output.debugDescription)")
                return
            }
            #expect(command.name == "error")
            for value in command.properties.values { #expect(!value.contains(":") && !value.contains(",")) }
            #expect(command.properties["file"].map(GitHubRendererTests.unescape) == path)
            #expect(GitHubRendererTests.unescape(command.data) == message)
        }
    }

    @Test func junitStaysWellFormed() async {
        await propertyCheck(count: 200, input: Self.text, Self.text) { pathPieces, messagePieces in
            let xml = JUnitRenderer.render(Self.report(path: Self.string(pathPieces), message: Self.string(messagePieces)))
            #expect(throws: Never.self) { try JUnitReader.read(xml) }
        }
    }

    @Test func markdownIsNeverOverTheLimitAndCutsOnlyWhenItMust() async {
        await propertyCheck(count: 12, input: Gen.int(in: 0...1_500), Self.text) { count, messagePieces in
            let report = Self.report(path: "k8s/a.yaml", message: String(repeating: Self.string(messagePieces), count: 4), count: count)
            let full = MarkdownRenderer.untruncated(report)
            let markdown = MarkdownRenderer.render(report)
            #expect(markdown.utf8.count <= MarkdownRenderer.limit)
            #expect(markdown.hasPrefix(MarkdownRenderer.marker))
            if full.utf8.count <= MarkdownRenderer.limit {
                #expect(markdown == full)
            } else {
                #expect(markdown.contains("bytes of this report were cut here"))
            }
        }
    }
}
