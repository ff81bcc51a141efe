/// A JSON value with source ranges, as read by `JSONReader`, before it is mapped to `Body`.
/// Public for readers of JSON another program decodes with its members in order (an AWS Load
/// Balancer Controller action, whose repeated keys matter).
public struct JSONNode: Sendable {
    /// One member of an object, in source order (JSON syntax keeps duplicates and order).
    public struct Member: Sendable {
        public var key: String
        public var keyRange: SourceRange
        public var value: JSONNode
    }

    public indirect enum Kind: Sendable {
        case object([Member])
        case array([JSONNode])
        /// The decoded text, and where its content (after the opening quote) starts.
        case string(String, contentStart: SourcePosition)
        /// The number's text, as written.
        case number(String)
        case bool(Bool)
        case null
    }

    public var kind: Kind
    public var range: SourceRange

    /// The value of a JSON text; nil when it is not one (what `JSONReader` refuses, nesting
    /// deeper than the parser's limit included).
    public static func parse(_ text: String) -> JSONNode? {
        var reader = JSONReader(bytes: Array(text.utf8))
        guard let node = reader.read(), reader.diagnostics.isEmpty else { return nil }
        return node
    }
}
