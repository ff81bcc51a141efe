import Policy

/// The formats of a check report (docs/design.md §4).
public enum ReportFormat: String, CaseIterable, Sendable {
    case text, json, markdown, sarif, junit, github

    /// Renders a report in this format; `rules` feed SARIF's rule metadata, `color` the text.
    public func render(_ report: CheckReport, rules: [Rule], color: Bool = false) -> String {
        switch self {
        case .text: TextRenderer(color: color).render(report)
        case .json: JSONRenderer.render(report)
        case .markdown: MarkdownRenderer.render(report)
        case .sarif: SARIFRenderer.render(report, rules: rules)
        case .junit: JUnitRenderer.render(report)
        case .github: GitHubRenderer.render(report)
        }
    }
}
