#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif

/// The result of evaluating an expression, or a literal in the tree.
///
/// Numbers are `Decimal`, not `Double`: HCL numbers are arbitrary-precision decimals
/// (cty uses big floats), so `0.1 + 0.2 == 0.3` and 12-digit AWS account ids must stay exact;
/// `Decimal` keeps 38 significant digits, which every configuration value fits.
/// Lists, tuples and sets are all `.tuple`; maps and objects are both `.object`, whose keys are
/// iterated in sorted order as HCL does. `.unknown` is a value that cannot be known without
/// running Terraform (or that an error made unknowable); it propagates and is never guessed.
public enum Value: Hashable, Sendable, Codable {
    case null
    case bool(Bool)
    case number(Decimal)
    case string(String)
    case tuple([Value])
    case object([String: Value])
    case unknown

    /// A number from an integer.
    public static func int(_ n: Int) -> Value { .number(Decimal(n)) }

    /// Whether the value and everything inside it is known.
    public var isWhollyKnown: Bool {
        switch self {
        case .unknown: false
        case .tuple(let items): items.allSatisfy(\.isWhollyKnown)
        case .object(let fields): fields.values.allSatisfy(\.isWhollyKnown)
        default: true
        }
    }

    /// The value with every unknown inside it replaced (JSON of a partly known value keeps what
    /// is known, each unknown standing as the caller's unknown part).
    public func replacingUnknowns(with replacement: Value) -> Value {
        switch self {
        case .unknown: replacement
        case .tuple(let items): .tuple(items.map { $0.replacingUnknowns(with: replacement) })
        case .object(let fields): .object(fields.mapValues { $0.replacingUnknowns(with: replacement) })
        default: self
        }
    }

    /// The longest string an evaluation builds (1 MiB); a longer one is `.unknown`.
    public static let maxStringBytes = 1 << 20
    /// The most parts (values inside values, counted where shared) an evaluated value may have.
    public static let maxParts = 100_000

    /// Whether the value has more than ``maxParts`` parts or more than 16 ``maxStringBytes``
    /// of text, counting a part once per place it appears. Stops counting at the limit, so it
    /// is cheap on any value.
    public var isTooLarge: Bool {
        var parts = 0, bytes = 0
        return !fits(parts: &parts, bytes: &bytes)
    }

    /// Adds the value's parts and text bytes to `parts` and `bytes`, counted as ``isTooLarge``
    /// counts them, stopping once past the limits; false when past them. A `for` adds each
    /// element as it goes, so it stops at the limit instead of building gigabytes first.
    func fits(parts: inout Int, bytes: inout Int) -> Bool {
        var pending: [Value] = [self]
        while let value = pending.popLast() {
            parts += 1
            switch value {
            case .tuple(let items): pending += items
            case .object(let fields): pending += fields.values
            case .string(let text): bytes += text.utf8.count
            default: break
            }
            if parts > Self.maxParts || bytes > 16 * Self.maxStringBytes { return false }
        }
        return true
    }

    /// Whether the value itself is known (its elements may not be).
    public var isKnown: Bool { self != .unknown }

    /// The string, if this is one.
    public var stringValue: String? {
        if case .string(let s) = self { return s }
        return nil
    }

    /// The elements, if this is a tuple.
    public var tupleValue: [Value]? {
        if case .tuple(let items) = self { return items }
        return nil
    }

    /// The fields, if this is an object.
    public var objectValue: [String: Value]? {
        if case .object(let fields) = self { return fields }
        return nil
    }
}
