#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif

extension Parser {
    /// An expression standing alone (not in a body): newlines are insignificant.
    mutating func parseStandaloneExpression() -> Expression {
        withNewlines(false) { parser in
            let expression = parser.parseExpression()
            let token = parser.peek()
            if token.kind != .endOfFile && !parser.abandoned && !parser.isInvalid(expression) {
                parser.unexpected(token, "Extra characters after expression", detail: "Only one expression was expected; remove the rest.")
            }
            return expression
        }
    }

    func invalid(at token: Token) -> Expression {
        Expression(.invalid, range: SourceRange(at: token.range.start))
    }

    mutating func parseExpression() -> Expression {
        let first = peek()
        guard enter(at: first) else { return invalid(at: first) }
        defer { leave() }
        let condition = parseBinary(minimum: 1)
        guard peek().kind == .question, !isInvalid(condition) else { return condition }
        advance()
        let then = parseExpression()
        if isInvalid(then) { return then }
        guard expect(.colon, "Missing false expression in conditional", detail: "A conditional is `condition ? true_value : false_value`.") else {
            return Expression(.invalid, range: condition.range)
        }
        let otherwise = parseExpression()
        return Expression(
            .conditional(condition: condition, then: then, else: otherwise),
            range: condition.range.union(otherwise.range))
    }

    func isInvalid(_ expression: Expression) -> Bool {
        if case .invalid = expression.kind { return true }
        return false
    }

    private static func binaryOperator(_ kind: Token.Kind) -> BinaryOperator? {
        switch kind {
        case .or: .or
        case .and: .and
        case .equalEqual: .equal
        case .notEqual: .notEqual
        case .less: .less
        case .lessEqual: .lessOrEqual
        case .greater: .greater
        case .greaterEqual: .greaterOrEqual
        case .plus: .add
        case .minus: .subtract
        case .star: .multiply
        case .slash: .divide
        case .percent: .modulo
        default: nil
        }
    }

    /// Precedence climbing: operators at or above `minimum`, associating left.
    private mutating func parseBinary(minimum: Int) -> Expression {
        var lhs = parseUnary()
        // Each operator of a chain nests the tree one level deeper (`1 + 1 + … + 1`), and
        // everything that walks it recurses: past the nesting limit the chain is read to its
        // end but not built, and stands as an unknown value, with a warning; the rest of the
        // file is read (Terraform accepts such a chain, so it is no error).
        var operators = 0
        var tooLong = false
        while !isInvalid(lhs), let op = Parser.binaryOperator(peek().kind), op.precedence >= minimum {
            let token = peek()
            advance()
            let rhs = parseBinary(minimum: op.precedence + 1)
            if isInvalid(rhs) { return Expression(.invalid, range: lhs.range.union(rhs.range)) }
            operators += 1
            if operators > Parser.maximumDepth, !tooLong {
                tooLong = true
                diagnostics.append(HCLDiagnostic(
                    .warning, "Expression too long",
                    detail: "More than \(Parser.maximumDepth) operators in a row are not evaluated; the expression's value is unknown.",
                    range: token.range))
            }
            lhs = tooLong ? Self.unknownValue(lhs.range.union(rhs.range)) : Expression(.binary(op, lhs, rhs), range: lhs.range.union(rhs.range))
        }
        return lhs
    }

    /// An expression whose value is unknown and which names nothing: a call of no function.
    /// It stands for what is read but not built (not `.invalid`, which makes callers recover
    /// from an error that is not there).
    static func unknownValue(_ range: SourceRange) -> Expression {
        Expression(.functionCall(name: "", arguments: [], expandFinal: false), range: range)
    }

    private mutating func parseUnary() -> Expression {
        let token = peek()
        let op: UnaryOperator
        switch token.kind {
        case .minus: op = .negate
        case .bang: op = .not
        default: return parsePostfix()
        }
        guard enter(at: token) else { return invalid(at: token) }
        defer { leave() }
        advance()
        let operand = parseUnary()
        if isInvalid(operand) { return operand }
        if op == .negate, case .literal(.number(let n)) = operand.kind {
            // Folded so that `-1` is a plain literal, as readers expect of `priority = -1`.
            return Expression(.literal(.number(-n)), range: SourceRange(start: token.range.start, end: operand.range.end))
        }
        return Expression(.unary(op, operand), range: SourceRange(start: token.range.start, end: operand.range.end))
    }

    // MARK: - Traversals

    private mutating func parsePostfix() -> Expression {
        var expression = parsePrimary()
        if isInvalid(expression) { return expression }
        var steps = 0
        defer { for _ in 0..<steps { leave() } }
        while true {
            let token = peek()
            guard token.kind == .dot || token.kind == .leftBracket else { return expression }
            guard enter(at: token) else { return Expression(.invalid, range: expression.range) }
            steps += 1
            if token.kind == .dot {
                let second = peekSecond()
                if second.kind == .star {
                    advance()
                    advance()
                    let each = parseSplatSteps(start: token.range.start, full: false)
                    expression = Expression(.splat(expression, each: each, fullSplat: false), range: expression.range.union(SourceRange(start: token.range.start, end: lastEnd)))
                    continue
                }
                guard let step = parseDotStep(on: expression) else { return Expression(.invalid, range: expression.range) }
                expression = step
            } else {
                let i = peekIndex()
                if tokens[i + 1].kind == .star && i + 2 < tokens.count && tokens[i + 2].kind == .rightBracket {
                    position = i + 3
                    let each = parseSplatSteps(start: token.range.start, full: true)
                    expression = Expression(.splat(expression, each: each, fullSplat: true), range: expression.range.union(SourceRange(start: token.range.start, end: lastEnd)))
                    continue
                }
                guard let step = parseIndexStep(on: expression) else { return Expression(.invalid, range: expression.range) }
                expression = step
            }
        }
    }

    /// `.name` or the legacy `.0`; nil (with a diagnostic) for anything else.
    private mutating func parseDotStep(on base: Expression) -> Expression? {
        advance()
        let name = peek()
        switch name.kind {
        case .identifier:
            advance()
            return Expression(.getAttribute(base, name: text(name)), range: base.range.union(name.range))
        case .number:
            advance()
            let digits = text(name)
            guard digits.utf8.allSatisfy({ $0 >= 0x30 && $0 <= 0x39 }), let n = Decimal(string: digits) else {
                error(
                    "Invalid legacy index",
                    detail: "`.\(digits)` is not an index: `a.0.0` reads 0.0 as a number; write a[0][0].",
                    range: name.range)
                return nil
            }
            let key = Expression(.literal(.number(n)), range: name.range)
            return Expression(.index(base, key: key), range: base.range.union(name.range))
        default:
            unexpected(name, "Invalid attribute name", detail: "An attribute name must follow the dot, as in `a.b`.")
            return nil
        }
    }

    /// `[key]`; nil (with a diagnostic) when the brackets are broken.
    private mutating func parseIndexStep(on base: Expression) -> Expression? {
        advance()
        return withNewlines(false) { parser in
            let key = parser.parseExpression()
            if parser.isInvalid(key) {
                parser.recoverToClose(.rightBracket)
                if parser.peek().kind == .rightBracket { parser.advance() }
                return nil
            }
            guard parser.expect(.rightBracket, "Missing close bracket on index", detail: "Close the index with ].") else {
                parser.recoverToClose(.rightBracket)
                if parser.peek().kind == .rightBracket { parser.advance() }
                return nil
            }
            return Expression(.index(base, key: key), range: base.range.union(SourceRange(at: parser.lastEnd)))
        }
    }

    /// The traversal after `.*` (attribute steps only) or `[*]` (attributes and indexes),
    /// applied to `.splatItem`.
    private mutating func parseSplatSteps(start: SourcePosition, full: Bool) -> Expression {
        var each = Expression(.splatItem, range: SourceRange(start: start, end: lastEnd))
        var steps = 0
        defer { for _ in 0..<steps { leave() } }
        while true {
            let token = peek()
            if token.kind == .dot, peekSecond().kind == .identifier || peekSecond().kind == .number {
                guard enter(at: token) else { return each }
                steps += 1
                guard let step = parseDotStep(on: each) else { return each }
                each = step
            } else if full, token.kind == .leftBracket, tokens[peekIndex() + 1].kind != .star {
                guard enter(at: token) else { return each }
                steps += 1
                guard let step = parseIndexStep(on: each) else { return each }
                each = step
            } else {
                return each
            }
        }
    }

    // MARK: - Terms

    private mutating func parsePrimary() -> Expression {
        let token = peek()
        switch token.kind {
        case .number:
            advance()
            guard let n = Decimal(string: text(token)) else {
                diagnostics.append(HCLDiagnostic(
                    .warning, "Number out of range",
                    detail: "\(text(token)) is beyond what Faultline can compute with (38 significant digits, exponents up to ±127); its value is treated as unknown.",
                    range: token.range))
                return Expression(.literal(.unknown), range: token.range)
            }
            return Expression(.literal(.number(n)), range: token.range)
        case .identifier:
            let word = text(token)
            let next = tokens[peekIndex() + 1].kind
            if next == .leftParen || next == .doubleColon {
                return parseFunctionCall()
            }
            advance()
            switch word {
            case "true": return Expression(.literal(.bool(true)), range: token.range)
            case "false": return Expression(.literal(.bool(false)), range: token.range)
            case "null": return Expression(.literal(.null), range: token.range)
            default: return Expression(.variable(word), range: token.range)
            }
        case .openQuote:
            advance()
            return parseTemplate(start: token.range.start, quoted: true, terminator: .closeQuote)
        case .openHeredoc:
            advance()
            return parseHeredoc(open: token)
        case .leftParen:
            advance()
            return withNewlines(false) { parser in
                let inner = parser.parseExpression()
                if parser.isInvalid(inner) {
                    parser.recoverToClose(.rightParen)
                    if parser.peek().kind == .rightParen { parser.advance() }
                    return inner
                }
                guard parser.expect(.rightParen, "Unbalanced parentheses", detail: "Close the ( with ).") else {
                    return Expression(.invalid, range: inner.range)
                }
                return Expression(.parentheses(inner), range: SourceRange(start: token.range.start, end: parser.lastEnd))
            }
        case .leftBracket:
            advance()
            return withNewlines(false) { parser in
                if parser.isKeyword(parser.peek(), "for") { return parser.parseFor(open: token, object: false) }
                return parser.parseTuple(open: token)
            }
        case .leftBrace:
            advance()
            let isFor = withNewlines(false) { parser in parser.isKeyword(parser.peek(), "for") }
            if isFor { return withNewlines(false) { parser in parser.parseFor(open: token, object: true) } }
            return withNewlines(true) { parser in parser.parseObject(open: token) }
        default:
            unexpected(
                token, "Invalid expression",
                detail: "Expected a value: a number, string, bool, null, reference, function call, [ ] or { }.")
            return invalid(at: token)
        }
    }

    private mutating func parseFunctionCall() -> Expression {
        let first = advance()
        var name = text(first)
        while peek().kind == .doubleColon {
            advance()
            let part = peek()
            guard part.kind == .identifier else {
                unexpected(part, "Invalid function name", detail: "Provider functions are named provider::NAME::FUNCTION.")
                return invalid(at: part)
            }
            advance()
            name += "::" + text(part)
        }
        let open = peek()
        guard open.kind == .leftParen else {
            unexpected(open, "Missing function arguments", detail: "Call \(name) with parentheses: \(name)(…).")
            return invalid(at: open)
        }
        advance()
        return withNewlines(false) { parser in
            var arguments: [Expression] = []
            var expand = false
            while true {
                let token = parser.peek()
                if token.kind == .rightParen || token.kind == .endOfFile { break }
                let argument = parser.parseExpression()
                if parser.isInvalid(argument) {
                    parser.recoverToClose(.rightParen)
                    break
                }
                arguments.append(argument)
                let separator = parser.peek()
                if separator.kind == .ellipsis {
                    parser.advance()
                    expand = true
                    if parser.peek().kind == .comma { parser.advance() }
                    break
                }
                if separator.kind == .comma {
                    parser.advance()
                    continue
                }
                if separator.kind == .rightParen { break }
                if parser.startsNextItem(separator) {
                    parser.error("Unterminated function call", detail: "Close the call to \(name) with ).", range: open.range)
                    return Expression(
                        .functionCall(name: name, arguments: arguments, expandFinal: expand),
                        range: SourceRange(start: first.range.start, end: parser.lastEnd))
                }
                parser.unexpected(
                    separator, "Missing argument separator",
                    detail: "Separate the arguments of \(name) with commas.")
                parser.recoverToClose(.rightParen)
                break
            }
            if !parser.expect(.rightParen, "Unterminated function call", detail: "Close the call to \(name) with ).") {
                parser.recoverToClose(.rightParen)
                if parser.peek().kind == .rightParen { parser.advance() }
            }
            return Expression(
                .functionCall(name: name, arguments: arguments, expandFinal: expand),
                range: SourceRange(start: first.range.start, end: parser.lastEnd))
        }
    }

    private mutating func parseTuple(open: Token) -> Expression {
        var items: [Expression] = []
        while true {
            let token = peek()
            if token.kind == .rightBracket || token.kind == .endOfFile { break }
            let item = parseExpression()
            if isInvalid(item) {
                recoverToClose(.rightBracket)
                break
            }
            items.append(item)
            let separator = peek()
            if separator.kind == .comma {
                advance()
                continue
            }
            if separator.kind == .rightBracket { break }
            if startsNextItem(separator) {
                error("Unterminated list", detail: "Close the list opened on line \(open.range.start.line) with ].", range: open.range)
                return Expression(.tuple(items), range: SourceRange(start: open.range.start, end: lastEnd))
            }
            unexpected(separator, "Missing item separator", detail: "Separate the items of a list with commas.")
            recoverToClose(.rightBracket)
            break
        }
        if !expect(.rightBracket, "Unterminated list", detail: "Close the list opened on line \(open.range.start.line) with ].") {
            recoverToClose(.rightBracket)
            if peek().kind == .rightBracket { advance() }
        }
        return Expression(.tuple(items), range: SourceRange(start: open.range.start, end: lastEnd))
    }

    /// Whether `token` begins a line reading `name =`: in an unclosed list or call, that is
    /// the body's next argument, so the bracket is reported unclosed there instead of
    /// swallowing the rest of the file.
    func startsNextItem(_ token: Token) -> Bool {
        guard token.kind == .identifier else { return false }
        let i = peekIndex()
        return i > 0 && tokens[i - 1].kind == .newline && tokens[i + 1].kind == .equals
    }

    private mutating func skipNewlines() {
        while tokens[position].kind == .newline { position += 1 }
    }

    private mutating func parseObject(open: Token) -> Expression {
        var items: [ObjectItem] = []
        while true {
            skipNewlines()
            let token = peek()
            if token.kind == .rightBrace || token.kind == .endOfFile { break }
            var key = parseExpression()
            if isInvalid(key) {
                recoverToClose(.rightBrace)
                break
            }
            if case .variable(let name) = key.kind {
                key = Expression(.literal(.string(name)), range: key.range)
            }
            let equals = peek()
            guard equals.kind == .equals || equals.kind == .colon else {
                unexpected(equals, "Missing key/value separator", detail: "Write `key = value` (or `key: value`) in an object.")
                recoverToClose(.rightBrace)
                break
            }
            advance()
            let value = parseExpression()
            if isInvalid(value) {
                recoverToClose(.rightBrace)
                break
            }
            items.append(ObjectItem(key: key, value: value))
            let separator = peek()
            if separator.kind == .comma || separator.kind == .newline {
                advance()
                // A comma may also follow the newline, on a line of its own.
                if separator.kind == .newline {
                    skipNewlines()
                    if peek().kind == .comma { advance() }
                }
                continue
            }
            if separator.kind == .rightBrace { break }
            unexpected(
                separator, "Missing attribute separator",
                detail: "Put each object attribute on its own line or separate them with commas.")
            recoverToClose(.rightBrace)
            break
        }
        skipNewlines()
        if !expect(.rightBrace, "Unterminated object", detail: "Close the object opened on line \(open.range.start.line) with }.") {
            recoverToClose(.rightBrace)
            if peek().kind == .rightBrace { advance() }
        }
        return Expression(.object(items), range: SourceRange(start: open.range.start, end: lastEnd))
    }

    /// After `[` or `{`, at `for`.
    private mutating func parseFor(open: Token, object: Bool) -> Expression {
        let close: Token.Kind = object ? .rightBrace : .rightBracket
        func fail(_ parser: inout Parser) -> Expression {
            parser.recoverToClose(close)
            if parser.peek().kind == close { parser.advance() }
            return Expression(.invalid, range: SourceRange(start: open.range.start, end: parser.lastEnd))
        }
        advance()
        var names: [String] = []
        let first = peek()
        guard first.kind == .identifier else {
            unexpected(first, "Invalid for expression", detail: "Name the iteration variable: `for v in …` or `for k, v in …`.")
            return fail(&self)
        }
        advance()
        names.append(text(first))
        if peek().kind == .comma {
            advance()
            let second = peek()
            guard second.kind == .identifier else {
                unexpected(second, "Invalid for expression", detail: "Name the value variable after the comma.")
                return fail(&self)
            }
            advance()
            names.append(text(second))
        }
        guard isKeyword(peek(), "in") else {
            unexpected(peek(), "Invalid for expression", detail: "Expected `in` after the iteration variables.")
            return fail(&self)
        }
        advance()
        let collection = parseExpression()
        guard !isInvalid(collection) else { return fail(&self) }
        guard expect(.colon, "Invalid for expression", detail: "Expected `:` after the collection.") else { return fail(&self) }
        var key: Expression?
        if object {
            let k = parseExpression()
            guard !isInvalid(k) else { return fail(&self) }
            key = k
            guard expect(.fatArrow, "Invalid for expression", detail: "An object for expression needs `key => value`.") else {
                return fail(&self)
            }
        }
        let value = parseExpression()
        guard !isInvalid(value) else { return fail(&self) }
        var grouping = false
        if object && peek().kind == .ellipsis {
            advance()
            grouping = true
        }
        var condition: Expression?
        if isKeyword(peek(), "if") {
            advance()
            let c = parseExpression()
            guard !isInvalid(c) else { return fail(&self) }
            condition = c
        }
        guard expect(close, "Invalid for expression", detail: "Expected \(object ? "}" : "]") to end the for expression.") else {
            return fail(&self)
        }
        let forExpression = ForExpression(
            keyVariable: names.count == 2 ? names[0] : nil, valueVariable: names[names.count - 1],
            collection: collection, key: key, value: value, condition: condition, grouping: grouping)
        return Expression(.forExpression(forExpression), range: SourceRange(start: open.range.start, end: lastEnd))
    }
}

