/// The formats of an audit report (docs/audit.md).
public enum AuditFormat: String, CaseIterable, Sendable {
    case table, json, jsonl, csv, html

    /// Renders a whole audit in this format.
    public func render(_ report: AuditReport) -> String {
        switch self {
        case .table: AuditTableRenderer.render(report)
        case .json: AuditJSONRenderer.render(report)
        case .jsonl: AuditJSONLRenderer.render(report)
        case .csv: AuditCSVRenderer.render(report)
        case .html: AuditHTMLRenderer.render(report)
        }
    }
}
