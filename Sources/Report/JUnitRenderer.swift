import Policy

/// JUnit XML: one test case per finding (failed when it fails the check), one per unreadable
/// changed file, and a passing case when there is nothing to report, so CI dashboards that
/// read JUnit show the check.
public enum JUnitRenderer {
    public static func render(_ report: CheckReport) -> String {
        var cases: [String] = []
        var failures = 0
        for finding in report.findings {
            let name = "\(finding.rule): \(finding.entrypoint) in \(finding.scenario.id) (\(finding.phase))"
            var body = ""
            if finding.fails {
                failures += 1
                let detail = finding.chainText() + "\n" + finding.locations.map { "\($0.path)\($0.line.map { ":\($0)" } ?? "")" }.joined(separator: "\n")
                body = "<failure type=\"\(xml(finding.rule))\" message=\"\(xml(finding.message))\">\(xml(detail))</failure>"
            } else if finding.accepted {
                body = "<skipped message=\"accepted: \(xml(finding.acceptance ?? ""))\"/>"
            } else {
                body = "<system-out>\(xml(finding.severity.rawValue + ": " + finding.message))</system-out>"
            }
            cases.append("    <testcase classname=\"faultline.\(xml(finding.rule))\" name=\"\(xml(name))\">\(body)</testcase>")
        }
        // One case per file, not per error: a case is named by its file, and a file with three
        // parse errors is one thing that cannot be read.
        for file in report.unreadableFiles {
            let fails = report.unreadableFails
            if fails { failures += 1 }
            let problems = xml(file.problems.map(\.description).joined(separator: "\n"))
            let body = fails ? "<failure type=\"unreadable-file\" message=\"\(problems)\"/>" : "<system-out>\(problems)</system-out>"
            cases.append("    <testcase classname=\"faultline.unreadable-file\" name=\"\(xml(file.path))\">\(body)</testcase>")
        }
        if cases.isEmpty {
            cases.append("    <testcase classname=\"faultline\" name=\"no new outage exposure\"/>")
        }
        return """
            <?xml version="1.0" encoding="UTF-8"?>
            <testsuites name="faultline" tests="\(cases.count)" failures="\(failures)">
              <testsuite name="faultline check \(xml(report.base.short))..\(xml(report.head.short))" tests="\(cases.count)" failures="\(failures)" errors="0" skipped="\(report.accepted.count)">
            \(cases.joined(separator: "\n"))
              </testsuite>
            </testsuites>

            """
    }

    /// Escapes text for XML attributes and content, dropping characters XML 1.0 forbids.
    static func xml(_ text: String) -> String {
        var out = ""
        for scalar in text.unicodeScalars {
            switch scalar {
            case "&": out += "&amp;"
            case "<": out += "&lt;"
            case ">": out += "&gt;"
            case "\"": out += "&quot;"
            case "'": out += "&apos;"
            case "\n": out += "&#10;"
            case "\t", "\r": out += "&#\(scalar.value);"
            default:
                if scalar.value < 0x20 || (0xFFFE...0xFFFF).contains(scalar.value) { continue }
                out.unicodeScalars.append(scalar)
            }
        }
        return out
    }
}
