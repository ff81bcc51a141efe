import HCL
import Synchronization

/// Terraform's `yamldecode` and `yamlencode`, which the HCL module cannot offer: YAML is read
/// here, by the readers' YAML loader. `kubernetes_manifest { manifest = yamldecode(file(…)) }`
/// is how most manifests get into Terraform.
enum TerraformYAML {
    /// The standard functions with `yamldecode` and `yamlencode`.
    static let functions: [String: HCLFunction] = {
        var functions = StandardFunctions.all
        functions["yamldecode"] = HCLFunction("yamldecode") { arguments in
            guard arguments.count == 1, case .string(let text) = arguments[0] else { return .unknown }
            return decode(text) ?? .unknown
        }
        // JSON is YAML: what reads the result reads the same values (the text differs from
        // Terraform's, which nothing in a topology compares).
        functions["yamlencode"] = HCLFunction("yamlencode") { arguments in
            StandardFunctions.all["jsonencode"]?.implementation(arguments) ?? .unknown
        }
        return functions
    }()

    /// `functions` with `yamldecode` and `jsondecode` decoding each distinct text once for
    /// the module instance using them, each new text drawing from its `budget` by size (one
    /// step per 64 bytes): a megabyte read with `file()` and decoded in a thousand-item `for`
    /// is decoded once, and a thousand distinct megabytes spend the budget instead of minutes.
    static func functions(budget: EvaluationBudget) -> [String: HCLFunction] {
        var functions = Self.functions
        let decoded = Decoded()
        for name in ["yamldecode", "jsondecode"] {
            guard let decode = functions[name] else { continue }
            functions[name] = HCLFunction(name) { arguments in
                guard arguments.count == 1, case .string(let text) = arguments[0] else { return decode.implementation(arguments) }
                if let known = decoded.value(name, text) { return known }
                guard budget.canSpend(text.utf8.count / 64) else { return .unknown }
                let value = decode.implementation(arguments)
                decoded.keep(value, name, text)
                return value
            }
        }
        return functions
    }

    /// Decoded texts, by function and text, for one module instance.
    private final class Decoded: Sendable {
        private let values = Mutex<[String: Value]>([:])

        func value(_ function: String, _ text: String) -> Value? {
            values.withLock { $0[function + "\u{0}" + text] }
        }

        func keep(_ value: Value, _ function: String, _ text: String) {
            values.withLock { $0[function + "\u{0}" + text] = value }
        }
    }

    /// The value of a YAML text of one document, as Terraform's `yamldecode` gives it; nil for
    /// one that does not load or holds several documents.
    static func decode(_ text: String) -> Value? {
        let loaded = YAMLLoader().load(text: text, path: "")
        guard loaded.documents.count == 1, !loaded.diagnostics.contains(where: { $0.severity == .error }) else { return nil }
        return value(of: loaded.documents[0].root)
    }

    /// A node as a value: mappings as objects, sequences as tuples, plain scalars typed by the
    /// YAML 1.2 core schema (null, booleans, numbers), any other scalar a string. The loader
    /// stops documents nesting deeper than 1,000 levels.
    static func value(of node: YAMLNode) -> Value? {
        switch node.content {
        case .scalar(let scalar):
            guard scalar.style == .plain, scalar.tag == nil else { return .string(scalar.text) }
            if scalar.isNull { return .null }
            switch scalar.text {
            case "true", "True", "TRUE": return .bool(true)
            case "false", "False", "FALSE": return .bool(false)
            default: break
            }
            if let number = Value.parseNumber(scalar.text) { return .number(number) }
            return .string(scalar.text)
        case .sequence(let items):
            var values: [Value] = []
            for item in items {
                guard let value = value(of: item) else { return nil }
                values.append(value)
            }
            return .tuple(values)
        case .mapping(let entries):
            var fields: [String: Value] = [:]
            for entry in entries {
                guard let key = entry.key.scalar?.text, let value = value(of: entry.value) else { return nil }
                fields[key] = value
            }
            return .object(fields)
        }
    }
}
