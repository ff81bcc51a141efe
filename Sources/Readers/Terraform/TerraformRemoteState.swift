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

    /// The state a backend keeps, by its type and literal settings; nil when they do not name one.
    static func state(type: String, settings: [String: String], root: String) -> String? {
        switch type {
        case "s3":
            guard let bucket = settings["bucket"], let key = settings["key"] else { return nil }
            return "s3://\(bucket)/\(key)"
        case "gcs":
            guard let bucket = settings["bucket"] else { return nil }
            return "gcs://\(bucket)/\(settings["prefix"] ?? "")"
        case "azurerm":
            guard let account = settings["storage_account_name"], let container = settings["container_name"], let key = settings["key"] else { return nil }
            return "azurerm://\(account)/\(container)/\(key)"
        case "local":
            return "local:" + TerraformModuleEvaluator.resolve(settings["path"] ?? "terraform.tfstate", from: root)
        default:
            return nil
        }
    }

    /// Each root's outputs by the state it keeps: its backend's, else the local file in its folder.
    static func outputs(of roots: [(root: String, outputs: Value, backends: [TerraformEvaluation.Backend])]) -> [String: Value] {
        var states: [String: Value] = [:]
        for (root, outputs, backends) in roots {
            let own = backends.filter { $0.root == root }
            let kept = own.isEmpty ? state(type: "local", settings: [:], root: root) : own.first.flatMap { state(type: $0.type, settings: $0.settings, root: root) }
            // Two roots keeping one state would overwrite each other: the first in path order stands.
            if let kept, states[kept] == nil { states[kept] = outputs }
        }
        return states
    }

    /// The remote state sources of a root module's folder, with the states they read, their
    /// `backend` and `config` evaluated as the root sees them.
    static func reads(of folder: TerraformFolder, root: String, context: EvaluationContext) -> [TerraformEvaluation.RemoteStateRead] {
        folder.blocks(ofType: "data").compactMap { declaration in
            guard declaration.block.labels.first == type, declaration.block.labels.count == 2 else { return nil }
            let body = declaration.block.body
            var state: String?
            if let backend = body.attribute(named: "backend")?.expression.evaluate(in: context).stringValue,
               case .object(let config)? = body.attribute(named: "config")?.expression.evaluate(in: context) ?? .object([:])
            {
                var settings: [String: String] = [:]
                for (key, value) in config {
                    if case .string(let text) = value, !TerraformMarker.holdsMarker(text) { settings[key] = text }
                }
                // A workspace other than the default keeps its state elsewhere.
                let workspace = body.attribute(named: "workspace")?.expression.evaluate(in: context).stringValue
                if workspace == nil || workspace == "default" { state = Self.state(type: backend, settings: settings, root: root) }
            }
            return .init(root: root, name: declaration.block.labels[1], state: state, path: declaration.path, line: declaration.line)
        }
    }

    /// A note for each source whose state no root of the commit keeps.
    static func notes(_ reads: [TerraformEvaluation.RemoteStateRead], states: Set<String>) -> [Diagnostic] {
        reads.compactMap { read in
            if let state = read.state {
                guard !states.contains(state) else { return nil }
                return Diagnostic(
                    .note, "data \(type).\(read.name) reads the state \(state), which no root module of this commit keeps, so its outputs are not known",
                    detail: "a root's state is matched by its backend's literal settings (bucket and key); name what the outputs stand for in .faultline.yaml if it matters",
                    path: read.path, line: read.line)
            }
            return Diagnostic(
                .note, "data \(type).\(read.name) names its state with values Faultline does not know (or a backend it does not match), so its outputs are not known",
                detail: "s3, gcs, azurerm and local backends with literal settings, in the default workspace, are matched to the root keeping that state",
                path: read.path, line: read.line)
        }
    }
}
