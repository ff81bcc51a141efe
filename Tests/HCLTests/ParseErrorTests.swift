import Testing
import HCL

/// Broken input: every problem is reported at its line and column, and the parse carries on
/// to give the rest of the file (a partial tree) rather than stopping at the first error.
@Suite struct ParseErrorTests {
    struct Case: CustomTestStringConvertible, Sendable {
        var source: String
        /// `line:column message` for each diagnostic, in order.
        var diagnostics: [String]
        var tree: String
        var testDescription: String { source.replacingOccurrences(of: "\n", with: "⏎") }
    }

    static let cases: [Case] = [
        Case(source: "a = \nb = 2\n", diagnostics: ["1:5 Invalid expression"], tree: "a = <invalid>\nb = 2"),
        Case(source: "a = 1 2\nb = 2\n", diagnostics: ["1:7 Missing newline after argument definition"], tree: "a = 1\nb = 2"),
        Case(source: "blk {\n  x = 1\n", diagnostics: ["1:5 Unclosed block \"blk\""], tree: "blk {\n  x = 1\n}"),
        Case(source: "a = 1\na = 2\n", diagnostics: ["2:1 Duplicate argument \"a\""], tree: "a = 1\na = 2"),
        Case(
            source: "blk {\n  x = 1\n  y = 2\n  x = 3\n}\n", diagnostics: ["4:3 Duplicate argument \"x\""],
            tree: "blk {\n  x = 1\n  y = 2\n  x = 3\n}"),
        Case(source: "a = \"abc\nb = 2\n", diagnostics: ["1:9 Unterminated template string"], tree: "a = (tpl \"abc\")\nb = 2"),
        Case(source: "a = [1, 2\nb = 2\n", diagnostics: ["1:5 Unterminated list"], tree: "a = [1 2]\nb = 2"),
        Case(source: "a = f(1,\n  2\nb = 2\n", diagnostics: ["1:6 Unterminated function call"], tree: "a = (call f 1 2)\nb = 2"),
        Case(
            source: "one { x = 1 y = 2 }\nz = 3\n", diagnostics: ["1:13 Invalid single-line block"],
            tree: "z = 3\none {\n  x = 1\n}"),
        Case(
            source: "one { x = 1\n  y = 2 }\nz = 3\n", diagnostics: ["1:12 Invalid single-line block"],
            tree: "z = 3\none {\n  x = 1\n}"),
        Case(source: "}\na = 1\n", diagnostics: ["1:1 Unexpected closing brace"], tree: "a = 1"),
        Case(source: "a = \"\\q\"\n", diagnostics: ["1:6 Invalid escape sequence \\q"], tree: "a = (tpl)"),
        Case(source: "a = x.0.0\nb = 1\n", diagnostics: ["1:7 Invalid legacy index"], tree: "a = <invalid>\nb = 1"),
        Case(
            source: "a = \"${x\"\nb = 1\n",
            diagnostics: ["1:9 Extra characters in template sequence", "1:10 Unterminated template string"],
            tree: "a = (wrap $x)\nb = 1"),
        Case(
            source: "a = \"x${y + \"z}\"\nb = 1\n", diagnostics: ["1:7 Unterminated template sequence"],
            tree: "a = (tpl \"x\" (+ $y (tpl \"z}\")))\nb = 1"),
        Case(source: "a = <<EOT\nhello\n", diagnostics: ["1:5 Unterminated heredoc"], tree: "a = (tpl \"hello\\n\")"),
        Case(
            source: "a = \"%{if x}y\"\nb = 1\n", diagnostics: ["1:6 Unterminated %{if}"],
            tree: "a = (tpl (%if $x (tpl \"y\")))\nb = 1"),
        Case(source: "a = \"%{endif}\"\n", diagnostics: ["1:6 Unexpected %{endif}"], tree: "a = (tpl)"),
        Case(source: "a = \"%{bogus}\"\n", diagnostics: ["1:8 Invalid template directive"], tree: "a = (tpl)"),
        Case(source: "blk \"${x}\" {\n}\n", diagnostics: ["1:6 Invalid block label"], tree: "blk \"\" {\n}"),
        Case(
            source: "a = f(1 2)\nb = {x = 1 y = 2}\nc = 1\n",
            diagnostics: ["1:9 Missing argument separator", "2:12 Missing attribute separator"],
            tree: "a = (call f 1)\nb = {\"x\"=1}\nc = 1"),
        Case(
            source: "a = 1 ? 2\nb = 3\n", diagnostics: ["1:10 Missing false expression in conditional"],
            tree: "a = <invalid>\nb = 3"),
        Case(source: "/* open\na = 1\n", diagnostics: ["1:1 Unterminated comment"], tree: ""),
        Case(source: "a = 1 @ 2\nb = 3\n", diagnostics: ["1:7 Invalid character \"@\""], tree: "a = 1\nb = 3"),
        Case(
            source: "blk {\n  a = \n  b = 2\n}\nc = 3\n", diagnostics: ["2:7 Invalid expression"],
            tree: "c = 3\nblk {\n  a = <invalid>\n  b = 2\n}"),
        Case(source: "a = [for x in y]\nb = 1\n", diagnostics: ["1:16 Invalid for expression"], tree: "a = <invalid>\nb = 1"),
        Case(source: "a = {for x in y : x}\n", diagnostics: ["1:20 Invalid for expression"], tree: "a = <invalid>"),
        Case(source: "= 1\nb = 2\n", diagnostics: ["1:1 Argument or block definition required"], tree: "b = 2"),
        Case(source: "blk \"a\" b c\nd = 1\n", diagnostics: ["1:12 Invalid block definition"], tree: "d = 1"),
        Case(source: "a = (1 + 2\nb = 1\n", diagnostics: ["2:1 Unbalanced parentheses"], tree: "a = <invalid>\nb = 1"),
        Case(
            source: "x {\n  a = 1 +\n}\ny = 2\n", diagnostics: ["2:10 Invalid expression"],
            tree: "y = 2\nx {\n  a = <invalid>\n}"),
        // Several independent mistakes: all are reported, in order.
        Case(
            source: "a = \nb = [1 2]\nc {\n  d = )\n}\ne = 5\n",
            diagnostics: ["1:5 Invalid expression", "2:8 Missing item separator", "4:7 Invalid expression"],
            tree: "a = <invalid>\nb = [1]\ne = 5\nc {\n  d = <invalid>\n}"),
    ]

    @Test(arguments: cases)
    func reportsAndRecovers(_ c: Case) {
        let result = NativeSyntax.parse(c.source)
        let got = result.diagnostics.map { "\($0.range.start.line):\($0.range.start.column) \($0.message)" }
        #expect(got == c.diagnostics)
        #expect(result.diagnostics.allSatisfy { $0.severity == .error && !$0.detail.isEmpty })
        #expect(result.body.dump == c.tree)
    }

    /// Terraform skips a leading UTF-8 byte order mark in both syntaxes; refusing it made a
    /// check fail on a file Terraform applies.
    @Test func aByteOrderMarkIsSkippedAsTerraformDoes() {
        let result = NativeSyntax.parse([0xEF, 0xBB, 0xBF] + Array("a = 1\n".utf8))
        #expect(result.diagnostics.isEmpty)
        #expect(result.body.dump == "a = 1")
        let json = JSONSyntax.parse([0xEF, 0xBB, 0xBF] + Array(#"{"locals": {"a": 1}}"#.utf8), schema: JSONSyntaxTests.terraform)
        #expect(json.diagnostics.isEmpty)
        #expect(json.body.blocks.first?.body.attributes.map(\.name) == ["a"])
    }

    @Test func invalidUTF8IsReportedWhereItIs() {
        let result = NativeSyntax.parse(Array("a = 1\nb = \"".utf8) + [0xFF] + Array("\"\n".utf8))
        #expect(result.diagnostics.map(\.message) == ["Invalid UTF-8"])
        #expect(result.diagnostics.first?.range.start == SourcePosition(line: 2, column: 6, byte: 11))
        #expect(result.body.attributes.map(\.name) == ["a", "b"])
    }

    @Test func duplicateArgumentPointsAtTheFirst() {
        let result = NativeSyntax.parse("a = 1\n\n\na = 2\n")
        #expect(result.diagnostics.first?.detail.contains("line 1") == true)
    }
}
