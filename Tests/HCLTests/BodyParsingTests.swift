import Testing
import HCL

/// The structure of bodies (REFERENCE §2.2): attributes, blocks with identifier and string
/// labels, nesting, one-line blocks and the three comment styles.
@Suite struct BodyParsingTests {
    static let cases: [(String, String)] = [
        ("", ""),
        ("a = 1", "a = 1"),
        ("a = 1\nb = \"x\"\n", "a = 1\nb = (tpl \"x\")"),
        ("\n\n  a = 1  \n\n", "a = 1"),
        ("a = 1\r\nb = 2\r\n", "a = 1\nb = 2"),
        ("block {\n}\n", "block {\n}"),
        ("resource \"aws_s3_bucket\" \"b\" {\n  bucket = \"x\"\n}\n",
         "resource \"aws_s3_bucket\" \"b\" {\n  bucket = (tpl \"x\")\n}"),
        ("provider aws {\n  region = var.r\n}", "provider \"aws\" {\n  region = (. $var r)\n}"),
        ("a {\n  b {\n    c {\n      d = 1\n    }\n  }\n}", "a {\n  b {\n    c {\n      d = 1\n    }\n  }\n}"),
        ("a {\n  x = 1\n}\na {\n  x = 2\n}", "a {\n  x = 1\n}\na {\n  x = 2\n}"),
        ("one { x = 1 }\n", "one {\n  x = 1\n}"),
        ("empty {}\n", "empty {\n}"),
        ("lbl \"a\" { x = [1, 2] }", "lbl \"a\" {\n  x = [1 2]\n}"),
        ("\"esc\" = 1", ""),
        ("label \"a\\\"b\" {\n}", "label \"a\\\"b\" {\n}"),
        // Comments: # and // end a line; /* */ is whitespace and may span lines.
        ("# c\na = 1 # trailing\n// c2\nb = 2 // t\n", "a = 1\nb = 2"),
        ("a = /* inline */ 1\n/*\n multi\n line\n*/\nb = 2", "a = 1\nb = 2"),
        ("a = 1 # no newline at end", "a = 1"),
        ("blk { # comment after brace\n  x = 1\n}", "blk {\n  x = 1\n}"),
        // Newlines inside brackets are ignored; identifiers may contain dashes.
        ("a = [\n  1,\n  2,\n]\nb-c = f(\n  1\n)\n", "a = [1 2]\nb-c = (call f 1)"),
        ("a = {\n  k = [\n    1\n  ]\n}", "a = {\"k\"=[1]}"),
        ("ünï = 1", "ünï = 1"),
    ]

    @Test(arguments: cases)
    func parses(source: String, expected: String) {
        let result = NativeSyntax.parse(source)
        if source.hasPrefix("\"") {
            #expect(result.hasErrors)
        } else {
            #expect(result.diagnostics.isEmpty, "\(result.diagnostics)")
        }
        #expect(result.body.dump == expected)
    }

    @Test func attributesAndBlocksKeepSourceOrderSeparately() {
        let body = NativeSyntax.parse("b {\n}\na = 1\nc {\n}\nd = 2\n").body
        #expect(body.attributes.map(\.name) == ["a", "d"])
        #expect(body.blocks.map(\.type) == ["b", "c"])
        #expect(body.blocks(ofType: "c").count == 1)
    }

    @Test func parsesAFileFromDisk() throws {
        let result = NativeSyntax.parse(try Fixtures.bytes("s3.tf"))
        #expect(result.diagnostics.isEmpty, "\(result.diagnostics)")
        #expect(result.body.blocks.map(\.type) == ["terraform", "provider", "provider", "resource", "resource", "locals", "module", "output"])
        let bucket = result.body.blocks[3]
        #expect(bucket.labels == ["aws_s3_bucket", "assets"])
        #expect(bucket.body.attributes.map(\.name) == ["bucket", "provider", "tags"])
        #expect(bucket.body.blocks.map(\.type) == ["versioning", "lifecycle_rule", "dynamic"])
    }
}
