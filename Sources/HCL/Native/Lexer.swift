/// Splits native-syntax source bytes into tokens, reporting lexical problems as diagnostics.
///
/// It works on UTF-8 bytes, not `Character`s, for speed. Templates make the language modal —
/// `}` closes a `${` and returns to template text — so the lexer keeps a stack of modes.
/// Every step consumes at least one byte or pops a mode, so it always terminates.
struct Lexer {
    private enum Mode {
        case file
        case brace
        case interpolation
        case quoted
        case heredoc(marker: ArraySlice<UInt8>, atLineStart: Bool)
        case bareTemplate
    }

    let bytes: [UInt8]
    private(set) var tokens: [Token] = []
    private(set) var diagnostics: [HCLDiagnostic] = []
    private var offset = 0
    private var line = 1
    private var column = 1
    private var modes: [Mode]
    /// Where each mode's opener starts, parallel to `modes`, to locate "unterminated" reports.
    private var modeStarts: [SourcePosition] = [.start]

    /// Lexes `bytes` as a configuration file, or as the inside of a template
    /// (the JSON syntax's strings) when `asTemplate` is true.
    init(bytes: [UInt8], asTemplate: Bool = false, start: SourcePosition = .start) {
        self.bytes = bytes
        self.modes = [asTemplate ? .bareTemplate : .file]
        self.line = start.line
        self.column = start.column
        self.offsetBase = start.byte
        tokens.reserveCapacity(bytes.count / 3)
    }

    /// Added to every byte offset, so a template lexed out of a JSON string points into the file.
    private let offsetBase: Int

    var position: SourcePosition { SourcePosition(line: line, column: column, byte: offset + offsetBase) }

    /// Lexes everything; the last token is always `.endOfFile`.
    mutating func run() -> [Token] {
        checkEncoding()
        while offset < bytes.count {
            switch modes[modes.count - 1] {
            case .file, .brace, .interpolation: lexNormal()
            case .quoted: lexQuoted()
            case .heredoc(let marker, let atLineStart): lexHeredoc(marker: marker, atLineStart: atLineStart)
            case .bareTemplate: lexTemplateText(stopAtNewline: false, quoted: false)
            }
        }
        // Only the innermost open construct is reported: the outer ones are open because of it.
        if let i = modes.lastIndex(where: { if case .brace = $0 { false } else if case .file = $0 { false } else if case .bareTemplate = $0 { false } else { true } }) {
            let at = SourceRange(start: modeStarts[i], end: position)
            switch modes[i] {
            case .quoted:
                diagnostics.append(HCLDiagnostic(
                    .error, "Unterminated template string", detail: "Add the closing \" before the end of the file.", range: at))
            case .heredoc(let marker, _):
                diagnostics.append(HCLDiagnostic(
                    .error, "Unterminated heredoc",
                    detail: "Add a line containing only \(String(decoding: marker, as: UTF8.self)) to end it.", range: at))
            default:
                diagnostics.append(HCLDiagnostic(
                    .error, "Unterminated template sequence", detail: "Close the ${ or %{ with }.", range: at))
            }
        }
        emit(.endOfFile, from: position)
        return tokens
    }

    // MARK: - Encoding

    private mutating func checkEncoding() {
        // Terraform skips a UTF-8 byte order mark (editors on Windows write one), and so do we.
        if bytes.starts(with: [0xEF, 0xBB, 0xBF]) { offset = 3 }
        var i = offset
        var line = 1
        var column = 1
        while i < bytes.count {
            let b = bytes[i]
            if b < 0x80 {
                if b == 0x0A { line += 1; column = 1 } else { column += 1 }
                i += 1
                continue
            }
            let length = Lexer.scalarLength(bytes, at: i)
            if length == 0 {
                let at = SourcePosition(line: line, column: column, byte: i + offsetBase)
                diagnostics.append(HCLDiagnostic(
                    .error, "Invalid UTF-8",
                    detail: "The file must be UTF-8; re-encode it.", range: SourceRange(at: at)))
                return
            }
            column += 1
            i += length
        }
    }

    /// The length of the well-formed UTF-8 scalar at `i`, or 0 if it is malformed.
    static func scalarLength(_ bytes: [UInt8], at i: Int) -> Int {
        let b = bytes[i]
        let length: Int
        let lowest: UInt32
        var value: UInt32
        switch b {
        case 0xC2...0xDF: length = 2; lowest = 0x80; value = UInt32(b & 0x1F)
        case 0xE0...0xEF: length = 3; lowest = 0x800; value = UInt32(b & 0x0F)
        case 0xF0...0xF4: length = 4; lowest = 0x10000; value = UInt32(b & 0x07)
        default: return 0
        }
        guard i + length <= bytes.count else { return 0 }
        for k in 1..<length {
            let c = bytes[i + k]
            guard c & 0xC0 == 0x80 else { return 0 }
            value = value << 6 | UInt32(c & 0x3F)
        }
        guard value >= lowest, value <= 0x10FFFF, !(0xD800...0xDFFF).contains(value) else { return 0 }
        return length
    }

    // MARK: - Cursor

    /// Enters a mode whose opener is the token just emitted.
    private mutating func push(_ mode: Mode) {
        modes.append(mode)
        modeStarts.append(tokens.last?.range.start ?? position)
    }

    private mutating func pop() {
        modes.removeLast()
        modeStarts.removeLast()
    }

    private func peek(_ ahead: Int = 0) -> UInt8 {
        let i = offset + ahead
        return i < bytes.count ? bytes[i] : 0
    }

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

    private mutating func emit(_ kind: Token.Kind, from start: SourcePosition, strip: Bool = false) {
        tokens.append(Token(kind: kind, range: SourceRange(start: start, end: position), strip: strip))
    }

    private mutating func error(_ message: String, detail: String, at start: SourcePosition? = nil) {
        let from = start ?? position
        diagnostics.append(HCLDiagnostic(.error, message, detail: detail, range: SourceRange(start: from, end: position)))
    }

    // MARK: - Normal mode

    private static func isIdentifierStart(_ b: UInt8) -> Bool {
        (b >= 0x61 && b <= 0x7A) || (b >= 0x41 && b <= 0x5A) || b == 0x5F || b >= 0x80
    }

    private static func isIdentifierContinue(_ b: UInt8) -> Bool {
        isIdentifierStart(b) || isDigit(b) || b == 0x2D
    }

    private static func isDigit(_ b: UInt8) -> Bool { b >= 0x30 && b <= 0x39 }

    private mutating func lexNormal() {
        let start = position
        let b = peek()
        switch b {
        case 0x20, 0x09:
            advance()
        case 0x0D where peek(1) != 0x0A:
            advance()
        case 0x0D, 0x0A:
            advance(b == 0x0D ? 2 : 1)
            emit(.newline, from: start)
        case 0x23:  // '#'
            skipLineComment()
        case 0x2F where peek(1) == 0x2F:
            skipLineComment()
        case 0x2F where peek(1) == 0x2A:
            advance(2)
            while offset < bytes.count && !(peek() == 0x2A && peek(1) == 0x2F) { advance() }
            if offset >= bytes.count {
                error("Unterminated comment", detail: "Close the /* comment with */.", at: start)
            } else {
                advance(2)
            }
        case _ where Lexer.isIdentifierStart(b):
            if b >= 0x80 && Lexer.scalarLength(bytes, at: offset) == 0 {
                advance()
                emit(.invalid, from: start)
                return
            }
            advance()
            while offset < bytes.count && Lexer.isIdentifierContinue(peek()) { advance() }
            emit(.identifier, from: start)
        case _ where Lexer.isDigit(b):
            lexNumber(from: start)
        case 0x22:  // '"'
            advance()
            emit(.openQuote, from: start)
            push(.quoted)
        case 0x3C where peek(1) == 0x3C:  // "<<"
            if !lexHeredocStart(from: start) {
                advance()
                emit(.less, from: start)
            }
        case 0x7B:
            advance()
            emit(.leftBrace, from: start)
            push(.brace)
        case 0x7D:
            advance()
            closeBrace(from: start, strip: false)
        case 0x7E where peek(1) == 0x7D:  // "~}"
            advance(2)
            closeBrace(from: start, strip: true)
        default:
            lexPunctuation(from: start)
        }
    }

    private mutating func closeBrace(from start: SourcePosition, strip: Bool) {
        switch modes[modes.count - 1] {
        case .interpolation:
            pop()
            emit(.templateEnd, from: start, strip: strip)
        case .brace:
            pop()
            emit(strip ? .invalid : .rightBrace, from: start)
        default:
            // An unbalanced `}` at file level; the parser reports it where it makes sense.
            emit(strip ? .invalid : .rightBrace, from: start)
        }
        if strip, case .invalid = tokens[tokens.count - 1].kind {
            error("Invalid character", detail: "The ~ strip marker belongs only inside ${ ~} or %{ ~}.", at: start)
        }
    }

    private mutating func skipLineComment() {
        while offset < bytes.count && peek() != 0x0A && !(peek() == 0x0D && peek(1) == 0x0A) { advance() }
    }

    private mutating func lexNumber(from start: SourcePosition) {
        while Lexer.isDigit(peek()) { advance() }
        if peek() == 0x2E && Lexer.isDigit(peek(1)) {
            advance()
            while Lexer.isDigit(peek()) { advance() }
        }
        if peek() == 0x65 || peek() == 0x45 {
            let sign = peek(1) == 0x2B || peek(1) == 0x2D ? 1 : 0
            if Lexer.isDigit(peek(1 + sign)) {
                advance(1 + sign)
                while Lexer.isDigit(peek()) { advance() }
            }
        }
        emit(.number, from: start)
    }

    /// Lexes `<<ID` / `<<-ID` and its newline; false when the bytes are not a heredoc opener.
    private mutating func lexHeredocStart(from start: SourcePosition) -> Bool {
        var i = offset + 2
        if i < bytes.count && bytes[i] == 0x2D { i += 1 }
        let markerStart = i
        guard i < bytes.count, Lexer.isIdentifierStart(bytes[i]) else { return false }
        while i < bytes.count && Lexer.isIdentifierContinue(bytes[i]) { i += 1 }
        let marker = bytes[markerStart..<i]
        var newline = i
        if newline < bytes.count && bytes[newline] == 0x0D { newline += 1 }
        guard newline < bytes.count, bytes[newline] == 0x0A else { return false }
        advance(newline + 1 - offset)
        emit(.openHeredoc, from: start)
        push(.heredoc(marker: marker, atLineStart: true))
        return true
    }

    private mutating func lexPunctuation(from start: SourcePosition) {
        let b = peek()
        let next = peek(1)
        let kind: Token.Kind
        var width = 1
        switch b {
        case 0x5B: kind = .leftBracket
        case 0x5D: kind = .rightBracket
        case 0x28: kind = .leftParen
        case 0x29: kind = .rightParen
        case 0x2C: kind = .comma
        case 0x2E:
            if next == 0x2E && peek(2) == 0x2E { kind = .ellipsis; width = 3 } else { kind = .dot }
        case 0x3D:
            if next == 0x3D { kind = .equalEqual; width = 2 } else if next == 0x3E { kind = .fatArrow; width = 2 } else { kind = .equals }
        case 0x3A:
            if next == 0x3A { kind = .doubleColon; width = 2 } else { kind = .colon }
        case 0x3F: kind = .question
        case 0x21:
            if next == 0x3D { kind = .notEqual; width = 2 } else { kind = .bang }
        case 0x3C:
            if next == 0x3D { kind = .lessEqual; width = 2 } else { kind = .less }
        case 0x3E:
            if next == 0x3D { kind = .greaterEqual; width = 2 } else { kind = .greater }
        case 0x2B: kind = .plus
        case 0x2D: kind = .minus
        case 0x2A: kind = .star
        case 0x2F: kind = .slash
        case 0x25: kind = .percent
        case 0x26 where next == 0x26: kind = .and; width = 2
        case 0x7C where next == 0x7C: kind = .or; width = 2
        default:
            kind = .invalid
            if b >= 0x80 { width = max(1, Lexer.scalarLength(bytes, at: offset)) }
        }
        advance(width)
        emit(kind, from: start)
        if kind == .invalid {
            let text = String(decoding: bytes[(start.byte - offsetBase)..<offset], as: UTF8.self)
            error("Invalid character \(Value.quote(text))", detail: "This character is not valid here; remove it.", at: start)
        }
    }

    // MARK: - Template modes

    private mutating func lexQuoted() {
        let start = position
        switch peek() {
        case 0x22:
            advance()
            emit(.closeQuote, from: start)
            pop()
        case 0x0A, 0x0D:
            error(
                "Unterminated template string",
                detail: "Quoted strings cannot span lines; close the \" or use a heredoc (<<EOT).")
            // Unwind every string and sequence this line opened, so the next line lexes as it
            // would have without the mistake and reports nothing more about it.
            while case .quoted = modes[modes.count - 1] {
                pop()
                while case .interpolation = modes[modes.count - 1] { pop() }
            }
        default:
            lexTemplateText(stopAtNewline: true, quoted: true)
        }
    }

    private mutating func lexHeredoc(marker: ArraySlice<UInt8>, atLineStart: Bool) {
        if atLineStart {
            var i = offset
            while i < bytes.count && (bytes[i] == 0x20 || bytes[i] == 0x09) { i += 1 }
            var end = i + marker.count
            // The marker may have blanks after it too: HCL compares the line with its white
            // space trimmed at both ends.
            var after = end
            while after < bytes.count {
                if bytes[after] == 0x20 || bytes[after] == 0x09 || bytes[after] == 0x0B || bytes[after] == 0x0C { after += 1; continue }
                // White space beyond ASCII (a no-break space), as Go's `bytes.TrimSpace` takes it.
                let length = Lexer.scalarLength(bytes, at: after)
                guard length > 1, after + length <= bytes.count,
                      let scalar = String(decoding: bytes[after..<(after + length)], as: UTF8.self).unicodeScalars.first,
                      scalar.properties.isWhitespace else { break }
                after += length
            }
            if end <= bytes.count && bytes[i..<end].elementsEqual(marker)
                && (after == bytes.count || bytes[after] == 0x0A || (bytes[after] == 0x0D && after + 1 < bytes.count && bytes[after + 1] == 0x0A))
            {
                end = after
                let start = position
                advance(end - offset)
                emit(.closeHeredoc, from: start)
                pop()
                return
            }
            modes[modes.count - 1] = .heredoc(marker: marker, atLineStart: false)
        }
        lexTemplateText(stopAtNewline: true, quoted: false)
    }

    /// Scans literal template text up to the next `${`, `%{`, closing quote or (for quoted and
    /// heredoc text) end of line, emitting it, then the sequence opener if one was found.
    private mutating func lexTemplateText(stopAtNewline: Bool, quoted: Bool) {
        let start = position
        while offset < bytes.count {
            let b = peek()
            if quoted && (b == 0x22 || b == 0x0A || (b == 0x0D && peek(1) == 0x0A)) { break }
            if quoted && b == 0x5C {
                // Skip the escaped byte so `\"` cannot end the string; a newline still does.
                advance(peek(1) == 0x0A || peek(1) == 0 ? 1 : 2)
                continue
            }
            if (b == 0x24 || b == 0x25) && peek(1) == b && peek(2) == 0x7B {
                advance(3)
                continue
            }
            if (b == 0x24 || b == 0x25) && peek(1) == 0x7B {
                if position.byte > start.byte { emit(.templateLiteral, from: start) }
                let open = position
                advance(2)
                let strip = peek() == 0x7E
                if strip { advance() }
                emit(b == 0x24 ? .templateInterpolation : .templateControl, from: open, strip: strip)
                if case .heredoc(let marker, _) = modes[modes.count - 1] {
                    modes[modes.count - 1] = .heredoc(marker: marker, atLineStart: false)
                }
                push(.interpolation)
                return
            }
            advance()
            if b == 0x0A && stopAtNewline && !quoted {
                if case .heredoc(let marker, _) = modes[modes.count - 1] {
                    modes[modes.count - 1] = .heredoc(marker: marker, atLineStart: true)
                }
                break
            }
        }
        if position.byte > start.byte { emit(.templateLiteral, from: start) }
    }
}
