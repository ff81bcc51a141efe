/// One lexical token of the native syntax, located by its range.
struct Token: Hashable, Sendable {
    enum Kind: Hashable, Sendable {
        case leftBrace, rightBrace, leftBracket, rightBracket, leftParen, rightParen
        case comma, dot, ellipsis, equals, colon, doubleColon, question, fatArrow
        case equalEqual, notEqual, less, lessEqual, greater, greaterEqual
        case plus, minus, star, slash, percent, and, or, bang
        case newline, identifier, number
        /// `"` opening / closing a quoted template.
        case openQuote, closeQuote
        /// `<<ID` or `<<-ID` with its newline; the matching line holding only `ID`.
        case openHeredoc, closeHeredoc
        /// Raw literal text inside a template (escapes not yet decoded); heredocs give one per line.
        case templateLiteral
        /// `${` / `%{`, `strip` when followed by `~`.
        case templateInterpolation, templateControl
        /// `}` closing `${` or `%{`, `strip` when written `~}`.
        case templateEnd
        case invalid
        case endOfFile
    }

    var kind: Kind
    var range: SourceRange
    /// The `~` strip marker on a template sequence token.
    var strip: Bool = false
}
