/// What a parse gives back: the body it could build, even from broken input, and every
/// diagnostic found on the way. A result with no error diagnostics is a complete parse.
public struct ParseResult: Hashable, Sendable {
    public var body: Body
    public var diagnostics: [HCLDiagnostic]

    public init(body: Body, diagnostics: [HCLDiagnostic]) {
        self.body = body
        self.diagnostics = diagnostics
    }

    /// Whether any diagnostic is an error.
    public var hasErrors: Bool { diagnostics.contains { $0.severity == .error } }
}
