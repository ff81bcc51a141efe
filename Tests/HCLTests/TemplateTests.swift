import Testing
import HCL

/// Templates (REFERENCE §2.4): escapes, interpolation, directives, strip markers, heredocs.
/// Each case is parsed as an attribute value and evaluated with `name = "World"`,
/// `items = ["a", "b"]`, `flag = true`, `n = 3`.
@Suite struct TemplateTests {
    static let context = EvaluationContext(variables: [
        "name": .string("World"),
        "items": .tuple([.string("a"), .string("b")]),
        "flag": .bool(true),
        "n": .int(3),
    ])

    static let cases: [(String, String)] = [
        (#""Hello, ${name}!""#, "Hello, World!"),
        (#""a\nb\tc\"d\\e""#, "a\nb\tc\"d\\e"),
        (#""\u00e9\U0001F600""#, "é😀"),
        (#""$${name} %%{x}""#, "${name} %{x}"),
        (#""$$ and %% alone""#, "$$ and %% alone"),
        (#""n=${n}""#, "n=3"),
        (#""is ${flag}""#, "is true"),
        (#""%{if flag}yes%{else}no%{endif}""#, "yes"),
        (#""%{if !flag}yes%{endif}""#, ""),
        (#""%{for x in items}[${x}]%{endfor}""#, "[a][b]"),
        (#""%{for i, x in items}${i}:${x},%{endfor}""#, "0:a,1:b,"),
        (#""a   ${~ name ~}   b""#, "aWorldb"),
        (#""x %{~ if flag ~} y %{~ endif ~} z""#, "xyz"),
        ("<<EOT\nhello\n  ${name}\nEOT", "hello\n  World\n"),
        ("<<-EOT\n    hello\n      ${name}\n    EOT", "hello\n  World\n"),
        ("<<-EOT\n  a\n\n  b\n  EOT", "a\n\nb\n"),
        ("<<EOT\n%{ for x in items ~}\n- ${x}\n%{ endfor ~}\nEOT", "- a\n- b\n"),
        ("<<EOT\n\\n stays $${x}\nEOT", "\\n stays ${x}\n"),
        ("<<EOT\nEOT", ""),
        ("<<-EOT\n    Foo\n  Bar\n    Baz\n  EOT", "  Foo\nBar\n  Baz\n"),
        ("<<-EOT\n\tFoo\n  Bar\n  EOT", "Foo\n Bar\n"),
        ("<<-EOT\n  \u{2003}Foo\n   Bar\n  EOT", "Foo\nBar\n"),
        ("<<-EOT\n    Foo\n  ${name}\n    Baz\n  EOT", "  Foo\nWorld\n  Baz\n"),
        ("<<-EOT\n    a\n      ${name}\n  EOT", "a\n  World\n"),
        ("<<EOT\n  EOTX\n  EOT", "  EOTX\n"),
    ]

    @Test(arguments: cases)
    func evaluates(source: String, expected: String) {
        let result = NativeSyntax.parse("v = " + source + "\n")
        #expect(result.diagnostics.isEmpty, "\(result.diagnostics)")
        let value = result.body.attribute(named: "v")?.expression.evaluate(in: Self.context)
        #expect(value == .string(expected))
    }

    @Test func aLoneInterpolationKeepsItsType() {
        let (expression, _) = NativeSyntax.parseExpression(#""${n}""#)
        #expect(expression.evaluate(in: Self.context) == .int(3))
        let (list, _) = NativeSyntax.parseExpression(#""${items}""#)
        #expect(list.evaluate(in: Self.context) == Self.context.variables["items"])
    }

    @Test func directivesParseToTheirOwnNodes() {
        let (expression, diagnostics) = NativeSyntax.parseExpression(#""%{if a}x%{else}y%{endif}%{for k, v in m}${k}%{endfor}""#)
        #expect(diagnostics.isEmpty)
        #expect(expression.dump == #"(tpl (%if $a (tpl "x") (tpl "y")) (%for k v $m (tpl $k)))"#)
    }

    @Test func heredocKeepsItsFinalNewlineAndNoEscapes() {
        let result = NativeSyntax.parse("v = <<EOT\na\\tb\nEOT\nw = 1\n")
        #expect(result.diagnostics.isEmpty)
        #expect(result.body.attribute(named: "v")?.expression.staticString == "a\\tb\n")
        #expect(result.body.attribute(named: "w") != nil)
    }

    /// HCL trims the closing line at both ends before comparing it with the marker, so
    /// Terraform takes blanks after the marker (an editor's trailing spaces).
    @Test func aHeredocMarkerMayHaveBlanksAfterIt() {
        let result = NativeSyntax.parse("v = <<POLICY\n{}\nPOLICY  \t\nw = 1\nx = <<-EOT\n  a\n  EOT \r\n")
        #expect(result.diagnostics.isEmpty, "\(result.diagnostics)")
        #expect(result.body.attribute(named: "v")?.expression.staticString == "{}\n")
        #expect(result.body.attribute(named: "w") != nil)
        #expect(result.body.attribute(named: "x")?.expression.staticString == "a\n")
        // A no-break space is white space to HCL as well.
        #expect(NativeSyntax.parse("v = <<EOT\na\nEOT\u{00A0}\nw = 1\n").diagnostics.isEmpty)
        // A marker followed by more than blanks is text.
        let open = NativeSyntax.parse("v = <<EOT\nEOT x\n")
        #expect(open.diagnostics.contains { (diagnostic: HCLDiagnostic) in diagnostic.message == "Unterminated heredoc" })
    }
}
