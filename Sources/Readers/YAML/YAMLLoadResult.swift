import Model

/// What loading one YAML file gave: every document that parsed and every problem found.
public struct YAMLLoadResult: Hashable, Sendable {
    /// Documents in file order; empty documents (only comments or whitespace) are left out.
    public var documents: [YAMLDocument]
    /// Located problems; a broken document appears here and its neighbours still load.
    public var diagnostics: [Diagnostic]

    public init(documents: [YAMLDocument] = [], diagnostics: [Diagnostic] = []) {
        self.documents = documents
        self.diagnostics = diagnostics
    }
}
