/// Recursive-descent parser over the lexer's tokens, building the syntax-independent model.
///
/// It follows hashicorp/hcl's `hclsyntax` parser: newlines matter in bodies and object
/// constructors and are skipped inside `()`, `[]`, for-expressions and template sequences; after
/// an error it skips to the next newline or closing brace and carries on, so one mistake does not
/// hide the next. Nesting is capped so hostile input gives a diagnostic, not a stack overflow.
struct Parser {
    /// Deeper nesting than this is reported and the rest of the file is skipped.
    static let maximumDepth = 256

    let bytes: [UInt8]
    let tokens: [Token]
    /// Byte offset of `bytes[0]` in its file (non-zero for a template inside a JSON string).
    let byteBase: Int
    var position = 0
    var diagnostics: [HCLDiagnostic] = []
    /// Whether newlines are tokens (true) or skipped (false), innermost context last.
    var newlineContexts: [Bool] = [true]
    var depth = 0
    /// Set once the depth limit is hit: everything after is skipped.
    var abandoned = false
    /// Bytes of indentation to drop from heredoc literal tokens, by token index (`<<-`).
    var heredocIndent: [Int: Int] = [:]

    init(bytes: [UInt8], tokens: [Token], byteBase: Int = 0) {
        self.bytes = bytes
        self.tokens = tokens
        self.byteBase = byteBase
    }

    // MARK: - Token access

    /// The index of the next significant token.
    func peekIndex() -> Int {
        var i = position
        if newlineContexts[newlineContexts.count - 1] == false {
            while tokens[i].kind == .newline { i += 1 }
        }
        return i
    }

    func peek() -> Token { tokens[peekIndex()] }

    /// The significant token after the next one.
    func peekSecond() -> Token {
        var i = peekIndex()
        if tokens[i].kind == .endOfFile { return tokens[i] }
        i += 1
        if newlineContexts[newlineContexts.count - 1] == false {
            while tokens[i].kind == .newline { i += 1 }
        }
        return tokens[i]
    }

    @discardableResult
    mutating func advance() -> Token {
        let i = peekIndex()
        let token = tokens[i]
        if token.kind != .endOfFile { position = i + 1 } else { position = i }
        return token
    }

    /// The end of the last token consumed.
    var lastEnd: SourcePosition {
        position > 0 ? tokens[position - 1].range.end : tokens[0].range.start
    }

    func text(_ token: Token) -> String {
        String(decoding: bytes[(token.range.start.byte - byteBase)..<(token.range.end.byte - byteBase)], as: UTF8.self)
    }

    func isKeyword(_ token: Token, _ word: String) -> Bool {
        token.kind == .identifier && text(token) == word
    }

    mutating func withNewlines<T>(_ significant: Bool, _ body: (inout Parser) -> T) -> T {
        newlineContexts.append(significant)
        defer { newlineContexts.removeLast() }
        return body(&self)
    }

    // MARK: - Diagnostics

    mutating func error(_ message: String, detail: String, range: SourceRange) {
        diagnostics.append(HCLDiagnostic(.error, message, detail: detail, range: range))
    }

    /// Reports an unexpected token, unless the lexer already reported it.
    mutating func unexpected(_ token: Token, _ message: String, detail: String) {
        if token.kind == .invalid { return }
        error(message, detail: detail, range: token.range)
    }

    /// Increments the nesting depth; false (with one diagnostic) when the limit is passed.
    mutating func enter(at token: Token) -> Bool {
        if abandoned { return false }
        depth += 1
        if depth > Parser.maximumDepth {
            abandoned = true
            error(
                "Nesting too deep",
                detail: "Expressions and blocks may nest at most \(Parser.maximumDepth) levels; the rest of the file was not read.",
                range: token.range)
            position = tokens.count - 1
            return false
        }
        return true
    }

    mutating func leave() { depth -= 1 }

    /// Skips to just after the next newline at this nesting level, or to a `}` that closes the
    /// enclosing block (left unconsumed), or to the end of the file.
    mutating func recoverToNewline() {
        var nesting = 0
        while position < tokens.count {
            let token = tokens[position]
            switch token.kind {
            case .endOfFile: return
            case .newline where nesting == 0:
                position += 1
                return
            case .leftBrace, .leftBracket, .leftParen, .openQuote, .openHeredoc, .templateInterpolation, .templateControl:
                nesting += 1
            case .rightBrace where nesting == 0:
                return
            case .rightBrace, .rightBracket, .rightParen, .closeQuote, .closeHeredoc, .templateEnd:
                nesting = max(0, nesting - 1)
            default: break
            }
            position += 1
        }
    }

    /// Skips to the token that closes the current bracket (left unconsumed) or the end of file.
    mutating func recoverToClose(_ close: Token.Kind) {
        var nesting = 0
        while position < tokens.count {
            let token = tokens[position]
            switch token.kind {
            case .endOfFile: return
            case close where nesting == 0: return
            // A template sequence cannot run past its line once broken: the lexer has already
            // reported the unterminated string there.
            case .newline where close == .templateEnd: return
            case .leftBrace, .leftBracket, .leftParen, .openQuote, .openHeredoc, .templateInterpolation, .templateControl:
                nesting += 1
            case .rightBrace, .rightBracket, .rightParen, .closeQuote, .closeHeredoc, .templateEnd:
                if nesting == 0 { return }
                nesting -= 1
            default: break
            }
            position += 1
        }
    }

    /// Consumes `kind` or reports that it is missing; returns whether it was there.
    @discardableResult
    mutating func expect(_ kind: Token.Kind, _ message: String, detail: String) -> Bool {
        let token = peek()
        if token.kind == kind {
            advance()
            return true
        }
        unexpected(token, message, detail: detail)
        return false
    }

    // MARK: - Bodies

    mutating func parseFile() -> Body {
        let start = tokens[0].range.start
        var body = parseBody(inBlock: false)
        body.range = SourceRange(start: start, end: tokens[tokens.count - 1].range.end)
        let token = peek()
        if token.kind != .endOfFile && !abandoned {
            unexpected(token, "Unexpected closing brace", detail: "There is no block open here; remove the }.")
        }
        return body
    }

    /// Parses attributes and blocks up to a `}` (left unconsumed) or the end of file.
    mutating func parseBody(inBlock: Bool) -> Body {
        let start = peek().range.start
        var attributes: [Attribute] = []
        var blocks: [Block] = []
        var seen: [String: Attribute] = [:]
        items: while !abandoned {
            let token = peek()
            switch token.kind {
            case .newline:
                advance()
            case .endOfFile:
                break items
            case .rightBrace:
                if inBlock { break items }
                unexpected(token, "Unexpected closing brace", detail: "There is no block open here; remove the }.")
                advance()
            case .identifier:
                let before = position
                parseItem(into: &attributes, blocks: &blocks, seen: &seen)
                if position == before { advance() }
            default:
                unexpected(
                    token, "Argument or block definition required",
                    detail: "A body holds only `name = value` arguments and `type \"label\" { … }` blocks.")
                recoverToNewline()
                if peek().kind == .rightBrace && !inBlock { advance() }
            }
        }
        return Body(attributes: attributes, blocks: blocks, range: SourceRange(start: start, end: lastEnd))
    }

    private mutating func parseItem(into attributes: inout [Attribute], blocks: inout [Block], seen: inout [String: Attribute]) {
        let nameToken = advance()
        let name = text(nameToken)
        let next = peek()
        switch next.kind {
        case .equals:
            advance()
            let expression = parseExpression()
            let attribute = Attribute(
                name: name, expression: expression, nameRange: nameToken.range,
                range: SourceRange(start: nameToken.range.start, end: lastEnd))
            if let first = seen[name] {
                error(
                    "Duplicate argument \"\(name)\"",
                    detail: "It was already set on line \(first.nameRange.start.line); each argument may be set once per block.",
                    range: nameToken.range)
            } else {
                seen[name] = attribute
            }
            attributes.append(attribute)
            if case .invalid = expression.kind {
                // Already reported; skip the rest of the line without a second complaint.
                recoverToNewline()
            } else {
                endOfItem(what: "argument definition")
            }
        case .identifier, .openQuote, .leftBrace:
            if let block = parseBlock(typeToken: nameToken) { blocks.append(block) }
        default:
            unexpected(
                next, "Argument or block definition required",
                detail: "After \"\(name)\" write `=` for an argument, or labels and `{` for a block.")
            recoverToNewline()
        }
    }

    /// Requires a newline (or the end of the file, or the enclosing `}`) after an item.
    private mutating func endOfItem(what: String) {
        let token = peek()
        switch token.kind {
        case .newline: advance()
        case .endOfFile, .rightBrace: break
        default:
            if abandoned { return }
            unexpected(
                token, "Missing newline after \(what)",
                detail: "An \(what) must end with a newline.")
            recoverToNewline()
        }
    }

    private mutating func parseBlock(typeToken: Token) -> Block? {
        guard enter(at: typeToken) else { return nil }
        defer { leave() }
        var labels: [String] = []
        var labelRanges: [SourceRange] = []
        while true {
            let token = peek()
            if token.kind == .identifier {
                advance()
                labels.append(text(token))
                labelRanges.append(token.range)
            } else if token.kind == .openQuote {
                let (label, range) = parseLabelString()
                labels.append(label)
                labelRanges.append(range)
            } else {
                break
            }
        }
        let open = peek()
        guard open.kind == .leftBrace else {
            unexpected(
                open, "Invalid block definition",
                detail: "A block's labels must be followed by `{`; labels are identifiers or quoted strings.")
            recoverToNewline()
            return nil
        }
        advance()
        var body: Body
        if tokens[position].kind == .newline {
            body = parseBody(inBlock: true)
        } else {
            body = parseOneLineBody(open: open)
        }
        let close = peek()
        if close.kind == .rightBrace {
            advance()
        } else if !abandoned {
            error(
                "Unclosed block \"\(text(typeToken))\"",
                detail: "The block opened on line \(open.range.start.line) needs a closing }.",
                range: open.range)
        }
        body.range = SourceRange(start: open.range.start, end: lastEnd)
        let block = Block(
            type: text(typeToken), labels: labels, body: body, typeRange: typeToken.range,
            labelRanges: labelRanges, range: SourceRange(start: typeToken.range.start, end: lastEnd))
        if close.kind == .rightBrace { endOfItem(what: "block definition") }
        return block
    }

    /// `{ name = value }` on one line: at most one argument and no nested block.
    private mutating func parseOneLineBody(open: Token) -> Body {
        let start = peek().range.start
        var attributes: [Attribute] = []
        let token = peek()
        if token.kind == .identifier && peekSecond().kind == .equals {
            advance()
            advance()
            let expression = parseExpression()
            attributes.append(Attribute(
                name: text(token), expression: expression, nameRange: token.range,
                range: SourceRange(start: token.range.start, end: lastEnd)))
        } else if token.kind != .rightBrace {
            unexpected(
                token, "Invalid single-line block",
                detail: "A block on one line may hold only one `name = value`; put nested blocks on their own lines.")
            recoverToClose(.rightBrace)
        }
        let close = peek()
        if close.kind != .rightBrace && close.kind != .endOfFile && !abandoned {
            unexpected(
                close, "Invalid single-line block",
                detail: "A block on one line may hold only one argument; put more on separate lines.")
            recoverToClose(.rightBrace)
        }
        return Body(attributes: attributes, blocks: [], range: SourceRange(start: start, end: lastEnd))
    }

    /// A quoted block label: escapes allowed, template sequences not.
    private mutating func parseLabelString() -> (String, SourceRange) {
        let open = advance()
        var value = ""
        while true {
            let token = tokens[position]
            switch token.kind {
            case .templateLiteral:
                position += 1
                value += decodeQuotedLiteral(token, index: position - 1)
                continue
            case .templateInterpolation, .templateControl:
                error(
                    "Invalid block label",
                    detail: "Labels are plain strings; ${ } and %{ } are not allowed in them.",
                    range: token.range)
                recoverToClose(.templateEnd)
                if tokens[position].kind == .templateEnd { position += 1 }
                continue
            case .closeQuote:
                position += 1
            default:
                break
            }
            break
        }
        return (value, SourceRange(start: open.range.start, end: lastEnd))
    }
}
