#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif

/// Walks an expression tree and computes its value against a context; everything it cannot
/// know for certain becomes `.unknown`.
struct Evaluator {
    let context: EvaluationContext
    /// The context's budget, or one of ``EvaluationBudget/perExpression`` steps for this
    /// evaluation alone. Copies of an evaluator (for inner scopes) share it.
    let budget: EvaluationBudget

    init(context: EvaluationContext) {
        self.context = context
        self.budget = context.budget ?? EvaluationBudget(steps: EvaluationBudget.perExpression)
    }
    /// For-expression variables, which shadow the context's roots.
    var locals: [String: Value] = [:]
    /// The element a splat's `each` is applied to.
    var splatElement: Value?

    /// Functions whose result from a marker string is another string holding it (for
    /// `base64encode`, encoded: a caller reading an instance's `user_data` decodes it).
    static let markerPreserving: Set<String> = [
        "format", "formatlist", "join", "coalesce", "tostring", "trimspace", "trimprefix", "trimsuffix", "trim", "chomp",
        "replace", "concat", "tolist", "toset", "distinct", "compact", "merge", "lookup", "element", "flatten", "base64encode",
        // JSON of a reference holds it as it holds one inside a list or an object.
        "jsonencode",
    ]

    /// Whether a value is a caller's marker string (see `EvaluationContext.markers`): it stands
    /// for something whose parts are only known at apply, so any attribute or element of it is
    /// the same thing — `aws_s3_bucket.a[0].arn` of a resource read as one instance names it.
    func isMarker(_ value: Value) -> Bool {
        guard let markers = context.markers, case .string(let text) = value else { return false }
        return Self.holds(markers.open, in: text)
    }

    /// Whether `text` holds `character`, searched in UTF-8 bytes: a search by `Character`
    /// walks grapheme clusters, and the text can be a megabyte a module reads with `file()`
    /// for every item of a `for`. Exact for a character of one scalar, as markers are.
    static func holds(_ character: Character, in text: String) -> Bool {
        let needle = Array(String(character).utf8)
        guard let first = needle.first else { return false }
        var text = text
        return text.withUTF8 { bytes in
            guard bytes.count >= needle.count else { return false }
            var index = 0
            let last = bytes.count - needle.count
            while index <= last {
                if bytes[index] == first {
                    var matched = 1
                    while matched < needle.count, bytes[index + matched] == needle[matched] { matched += 1 }
                    if matched == needle.count { return true }
                }
                index += 1
            }
            return false
        }
    }

    func evaluate(_ expression: Expression) -> Value {
        switch expression.kind {
        case .literal(let value):
            return value
        case .template(let parts):
            var out = ""
            var unknownParts = false
            // Whether a known part holds a marker: looked for in each part as it comes, not in
            // the whole string afterwards with the unknown parts taken out again.
            var markerKnown = false
            for part in parts {
                guard let text = evaluate(part).asString else {
                    guard let markers = context.markers else { return .unknown }
                    unknownParts = true
                    out += markers.unknownPart
                    continue
                }
                out += text
                if out.utf8.count > Value.maxStringBytes { return .unknown }
                if !markerKnown, let markers = context.markers { markerKnown = Self.holds(markers.open, in: text) }
            }
            // `"${aws_s3_bucket.site.id}.s3.${data.aws_region.current.name}.amazonaws.com"`
            // still names the bucket; with no marker known, the string is unknown.
            if unknownParts, !markerKnown { return .unknown }
            return .string(out)
        case .templateWrap(let inner):
            return evaluate(inner)
        case .templateIf(let condition, let then, let otherwise):
            guard let truth = evaluate(condition).asBool else { return .unknown }
            if truth { return evaluate(then) }
            return otherwise.map(evaluate) ?? .string("")
        case .templateFor(let keyName, let valueName, let collection, let body):
            guard let pairs = Evaluator.pairs(of: evaluate(collection)) else { return .unknown }
            var out = ""
            for (key, value) in pairs {
                guard budget.spend() else { return .unknown }
                var inner = self
                if let keyName { inner.locals[keyName] = key }
                inner.locals[valueName] = value
                guard let text = inner.evaluate(body).asString else { return .unknown }
                out += text
                if out.utf8.count > Value.maxStringBytes { return .unknown }
            }
            return .string(out)
        case .variable(let name):
            return locals[name] ?? context.variable(name) ?? .unknown
        case .getAttribute(let base, let name):
            let value = evaluate(base)
            return isMarker(value) ? value : Evaluator.attribute(value, name)
        case .index(let base, let key):
            let value = evaluate(base)
            return isMarker(value) ? value : Evaluator.index(value, evaluate(key))
        case .splat(let base, let each, _):
            let value = evaluate(base)
            let elements: [Value]
            switch value {
            case .unknown: return .unknown
            case .null: return .tuple([])
            case .tuple(let items): elements = items
            default: elements = [value]
            }
            guard budget.canSpend(elements.count) else { return .unknown }
            return .tuple(elements.map { element in
                var inner = self
                inner.splatElement = element
                return inner.evaluate(each)
            })
        case .splatItem:
            return splatElement ?? .unknown
        case .tuple(let items):
            return .tuple(items.map(evaluate))
        case .object(let items):
            var fields: [String: Value] = [:]
            for item in items {
                guard let key = evaluate(item.key).asString else { return .unknown }
                fields[key] = evaluate(item.value)
            }
            return .object(fields)
        case .functionCall(let name, let arguments, let expandFinal):
            return call(name, arguments, expandFinal: expandFinal)
        case .unary(let op, let operand):
            let value = evaluate(operand)
            switch op {
            case .negate: return value.asNumber.map { .number(-$0) } ?? .unknown
            case .not: return value.asBool.map { .bool(!$0) } ?? .unknown
            }
        case .binary(let op, let lhs, let rhs):
            return Evaluator.apply(op, evaluate(lhs), evaluate(rhs))
        case .conditional(let condition, let then, let otherwise):
            guard let truth = evaluate(condition).asBool else { return .unknown }
            return truth ? evaluate(then) : evaluate(otherwise)
        case .forExpression(let f):
            return evaluateFor(f)
        case .parentheses(let inner):
            return evaluate(inner)
        case .invalid:
            return .unknown
        }
    }

    // MARK: - Functions

    private func call(_ name: String, _ arguments: [Expression], expandFinal: Bool) -> Value {
        switch name {
        case "try":
            // Terraform moves on only when an argument fails; one that is merely not known yet
            // makes the whole call unknown. Falling through on an unknown would be a guess.
            for argument in arguments {
                let value = evaluate(argument)
                if value.isWhollyKnown { return value }
                if !certainlyFails(argument) { return .unknown }
            }
            return .unknown
        case "can":
            guard arguments.count == 1 else { return .unknown }
            if evaluate(arguments[0]).isWhollyKnown { return .bool(true) }
            return certainlyFails(arguments[0]) ? .bool(false) : .unknown
        default:
            break
        }
        guard let function = context.functions[name], budget.spend() else { return .unknown }
        var values = arguments.map(evaluate)
        if expandFinal {
            guard case .tuple(let spread) = values.popLast() else { return .unknown }
            values += spread
        }
        if values.contains(.unknown) { return .unknown }
        // JSON built from partly unknown values (a task definition naming a data source's ARN)
        // still says what it knows: with markers, each unknown inside stands as `unknownPart`.
        if name == "jsonencode", let markers = context.markers, values.count == 1, !values[0].isWhollyKnown {
            values[0] = values[0].replacingUnknowns(with: .string(markers.unknownPart))
        }
        // A marker stands for something known only at apply — a resource read as one instance,
        // a remote module's output — so its length or elements are not its text's: only the
        // functions that build strings keep it (`format`, `join`, `coalesce`, …).
        if context.markers != nil, !Self.markerPreserving.contains(name), values.contains(where: isMarker) { return .unknown }
        // Hashing or walking a value past the size limit is what the limit is there to stop;
        // within it, a call over a large value costs a step per 1,024 parts, so a million calls
        // over one 100,000-part value cannot take minutes.
        var total = 0
        for value in values {
            var parts = 0, bytes = 0
            guard value.fits(parts: &parts, bytes: &bytes) else { return .unknown }
            total += parts
        }
        guard total < 1_024 || budget.canSpend(total / 1_024) else { return .unknown }
        let result = function.implementation(values)
        if case .string(let text) = result, text.utf8.count > Value.maxStringBytes { return .unknown }
        return result
    }

    // MARK: - For expressions

    private func evaluateFor(_ f: ForExpression) -> Value {
        guard let pairs = Evaluator.pairs(of: evaluate(f.collection)) else { return .unknown }
        var items: [Value] = []
        var fields: [String: Value] = [:]
        var groups: [String: [Value]] = [:]
        var parts = 0, bytes = 0
        for (key, value) in pairs {
            guard budget.spend() else { return .unknown }
            var inner = self
            if let keyName = f.keyVariable { inner.locals[keyName] = key }
            inner.locals[f.valueVariable] = value
            if let condition = f.condition {
                guard let keep = inner.evaluate(condition).asBool else { return .unknown }
                if !keep { continue }
            }
            let element = inner.evaluate(f.value)
            // The result is too large as soon as its elements are: not built to the end first.
            guard element.fits(parts: &parts, bytes: &bytes) else { return .unknown }
            guard let keyExpression = f.key else {
                items.append(element)
                continue
            }
            guard let name = inner.evaluate(keyExpression).asString else { return .unknown }
            if f.grouping {
                groups[name, default: []].append(element)
            } else {
                // A repeated key without `...` is an error in HCL.
                if fields[name] != nil { return .unknown }
                fields[name] = element
            }
        }
        guard f.isObject else { return .tuple(items) }
        return f.grouping ? .object(groups.mapValues { .tuple($0) }) : .object(fields)
    }

    /// (key, value) pairs of a collection in HCL's order: index order, or sorted keys.
    static func pairs(of collection: Value) -> [(Value, Value)]? {
        switch collection {
        case .tuple(let items): return items.enumerated().map { (.int($0.offset), $0.element) }
        case .object(let fields): return fields.keys.sorted().map { (.string($0), fields[$0] ?? .null) }
        default: return nil
        }
    }

    /// Whether evaluating `expression` is certain to be an error in Terraform: an attribute a
    /// known object lacks, an index outside a known list, a traversal into null or a primitive.
    /// An expression that is merely unknown (a data source, an unbound root) is not certain to fail.
    func certainlyFails(_ expression: Expression) -> Bool {
        switch expression.kind {
        case .parentheses(let inner):
            return certainlyFails(inner)
        case .getAttribute(let base, let name):
            if certainlyFails(base) { return true }
            switch evaluate(base) {
            case .object(let fields): return fields[name] == nil
            case .null, .bool, .number, .string, .tuple: return true
            case .unknown: return false
            }
        case .index(let base, let key):
            if certainlyFails(base) { return true }
            let keyValue = evaluate(key)
            switch evaluate(base) {
            case .tuple(let items):
                guard let i = keyValue.asInt else { return false }
                return !items.indices.contains(i)
            case .object(let fields):
                guard let name = keyValue.asString else { return false }
                return fields[name] == nil
            case .null, .bool, .number, .string: return true
            case .unknown: return false
            }
        default:
            return false
        }
    }

    // MARK: - Traversal

    static func attribute(_ base: Value, _ name: String) -> Value {
        guard case .object(let fields) = base, let value = fields[name] else { return .unknown }
        return value
    }

    static func index(_ base: Value, _ key: Value) -> Value {
        switch base {
        case .tuple(let items):
            guard let i = key.asInt, items.indices.contains(i) else { return .unknown }
            return items[i]
        case .object(let fields):
            guard let name = key.asString, let value = fields[name] else { return .unknown }
            return value
        default:
            return .unknown
        }
    }

    // MARK: - Operators

    static func apply(_ op: BinaryOperator, _ lhs: Value, _ rhs: Value) -> Value {
        switch op {
        case .equal, .notEqual:
            // `var.origin != null` is known once the map is, whatever its values: modules guard
            // every optional input this way.
            if lhs == .null || rhs == .null, lhs.isKnown, rhs.isKnown {
                return .bool((lhs == rhs) == (op == .equal))
            }
            guard lhs.isWhollyKnown, rhs.isWhollyKnown else { return .unknown }
            return .bool((lhs == rhs) == (op == .equal))
        case .and, .or:
            // One known operand can decide: `false && x` is false and `true || x` true whatever
            // `x` is, as cty (and so Terraform) gives them. Modules guard resources this way:
            // `count = var.create && length(local.azs) > 0 ? 1 : 0` creates nothing by default.
            let decider = op == .or
            if lhs.asBool == decider || rhs.asBool == decider { return .bool(decider) }
            guard let a = lhs.asBool, let b = rhs.asBool else { return .unknown }
            return .bool(op == .and ? a && b : a || b)
        default:
            break
        }
        guard let a = lhs.asNumber, let b = rhs.asNumber else { return .unknown }
        let result = arithmetic(op, a, b)
        // Decimal signals overflow with NaN; a number nobody can know is unknown.
        if case .number(let n) = result, n.isNaN { return .unknown }
        return result
    }

    private static func arithmetic(_ op: BinaryOperator, _ a: Decimal, _ b: Decimal) -> Value {
        switch op {
        case .less: return .bool(a < b)
        case .lessOrEqual: return .bool(a <= b)
        case .greater: return .bool(a > b)
        case .greaterOrEqual: return .bool(a >= b)
        case .add: return .number(a + b)
        case .subtract: return .number(a - b)
        case .multiply: return .number(a * b)
        case .divide:
            guard b != 0 else { return .unknown }
            return .number(a / b)
        case .modulo:
            guard b != 0 else { return .unknown }
            return .number(a - b * Value.truncate(a / b))
        case .equal, .notEqual, .and, .or:
            return .unknown
        }
    }
}
