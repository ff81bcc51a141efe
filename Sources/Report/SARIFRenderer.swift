import Foundation
import Model
import Policy

/// SARIF 2.1.0: one result per finding, located at its most specific line, with the rest of
/// the chain's lines as related locations and the fingerprint as a partial fingerprint, and
/// one `unreadable-file` result per error in a changed file that could not be read.
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
                "message": ["text": finding.message + (finding.chain.isEmpty ? "" : " Chain: " + finding.chainText())],
                "partialFingerprints": ["faultline/v1": finding.fingerprint],
                "properties": [
                    "entrypoint": finding.entrypoint, "scenario": finding.scenario.id, "phase": finding.phase, "change": finding.change,
                    "chain": finding.chain, "hops": finding.hops.map(\.rawValue),
                ] as [String: Any],
            ]
            if let index = ruleIndex[finding.rule] { result["ruleIndex"] = index }
            // Code scanning rejects a result without a location: one with no explanation points at
            // the file where exposures are accepted.
            let locations = (finding.locations.isEmpty ? [Finding.Location(path: ".faultline.yaml", line: nil, commit: nil)] : finding.locations)
                .map(location)
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
        // A changed file that cannot be read fails the check as surely as a finding does.
        for diagnostic in report.unreadable {
            var result: [String: Any] = [
                "ruleId": Rule.unreadableFile,
                "level": report.unreadableFails ? "error" : "warning",
                "message": [
                    "text": (diagnostic.isInvalidAcceptance ? "invalid acceptance comment in this changed file: " : "faultline could not read this changed file: ")
                        + diagnostic.summary,
                ],
                "locations": [location(Finding.Location(path: diagnostic.path ?? ".", line: diagnostic.line, commit: nil))],
            ]
            if let index = ruleIndex[Rule.unreadableFile] { result["ruleIndex"] = index }
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
                // The commits judged. (A `versionControlProvenance` entry needs the repository's
                // URI, which a check of local git objects does not know; a made-up one misleads.)
                "properties": ["baseCommit": report.base.commit ?? "", "headCommit": report.head.commit ?? ""],
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
        // A whole-file location still needs a region for code scanning to place it: line 1.
        let line = location.line.map { max($0, 1) } ?? 1
        let physical: [String: Any] = ["artifactLocation": ["uri": uri(location.path), "uriBaseId": "%SRCROOT%"], "region": ["startLine": line]]
        return ["physicalLocation": physical]
    }

    /// A repository path as a relative URI reference (RFC 3986): each byte outside a path
    /// segment's characters percent-encoded, so a consumer reads the file, not a fragment or query.
    static func uri(_ path: String) -> String {
        var encoded = ""
        for byte in path.utf8 {
            if uriPathBytes.contains(byte) {
                encoded.unicodeScalars.append(Unicode.Scalar(byte))
            } else {
                encoded += "%" + String(byte >> 4, radix: 16, uppercase: true) + String(byte & 0xF, radix: 16, uppercase: true)
            }
        }
        return encoded
    }

    // Unreserved characters, sub-delimiters, `@` and `/`. A colon is encoded too: in the first
    // segment it would make the path read as a scheme (`c:/x.yaml`).
    static let uriPathBytes = Set("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-._~!$&'()*+,;=@/".utf8)
}
