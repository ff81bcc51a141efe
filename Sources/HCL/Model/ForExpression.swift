/// `[for k, v in coll : value if cond]` or `{for k, v in coll : key => value... if cond}`.
public struct ForExpression: Hashable, Sendable, Codable {
    public var keyVariable: String?
    public var valueVariable: String
    public var collection: Expression
    /// Present only for the object form.
    public var key: Expression?
    public var value: Expression
    public var condition: Expression?
    /// `...` after the value in the object form: values with the same key are collected into lists.
    public var grouping: Bool

    public init(
        keyVariable: String?, valueVariable: String, collection: Expression, key: Expression?,
        value: Expression, condition: Expression?, grouping: Bool
    ) {
        self.keyVariable = keyVariable
        self.valueVariable = valueVariable
        self.collection = collection
        self.key = key
        self.value = value
        self.condition = condition
        self.grouping = grouping
    }

    /// Whether this builds an object rather than a tuple.
    public var isObject: Bool { key != nil }
}
