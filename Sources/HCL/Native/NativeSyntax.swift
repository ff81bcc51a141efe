/// Entry points for the native HCL syntax (`.tf`, `.hcl`).
public enum NativeSyntax {
    /// Parses a configuration file. Never throws and never traps: broken input gives a partial
    /// body and located diagnostics for every problem found.
    public static func parse(_ bytes: [UInt8]) -> ParseResult {
        var lexer = Lexer(bytes: bytes)
        let tokens = lexer.run()
        var parser = Parser(bytes: bytes, tokens: tokens)
        let body = parser.parseFile()
        return ParseResult(body: body, diagnostics: sorted(lexer.diagnostics + parser.diagnostics))
    }

    /// Parses a configuration file from a string.
    public static func parse(_ text: String) -> ParseResult {
        parse(Array(text.utf8))
    }

    /// Parses one expression, as in an attribute's value.
    public static func parseExpression(_ text: String) -> (Expression, [HCLDiagnostic]) {
        let bytes = Array(text.utf8)
        var lexer = Lexer(bytes: bytes)
        let tokens = lexer.run()
        var parser = Parser(bytes: bytes, tokens: tokens)
        let expression = parser.parseStandaloneExpression()
        return (expression, sorted(lexer.diagnostics + parser.diagnostics))
    }

    /// Parses the inside of a template (no surrounding quotes), as the JSON syntax's strings are.
    /// `start` is where the text begins in its file, so ranges point into that file.
    public static func parseTemplate(_ text: String, start: SourcePosition = .start) -> (Expression, [HCLDiagnostic]) {
        let bytes = Array(text.utf8)
        var lexer = Lexer(bytes: bytes, asTemplate: true, start: start)
        let tokens = lexer.run()
        var parser = Parser(bytes: bytes, tokens: tokens, byteBase: start.byte)
        let expression = parser.parseBareTemplate()
        return (expression, sorted(lexer.diagnostics + parser.diagnostics))
    }

    private static func sorted(_ diagnostics: [HCLDiagnostic]) -> [HCLDiagnostic] {
        // Stable by position so reports read top to bottom; the sort is stable for equal starts.
        diagnostics.enumerated().sorted { a, b in
            a.element.range.start.byte != b.element.range.start.byte
                ? a.element.range.start.byte < b.element.range.start.byte : a.offset < b.offset
        }.map(\.element)
    }
}
