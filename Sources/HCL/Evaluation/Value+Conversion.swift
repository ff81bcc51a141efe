#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif

extension Value {
    /// The value as a string under HCL's automatic conversions (numbers and bools convert;
    /// null, collections and unknown do not).
    public var asString: String? {
        switch self {
        case .string(let s): s
        case .number(let n): Value.format(n)
        case .bool(let b): b ? "true" : "false"
        default: nil
        }
    }

    /// The value as a number; a string converts only if it is entirely a decimal number.
    var asNumber: Decimal? {
        switch self {
        case .number(let n): return n
        case .string(let s): return Value.parseNumber(s)
        default: return nil
        }
    }

    /// The value as a bool; the strings `"true"` and `"false"` convert.
    var asBool: Bool? {
        switch self {
        case .bool(let b): b
        case .string("true"): true
        case .string("false"): false
        default: nil
        }
    }

    /// The number as an `Int`, if it is a whole number that fits; a string converts as in
    /// `asNumber`, which is how Terraform reads `count = "3"`.
    public var asInt: Int? {
        guard let n = asNumber, let i = Int(Value.format(n)) else { return nil }
        return i
    }

    /// Parses `-?digits(.digits)?([eE][+-]?digits)?` strictly: `Decimal(string:)` alone would
    /// accept a numeric prefix such as `12abc`.
    public static func parseNumber(_ s: String) -> Decimal? {
        let u = Array(s.utf8)
        var i = 0
        func digits() -> Bool {
            let start = i
            while i < u.count && u[i] >= 0x30 && u[i] <= 0x39 { i += 1 }
            return i > start
        }
        if i < u.count && (u[i] == 0x2D || u[i] == 0x2B) { i += 1 }
        guard digits() else { return nil }
        if i < u.count && u[i] == 0x2E {
            i += 1
            guard digits() else { return nil }
        }
        if i < u.count && (u[i] == 0x65 || u[i] == 0x45) {
            i += 1
            if i < u.count && (u[i] == 0x2D || u[i] == 0x2B) { i += 1 }
            guard digits() else { return nil }
        }
        guard i == u.count else { return nil }
        return Decimal(string: s)
    }

    /// The number with its fraction dropped (towards zero).
    static func truncate(_ n: Decimal) -> Decimal {
        let text = format(n)
        guard let dot = text.firstIndex(of: ".") else { return n }
        return Decimal(string: String(text[..<dot])) ?? n
    }
}
