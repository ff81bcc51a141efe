/// The contents of a file or of a block: attributes and nested blocks, each in source order.
///
/// The model is the same whichever syntax produced it (native `.tf` or JSON `.tf.json`), so
/// readers and the evaluator never ask which one it was.
public struct Body: Hashable, Sendable, Codable {
    public var attributes: [Attribute]
    public var blocks: [Block]
    public var range: SourceRange

    public init(attributes: [Attribute] = [], blocks: [Block] = [], range: SourceRange) {
        self.attributes = attributes
        self.blocks = blocks
        self.range = range
    }

    /// The attribute with this name, if the body has one.
    public func attribute(named name: String) -> Attribute? {
        attributes.first { $0.name == name }
    }

    /// The blocks of one type, in source order.
    public func blocks(ofType type: String) -> [Block] {
        blocks.filter { $0.type == type }
    }
}
