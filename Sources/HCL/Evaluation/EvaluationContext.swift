import Synchronization

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
    /// Steps every evaluation in this context draws from (a caller shares one across all the
    /// expressions of a run); nil gives each evaluation its own ``EvaluationBudget/perExpression``.
    public var budget: EvaluationBudget?

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

/// What evaluations may spend: `for` and splat iterations and function calls. The files come
/// from pull requests: nested `for`s over ranges could otherwise run for hours, and a budget per
/// expression alone would not bound a module of many such expressions. Once spent, every
/// evaluation drawing from it gives `.unknown`. Safe to share between threads.
public final class EvaluationBudget: Sendable {
    /// What one evaluation may spend when its context has no budget of its own.
    public static let perExpression = 200_000

    private let left: Mutex<Int>
    public let steps: Int

    public init(steps: Int) {
        self.steps = steps
        self.left = Mutex(steps)
    }

    /// Takes one step; false once the budget is spent.
    func spend() -> Bool {
        left.withLock { left in
            left -= 1
            return left >= 0
        }
    }

    /// Whether `count` steps are left, taking them if so; if not, the budget is spent, for
    /// every evaluation drawing from it (the asker wanted more than all that was left).
    public func canSpend(_ count: Int) -> Bool {
        left.withLock { left in
            guard left >= count else {
                left = -1
                return false
            }
            left -= count
            return true
        }
    }

    /// Whether an evaluation ran out of steps.
    public var isSpent: Bool { left.withLock { $0 < 0 } }

    /// The steps taken so far.
    public var spent: Int { steps - left.withLock { max($0, 0) } }
}
