import Model

/// What evaluating every root module of a commit found.
struct TerraformEvaluation: Sendable {
    /// A module call whose source is outside the commit (registry, git, HTTP): never fetched.
    struct OpaqueModule: Sendable {
        var id: String
        var source: String
        var path: String
        var line: Int
    }

    var resources: [TerraformResource] = []
    var opaqueModules: [OpaqueModule] = []
    var diagnostics: [Diagnostic] = []
}
