/// One row per event (introduced, resolved, open, diagnostic), RFC 4180 quoting, for
/// spreadsheets and `sqlite3 .import`.
public enum AuditCSVRenderer {
    static let header = [
        "event", "commit", "date", "author", "email", "subject", "rule", "severity", "entrypoint", "scenario", "kind", "phase",
        "path", "line", "days", "detail",
    ]

    public static func render(_ report: AuditReport) -> String {
        var rows = [header]
        func exposureRow(_ event: String, _ commit: AuditCommit?, _ exposure: AuditExposure, days: Int? = nil) -> [String] {
            [
                event, commit?.id ?? "", commit?.date ?? "", commit?.author ?? "", commit?.email ?? "", commit?.subject ?? "",
                exposure.rule, exposure.severity.rawValue, exposure.entrypoint, exposure.scenario, exposure.kind, exposure.phase,
                exposure.path ?? "", exposure.line.map(String.init) ?? "", days.map(String.init) ?? "", exposure.chain.joined(separator: " -> "),
            ]
        }
        for step in report.steps {
            for exposure in step.introduced { rows.append(exposureRow("introduced", step.commit, exposure)) }
            for exposure in step.resolved { rows.append(exposureRow("resolved", step.commit, exposure)) }
            for diagnostic in step.diagnostics {
                let commit = step.commit
                rows.append([
                    "diagnostic", commit.id, commit.date, commit.author, commit.email, commit.subject, "", diagnostic.severity.rawValue,
                    "", "", "", "", diagnostic.path ?? "", diagnostic.line.map(String.init) ?? "", "", diagnostic.summary,
                ])
            }
        }
        for open in report.end.open { rows.append(exposureRow("open", open.introducedBy, open.exposure, days: open.days)) }
        return rows.map { $0.map(quoted).joined(separator: ",") }.joined(separator: "\r\n") + "\r\n"
    }

    static func quoted(_ field: String) -> String {
        guard field.contains(where: { $0 == "," || $0 == "\"" || $0 == "\n" || $0 == "\r" }) else { return field }
        return "\"" + field.replacing("\"", with: "\"\"") + "\""
    }
}
