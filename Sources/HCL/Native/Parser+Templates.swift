extension Parser {
    /// The parts of a quoted string, heredoc or bare template, after its opener.
    mutating func parseTemplate(start: SourcePosition, quoted: Bool, terminator: Token.Kind?) -> Expression {
        let firstToken = tokens[position]
        let parts = parseTemplateSequence(quoted: quoted, closers: []).parts
        if let terminator, tokens[position].kind == terminator { position += 1 }
        let range = SourceRange(start: start, end: lastEnd)
        if parts.count == 1, firstToken.kind == .templateInterpolation {
            return Expression(.templateWrap(parts[0]), range: range)
        }
        return Expression(.template(parts), range: range)
    }

    /// A whole input lexed as a template (the JSON syntax's strings).
    mutating func parseBareTemplate() -> Expression {
        let start = tokens[0].range.start
        let expression = parseTemplate(start: start, quoted: false, terminator: nil)
        let rest = tokens[position]
        if rest.kind != .endOfFile && !abandoned {
            unexpected(rest, "Unexpected characters in template", detail: "Escape a literal ${ as $${ and %{ as %%{.")
        }
        return expression
    }

    /// After `<<ID` / `<<-ID`: the body lines up to the closing marker.
    mutating func parseHeredoc(open: Token) -> Expression {
        let flush = bytes[open.range.start.byte - byteBase + 2] == 0x2D
        if flush { measureHeredocIndent() }
        let expression = parseTemplate(start: open.range.start, quoted: false, terminator: .closeHeredoc)
        return expression
    }

    /// For `<<-`: finds the smallest indent of the heredoc's non-blank lines and records, for
    /// each literal token that starts a line, how many bytes of it to drop.
    private mutating func measureHeredocIndent() {
        var lineStarts: [Int] = []
        var smallest = Int.max
        var nesting = 0
        var i = position
        scan: while i < tokens.count {
            let token = tokens[i]
            switch token.kind {
            case .openHeredoc: nesting += 1
            case .closeHeredoc:
                if nesting == 0 { break scan }
                nesting -= 1
            case .endOfFile: break scan
            default: break
            }
            let startByte = token.range.start.byte - byteBase
            let atLineStart = startByte > 0 && bytes[startByte - 1] == 0x0A
            if nesting == 0 && atLineStart {
                if token.kind == .templateLiteral {
                    let end = token.range.end.byte - byteBase
                    let indent = leadingWhitespace(from: startByte, to: end)
                    let spaces = indent.count
                    let rest = indent.last ?? startByte
                    let blank = rest == end || bytes[rest] == 0x0A || bytes[rest] == 0x0D
                    // A line holding only whitespace does not count towards the indent.
                    let next = i + 1 < tokens.count ? tokens[i + 1].kind : .endOfFile
                    let wholeLineBlank = blank && next != .templateInterpolation && next != .templateControl
                    if !wholeLineBlank { smallest = min(smallest, spaces) }
                    lineStarts.append(i)
                } else if token.kind == .templateInterpolation || token.kind == .templateControl {
                    smallest = 0
                }
            }
            i += 1
        }
        guard smallest != Int.max, smallest > 0 else { return }
        for index in lineStarts { heredocIndent[index] = smallest }
    }

    /// Reads template parts until the template ends or one of `closers` (`else`, `endif`,
    /// `endfor`) is met; returns the parts and the closer that ended them, if any.
    mutating func parseTemplateSequence(quoted: Bool, closers: Set<String>) -> (parts: [Expression], closer: String?) {
        var parts: [Expression] = []
        while !abandoned {
            let token = tokens[position]
            switch token.kind {
            case .templateLiteral:
                let index = position
                position += 1
                var text = quoted ? decodeQuotedLiteral(token, index: index) : decodeTemplateLiteral(token, index: index)
                if index > 0, tokens[index - 1].kind == .templateEnd, tokens[index - 1].strip {
                    text = String(text.drop(while: \.isWhitespace))
                }
                if index + 1 < tokens.count, tokens[index + 1].strip,
                    tokens[index + 1].kind == .templateInterpolation || tokens[index + 1].kind == .templateControl
                {
                    while let last = text.last, last.isWhitespace { text.removeLast() }
                }
                if !text.isEmpty { parts.append(Expression(.literal(.string(text)), range: token.range)) }
            case .templateInterpolation:
                position += 1
                guard enter(at: token) else { return (parts, nil) }
                let expression = withNewlines(false) { parser in
                    let expression = parser.parseExpression()
                    parser.closeSequence(opener: token)
                    return expression
                }
                leave()
                parts.append(expression)
            case .templateControl:
                position += 1
                guard enter(at: token) else { return (parts, nil) }
                defer { leave() }
                let keyword = withNewlines(false) { parser in parser.peek() }
                let word = keyword.kind == .identifier ? text(keyword) : ""
                switch word {
                case "if":
                    if let part = parseIfDirective(open: token, quoted: quoted) { parts.append(part) }
                case "for":
                    if let part = parseForDirective(open: token, quoted: quoted) { parts.append(part) }
                case "else", "endif", "endfor":
                    withNewlines(false) { parser in
                        parser.advance()
                        parser.closeSequence(opener: token)
                    }
                    if closers.contains(word) { return (parts, word) }
                    error(
                        "Unexpected %{\(word)}",
                        detail: word == "else" ? "%{else} belongs between %{if …} and %{endif}." : "There is no open %{\(word == "endif" ? "if" : "for")} for it to close.",
                        range: SourceRange(start: token.range.start, end: lastEnd))
                default:
                    unexpected(
                        keyword, "Invalid template directive",
                        detail: "A %{ } directive starts with if, else, endif, for or endfor.")
                    recoverToClose(.templateEnd)
                    if tokens[position].kind == .templateEnd { position += 1 }
                }
            default:
                return (parts, nil)
            }
        }
        return (parts, nil)
    }

    /// Requires the `}` that ends a `${` or `%{` sequence.
    private mutating func closeSequence(opener: Token) {
        if peek().kind == .templateEnd {
            advance()
            return
        }
        let kind = tokens[position].kind
        if !abandoned && kind != .newline && kind != .endOfFile {
            unexpected(peek(), "Extra characters in template sequence", detail: "Close the sequence opened at \(opener.range.start) with }.")
        }
        recoverToClose(.templateEnd)
        if tokens[position].kind == .templateEnd { position += 1 }
    }

    private mutating func parseIfDirective(open: Token, quoted: Bool) -> Expression? {
        let condition = withNewlines(false) { parser in
            parser.advance()
            let condition = parser.parseExpression()
            parser.closeSequence(opener: open)
            return condition
        }
        let thenStart = lastEnd
        let (thenParts, closer) = parseTemplateSequence(quoted: quoted, closers: ["else", "endif"])
        let thenBranch = Expression(.template(thenParts), range: SourceRange(start: thenStart, end: lastEnd))
        var elseBranch: Expression?
        var end = closer
        if closer == "else" {
            let elseStart = lastEnd
            let (elseParts, elseCloser) = parseTemplateSequence(quoted: quoted, closers: ["endif"])
            elseBranch = Expression(.template(elseParts), range: SourceRange(start: elseStart, end: lastEnd))
            end = elseCloser
        }
        if end != "endif" && !abandoned {
            error("Unterminated %{if}", detail: "Close the %{if} opened at \(open.range.start) with %{endif}.", range: open.range)
        }
        return Expression(
            .templateIf(condition: condition, then: thenBranch, else: elseBranch),
            range: SourceRange(start: open.range.start, end: lastEnd))
    }

    private mutating func parseForDirective(open: Token, quoted: Bool) -> Expression? {
        let header: (String?, String, Expression)? = withNewlines(false) { parser in
            parser.advance()
            var names: [String] = []
            while parser.peek().kind == .identifier && !parser.isKeyword(parser.peek(), "in") && names.count < 2 {
                names.append(parser.text(parser.advance()))
                if parser.peek().kind == .comma { parser.advance() } else { break }
            }
            guard !names.isEmpty, parser.isKeyword(parser.peek(), "in") else {
                parser.unexpected(parser.peek(), "Invalid %{for} directive", detail: "Write %{for v in collection} or %{for k, v in collection}.")
                parser.recoverToClose(.templateEnd)
                if parser.tokens[parser.position].kind == .templateEnd { parser.position += 1 }
                return nil
            }
            parser.advance()
            let collection = parser.parseExpression()
            parser.closeSequence(opener: open)
            return (names.count == 2 ? names[0] : nil, names[names.count - 1], collection)
        }
        let bodyStart = lastEnd
        let (bodyParts, closer) = parseTemplateSequence(quoted: quoted, closers: ["endfor"])
        if closer != "endfor" && !abandoned {
            error("Unterminated %{for}", detail: "Close the %{for} opened at \(open.range.start) with %{endfor}.", range: open.range)
        }
        guard let (key, value, collection) = header else { return nil }
        let body = Expression(.template(bodyParts), range: SourceRange(start: bodyStart, end: lastEnd))
        return Expression(
            .templateFor(keyVariable: key, valueVariable: value, collection: collection, body: body),
            range: SourceRange(start: open.range.start, end: lastEnd))
    }

    // MARK: - Literal text

    /// Quoted-string text: backslash escapes, `$${` and `%%{`.
    mutating func decodeQuotedLiteral(_ token: Token, index: Int) -> String {
        let start = token.range.start.byte - byteBase
        let end = token.range.end.byte - byteBase
        var out: [UInt8] = []
        out.reserveCapacity(end - start)
        var i = start
        while i < end {
            let b = bytes[i]
            if b == 0x5C && i + 1 < end {
                let e = bytes[i + 1]
                switch e {
                case 0x6E: out.append(0x0A); i += 2
                case 0x72: out.append(0x0D); i += 2
                case 0x74: out.append(0x09); i += 2
                case 0x22: out.append(0x22); i += 2
                case 0x5C: out.append(0x5C); i += 2
                case 0x75, 0x55:
                    let width = e == 0x75 ? 4 : 8
                    if i + 2 + width <= end,
                        let code = UInt32(String(decoding: bytes[(i + 2)..<(i + 2 + width)], as: UTF8.self), radix: 16),
                        let scalar = Unicode.Scalar(code)
                    {
                        out.append(contentsOf: Array(String(Character(scalar)).utf8))
                        i += 2 + width
                    } else {
                        invalidEscape(token, at: i, width: min(2 + width, end - i))
                        i += 2
                    }
                default:
                    invalidEscape(token, at: i, width: 2)
                    i += 2
                }
                continue
            }
            if (b == 0x24 || b == 0x25) && i + 2 < end && bytes[i + 1] == b && bytes[i + 2] == 0x7B {
                out.append(b)
                out.append(0x7B)
                i += 3
                continue
            }
            out.append(b)
            i += 1
        }
        return String(decoding: out, as: UTF8.self)
    }

    private mutating func invalidEscape(_ token: Token, at byte: Int, width: Int) {
        let text = String(decoding: bytes[byte..<(byte + width)], as: UTF8.self)
        let column = token.range.start.column + (byte - (token.range.start.byte - byteBase))
        let start = SourcePosition(line: token.range.start.line, column: column, byte: byte + byteBase)
        let end = SourcePosition(line: start.line, column: column + width, byte: start.byte + width)
        error(
            "Invalid escape sequence \(text)",
            detail: "Valid escapes are \\n \\r \\t \\\" \\\\ \\uNNNN and \\UNNNNNNNN; write \\\\ for a backslash.",
            range: SourceRange(start: start, end: end))
    }

    /// The byte offsets just after each leading whitespace character of `bytes[from..<to]`.
    /// Indent is counted in characters, and any Unicode space counts, as in hashicorp/hcl.
    func leadingWhitespace(from: Int, to: Int) -> [Int] {
        var ends: [Int] = []
        var i = from
        while i < to {
            let b = bytes[i]
            if b == 0x20 || b == 0x09 {
                i += 1
            } else if b >= 0x80, case let length = Lexer.scalarLength(bytes, at: i), length > 0, i + length <= to,
                let scalar = String(decoding: bytes[i..<(i + length)], as: UTF8.self).unicodeScalars.first,
                scalar.properties.isWhitespace
            {
                i += length
            } else {
                break
            }
            ends.append(i)
        }
        return ends
    }

    /// Heredoc or bare-template text: only `$${` and `%%{`, minus any `<<-` indent.
    func decodeTemplateLiteral(_ token: Token, index: Int) -> String {
        var start = token.range.start.byte - byteBase
        let end = token.range.end.byte - byteBase
        if let indent = heredocIndent[index] {
            let whitespace = leadingWhitespace(from: start, to: end)
            if !whitespace.isEmpty { start = whitespace[min(indent, whitespace.count) - 1] }
        }
        var out: [UInt8] = []
        out.reserveCapacity(end - start)
        var i = start
        while i < end {
            let b = bytes[i]
            if (b == 0x24 || b == 0x25) && i + 2 < end && bytes[i + 1] == b && bytes[i + 2] == 0x7B {
                out.append(b)
                out.append(0x7B)
                i += 3
                continue
            }
            out.append(b)
            i += 1
        }
        return String(decoding: out, as: UTF8.self)
    }
}
