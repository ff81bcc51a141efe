#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif

extension Value: CustomStringConvertible {
    /// HCL-like text: `"s"`, `1.5`, `[1, 2]`, `{a = 1}` (keys sorted), `(unknown)`.
    public var description: String {
        switch self {
        case .null: "null"
        case .bool(let b): b ? "true" : "false"
        case .number(let n): Value.format(n)
        case .string(let s): Value.quote(s)
        case .tuple(let items): "[" + items.map(\.description).joined(separator: ", ") + "]"
        case .object(let fields):
            "{" + fields.keys.sorted().map { "\(Value.quote($0)) = \(fields[$0]?.description ?? "")" }
                .joined(separator: ", ") + "}"
        case .unknown: "(unknown)"
        }
    }

    /// The canonical text of a number, as HCL prints it in a template (`1`, `1.5`, `-3`).
    static func format(_ n: Decimal) -> String {
        n.description
    }

    /// A double-quoted string with HCL/JSON escapes; with `escapingHTML`, `<`, `>` and `&` are
    /// escaped too, as Terraform's `jsonencode` does.
    public static func quote(_ s: String, escapingHTML: Bool = false) -> String {
        var out = "\""
        for scalar in s.unicodeScalars {
            switch scalar {
            case "\"": out += "\\\""
            case "\\": out += "\\\\"
            case "\n": out += "\\n"
            case "\r": out += "\\r"
            case "\t": out += "\\t"
            case "<" where escapingHTML: out += "\\u003c"
            case ">" where escapingHTML: out += "\\u003e"
            case "&" where escapingHTML: out += "\\u0026"
            default:
                if scalar.value < 0x20 {
                    let hex = String(scalar.value, radix: 16)
                    out += "\\u" + String(repeating: "0", count: 4 - hex.count) + hex
                } else {
                    out.unicodeScalars.append(scalar)
                }
            }
        }
        return out + "\""
    }
}
