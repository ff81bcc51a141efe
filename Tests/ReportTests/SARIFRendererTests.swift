import Foundation
import Model
import Policy
import Report
import Testing

/// The properties SARIF 2.1.0 and GitHub code scanning require of a log.
@Suite struct SARIFRendererTests {
    func parse(_ report: CheckReport = ReportFixture.report(), rules: [Rule] = ReportFixture.rules) throws -> [String: Any] {
        let data = Data(SARIFRenderer.render(report, rules: rules).utf8)
        return try #require(try JSONSerialization.jsonObject(with: data) as? [String: Any])
    }

    @Test func theLogHasWhatSARIF210Requires() throws {
        let log = try parse()
        #expect(log["version"] as? String == "2.1.0")
        let runs = try #require(log["runs"] as? [[String: Any]])
        #expect(runs.count == 1)
        let run = runs[0]
        let driver = try #require((run["tool"] as? [String: Any])?["driver"] as? [String: Any])
        #expect(driver["name"] as? String == "Faultline")
        let rules = try #require(driver["rules"] as? [[String: Any]])
        let ruleIDs = rules.compactMap { $0["id"] as? String }
        #expect(ruleIDs.count == rules.count && Set(ruleIDs).count == ruleIDs.count)
        let results = try #require(run["results"] as? [[String: Any]])
        // Four findings and one unreadable changed file.
        #expect(results.count == 5)
        for result in results {
            let ruleID = try #require(result["ruleId"] as? String)
            #expect(ruleIDs.contains(ruleID))
            if let index = result["ruleIndex"] as? Int { #expect(ruleIDs[index] == ruleID) }
            let text = (result["message"] as? [String: Any])?["text"] as? String
            #expect(text?.isEmpty == false)
            #expect(["error", "warning", "note", "none"].contains(result["level"] as? String ?? ""))
            let locations = try #require(result["locations"] as? [[String: Any]])
            #expect(!locations.isEmpty, "code scanning rejects a result without a location")
            let related = result["relatedLocations"] as? [[String: Any]] ?? []
            for location in locations + related {
                let physical = try #require(location["physicalLocation"] as? [String: Any])
                let uri = (physical["artifactLocation"] as? [String: Any])?["uri"] as? String
                #expect(uri?.isEmpty == false)
                let startLine = try #require((physical["region"] as? [String: Any])?["startLine"] as? Int)
                #expect(startLine >= 1)
            }
        }
    }

    @Test func acceptedFindingsAreSuppressedAndFingerprinted() throws {
        let results = try #require(((try parse())["runs"] as? [[String: Any]])?.first?["results"] as? [[String: Any]])
        let accepted = try #require(results.first { $0["ruleId"] as? String == "single-saas" })
        let suppression = try #require((accepted["suppressions"] as? [[String: Any]])?.first)
        #expect(suppression["kind"] as? String == "external")
        #expect(suppression["justification"] as? String == "moving to ECR this quarter (until 2026-12-31)")
        for result in results where result["ruleId"] as? String != "unreadable-file" {
            let fingerprint = (result["partialFingerprints"] as? [String: Any])?["faultline/v1"] as? String
            #expect(fingerprint?.count == 16)
        }
    }

    @Test func anUnreadableFileIsAResultAtItsLine() throws {
        let results = try #require(((try parse())["runs"] as? [[String: Any]])?.first?["results"] as? [[String: Any]])
        let unreadable = try #require(results.first { $0["ruleId"] as? String == "unreadable-file" })
        #expect(unreadable["level"] as? String == "error")
        let physical = (unreadable["locations"] as? [[String: Any]])?.first?["physicalLocation"] as? [String: Any]
        #expect((physical?["artifactLocation"] as? [String: Any])?["uri"] as? String == "k8s/broken.yaml")
        #expect((physical?["region"] as? [String: Any])?["startLine"] as? Int == 7)
    }

    @Test func aFindingWithoutALineStillHasAValidLocation() throws {
        let finding = Finding(
            rule: "single-region", severity: .error, change: "added", exposure: ReportFixture.exposure(ReportFixture.ui, "region:aws/us-east-1"),
            chain: [ReportFixture.ui], locations: [], message: "no explanation")
        let log = try parse(ReportFixture.report(findings: [finding], resolved: [], unreadable: []))
        let result = try #require(((log["runs"] as? [[String: Any]])?.first?["results"] as? [[String: Any]])?.first)
        let physical = (result["locations"] as? [[String: Any]])?.first?["physicalLocation"] as? [String: Any]
        #expect(((physical?["artifactLocation"] as? [String: Any])?["uri"] as? String)?.isEmpty == false)
        #expect(((physical?["region"] as? [String: Any])?["startLine"] as? Int ?? 0) >= 1)
    }
}

/// `artifactLocation.uri` is a relative URI reference (RFC 3986), so a path's characters that
/// mean something in a URI are percent-encoded and a consumer decodes it back to the file.
@Suite struct SARIFArtifactURITests {
    @Test(arguments: [
        ("k8s/ui.yaml", "k8s/ui.yaml"),
        ("k8s/my app#v2?x=1%41.yaml", "k8s/my%20app%23v2%3Fx=1%2541.yaml"),
        ("a-b_c.d~e/f!$&'()*+,;=@.yaml", "a-b_c.d~e/f!$&'()*+,;=@.yaml"),
        ("c:/x.yaml", "c%3A/x.yaml"),
        ("déploiement/ü.yaml", "d%C3%A9ploiement/%C3%BC.yaml"),
        ("tab\there/line\nbreak[1]\\\"<>`{|}^.yaml", "tab%09here/line%0Abreak%5B1%5D%5C%22%3C%3E%60%7B%7C%7D%5E.yaml"),
        ("k8s/\u{7F}del.yaml", "k8s/%7Fdel.yaml"),
    ])
    func aPathIsPercentEncoded(path: String, uri: String) throws {
        let finding = Finding(
            rule: "single-region", severity: .error, change: "added", exposure: ReportFixture.exposure(ReportFixture.ui, "region:aws/us-east-1"),
            chain: [ReportFixture.ui], locations: [ReportFixture.at(path, 3), ReportFixture.at(path, 4)], message: "m")
        let unreadable = [Diagnostic(.error, "mapping values are not allowed here", path: path, line: 7)]
        let data = Data(SARIFRenderer.render(ReportFixture.report(findings: [finding], resolved: [], unreadable: unreadable), rules: ReportFixture.rules).utf8)
        let log = try #require(try JSONSerialization.jsonObject(with: data) as? [String: Any])
        let results = try #require((log["runs"] as? [[String: Any]])?.first?["results"] as? [[String: Any]])
        #expect(results.count == 2)
        for result in results {
            let locations = (result["locations"] as? [[String: Any]] ?? []) + (result["relatedLocations"] as? [[String: Any]] ?? [])
            for location in locations {
                let physical = location["physicalLocation"] as? [String: Any]
                let found = (physical?["artifactLocation"] as? [String: Any])?["uri"] as? String
                #expect(found == uri)
                #expect(found?.removingPercentEncoding == path)
            }
        }
    }
}
