/// A function callable from expressions: it takes evaluated arguments and returns a value,
/// `.unknown` when it cannot give a definite answer (unknown input, wrong types, errors).
public struct HCLFunction: Sendable {
    public var name: String
    public var implementation: @Sendable ([Value]) -> Value

    public init(_ name: String, _ implementation: @escaping @Sendable ([Value]) -> Value) {
        self.name = name
        self.implementation = implementation
    }
}
