/// Compose's variable substitution (`${TAG}`, `${REGISTRY:-ghcr.io/acme}`) and the env files
/// it reads variables from (`.env`, `--env-file`, a service's `env_file`), as the Compose
/// specification describes them ("Interpolation"; "env_file format").
///
/// What Faultline knows of a machine's variables is what the repository says: the env files it
/// holds and the `environment:` `.faultline.yaml` gives a host. A variable neither sets stays
/// as written (`${TAG}`) and is reported as unresolved, so a reader never takes a guess for a
/// value (Compose itself would substitute an empty string and warn).
public enum ComposeInterpolation {
    /// The longest text a substitution may produce. Values that name each other twice over
    /// (`B=${A}${A}`, `C=${B}${B}`, …) double at every line; past this a value is kept as written.
    public static let lengthLimit = 65_536

    /// How deeply defaults may nest (`${A:-${B:-${C}}}`).
    static let depthLimit = 16

    /// `text` with every variable `lookup` knows substituted, and the names it did not know.
    /// `$$` is a literal `$`. A value that would grow past ``lengthLimit`` is given back as written,
    /// with every variable it names unresolved.
    public static func interpolate(_ text: String, _ lookup: (String) -> String?) -> (text: String, unresolved: [String]) {
        guard text.utf8.contains(0x24) else { return (text, []) }
        var unresolved: [String] = []
        var output: [UInt8] = []
        let bytes = Array(text.utf8)
        var index = 0
        let complete = substitute(bytes, &index, until: nil, depth: 0, into: &output, unresolved: &unresolved, lookup)
        guard complete, output.count <= lengthLimit else {
            return (text, names(in: bytes))
        }
        return (String(decoding: output, as: UTF8.self), unresolved)
    }

    /// The variables a text names, in order, each once.
    static func names(in bytes: [UInt8]) -> [String] {
        var found: [String] = []
        var index = 0
        while index < bytes.count {
            guard bytes[index] == 0x24, index + 1 < bytes.count else {
                index += 1
                continue
            }
            var start = index + 1
            if bytes[start] == 0x24 {
                index += 2
                continue
            }
            if bytes[start] == 0x7B { start += 1 }
            var end = start
            while end < bytes.count, isNameByte(bytes[end], first: end == start) { end += 1 }
            if end > start {
                let name = String(decoding: bytes[start..<end], as: UTF8.self)
                if !found.contains(name) { found.append(name) }
            }
            index = max(end, index + 1)
        }
        return found
    }

    /// Substitutes from `index` to the end, or to the unnested `}` ending a default when
    /// `until` is `}` (left after it). False when the output grew past the limit or the
    /// nesting is too deep.
    private static func substitute(
        _ bytes: [UInt8], _ index: inout Int, until terminator: UInt8?, depth: Int, into output: inout [UInt8],
        unresolved: inout [String], _ lookup: (String) -> String?
    ) -> Bool {
        guard depth <= depthLimit else { return false }
        while index < bytes.count {
            let byte = bytes[index]
            if let terminator, byte == terminator {
                index += 1
                return true
            }
            guard output.count <= lengthLimit else { return false }
            guard byte == 0x24, index + 1 < bytes.count else {
                output.append(byte)
                index += 1
                continue
            }
            let next = bytes[index + 1]
            if next == 0x24 {
                output.append(0x24)
                index += 2
            } else if next == 0x7B {
                guard braced(bytes, &index, depth: depth, into: &output, unresolved: &unresolved, lookup) else { return false }
            } else if isNameByte(next, first: true) {
                var end = index + 1
                while end < bytes.count, isNameByte(bytes[end], first: end == index + 1) { end += 1 }
                let name = String(decoding: bytes[(index + 1)..<end], as: UTF8.self)
                if let value = lookup(name) {
                    output += value.utf8
                } else {
                    output += bytes[index..<end]
                    if !unresolved.contains(name) { unresolved.append(name) }
                }
                index = end
            } else {
                output.append(byte)
                index += 1
            }
        }
        // A default left open (`${A:-x` with no `}`) is not one: Compose refuses the file.
        return terminator == nil
    }

    /// `${NAME}`, `${NAME:-default}`, `${NAME-default}`, `${NAME:?error}`, `${NAME?error}`,
    /// `${NAME:+alternative}`, `${NAME+alternative}` at `index` (its `$`).
    private static func braced(
        _ bytes: [UInt8], _ index: inout Int, depth: Int, into output: inout [UInt8],
        unresolved: inout [String], _ lookup: (String) -> String?
    ) -> Bool {
        let start = index
        var end = index + 2
        while end < bytes.count, isNameByte(bytes[end], first: end == index + 2) { end += 1 }
        let name = String(decoding: bytes[(index + 2)..<end], as: UTF8.self)
        guard !name.isEmpty, end < bytes.count else {
            // Not a variable Compose knows (`${}`, `${1}`): kept as written.
            output += bytes[index..<min(end + 1, bytes.count)]
            index = min(end + 1, bytes.count)
            return true
        }
        let value = lookup(name)
        func unknown() {
            if !unresolved.contains(name) { unresolved.append(name) }
        }
        if bytes[end] == 0x7D {
            index = end + 1
            if let value {
                output += value.utf8
            } else {
                output += bytes[start..<index]
                unknown()
            }
            return true
        }
        var operatorEnd = end
        let colon = bytes[operatorEnd] == 0x3A
        if colon { operatorEnd += 1 }
        guard operatorEnd < bytes.count, [0x2D, 0x3F, 0x2B].contains(bytes[operatorEnd]) else {
            // `${NAME!}` and the like: not Compose's syntax, kept as written up to the `}`.
            let close = bytes[end...].firstIndex(of: 0x7D) ?? (bytes.count - 1)
            output += bytes[start...close]
            index = close + 1
            unknown()
            return true
        }
        let kind = bytes[operatorEnd]
        index = operatorEnd + 1
        // The default or alternative, itself substituted, up to its `}`.
        var inner: [UInt8] = []
        var innerUnresolved: [String] = []
        guard substitute(bytes, &index, until: 0x7D, depth: depth + 1, into: &inner, unresolved: &innerUnresolved, lookup) else { return false }
        let isSet = value.map { colon ? !$0.isEmpty : true } ?? false
        switch kind {
        case 0x2D:  // `-`: the default when unset (or empty, with `:`).
            if isSet, let value {
                output += value.utf8
            } else {
                output += inner
                for name in innerUnresolved where !unresolved.contains(name) { unresolved.append(name) }
            }
        case 0x2B:  // `+`: the alternative when set.
            if isSet {
                output += inner
                for name in innerUnresolved where !unresolved.contains(name) { unresolved.append(name) }
            }
        default:  // `?`: an error when unset; the machine must set it, so it is not known here.
            if isSet, let value {
                output += value.utf8
            } else {
                output += bytes[start..<index]
                unknown()
            }
        }
        return true
    }

    /// Whether a text is a variable name Compose substitutes: letters, digits and `_`, not
    /// starting with a digit.
    public static func isVariableName(_ text: String) -> Bool {
        !text.isEmpty && text.utf8.enumerated().allSatisfy { isNameByte($1, first: $0 == 0) }
    }

    static func isNameByte(_ byte: UInt8, first: Bool) -> Bool {
        byte == 0x5F || (byte | 0x20 >= 0x61 && byte | 0x20 <= 0x7A) || (!first && byte >= 0x30 && byte <= 0x39)
    }

    /// A variable an env file sets, at its line, its value substituted.
    public struct Variable: Hashable, Sendable {
        public var key: String
        public var value: String
        public var line: Int
    }

    /// A line of an env file as written: its key, its value's text (unquoted, escapes of a
    /// double-quoted value applied) and whether that text is taken as written (single-quoted).
    public struct Entry: Hashable, Sendable {
        public var key: String
        public var text: String
        public var line: Int
        public var literal: Bool
    }

    /// An env file's lines, in order, with where each key is set, worked out once per text:
    /// hosts of many projects read the same file.
    public struct EnvFile: Sendable {
        public let entries: [Entry]
        /// The positions in `entries` setting each key, in order.
        public let positions: [String: [Int]]
        /// The line of a value whose quote is never closed, where reading stopped.
        public let unclosed: Int?

        public init(_ text: String) {
            (entries, unclosed) = ComposeInterpolation.entries(of: text)
            var positions: [String: [Int]] = [:]
            for (index, entry) in entries.enumerated() { positions[entry.key, default: []].append(index) }
            self.positions = positions
        }

        /// Each variable the file sets, once, at its last setting, substituted as Compose does
        /// (see ``Scope``); `outerFirst` for a service's env file, where the project's variables
        /// win.
        public func variables(outer: @escaping (String) -> String?, outerFirst: Bool, budget: SubstitutionBudget) -> [Variable] {
            let scope = Scope(files: [self], outer: outer, outerFirst: outerFirst, budget: budget)
            return positions.values.compactMap(\.last).sorted().map { index in
                let entry = entries[index]
                return Variable(key: entry.key, value: scope.value(atFile: 0, index: index) ?? entry.text, line: entry.line)
            }
        }
    }

    /// Bytes of substituted text a run of substitutions may still produce, shared by every
    /// scope of a link: values naming each other twice over would otherwise double at every
    /// line, and many hosts or env files multiply that.
    public final class SubstitutionBudget {
        public var left: Int

        public init(_ bytes: Int) {
            left = bytes
        }
    }

    /// The lines of an env file in Compose's format: `KEY=value` (an `export ` in front
    /// allowed), `#` comments, values unquoted (a ` #` starts a comment), single-quoted (taken as
    /// written, over several lines if need be) or double-quoted (`\n`, `\"`, `\\` escapes). A key
    /// alone (`KEY`) takes the machine's value, which is not known, and sets nothing here.
    /// A value whose quote is never closed ends the reading there: `unclosed` is its line.
    public static func entries(of text: String) -> (entries: [Entry], unclosed: Int?) {
        var entries: [Entry] = []
        let lines = text.split(omittingEmptySubsequences: false) { $0 == "\n" || $0 == "\r\n" }
        var index = 0
        while index < lines.count {
            let number = index + 1
            var line = Substring(lines[index].trimmingBlanks())
            index += 1
            if line.hasSuffix("\r") { line = line.dropLast() }
            guard !line.isEmpty, !line.hasPrefix("#") else { continue }
            if line.hasPrefix("export ") { line = line.dropFirst("export ".count).drop { $0 == " " || $0 == "\t" } }
            guard let equals = line.firstIndex(of: "=") else { continue }
            let key = String(line[..<equals].trimmingBlanks())
            guard !key.isEmpty, key.utf8.allSatisfy({ isNameByte($0, first: false) || $0 == 0x2E || $0 == 0x2D }) else { continue }
            var rest = Substring(line[line.index(after: equals)...].drop { $0 == " " || $0 == "\t" })
            if let quote = rest.first, quote == "'" || quote == "\"" {
                // Running on to the line holding the closing quote, each line looked at once.
                var body = ""
                var piece = rest.dropFirst()
                var escaped = false
                while true {
                    if let close = closingQuote(in: piece, single: quote == "'", escaped: &escaped) {
                        body += piece[..<close]
                        break
                    }
                    body += piece
                    guard index < lines.count else {
                        // Compose refuses the file; nothing after this line is read.
                        return (entries, number)
                    }
                    body += "\n"
                    piece = lines[index]
                    index += 1
                }
                entries.append(Entry(key: key, text: quote == "'" ? body : unescaped(body[...]), line: number, literal: quote == "'"))
            } else {
                var value = rest
                if let comment = value.range(of: " #") ?? value.range(of: "\t#") { value = value[..<comment.lowerBound] }
                entries.append(Entry(key: key, text: String(value.trimmingBlanks()), line: number, literal: false))
            }
        }
        return (entries, nil)
    }

    /// Variables from env files, substituted only when asked for: a project reads a few of a
    /// large `.env`'s variables, and a host setting its own `environment:` must not make every
    /// host substitute the whole file again. As Compose does, a value names the variables set
    /// above it (files in order, lines in order: `REGISTRY=${REGISTRY}/acme` extends the
    /// earlier setting), the machine's environment winning over every file; `outer` is asked
    /// after the files, or — `outerFirst`, for a service's env file — before them. A loop, a
    /// chain more than 16 deep, or a spent ``SubstitutionBudget`` leave what they reach as
    /// written.
    public final class Scope {
        /// The substituted bytes a link allows, in all.
        public static let outputLimit = 16 << 20

        private let files: [EnvFile]
        private let environment: [String: String]
        private let outer: (String) -> String?
        private let outerFirst: Bool
        private let budget: SubstitutionBudget
        private var memo: [Int: String] = [:]
        private var resolving: [Int] = []

        public init(
            files: [EnvFile], environment: [String: String] = [:], outer: @escaping (String) -> String? = { _ in nil },
            outerFirst: Bool = false, budget: SubstitutionBudget
        ) {
            self.files = files
            self.environment = environment
            self.outer = outer
            self.outerFirst = outerFirst
            self.budget = budget
        }

        /// The variable's value after every file, or nil when nothing known sets it.
        public func value(of name: String) -> String? {
            lookup(name, file: files.count - 1, before: Int.max)
        }

        /// `name` as the line at `index` of file `file` sees it: set above it.
        private func lookup(_ name: String, file: Int, before limit: Int) -> String? {
            if let value = environment[name] { return value }
            if outerFirst, let value = outer(name) { return value }
            var file = file, limit = limit
            while file >= 0 {
                if let list = files[file].positions[name], let index = Self.last(in: list, below: limit) {
                    return value(atFile: file, index: index)
                }
                file -= 1
                limit = Int.max
            }
            return outerFirst ? nil : outer(name)
        }

        /// The value of one line, substituted once.
        func value(atFile file: Int, index: Int) -> String? {
            let entry = files[file].entries[index]
            let key = file << 32 | index
            if let known = memo[key] { return known }
            // Looked through once: a megabyte value named thousands of times is not scanned again.
            guard !entry.literal, entry.text.utf8.contains(0x24) else {
                memo[key] = entry.text
                return entry.text
            }
            guard !resolving.contains(key), resolving.count < 16, budget.left > 0 else { return nil }
            resolving.append(key)
            defer { resolving.removeLast() }
            let value = ComposeInterpolation.interpolate(entry.text) { self.lookup($0, file: file, before: index) }.text
            budget.left -= value.utf8.count
            memo[key] = value
            return value
        }

        /// The last of sorted positions below `limit`.
        private static func last(in list: [Int], below limit: Int) -> Int? {
            var low = 0, high = list.count
            while low < high {
                let middle = (low + high) / 2
                if list[middle] < limit { low = middle + 1 } else { high = middle }
            }
            return low > 0 ? list[low - 1] : nil
        }
    }

    /// The index of the closing quote: the first `'` of a single-quoted value, the first `"` no
    /// backslash escapes of a double-quoted one (`escaped` carries a backslash ending a line).
    private static func closingQuote(in text: Substring, single: Bool, escaped: inout Bool) -> Substring.Index? {
        if single { return text.firstIndex(of: "'") }
        for index in text.indices {
            let character = text[index]
            if escaped {
                escaped = false
            } else if character == "\\" {
                escaped = true
            } else if character == "\"" {
                return index
            }
        }
        return nil
    }

    private static func unescaped(_ text: Substring) -> String {
        var result = ""
        var escaped = false
        for character in text {
            if escaped {
                switch character {
                case "n": result.append("\n")
                case "t": result.append("\t")
                case "r": result.append("\r")
                default: result.append(character)
                }
                escaped = false
            } else if character == "\\" {
                escaped = true
            } else {
                result.append(character)
            }
        }
        return result
    }
}
