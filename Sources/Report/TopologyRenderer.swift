import Foundation
import Model

/// Renders a topology for people (`text`), programs (`json`) and pictures (`dot`, `mermaid`).
public enum TopologyRenderer {
    public enum Format: String, CaseIterable, Sendable {
        case text, json, dot, mermaid
    }

    public static func render(_ topology: Topology, commit: String?, format: Format) -> String {
        switch format {
        case .text: text(topology, commit: commit)
        case .json: json(topology, commit: commit)
        case .dot: dot(topology)
        case .mermaid: mermaid(topology)
        }
    }

    static func text(_ topology: Topology, commit: String?) -> String {
        let components = topology.sortedComponents
        let entrypoints = Set(topology.entrypoints)
        var out = "Topology of \(commit.map { String($0.prefix(12)) } ?? "the empty tree"): \(components.count) components, \(topology.entrypoints.count) entrypoints\n"
        for component in components {
            // Names and paths are the repository's: each printed on its line (DisplayText).
            out += "\n\(DisplayText.line(component.id))  [\(component.kind.rawValue)\(entrypoints.contains(component.id) ? ", entrypoint" : "")]"
            if let first = component.provenance.first { out += "  \(DisplayText.line(first.description))" }
            out += "\n"
            if let elsewhere = alsoDeclared(component) { out += "  also in: \(DisplayText.line(elsewhere))\n" }
            if !component.sites.isEmpty {
                let needed = component.needed == 1 ? "" : " (\(component.needed) needed)"
                let placed = component.placedBy.map { "  (held there by \(DisplayText.line($0.description)))" } ?? ""
                out += "  runs in: " + component.sites.map(\.description).joined(separator: " or ") + needed + placed + "\n"
            }
            // An object declared in several files states its requirements once per file; one
            // line each says the same.
            var shown: Set<String> = []
            for requirement in component.requirements {
                var line = "  \(requirement.phase == .serve ? "needs" : "ships with") "
                line += requirement.alternatives.joined(separator: " or ")
                if let note = requirement.note { line += "  (\(note))" }
                if shown.insert(line).inserted { out += DisplayText.line(line) + "\n" }
            }
        }
        if !topology.diagnostics.isEmpty {
            out += "\nDiagnostics:\n"
            for diagnostic in topology.diagnostics { out += "  \(DisplayText.line(diagnostic.description))\n" }
        }
        return out
    }

    /// The other files a component is declared or named in, each at its first line (up to
    /// three, then how many more), or nil when it comes from one file: a Deployment in both a
    /// plain manifest and a rendered copy is read as one object needing what each declares.
    static func alsoDeclared(_ component: Component) -> String? {
        guard let firstPath = component.provenance.first?.path else { return nil }
        var seen: Set<String> = [firstPath]
        let others = component.provenance.filter { seen.insert($0.path).inserted }
        guard !others.isEmpty else { return nil }
        let shown = others.prefix(3).map(\.description).joined(separator: ", ")
        return others.count > 3 ? "\(shown) and \(others.count - 3) more" : shown
    }

    /// The topology as JSON with sorted keys, so two runs on the same commit compare equal.
    static func json(_ topology: Topology, commit: String?) -> String {
        struct Document: Encodable {
            let schemaVersion = 1
            let commit: String?
            let components: [Component]
            let diagnostics: [Diagnostic]
        }
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        let document = Document(commit: commit, components: topology.sortedComponents, diagnostics: topology.diagnostics)
        guard let data = try? encoder.encode(document) else { return "{}\n" }
        return String(decoding: data, as: UTF8.self) + "\n"
    }

    static func dot(_ topology: Topology) -> String {
        let components = topology.sortedComponents
        let entrypoints = Set(topology.entrypoints)
        let index = Dictionary(uniqueKeysWithValues: components.enumerated().map { ($1.id, "c\($0)") })
        var domainIndex: [FailureDomain: String] = [:]
        var out = "digraph topology {\n  rankdir=LR;\n  node [shape=box, fontname=\"Helvetica\"];\n"
        for component in components {
            let style = entrypoints.contains(component.id) ? ", style=bold, color=blue" : ""
            out += "  \(index[component.id] ?? "") [label=\(quote(component.id))\(style)];\n"
        }
        for domain in Set(components.flatMap(\.domains)).sorted() {
            let name = "d\(domainIndex.count)"
            domainIndex[domain] = name
            out += "  \(name) [label=\(quote(domain.id)), shape=ellipse, color=gray];\n"
        }
        for component in components {
            guard let from = index[component.id] else { continue }
            var drawn: Set<String> = []
            for requirement in component.requirements {
                for alternative in requirement.alternatives {
                    guard let to = index[alternative] else { continue }
                    let style = requirement.phase == .deliver ? " [style=dashed, label=\"ships with\"]" : ""
                    let edge = "  \(from) -> \(to)\(style);\n"
                    if drawn.insert(edge).inserted { out += edge }
                }
            }
            for domain in component.domains {
                guard let to = domainIndex[domain] else { continue }
                out += "  \(from) -> \(to) [color=gray, arrowhead=none];\n"
            }
        }
        return out + "}\n"
    }

    static func mermaid(_ topology: Topology) -> String {
        let components = topology.sortedComponents
        let entrypoints = Set(topology.entrypoints)
        let index = Dictionary(uniqueKeysWithValues: components.enumerated().map { ($1.id, "c\($0)") })
        var out = "graph LR\n"
        for component in components {
            let name = index[component.id] ?? ""
            out += entrypoints.contains(component.id) ? "  \(name)([\(mermaidLabel(component.id))])\n" : "  \(name)[\(mermaidLabel(component.id))]\n"
        }
        for component in components {
            guard let from = index[component.id] else { continue }
            var drawn: Set<String> = []
            for requirement in component.requirements {
                for alternative in requirement.alternatives {
                    guard let to = index[alternative] else { continue }
                    let edge = requirement.phase == .deliver ? "  \(from) -.->|ships with| \(to)\n" : "  \(from) --> \(to)\n"
                    if drawn.insert(edge).inserted { out += edge }
                }
            }
        }
        return out
    }

    /// A double-quoted DOT string with quotes and backslashes escaped.
    static func quote(_ text: String) -> String {
        "\"" + text.replacingOccurrences(of: "\\", with: "\\\\").replacingOccurrences(of: "\"", with: "\\\"") + "\""
    }

    /// A Mermaid node label: quoted, with characters Mermaid would read as syntax escaped.
    static func mermaidLabel(_ text: String) -> String {
        "\"" + text.replacingOccurrences(of: "\"", with: "#quot;").replacingOccurrences(of: "<", with: "#lt;").replacingOccurrences(of: ">", with: "#gt;") + "\""
    }
}
