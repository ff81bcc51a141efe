import Testing
import HCL

/// Each expression form of the native syntax (REFERENCE §2.3), parsed and compared with its
/// compact dump: `$x` a root variable, `(. x a)` an attribute, `(idx x k)` an index, `@` the
/// splat element, `(tpl …)` a template.
@Suite struct ExpressionParsingTests {
    static let cases: [(String, String)] = [
        // Literals
        ("42", "42"),
        ("1.5", "1.5"),
        ("1e3", "1000"),
        ("2.5E-1", "0.25"),
        ("-7", "-7"),
        ("true", "true"),
        ("false", "false"),
        ("null", "null"),
        // Collections
        ("[]", "[]"),
        ("[1, 2, 3,]", "[1 2 3]"),
        ("[\n  1,\n  2\n]", "[1 2]"),
        ("{}", "{}"),
        ("{a = 1, b: 2}", "{\"a\"=1 \"b\"=2}"),
        ("{\n  a = 1\n  b = 2\n}", "{\"a\"=1 \"b\"=2}"),
        ("{(k) = 1}", "{(paren $k)=1}"),
        ("{\"x y\" = 1}", "{(tpl \"x y\")=1}"),
        // Variables and traversals
        ("var.region", "(. $var region)"),
        ("a.b.c", "(. (. $a b) c)"),
        ("a[0]", "(idx $a 0)"),
        ("a[\"k\"].b", "(. (idx $a (tpl \"k\")) b)"),
        ("a.0", "(idx $a 0)"),
        ("a.0.b", "(. (idx $a 0) b)"),
        ("a[\n0\n]", "(idx $a 0)"),
        ("count.index", "(. $count index)"),
        // Splats
        ("a.*.b", "(.* $a (. @ b))"),
        ("a.*.b.c", "(.* $a (. (. @ b) c))"),
        ("a[*].b[0]", "([*] $a (idx (. @ b) 0))"),
        ("a[*]", "([*] $a @)"),
        ("a.*.b[0]", "(idx (.* $a (. @ b)) 0)"),
        ("aws_instance.web[*].id", "([*] (. $aws_instance web) (. @ id))"),
        // Operators: precedence and left associativity
        ("1 + 2 * 3", "(+ 1 (* 2 3))"),
        ("(1 + 2) * 3", "(* (paren (+ 1 2)) 3)"),
        ("1 - 2 - 3", "(- (- 1 2) 3)"),
        ("8 / 4 / 2", "(/ (/ 8 4) 2)"),
        ("7 % 3 * 2", "(* (% 7 3) 2)"),
        ("a < b == c > d", "(== (< $a $b) (> $c $d))"),
        ("a <= b != c >= d", "(!= (<= $a $b) (>= $c $d))"),
        ("a || b && c", "(|| $a (&& $b $c))"),
        ("a && b || c", "(|| (&& $a $b) $c)"),
        ("!a && !b", "(&& (! $a) (! $b))"),
        ("-a * b", "(* (neg $a) $b)"),
        ("- -a", "(neg (neg $a))"),
        ("!!a", "(! (! $a))"),
        ("1 + 2 == 3 && x", "(&& (== (+ 1 2) 3) $x)"),
        ("a == b == c", "(== (== $a $b) $c)"),
        // Conditionals
        ("a ? b : c", "(? $a $b $c)"),
        ("a ? b : c ? d : e", "(? $a $b (? $c $d $e))"),
        ("x > 1 ? \"big\" : \"small\"", "(? (> $x 1) (tpl \"big\") (tpl \"small\"))"),
        ("a || b ? 1 : 2", "(? (|| $a $b) 1 2)"),
        // Function calls
        ("f()", "(call f)"),
        ("max(1, 2)", "(call max 1 2)"),
        ("max(1, 2,)", "(call max 1 2)"),
        ("concat(a, b...)", "(call concat $a $b ...)"),
        ("f(\n  1,\n  2\n)", "(call f 1 2)"),
        ("provider::aws::arn_parse(x)", "(call provider::aws::arn_parse $x)"),
        ("upper(var.a).b", "(. (call upper (. $var a)) b)"),
        // For expressions
        ("[for v in list : v]", "(for v $list $v)"),
        ("[for i, v in list : v if i > 0]", "(for i v $list $v if (> $i 0))"),
        ("{for k, v in map : k => v}", "(for k v $map $k => $v)"),
        ("{for v in list : v.k => v...}", "(for v $list (. $v k) => $v ...)"),
        ("{for k, v in m : upper(k) => v if v != null}", "(for k v $m (call upper $k) => $v if (!= $v null))"),
        ("[\n  for v in l :\n  v\n]", "(for v $l $v)"),
        ("[for v in l : [for w in v : w]]", "(for v $l (for w $v $w))"),
        // Templates in expressions
        ("\"plain\"", "(tpl \"plain\")"),
        ("\"\"", "(tpl)"),
        ("\"${x}\"", "(wrap $x)"),
        ("\"a${x}b\"", "(tpl \"a\" $x \"b\")"),
        ("\"${a}${b}\"", "(tpl $a $b)"),
        ("\"${ {a = 1}.a }\"", "(wrap (. {\"a\"=1} a))"),
        ("\"${\"inner ${x}\"}\"", "(wrap (tpl \"inner \" $x))"),
        // Parentheses
        ("(a)", "(paren $a)"),
        ("(\n a\n +\n b\n)", "(paren (+ $a $b))"),
    ]

    @Test(arguments: cases)
    func parses(source: String, expected: String) {
        let (expression, diagnostics) = NativeSyntax.parseExpression(source)
        #expect(diagnostics.isEmpty, "\(diagnostics)")
        #expect(expression.dump == expected)
    }

    @Test func foldedNegativeNumberIsALiteral() {
        let (expression, _) = NativeSyntax.parseExpression("-1.5")
        #expect(expression.kind == .literal(.number(-1.5)))
    }

    @Test func objectKeysFromBareIdentifiersAreStrings() {
        let (expression, _) = NativeSyntax.parseExpression("{foo = 1}")
        guard case .object(let items) = expression.kind else {
            Issue.record("not an object: \(expression.dump)")
            return
        }
        #expect(items[0].key.kind == .literal(.string("foo")))
    }

    @Test func traversalPathOfAReference() {
        #expect(NativeSyntax.parseExpression("aws.west").0.traversalPath == ["aws", "west"])
        #expect(NativeSyntax.parseExpression("a[0]").0.traversalPath == nil)
    }
}
