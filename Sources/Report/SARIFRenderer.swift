import Foundation
import Model
import Policy

/// SARIF 2.1.0: one result per finding, located at its most specific line, with the rest of
/// the chain's lines as related locations and the fingerprint as a partial fingerprint.
public enum SARIFRenderer {
    public static func render(_ report: CheckReport, rules: [Rule]) -> String {
        var ruleIndex: [String: Int] = [:]
        var driverRules: [[String: Any]] = []
        for rule in rules.sorted(by: { $0.id < $1.id }) {
            ruleIndex[rule.id] = driverRules.count
            driverRules.append([
                "id": rule.id,
                "shortDescription": ["text": rule.description.isEmpty ? rule.id : rule.description],
                "defaultConfiguration": ["level": level(rule.severity), "enabled": rule.enabled],
            ])
        }
        var results: [[String: Any]] = []
        for finding in report.findings {
            var result: [String: Any] = [
                "ruleId": finding.rule,
                "level": level(finding.severity),
                "message": ["text": finding.message + (finding.chain.isEmpty ? "" : " Chain: " + finding.chain.joined(separator: " → "))],
                "partialFingerprints": ["faultline/v1": finding.fingerprint],
                "properties": [
                    "entrypoint": finding.entrypoint, "scenario": finding.scenario.id, "phase": finding.phase, "change": finding.change,
                    "chain": finding.chain,
                ] as [String: Any],
            ]
            if let index = ruleIndex[finding.rule] { result["ruleIndex"] = index }
            let locations = finding.locations.map(location)
            result["locations"] = Array(locations.prefix(1))
            if locations.count > 1 {
                result["relatedLocations"] = locations.dropFirst().enumerated().map { index, value in
                    var related = value
                    related["id"] = index + 1
                    return related
                }
            }
            if finding.accepted {
                result["suppressions"] = [["kind": "external", "justification": finding.acceptance ?? "accepted in .faultline.yaml"]]
            }
            results.append(result)
        }
        let document: [String: Any] = [
            "$schema": "https://json.schemastore.org/sarif-2.1.0.json",
            "version": "2.1.0",
            "runs": [[
                "tool": ["driver": [
                    "name": "Faultline", "version": report.tool,
                    "rules": driverRules,
                ] as [String: Any]],
                "results": results,
                "versionControlProvenance": report.head.commit.map { [["revisionId": $0, "repositoryUri": "file:///"]] } ?? [],
            ] as [String: Any]],
        ]
        guard let data = try? JSONSerialization.data(withJSONObject: document, options: [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]) else {
            return "{}\n"
        }
        return String(decoding: data, as: UTF8.self) + "\n"
    }

    static func level(_ severity: Diagnostic.Severity) -> String {
        switch severity {
        case .error: "error"
        case .warning: "warning"
        case .note: "note"
        }
    }

    static func location(_ location: Finding.Location) -> [String: Any] {
        var physical: [String: Any] = ["artifactLocation": ["uri": location.path, "uriBaseId": "%SRCROOT%"]]
        if let line = location.line, line > 0 { physical["region"] = ["startLine": line] }
        return ["physicalLocation": physical]
    }
}
