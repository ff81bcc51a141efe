import HCL
import Model

/// What evaluating every root module of a commit found.
struct TerraformEvaluation: Sendable {
    /// A module call whose source is outside the commit (registry, git, HTTP): never fetched.
    struct OpaqueModule: Sendable {
        var id: String
        var source: String
        var path: String
        var line: Int
        /// The folder of the root module calling it.
        var root: String
    }

    /// A URL a root module's `data "http"` source fetches when Terraform plans or applies it
    /// (a manifest on GitHub, a policy document): written as a literal.
    struct Fetch: Sendable {
        var root: String
        var url: String
        var path: String
        var line: Int
    }

    /// Where a root module keeps its state (`terraform { backend "s3" { … } }`, `cloud { … }`):
    /// `terraform apply` reads and writes it, so changing anything the root declares needs it.
    struct Backend: Sendable {
        /// The root module's folder.
        var root: String
        /// `s3`, `gcs`, `azurerm`, `remote`, `http`, …, or `cloud` for HCP Terraform's block.
        var type: String
        /// Its literal settings (`bucket`, `region`, `dynamodb_table`, `hostname`, …).
        var settings: [String: String]
        var path: String
        var line: Int
    }

    /// Where a module instance's inputs were set: each argument of the `module` block that
    /// called it.
    struct ModuleInputs: Sendable {
        /// The instance's address prefix (`prod/module.db.`), as its resources have it.
        var prefix: String
        /// The caller's own prefix, where an input forwarding the caller's variable goes on.
        var callerPrefix: String
        var inputs: [String: InputLine]
    }

    /// One argument of a `module` block.
    struct InputLine: Sendable {
        var path: String
        var line: Int
        /// The caller's variable the argument passes on unchanged (`multi_az = var.multi_az`).
        var forwards: String?
    }

    /// A root module's `data "terraform_remote_state"` source: the state it reads (see
    /// `TerraformRemoteState`), nil when its backend and config are not known as literals.
    struct RemoteStateRead: Sendable {
        var root: String
        var name: String
        /// The instance, for a source with `count` (its index) or `for_each` (its key).
        var instance: Value?
        var state: String?
        var path: String
        var line: Int
    }

    var resources: [TerraformResource] = []
    var opaqueModules: [OpaqueModule] = []
    var remoteStateReads: [RemoteStateRead] = []
    var backends: [Backend] = []
    var fetches: [Fetch] = []
    var moduleInputs: [ModuleInputs] = []
    var diagnostics: [Diagnostic] = []
    /// The Kubernetes objects the resources declare, by the declaring file's path (see
    /// `TerraformKubernetes`): worked out once per evaluation, which a run keeps.
    var kubernetes: [String: TerraformKubernetes.Declared] = [:]
    /// The Helm releases the resources install, likewise (see `TerraformHelm`).
    var helm: [String: TerraformHelm.Declared] = [:]
}
