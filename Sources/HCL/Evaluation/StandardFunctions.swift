#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif

/// The subset of Terraform's built-in functions that matter for reading configuration
/// statically. Each returns `.unknown` on wrong arity, wrong types or any unknown input it
/// would need, mirroring where Terraform would fail or defer to apply time.
public enum StandardFunctions {
    /// Every function below, by name.
    public static let all: [String: HCLFunction] = Dictionary(
        uniqueKeysWithValues: (list + moreList).map { ($0.name, $0) })

    private static let list: [HCLFunction] = [
        HCLFunction("format", format),
        HCLFunction("join", join),
        HCLFunction("split", split),
        HCLFunction("lookup", lookup),
        HCLFunction("element", element),
        HCLFunction("concat", concat),
        HCLFunction("merge", merge),
        HCLFunction("tolist", tolist),
        HCLFunction("toset", toset),
        HCLFunction("tomap", tomap),
        HCLFunction("coalesce", coalesce),
        HCLFunction("length", length),
        HCLFunction("lower") { strings($0) { $0.lowercased() } },
        HCLFunction("upper") { strings($0) { $0.uppercased() } },
        HCLFunction("trimspace") { strings($0) { String($0.drop(while: \.isWhitespace).reversed().drop(while: \.isWhitespace).reversed()) } },
        HCLFunction("replace", replace),
        HCLFunction("contains", contains),
        HCLFunction("keys", keys),
        HCLFunction("values", values),
        HCLFunction("distinct", distinct),
        HCLFunction("flatten", flatten),
        HCLFunction("jsonencode", jsonencode),
    ]

    static func strings(_ args: [Value], _ transform: (String) -> String) -> Value {
        guard args.count == 1, let s = args[0].asString else { return .unknown }
        return .string(transform(s))
    }

    /// `format` with the verbs `%s %d %v %q %%`; any other verb or flag gives unknown rather
    /// than an approximation.
    @Sendable static func format(_ args: [Value]) -> Value {
        guard let spec = args.first?.stringValue else { return .unknown }
        var out = ""
        var next = 1
        var chars = spec.makeIterator()
        while let c = chars.next() {
            guard c == "%" else {
                out.append(c)
                continue
            }
            guard let verb = chars.next() else { return .unknown }
            if verb == "%" {
                out.append("%")
                continue
            }
            guard next < args.count else { return .unknown }
            let arg = args[next]
            next += 1
            guard arg.isWhollyKnown else { return .unknown }
            switch verb {
            case "s":
                guard let s = arg.asString else { return .unknown }
                out += s
            case "d":
                guard let n = arg.asNumber, Value.truncate(n) == n else { return .unknown }
                out += Value.format(n)
            case "v":
                if let s = arg.asString { out += s } else if arg == .null { out += "null" } else {
                    guard let json = jsonText(arg) else { return .unknown }
                    out += json
                }
            case "q":
                guard let s = arg.asString else { return .unknown }
                out += Value.quote(s)
            default:
                return .unknown
            }
            if out.utf8.count > Value.maxStringBytes { return .unknown }
        }
        return .string(out)
    }

    @Sendable static func join(_ args: [Value]) -> Value {
        guard args.count >= 2, let separator = args[0].stringValue else { return .unknown }
        var parts: [String] = []
        for list in args.dropFirst() {
            guard let items = list.tupleValue else { return .unknown }
            for item in items {
                guard let s = item.asString else { return .unknown }
                parts.append(s)
            }
        }
        // Sized first: a long separator between many parts would be built before any check.
        let size = parts.reduce(0) { $0 + $1.utf8.count } + separator.utf8.count * max(parts.count - 1, 0)
        guard size <= Value.maxStringBytes else { return .unknown }
        return .string(parts.joined(separator: separator))
    }

    @Sendable static func split(_ args: [Value]) -> Value {
        guard args.count == 2, let separator = args[0].asString, let text = args[1].asString, !separator.isEmpty else {
            return .unknown
        }
        return .tuple(text.split(separator: separator, omittingEmptySubsequences: false).map { .string(String($0)) })
    }

    @Sendable static func lookup(_ args: [Value]) -> Value {
        guard args.count == 2 || args.count == 3, let fields = args[0].objectValue, let key = args[1].asString else {
            return .unknown
        }
        if let value = fields[key] { return value }
        return args.count == 3 ? args[2] : .unknown
    }

    @Sendable static func element(_ args: [Value]) -> Value {
        guard args.count == 2, let items = args[0].tupleValue, !items.isEmpty, let i = args[1].asInt, i >= 0 else {
            return .unknown
        }
        return items[i % items.count]
    }

    @Sendable static func concat(_ args: [Value]) -> Value {
        var out: [Value] = []
        for arg in args {
            guard let items = arg.tupleValue else { return .unknown }
            out += items
        }
        return .tuple(out)
    }

    @Sendable static func merge(_ args: [Value]) -> Value {
        var out: [String: Value] = [:]
        for arg in args {
            if arg == .null { continue }
            guard let fields = arg.objectValue else { return .unknown }
            out.merge(fields) { _, new in new }
        }
        return .object(out)
    }

    @Sendable static func tolist(_ args: [Value]) -> Value {
        guard args.count == 1, case .tuple = args[0] else { return .unknown }
        return args[0]
    }

    /// Sets of primitives iterate sorted, as Terraform's do: strings lexically, numbers
    /// numerically; mixed primitives become strings.
    @Sendable static func toset(_ args: [Value]) -> Value {
        guard args.count == 1, let items = args[0].tupleValue else { return .unknown }
        guard items.allSatisfy(\.isWhollyKnown) else { return .unknown }
        if items.allSatisfy({ if case .number = $0 { true } else { false } }) {
            let numbers = Set(items.compactMap(\.asNumber)).sorted()
            return .tuple(numbers.map { .number($0) })
        }
        if items.allSatisfy({ $0.asString != nil }) {
            return .tuple(Set(items.compactMap(\.asString)).sorted().map { .string($0) })
        }
        return distinct([args[0]])
    }

    /// A map's values share one type: equal kinds pass through, mixed primitives become
    /// strings, anything else cannot be unified here.
    @Sendable static func tomap(_ args: [Value]) -> Value {
        guard args.count == 1, let fields = args[0].objectValue else { return .unknown }
        let kinds = Set(fields.values.map(kind))
        if kinds.count <= 1 { return args[0] }
        if fields.values.allSatisfy({ $0.asString != nil }) {
            return .object(fields.mapValues { .string($0.asString ?? "") })
        }
        return .unknown
    }

    private static func kind(_ value: Value) -> Int {
        switch value {
        case .null: 0
        case .bool: 1
        case .number: 2
        case .string: 3
        case .tuple: 4
        case .object: 5
        case .unknown: 6
        }
    }

    @Sendable static func coalesce(_ args: [Value]) -> Value {
        for arg in args {
            if arg == .null || arg == .string("") { continue }
            return arg
        }
        return .unknown
    }

    @Sendable static func length(_ args: [Value]) -> Value {
        guard args.count == 1 else { return .unknown }
        switch args[0] {
        case .tuple(let items): return .int(items.count)
        case .object(let fields): return .int(fields.count)
        case .string(let s): return .int(s.count)
        default: return .unknown
        }
    }

    /// Plain substring replacement; a `/regex/` pattern is not evaluated and gives unknown.
    @Sendable static func replace(_ args: [Value]) -> Value {
        guard args.count == 3, let text = args[0].asString, let target = args[1].asString,
            let replacement = args[2].asString, !target.isEmpty
        else { return .unknown }
        if target.count >= 2 && target.hasPrefix("/") && target.hasSuffix("/") { return .unknown }
        return replacingBytes(of: target, in: text, with: replacement).map(Value.string) ?? .unknown
    }

    /// `text` with every occurrence of `target` replaced, left to right, matched on UTF-8
    /// bytes as Terraform's `replace` (Go's `strings.Replace`) matches; nil when the result
    /// would pass ``Value/maxStringBytes``. Sized first: a long replacement of many matches
    /// would otherwise be built before any check.
    static func replacingBytes(of target: String, in text: String, with replacement: String) -> String? {
        let source = Array(text.utf8), pattern = Array(target.utf8)
        guard !pattern.isEmpty, source.count >= pattern.count else { return text }
        // Knuth–Morris–Pratt, linear in both: a text and a pattern from a pull request could
        // make a naive search compare every position with almost all of the pattern.
        var fallback = [Int](repeating: 0, count: pattern.count)
        var length = 0
        for index in pattern.indices.dropFirst() {
            while length > 0, pattern[index] != pattern[length] { length = fallback[length - 1] }
            if pattern[index] == pattern[length] { length += 1 }
            fallback[index] = length
        }
        var matches: [Int] = []
        var matched = 0
        for index in source.indices {
            while matched > 0, source[index] != pattern[matched] { matched = fallback[matched - 1] }
            if source[index] == pattern[matched] { matched += 1 }
            if matched == pattern.count {
                // Matches do not overlap: the search starts afresh after one.
                matches.append(index + 1 - pattern.count)
                matched = 0
            }
        }
        guard !matches.isEmpty else { return text }
        let size = source.count + matches.count * (replacement.utf8.count - pattern.count)
        guard size <= Value.maxStringBytes else { return nil }
        var result: [UInt8] = []
        result.reserveCapacity(size)
        var start = 0
        for match in matches {
            result += source[start..<match]
            result += replacement.utf8
            start = match + pattern.count
        }
        result += source[start...]
        return String(decoding: result, as: UTF8.self)
    }

    @Sendable static func contains(_ args: [Value]) -> Value {
        guard args.count == 2, let items = args[0].tupleValue, args[1].isWhollyKnown else { return .unknown }
        if items.contains(args[1]) { return .bool(true) }
        return items.allSatisfy(\.isWhollyKnown) ? .bool(false) : .unknown
    }

    @Sendable static func keys(_ args: [Value]) -> Value {
        guard args.count == 1, let fields = args[0].objectValue else { return .unknown }
        return .tuple(fields.keys.sorted().map { .string($0) })
    }

    @Sendable static func values(_ args: [Value]) -> Value {
        guard args.count == 1, let fields = args[0].objectValue else { return .unknown }
        return .tuple(fields.keys.sorted().map { fields[$0] ?? .null })
    }

    @Sendable static func distinct(_ args: [Value]) -> Value {
        guard args.count == 1, let items = args[0].tupleValue, items.allSatisfy(\.isWhollyKnown) else { return .unknown }
        var seen: Set<Value> = []
        return .tuple(items.filter { seen.insert($0).inserted })
    }

    @Sendable static func flatten(_ args: [Value]) -> Value {
        guard args.count == 1, let items = args[0].tupleValue else { return .unknown }
        var out: [Value] = []
        func add(_ value: Value) -> Bool {
            switch value {
            case .unknown: return false
            case .tuple(let inner): return inner.allSatisfy(add)
            default:
                out.append(value)
                return true
            }
        }
        return items.allSatisfy(add) ? .tuple(out) : .unknown
    }

    @Sendable static func jsonencode(_ args: [Value]) -> Value {
        guard args.count == 1, let text = jsonText(args[0]) else { return .unknown }
        return .string(text)
    }

    /// Terraform's JSON: keys sorted, no spaces, and `<`, `>`, `&` escaped as Go does.
    static func jsonText(_ value: Value) -> String? {
        switch value {
        case .null: return "null"
        case .bool(let b): return b ? "true" : "false"
        case .number(let n): return Value.format(n)
        case .string(let s): return jsonString(s)
        case .tuple(let items):
            var parts: [String] = []
            for item in items {
                guard let text = jsonText(item) else { return nil }
                parts.append(text)
            }
            return "[" + parts.joined(separator: ",") + "]"
        case .object(let fields):
            var parts: [String] = []
            for key in fields.keys.sorted() {
                guard let value = fields[key], let text = jsonText(value) else { return nil }
                parts.append(jsonString(key) + ":" + text)
            }
            return "{" + parts.joined(separator: ",") + "}"
        case .unknown: return nil
        }
    }

    private static func jsonString(_ s: String) -> String {
        Value.quote(s, escapingHTML: true)
    }
}
