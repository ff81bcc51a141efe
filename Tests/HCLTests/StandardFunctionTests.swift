import Foundation
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
        ("replace(\"a-b-c\", \"-\", \"_\")", "\"a_b_c\""), ("replace(\"aaa\", \"aa\", \"b\")", "\"ba\""),
        ("replace(\"a-b\", \"-\", \"\")", "\"ab\""), ("replace(\"héllo\", \"é\", \"e\")", "\"hello\""),
        ("replace(\"ab\", \"abc\", \"x\")", "\"ab\""), ("replace(\"e\u{301}\", \"e\", \"x\")", "\"x\u{301}\""), ("replace(\"abab\", \"b\", \"cd\")", "\"acdacd\""), ("replace(\"abc\", \"/b/\", \"x\")", "(unknown)"),
        ("trimspace(\"  a b \\n\")", "\"a b\""),
        ("contains([\"a\", \"b\"], \"b\")", "true"), ("contains([\"a\"], \"z\")", "false"),
        ("contains([unknown], \"z\")", "(unknown)"), ("contains([unknown, \"z\"], \"z\")", "true"),
        ("keys(tags)", "[\"Env\", \"Name\"]"), ("values(tags)", "[\"prod\", \"web\"]"), ("keys([1])", "(unknown)"),
        ("distinct([\"b\", \"a\", \"b\"])", "[\"b\", \"a\"]"), ("distinct([unknown])", "(unknown)"),
        ("flatten([[1, [2]], 3, []])", "[1, 2, 3]"), ("flatten([[unknown]])", "(unknown)"),
        ("jsonencode({b = [1, true, null], a = \"<x>\"})", #""{\"a\":\"\\u003cx\\u003e\",\"b\":[1,true,null]}""#),
        ("jsonencode(unknown)", "(unknown)"),
        ("concat([\"a\"], [[\"b\"]]...)", "[\"a\", \"b\"]"), ("nosuchfunction(1, 2)", "(unknown)"),
        ("lookup(tags, \"x\", null)", "null"), ("lookup(tags, \"Env\", \"d\")", "\"prod\""),
    ]

    /// The functions added after the first set, a few cases each, every one with a case Terraform
    /// rejects (or cannot know at plan time).
    static let moreCases: [(String, String)] = [
        (#"tostring(1.5)"#, #""1.5""#), (#"tostring(true)"#, #""true""#), (#"tostring("a")"#, #""a""#),
        (#"tostring(null)"#, "null"), (#"tostring([1])"#, "(unknown)"), (#"tostring({a = 1})"#, "(unknown)"),
        (#"tonumber("12.5")"#, "12.5"), (#"tonumber(3)"#, "3"), (#"tonumber(null)"#, "null"),
        (#"tonumber("12abc")"#, "(unknown)"), (#"tonumber(true)"#, "(unknown)"),
        (#"tobool("true")"#, "true"), (#"tobool(false)"#, "false"), (#"tobool(null)"#, "null"),
        (#"tobool("yes")"#, "(unknown)"), (#"tobool(1)"#, "(unknown)"),
        (#"range(3)"#, "[0, 1, 2]"), (#"range(-3)"#, "[0, -1, -2]"), (#"range(1, 4)"#, "[1, 2, 3]"),
        (#"range(4, 1)"#, "[4, 3, 2]"), (#"range(0, 1, 0.25)"#, "[0, 0.25, 0.5, 0.75]"),
        (#"range(10, 0, -4)"#, "[10, 6, 2]"), (#"range(0)"#, "[]"), (#"range("2")"#, "[0, 1]"),
        (#"range(1, 5, -1)"#, "(unknown)"), (#"range(5, 1, 1)"#, "(unknown)"), (#"range(0, 5, 0)"#, "(unknown)"),
        (#"range(0, 1, 0.1)"#, "(unknown)"), (#"range(1, 2, 3, 4)"#, "(unknown)"), (#"range("a")"#, "(unknown)"),
        (#"slice(["a", "b", "c", "d"], 1, 3)"#, #"["b", "c"]"#), (#"slice([1, 2], 2, 2)"#, "[]"),
        (#"slice([1, 2], 1, 3)"#, "(unknown)"), (#"slice([1, 2], 2, 1)"#, "(unknown)"), (#"slice([1, 2], -1, 1)"#, "(unknown)"),
        (#"substr("hello world", 1, 4)"#, #""ello""#), (#"substr("hello", -3, -1)"#, #""llo""#),
        (#"substr("hello", -3, 2)"#, #""ll""#), (#"substr("hello", 10, 2)"#, #""""#), (#"substr("hello", 1, 0)"#, #""""#),
        (#"substr("hello", -2, 0)"#, #""lo""#), (#"substr("hello", -9, 2)"#, #""he""#), (#"substr("héllo", 1, 1)"#, #""é""#),
        (#"substr("hello", 1.5, 1)"#, "(unknown)"), (#"substr("hello", 1)"#, "(unknown)"),
        (#"startswith("hello", "he")"#, "true"), (#"startswith("hello", "lo")"#, "false"), (#"startswith("x", "")"#, "true"),
        (#"startswith("a", [1])"#, "(unknown)"),
        (#"endswith("hello", "lo")"#, "true"), (#"endswith("hello", "he")"#, "false"), (#"endswith(21, "1")"#, "true"),
        (#"endswith(null, "1")"#, "(unknown)"),
        (#"strcontains("hello", "ell")"#, "true"), (#"strcontains("hello", "xyz")"#, "false"),
        (#"strcontains("hello", "")"#, "true"), (#"strcontains("a", null)"#, "(unknown)"),
        (#"trimprefix("helloworld", "hello")"#, #""world""#), (#"trimprefix("aaa", "a")"#, #""aa""#),
        (#"trimprefix("hello", "x")"#, #""hello""#), (#"trimprefix([1], "a")"#, "(unknown)"),
        (#"trimsuffix("helloworld", "world")"#, #""hello""#), (#"trimsuffix("hello", "x")"#, #""hello""#),
        (#"trimsuffix("a")"#, "(unknown)"),
        (#"trim("?!hello?!", "!?")"#, #""hello""#), (#"trim("foobar", "far")"#, #""oob""#), (#"trim("aaa", "a")"#, #""""#),
        (#"trim("a")"#, "(unknown)"),
        (#"title("hello world")"#, #""Hello World""#), (#"title("hello-world_x y")"#, #""Hello-World_x Y""#),
        (#"title("élan vital")"#, #""Élan Vital""#), (#"title("ßa")"#, "(unknown)"), (#"title([1])"#, "(unknown)"),
        (#"chomp("hello\n\r\n")"#, #""hello""#), (#"chomp("a\nb")"#, #""a\nb""#), (#"chomp({})"#, "(unknown)"),
        (#"strrev("hello")"#, #""olleh""#), (#"strrev("aé")"#, #""éa""#), (#"strrev([1])"#, "(unknown)"),
        (#"indent(2, "a\nb\n")"#, #""a\n  b\n  ""#), (#"indent(2, "x")"#, #""x""#), (#"indent(-1, "a")"#, "(unknown)"),
        (#"indent(1.5, "a")"#, "(unknown)"),
        (#"formatlist("%s-%d", ["a", "b"], 1)"#, #"["a-1", "b-1"]"#),
        (#"formatlist("%s=%s", ["a", "b"], ["x", "y"])"#, #"["a=x", "b=y"]"#), (#"formatlist("%s", [])"#, "[]"),
        (#"formatlist("%s", [unknown, "b"])"#, #"[(unknown), "b"]"#), (#"formatlist("x")"#, #"["x"]"#),
        (#"formatlist("%s", ["a"], ["b", "c"])"#, "(unknown)"), (#"formatlist("%d", ["a"])"#, "(unknown)"),
        (#"one([])"#, "null"), (#"one(["a"])"#, #""a""#), (#"one([1, 2])"#, "(unknown)"), (#"one("a")"#, "(unknown)"),
        (#"compact(["a", "", null, 1])"#, #"["a", "1"]"#), (#"compact([])"#, "[]"), (#"compact([unknown])"#, "(unknown)"),
        (#"compact([[1]])"#, "(unknown)"),
        (#"zipmap(["a", "b"], [1, 2])"#, #"{"a" = 1, "b" = 2}"#), (#"zipmap(["a", "a"], [1, 2])"#, #"{"a" = 2}"#),
        (#"zipmap(["a"], [1, 2])"#, "(unknown)"), (#"zipmap([null], [1])"#, "(unknown)"),
        (#"coalescelist([], ["a"], ["b"])"#, #"["a"]"#), (#"coalescelist([], [])"#, "(unknown)"),
        (#"coalescelist(["a"], "x")"#, "(unknown)"), (#"coalescelist(null, ["a"])"#, "(unknown)"),
        (#"sort(["b", "a", "C"])"#, #"["C", "a", "b"]"#), (#"sort([10, 9])"#, #"["10", "9"]"#),
        (#"sort(["a", null])"#, "(unknown)"), (#"sort([unknown])"#, "(unknown)"),
        (#"reverse([1, "a", true])"#, #"[true, "a", 1]"#), (#"reverse([])"#, "[]"), (#"reverse("ab")"#, "(unknown)"),
        (#"index(["a", "b", "c"], "b")"#, "1"), (#"index(["a", unknown], "a")"#, "0"), (#"index(["a"], "z")"#, "(unknown)"),
        (#"index([unknown, "b"], "b")"#, "(unknown)"), (#"index([1, 2], "2")"#, "(unknown)"),
        (#"chunklist([1, 2, 3, 4, 5], 2)"#, "[[1, 2], [3, 4], [5]]"), (#"chunklist([1, 2], 0)"#, "[[1, 2]]"),
        (#"chunklist([], 3)"#, "[]"), (#"chunklist([1, "a"], 1)"#, #"[["1"], ["a"]]"#), (#"chunklist([1], -1)"#, "(unknown)"),
        (#"chunklist([1, [2]], 1)"#, "(unknown)"),
        (#"transpose({a = ["1", "2"], b = ["2", "3"]})"#, #"{"1" = ["a"], "2" = ["a", "b"], "3" = ["b"]}"#),
        (#"transpose({b = [1], a = ["1"]})"#, #"{"1" = ["a", "b"]}"#), (#"transpose({a = [[1]]})"#, "(unknown)"),
        (#"transpose([1])"#, "(unknown)"),
        (#"matchkeys(["i-1", "i-2", "i-3"], ["us-a", "us-b", "us-a"], ["us-a"])"#, #"["i-1", "i-3"]"#),
        (#"matchkeys(["a", "b"], [1, 2], ["2"])"#, #"["b"]"#), (#"matchkeys(["a"], ["x"], [])"#, "[]"),
        (#"matchkeys(["a"], [1, 2], [1])"#, "(unknown)"), (#"matchkeys(["a"], [unknown], ["x"])"#, "(unknown)"),
        (#"alltrue([true, "true"])"#, "true"), (#"alltrue([])"#, "true"), (#"alltrue([true, false])"#, "false"),
        (#"alltrue([null])"#, "false"), (#"alltrue([false, unknown])"#, "false"), (#"alltrue([unknown, false])"#, "(unknown)"),
        (#"alltrue([1])"#, "(unknown)"),
        (#"anytrue([false, true])"#, "true"), (#"anytrue([])"#, "false"), (#"anytrue([unknown, true])"#, "true"),
        (#"anytrue([unknown, false])"#, "(unknown)"), (#"anytrue(["yes"])"#, "(unknown)"),
        (#"min(3, 1.5, 2)"#, "1.5"), (#"min([4, 2]...)"#, "2"), (#"min()"#, "(unknown)"), (#"min(1, "a")"#, "(unknown)"),
        (#"max(3, "12")"#, "12"), (#"max(-1, -2)"#, "-1"), (#"max()"#, "(unknown)"), (#"max([1])"#, "(unknown)"),
        (#"sum([1, 2.5, "3"])"#, "6.5"), (#"sum([0.1, 0.2])"#, "0.3"), (#"sum([])"#, "(unknown)"),
        (#"sum([1, "a"])"#, "(unknown)"), (#"sum([1, unknown])"#, "(unknown)"),
        (#"abs(-1.5)"#, "1.5"), (#"abs(2)"#, "2"), (#"abs("x")"#, "(unknown)"),
        (#"ceil(1.2)"#, "2"), (#"ceil(-1.2)"#, "-1"), (#"ceil(-0.5)"#, "0"), (#"ceil(3)"#, "3"), (#"ceil(true)"#, "(unknown)"),
        (#"floor(1.8)"#, "1"), (#"floor(-1.2)"#, "-2"), (#"floor(0.5)"#, "0"), (#"floor(-4)"#, "-4"), (#"floor(null)"#, "(unknown)"),
        (#"signum(-7)"#, "-1"), (#"signum(0)"#, "0"), (#"signum(3)"#, "1"), (#"signum(1.5)"#, "(unknown)"),
        (#"parseint("100", 10)"#, "100"), (#"parseint("FF", 16)"#, "255"), (#"parseint("ff", 16)"#, "255"),
        (#"parseint("-1010", 2)"#, "-10"), (#"parseint("+7", 8)"#, "7"), (#"parseint("zZ", 62)"#, "2231"),
        (#"parseint("12", 2)"#, "(unknown)"), (#"parseint(12, 10)"#, "(unknown)"), (#"parseint("1", 63)"#, "(unknown)"),
        (#"parseint("", 10)"#, "(unknown)"), (#"parseint("1_000", 10)"#, "(unknown)"),
        (#"parseint("ffffffffffffffffffffffffffffffffffff", 16)"#, "(unknown)"),
        (#"jsondecode("{\"a\": [1, true, null, \"x\"], \"b\": {}}")"#, #"{"a" = [1, true, null, "x"], "b" = {}}"#),
        (#"jsondecode(" 1.5e2 ")"#, "150"), (#"jsondecode("\"\\u00e9\"")"#, #""é""#), (#"jsondecode("-0.5")"#, "-0.5"),
        (#"jsondecode("{")"#, "(unknown)"), (#"jsondecode("{\"a\": 1, \"a\": 2}")"#, "(unknown)"),
        (#"jsondecode("01")"#, "(unknown)"), (#"jsondecode("+1")"#, "(unknown)"), (#"jsondecode("[1] x")"#, "(unknown)"),
        (#"jsondecode("1e400")"#, "(unknown)"),
        (#"base64encode("Hello World")"#, #""SGVsbG8gV29ybGQ=""#), (#"base64encode("é")"#, #""w6k=""#),
        (#"base64encode("ab")"#, #""YWI=""#), (#"base64encode("")"#, #""""#), (#"base64encode([1])"#, "(unknown)"),
        (#"base64decode("SGVsbG8gV29ybGQ=")"#, #""Hello World""#), (#"base64decode("YWI=")"#, #""ab""#),
        (#"base64decode("YW\nI=")"#, #""ab""#), (#"base64decode("w6k=")"#, #""é""#), (#"base64decode("YWI")"#, "(unknown)"),
        (#"base64decode("/w==")"#, "(unknown)"), (#"base64decode("Y===")"#, "(unknown)"), (#"base64decode("YW=I")"#, "(unknown)"),
        (#"base64decode("YWI=YWI=")"#, "(unknown)"),
        (#"setproduct(["a", "b"], [1, 2])"#, #"[["a", 1], ["a", 2], ["b", 1], ["b", 2]]"#),
        (#"setproduct(["a", 1], ["b"])"#, #"[["a", "b"], ["1", "b"]]"#), (#"setproduct(["a"], [])"#, "[]"),
        (#"setproduct(["a"])"#, "(unknown)"), (#"setproduct(["a"], "b")"#, "(unknown)"),
        (#"setunion(["b", "a"], ["c", "a"])"#, #"["a", "b", "c"]"#), (#"setunion([3, 1], [2])"#, "[1, 2, 3]"),
        (#"setunion(["a"], [1])"#, #"["1", "a"]"#), (#"setunion([true], [false])"#, "[false, true]"),
        (#"setunion("a")"#, "(unknown)"), (#"setunion([unknown])"#, "(unknown)"),
        (#"setintersection(["a", "b", "c"], ["b", "c", "d"], ["c", "b"])"#, #"["b", "c"]"#),
        (#"setintersection(["1"], [1])"#, #"["1"]"#), (#"setintersection(["a"], ["b"])"#, "[]"),
        (#"setintersection([1], ["a", [1]])"#, "(unknown)"),
        (#"setsubtract(["a", "b", "c"], ["a", "c"])"#, #"["b"]"#), (#"setsubtract([1, 2], [2, 3])"#, "[1]"),
        (#"setsubtract(["a"])"#, "(unknown)"), (#"setsubtract(["a"], ["b"], ["c"])"#, "(unknown)"),
    ]

    @Test(arguments: moreCases)
    func evaluatesMore(source: String, expected: String) {
        evaluates(source: source, expected: expected)
    }

    /// Results that would outgrow the limits are refused without being built: each call must
    /// be unknown (the evaluator's final size check is bypassed here) and fast.
    @Test func refusesHugeResultsQuickly() {
        func call(_ name: String, _ args: [Value]) -> Value {
            StandardFunctions.all[name]?.implementation(args) ?? .string("missing \(name)")
        }
        let hundred = Value.tuple((0..<100).map { .int($0) })
        let big = Value.string(String(repeating: "x", count: 900_000))
        let clock = ContinuousClock()
        let elapsed = clock.measure {
            #expect(call("range", [.int(100_000_000)]) == .unknown)
            #expect(call("range", [.int(0), .number(Decimal(string: "1e12")!), .int(1)]) == .unknown)
            #expect(call("range", [.int(100_000_000), .int(0)]) == .unknown)
            #expect(call("setproduct", [hundred, hundred, hundred, hundred]) == .unknown)
            #expect(call("setproduct", [hundred, hundred, .tuple([.tuple(Array(repeating: hundred, count: 100))])]) == .unknown)
            #expect(call("formatlist", [big, .tuple((0..<1_000).map { .int($0) })]) == .unknown)
            #expect(call("formatlist", [.string("%s%s"), .tuple(Array(repeating: big, count: 1_000)), big]) == .unknown)
            #expect(call("format", [.string("%s%s"), big, big]) == .unknown)
            #expect(call("indent", [.int(1_000_000), .string("a\nb\nc")]) == .unknown)
            #expect(call("indent", [.int(1_000_000_000_000), .string("a")]) == .unknown)
            #expect(call("base64encode", [big]) == .unknown)
            let manyItems = "[" + String(repeating: "0,", count: 150_000) + "0]"
            #expect(call("jsondecode", [.string(manyItems)]) == .unknown)
            let nested = "[" + String(repeating: "[[],", count: 60_000) + "[]]"
            #expect(call("jsondecode", [.string(nested)]) == .unknown)
        }
        #expect(elapsed < .seconds(3), "\(elapsed)")
    }

    /// Just under the limits, the same functions still answer.
    @Test func answersJustUnderTheLimits() {
        func evaluate(_ source: String) -> String {
            NativeSyntax.parseExpression(source).0.evaluate(in: Self.context).description
        }
        #expect(evaluate("length(range(99999))") == "99999")
        #expect(evaluate("length(setproduct(range(100), range(300)))") == "30000")
        #expect(evaluate("length(formatlist(\"%d\", range(50000)))") == "50000")
        #expect(evaluate("length(jsondecode(jsonencode(range(50000))))") == "50000")
        #expect(evaluate("length(base64encode(join(\"\", formatlist(\"%s\", range(10000)))))") == "51856")
    }

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
            "tostring", "tonumber", "tobool", "range", "slice", "substr", "startswith", "endswith", "strcontains",
            "trimprefix", "trimsuffix", "trim", "title", "chomp", "strrev", "indent", "formatlist", "one", "compact",
            "zipmap", "coalescelist", "sort", "reverse", "index", "chunklist", "transpose", "matchkeys", "alltrue",
            "anytrue", "min", "max", "sum", "abs", "ceil", "floor", "signum", "parseint", "jsondecode",
            "base64encode", "base64decode", "setproduct", "setunion", "setintersection", "setsubtract",
        ]
        #expect(Set(StandardFunctions.all.keys) == Set(names))
    }
}
