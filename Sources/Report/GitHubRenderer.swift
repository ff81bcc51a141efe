import Model
import Policy

/// GitHub Actions workflow commands (`::error file=…,line=…,title=…::message`), one per
/// finding and error in an unreadable file, one for each of the report's notable diagnostics
/// (a warning, or an error for an error; at most ten, as many as GitHub shows, then a notice
/// counting the rest), then the verdict (an error when it fails, else a notice). Data and properties are escaped as the Actions runner expects,
/// so a file name or message can never end the command and start another (a file named
/// `a%0A::set-output name=x::y` stays one harmless annotation).
public enum GitHubRenderer {
    public static func render(_ report: CheckReport) -> String {
        var out = ""
        for finding in report.findings where !finding.accepted {
            let level = finding.severity == .error ? "error" : finding.severity == .warning ? "warning" : "notice"
            var properties: [(String, String)] = []
            if let location = finding.locations.first {
                properties.append(("file", location.path))
                if let line = location.line { properties.append(("line", String(line))) }
            }
            properties.append(("title", "faultline \(finding.rule)"))
            let chain = finding.chain.isEmpty ? "" : "\nchain: " + finding.chainText()
            out += command(level, properties, finding.message + chain)
        }
        for diagnostic in report.unreadable {
            var properties: [(String, String)] = []
            if let path = diagnostic.path { properties.append(("file", path)) }
            if let line = diagnostic.line { properties.append(("line", String(line))) }
            properties.append(("title", diagnostic.isInvalidAcceptance ? "faultline: invalid acceptance comment" : "faultline could not read this file"))
            out += command(report.unreadableFails ? "error" : "warning", properties, diagnostic.summary)
        }
        let notable = report.notableDiagnostics
        for diagnostic in notable.prefix(annotationsShown) {
            var properties: [(String, String)] = []
            if let path = diagnostic.path { properties.append(("file", path)) }
            if let line = diagnostic.line { properties.append(("line", String(line))) }
            properties.append(("title", "faultline"))
            let message = diagnostic.summary + (diagnostic.detail.isEmpty ? "" : " (\(diagnostic.detail))")
            out += command(diagnostic.severity == .error ? "error" : "warning", properties, message)
        }
        if notable.count > annotationsShown {
            out += command("notice", [("title", "faultline")], "\(notable.count - annotationsShown) more diagnostics: `faultline check --format text` lists them")
        }
        // A failing verdict is an error annotation: a notice is folded away with the passes.
        out += command(report.verdict == "fail" ? "error" : "notice", [("title", "faultline")], report.verdictLine)
        return out
    }

    /// Diagnostics annotated at most: GitHub shows ten warnings a step and drops the rest.
    public static let annotationsShown = 10

    static func command(_ name: String, _ properties: [(String, String)], _ message: String) -> String {
        let props = properties.map { "\($0.0)=\(escapeProperty($0.1))" }.joined(separator: ",")
        return "::\(name)\(props.isEmpty ? "" : " " + props)::\(escapeData(message))\n"
    }

    /// The runner's escaping of a command's message.
    static func escapeData(_ text: String) -> String {
        escape(text, ["%": "%25", "\r": "%0D", "\n": "%0A"])
    }

    /// The runner's escaping of a property value, which also may not contain `:` or `,`.
    static func escapeProperty(_ text: String) -> String {
        escape(text, ["%": "%25", "\r": "%0D", "\n": "%0A", ":": "%3A", ",": "%2C"])
    }

    // Scalar by scalar: "\r\n" is one Character, so replacing "\n" in a String would miss it
    // and let a CRLF in a message end the command.
    private static func escape(_ text: String, _ table: [Unicode.Scalar: String]) -> String {
        var out = ""
        for scalar in text.unicodeScalars {
            if let escaped = table[scalar] { out += escaped } else { out.unicodeScalars.append(scalar) }
        }
        return out
    }
}
