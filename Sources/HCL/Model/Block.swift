/// `type "label" label { body }` inside a body.
public struct Block: Hashable, Sendable, Codable {
    public var type: String
    public var labels: [String]
    public var body: Body
    public var typeRange: SourceRange
    public var labelRanges: [SourceRange]
    /// From the type name to the closing brace.
    public var range: SourceRange

    public init(
        type: String, labels: [String], body: Body, typeRange: SourceRange, labelRanges: [SourceRange],
        range: SourceRange
    ) {
        self.type = type
        self.labels = labels
        self.body = body
        self.typeRange = typeRange
        self.labelRanges = labelRanges
        self.range = range
    }
}
