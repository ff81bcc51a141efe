extension Expression {
    /// Every root variable the expression reads, in source order, like hashicorp/hcl's
    /// `Variables()`: names bound by for-expressions and `%{for}` inside it are not references.
    public var references: [Reference] {
        var found: [Reference] = []
        collectReferences(bound: [], into: &found)
        return found
    }

    private func collectReferences(bound: Set<String>, into found: inout [Reference]) {
        switch kind {
        case .literal, .splatItem, .invalid:
            return
        case .variable(let name):
            if !bound.contains(name) { found.append(Reference(path: [name], range: range)) }
        case .getAttribute, .index:
            collectTraversal(bound: bound, into: &found)
        case .splat(let base, let each, _):
            base.collectReferences(bound: bound, into: &found)
            each.collectReferences(bound: bound, into: &found)
        case .template(let parts):
            for part in parts { part.collectReferences(bound: bound, into: &found) }
        case .templateWrap(let inner), .parentheses(let inner), .unary(_, let inner):
            inner.collectReferences(bound: bound, into: &found)
        case .templateIf(let condition, let then, let otherwise):
            condition.collectReferences(bound: bound, into: &found)
            then.collectReferences(bound: bound, into: &found)
            otherwise?.collectReferences(bound: bound, into: &found)
        case .templateFor(let key, let value, let collection, let body):
            collection.collectReferences(bound: bound, into: &found)
            body.collectReferences(bound: bound.union([key, value].compactMap { $0 }), into: &found)
        case .tuple(let items):
            for item in items { item.collectReferences(bound: bound, into: &found) }
        case .object(let items):
            for item in items {
                item.key.collectReferences(bound: bound, into: &found)
                item.value.collectReferences(bound: bound, into: &found)
            }
        case .functionCall(_, let arguments, _):
            for argument in arguments { argument.collectReferences(bound: bound, into: &found) }
        case .binary(_, let lhs, let rhs):
            lhs.collectReferences(bound: bound, into: &found)
            rhs.collectReferences(bound: bound, into: &found)
        case .conditional(let condition, let then, let otherwise):
            condition.collectReferences(bound: bound, into: &found)
            then.collectReferences(bound: bound, into: &found)
            otherwise.collectReferences(bound: bound, into: &found)
        case .forExpression(let f):
            f.collection.collectReferences(bound: bound, into: &found)
            let inner = bound.union([f.keyVariable, f.valueVariable].compactMap { $0 })
            f.key?.collectReferences(bound: inner, into: &found)
            f.value.collectReferences(bound: inner, into: &found)
            f.condition?.collectReferences(bound: inner, into: &found)
        }
    }

    /// For `a.b[k].c`: the reference `a.b` (if `a` is a free variable), then those in `k`.
    private func collectTraversal(bound: Set<String>, into found: inout [Reference]) {
        var steps: [Expression] = []
        var base = self
        while true {
            switch base.kind {
            case .getAttribute(let inner, _), .index(let inner, _):
                steps.append(base)
                base = inner
                continue
            default:
                break
            }
            break
        }
        steps.reverse()
        if case .variable(let root) = base.kind {
            if !bound.contains(root) {
                var path = [root]
                var end = base.range
                for step in steps {
                    guard case .getAttribute(_, let name) = step.kind else { break }
                    path.append(name)
                    end = step.range
                }
                found.append(Reference(path: path, range: SourceRange(start: base.range.start, end: end.end)))
            }
        } else {
            base.collectReferences(bound: bound, into: &found)
        }
        for step in steps {
            if case .index(_, let key) = step.kind { key.collectReferences(bound: bound, into: &found) }
        }
    }
}
