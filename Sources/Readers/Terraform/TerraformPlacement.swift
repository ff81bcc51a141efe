import Model

/// Where a Terraform resource runs, as the resource catalog reads it from its arguments.
struct TerraformPlacement: Sendable {
    var kind: Component.Kind
    var sites: [Site]
    var needed: Int = 1
    var isEntrypoint = false
    /// Whether the resource type is in the catalog; unknown types get one note per module.
    var isKnownType = true
    /// The argument that holds it in one zone (`multi_az`, `availability_zone`, `zone`, …),
    /// when one does; see ``Component/placedBy``.
    var placedByArgument: String?
    /// Things the user should know about this placement, e.g. an undeclared region.
    var notes: [(summary: String, detail: String)] = []
}
