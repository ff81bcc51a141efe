import Model
import Policy

/// The pull-request comment: a verdict line, a scenario | base | head table, each finding's
/// chain in `<details>` with a Mermaid picture, and a hidden marker a bot can find to update its
/// own comment. GitHub caps comments at 65,536 characters, so a long report is cut in the
/// middle, keeping its head and its tail.
public enum MarkdownRenderer {
    /// The hidden marker identifying Faultline's comment.
    public static let marker = "<!-- faultline:check -->"
    public static let limit = 65_536

    public static func render(_ report: CheckReport) -> String {
        truncate(untruncated(report))
    }

    /// The whole comment, however long.
    static func untruncated(_ report: CheckReport) -> String {
        var out = "\(marker)\n### \(report.verdict == "fail" ? "❌" : "✅") Faultline: \(escape(report.verdictLine))\n\n"
        if !report.scenarios.isEmpty {
            out += "| scenario | base | head |\n|---|---|---|\n"
            for row in report.scenarios {
                out += "| `\(escape(row.id))` | \(cell(row.base, row.baseCannotShip)) | \(cell(row.head, row.headCannotShip)) |\n"
            }
            out += "\n"
        }
        for finding in report.findings {
            let label = finding.accepted ? "accepted" : finding.severity.rawValue
            out += "<details><summary><b>\(label)</b> <code>\(html(finding.rule))</code>: \(html(finding.message))</summary>\n\n"
            if !finding.chain.isEmpty {
                out += "Chain: " + finding.chainText { "`\(escape($0))`" }
                if !finding.domains.isEmpty { out += " (in " + finding.domains.map { "`\(escape($0))`" }.joined(separator: ", ") + ")" }
                out += "\n\n```mermaid\ngraph LR\n"
                for (index, id) in finding.chain.enumerated() {
                    out += "  n\(index)[\"\(mermaid(id))\"]\n"
                    // A step needed to ship a fix is drawn dashed, as ⇢ is in the chain above.
                    let ships = index - 1 < finding.hops.count && index > 0 && finding.hops[index - 1] == .deliver
                    if index > 0 { out += "  n\(index - 1) \(ships ? "-. ships with .->" : "-->") n\(index)\n" }
                }
                out += "```\n\n"
            }
            for location in finding.locations.prefix(6) {
                out += "- `\(escape(location.path))\(location.line.map { ":\($0)" } ?? "")`\n"
            }
            if let acceptance = finding.acceptance { out += "\nAccepted: \(prose(acceptance))\n" }
            out += "\n</details>\n\n"
        }
        if !report.resolved.isEmpty {
            out += "**Resolved by this change**\n\n"
            for finding in report.resolved {
                out += "- \(finding.rule): \(prose(ResolvedText.sentence(finding, changes: report.topologyChanges)))\n"
            }
            out += "\n"
        }
        let changes = TopologyChangeText.lines(report.topologyChanges)
        if !changes.isEmpty {
            out += "<details><summary>What the change did to the topology</summary>\n\n```diff\n" + changes.joined(separator: "\n") + "\n```\n</details>\n\n"
        }
        let (unread, invalidAcceptances) = report.unreadableByCause
        if !unread.isEmpty {
            out += "**Changed files that could not be read**\n\n" + unread.map { "- \(prose($0.description))\n" }.joined() + "\n"
        }
        if !invalidAcceptances.isEmpty {
            out += "**Invalid acceptance comments in changed files**\n\n"
                + invalidAcceptances.map { "- \(prose($0.description))\n" }.joined() + "\n"
        }
        let notable = report.notableDiagnostics
        if !notable.isEmpty {
            out += "<details><summary>Diagnostics (\(notable.count))</summary>\n\n"
            out += notable.prefix(diagnosticsShown).map { "- \(prose($0.description))\n" }.joined()
            if notable.count > diagnosticsShown { out += "- … and \(notable.count - diagnosticsShown) more: `faultline check --format text` lists them\n" }
            out += "\n</details>\n\n"
        }
        return out
    }

    /// Warnings listed in a comment at most; the text report has them all.
    public static let diagnosticsShown = 30

    /// `up`, or `down: a, b +3`; then `; cannot ship a fix: c` for those up but unable to ship.
    static func cell(_ down: [String], _ cannotShip: [String] = []) -> String {
        func list(_ ids: [String]) -> String {
            ids.prefix(3).map { "`\(escape($0))`" }.joined(separator: ", ") + (ids.count > 3 ? " +\(ids.count - 3)" : "")
        }
        let downSet = Set(down)
        let unshippable = cannotShip.filter { !downSet.contains($0) }
        var text = down.isEmpty ? "up" : "down: " + list(down)
        if !unshippable.isEmpty { text += "; cannot ship a fix: " + list(unshippable) }
        return text
    }

    /// Keeps the start and the end of an over-long report and says what was cut, staying under
    /// the limit in UTF-8 bytes. Both cuts fall at line ends, so no character, table row or link
    /// is split; a code block or `<details>` the head leaves open is closed before the note, and
    /// the tail starts at the next finding or section when there is one, so the rest renders.
    static func truncate(_ text: String) -> String {
        let bytes = Array(text.utf8)
        guard bytes.count > limit else { return text }
        let newline = UInt8(ascii: "\n")
        // Room for the note with the longest number it could print, and for the closings.
        let keep = (limit - note(cut: bytes.count).utf8.count - maxClosingsLength) / 2
        var headEnd = keep
        while headEnd > 0, bytes[headEnd - 1] != newline { headEnd -= 1 }
        var tailStart = bytes.count - keep
        while tailStart < bytes.count, bytes[tailStart - 1] != newline { tailStart += 1 }
        var tail = String(decoding: bytes[tailStart...], as: UTF8.self)
        if let block = tail.firstRange(of: /\n(?=<details>|\*\*)/) { tail = String(tail[block.upperBound...]) }
        let head = String(decoding: bytes[..<headEnd], as: UTF8.self)
        let cut = bytes.count - headEnd - tail.utf8.count
        return head + closings(of: head) + note(cut: cut) + tail
    }

    static func note(cut: Int) -> String {
        "\n\n… \(cut) bytes of this report were cut here; run `faultline check --format text` for all of it …\n\n"
    }

    /// What closes the code block and `<details>` a cut-off head leaves open.
    static func closings(of head: String) -> String {
        var inFence = false
        var openDetails = 0
        for line in head.split(separator: "\n", omittingEmptySubsequences: false) {
            if line.hasPrefix("```") { inFence.toggle() }
            if !inFence {
                openDetails += line.ranges(of: "<details>").count - line.ranges(of: "</details>").count
            }
        }
        return (inFence ? "```\n" : "") + String(repeating: "</details>\n", count: max(0, min(openDetails, 1)))
    }

    static let maxClosingsLength = "```\n</details>\n".utf8.count

    /// Escapes text for Markdown tables and inline code: on one line (``DisplayText/line(_:)``),
    /// with no backtick to end the code span and no `|` to end the cell.
    static func escape(_ text: String) -> String {
        var out = ""
        for scalar in DisplayText.line(text).unicodeScalars {
            switch scalar {
            case "|": out += "\\|"
            case "`": out += "'"
            default: out.unicodeScalars.append(scalar)
            }
        }
        return out
    }

    /// Escapes text outside code: on one line, no HTML (a `</details>` or `<!--` of a file
    /// name stays text), and Markdown's link, emphasis and code marks taken literally.
    static func prose(_ text: String) -> String {
        var out = ""
        for scalar in html(text).unicodeScalars {
            if "\\`*_[]|~".unicodeScalars.contains(scalar) { out += "\\" }
            out.unicodeScalars.append(scalar)
        }
        return out
    }

    static func html(_ text: String) -> String {
        DisplayText.line(text).replacing("&", with: "&amp;").replacing("<", with: "&lt;").replacing(">", with: "&gt;")
    }

    static func mermaid(_ text: String) -> String {
        DisplayText.line(text).replacing("\"", with: "#quot;").replacing("<", with: "#lt;").replacing(">", with: "#gt;").replacing("`", with: "'")
    }
}
