import HCL

/// What a Terraform or OpenTofu file holds, kept as its parsed HCL body.
///
/// Terraform's meaning is per module (every file of one folder together: variables in one file,
/// providers in another, resources in a third), so a single file cannot be evaluated alone. The
/// fact keeps the whole parsed body — the HCL model is `Codable` — rather than the block's
/// source text: the module pass then needs no second parse, and every expression keeps its exact
/// line for provenance.
public struct TerraformFileFact: Hashable, Sendable, Codable {
    /// How the module pass uses a file.
    public enum Role: String, Hashable, Sendable, Codable {
        /// `*.tf`, `*.tf.json`, `*.tofu`, `*.tofu.json`.
        case configuration
        /// `override.tf`, `*_override.tf` (and the JSON and OpenTofu forms): merged last.
        case override
        /// `terraform.tfvars[.json]`: values for the root module's variables.
        case variableValues
        /// `*.auto.tfvars[.json]`: applied after `terraform.tfvars`, in lexical order.
        case autoVariableValues
        /// `terragrunt.hcl`: a Terragrunt unit, or a configuration units include (see `Terragrunt`).
        case terragrunt
    }

    public var role: Role
    /// The file's top-level attributes (for `.tfvars`) and blocks (for configuration).
    public var body: Body
    /// The files its `file()` and `templatefile()` calls read, relative to its folder, in order:
    /// those whose path is known without evaluating the module (literals and `path.module`,
    /// `path.root`, `path.cwd`, the last two taken as the file's own folder). The commit
    /// reader reads them (see `FileFacts.readText`).
    public var reads: [String]

    public init(role: Role, body: Body, reads: [String] = []) {
        self.role = role
        self.body = body
        self.reads = reads
    }
}
