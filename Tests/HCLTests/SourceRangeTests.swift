import Testing
import HCL

/// Every node carries a start and end (line, column, byte); these pin down the conventions:
/// 1-based lines and columns counted in Unicode scalars, 0-based byte offsets, end exclusive.
@Suite struct SourceRangeTests {
    static let source = """
        # comment
        name = "héllo ${var.x}"
        block "l" {
          n = [1, 2]
        }
        """

    func text(_ range: SourceRange) -> String {
        let bytes = Array(Self.source.utf8)
        return String(decoding: bytes[range.start.byte..<range.end.byte], as: UTF8.self)
    }

    @Test func attributeRanges() throws {
        let body = NativeSyntax.parse(Self.source).body
        let attribute = try #require(body.attribute(named: "name"))
        #expect(attribute.nameRange.start == SourcePosition(line: 2, column: 1, byte: 10))
        #expect(attribute.nameRange.end == SourcePosition(line: 2, column: 5, byte: 14))
        #expect(text(attribute.range) == "name = \"héllo ${var.x}\"")
        #expect(text(attribute.expression.range) == "\"héllo ${var.x}\"")
        // Columns count scalars: "é" is two bytes but one column.
        #expect(attribute.expression.range.end.column == 24)
        #expect(attribute.expression.range.end.byte == 34)
    }

    @Test func templatePartRanges() throws {
        let expression = try #require(NativeSyntax.parse(Self.source).body.attribute(named: "name")).expression
        guard case .template(let parts) = expression.kind else {
            Issue.record("not a template: \(expression.dump)")
            return
        }
        #expect(parts.map { text($0.range) } == ["héllo ", "var.x"])
    }

    @Test func blockRanges() throws {
        let block = try #require(NativeSyntax.parse(Self.source).body.blocks.first)
        #expect(text(block.typeRange) == "block")
        #expect(block.labelRanges.map(text) == ["\"l\""])
        #expect(block.range.start.line == 3 && block.range.end.line == 5)
        #expect(text(block.range).hasSuffix("}"))
        let n = try #require(block.body.attribute(named: "n"))
        #expect(n.range.start == SourcePosition(line: 4, column: 3, byte: 49))
        guard case .tuple(let items) = n.expression.kind else {
            Issue.record("not a tuple")
            return
        }
        #expect(items.map { text($0.range) } == ["1", "2"])
    }

    static let expressions: [(String, String)] = [
        ("a.b[0]", "a.b[0]"),
        ("f(x, y)", "f(x, y)"),
        ("a ? b : c", "a ? b : c"),
        ("1 + 2 * 3", "1 + 2 * 3"),
        ("-x", "-x"),
        ("[for v in l : v]", "[for v in l : v]"),
        ("a[*].b", "a[*].b"),
        ("(a)", "(a)"),
        ("{a = 1}", "{a = 1}"),
    ]

    @Test(arguments: expressions)
    func expressionRangeCoversItsText(source: String, expected: String) {
        let (expression, _) = NativeSyntax.parseExpression(source)
        let bytes = Array(source.utf8)
        let covered = String(decoding: bytes[expression.range.start.byte..<expression.range.end.byte], as: UTF8.self)
        #expect(covered == expected)
    }

    @Test func diagnosticsHaveRanges() {
        let result = NativeSyntax.parse("a = \"x\\q\"\n")
        let range = result.diagnostics[0].range
        #expect(range.start == SourcePosition(line: 1, column: 7, byte: 6))
        #expect(range.end == SourcePosition(line: 1, column: 9, byte: 8))
    }
}
