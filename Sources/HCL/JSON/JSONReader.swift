/// A small strict JSON reader over UTF-8 bytes that keeps every value's range, reports
/// problems as diagnostics and gives up (with a diagnostic) past `Parser.maximumDepth`.
struct JSONReader {
    let bytes: [UInt8]
    private var offset = 0
    private var line = 1
    private var column = 1
    private var depth = 0
    private(set) var diagnostics: [HCLDiagnostic] = []

    init(bytes: [UInt8]) {
        self.bytes = bytes
    }

    private var position: SourcePosition { SourcePosition(line: line, column: column, byte: offset) }

    /// Reads one JSON document; nil when it is too broken to give a value.
    mutating func read() -> JSONNode? {
        // A UTF-8 byte order mark is skipped, as Terraform does.
        if bytes.starts(with: [0xEF, 0xBB, 0xBF]) { advance(3) }
        skipWhitespace()
        guard let node = readValue() else { return nil }
        skipWhitespace()
        if offset < bytes.count {
            fail("Extra characters after the JSON value", "A .json file holds one object; remove what follows it.")
        }
        return node
    }

    private mutating func fail(_ message: String, _ detail: String, from start: SourcePosition? = nil) {
        let range = start.map { SourceRange(start: $0, end: position) } ?? SourceRange(at: position)
        diagnostics.append(HCLDiagnostic(.error, message, detail: detail, range: range))
    }

    private func peek() -> UInt8 { offset < bytes.count ? bytes[offset] : 0 }

    private mutating func advance(_ count: Int = 1) {
        for _ in 0..<count where offset < bytes.count {
            let b = bytes[offset]
            offset += 1
            if b == 0x0A {
                line += 1
                column = 1
            } else if b & 0xC0 != 0x80 {
                column += 1
            }
        }
    }

    private mutating func skipWhitespace() {
        while offset < bytes.count, [0x20, 0x09, 0x0A, 0x0D].contains(bytes[offset]) { advance() }
    }

    private mutating func readValue() -> JSONNode? {
        let start = position
        switch peek() {
        case 0x7B, 0x5B:
            depth += 1
            defer { depth -= 1 }
            guard depth <= Parser.maximumDepth else {
                fail("Nesting too deep", "JSON values may nest at most \(Parser.maximumDepth) levels.")
                return nil
            }
            return peek() == 0x7B ? readObject(start) : readArray(start)
        case 0x22:
            guard let (text, contentStart) = readString() else { return nil }
            return JSONNode(kind: .string(text, contentStart: contentStart), range: SourceRange(start: start, end: position))
        case 0x74: return readWord("true", .bool(true), start)
        case 0x66: return readWord("false", .bool(false), start)
        case 0x6E: return readWord("null", .null, start)
        case 0x2D, 0x30...0x39:
            let from = offset
            if peek() == 0x2D { advance() }
            while offset < bytes.count, (0x30...0x39).contains(bytes[offset]) || [0x2E, 0x65, 0x45, 0x2B, 0x2D].contains(bytes[offset]) {
                advance()
            }
            let text = String(decoding: bytes[from..<offset], as: UTF8.self)
            guard Value.parseNumber(text) != nil else {
                fail("Invalid JSON number \(text)", "Write numbers as JSON does, e.g. 12 or 1.5e3.", from: start)
                return nil
            }
            return JSONNode(kind: .number(text), range: SourceRange(start: start, end: position))
        default:
            fail("Invalid JSON value", "Expected an object, array, string, number, true, false or null.")
            return nil
        }
    }

    private mutating func readWord(_ word: String, _ kind: JSONNode.Kind, _ start: SourcePosition) -> JSONNode? {
        let w = Array(word.utf8)
        guard offset + w.count <= bytes.count, bytes[offset..<(offset + w.count)].elementsEqual(w) else {
            fail("Invalid JSON value", "Expected \(word).")
            return nil
        }
        advance(w.count)
        return JSONNode(kind: kind, range: SourceRange(start: start, end: position))
    }

    private mutating func readObject(_ start: SourcePosition) -> JSONNode? {
        advance()
        var members: [JSONNode.Member] = []
        skipWhitespace()
        if peek() == 0x7D {
            advance()
            return JSONNode(kind: .object(members), range: SourceRange(start: start, end: position))
        }
        while true {
            skipWhitespace()
            let keyStart = position
            guard peek() == 0x22, let (key, _) = readString() else {
                fail("Missing object key", "Object keys are quoted strings.")
                return nil
            }
            let keyRange = SourceRange(start: keyStart, end: position)
            skipWhitespace()
            guard peek() == 0x3A else {
                fail("Missing ':' after object key", "Write \"key\": value.")
                return nil
            }
            advance()
            skipWhitespace()
            guard let value = readValue() else { return nil }
            members.append(JSONNode.Member(key: key, keyRange: keyRange, value: value))
            skipWhitespace()
            if peek() == 0x2C {
                advance()
                continue
            }
            if peek() == 0x7D {
                advance()
                return JSONNode(kind: .object(members), range: SourceRange(start: start, end: position))
            }
            fail("Missing ',' or '}' in object", "Separate members with commas and close the object with }.")
            return nil
        }
    }

    private mutating func readArray(_ start: SourcePosition) -> JSONNode? {
        advance()
        var items: [JSONNode] = []
        skipWhitespace()
        if peek() == 0x5D {
            advance()
            return JSONNode(kind: .array(items), range: SourceRange(start: start, end: position))
        }
        while true {
            skipWhitespace()
            guard let item = readValue() else { return nil }
            items.append(item)
            skipWhitespace()
            if peek() == 0x2C {
                advance()
                continue
            }
            if peek() == 0x5D {
                advance()
                return JSONNode(kind: .array(items), range: SourceRange(start: start, end: position))
            }
            fail("Missing ',' or ']' in array", "Separate items with commas and close the array with ].")
            return nil
        }
    }

    /// At `"`: the decoded string and where its content starts.
    private mutating func readString() -> (String, SourcePosition)? {
        advance()
        let contentStart = position
        var out: [UInt8] = []
        while offset < bytes.count {
            let b = bytes[offset]
            if b == 0x22 {
                advance()
                return (String(decoding: out, as: UTF8.self), contentStart)
            }
            if b < 0x20 {
                fail("Control character in JSON string", "Escape newlines and tabs as \\n and \\t.")
                return nil
            }
            if b == 0x5C {
                advance()
                let e = peek()
                advance()
                switch e {
                case 0x22, 0x5C, 0x2F: out.append(e)
                case 0x62: out.append(0x08)
                case 0x66: out.append(0x0C)
                case 0x6E: out.append(0x0A)
                case 0x72: out.append(0x0D)
                case 0x74: out.append(0x09)
                case 0x75:
                    // As Go decodes it: a surrogate pair's two escapes are one scalar; a lone
                    // surrogate is U+FFFD, and an escape after it that does not complete it is
                    // read on its own.
                    guard let code = readHex4() else { return nil }
                    var scalars = [code]
                    if (0xD800...0xDBFF).contains(code), peek() == 0x5C, offset + 1 < bytes.count, bytes[offset + 1] == 0x75 {
                        advance(2)
                        guard let low = readHex4() else { return nil }
                        scalars = (0xDC00...0xDFFF).contains(low) ? [0x10000 + ((code - 0xD800) << 10) + (low - 0xDC00)] : [code, low]
                    }
                    for code in scalars {
                        let scalar = Unicode.Scalar(code) ?? "\u{FFFD}"
                        out.append(contentsOf: Array(String(Character(scalar)).utf8))
                    }
                default:
                    fail("Invalid escape in JSON string", "Valid escapes are \\\" \\\\ \\/ \\b \\f \\n \\r \\t and \\uNNNN.")
                    return nil
                }
                continue
            }
            out.append(b)
            advance()
        }
        fail("Unterminated JSON string", "Close the string with \".")
        return nil
    }

    private mutating func readHex4() -> UInt32? {
        // Four hex digits, no sign (`UInt32(_:radix:)` would take `+041`).
        guard offset + 4 <= bytes.count, bytes[offset..<(offset + 4)].allSatisfy({ $0.isHexDigit }),
            let code = UInt32(String(decoding: bytes[offset..<(offset + 4)], as: UTF8.self), radix: 16)
        else {
            fail("Invalid \\u escape", "Write \\u followed by four hexadecimal digits.")
            return nil
        }
        advance(4)
        return code
    }
}

private extension UInt8 {
    var isHexDigit: Bool { (0x30...0x39).contains(self) || (0x41...0x46).contains(self) || (0x61...0x66).contains(self) }
}
