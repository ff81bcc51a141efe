/// A JSON value with its object keys in the order written, for reading what another program
/// decodes with Go's `encoding/json`, where a repeated key keeps its last value and keys match
/// fields without regard to case (an AWS Load Balancer Controller action). Only what such
/// reading needs: strings, objects and arrays; other scalars are `.scalar`.
enum OrderedJSON: Equatable, Sendable {
    case string(String)
    case object([(key: String, value: OrderedJSON)])
    case array([OrderedJSON])
    case scalar

    static func == (lhs: OrderedJSON, rhs: OrderedJSON) -> Bool {
        switch (lhs, rhs) {
        case let (.string(a), .string(b)): a == b
        case let (.array(a), .array(b)): a == b
        case let (.object(a), .object(b)): a.count == b.count && zip(a, b).allSatisfy { $0.key == $1.key && $0.value == $1.value }
        case (.scalar, .scalar): true
        default: false
        }
    }

    /// The value of the last key matching `key` as Go matches a field: without regard to case,
    /// `ſ` standing for `s` and the Kelvin sign for `k`. Nil for a key no entry has, or a value
    /// that is no object.
    subscript(key: String) -> OrderedJSON? {
        guard case .object(let entries) = self else { return nil }
        let wanted = Self.folded(key)
        return entries.last { Self.folded($0.key) == wanted }?.value
    }

    /// Every value of a key matching `key` (see the subscript), in the order written.
    func all(_ key: String) -> [OrderedJSON] {
        guard case .object(let entries) = self else { return [] }
        let wanted = Self.folded(key)
        return entries.filter { Self.folded($0.key) == wanted }.map(\.value)
    }

    /// Whether more than one key matches `key`.
    func repeats(_ key: String) -> Bool { all(key).count > 1 }

    var string: String? {
        if case .string(let text) = self { return text }
        return nil
    }

    var items: [OrderedJSON]? {
        if case .array(let items) = self { return items }
        return nil
    }

    static func folded(_ key: String) -> String {
        var scalars = String.UnicodeScalarView()
        for scalar in key.unicodeScalars { scalars.append(scalar == "ſ" ? "s" : scalar) }
        return String(scalars).lowercased()
    }

    /// Parses JSON text; nil when it is not JSON or nests deeper than `maximumDepth`.
    static func parse(_ text: String, maximumDepth: Int = 64) -> OrderedJSON? {
        var parser = Parser(bytes: Array(text.utf8), maximumDepth: maximumDepth)
        guard let value = parser.value(depth: 0) else { return nil }
        parser.skipSpace()
        return parser.index == parser.bytes.count ? value : nil
    }

    private struct Parser {
        let bytes: [UInt8]
        let maximumDepth: Int
        var index = 0

        init(bytes: [UInt8], maximumDepth: Int) {
            self.bytes = bytes
            self.maximumDepth = maximumDepth
        }

        mutating func skipSpace() {
            while index < bytes.count, [0x20, 0x09, 0x0A, 0x0D].contains(bytes[index]) { index += 1 }
        }

        mutating func value(depth: Int) -> OrderedJSON? {
            skipSpace()
            guard index < bytes.count, depth <= maximumDepth else { return nil }
            switch bytes[index] {
            case 0x7B:  // {
                index += 1
                var entries: [(key: String, value: OrderedJSON)] = []
                skipSpace()
                if index < bytes.count, bytes[index] == 0x7D { index += 1; return .object(entries) }
                while true {
                    skipSpace()
                    guard let key = string(), expect(0x3A), let item = value(depth: depth + 1) else { return nil }
                    entries.append((key, item))
                    skipSpace()
                    guard index < bytes.count else { return nil }
                    if bytes[index] == 0x2C { index += 1; continue }
                    if bytes[index] == 0x7D { index += 1; return .object(entries) }
                    return nil
                }
            case 0x5B:  // [
                index += 1
                var items: [OrderedJSON] = []
                skipSpace()
                if index < bytes.count, bytes[index] == 0x5D { index += 1; return .array(items) }
                while true {
                    guard let item = value(depth: depth + 1) else { return nil }
                    items.append(item)
                    skipSpace()
                    guard index < bytes.count else { return nil }
                    if bytes[index] == 0x2C { index += 1; continue }
                    if bytes[index] == 0x5D { index += 1; return .array(items) }
                    return nil
                }
            case 0x22:
                return string().map(OrderedJSON.string)
            default:
                // A number, true, false or null: read as far as it goes.
                let start = index
                while index < bytes.count, !([0x2C, 0x7D, 0x5D, 0x20, 0x09, 0x0A, 0x0D] as [UInt8]).contains(bytes[index]) { index += 1 }
                let word = Array(bytes[start..<index])
                guard Self.isNumber(word) || word.elementsEqual("true".utf8) || word.elementsEqual("false".utf8)
                    || word.elementsEqual("null".utf8) else { return nil }
                return .scalar
            }
        }

        /// JSON's number: `-?(0|[1-9][0-9]*)(\.[0-9]+)?([eE][+-]?[0-9]+)?`.
        static func isNumber(_ word: [UInt8]) -> Bool {
            var i = 0
            func digits() -> Int {
                let start = i
                while i < word.count, (0x30...0x39).contains(word[i]) { i += 1 }
                return i - start
            }
            if i < word.count, word[i] == 0x2D { i += 1 }
            guard i < word.count else { return false }
            if word[i] == 0x30 { i += 1 } else if digits() == 0 { return false }
            if i < word.count, word[i] == 0x2E {
                i += 1
                guard digits() > 0 else { return false }
            }
            if i < word.count, word[i] == 0x65 || word[i] == 0x45 {
                i += 1
                if i < word.count, word[i] == 0x2B || word[i] == 0x2D { i += 1 }
                guard digits() > 0 else { return false }
            }
            return i == word.count
        }

        mutating func expect(_ byte: UInt8) -> Bool {
            skipSpace()
            guard index < bytes.count, bytes[index] == byte else { return false }
            index += 1
            return true
        }

        /// A string at `index` (its opening quote), escapes resolved.
        mutating func string() -> String? {
            guard index < bytes.count, bytes[index] == 0x22 else { return nil }
            index += 1
            var out: [UInt8] = []
            while index < bytes.count {
                let byte = bytes[index]
                index += 1
                switch byte {
                case 0x22: return String(decoding: out, as: UTF8.self)
                case 0x5C:
                    guard index < bytes.count else { return nil }
                    let escape = bytes[index]
                    index += 1
                    switch escape {
                    case 0x22, 0x5C, 0x2F: out.append(escape)
                    case 0x62: out.append(0x08)
                    case 0x66: out.append(0x0C)
                    case 0x6E: out.append(0x0A)
                    case 0x72: out.append(0x0D)
                    case 0x74: out.append(0x09)
                    case 0x75:
                        guard let scalars = unicodeEscape() else { return nil }
                        for scalar in scalars { out += Array(String(Character(scalar)).utf8) }
                    default: return nil
                    }
                default:
                    guard byte >= 0x20 else { return nil }
                    out.append(byte)
                }
            }
            return nil
        }

        /// The scalars of a `\uXXXX` escape after its `u`, as Go decodes it: a surrogate pair's
        /// two escapes are one scalar; a lone surrogate is U+FFFD, and an escape after it that
        /// does not complete it is read on its own. Nil for one that is not four hex digits.
        mutating func unicodeEscape() -> [Unicode.Scalar]? {
            guard let high = hex4() else { return nil }
            guard (0xD800...0xDFFF).contains(high) else { return [Unicode.Scalar(high)!] }
            let replacement = Unicode.Scalar(0xFFFD)!
            guard high <= 0xDBFF, index + 1 < bytes.count, bytes[index] == 0x5C, bytes[index + 1] == 0x75 else { return [replacement] }
            index += 2
            guard let low = hex4() else { return nil }
            if (0xDC00...0xDFFF).contains(low) { return [Unicode.Scalar(0x10000 + ((high - 0xD800) << 10) + (low - 0xDC00))!] }
            // Not the pair's second half: the first is lone, the second is read as itself.
            guard (0xD800...0xDFFF).contains(low) else { return [replacement, Unicode.Scalar(low)!] }
            return [replacement, replacement]
        }

        mutating func hex4() -> UInt32? {
            guard index + 4 <= bytes.count else { return nil }
            var value: UInt32 = 0
            for byte in bytes[index..<index + 4] {
                let digit: UInt8
                switch byte {
                case 0x30...0x39: digit = byte - 0x30
                case 0x41...0x46: digit = byte - 0x41 + 10
                case 0x61...0x66: digit = byte - 0x61 + 10
                default: return nil
                }
                value = value << 4 | UInt32(digit)
            }
            index += 4
            return value
        }
    }
}
