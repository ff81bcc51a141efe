/// One row per event (introduced, resolved, open, diagnostic), RFC 4180 quoting, for
/// spreadsheets and `sqlite3 .import`.
public enum AuditCSVRenderer {
    static let header = [
        "event", "commit", "date", "author", "email", "subject", "rule", "severity", "entrypoint", "scenario", "kind", "phase",
        "path", "line", "days", "detail",
    ]

    public static func render(_ report: AuditReport) -> String {
        var rows = [header]
        // Text from the audited repository goes through `inert`: commit metadata, names and
        // paths there are untrusted, and a spreadsheet would run a cell such as `=HYPERLINK(…)`.
        func exposureRow(_ event: String, _ commit: AuditCommit?, _ exposure: AuditExposure, days: Int? = nil) -> [String] {
            [
                event, commit?.id ?? "", commit?.date ?? "", inert(commit?.author ?? ""), inert(commit?.email ?? ""), inert(commit?.subject ?? ""),
                inert(exposure.rule), exposure.severity.rawValue, inert(exposure.entrypoint), inert(exposure.scenario), exposure.kind, exposure.phase,
                inert(exposure.path ?? ""), exposure.line.map(String.init) ?? "", days.map(String.init) ?? "",
                inert(exposure.chain.joined(separator: " -> ")),
            ]
        }
        for step in report.steps {
            for exposure in step.introduced { rows.append(exposureRow("introduced", step.commit, exposure)) }
            for exposure in step.resolved { rows.append(exposureRow("resolved", step.commit, exposure)) }
            for diagnostic in step.diagnostics {
                let commit = step.commit
                rows.append([
                    "diagnostic", commit.id, commit.date, inert(commit.author), inert(commit.email), inert(commit.subject), "",
                    diagnostic.severity.rawValue, "", "", "", "", inert(diagnostic.path ?? ""), diagnostic.line.map(String.init) ?? "", "",
                    inert(diagnostic.summary),
                ])
            }
        }
        for open in report.end.open { rows.append(exposureRow("open", open.introducedBy, open.exposure, days: open.days)) }
        return rows.map { $0.map(quoted).joined(separator: ",") }.joined(separator: "\r\n") + "\r\n"
    }

    /// A cell a spreadsheet shows as text: one opening with a character that starts a formula
    /// (`=`, `+`, `-`, `@`, or a tab or carriage return before one) gets a leading `'`, the
    /// usual defence against CSV formula injection.
    static func inert(_ field: String) -> String {
        guard let first = field.first, "=+-@\t\r".contains(first) else { return field }
        return "'" + field
    }

    static func quoted(_ field: String) -> String {
        guard field.contains(where: { $0 == "," || $0 == "\"" || $0 == "\n" || $0 == "\r" }) else { return field }
        return "\"" + field.replacing("\"", with: "\"\"") + "\""
    }
}
