/// An HCL expression with its source range; the same model serves both syntaxes.
public struct Expression: Hashable, Sendable, Codable {
    /// The forms an expression can take.
    public indirect enum Kind: Hashable, Sendable, Codable {
        /// A number, bool, null or string that needs no evaluation.
        case literal(Value)
        /// A string built from parts: literal strings, interpolated expressions and directives.
        case template([Expression])
        /// A template that is exactly one `${x}`: it evaluates to `x` with `x`'s own type.
        case templateWrap(Expression)
        /// `%{if c}…%{else}…%{endif}` inside a template; the branches are templates.
        case templateIf(condition: Expression, then: Expression, else: Expression?)
        /// `%{for k, v in c}…%{endfor}` inside a template; the body is a template.
        case templateFor(keyVariable: String?, valueVariable: String, collection: Expression, body: Expression)
        /// A root name such as `var` in `var.region`.
        case variable(String)
        /// `x.name`.
        case getAttribute(Expression, name: String)
        /// `x[key]`, and the legacy `x.0`.
        case index(Expression, key: Expression)
        /// `x.*.a` (`fullSplat` false: only attribute accesses follow) or `x[*].a[0]`;
        /// `each` is applied to every element, which it refers to as `.splatItem`.
        case splat(Expression, each: Expression, fullSplat: Bool)
        /// The current element inside a splat's `each`.
        case splatItem
        case tuple([Expression])
        case object([ObjectItem])
        /// `name(args)`; `expandFinal` when the last argument ends in `...`. Provider functions
        /// keep their full name, e.g. `provider::aws::arn_parse`.
        case functionCall(name: String, arguments: [Expression], expandFinal: Bool)
        case unary(UnaryOperator, Expression)
        case binary(BinaryOperator, Expression, Expression)
        case conditional(condition: Expression, then: Expression, else: Expression)
        case forExpression(ForExpression)
        case parentheses(Expression)
        /// Stands in for an expression that could not be parsed; a diagnostic says why.
        case invalid
    }

    public var kind: Kind
    public var range: SourceRange

    public init(_ kind: Kind, range: SourceRange) {
        self.kind = kind
        self.range = range
    }

    /// The string if this is a string literal, or a template made only of literal text.
    public var staticString: String? {
        switch kind {
        case .literal(.string(let s)): return s
        case .template(let parts):
            var out = ""
            for part in parts {
                guard case .literal(.string(let s)) = part.kind else { return nil }
                out += s
            }
            return out
        default: return nil
        }
    }

    /// The dotted name of a static reference such as `aws.west` or `var.region`, if this is one.
    public var traversalPath: [String]? {
        switch kind {
        case .variable(let name): return [name]
        case .getAttribute(let base, let name):
            guard let path = base.traversalPath else { return nil }
            return path + [name]
        default: return nil
        }
    }
}
