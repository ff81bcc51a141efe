/// A prefix operator.
public enum UnaryOperator: String, Hashable, Sendable {
    case negate = "-"
    case not = "!"
}
