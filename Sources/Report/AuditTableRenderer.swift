import Model

/// The audit for people at a terminal: each reported commit with what it introduced (`+`),
/// resolved (`-`) and broke (`!`), then what is open at the end and who introduced it.
public enum AuditTableRenderer {
    public static func render(_ report: AuditReport) -> String {
        let start = report.start, end = report.end
        var out = "Audit of \(start.range) (\(start.firstParent ? "first-parent" : "full history")"
        if let since = start.since { out += ", since \(since)" }
        if let shard = start.shard { out += ", shard \(shard.index)/\(shard.count): commits \(shard.first + 1)–\(shard.end) of \(start.commits)" }
        out += "): \(end.commits) commit\(end.commits == 1 ? "" : "s"), \(end.changed) reported (a change to the topology, or a file that stopped or started reading)"
        out += ", \(end.introduced) introduced, \(end.resolved) resolved\n"
        for id in start.boundary {
            out += "History stops at \(id.prefix(7)) (shallow clone): what is open there was introduced earlier; fetch more history (git fetch --unshallow) to blame it.\n"
        }
        if start.commits == 0 {
            // Where nothing is walked the start is the end: its exposures are listed once, below.
            out += "The range selects no commits: nothing was introduced or resolved, and what is open is what its tip \(start.tip.prefix(7)) has.\n"
        } else if !start.open.isEmpty {
            out += "\nOpen where the audit starts (\(start.baseline.map { String($0.prefix(7)) } ?? "empty tree")):\n"
            for exposure in start.open { out += "  " + describe(exposure) + "\n" }
        }
        for step in report.steps {
            let commit = step.commit
            out += "\n\(commit.short) \(commit.date.prefix(10)) \(DisplayText.line(commit.author))  \(DisplayText.line(commit.subject))\n"
            for exposure in step.introduced { out += "  + " + describe(exposure) + "\n" }
            for exposure in step.resolved { out += "  - " + describe(exposure) + "\n" }
            for diagnostic in step.diagnostics { out += "  ! \(DisplayText.line(diagnostic.description))\n" }
        }
        out += "\nOpen at \(end.head.map { "\($0.short) (\($0.date.prefix(10)))" } ?? start.baseline.map { String($0.prefix(7)) } ?? "the end"): \(end.open.count)\n"
        for open in end.open {
            out += "  " + describe(open.exposure) + "\n"
            if let commit = open.introducedBy {
                out += "      introduced by \(commit.short) \(commit.date.prefix(10)) \(DisplayText.line(commit.author)): \(DisplayText.line(commit.subject))"
                out += open.days.map { ", open \($0) day\($0 == 1 ? "" : "s")\n" } ?? "\n"
            } else {
                out += "      open since before the audited range\n"
            }
        }
        if !end.cameAndWent.isEmpty {
            out += "\nCame and went: \(end.cameAndWent.count)\n"
            for episode in end.cameAndWent {
                out += "  " + describe(episode.exposure) + "\n"
                out += "      introduced by \(episode.introducedBy.short) \(episode.introducedBy.date.prefix(10)), "
                out += "resolved by \(episode.resolvedBy.short) \(episode.resolvedBy.date.prefix(10))\n"
            }
        }
        return out
    }

    /// `error single-region: k8s:Ingress/weave/ui down in region:aws/us-east-1 (serve) — k8s/ui.yaml:12; chain a → b`.
    static func describe(_ exposure: AuditExposure) -> String {
        var text = "\(exposure.severity.rawValue) \(exposure.rule): \(DisplayText.line(exposure.entrypoint)) down in \(exposure.scenario) (\(exposure.phase))"
        if !exposure.location.isEmpty { text += " at \(DisplayText.line(exposure.location))" }
        if exposure.chain.count > 1 { text += "; chain \(DisplayText.line(exposure.chain.joined(separator: " → ")))" }
        return text
    }
}
