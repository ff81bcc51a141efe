import Testing
import HCL

/// The built-in functions, each with definite results and the cases where it must answer
/// `(unknown)` rather than guess (wrong types, unknown input, unsupported forms).
@Suite struct StandardFunctionTests {
    static let context = EvaluationContext(variables: [
        "tags": .object(["Name": .string("web"), "Env": .string("prod")]),
        "unknown": .unknown,
    ])

    static let cases: [(String, String)] = [
        ("format(\"%s-%d\", \"a\", 5)", "\"a-5\""), ("format(\"%v|%v|%v\", \"s\", 1.5, true)", "\"s|1.5|true\""),
        ("format(\"%q\", \"x\\\"y\")", "\"\\\"x\\\\\\\"y\\\"\""), ("format(\"100%%\")", "\"100%\""),
        ("format(\"%v\", [1, \"a\"])", "\"[1,\\\"a\\\"]\""), ("format(\"%d\", 1.5)", "(unknown)"),
        ("format(\"%5.2f\", 1)", "(unknown)"), ("format(\"%s %s\", \"a\")", "(unknown)"),
        ("format(\"%s\", unknown)", "(unknown)"),
        ("join(\",\", [\"a\", \"b\"])", "\"a,b\""), ("join(\"-\", [\"a\"], [\"b\", 1])", "\"a-b-1\""),
        ("join(\",\", [unknown])", "(unknown)"), ("join(\",\", [])", "\"\""),
        ("split(\",\", \"a,b,,c\")", "[\"a\", \"b\", \"\", \"c\"]"), ("split(\",\", \"\")", "[\"\"]"),
        ("lookup(tags, \"Name\")", "\"web\""), ("lookup(tags, \"x\", \"d\")", "\"d\""), ("lookup(tags, \"x\")", "(unknown)"),
        ("element([\"a\", \"b\"], 3)", "\"b\""), ("element([], 0)", "(unknown)"), ("element([\"a\"], -1)", "(unknown)"),
        ("concat([1], [2, 3], [])", "[1, 2, 3]"), ("concat([1], \"x\")", "(unknown)"),
        ("merge(tags, {Env = \"dev\"}, null)", "{\"Env\" = \"dev\", \"Name\" = \"web\"}"), ("merge(tags, [1])", "(unknown)"),
        ("tolist([1, 2])", "[1, 2]"), ("tolist(\"a\")", "(unknown)"),
        ("toset([\"b\", \"a\", \"b\"])", "[\"a\", \"b\"]"), ("toset([3, 1, 3])", "[1, 3]"),
        ("toset([\"a\", 1])", "[\"1\", \"a\"]"),
        ("tomap({a = 1, b = 2})", "{\"a\" = 1, \"b\" = 2}"), ("tomap({a = 1, b = \"x\"})", "{\"a\" = \"1\", \"b\" = \"x\"}"),
        ("tomap({a = [1]})", "{\"a\" = [1]}"),
        ("coalesce(null, \"\", \"x\", \"y\")", "\"x\""), ("coalesce(null)", "(unknown)"), ("coalesce(unknown, \"x\")", "(unknown)"),
        ("length(\"héllo\")", "5"), ("length({a = 1})", "1"), ("length(null)", "(unknown)"),
        ("lower(\"AbC\")", "\"abc\""), ("upper(\"AbC\")", "\"ABC\""), ("upper(1)", "\"1\""),
        ("replace(\"a-b-c\", \"-\", \"_\")", "\"a_b_c\""), ("replace(\"abc\", \"/b/\", \"x\")", "(unknown)"),
        ("trimspace(\"  a b \\n\")", "\"a b\""),
        ("contains([\"a\", \"b\"], \"b\")", "true"), ("contains([\"a\"], \"z\")", "false"),
        ("contains([unknown], \"z\")", "(unknown)"), ("contains([unknown, \"z\"], \"z\")", "true"),
        ("keys(tags)", "[\"Env\", \"Name\"]"), ("values(tags)", "[\"prod\", \"web\"]"), ("keys([1])", "(unknown)"),
        ("distinct([\"b\", \"a\", \"b\"])", "[\"b\", \"a\"]"), ("distinct([unknown])", "(unknown)"),
        ("flatten([[1, [2]], 3, []])", "[1, 2, 3]"), ("flatten([[unknown]])", "(unknown)"),
        ("jsonencode({b = [1, true, null], a = \"<x>\"})", #""{\"a\":\"\\u003cx\\u003e\",\"b\":[1,true,null]}""#),
        ("jsonencode(unknown)", "(unknown)"),
        ("concat([\"a\"], [[\"b\"]]...)", "[\"a\", \"b\"]"), ("max(1, 2)", "(unknown)"),
    ]

    @Test(arguments: cases)
    func evaluates(source: String, expected: String) {
        let (expression, diagnostics) = NativeSyntax.parseExpression(source)
        #expect(diagnostics.isEmpty, "\(diagnostics)")
        #expect(expression.evaluate(in: Self.context).description == expected)
    }

    @Test func everyDocumentedFunctionIsBound() {
        let names = [
            "format", "join", "split", "lookup", "element", "concat", "merge", "tolist", "toset", "tomap", "coalesce",
            "length", "lower", "upper", "replace", "trimspace", "contains", "keys", "values", "distinct", "flatten",
            "jsonencode",
        ]
        #expect(Set(StandardFunctions.all.keys) == Set(names))
    }
}
