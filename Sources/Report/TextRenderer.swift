import Model
import Policy

/// The report for a terminal or a CI log; colour only when asked (a terminal without NO_COLOR).
public struct TextRenderer: Sendable {
    public let color: Bool

    public init(color: Bool) {
        self.color = color
    }

    func paint(_ text: String, _ code: String) -> String { color ? "\u{1B}[\(code)m\(text)\u{1B}[0m" : text }

    public func render(_ report: CheckReport) -> String {
        var out = "faultline check — " + paint(report.verdictLine, report.verdict == "fail" ? "1;31" : "1;32") + "\n"
        if let source = report.base.source { out += "base chosen by \(DisplayText.line(source))\n" }
        for finding in report.findings {
            out += "\n" + describe(finding)
        }
        if !report.resolved.isEmpty {
            out += "\nResolved by this change:\n"
            for finding in report.resolved {
                out += "  " + paint("✓", "32") + " \(finding.rule): \(DisplayText.line(ResolvedText.sentence(finding, changes: report.topologyChanges)))\n"
            }
        }
        let changes = TopologyChangeText.lines(report.topologyChanges)
        if !changes.isEmpty {
            out += "\nWhat the change did to the topology:\n" + changes.map { "  \($0)\n" }.joined()
        }
        let (unread, invalidAcceptances) = report.unreadableByCause
        if !unread.isEmpty {
            out += "\nChanged files that could not be read:\n" + unread.map { "  \(DisplayText.line($0.description))\n" }.joined()
        }
        if !invalidAcceptances.isEmpty {
            out += "\nInvalid acceptance comments in changed files:\n" + invalidAcceptances.map { "  \(DisplayText.line($0.description))\n" }.joined()
        }
        let standing = Set(report.standing)
        let notable = report.notableDiagnostics
        if !notable.isEmpty {
            out += "\nDiagnostics:\n" + notable.map { "  \(DisplayText.line($0.description))\n" }.joined()
        }
        let unchanged = report.diagnostics.filter { $0.severity != .note && standing.contains($0) }
        if !unchanged.isEmpty {
            // Named by what they are: a standing error (a file the change did not touch that
            // cannot be parsed) is not called a warning.
            let errors = unchanged.filter { $0.severity == .error }.count, warnings = unchanged.count - errors
            let counts = [(warnings, "warning"), (errors, "error")].filter { $0.0 > 0 }.map { "\($0.0) \($0.1)\($0.0 == 1 ? "" : "s")" }
            out += "(\(counts.joined(separator: " and ")) the base had too, in files this change did not touch, hidden; "
                + "`faultline topology` lists them)\n"
        }
        let notes = report.diagnostics.filter { $0.severity == .note }.count
        if notes > 0 { out += "(\(notes) note\(notes == 1 ? "" : "s") hidden; `--format json` lists them)\n" }
        return out
    }

    func describe(_ finding: Finding) -> String {
        let label = finding.accepted ? paint("accepted", "36") : finding.severity == .error ? paint("error", "1;31") : paint(finding.severity.rawValue, "33")
        var out = "\(label) \(finding.rule): \(DisplayText.line(finding.message))\n"
        if !finding.chain.isEmpty {
            out += "  chain: \(DisplayText.line(finding.chainText()))"
            if !finding.domains.isEmpty { out += "  (in \(DisplayText.line(finding.domains.joined(separator: ", "))))" }
            out += "\n"
        }
        for location in finding.locations.prefix(4) {
            out += "  at \(DisplayText.line(location.path))\(location.line.map { ":\($0)" } ?? "")\n"
        }
        if let acceptance = finding.acceptance { out += "  accepted: \(DisplayText.line(acceptance))\n" }
        return out
    }
}

/// The topology diff as short lines: `+` added, `-` removed, `~` changed, each with file:line.
public enum TopologyChangeText {
    public static func lines(_ diff: TopologyDiff, limit: Int = 40) -> [String] {
        var lines: [String] = []
        for component in diff.added {
            var line = "+ \(component.id) [\(component.kind.rawValue)]"
            if let at = component.provenance.first { line += " \(at)" }
            if !component.sites.isEmpty { line += " runs in " + component.sites.map(\.description).joined(separator: " or ") }
            lines.append(line)
        }
        for component in diff.removed {
            lines.append("- \(component.id) [\(component.kind.rawValue)]" + (component.provenance.first.map { " \($0)" } ?? ""))
        }
        for change in diff.changed {
            let at = change.provenance.map { " \($0)" } ?? ""
            if change.sitesBefore != change.sitesAfter {
                lines.append("~ \(change.id)\(at): runs in " + change.sitesAfter.map(\.description).joined(separator: " or ")
                    + " (was " + change.sitesBefore.map(\.description).joined(separator: " or ") + ")")
            }
            for requirement in change.requirementsAdded {
                let where_ = requirement.provenance.map { " at \($0)" } ?? ""
                lines.append("~ \(change.id): now \(requirement.phase == .serve ? "needs" : "ships with") \(requirement.alternatives.joined(separator: " or "))\(where_)")
            }
            for requirement in change.requirementsRemoved {
                lines.append("~ \(change.id): no longer \(requirement.phase == .serve ? "needs" : "ships with") \(requirement.alternatives.joined(separator: " or "))")
            }
            if change.entrypointBefore != change.entrypointAfter {
                lines.append("~ \(change.id)\(at): \(change.entrypointAfter ? "is now" : "is no longer") an entrypoint")
            }
        }
        lines = lines.map(DisplayText.line)
        if lines.count > limit { return Array(lines.prefix(limit)) + ["… and \(lines.count - limit) more"] }
        return lines
    }
}

/// How a resolved finding reads: what is true again after the change — or, when the change
/// took the entrypoint away or out of users' reach, that, which is no resilience gained.
enum ResolvedText {
    static func sentence(_ finding: Finding, changes: TopologyDiff) -> String {
        if changes.removed.contains(where: { $0.id == finding.entrypoint }) {
            return "\(finding.entrypoint) is gone, and with it its exposure to \(finding.scenario.id)"
        }
        if changes.changed.contains(where: { $0.id == finding.entrypoint && $0.entrypointBefore && !$0.entrypointAfter }) {
            return "\(finding.entrypoint) no longer faces users, so its exposure to \(finding.scenario.id) is gone"
        }
        return finding.phase == "deliver"
            ? "a fix to \(finding.entrypoint) can be shipped again while \(finding.scenario.id) is down"
            : "\(finding.entrypoint) no longer goes down when \(finding.scenario.id) fails"
    }
}
