/// A JSON value with source ranges, as read by `JSONReader`, before it is mapped to `Body`.
struct JSONNode: Sendable {
    /// One member of an object, in source order (JSON syntax keeps duplicates and order).
    struct Member: Sendable {
        var key: String
        var keyRange: SourceRange
        var value: JSONNode
    }

    indirect enum Kind: Sendable {
        case object([Member])
        case array([JSONNode])
        /// The decoded text, and where its content (after the opening quote) starts.
        case string(String, contentStart: SourcePosition)
        /// The number's text, as written.
        case number(String)
        case bool(Bool)
        case null
    }

    var kind: Kind
    var range: SourceRange
}
