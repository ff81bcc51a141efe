extension Expression {
    /// The expressions directly inside this one, in source order.
    public var children: [Expression] {
        switch kind {
        case .literal, .variable, .splatItem, .invalid: []
        case .template(let parts): parts
        case .templateWrap(let inner), .parentheses(let inner), .unary(_, let inner), .getAttribute(let inner, _): [inner]
        case .templateIf(let condition, let then, let otherwise): [condition, then] + (otherwise.map { [$0] } ?? [])
        case .templateFor(_, _, let collection, let body): [collection, body]
        case .index(let base, let key): [base, key]
        case .splat(let base, let each, _): [base, each]
        case .tuple(let items): items
        case .object(let items): items.flatMap { [$0.key, $0.value] }
        case .functionCall(_, let arguments, _): arguments
        case .binary(_, let lhs, let rhs): [lhs, rhs]
        case .conditional(let condition, let then, let otherwise): [condition, then, otherwise]
        case .forExpression(let f): [f.collection] + (f.key.map { [$0] } ?? []) + [f.value] + (f.condition.map { [$0] } ?? [])
        }
    }

    /// Every call of one of `names` in this expression, outer calls before the calls in their
    /// arguments, in source order. Walks without recursion, so a deeply nested expression from
    /// an untrusted file cannot exhaust the stack.
    public func calls(named names: Set<String>) -> [(name: String, arguments: [Expression])] {
        var found: [(name: String, arguments: [Expression])] = []
        var pending: [Expression] = [self]
        while let next = pending.popLast() {
            if case .functionCall(let name, let arguments, _) = next.kind, names.contains(name) { found.append((name, arguments)) }
            pending += next.children.reversed()
        }
        return found
    }
}

extension Body {
    /// Every call of one of `names` in the body: its attributes' first, then its nested blocks'.
    public func calls(named names: Set<String>) -> [(name: String, arguments: [Expression])] {
        var found: [(name: String, arguments: [Expression])] = []
        var bodies: [Body] = [self]
        while let body = bodies.popLast() {
            for attribute in body.attributes { found += attribute.expression.calls(named: names) }
            bodies += body.blocks.reversed().map(\.body)
        }
        return found
    }
}
