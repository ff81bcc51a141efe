/// One `key = value` (or `key: value`) of an object constructor.
///
/// A bare identifier key such as `{foo = 1}` is stored as the string literal `"foo"`;
/// `{(foo) = 1}` keeps the parenthesised variable, which is evaluated.
public struct ObjectItem: Hashable, Sendable, Codable {
    public var key: Expression
    public var value: Expression

    public init(key: Expression, value: Expression) {
        self.key = key
        self.value = value
    }
}
