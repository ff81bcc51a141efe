import HCL
import Model

/// `data "terraform_remote_state"`: a root module reading another root's outputs from the
/// state that root keeps (docs/terraform.md, "Remote state").
///
/// A state is named by its backend's literal settings — `s3://BUCKET/KEY`,
/// `gcs://BUCKET/PREFIX`, `azurerm://ACCOUNT/CONTAINER/KEY`, or `local:PATH` (a root without a
/// backend keeps `terraform.tfstate` in its folder) — so a source whose `backend` and `config`
/// name the state a root of the commit keeps reads that root's outputs, with the markers of
/// its resources: `data.terraform_remote_state.network.outputs.db_address` needs the database.
/// HCP Terraform and `remote` workspaces are not matched.
enum TerraformRemoteState {
    static let type = "terraform_remote_state"
    /// The input a root's evaluation gets the states it reads under (no variable can be named
    /// so), which also keeps it apart from evaluations without them.
    static let input = "\u{0}terraform_remote_state"
    /// Rounds of evaluation: a chain of roots each reading the last one's state takes one each.
    static let maximumRounds = 4

    /// The state a backend keeps, by its type and literal settings; nil when they do not name
    /// one. A `local` path is taken from the root's folder; one that is absolute, or climbs out
    /// of the repository, is named as written and matches no root.
    static func state(type: String, settings: [String: String], root: String) -> String? {
        switch type {
        case "s3":
            guard let bucket = settings["bucket"], let key = settings["key"] else { return nil }
            return "s3://\(bucket)/\(key)"
        case "gcs":
            // `network` and `network/` are one prefix, as the backend writes `PREFIX/default.tfstate`.
            guard let bucket = settings["bucket"] else { return nil }
            let prefix = (settings["prefix"] ?? "").split(separator: "/").joined(separator: "/")
            return "gcs://\(bucket)/\(prefix)"
        case "azurerm":
            guard let account = settings["storage_account_name"], let container = settings["container_name"], let key = settings["key"] else { return nil }
            return "azurerm://\(account)/\(container)/\(key)"
        case TerragruntDependency.backend:
            return settings["path"].map { "unit:" + $0 }
        case "local":
            let path = settings["path"] ?? "terraform.tfstate"
            guard !path.hasPrefix("/"), let resolved = inRepository(path, from: root) else { return "local:" + path }
            return "local:" + resolved
        default:
            return nil
        }
    }

    /// A relative path from a folder, with `.` and `..` resolved; nil when it climbs above
    /// the repository's top folder.
    static func inRepository(_ path: String, from folder: String) -> String? {
        var parts = folder.split(separator: "/").map(String.init)
        for part in path.split(separator: "/").map(String.init) {
            switch part {
            case ".", "": continue
            case "..":
                guard !parts.isEmpty else { return nil }
                parts.removeLast()
            default: parts.append(part)
            }
        }
        return parts.joined(separator: "/")
    }

    /// Each root's outputs by the state it keeps: its backend's, else the local file in its folder.
    static func outputs(of roots: [(root: String, outputs: Value, backends: [TerraformEvaluation.Backend])]) -> [String: Value] {
        var states: [String: Value] = [:]
        for (root, outputs, backends) in roots {
            let own = backends.filter { $0.root == root }
            let kept = own.isEmpty ? state(type: "local", settings: [:], root: root) : own.first.flatMap { state(type: $0.type, settings: $0.settings, root: root) }
            // Two roots keeping one state would overwrite each other: the first in path order stands.
            if let kept, states[kept] == nil { states[kept] = outputs }
            // A Terragrunt dependency names its unit's folder.
            states["unit:" + root] = outputs
        }
        return states
    }

    /// What a root's `data.terraform_remote_state` is, by source name: `{outputs = …}` for a
    /// source whose state a root keeps, a tuple of those for `count`, an object for
    /// `for_each` (an instance whose state no root keeps is unknown in it).
    static func data(_ reads: [TerraformEvaluation.RemoteStateRead], states: [String: Value]) -> [String: Value] {
        var result: [String: Value] = [:]
        for (name, group) in Dictionary(grouping: reads, by: \.name) {
            func value(_ read: TerraformEvaluation.RemoteStateRead) -> Value {
                read.state.flatMap { states[$0] }.map { .object(["outputs": $0]) } ?? .unknown
            }
            switch group.first?.instance {
            case .number?:
                result[name] = .tuple(group.map(value))
            case .string?:
                var fields: [String: Value] = [:]
                for read in group { if let key = read.instance?.stringValue { fields[key] = value(read) } }
                result[name] = .object(fields)
            default:
                if let read = group.first, read.state.flatMap({ states[$0] }) != nil { result[name] = value(read) }
            }
        }
        return result
    }

    /// The most instances a source's `count` or `for_each` is expanded into.
    static let maximumInstances = 100

    /// The remote state sources of a root module's folder, an entry per instance, with the
    /// states they read: their `backend`, `config` and `workspace` evaluated as the root sees
    /// them (`context` gives the root's context with an instance's `count` or `each`). A
    /// source whose `count` is 0 reads nothing.
    static func reads(
        of folder: TerraformFolder, root: String, context: ([String: Value]) -> EvaluationContext
    ) -> [TerraformEvaluation.RemoteStateRead] {
        var reads: [TerraformEvaluation.RemoteStateRead] = []
        for declaration in folder.blocks(ofType: "data") {
            guard declaration.block.labels.first == type, declaration.block.labels.count == 2 else { continue }
            let body = declaration.block.body
            var instances: [(instance: Value?, bindings: [String: Value])] = [(nil, [:])]
            if let count = body.attribute(named: "count") {
                let n = count.expression.evaluate(in: context([:])).asInt
                instances = (0..<min(max(n ?? 1, 0), maximumInstances)).map { index in
                    (n == nil ? nil : .int(index), ["count": .object(["index": n == nil ? .unknown : .int(index)])])
                }
            } else if let forEach = body.attribute(named: "for_each") {
                switch forEach.expression.evaluate(in: context([:])) {
                case .object(let fields):
                    instances = fields.keys.sorted().prefix(maximumInstances).map { key in
                        (.string(key), ["each": .object(["key": .string(key), "value": fields[key] ?? .unknown])])
                    }
                case .tuple(let items) where items.allSatisfy({ $0.stringValue != nil }):
                    instances = items.compactMap(\.stringValue).prefix(maximumInstances).map { key in
                        (.string(key), ["each": .object(["key": .string(key), "value": .string(key)])])
                    }
                default:
                    instances = [(nil, ["each": .object(["key": .unknown, "value": .unknown])])]
                }
            }
            for (instance, bindings) in instances {
                let scope = context(bindings)
                var state: String?
                if let backend = body.attribute(named: "backend")?.expression.evaluate(in: scope).stringValue,
                   case .object(let config)? = body.attribute(named: "config")?.expression.evaluate(in: scope) ?? .object([:])
                {
                    var settings: [String: String] = [:]
                    for (key, value) in config {
                        if case .string(let text) = value, !TerraformMarker.holdsMarker(text) { settings[key] = text }
                    }
                    // A workspace other than the default keeps its state elsewhere.
                    let workspace = body.attribute(named: "workspace")?.expression.evaluate(in: scope).stringValue
                    if workspace == nil || workspace == "default" { state = Self.state(type: backend, settings: settings, root: root) }
                }
                reads.append(.init(root: root, name: declaration.block.labels[1], instance: instance, state: state, path: declaration.path, line: declaration.line))
            }
        }
        return reads
    }

    /// A note for each remote state source of a module called by another: only a root's are read.
    static func childNotes(of folder: TerraformFolder) -> [Diagnostic] {
        folder.blocks(ofType: "data").compactMap { declaration in
            guard declaration.block.labels.first == type, declaration.block.labels.count == 2 else { return nil }
            if declaration.block.labels[1].hasPrefix(TerragruntDependency.prefix) {
                return Diagnostic(
                    .note, "dependency \"\(declaration.block.labels[1].dropFirst(TerragruntDependency.prefix.count))\" is of a unit whose folder another module calls, so its outputs are not read there",
                    detail: "a unit's dependencies are read where the unit is a root", path: declaration.path, line: declaration.line)
            }
            return Diagnostic(
                .note, "data \(type).\(declaration.block.labels[1]) is in a module another calls, where remote states are not read, so its outputs are not known",
                detail: "only a root module's remote state sources are matched to the roots keeping those states", path: declaration.path, line: declaration.line)
        }
    }

    /// A note for each source whose state no root of the commit keeps (once for all its instances).
    static func notes(_ reads: [TerraformEvaluation.RemoteStateRead], states: Set<String>) -> [Diagnostic] {
        var said: Set<String> = []
        return reads.compactMap { read in
            if let state = read.state, states.contains(state) { return nil }
            guard said.insert("\(read.path):\(read.line):\(read.state ?? "")").inserted else { return nil }
            if read.name.hasPrefix(TerragruntDependency.prefix) {
                let name = read.name.dropFirst(TerragruntDependency.prefix.count)
                guard let state = read.state else {
                    return Diagnostic(
                        .note, "dependency \"\(name)\" names a folder Faultline cannot work out, so its outputs are not known",
                        detail: "config_path is read from the unit's folder, with get_terragrunt_dir() and the unit's locals; an absolute path is not read",
                        path: read.path, line: read.line)
                }
                return Diagnostic(
                    .note, "dependency \"\(name)\" names the folder \(state.dropFirst("unit:".count)), which is no Terragrunt unit or root module of this commit, so its outputs are not known",
                    detail: "config_path is read from the unit's folder", path: read.path, line: read.line)
            }
            if let state = read.state {
                return Diagnostic(
                    .note, "data \(type).\(read.name) reads the state \(state), which no root module of this commit keeps, so its outputs are not known",
                    detail: "a root's state is matched by its backend's literal settings; name what the outputs stand for in .faultline.yaml if it matters",
                    path: read.path, line: read.line)
            }
            return Diagnostic(
                .note, "data \(type).\(read.name) names its state with values Faultline does not know (or a backend it does not match), so its outputs are not known",
                detail: "s3, gcs, azurerm and local backends with literal settings, in the default workspace, are matched to the root keeping that state",
                path: read.path, line: read.line)
        }
    }
}
