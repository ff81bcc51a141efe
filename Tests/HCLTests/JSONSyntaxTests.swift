import Testing
import HCL

/// The JSON syntax (REFERENCE §2.6) mapped into the same model as the native syntax, with the
/// caller's schema saying which keys are blocks and how many labels they take.
@Suite struct JSONSyntaxTests {
    static let terraform = BlockSchema(labels: [
        "resource": 2, "data": 2, "module": 1, "provider": 1, "variable": 1, "output": 1, "locals": 0, "terraform": 0,
    ])

    static let cases: [(String, String)] = [
        ("{}", ""),
        (#"{"resource": {"aws_s3_bucket": {"b": {"bucket": "x", "force_destroy": true}}}}"#,
         "resource \"aws_s3_bucket\" \"b\" {\n  bucket = (tpl \"x\")\n  force_destroy = true\n}"),
        (#"{"provider": {"aws": [{"region": "us-east-1"}, {"alias": "usw1", "region": "us-west-1"}]}}"#,
         "provider \"aws\" {\n  region = (tpl \"us-east-1\")\n}\nprovider \"aws\" {\n  alias = (tpl \"usw1\")\n  region = (tpl \"us-west-1\")\n}"),
        (#"{"resource": {"t": [{"a": {"x": 1}}, {"b": {"x": 2}}]}}"#,
         "resource \"t\" \"a\" {\n  x = 1\n}\nresource \"t\" \"b\" {\n  x = 2\n}"),
        (#"{"locals": {"a": 1, "//": "a comment"}, "//": "top comment"}"#, "locals {\n  a = 1\n}"),
        (#"{"locals": [{"a": 1}, {"b": 2}]}"#, "locals {\n  a = 1\n}\nlocals {\n  b = 2\n}"),
        (#"{"variable": {"r": {"default": "eu-west-1", "type": "string"}}}"#,
         "variable \"r\" {\n  default = (tpl \"eu-west-1\")\n  type = (tpl \"string\")\n}"),
        (#"{"output": {"o": {"value": "${aws_s3_bucket.b.arn}"}}}"#,
         "output \"o\" {\n  value = (wrap (. (. $aws_s3_bucket b) arn))\n}"),
        (#"{"module": {"m": {"source": "./m", "tags": {"a": "x-${var.y}"}, "list": [1, null, 2.5]}}}"#,
         "module \"m\" {\n  source = (tpl \"./m\")\n  tags = {\"a\"=(tpl \"x-\" (. $var y))}\n  list = [1 null 2.5]\n}"),
        (#"{"unknown_key": {"a": 1}}"#, "unknown_key = {\"a\"=1}"),
        (#"{"resource": {"t": {"n": {"versioning": {"enabled": true}}}}}"#,
         "resource \"t\" \"n\" {\n  versioning = {\"enabled\"=true}\n}"),
        (#"{"locals": {"s": "a\nb \"q\" \u00e9 $${x}"}}"#, "locals {\n  s = (tpl \"a\\nb \\\"q\\\" é ${x}\")\n}"),
    ]

    @Test(arguments: cases)
    func maps(source: String, expected: String) {
        let result = JSONSyntax.parse(source, schema: Self.terraform)
        #expect(result.diagnostics.isEmpty, "\(result.diagnostics)")
        #expect(result.body.dump == expected)
    }

    @Test func bothSyntaxesGiveTheSameModel() {
        let native = NativeSyntax.parse("""
            provider "aws" {
              region = "us-east-1"
            }
            resource "aws_s3_bucket" "b" {
              bucket = "x-${var.y}"
              count  = 2
              tags   = { a = "b", c = [1, true, null] }
              arn    = "${aws_iam_role.r.arn}"
            }
            locals {
              n = 1.5
            }
            """)
        let json = JSONSyntax.parse(#"""
            {
              "provider": {"aws": {"region": "us-east-1"}},
              "resource": {"aws_s3_bucket": {"b": {
                "bucket": "x-${var.y}", "count": 2, "tags": {"a": "b", "c": [1, true, null]},
                "arn": "${aws_iam_role.r.arn}"
              }}},
              "locals": {"n": 1.5}
            }
            """#, schema: Self.terraform)
        #expect(native.diagnostics.isEmpty && json.diagnostics.isEmpty)
        #expect(native.body.dump == json.body.dump)
    }

    /// Each block starts at its innermost label's key, so two resources under one `"resource"`
    /// key are located apart, as hashicorp/hcl locates them.
    @Test func blocksStartAtTheirInnermostLabel() {
        let result = JSONSyntax.parse(#"""
            {
              "resource": {
                "aws_s3_bucket": {
                  "one": {"bucket": "one"},
                  "two": {"bucket": "two"}
                }
              },
              "locals": {"n": 1}
            }
            """#, schema: Self.terraform)
        #expect(result.body.blocks.map { "\($0.type) \($0.labels) \($0.range.start.line)" } == [
            "resource [\"aws_s3_bucket\", \"one\"] 4", "resource [\"aws_s3_bucket\", \"two\"] 5", "locals [] 8",
        ])
    }

    @Test func aLoneInterpolationUnwrapsToItsValue() throws {
        let result = JSONSyntax.parse(#"{"locals": {"r": "${var.r}", "n": "${var.n}"}}"#, schema: Self.terraform)
        let locals = try #require(result.body.blocks.first)
        let context = EvaluationContext(variables: ["var": .object(["r": .string("eu-west-1"), "n": .int(2)])])
        #expect(locals.body.attribute(named: "r")?.expression.evaluate(in: context) == .string("eu-west-1"))
        #expect(locals.body.attribute(named: "n")?.expression.evaluate(in: context) == .int(2))
    }

    @Test func nestedSchemasMakeNestedBlocks() {
        let schema = BlockSchema(blockTypes: [
            "terraform": .init(labels: 0, body: BlockSchema(labels: ["backend": 1, "required_providers": 0]))
        ])
        let result = JSONSyntax.parse(
            #"{"terraform": {"backend": {"s3": {"region": "us-east-1"}}, "required_version": ">= 1.5"}}"#, schema: schema)
        #expect(result.diagnostics.isEmpty)
        #expect(result.body.dump == "terraform {\n  required_version = (tpl \">= 1.5\")\n  backend \"s3\" {\n    region = (tpl \"us-east-1\")\n  }\n}")
    }

    @Test func rangesPointIntoTheFile() throws {
        let source = "{\n  \"locals\": {\n    \"a\": \"x${y}\"\n  }\n}"
        let result = JSONSyntax.parse(source, schema: Self.terraform)
        let attribute = try #require(result.body.blocks.first?.body.attribute(named: "a"))
        #expect(attribute.nameRange.start == SourcePosition(line: 3, column: 5, byte: 20))
        #expect(attribute.expression.range.start == SourcePosition(line: 3, column: 10, byte: 25))
        guard case .template(let parts) = attribute.expression.kind else {
            Issue.record("not a template")
            return
        }
        // The interpolated `y` sits at line 3, column 14 of the file.
        #expect(parts.last?.range.start == SourcePosition(line: 3, column: 14, byte: 29))
    }

    static let errors: [(String, [String])] = [
        ("", ["1:1 Invalid JSON value"]),
        ("[1]", ["1:1 Incorrect JSON value type"]),
        (#"{"a": 1,}"#, ["1:9 Missing object key"]),
        (#"{"a" 1}"#, ["1:6 Missing ':' after object key"]),
        ("{\"a\": \"x\n\"}", ["1:9 Control character in JSON string"]),
        (#"{"a": 1} x"#, ["1:10 Extra characters after the JSON value"]),
        (#"{"a": tru}"#, ["1:7 Invalid JSON value"]),
        (#"{"a": "\q"}"#, ["1:10 Invalid escape in JSON string"]),
        (#"{"resource": "x"}"#, ["1:14 Incorrect JSON value type"]),
        (#"{"resource": {"t": {"n": [1]}}}"#, ["1:27 Incorrect JSON value type"]),
        (#"{"a": 1, "a": 2}"#, ["1:10 Duplicate argument \"a\""]),
        (#"{"a": "${x"}"#, ["1:8 Unterminated template sequence"]),
        (#"{"a": 1.5e}"#, ["1:7 Invalid JSON number 1.5e"]),
    ]

    @Test(arguments: errors)
    func reportsLocatedErrors(source: String, expected: [String]) {
        let result = JSONSyntax.parse(source, schema: Self.terraform)
        #expect(result.diagnostics.map { "\($0.range.start.line):\($0.range.start.column) \($0.message)" } == expected)
    }

    @Test func errorsKeepThePartialBody() {
        let result = JSONSyntax.parse(#"{"resource": "x", "locals": {"a": 1}}"#, schema: Self.terraform)
        #expect(result.hasErrors)
        #expect(result.body.dump == "locals {\n  a = 1\n}")
    }
}
