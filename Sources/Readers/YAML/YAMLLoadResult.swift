import Model

/// What loading one YAML file gave: every document that parsed and every problem found.
public struct YAMLLoadResult: Hashable, Sendable {
    /// Documents in file order; empty documents (only comments or whitespace) are left out.
    public var documents: [YAMLDocument]
    /// Located problems; a broken document appears here and its neighbours still load.
    public var diagnostics: [Diagnostic]
    /// A key written twice in a mapping, when the loader reports it to try again instead of
    /// refusing the document (CloudFormation's mode).
    var duplicate: DuplicateKey?

    public init(documents: [YAMLDocument] = [], diagnostics: [Diagnostic] = []) {
        self.documents = documents
        self.diagnostics = diagnostics
    }
}

/// Where a mapping key first written twice is: its 1-based line and column in its chunk.
struct DuplicateKey: Hashable, Sendable {
    var key: String
    var line: Int
    var column: Int
}
