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
