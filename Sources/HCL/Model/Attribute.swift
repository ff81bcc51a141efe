/// `name = expression` inside a body.
public struct Attribute: Hashable, Sendable, Codable {
    public var name: String
    public var expression: Expression
    public var nameRange: SourceRange
    /// From the name to the end of the expression.
    public var range: SourceRange

    public init(name: String, expression: Expression, nameRange: SourceRange, range: SourceRange) {
        self.name = name
        self.expression = expression
        self.nameRange = nameRange
        self.range = range
    }
}
