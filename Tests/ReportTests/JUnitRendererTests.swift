import Foundation
#if canImport(FoundationXML)
import FoundationXML
#endif
import Policy
import Report
import Testing

/// Reads JUnit XML with Foundation's event parser (XMLDocument is not on every platform).
final class JUnitReader: NSObject, XMLParserDelegate {
    var elements: [(name: String, attributes: [String: String])] = []
    var text = ""

    static func read(_ xml: String) throws -> JUnitReader {
        let reader = JUnitReader()
        let parser = XMLParser(data: Data(xml.utf8))
        parser.delegate = reader
        guard parser.parse() else {
            throw JUnitReaderError.malformed(parser.parserError.map { "\($0)" } ?? "unknown error", line: parser.lineNumber)
        }
        return reader
    }

    func parser(_ parser: XMLParser, didStartElement name: String, namespaceURI: String?, qualifiedName: String?, attributes: [String: String]) {
        elements.append((name, attributes))
    }

    func parser(_ parser: XMLParser, foundCharacters string: String) { text += string }

    func all(_ name: String) -> [[String: String]] { elements.filter { $0.name == name }.map(\.attributes) }
}

enum JUnitReaderError: Error {
    case malformed(String, line: Int)
}

@Suite struct JUnitRendererTests {
    @Test func theReportIsWellFormedAndCountsAddUp() throws {
        let xml = JUnitRenderer.render(ReportFixture.report())
        let parsed = try JUnitReader.read(xml)
        let suites = parsed.all("testsuites")
        let cases = parsed.all("testcase")
        // Four findings and one unreadable changed file.
        #expect(cases.count == 5)
        #expect(suites.first?["tests"] == "5")
        // The error, the expired acceptance and the unreadable file fail; the warning does not.
        #expect(parsed.all("failure").count == 3)
        #expect(suites.first?["failures"] == "3")
        #expect(parsed.all("skipped").count == 1)
        #expect(parsed.all("testsuite").first?["skipped"] == "1")
        #expect(cases.allSatisfy { $0["classname"]?.hasPrefix("faultline") == true && $0["name"]?.isEmpty == false })
    }

    @Test func hostileTextStaysWellFormedAndRoundTrips() throws {
        let message = "a <b> & \"c\" 'd' ]]> \u{0001}\u{0008} ünï\ncödé"
        let finding = Finding(
            rule: "single-region", severity: .error, change: "added",
            exposure: ReportFixture.exposure("k8s:Deployment/x/<y>", "region:aws/us-east-1"), chain: ["k8s:Deployment/x/<y>"],
            locations: [ReportFixture.at("a&b.yaml", 2)], message: message)
        let parsed = try JUnitReader.read(JUnitRenderer.render(ReportFixture.report(findings: [finding], resolved: [], unreadable: [])))
        // Characters XML 1.0 cannot carry are dropped; everything else comes back as written.
        #expect(parsed.all("failure").first?["message"] == "a <b> & \"c\" 'd' ]]>  ünï\ncödé")
        #expect(parsed.all("testcase").first?["name"] == "single-region: k8s:Deployment/x/<y> in region:aws/us-east-1 (serve)")
    }

    @Test func anUnreadableFileIsOneCaseCarryingAllItsErrors() throws {
        let parsed = try JUnitReader.read(JUnitRenderer.render(ReportFixture.report(findings: [], resolved: [], unreadable: ReportFixture.unreadableTwice)))
        #expect(parsed.all("testcase").map { $0["name"] } == ["infra/main.tf", "k8s/broken.yaml"])
        #expect(parsed.all("testsuites").first?["failures"] == "2")
        let message = try #require(parsed.all("failure").first?["message"])
        #expect(["expected an attribute", "unclosed block", "unexpected end of file"].allSatisfy(message.contains))
    }

    @Test func aCleanReportHasOnePassingCase() throws {
        let parsed = try JUnitReader.read(JUnitRenderer.render(ReportFixture.report(findings: [], resolved: [], unreadable: [])))
        #expect(parsed.all("testcase").count == 1 && parsed.all("failure").isEmpty)
    }
}
