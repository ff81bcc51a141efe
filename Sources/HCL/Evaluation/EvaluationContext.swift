/// What an expression can see: root variables (the caller binds `var`, `local`, resource
/// types …) and the functions it may call.
public struct EvaluationContext: Sendable {
    public var variables: [String: Value]
    public var functions: [String: HCLFunction]

    /// A context with the given variables and, by default, the standard functions.
    public init(variables: [String: Value] = [:], functions: [String: HCLFunction] = StandardFunctions.all) {
        self.variables = variables
        self.functions = functions
    }
}
