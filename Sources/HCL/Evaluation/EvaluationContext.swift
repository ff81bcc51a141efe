/// What an expression can see: root variables (the caller binds `var`, `local`, resource
/// types …) and the functions it may call.
public struct EvaluationContext: Sendable {
    public var variables: [String: Value]
    /// Roots looked up when `variables` has no such name: ones many contexts share (a Terraform
    /// module's resource types), kept apart so that each context does not copy them.
    public var sharedVariables: [String: Value]
    public var functions: [String: HCLFunction]
    /// A caller's markers in strings (Terraform's, standing for a resource's identity: a
    /// marker starts with `open`). When set, a template with unknown parts whose known parts
    /// hold a marker is still a string, `unknownPart` standing for each unknown part, so the
    /// resources it names are not lost; any other template with an unknown part is unknown.
    public var markers: (open: Character, unknownPart: String)?

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
