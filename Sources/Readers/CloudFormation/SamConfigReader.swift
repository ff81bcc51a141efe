import Foundation
import Model

/// Reads the SAM CLI's configuration (`samconfig.toml`, `samconfig.yaml`): the stack `sam
/// deploy` makes when run without options, from the `default` environment's `deploy` (over
/// its `global`) parameters — `stack_name`, `region`, `template_file`, `parameter_overrides`.
///
/// Only the TOML SAM writes is read: `[table.headers]` and `key = value` lines with strings,
/// numbers, booleans and arrays of strings on one line. Anything else is a warning at its line.
public struct SamConfigReader: FileReader {
    public let name = "samconfig"
    public let version = 3

    public init() {}

    static let names: Set<String> = ["samconfig.toml", "samconfig.yaml", "samconfig.yml"]

    public func accepts(path: String) -> Bool { Self.names.contains(String(path.fileName)) }

    public func read(path: String, bytes: [UInt8]) -> FileFacts {
        var facts = FileFacts(path: path)
        // Table by table: `default.deploy.parameters` → [key: (value, line)].
        var tables: [String: [String: (value: SamValue, line: Int)]] = [:]
        if path.hasSuffix(".toml") {
            tables = Self.toml(String(decoding: bytes, as: UTF8.self), path: path, diagnostics: &facts.diagnostics)
        } else {
            let loaded = YAMLLoader().load(bytes, path: path)
            facts.diagnostics = loaded.diagnostics
            for environment in loaded.documents.first?.root.entries ?? [] {
                guard let environmentName = environment.key.string else { continue }
                for command in environment.value.entries ?? [] {
                    guard let commandName = command.key.string, let parameters = command.value["parameters"]?.entries else { continue }
                    var table: [String: (value: SamValue, line: Int)] = [:]
                    for parameter in parameters {
                        guard let key = parameter.key.string else { continue }
                        if let text = parameter.value.string {
                            table[key] = (.string(text), parameter.key.line)
                        } else if let items = parameter.value.items {
                            table[key] = (.strings(items.compactMap(\.string)), parameter.key.line)
                        }
                    }
                    tables["\(environmentName).\(commandName).parameters"] = table
                }
            }
        }
        let deploy = tables["default.deploy.parameters"] ?? [:], global = tables["default.global.parameters"] ?? [:]
        func value(_ key: String) -> (value: SamValue, line: Int)? { deploy[key] ?? global[key] }
        var config = SamConfigFact()
        config.stackName = value("stack_name")?.value.text
        config.region = value("region")?.value.text
        config.templateFile = (value("template_file") ?? tables["default.build.parameters"]?["template_file"])?.value.text
        config.line = value("region")?.line ?? value("stack_name")?.line ?? 1
        if let overrides = value("parameter_overrides") {
            let pairs: [String]
            switch overrides.value {
            case .string(let text): pairs = Self.overridePairs(text)
            case .strings(let items): pairs = items.flatMap(Self.overridePairs)
            }
            for pair in pairs {
                guard let equals = pair.firstIndex(of: "=") else {
                    facts.diagnostics.append(Diagnostic(.warning, "parameter_overrides entry '\(pair)' is not NAME=VALUE, so it is not read", path: path, line: overrides.line))
                    continue
                }
                config.parameters[String(pair[..<equals])] = String(pair[pair.index(after: equals)...])
            }
        }
        facts.samConfig = config
        return facts
    }

    enum SamValue {
        case string(String)
        case strings([String])

        var text: String? {
            if case .string(let text) = self { return text }
            return nil
        }
    }

    /// `A=1 B="two words" C='x'`: pairs split at blanks outside quotes, the quotes removed.
    static func overridePairs(_ text: String) -> [String] {
        var pairs: [String] = [], current = "", quote: Character?
        for character in text {
            if let open = quote {
                if character == open { quote = nil } else { current.append(character) }
            } else if character == "\"" || character == "'" {
                quote = character
            } else if character == " " || character == "\t" || character == "\n" {
                if !current.isEmpty { pairs.append(current); current = "" }
            } else {
                current.append(character)
            }
        }
        if !current.isEmpty { pairs.append(current) }
        return pairs
    }

    /// The tables of a TOML file as SAM writes it.
    static func toml(_ text: String, path: String, diagnostics: inout [Diagnostic]) -> [String: [String: (value: SamValue, line: Int)]] {
        var tables: [String: [String: (value: SamValue, line: Int)]] = [:]
        var table = ""
        for (index, raw) in text.split(separator: "\n", omittingEmptySubsequences: false).enumerated() {
            let line = raw.trimmingCharacters(in: .whitespaces)
            guard !line.isEmpty, !line.hasPrefix("#") else { continue }
            if line.hasPrefix("[") {
                guard line.hasSuffix("]"), !line.hasPrefix("[[") else {
                    diagnostics.append(Diagnostic(.warning, "unreadable TOML table header; the keys below it are not read", path: path, line: index + 1))
                    table = "\u{0}"
                    continue
                }
                table = line.dropFirst().dropLast().split(separator: ".").map { $0.trimmingCharacters(in: .whitespaces).trimmingCharacters(in: CharacterSet(charactersIn: "\"")) }.joined(separator: ".")
                continue
            }
            guard let equals = line.firstIndex(of: "=") else {
                diagnostics.append(Diagnostic(.warning, "a TOML line that is neither a table header nor key = value; it is not read", path: path, line: index + 1))
                continue
            }
            let key = line[..<equals].trimmingCharacters(in: .whitespaces).trimmingCharacters(in: CharacterSet(charactersIn: "\""))
            let value = line[line.index(after: equals)...].trimmingCharacters(in: .whitespaces)
            if let string = Self.tomlString(value) {
                tables[table, default: [:]][key] = (.string(string), index + 1)
            } else if value.hasPrefix("["), value.hasSuffix("]") {
                let items = Self.tomlItems(String(value.dropFirst().dropLast()))
                tables[table, default: [:]][key] = (.strings(items), index + 1)
            } else {
                // Numbers and booleans: their text.
                tables[table, default: [:]][key] = (.string(value.split(separator: "#").first.map { $0.trimmingCharacters(in: .whitespaces) } ?? value), index + 1)
            }
        }
        return tables
    }

    /// A basic (`"…"`, with `\"` and `\\` escapes) or literal (`'…'`) TOML string.
    static func tomlString(_ value: String) -> String? {
        if value.hasPrefix("'") {
            let rest = value.dropFirst()
            guard let close = rest.firstIndex(of: "'") else { return nil }
            return String(rest[..<close])
        }
        guard value.hasPrefix("\"") else { return nil }
        var result = "", escaped = false
        for character in value.dropFirst() {
            if escaped {
                result.append(character == "n" ? "\n" : character == "t" ? "\t" : character)
                escaped = false
            } else if character == "\\" {
                escaped = true
            } else if character == "\"" {
                return result
            } else {
                result.append(character)
            }
        }
        return nil
    }

    /// The strings of a one-line TOML array.
    static func tomlItems(_ text: String) -> [String] {
        var items: [String] = []
        var rest = Substring(text)
        while let start = rest.firstIndex(where: { $0 == "\"" || $0 == "'" }) {
            let candidate = String(rest[start...])
            guard let item = tomlString(candidate) else { break }
            items.append(item)
            // Past the closing quote: the item's length with escapes is not known, so find it.
            let quote = rest[start]
            var index = rest.index(after: start), escaped = false
            while index < rest.endIndex {
                let character = rest[index]
                if escaped { escaped = false } else if character == "\\", quote == "\"" { escaped = true } else if character == quote { break }
                index = rest.index(after: index)
            }
            rest = index < rest.endIndex ? rest[rest.index(after: index)...] : ""
        }
        return items
    }
}
