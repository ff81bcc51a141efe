import Testing
import HCL
import Foundation
import TestSupport

/// Generated expression trees, written out as HCL source and parsed back, must come back as
/// the same tree. Operands are parenthesised only where precedence or associativity demand it,
/// so this checks the parser's precedence climbing, left associativity, traversals, templates
/// and for-expressions on thousands of shapes no table lists.
@Suite struct ExpressionRoundTripTests {
    static let names = ["a", "b", "var", "local", "each", "x_1", "with-dash"]
    static let functions = ["f", "concat", "provider::aws::arn_parse"]
    static let operators = BinaryOperator.allCases
    static let textPieces = ["a", "b c", "\"", "\\", "\n", "\t", "é", "${", "%{", "}", "x-y", "$", "%"]

    struct Builder {
        var generator: SplitMix64
        let range = SourceRange(at: .start)

        mutating func pick<T>(_ options: [T]) -> T {
            options[Int.random(in: 0..<options.count, using: &generator)]
        }

        mutating func chance(_ percent: Int) -> Bool { Int.random(in: 0..<100, using: &generator) < percent }

        func node(_ kind: HCL.Expression.Kind) -> HCL.Expression { HCL.Expression(kind, range: range) }

        mutating func expression(depth: Int) -> HCL.Expression {
            if depth <= 0 { return leaf() }
            switch Int.random(in: 0..<12, using: &generator) {
            case 0: return leaf()
            case 1, 2:
                let op = pick(ExpressionRoundTripTests.operators)
                var lhs = expression(depth: depth - 1)
                var rhs = expression(depth: depth - 1)
                if needsParentheses(lhs, under: op, right: false) { lhs = node(.parentheses(lhs)) }
                if needsParentheses(rhs, under: op, right: true) { rhs = node(.parentheses(rhs)) }
                return node(.binary(op, lhs, rhs))
            case 3:
                var operand = expression(depth: depth - 1)
                switch operand.kind {
                case .binary, .conditional, .literal(.number): operand = node(.parentheses(operand))
                default: break
                }
                return node(.unary(chance(50) ? .negate : .not, operand))
            case 4:
                var condition = expression(depth: depth - 1)
                if case .conditional = condition.kind { condition = node(.parentheses(condition)) }
                return node(.conditional(condition: condition, then: expression(depth: depth - 1), else: expression(depth: depth - 1)))
            case 5: return traversal(depth: depth)
            case 6:
                let count = Int.random(in: 0...3, using: &generator)
                return node(.tuple((0..<count).map { _ in expression(depth: depth - 1) }))
            case 7:
                let count = Int.random(in: 0...3, using: &generator)
                return node(.object((0..<count).map { i in
                    let key = chance(70) ? node(.literal(.string("k\(i)"))) : node(.parentheses(expression(depth: depth - 1)))
                    return ObjectItem(key: key, value: expression(depth: depth - 1))
                }))
            case 8:
                let count = Int.random(in: 0...3, using: &generator)
                let arguments = (0..<count).map { _ in expression(depth: depth - 1) }
                return node(.functionCall(name: pick(ExpressionRoundTripTests.functions), arguments: arguments, expandFinal: count > 0 && chance(30)))
            case 9: return template(depth: depth)
            case 10:
                var collection = expression(depth: depth - 1)
                if case .conditional = collection.kind { collection = node(.parentheses(collection)) }
                let object = chance(50)
                var value = expression(depth: depth - 1)
                if object, case .conditional = value.kind { value = node(.parentheses(value)) }
                return node(.forExpression(ForExpression(
                    keyVariable: chance(50) ? "k" : nil, valueVariable: "v", collection: collection,
                    key: object ? expression(depth: depth - 1) : nil, value: value,
                    condition: chance(40) ? expression(depth: depth - 1) : nil, grouping: object && chance(30))))
            default:
                return node(.parentheses(expression(depth: depth - 1)))
            }
        }

        /// Whether `child` must be parenthesised as an operand of `op` to parse back the same.
        func needsParentheses(_ child: HCL.Expression, under op: BinaryOperator, right: Bool) -> Bool {
            switch child.kind {
            case .conditional: return true
            case .binary(let inner, _, _): return right ? inner.precedence <= op.precedence : inner.precedence < op.precedence
            default: return false
            }
        }

        mutating func leaf() -> HCL.Expression {
            switch Int.random(in: 0..<6, using: &generator) {
            case 0: return node(.literal(.number(Decimal(Int.random(in: -20...1000, using: &generator)))))
            case 1: return node(.literal(.number(Decimal(Int.random(in: 1...999, using: &generator)) / 8)))
            case 2: return node(.literal(chance(50) ? .bool(chance(50)) : .null))
            case 3: return template(depth: 0)
            default: return node(.variable(pick(ExpressionRoundTripTests.names)))
            }
        }

        mutating func traversal(depth: Int) -> HCL.Expression {
            var base = chance(70) ? node(.variable(pick(ExpressionRoundTripTests.names))) : node(.parentheses(expression(depth: depth - 1)))
            for _ in 0..<Int.random(in: 1...3, using: &generator) {
                switch Int.random(in: 0..<3, using: &generator) {
                case 0: base = node(.getAttribute(base, name: pick(ExpressionRoundTripTests.names)))
                case 1: base = node(.index(base, key: expression(depth: depth - 1)))
                default: base = node(.index(base, key: node(.literal(.number(Decimal(Int.random(in: 0...9, using: &generator)))))))
                }
            }
            guard chance(30) else { return base }
            // A splat is always the last step here: steps after it belong to its `each`.
            var each = node(.splatItem)
            let full = chance(50)
            for _ in 0..<Int.random(in: 0...2, using: &generator) {
                each = full && chance(50)
                    ? node(.index(each, key: node(.literal(.number(1)))))
                    : node(.getAttribute(each, name: pick(ExpressionRoundTripTests.names)))
            }
            return node(.splat(base, each: each, fullSplat: full))
        }

        mutating func template(depth: Int) -> HCL.Expression {
            var parts: [HCL.Expression] = []
            var lastWasText = false
            for _ in 0..<Int.random(in: 0...4, using: &generator) {
                if !lastWasText && chance(50) {
                    let text = (0..<Int.random(in: 1...3, using: &generator)).map { _ in pick(ExpressionRoundTripTests.textPieces) }.joined()
                    parts.append(node(.literal(.string(text))))
                    lastWasText = true
                } else {
                    // "$" or "%" right before `${` would read as the escape `$${`; HCL has no
                    // way to write that text directly, so keep it out.
                    if lastWasText, case .literal(.string(let text)) = parts[parts.count - 1].kind,
                        text.hasSuffix("$") || text.hasSuffix("%")
                    {
                        parts[parts.count - 1] = node(.literal(.string(text + "x")))
                    }
                    parts.append(depth > 0 ? expression(depth: depth - 1) : node(.variable(pick(ExpressionRoundTripTests.names))))
                    lastWasText = false
                }
            }
            if parts.count == 1, case .literal(.string) = parts[0].kind {} else if parts.count == 1 {
                return node(.templateWrap(parts[0]))
            }
            return node(.template(parts))
        }
    }

    /// HCL source for a tree built by `Builder`.
    static func render(_ e: HCL.Expression) -> String {
        switch e.kind {
        case .literal(.number(let n)): return n.description
        case .literal(.bool(let b)): return b ? "true" : "false"
        case .literal(.null): return "null"
        case .literal(.string(let s)): return s
        case .literal: return "null"
        case .template(let parts): return "\"" + parts.map(renderPart).joined() + "\""
        case .templateWrap(let inner): return "\"${" + render(inner) + "}\""
        case .variable(let name): return name
        case .getAttribute(let base, let name): return render(base) + "." + name
        case .index(let base, let key): return render(base) + "[" + render(key) + "]"
        case .splat(let base, let each, let full): return render(base) + (full ? "[*]" : ".*") + renderEach(each)
        case .splatItem: return ""
        case .tuple(let items): return "[" + items.map(render).joined(separator: ", ") + "]"
        case .object(let items):
            return "{" + items.map { item in
                let key = item.key.staticString ?? render(item.key)
                return key + " = " + render(item.value)
            }.joined(separator: ", ") + "}"
        case .functionCall(let name, let arguments, let expand):
            return name + "(" + arguments.map(render).joined(separator: ", ") + (expand ? "...)" : ")")
        case .unary(let op, let operand): return op.rawValue + render(operand)
        case .binary(let op, let lhs, let rhs): return render(lhs) + " " + op.rawValue + " " + render(rhs)
        case .conditional(let c, let t, let f): return render(c) + " ? " + render(t) + " : " + render(f)
        case .forExpression(let f):
            let intro = "for " + (f.keyVariable.map { $0 + ", " } ?? "") + f.valueVariable + " in " + render(f.collection) + " : "
            let body = (f.key.map { render($0) + " => " } ?? "") + render(f.value) + (f.grouping ? "..." : "")
            let condition = f.condition.map { " if " + render($0) } ?? ""
            return f.isObject ? "{" + intro + body + condition + "}" : "[" + intro + body + condition + "]"
        case .parentheses(let inner): return "(" + render(inner) + ")"
        case .templateIf, .templateFor, .invalid: return "null"
        }
    }

    static func renderEach(_ e: HCL.Expression) -> String {
        switch e.kind {
        case .splatItem: return ""
        case .getAttribute(let base, let name): return renderEach(base) + "." + name
        case .index(let base, let key): return renderEach(base) + "[" + render(key) + "]"
        default: return ""
        }
    }

    static func renderPart(_ e: HCL.Expression) -> String {
        guard case .literal(.string(let s)) = e.kind else { return "${" + render(e) + "}" }
        return s.replacing("\\", with: "\\\\").replacing("\"", with: "\\\"").replacing("\n", with: "\\n")
            .replacing("\t", with: "\\t").replacing("${", with: "$${").replacing("%{", with: "%%{")
    }

    @Test(arguments: 0..<8)
    func parsesBackWhatWasWritten(seed: Int) {
        var builder = Builder(generator: SplitMix64(state: UInt64(seed) &* 7919))
        for _ in 0..<250 {
            let tree = builder.expression(depth: 4)
            let source = Self.render(tree)
            let (parsed, diagnostics) = NativeSyntax.parseExpression(source)
            #expect(diagnostics.isEmpty, "\(source): \(diagnostics)")
            #expect(parsed.dump == tree.dump, "\(source)")
            if parsed.dump != tree.dump { return }
        }
    }
}
