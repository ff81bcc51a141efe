import HCL

/// Terraform's conversion of a value to a variable's type constraint, as far as the topology
/// needs it: an attribute declared `optional(T, D)` that an object lacks, or sets to null, takes
/// its default `D` (or null, without one); collections convert element by element. Everything
/// else is left as it is: a value of the wrong type is Terraform's error to report, not a
/// reason to guess.
enum TerraformType {
    static func convert(_ value: Value, to type: HCL.Expression?) -> Value {
        guard let type, case .functionCall(let name, let arguments, _) = type.kind else { return value }
        switch (name, value) {
        case ("object", .object(var fields)):
            guard arguments.count == 1, case .object(let items) = arguments[0].kind else { return value }
            for item in items {
                guard let key = item.key.traversalPath.flatMap({ $0.count == 1 ? $0[0] : nil }) ?? item.key.staticString else { continue }
                let attribute = Self.attribute(item.value)
                if let field = fields[key], field != .null {
                    fields[key] = convert(field, to: attribute.type)
                } else if attribute.isOptional {
                    fields[key] = attribute.defaultValue.map { convert($0, to: attribute.type) } ?? .null
                }
            }
            return .object(fields)
        case ("map", .object(let fields)):
            return .object(fields.mapValues { convert($0, to: arguments.first) })
        case ("list", .tuple(let items)), ("set", .tuple(let items)):
            return .tuple(items.map { convert($0, to: arguments.first) })
        case ("tuple", .tuple(let items)):
            guard arguments.count == 1, case .tuple(let types) = arguments[0].kind, types.count == items.count else { return value }
            return .tuple(zip(items, types).map { convert($0, to: $1) })
        default:
            return value
        }
    }

    /// An object attribute's type: `optional(T)` or `optional(T, D)` unwrapped, with its default.
    private static func attribute(_ type: HCL.Expression) -> (type: HCL.Expression?, isOptional: Bool, defaultValue: Value?) {
        guard case .functionCall("optional", let arguments, _) = type.kind, !arguments.isEmpty else { return (type, false, nil) }
        let defaultValue = arguments.count > 1 ? arguments[1].evaluate(in: EvaluationContext()) : nil
        return (arguments[0], true, defaultValue == .unknown ? nil : defaultValue)
    }
}
