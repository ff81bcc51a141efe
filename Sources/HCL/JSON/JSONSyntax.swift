/// Entry point for HCL's JSON syntax (`.tf.json`), mapped into the same `Body` model as the
/// native syntax.
public enum JSONSyntax {
    /// Parses a JSON configuration file. Blocks are recognised only where `schema` says so;
    /// strings are parsed as templates (so `"${var.r}"` alone evaluates to the value itself);
    /// `"//"` keys in bodies are comments and are skipped. A block type's value may be an array,
    /// at any label level, to repeat it.
    public static func parse(_ bytes: [UInt8], schema: BlockSchema) -> ParseResult {
        var reader = JSONReader(bytes: bytes)
        let root = reader.read()
        var mapper = JSONMapper()
        var diagnostics = reader.diagnostics
        guard let root else {
            return ParseResult(body: Body(range: SourceRange(at: .start)), diagnostics: diagnostics)
        }
        let body = mapper.body(root, schema: schema)
        diagnostics += mapper.diagnostics
        return ParseResult(body: body, diagnostics: diagnostics)
    }

    /// Parses a JSON configuration from a string.
    public static func parse(_ text: String, schema: BlockSchema) -> ParseResult {
        parse(Array(text.utf8), schema: schema)
    }
}
