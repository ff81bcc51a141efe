/// Parses nginx configuration text into directives, keeping everything before a syntax error.
///
/// Follows nginx's `ngx_conf_read_token`: a `#` starts a comment only where a word could start,
/// a backslash escapes the next character, `${name}` is part of a word, and quotes group a
/// word. Lua blocks (`content_by_lua_block { … }`) hold Lua, not directives, and are skipped
/// by brace counting.
struct NginxParser {
    /// A syntax problem at a line of the enclosing file.
    struct Problem: Hashable, Sendable {
        var summary: String
        var detail: String
        var line: Int
    }

    private enum Token {
        case word(String, line: Int)
        case semicolon(line: Int)
        case open(line: Int)
        case close(line: Int)
    }

    private let bytes: [UInt8]
    private var position = 0
    private var line: Int
    private(set) var problems: [Problem] = []

    /// - Parameter firstLine: the line of the enclosing file where `text` starts.
    init(text: String, firstLine: Int) {
        self.bytes = Array(text.utf8)
        self.line = firstLine
    }

    /// Every directive that could be read; problems are in `problems`.
    mutating func parse() -> [NginxDirective] {
        var stack: [(directive: NginxDirective, children: [NginxDirective])] = []
        var top: [NginxDirective] = []
        var pending: [NginxDirective.Argument] = []

        func append(_ directive: NginxDirective) {
            if stack.isEmpty { top.append(directive) } else { stack[stack.count - 1].children.append(directive) }
        }

        while let token = nextToken() {
            switch token {
            case .word(let text, let line):
                pending.append(.init(text: text, line: line))
            case .semicolon(let line):
                guard let name = pending.first else {
                    // A stray `;` is harmless to the reading, though nginx refuses it.
                    problems.append(Problem(
                        summary: "unexpected ';' with no directive before it",
                        detail: "remove the extra ';'", line: line))
                    continue
                }
                append(NginxDirective(name: name.text, line: name.line, arguments: Array(pending.dropFirst()), block: nil))
                pending = []
            case .open(let line):
                guard let name = pending.first else {
                    problems.append(Problem(
                        summary: "unexpected '{' with no directive before it",
                        detail: "name the block, e.g. 'server {'", line: line))
                    stack.append((NginxDirective(name: "", line: line, arguments: [], block: []), []))
                    continue
                }
                let directive = NginxDirective(name: name.text, line: name.line, arguments: Array(pending.dropFirst()), block: [])
                pending = []
                if name.text.hasSuffix("_by_lua_block") || name.text == "lua_block" {
                    skipLuaBlock(openedAt: line)
                    append(directive)
                } else {
                    stack.append((directive, []))
                }
            case .close(let line):
                if let name = pending.first {
                    problems.append(Problem(
                        summary: "directive '\(name.text)' is not terminated by ';'",
                        detail: "add ';' at the end of the directive", line: name.line))
                    pending = []
                }
                guard let (opened, children) = stack.popLast() else {
                    problems.append(Problem(
                        summary: "unexpected '}' with no block open",
                        detail: "remove it or open the block it closes", line: line))
                    continue
                }
                var directive = opened
                directive.block = children
                append(directive)
            }
        }
        if let name = pending.first {
            problems.append(Problem(
                summary: "directive '\(name.text)' is not terminated by ';' at the end of the file",
                detail: "add ';' at the end of the directive", line: name.line))
        }
        // Unclosed blocks keep what they hold: the directives read so far still count.
        while let (opened, children) = stack.popLast() {
            var directive = opened
            problems.append(Problem(
                summary: "block '\(directive.name)' is never closed",
                detail: "add the missing '}'; the directives inside it were still read", line: directive.line))
            directive.block = children
            append(directive)
        }
        return top
    }

    private static let space: Set<UInt8> = [0x20, 0x09, 0x0D, 0x0A]

    private mutating func nextToken() -> Token? {
        // Skip blanks and comments.
        while position < bytes.count {
            let byte = bytes[position]
            if byte == 0x0A {
                line += 1
                position += 1
            } else if Self.space.contains(byte) {
                position += 1
            } else if byte == 0x23 {  // '#'
                while position < bytes.count, bytes[position] != 0x0A { position += 1 }
            } else {
                break
            }
        }
        guard position < bytes.count else { return nil }
        let start = line
        switch bytes[position] {
        case 0x3B:
            position += 1
            return .semicolon(line: start)
        case 0x7B:
            position += 1
            return .open(line: start)
        case 0x7D:
            position += 1
            return .close(line: start)
        case 0x22, 0x27:
            return quoted()
        default:
            return unquoted()
        }
    }

    private mutating func quoted() -> Token {
        let quote = bytes[position]
        let start = line
        position += 1
        var word: [UInt8] = []
        while position < bytes.count {
            let byte = bytes[position]
            if byte == quote {
                position += 1
                return .word(String(decoding: word, as: UTF8.self), line: start)
            }
            if byte == 0x5C, position + 1 < bytes.count {  // backslash
                let next = bytes[position + 1]
                switch next {
                case quote, 0x5C: word.append(next)
                case 0x6E: word.append(0x0A)  // \n
                case 0x74: word.append(0x09)  // \t
                case 0x72: word.append(0x0D)  // \r
                default: word.append(contentsOf: [byte, next])
                }
                if next == 0x0A { line += 1 }
                position += 2
                continue
            }
            if byte == 0x0A { line += 1 }
            word.append(byte)
            position += 1
        }
        problems.append(Problem(
            summary: "a quoted string is never closed",
            detail: "add the closing \(quote == 0x22 ? "\"" : "'"); the rest of the file was read as part of it",
            line: start))
        return .word(String(decoding: word, as: UTF8.self), line: start)
    }

    private mutating func unquoted() -> Token {
        let start = line
        var word: [UInt8] = []
        while position < bytes.count {
            let byte = bytes[position]
            if Self.space.contains(byte) || byte == 0x3B || byte == 0x7B || byte == 0x7D { break }
            if byte == 0x5C, position + 1 < bytes.count {
                let next = bytes[position + 1]
                if next == 0x0A { line += 1 }
                word.append(next)
                position += 2
                continue
            }
            // `${name}`: the braces belong to the variable, not to a block.
            if byte == 0x24, position + 1 < bytes.count, bytes[position + 1] == 0x7B {
                while position < bytes.count, bytes[position] != 0x7D, bytes[position] != 0x0A {
                    word.append(bytes[position])
                    position += 1
                }
                if position < bytes.count, bytes[position] == 0x7D {
                    word.append(0x7D)
                    position += 1
                }
                continue
            }
            word.append(byte)
            position += 1
        }
        return .word(String(decoding: word, as: UTF8.self), line: start)
    }

    /// Skips a Lua block's body after its `{`, counting braces outside Lua strings and comments.
    private mutating func skipLuaBlock(openedAt openLine: Int) {
        var depth = 1
        while position < bytes.count {
            let byte = bytes[position]
            position += 1
            switch byte {
            case 0x0A: line += 1
            case 0x7B: depth += 1
            case 0x7D:
                depth -= 1
                if depth == 0 { return }
            case 0x22, 0x27:
                while position < bytes.count, bytes[position] != byte, bytes[position] != 0x0A {
                    position += bytes[position] == 0x5C ? 2 : 1
                }
                if position < bytes.count, bytes[position] == byte { position += 1 }
            case 0x2D where position < bytes.count && bytes[position] == 0x2D:  // Lua `--` comment
                while position < bytes.count, bytes[position] != 0x0A { position += 1 }
            default: break
            }
        }
        problems.append(Problem(
            summary: "Lua block is never closed", detail: "add the missing '}'", line: openLine))
    }
}
