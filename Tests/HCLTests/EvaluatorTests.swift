import Testing
import HCL

/// The partial evaluator: definite answers where the configuration alone decides them,
/// `(unknown)` everywhere else — never a guess. Expectations are `Value.description`.
@Suite struct EvaluatorTests {
    static let context = EvaluationContext(variables: [
        "var": .object([
            "region": .string("us-east-1"),
            "n": .int(3),
            "list": .tuple([.string("a"), .string("b"), .string("c")]),
            "map": .object(["a": .int(1), "b": .int(2)]),
            "empty": .string(""),
            "nothing": .null,
            "flag": .bool(true),
            "objs": .tuple([
                .object(["name": .string("x"), "id": .int(1)]),
                .object(["name": .string("y"), "id": .int(2)]),
            ]),
            "nested": .tuple([.tuple([.int(1), .int(2)]), .tuple([.int(3)])]),
        ]),
        "local": .object(["prefix": .string("app")]),
        "aws_s3_bucket": .object(["assets": .object(["id": .unknown, "bucket": .string("assets")])]),
    ])

    static let cases: [(String, String)] = [
        // Literals and collections
        ("1", "1"), ("\"s\"", "\"s\""), ("null", "null"), ("[1, \"a\"]", "[1, \"a\"]"),
        ("{b = 2, a = 1}", "{\"a\" = 1, \"b\" = 2}"),
        ("{(var.region) = 1}", "{\"us-east-1\" = 1}"),
        // References
        ("var.region", "\"us-east-1\""), ("var.list[1]", "\"b\""), ("var.list.2", "\"c\""),
        ("var.map[\"b\"]", "2"), ("var.map.a", "1"), ("var.objs[0].name", "\"x\""),
        ("var.missing", "(unknown)"), ("var.list[5]", "(unknown)"), ("data.x.y", "(unknown)"),
        ("aws_s3_bucket.assets.bucket", "\"assets\""), ("aws_s3_bucket.assets.id", "(unknown)"),
        // Splats
        ("var.objs[*].name", "[\"x\", \"y\"]"), ("var.objs.*.id", "[1, 2]"), ("var.nothing[*]", "[]"),
        ("var.region[*]", "[\"us-east-1\"]"), ("var.nested[*][0]", "[1, 3]"), ("data.x[*].id", "(unknown)"),
        // Arithmetic (Decimal: exact), comparison, logic
        ("1 + 2 * 3", "7"), ("0.1 + 0.2", "0.3"), ("0.1 + 0.2 == 0.3", "true"), ("7 % 3", "1"), ("-7 % 3", "-1"),
        ("7.5 % 2", "1.5"), ("10 / 4", "2.5"), ("1 / 0", "(unknown)"), ("-var.n", "-3"), ("\"2\" + 1", "3"),
        ("\"x\" + 1", "(unknown)"), ("123456789012 + 1", "123456789013"),
        ("1e120 * 1e120", "(unknown)"),
        ("var.n > 2", "true"), ("var.n <= 2", "false"), ("1 == 1", "true"), ("\"1\" == 1", "false"),
        ("[1, 2] == [1, 2]", "true"), ("{a = 1} != {a = 1}", "false"), ("var.map == {a = 1, b = 2}", "true"),
        ("true && false", "false"), ("!var.flag", "false"),
        // One operand that decides is enough, as in cty: the other may be unknown.
        ("true || data.x", "true"), ("data.x || true", "true"), ("false && data.x", "false"), ("data.x && \"false\"", "false"),
        ("true && data.x", "(unknown)"), ("false || data.x", "(unknown)"),
        ("var.flag && data.x > 0 ? 1 : 0", "(unknown)"), ("!var.flag && data.x > 0 ? 1 : 0", "0"),
        ("data.x == 1", "(unknown)"), ("data.x + 1", "(unknown)"),
        // Conditionals
        ("var.flag ? \"y\" : \"n\"", "\"y\""), ("var.n > 5 ? 1 : 2", "2"), ("data.x ? 1 : 2", "(unknown)"),
        ("var.nothing == null ? \"none\" : var.nothing", "\"none\""),
        // A known collection holding unknown values is still known not to be null.
        ("[data.x] != null", "true"), ("{a = data.x} == null", "false"), ("null == null", "true"),
        ("data.x == null", "(unknown)"), ("[data.x] == [1]", "(unknown)"),
        // Templates
        ("\"${local.prefix}-${var.region}\"", "\"app-us-east-1\""), ("\"${var.n}\"", "3"),
        ("\"n=${var.n}\"", "\"n=3\""), ("\"${var.flag}!\"", "\"true!\""),
        ("\"id-${aws_s3_bucket.assets.id}\"", "(unknown)"), ("\"${var.list}x\"", "(unknown)"),
        ("\"${var.nothing}x\"", "(unknown)"),
        ("\"%{for s in var.list}${s}.%{endfor}\"", "\"a.b.c.\""),
        ("\"%{if var.n > 1}many%{else}one%{endif}\"", "\"many\""), ("\"%{if data.x}a%{endif}\"", "(unknown)"),
        // For expressions
        ("[for s in var.list : upper(s)]", "[\"A\", \"B\", \"C\"]"),
        ("[for i, s in var.list : \"${i}${s}\" if i != 1]", "[\"0a\", \"2c\"]"),
        ("{for k, v in var.map : v => k}", "{\"1\" = \"a\", \"2\" = \"b\"}"),
        ("{for o in var.objs : o.name => o.id}", "{\"x\" = 1, \"y\" = 2}"),
        ("{for s in [\"a\", \"b\", \"a\"] : s => s...}", "{\"a\" = [\"a\", \"a\"], \"b\" = [\"b\"]}"),
        ("{for s in [\"a\", \"a\"] : s => 1}", "(unknown)"), ("[for s in data.x : s]", "(unknown)"),
        ("[for s in var.list : s if data.x]", "(unknown)"),
        ("[for s in [1, data.x] : s]", "[1, (unknown)]"),
        // try / can
        ("try(var.missing, \"fallback\")", "\"fallback\""), ("try(var.region, \"fallback\")", "\"us-east-1\""),
        ("try(data.x, var.missing)", "(unknown)"), ("can(var.region)", "true"),
        ("try(var.objs[5].name, null)", "null"),
        // Unknown is not an error: Terraform would not fall through, so neither does Faultline.
        ("try(data.x.y, \"fallback\")", "(unknown)"), ("try(var.region.x, \"f\")", "\"f\""),
        ("can(var.missing)", "false"), ("can(data.x)", "(unknown)"),
        // Unknown functions and propagation
        ("nosuchfunction(1)", "(unknown)"), ("provider::aws::arn_parse(\"x\")", "(unknown)"),
        ("upper(data.x)", "(unknown)"), ("length([data.x, 1])", "2"), ("concat([data.x], [1])", "[(unknown), 1]"),
    ]

    @Test(arguments: cases)
    func evaluates(source: String, expected: String) {
        let (expression, diagnostics) = NativeSyntax.parseExpression(source)
        #expect(diagnostics.isEmpty, "\(diagnostics)")
        #expect(expression.evaluate(in: Self.context).description == expected)
    }

    @Test func numbersBeyondDecimalAreUnknownWithAWarning() {
        let (expression, diagnostics) = NativeSyntax.parseExpression("1e200 + 1")
        #expect(diagnostics.map(\.severity) == [.warning])
        #expect(expression.evaluate() == .unknown)
    }

    @Test func invalidExpressionsAreUnknown() {
        let (expression, _) = NativeSyntax.parseExpression("1 +")
        #expect(expression.evaluate() == .unknown)
    }

    @Test func sharedVariablesAreSeenUnlessAVariableShadowsThem() {
        let context = EvaluationContext(
            variables: ["var": .object(["n": .int(1)]), "each": .object(["key": .string("a")])],
            sharedVariables: ["aws_s3_bucket": .object(["b": .object(["bucket": .string("logs")])]), "each": .string("shared")])
        let value = { (text: String) in NativeSyntax.parseExpression(text).0.evaluate(in: context) }
        #expect(value("aws_s3_bucket.b.bucket") == .string("logs"))
        #expect(value("each.key") == .string("a"))
        #expect(value("var.n + 1") == .int(2))
        #expect(value("[for k, v in aws_s3_bucket : v.bucket]") == .tuple([.string("logs")]))
        #expect(value("aws_instance.x") == .unknown)
        #expect(context.variable("each") == .object(["key": .string("a")]) && context.variable("none") == nil)
    }

    @Test func customFunctionsCanBeBound() {
        var context = EvaluationContext(variables: [:], functions: [:])
        context.functions["double"] = HCLFunction("double") { args in
            guard case .number(let n) = args.first else { return .unknown }
            return .number(n * 2)
        }
        #expect(NativeSyntax.parseExpression("double(21)").0.evaluate(in: context) == .int(42))
        #expect(NativeSyntax.parseExpression("upper(\"a\")").0.evaluate(in: context) == .unknown)
    }

    /// With a caller's markers, a template whose known parts name a resource keeps them,
    /// the unknown parts standing in; without a marker, or without markers, it is unknown.
    @Test func aTemplateKeepsItsMarkersThroughUnknownParts() {
        var context = EvaluationContext(variables: ["var": .object(["id": .string("⟨tf:b⟩"), "plain": .string("p")])])
        let value = { (text: String) in NativeSyntax.parseExpression(text).0.evaluate(in: context) }
        #expect(value("\"${var.id}.s3.${data.r.name}.amazonaws.com\"") == .unknown)
        context.markers = ("⟨", "⟨?⟩")
        #expect(value("\"${var.id}.s3.${data.r.name}.amazonaws.com\"") == .string("⟨tf:b⟩.s3.⟨?⟩.amazonaws.com"))
        #expect(value("\"${var.plain}.${data.r.name}\"") == .unknown)
    }

    /// With markers, JSON of a partly unknown value keeps what is known, each unknown inside
    /// standing as the unknown part; wholly unknown stays unknown, and so does JSON without markers.
    @Test func jsonOfAPartlyUnknownValueKeepsWhatIsKnown() {
        var context = EvaluationContext(variables: ["var": .object(["image": .string("nginx:1.25")])])
        let value = { (text: String) in NativeSyntax.parseExpression(text).0.evaluate(in: context) }
        let partly = "jsonencode([{ image = var.image, secret = data.s.arn }])"
        #expect(value(partly) == .unknown)
        context.markers = ("⟨", "⟨?⟩")
        #expect(value(partly) == .string("[{\"image\":\"nginx:1.25\",\"secret\":\"⟨?⟩\"}]"))
        #expect(value("jsonencode(data.s.arn)") == .unknown)
        #expect(value("sha1(\(partly))") == .unknown)
        // JSON of one reference keeps it, as JSON of a list holding it does.
        context.variables["var"] = .object(["id": .string("⟨tf:b⟩")])
        #expect(value("jsonencode(var.id)") == .string("\"⟨tf:b⟩\""))
        #expect(value("jsonencode([var.id])") == .string("[\"⟨tf:b⟩\"]"))
    }

    // MARK: Limits: the files come from pull requests

    /// Three nested `for`s over 100 elements are a million steps, past the budget; over 40
    /// elements, 66,000 steps making 66,000 parts, within both limits.
    @Test func evaluationStopsAtItsStepBudget() {
        let value = { (n: Int) in
            NativeSyntax.parseExpression("[for a in var.l : [for b in var.l : [for c in var.l : 1]]]").0.evaluate(
                in: EvaluationContext(variables: ["var": .object(["l": .tuple((0..<n).map { .int($0) })])]))
        }
        #expect(value(100) == .unknown)
        #expect(value(40).tupleValue?.count == 40)
    }

    /// A budget a context shares bounds all its evaluations together: many expressions each
    /// under the per-expression limit cannot add up to hours.
    @Test func evaluationsOfAContextShareItsBudget() {
        var context = EvaluationContext(variables: ["var": .object(["l": .tuple((0..<30).map { .int($0) })])])
        context.budget = EvaluationBudget(steps: 1_000)
        let square = NativeSyntax.parseExpression("[for a in var.l : [for b in var.l : 1]]").0
        #expect(square.evaluate(in: context).tupleValue?.count == 30)
        #expect(context.budget?.isSpent == false)
        #expect(square.evaluate(in: context) == .unknown)
        #expect(context.budget?.isSpent == true)
    }

    /// A string doubled through a chain of locals would exhaust memory by the fortieth local.
    @Test func aStringPastOneMebibyteIsUnknown() {
        let value = { (length: Int) in
            NativeSyntax.parseExpression("\"${var.s}${var.s}\"").0.evaluate(
                in: EvaluationContext(variables: ["var": .object(["s": .string(String(repeating: "x", count: length))])]))
        }
        #expect(value(Value.maxStringBytes / 2 + 1) == .unknown)
        #expect(value(Value.maxStringBytes / 2).stringValue?.utf8.count == Value.maxStringBytes)
        #expect(NativeSyntax.parseExpression("join(\"\", [var.s, var.s])").0.evaluate(
            in: EvaluationContext(variables: ["var": .object(["s": .string(String(repeating: "x", count: Value.maxStringBytes))])])) == .unknown)
    }

    /// Ten elements, each the same ten-element list, ten levels deep, are 10^10 parts when
    /// counted where they appear: too large, found without counting them all.
    @Test func aValueSharingItsPartsPastTheLimitIsTooLarge() {
        var value = Value.tuple(Array(repeating: .string("x"), count: 10))
        for _ in 0..<9 { value = .tuple(Array(repeating: value, count: 10)) }
        #expect(value.isTooLarge)
        let (expression, _) = NativeSyntax.parseExpression("[for x in var.v : var.v]")
        #expect(expression.evaluate(in: EvaluationContext(variables: ["var": .object(["v": value])])) == .unknown)
        let small = Value.tuple(Array(repeating: Value.tuple(Array(repeating: .int(1), count: 100)), count: 100))
        #expect(!small.isTooLarge)
    }

    @Test func unknownIsNotWhollyKnownInsideCollections() {
        #expect(Value.tuple([.int(1), .unknown]).isWhollyKnown == false)
        #expect(Value.object(["a": .tuple([.unknown])]).isWhollyKnown == false)
        #expect(Value.object(["a": .tuple([.null])]).isWhollyKnown)
    }
}
