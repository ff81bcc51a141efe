import HCL

/// A Terragrunt `dependency` block's outputs, read as the state of the unit it names: an input
/// written `dependency.vpc.outputs.vpc_id` (or inside `"${…}"`, or indexed) becomes a
/// reference to a remote state source the unit gets, `terragrunt_dependency_vpc`, whose state
/// is the root of the dependency's folder (`TerraformRemoteState`), so the rounds of root
/// evaluation give it that unit's module outputs (for a unit without a source, the variables
/// of its own Terraform files). Inputs building a value from a dependency's output (a function
/// call, a concatenation, an object or list holding it, an index that is not a literal) stay
/// unknown.
enum TerragruntDependency {
    /// The backend the synthesized sources name a unit's folder with.
    static let backend = "terragrunt-unit"
    static let prefix = "terragrunt_dependency_"

    /// The input's expression with `dependency.NAME` read as the unit's source, and the
    /// dependency's name; nil when the expression is not a reference to a dependency's outputs.
    static func reference(_ expression: Expression) -> (expression: Expression, dependency: String)? {
        guard readsOutputs(expression) else { return nil }
        return rewritten(expression)
    }

    /// Whether the expression goes through `dependency.NAME.outputs`.
    private static func readsOutputs(_ expression: Expression) -> Bool {
        switch expression.kind {
        case .getAttribute(let base, let name):
            if case .getAttribute(let root, _) = base.kind, case .variable("dependency") = root.kind { return name == "outputs" }
            return readsOutputs(base)
        case .index(let base, _): return readsOutputs(base)
        case .templateWrap(let inner): return readsOutputs(inner)
        default: return false
        }
    }

    private static func rewritten(_ expression: Expression) -> (expression: Expression, dependency: String)? {
        switch expression.kind {
        case .getAttribute(let base, let name):
            if case .variable("dependency") = base.kind {
                var data = Expression(.variable("data"), range: base.range)
                data = Expression(.getAttribute(data, name: TerraformRemoteState.type), range: base.range)
                return (Expression(.getAttribute(data, name: prefix + name), range: expression.range), name)
            }
            guard let (inner, dependency) = rewritten(base) else { return nil }
            return (Expression(.getAttribute(inner, name: name), range: expression.range), dependency)
        case .index(let base, let key):
            // Only a literal key: any other is Terragrunt's to evaluate, not the root's.
            guard Self.isLiteral(key), let (inner, dependency) = rewritten(base) else { return nil }
            return (Expression(.index(inner, key: key), range: expression.range), dependency)
        case .templateWrap(let inner):
            return rewritten(inner)
        default:
            return nil
        }
    }

    private static func isLiteral(_ key: Expression) -> Bool {
        if case .literal = key.kind { return true }
        return key.staticString != nil
    }

    /// The remote state source standing for a dependency: its unit's folder as the state.
    static func source(name: String, folder: String?, at range: SourceRange) -> Block {
        let config: Value = folder.map { .object(["path": .string($0)]) } ?? .unknown
        return Terragrunt.block(
            "data", [TerraformRemoteState.type, prefix + name],
            attributes: [Terragrunt.attribute("backend", .string(backend), at: range), Terragrunt.attribute("config", config, at: range)], at: range)
    }
}
