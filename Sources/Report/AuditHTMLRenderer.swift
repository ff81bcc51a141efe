/// The audit as one self-contained HTML page: no scripts, fonts or requests, so it can be
/// mailed, attached to a CI run or opened offline. A timeline (inline SVG) plots the open
/// exposures of each scenario kind across the range; tables list what each commit introduced
/// and resolved, and what is open at the end.
public enum AuditHTMLRenderer {
    /// One step-line a scenario kind: (x, open count) points.
    struct Series {
        let kind: String
        var points: [(x: Int, count: Int)]
    }

    static let colors: [String: String] = [
        "region": "#d62728", "service": "#ff7f0e", "saas": "#9467bd", "provider": "#1f77b4", "global-service": "#17becf",
        "zone": "#2ca02c", "host": "#8c564b", "pair": "#7f7f7f",
    ]

    public static func render(_ report: AuditReport) -> String {
        let start = report.start, end = report.end
        var html = """
            <!DOCTYPE html>
            <html lang="en"><head><meta charset="utf-8">
            <meta name="viewport" content="width=device-width, initial-scale=1">
            <title>Faultline audit of \(escape(start.range))</title>
            <style>
            body{font-family:system-ui,-apple-system,"Segoe UI",sans-serif;margin:2em;color:#222;max-width:1200px}
            h1{font-size:1.5em}h2{font-size:1.2em;margin-top:2em}
            table{border-collapse:collapse;width:100%;font-size:.85em}
            th,td{border:1px solid #ccc;padding:.3em .5em;text-align:left;vertical-align:top}
            th{background:#f3f3f3}code{font-family:ui-monospace,Menlo,Consolas,monospace;font-size:.95em}
            .error{color:#b00020;font-weight:600}.warning{color:#8a5a00;font-weight:600}.note{color:#555}
            .summary span{display:inline-block;margin-right:1.5em}.boundary{background:#fff4d6;padding:.5em;border:1px solid #e0c060}
            svg text{font-size:11px;fill:#333}
            </style></head><body>
            <h1>Faultline audit of <code>\(escape(start.range))</code></h1>

            """
        html += "<p class=\"summary\"><span>\(start.firstParent ? "first-parent history" : "full history")</span>"
        if let since = start.since { html += "<span>since \(escape(since))</span>" }
        html += "<span id=\"commits\">\(end.commits) commits walked</span><span>\(end.changed) reported (a change to the topology, or a file that stopped or started reading)</span>"
        html += "<span id=\"introduced-count\">\(end.introduced) introduced</span><span id=\"resolved-count\">\(end.resolved) resolved</span>"
        html += "<span id=\"open-count\">\(end.open.count) open at the end</span></p>\n"
        for id in start.boundary {
            html += "<p class=\"boundary\">History stops at <code>\(escape(String(id.prefix(12))))</code> (shallow clone): exposures open there were introduced earlier.</p>\n"
        }
        html += "<h2>Open exposures over the range, by scenario kind</h2>\n" + timeline(report)
        html += section("Introduced", id: "introduced", rows: report.steps.flatMap { step in step.introduced.map { (step.commit, $0) } })
        html += section("Resolved", id: "resolved", rows: report.steps.flatMap { step in step.resolved.map { (step.commit, $0) } })
        html += openSection(end)
        if !end.cameAndWent.isEmpty {
            html += "<h2>Came and went</h2>\n<table id=\"came-and-went\"><tr><th>severity</th><th>rule</th><th>entrypoint</th><th>scenario</th><th>introduced by</th><th>resolved by</th></tr>\n"
            for episode in end.cameAndWent {
                let e = episode.exposure
                html += "<tr><td class=\"\(e.severity.rawValue)\">\(e.severity.rawValue)</td><td>\(escape(e.rule))</td><td><code>\(escape(e.entrypoint))</code></td>"
                html += "<td><code>\(escape(e.scenario))</code></td><td>\(commitCell(episode.introducedBy))</td><td>\(commitCell(episode.resolvedBy))</td></tr>\n"
            }
            html += "</table>\n"
        }
        let diagnostics = report.steps.flatMap { step in step.diagnostics.map { (step.commit, $0) } }
        if !diagnostics.isEmpty {
            html += "<h2>Problems in changed files</h2>\n<table id=\"diagnostics\"><tr><th>commit</th><th>severity</th><th>file</th><th>message</th></tr>\n"
            for (commit, diagnostic) in diagnostics {
                let location = (diagnostic.path ?? "") + (diagnostic.line.map { ":\($0)" } ?? "")
                html += "<tr><td>\(commitCell(commit))</td><td class=\"\(diagnostic.severity.rawValue)\">\(diagnostic.severity.rawValue)</td>"
                html += "<td><code>\(escape(location))</code></td><td>\(escape(diagnostic.summary))</td></tr>\n"
            }
            html += "</table>\n"
        }
        html += "</body></html>\n"
        return html
    }

    static func section(_ title: String, id: String, rows: [(AuditCommit, AuditExposure)]) -> String {
        var html = "<h2>\(title) (\(rows.count))</h2>\n"
        guard !rows.isEmpty else { return html + "<p id=\"\(id)\">None.</p>\n" }
        html += "<table id=\"\(id)\"><tr><th>commit</th><th>severity</th><th>rule</th><th>entrypoint</th><th>scenario</th><th>phase</th><th>file</th><th>chain</th></tr>\n"
        for (commit, exposure) in rows {
            html += "<tr><td>\(commitCell(commit))</td>" + exposureCells(exposure) + "</tr>\n"
        }
        return html + "</table>\n"
    }

    static func openSection(_ end: AuditEnd) -> String {
        var html = "<h2>Open at \(end.head.map { escape($0.short) + " (" + escape(String($0.date.prefix(10))) + ")" } ?? "the end") (\(end.open.count))</h2>\n"
        guard !end.open.isEmpty else { return html + "<p id=\"open\">None.</p>\n" }
        html += "<table id=\"open\"><tr><th>introduced by</th><th>severity</th><th>rule</th><th>entrypoint</th><th>scenario</th><th>phase</th><th>file</th><th>chain</th><th>days open</th></tr>\n"
        for open in end.open {
            let blame = open.introducedBy.map(commitCell) ?? "before the range"
            html += "<tr><td>\(blame)</td>" + exposureCells(open.exposure) + "<td>\(open.days.map(String.init) ?? "")</td></tr>\n"
        }
        return html + "</table>\n"
    }

    static func exposureCells(_ e: AuditExposure) -> String {
        "<td class=\"\(e.severity.rawValue)\">\(e.severity.rawValue)</td><td>\(escape(e.rule))</td><td><code>\(escape(e.entrypoint))</code></td>"
            + "<td><code>\(escape(e.scenario))</code></td><td>\(escape(e.phase))</td><td><code>\(escape(e.location))</code></td>"
            + "<td><code>\(escape(e.chain.joined(separator: " → ")))</code></td>"
    }

    static func commitCell(_ commit: AuditCommit) -> String {
        "<code title=\"\(escape(commit.id))\">\(escape(commit.short))</code> \(escape(String(commit.date.prefix(10)))) "
            + "\(escape(commit.author))<br><small>\(escape(commit.subject))</small>"
    }

    /// Open exposures per scenario kind after the start and after each reported commit.
    static func series(_ report: AuditReport) -> [Series] {
        var open: [String: String] = [:]
        for exposure in report.start.open { open[exposure.fingerprint] = exposure.kind }
        var kinds = Set(open.values)
        for step in report.steps { kinds.formUnion(step.introduced.map(\.kind)) }
        func counts() -> [String: Int] { Dictionary(grouping: open.values, by: { $0 }).mapValues(\.count) }
        let origin = report.start.shard?.first ?? 0
        var result = kinds.sorted().map { Series(kind: $0, points: []) }
        func plot(_ x: Int) {
            let now = counts()
            for index in result.indices { result[index].points.append((x, now[result[index].kind] ?? 0)) }
        }
        plot(origin)
        for step in report.steps {
            for exposure in step.resolved { open[exposure.fingerprint] = nil }
            for exposure in step.introduced { open[exposure.fingerprint] = exposure.kind }
            plot(step.index + 1)
        }
        plot(report.start.shard?.end ?? report.start.commits)
        return result
    }

    static func timeline(_ report: AuditReport) -> String {
        let lines = series(report)
        let width = 940.0, height = 260.0, left = 50.0, right = 180.0, top = 15.0, bottom = 45.0
        let plotWidth = width - left - right, plotHeight = height - top - bottom
        let minX = report.start.shard?.first ?? 0
        let maxX = max(minX + 1, report.start.shard?.end ?? report.start.commits)
        let maxY = max(1, lines.flatMap { $0.points.map(\.count) }.max() ?? 1)
        func x(_ value: Int) -> Double { left + plotWidth * Double(value - minX) / Double(maxX - minX) }
        func y(_ value: Int) -> Double { top + plotHeight * (1 - Double(value) / Double(maxY)) }
        func number(_ value: Double) -> String { String(Double((value * 10).rounded()) / 10) }
        var svg = "<svg id=\"timeline\" xmlns=\"http://www.w3.org/2000/svg\" width=\"\(Int(width))\" height=\"\(Int(height))\" viewBox=\"0 0 \(Int(width)) \(Int(height))\" role=\"img\" aria-label=\"Open exposures per scenario kind over the audited commits\">\n"
        svg += "<rect x=\"\(number(left))\" y=\"\(number(top))\" width=\"\(number(plotWidth))\" height=\"\(number(plotHeight))\" fill=\"#fafafa\" stroke=\"#bbb\"/>\n"
        let step = max(1, maxY / 5)
        for value in stride(from: 0, through: maxY, by: step) {
            svg += "<line x1=\"\(number(left))\" x2=\"\(number(left + plotWidth))\" y1=\"\(number(y(value)))\" y2=\"\(number(y(value)))\" stroke=\"#e4e4e4\"/>"
            svg += "<text x=\"\(number(left - 6))\" y=\"\(number(y(value) + 4))\" text-anchor=\"end\">\(value)</text>\n"
        }
        // Each reported commit is a tick on the time axis; its tooltip names it.
        for reported in report.steps {
            let tx = number(x(reported.index + 1))
            svg += "<line x1=\"\(tx)\" x2=\"\(tx)\" y1=\"\(number(top + plotHeight))\" y2=\"\(number(top + plotHeight + 5))\" stroke=\"#888\">"
            svg += "<title>\(escape(reported.commit.short)) \(escape(String(reported.commit.date.prefix(10)))) \(escape(reported.commit.subject))</title></line>\n"
        }
        let labelled = labelledSteps(report.steps, limit: 6)
        for reported in labelled {
            svg += "<text x=\"\(number(x(reported.index + 1)))\" y=\"\(number(top + plotHeight + 18))\" text-anchor=\"middle\">\(escape(String(reported.commit.date.prefix(10))))</text>\n"
        }
        svg += "<text x=\"\(number(left + plotWidth / 2))\" y=\"\(number(height - 6))\" text-anchor=\"middle\">commits \(minX + 1)–\(maxX), oldest to newest</text>\n"
        svg += "<text x=\"12\" y=\"\(number(top + plotHeight / 2))\" text-anchor=\"middle\" transform=\"rotate(-90 12 \(number(top + plotHeight / 2)))\">open exposures</text>\n"
        for (index, line) in lines.enumerated() {
            let color = colors[line.kind] ?? "#bcbd22"
            var points: [String] = []
            var previous: Int?
            for point in line.points {
                if let previous { points.append("\(number(x(point.x))),\(number(y(previous)))") }
                points.append("\(number(x(point.x))),\(number(y(point.count)))")
                previous = point.count
            }
            svg += "<polyline class=\"series\" data-kind=\"\(escape(line.kind))\" fill=\"none\" stroke=\"\(color)\" stroke-width=\"2\" points=\"\(points.joined(separator: " "))\"/>\n"
            let ly = top + 12 + Double(index) * 18
            svg += "<rect x=\"\(number(width - right + 12))\" y=\"\(number(ly - 9))\" width=\"12\" height=\"12\" fill=\"\(color)\"/>"
            svg += "<text x=\"\(number(width - right + 30))\" y=\"\(number(ly + 1))\">\(escape(line.kind)) (\(line.points.last?.count ?? 0) open)</text>\n"
        }
        if lines.isEmpty {
            svg += "<text x=\"\(number(left + plotWidth / 2))\" y=\"\(number(top + plotHeight / 2))\" text-anchor=\"middle\">no exposures in this range</text>\n"
        }
        return svg + "</svg>\n"
    }

    /// At most `limit` steps spread evenly, for date labels that do not overlap.
    static func labelledSteps(_ steps: [AuditStep], limit: Int) -> [AuditStep] {
        guard steps.count > limit else { return steps }
        return (0..<limit).map { steps[$0 * (steps.count - 1) / (limit - 1)] }
    }

    static func escape(_ text: String) -> String {
        var out = ""
        out.reserveCapacity(text.utf8.count)
        for character in text {
            switch character {
            case "&": out += "&amp;"
            case "<": out += "&lt;"
            case ">": out += "&gt;"
            case "\"": out += "&quot;"
            case "'": out += "&#39;"
            default: out.append(character)
            }
        }
        return out
    }
}
