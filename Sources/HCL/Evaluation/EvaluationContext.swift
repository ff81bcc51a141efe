/// What an expression can see: root variables (the caller binds `var`, `local`, resource
/// types …) and the functions it may call.
public struct EvaluationContext: Sendable {
    public var variables: [String: Value]
    /// Roots looked up when `variables` has no such name: ones many contexts share (a Terraform
    /// module's resource types), kept apart so that each context does not copy them.
    public var sharedVariables: [String: Value]
    public var functions: [String: HCLFunction]

    /// A context with the given variables and, by default, the standard functions.
    public init(
        variables: [String: Value] = [:], sharedVariables: [String: Value] = [:], functions: [String: HCLFunction] = StandardFunctions.all
    ) {
        self.variables = variables
        self.sharedVariables = sharedVariables
        self.functions = functions
    }

    /// The value a root name has: from `variables`, else from `sharedVariables`.
    public func variable(_ name: String) -> Value? {
        variables[name] ?? sharedVariables[name]
    }
}
