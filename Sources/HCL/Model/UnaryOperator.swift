/// A prefix operator.
public enum UnaryOperator: String, Hashable, Sendable, Codable {
    case negate = "-"
    case not = "!"
}
