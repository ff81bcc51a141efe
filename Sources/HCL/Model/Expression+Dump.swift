extension Expression {
    /// A compact S-expression of the tree, for tests and debugging: `(+ 1 (. $var x))`.
    ///
    /// Literals print as values, `$name` is a root variable, `@` the splat element,
    /// `(. x name)` an attribute, `(idx x k)` an index, `(tpl …)` a template.
    public var dump: String {
        switch kind {
        case .literal(let value): return value.description
        case .template(let parts): return "(tpl" + parts.map { " " + $0.dump }.joined() + ")"
        case .templateWrap(let inner): return "(wrap \(inner.dump))"
        case .templateIf(let condition, let then, let otherwise):
            return "(%if \(condition.dump) \(then.dump)" + (otherwise.map { " " + $0.dump } ?? "") + ")"
        case .templateFor(let key, let value, let collection, let body):
            return "(%for \(key.map { $0 + " " } ?? "")\(value) \(collection.dump) \(body.dump))"
        case .variable(let name): return "$" + name
        case .getAttribute(let base, let name): return "(. \(base.dump) \(name))"
        case .index(let base, let key): return "(idx \(base.dump) \(key.dump))"
        case .splat(let base, let each, let full): return "(\(full ? "[*]" : ".*") \(base.dump) \(each.dump))"
        case .splatItem: return "@"
        case .tuple(let items): return "[" + items.map(\.dump).joined(separator: " ") + "]"
        case .object(let items):
            return "{" + items.map { "\($0.key.dump)=\($0.value.dump)" }.joined(separator: " ") + "}"
        case .functionCall(let name, let arguments, let expand):
            return "(call \(name)" + arguments.map { " " + $0.dump }.joined() + (expand ? " ...)" : ")")
        case .unary(let op, let operand): return "(\(op == .negate ? "neg" : "!") \(operand.dump))"
        case .binary(let op, let lhs, let rhs): return "(\(op.rawValue) \(lhs.dump) \(rhs.dump))"
        case .conditional(let condition, let then, let otherwise):
            return "(? \(condition.dump) \(then.dump) \(otherwise.dump))"
        case .forExpression(let f):
            var out = "(for \(f.keyVariable.map { $0 + " " } ?? "")\(f.valueVariable) \(f.collection.dump)"
            if let key = f.key { out += " \(key.dump) =>" }
            out += " \(f.value.dump)"
            if f.grouping { out += " ..." }
            if let condition = f.condition { out += " if \(condition.dump)" }
            return out + ")"
        case .parentheses(let inner): return "(paren \(inner.dump))"
        case .invalid: return "<invalid>"
        }
    }
}
