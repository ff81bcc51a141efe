#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif

/// More of Terraform's built-in functions: conversions, strings, numbers, collections, sets
/// and encodings. As in `StandardFunctions`, each returns `.unknown` wherever Terraform would
/// fail or defer to apply time. The ones whose result can outgrow their arguments (`range`,
/// `setproduct`, `formatlist`, `indent`, `base64encode`, `jsondecode`) work out its size first
/// and return `.unknown` for one past ``Value/maxParts`` or ``Value/maxStringBytes`` without
/// building it.
extension StandardFunctions {
    static let moreList: [HCLFunction] = [
        HCLFunction("tostring", tostring),
        HCLFunction("tonumber", tonumber),
        HCLFunction("tobool", tobool),
        HCLFunction("range", range),
        HCLFunction("slice", slice),
        HCLFunction("substr", substr),
        HCLFunction("startswith") { utf8Test($0) { $0.starts(with: $1) } },
        HCLFunction("endswith") { utf8Test($0) { $0.reversed().starts(with: $1.reversed()) } },
        HCLFunction("strcontains") { utf8Test($0) { $1.isEmpty || $0.firstRange(of: $1) != nil } },
        HCLFunction("trimprefix", trimprefix),
        HCLFunction("trimsuffix", trimsuffix),
        HCLFunction("trim", trim),
        HCLFunction("title", title),
        HCLFunction("chomp", chomp),
        HCLFunction("strrev") { strings($0) { String($0.reversed()) } },
        HCLFunction("indent", indent),
        HCLFunction("formatlist", formatlist),
        HCLFunction("one", one),
        HCLFunction("compact", compact),
        HCLFunction("zipmap", zipmap),
        HCLFunction("coalescelist", coalescelist),
        HCLFunction("sort", sort),
        HCLFunction("reverse", reverse),
        HCLFunction("index", index),
        HCLFunction("chunklist", chunklist),
        HCLFunction("transpose", transpose),
        HCLFunction("matchkeys", matchkeys),
        HCLFunction("alltrue", alltrue),
        HCLFunction("anytrue", anytrue),
        HCLFunction("min") { extreme($0, <) },
        HCLFunction("max") { extreme($0, >) },
        HCLFunction("sum", sum),
        HCLFunction("abs") { number($0) { $0 < 0 ? -$0 : $0 } },
        HCLFunction("ceil") { number($0) { let t = Value.truncate($0); return t < $0 ? t + 1 : t } },
        HCLFunction("floor") { number($0) { let t = Value.truncate($0); return t > $0 ? t - 1 : t } },
        HCLFunction("signum", signum),
        HCLFunction("parseint", parseint),
        HCLFunction("jsondecode", jsondecode),
        HCLFunction("base64encode", base64encode),
        HCLFunction("base64decode", base64decode),
        HCLFunction("setproduct", setproduct),
        HCLFunction("setunion") { args in setOperation(args, minimum: 1) { $0.union($1) } },
        HCLFunction("setintersection") { args in setOperation(args, minimum: 1) { $0.intersection($1) } },
        HCLFunction("setsubtract") { args in
            args.count == 2 ? setOperation(args, minimum: 2) { $0.subtracting($1) } : .unknown
        },
    ]

    // MARK: - Conversions

    /// Strings, numbers (`1.5`) and bools (`true`) convert; null stays null; a collection is an
    /// error.
    @Sendable static func tostring(_ args: [Value]) -> Value {
        guard args.count == 1 else { return .unknown }
        if args[0] == .null { return .null }
        return args[0].asString.map { .string($0) } ?? .unknown
    }

    /// Numbers, and strings that are entirely a decimal number; null stays null.
    @Sendable static func tonumber(_ args: [Value]) -> Value {
        guard args.count == 1 else { return .unknown }
        if args[0] == .null { return .null }
        return args[0].asNumber.map { .number($0) } ?? .unknown
    }

    /// Bools and the strings `"true"` and `"false"`; null stays null.
    @Sendable static func tobool(_ args: [Value]) -> Value {
        guard args.count == 1 else { return .unknown }
        if args[0] == .null { return .null }
        return args[0].asBool.map { .bool($0) } ?? .unknown
    }

    // MARK: - Strings

    /// A test of a string's UTF-8 bytes against another's, as Go's `strings` package does.
    private static func utf8Test(
        _ args: [Value], _ test: ([UInt8], [UInt8]) -> Bool
    ) -> Value {
        guard args.count == 2, let text = args[0].asString, let other = args[1].asString else { return .unknown }
        return .bool(test(Array(text.utf8), Array(other.utf8)))
    }

    /// `substr(string, offset, length)` in grapheme clusters, with Terraform's edge cases: a
    /// negative offset counts from the end (and still-negative means the start), a negative
    /// length means the rest, and a zero length after a negative offset also means the rest.
    @Sendable static func substr(_ args: [Value]) -> Value {
        guard args.count == 3, let text = args[0].asString, var offset = args[1].asInt, let length = args[2].asInt
        else { return .unknown }
        if offset < 0 {
            offset += text.count
        } else if length == 0 {
            return .string("")
        }
        let rest = offset > 0 ? Substring(text).dropFirst(offset) : Substring(text)
        return .string(String(length <= 0 ? rest : rest.prefix(length)))
    }

    @Sendable static func trimprefix(_ args: [Value]) -> Value {
        guard args.count == 2, let text = args[0].asString, let prefix = args[1].asString else { return .unknown }
        guard text.utf8.starts(with: prefix.utf8) else { return .string(text) }
        return .string(String(decoding: text.utf8.dropFirst(prefix.utf8.count), as: UTF8.self))
    }

    @Sendable static func trimsuffix(_ args: [Value]) -> Value {
        guard args.count == 2, let text = args[0].asString, let suffix = args[1].asString else { return .unknown }
        guard text.utf8.reversed().starts(with: suffix.utf8.reversed()) else { return .string(text) }
        return .string(String(decoding: text.utf8.dropLast(suffix.utf8.count), as: UTF8.self))
    }

    /// `trim(string, cutset)`: drops every leading and trailing code point found in `cutset`.
    @Sendable static func trim(_ args: [Value]) -> Value {
        guard args.count == 2, let text = args[0].asString, let cutset = args[1].asString else { return .unknown }
        let cut = Set(cutset.unicodeScalars)
        let scalars = Array(text.unicodeScalars)
        guard let first = scalars.firstIndex(where: { !cut.contains($0) }),
            let last = scalars.lastIndex(where: { !cut.contains($0) })
        else { return .string("") }
        var out = String.UnicodeScalarView()
        out.append(contentsOf: scalars[first...last])
        return .string(String(out))
    }

    /// Go's `strings.Title`: the code point after a separator becomes title case. A code point
    /// whose title case is not a single code point gives unknown (Go's simple mapping may differ).
    @Sendable static func title(_ args: [Value]) -> Value {
        guard args.count == 1, let text = args[0].asString else { return .unknown }
        var out = String.UnicodeScalarView()
        var previous: Unicode.Scalar = " "
        for scalar in text.unicodeScalars {
            if isWordSeparator(previous) {
                let mapped = scalar.properties.titlecaseMapping.unicodeScalars
                guard mapped.count == 1, let upper = mapped.first else { return .unknown }
                out.append(upper)
            } else {
                out.append(scalar)
            }
            previous = scalar
        }
        return .string(String(out))
    }

    /// Go's rule: ASCII letters, digits and `_` join words, other ASCII separates; beyond
    /// ASCII, letters and digits join and only spaces separate.
    private static func isWordSeparator(_ scalar: Unicode.Scalar) -> Bool {
        if scalar.isASCII {
            let c = Character(scalar)
            return !(c.isLetter || c.isNumber || c == "_")
        }
        switch scalar.properties.generalCategory {
        case .uppercaseLetter, .lowercaseLetter, .titlecaseLetter, .modifierLetter, .otherLetter, .decimalNumber:
            return false
        default:
            return scalar.properties.isWhitespace
        }
    }

    /// Removes every trailing `\n` and `\r`.
    @Sendable static func chomp(_ args: [Value]) -> Value {
        guard args.count == 1, let text = args[0].asString else { return .unknown }
        var scalars = text.unicodeScalars
        while let last = scalars.last, last == "\n" || last == "\r" { scalars.removeLast() }
        return .string(String(scalars))
    }

    /// `indent(spaces, string)`: the spaces after every newline. Sized before it is built.
    @Sendable static func indent(_ args: [Value]) -> Value {
        guard args.count == 2, let spaces = args[0].asInt, spaces >= 0, spaces <= Value.maxStringBytes,
            let text = args[1].asString
        else { return .unknown }
        let newlines = text.utf8.count(where: { $0 == 0x0A })
        guard text.utf8.count + newlines * spaces <= Value.maxStringBytes else { return .unknown }
        let pad = [UInt8](repeating: 0x20, count: spaces)
        var out: [UInt8] = []
        out.reserveCapacity(text.utf8.count + newlines * spaces)
        for byte in text.utf8 {
            out.append(byte)
            if byte == 0x0A { out += pad }
        }
        return .string(String(decoding: out, as: UTF8.self))
    }

    /// `format` once per element of the list arguments (which must have one length); other
    /// arguments repeat. An element with an unknown part gives an unknown string in its place.
    /// Refuses (before or while building them) strings past 16 × ``Value/maxStringBytes`` in all.
    @Sendable static func formatlist(_ args: [Value]) -> Value {
        guard let spec = args.first?.stringValue else { return .unknown }
        let rest = Array(args.dropFirst())
        var count: Int?
        for arg in rest {
            guard case .tuple(let items) = arg else { continue }
            if let count, count != items.count { return .unknown }
            count = items.count
        }
        // Each verb is two bytes of the spec and may print nothing; the rest prints every time.
        let literalBytes = spec.utf8.count - 2 * spec.utf8.count(where: { $0 == UInt8(ascii: "%") })
        guard (count ?? 1) * max(literalBytes, 0) <= 16 * Value.maxStringBytes else { return .unknown }
        var out: [Value] = []
        var bytes = 0
        for i in 0..<(count ?? 1) {
            let values = rest.map { arg in arg.tupleValue.map { $0[i] } ?? arg }
            guard values.allSatisfy(\.isWhollyKnown) else {
                out.append(.unknown)
                continue
            }
            guard case .string(let text) = format([.string(spec)] + values) else { return .unknown }
            bytes += text.utf8.count
            if bytes > 16 * Value.maxStringBytes { return .unknown }
            out.append(.string(text))
        }
        return .tuple(out)
    }

    // MARK: - Collections

    /// `range(limit)`, `range(start, limit)` or `range(start, limit, step)`. The step defaults to
    /// 1, or -1 when the limit is below the start; a step away from the limit or a zero step is
    /// an error. Terraform adds binary floats, so a start or step with a fraction that is not a
    /// sum of powers of two (0.1) gives unknown rather than Decimal's exact sums.
    @Sendable static func range(_ args: [Value]) -> Value {
        let numbers = args.compactMap(\.asNumber)
        guard numbers.count == args.count else { return .unknown }
        let start: Decimal, limit: Decimal, step: Decimal
        switch numbers.count {
        case 1: (start, limit, step) = (0, numbers[0], numbers[0] < 0 ? -1 : 1)
        case 2: (start, limit, step) = (numbers[0], numbers[1], numbers[1] < numbers[0] ? -1 : 1)
        case 3: (start, limit, step) = (numbers[0], numbers[1], numbers[2])
        default: return .unknown
        }
        guard step != 0, step < 0 ? limit <= start : limit >= start, isBinaryFraction(start), isBinaryFraction(step)
        else { return .unknown }
        let count = (limit - start) / step
        guard !count.isNaN, count < Decimal(Value.maxParts) else { return .unknown }
        var out: [Value] = []
        var n = start
        while step < 0 ? n > limit : n < limit {
            out.append(.number(n))
            n += step
        }
        return .tuple(out)
    }

    /// Whether `n` is a whole number times a power of two, which binary floats hold exactly.
    private static func isBinaryFraction(_ n: Decimal) -> Bool {
        guard n.exponent < 0 else { return true }
        var significand = n.significand
        for _ in 0..<(-n.exponent) {
            let quotient = significand / 5
            guard Value.truncate(quotient) == quotient else { return false }
            significand = quotient
        }
        return true
    }

    /// `slice(list, start, end)`, end exclusive; indices outside the list are errors.
    @Sendable static func slice(_ args: [Value]) -> Value {
        guard args.count == 3, let items = args[0].tupleValue, let start = args[1].asInt, let end = args[2].asInt,
            0 <= start, start <= end, end <= items.count
        else { return .unknown }
        return .tuple(Array(items[start..<end]))
    }

    /// The single element, null for an empty list, an error for more.
    @Sendable static func one(_ args: [Value]) -> Value {
        guard args.count == 1, let items = args[0].tupleValue, items.count <= 1 else { return .unknown }
        return items.first ?? .null
    }

    /// The strings of a `list(string)` without nulls and empty strings.
    @Sendable static func compact(_ args: [Value]) -> Value {
        guard args.count == 1, let items = args[0].tupleValue, let texts = stringElements(items) else { return .unknown }
        return .tuple(texts.compactMap { $0 }.filter { !$0.isEmpty }.map { .string($0) })
    }

    /// `zipmap(keys, values)`; a repeated key takes its last value.
    @Sendable static func zipmap(_ args: [Value]) -> Value {
        guard args.count == 2, let keyItems = args[0].tupleValue, let keys = stringElements(keyItems),
            let values = args[1].tupleValue, keys.count == values.count
        else { return .unknown }
        var out: [String: Value] = [:]
        for (key, value) in zip(keys, values) {
            guard let key else { return .unknown }
            out[key] = value
        }
        return .object(out)
    }

    /// The first non-empty list. Every argument must be a list: an untyped null is an error in
    /// Terraform (a typed one is skipped), and the two cannot be told apart here.
    @Sendable static func coalescelist(_ args: [Value]) -> Value {
        let lists = args.compactMap(\.tupleValue)
        guard !args.isEmpty, lists.count == args.count, let first = lists.first(where: { !$0.isEmpty }) else {
            return .unknown
        }
        return .tuple(first)
    }

    /// A `list(string)` sorted lexically (numbers and bools convert to strings first).
    @Sendable static func sort(_ args: [Value]) -> Value {
        guard args.count == 1, let items = args[0].tupleValue, let texts = stringElements(items) else { return .unknown }
        var sorted: [String] = []
        for text in texts {
            guard let text else { return .unknown }
            sorted.append(text)
        }
        return .tuple(sorted.sorted().map { .string($0) })
    }

    @Sendable static func reverse(_ args: [Value]) -> Value {
        guard args.count == 1, let items = args[0].tupleValue else { return .unknown }
        return .tuple(items.reversed())
    }

    /// `index(list, value)`: the first index of an equal element; absent is an error, and an
    /// unknown element before a match makes the answer unknown.
    @Sendable static func index(_ args: [Value]) -> Value {
        guard args.count == 2, let items = args[0].tupleValue, args[1].isWhollyKnown else { return .unknown }
        for (i, item) in items.enumerated() {
            guard item.isWhollyKnown else { return .unknown }
            if item == args[1] { return .int(i) }
        }
        return .unknown
    }

    /// `chunklist(list, size)`; a size of 0 gives the whole list as the only chunk, as Terraform
    /// does.
    @Sendable static func chunklist(_ args: [Value]) -> Value {
        guard args.count == 2, let list = args[0].tupleValue, let items = unifiedElements(list),
            let size = args[1].asInt, size >= 0
        else { return .unknown }
        if items.isEmpty { return .tuple([]) }
        if size == 0 { return .tuple([.tuple(items)]) }
        return .tuple(stride(from: 0, to: items.count, by: size).map { start in
            .tuple(Array(items[start..<min(start + size, items.count)]))
        })
    }

    /// Swaps a map of lists of strings: each string becomes a key whose list holds, sorted, the
    /// keys it was listed under.
    @Sendable static func transpose(_ args: [Value]) -> Value {
        guard args.count == 1, let fields = args[0].objectValue else { return .unknown }
        var out: [String: [String]] = [:]
        for (key, list) in fields {
            guard let items = list.tupleValue, let texts = stringElements(items) else { return .unknown }
            for text in texts {
                guard let text else { return .unknown }
                out[text, default: []].append(key)
            }
        }
        return .object(out.mapValues { .tuple($0.sorted().map { .string($0) }) })
    }

    /// `matchkeys(values, keys, searchset)`: the values whose key (at the same index) is in
    /// the search set; keys and search set compare after unification.
    @Sendable static func matchkeys(_ args: [Value]) -> Value {
        guard args.count == 3, let valueList = args[0].tupleValue, let values = unifiedElements(valueList),
            let keyList = args[1].tupleValue, let searchList = args[2].tupleValue, values.count == keyList.count,
            let unified = unifiedElements(keyList + searchList)
        else { return .unknown }
        let keys = unified.prefix(keyList.count)
        let search = unified.dropFirst(keyList.count)
        if search.isEmpty { return .tuple([]) }
        guard args.allSatisfy(\.isWhollyKnown) else { return .unknown }
        return .tuple(zip(values, keys).filter { search.contains($0.1) }.map(\.0))
    }

    /// True unless an element is false or null; an unknown element before that is unknown.
    @Sendable static func alltrue(_ args: [Value]) -> Value {
        guard args.count == 1, let items = args[0].tupleValue, let bools = boolElements(items) else { return .unknown }
        for value in bools {
            guard let value else { return .unknown }
            if value != true { return .bool(false) }
        }
        return .bool(true)
    }

    /// True if an element is true; otherwise false, or unknown if an element is.
    @Sendable static func anytrue(_ args: [Value]) -> Value {
        guard args.count == 1, let items = args[0].tupleValue, let bools = boolElements(items) else { return .unknown }
        if bools.contains(.some(true)) { return .bool(true) }
        return bools.contains(.none) ? .unknown : .bool(false)
    }

    /// The elements of a `list(bool)`: `true`/`false` for bools (and their strings), `nil`
    /// for unknown, `.some(nil)` for null; nil when one does not convert.
    private static func boolElements(_ items: [Value]) -> [Bool??]? {
        var out: [Bool??] = []
        for item in items {
            switch item {
            case .unknown: out.append(.none)
            case .null: out.append(.some(nil))
            default:
                guard let b = item.asBool else { return nil }
                out.append(.some(b))
            }
        }
        return out
    }

    // MARK: - Numbers

    private static func number(_ args: [Value], _ transform: (Decimal) -> Decimal) -> Value {
        guard args.count == 1, let n = args[0].asNumber else { return .unknown }
        return .number(transform(n))
    }

    /// `min` / `max` of one or more numbers.
    private static func extreme(_ args: [Value], _ better: (Decimal, Decimal) -> Bool) -> Value {
        var best: Decimal?
        for arg in args {
            guard let n = arg.asNumber else { return .unknown }
            if best.map({ better(n, $0) }) ?? true { best = n }
        }
        return best.map { .number($0) } ?? .unknown
    }

    /// The sum of a non-empty list of numbers.
    @Sendable static func sum(_ args: [Value]) -> Value {
        guard args.count == 1, let items = args[0].tupleValue, !items.isEmpty else { return .unknown }
        var total: Decimal = 0
        for item in items {
            guard let n = item.asNumber else { return .unknown }
            total += n
        }
        return total.isNaN ? .unknown : .number(total)
    }

    /// -1, 0 or 1. Terraform reads the argument as a whole number, so `signum(1.5)` is an error.
    @Sendable static func signum(_ args: [Value]) -> Value {
        guard args.count == 1, let n = args[0].asInt else { return .unknown }
        return .int(n.signum())
    }

    /// `parseint(string, base)`, base 2–62, as Go's `big.Int.SetString`: an optional sign,
    /// then digits `0-9a-z` (and `A-Z`, the same as `a-z` up to base 36, 36–61 beyond).
    /// A number too long for `Decimal` to hold exactly gives unknown.
    @Sendable static func parseint(_ args: [Value]) -> Value {
        guard args.count == 2, case .string(let text) = args[0], let base = args[1].asInt, (2...62).contains(base)
        else { return .unknown }
        var digits = Substring(text).utf8[...]
        let negative = digits.first == UInt8(ascii: "-")
        if negative || digits.first == UInt8(ascii: "+") { digits = digits.dropFirst() }
        guard !digits.isEmpty else { return .unknown }
        let exactLimit = Decimal(sign: .plus, exponent: 36, significand: 1)
        var n: Decimal = 0
        for byte in digits {
            let digit: Int
            switch byte {
            case UInt8(ascii: "0")...UInt8(ascii: "9"): digit = Int(byte - UInt8(ascii: "0"))
            case UInt8(ascii: "a")...UInt8(ascii: "z"): digit = Int(byte - UInt8(ascii: "a")) + 10
            case UInt8(ascii: "A")...UInt8(ascii: "Z"): digit = Int(byte - UInt8(ascii: "A")) + (base <= 36 ? 10 : 36)
            default: return .unknown
            }
            guard digit < base, n < exactLimit else { return .unknown }
            n = n * Decimal(base) + Decimal(digit)
        }
        return .number(negative && n != 0 ? -n : n)
    }

    // MARK: - Encodings

    /// `jsondecode`: objects become objects, arrays tuples. Duplicate keys, numbers `Decimal`
    /// cannot hold and JSON Go would reject give unknown. A text with more separators than
    /// ``Value/maxParts`` is refused before it is read.
    @Sendable static func jsondecode(_ args: [Value]) -> Value {
        guard args.count == 1, case .string(let text) = args[0] else { return .unknown }
        var commas = 0
        var inString = false, escaped = false
        for byte in text.utf8 {
            if escaped {
                escaped = false
            } else if inString {
                if byte == 0x5C { escaped = true } else if byte == 0x22 { inString = false }
            } else if byte == 0x22 {
                inString = true
            } else if byte == 0x2C {
                commas += 1
            }
        }
        // Each comma separates two members, so a valid text has more parts than commas.
        guard commas < Value.maxParts else { return .unknown }
        var reader = JSONReader(bytes: Array(text.utf8))
        guard let node = reader.read(), reader.diagnostics.isEmpty, let value = jsonValue(node), !value.isTooLarge else {
            return .unknown
        }
        return value
    }

    private static func jsonValue(_ node: JSONNode) -> Value? {
        switch node.kind {
        case .null: return .null
        case .bool(let b): return .bool(b)
        case .string(let s, _): return .string(s)
        case .number(let text):
            // JSON has no leading `+` or leading zeros, which `parseNumber` allows.
            let unsigned = text.utf8.drop(while: { $0 == UInt8(ascii: "-") })
            let leadingZero = unsigned.first == UInt8(ascii: "0") && unsigned.dropFirst().first.map { (0x30...0x39).contains($0) } == true
            if text.hasPrefix("+") || leadingZero { return nil }
            guard let n = Value.parseNumber(text), !n.isNaN else { return nil }
            return .number(n)
        case .array(let items):
            var out: [Value] = []
            for item in items {
                guard let value = jsonValue(item) else { return nil }
                out.append(value)
            }
            return .tuple(out)
        case .object(let members):
            var out: [String: Value] = [:]
            for member in members {
                guard out[member.key] == nil, let value = jsonValue(member.value) else { return nil }
                out[member.key] = value
            }
            return .object(out)
        }
    }

    private static let base64Alphabet = Array("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/".utf8)
    /// Each byte's value in `base64Alphabet`, or -1.
    private static let base64Values: [Int] = {
        var values = [Int](repeating: -1, count: 256)
        for (i, symbol) in base64Alphabet.enumerated() { values[Int(symbol)] = i }
        return values
    }()

    /// Standard base64 of the string's UTF-8 bytes, with padding.
    @Sendable static func base64encode(_ args: [Value]) -> Value {
        guard args.count == 1, let text = args[0].asString else { return .unknown }
        let bytes = Array(text.utf8)
        guard (bytes.count + 2) / 3 * 4 <= Value.maxStringBytes else { return .unknown }
        var out: [UInt8] = []
        out.reserveCapacity((bytes.count + 2) / 3 * 4)
        for start in stride(from: 0, to: bytes.count, by: 3) {
            let chunk = bytes[start..<min(start + 3, bytes.count)]
            var group = 0
            for (i, byte) in chunk.enumerated() { group |= Int(byte) << (16 - 8 * i) }
            for i in 0..<4 {
                out.append(i <= chunk.count ? base64Alphabet[(group >> (18 - 6 * i)) & 63] : UInt8(ascii: "="))
            }
        }
        return .string(String(decoding: out, as: UTF8.self))
    }

    /// Go's `base64.StdEncoding`: padding required, `\r` and `\n` ignored; the bytes must be
    /// UTF-8.
    @Sendable static func base64decode(_ args: [Value]) -> Value {
        guard args.count == 1, let text = args[0].asString else { return .unknown }
        let symbols = text.utf8.filter { $0 != 0x0A && $0 != 0x0D }
        guard symbols.count % 4 == 0 else { return .unknown }
        var out: [UInt8] = []
        for start in stride(from: 0, to: symbols.count, by: 4) {
            let quad = symbols[start..<(start + 4)]
            let padding = quad.reversed().prefix(while: { $0 == UInt8(ascii: "=") }).count
            guard padding <= 2, padding == 0 || start + 4 == symbols.count else { return .unknown }
            var group = 0
            for (i, symbol) in quad.prefix(4 - padding).enumerated() {
                let value = base64Values[Int(symbol)]
                guard value >= 0 else { return .unknown }
                group |= value << (18 - 6 * i)
            }
            for i in 0..<(3 - padding) { out.append(UInt8((group >> (16 - 8 * i)) & 0xFF)) }
        }
        guard let decoded = String(validating: out, as: UTF8.self) else { return .unknown }
        return .string(decoded)
    }

    // MARK: - Sets

    /// The cartesian product, first argument outermost. Sized before it is built.
    @Sendable static func setproduct(_ args: [Value]) -> Value {
        guard args.count >= 2 else { return .unknown }
        var lists: [[Value]] = []
        for arg in args {
            guard let items = arg.tupleValue, let unified = unifiedElements(items) else { return .unknown }
            lists.append(unified)
        }
        if lists.contains(where: \.isEmpty) { return .tuple([]) }
        var count = 1
        for list in lists {
            count *= list.count
            guard count <= Value.maxParts else { return .unknown }
        }
        // Each product tuple is one part, and each element appears count / its list's length times.
        var parts = 1 + count
        for list in lists {
            let repeats = count / list.count
            for element in list {
                parts += repeats * partCount(element, limit: (Value.maxParts - parts) / repeats + 1)
                guard parts <= Value.maxParts else { return .unknown }
            }
        }
        var out: [Value] = []
        out.reserveCapacity(count)
        var indices = [Int](repeating: 0, count: lists.count)
        for _ in 0..<count {
            out.append(.tuple(zip(lists, indices).map { $0[$1] }))
            for j in indices.indices.reversed() {
                indices[j] += 1
                if indices[j] < lists[j].count { break }
                indices[j] = 0
            }
        }
        return .tuple(out)
    }

    /// The parts a value has, as ``Value/isTooLarge`` counts them, stopping once past `limit`.
    private static func partCount(_ value: Value, limit: Int) -> Int {
        var parts = 0
        var pending: [Value] = [value]
        while parts <= limit, let next = pending.popLast() {
            parts += 1
            switch next {
            case .tuple(let items): pending += items
            case .object(let fields): pending += fields.values
            default: break
            }
        }
        return parts
    }

    /// A set operation over sets after Terraform's unification; the result is sorted as
    /// `toset` sorts (elements that are collections keep first-seen order).
    private static func setOperation(
        _ args: [Value], minimum: Int, _ combine: (Set<Value>, Set<Value>) -> Set<Value>
    ) -> Value {
        guard args.count >= minimum else { return .unknown }
        var lists: [[Value]] = []
        for arg in args {
            guard let items = arg.tupleValue, arg.isWhollyKnown, !items.contains(.null) else { return .unknown }
            lists.append(items)
        }
        guard let unified = unifiedElements(lists.flatMap { $0 }) else { return .unknown }
        var sets: [[Value]] = []
        var offset = 0
        for list in lists {
            sets.append(Array(unified[offset..<(offset + list.count)]))
            offset += list.count
        }
        let members = sets.dropFirst().reduce(Set(sets[0])) { combine($0, Set($1)) }
        let ordered = unified.filter(members.contains)
        if ordered.allSatisfy({ $0.stringValue != nil }) {
            return .tuple(Set(ordered.compactMap(\.stringValue)).sorted().map { .string($0) })
        }
        if ordered.allSatisfy({ if case .number = $0 { true } else { false } }) {
            return .tuple(Set(ordered.compactMap(\.asNumber)).sorted().map { .number($0) })
        }
        if ordered.allSatisfy({ if case .bool = $0 { true } else { false } }) {
            return .tuple([false, true].filter { ordered.contains(.bool($0)) }.map { .bool($0) })
        }
        return distinct([.tuple(ordered)])
    }

    // MARK: - Element types

    /// The elements of a `list(any)` after Terraform's type unification: elements of one kind
    /// (nulls and unknowns aside) pass through, mixed primitives become strings, and anything
    /// else (a collection among primitives, say) cannot be unified: nil.
    static func unifiedElements(_ items: [Value]) -> [Value]? {
        var kinds: Set<Int> = []
        var primitive = true
        for item in items {
            switch item {
            case .null, .unknown: continue
            case .bool: kinds.insert(1)
            case .number: kinds.insert(2)
            case .string: kinds.insert(3)
            case .tuple: kinds.insert(4); primitive = false
            case .object: kinds.insert(5); primitive = false
            }
        }
        if kinds.count <= 1 { return items }
        guard primitive else { return nil }
        return items.map { $0.asString.map { .string($0) } ?? $0 }
    }

    /// The elements of a `list(string)`: primitives convert, null is `nil`; nil when an element
    /// is unknown or a collection.
    static func stringElements(_ items: [Value]) -> [String?]? {
        var out: [String?] = []
        for item in items {
            if item == .null {
                out.append(nil)
                continue
            }
            guard let text = item.asString else { return nil }
            out.append(text)
        }
        return out
    }
}
