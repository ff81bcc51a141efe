import Testing
import HCL

/// The variables an expression reads, as a Terraform reader uses them to link resources.
@Suite struct ReferenceTests {
    static let cases: [(String, [String])] = [
        ("1 + 2", []),
        ("var.region", ["var.region"]),
        ("aws_s3_bucket.assets.arn", ["aws_s3_bucket.assets.arn"]),
        ("aws_instance.web[0].id", ["aws_instance.web"]),
        ("local.m[var.k].x", ["local.m", "var.k"]),
        ("a.0.b", ["a"]),
        ("aws_instance.web[*].id", ["aws_instance.web"]),
        ("module.m.out.*.x", ["module.m.out"]),
        ("\"${var.a}-${local.b}\"", ["var.a", "local.b"]),
        ("f(x, g(y.z))", ["x", "y.z"]),
        ("c ? t.u : e", ["c", "t.u", "e"]),
        ("[for k, v in var.m : \"${k}=${v.x}\" if v != local.skip]", ["var.m", "local.skip"]),
        ("{for s in var.l : s.id => s...}", ["var.l"]),
        ("\"%{for x in var.xs}${x}${y}%{endfor}\"", ["var.xs", "y"]),
        ("[for v in v : v]", ["v"]),
        ("{(var.k) = each.value, plain = count.index}", ["var.k", "each.value", "count.index"]),
        ("(var.o).a", ["var.o"]),
        ("-var.n", ["var.n"]),
    ]

    @Test(arguments: cases)
    func finds(source: String, expected: [String]) {
        let (expression, diagnostics) = NativeSyntax.parseExpression(source)
        #expect(diagnostics.isEmpty)
        #expect(expression.references.map(\.description) == expected)
    }

    @Test func referenceRangesCoverThePath() throws {
        let source = "x = aws_instance.web[0].id\n"
        let attribute = try #require(NativeSyntax.parse(source).body.attribute(named: "x"))
        let reference = try #require(attribute.expression.references.first)
        let bytes = Array(source.utf8)
        #expect(String(decoding: bytes[reference.range.start.byte..<reference.range.end.byte], as: UTF8.self) == "aws_instance.web")
    }
}
