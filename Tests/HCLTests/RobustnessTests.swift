import Testing
import HCL
import TestSupport

/// The parser must return — never trap, overflow the stack or loop — on any input, and keep
/// its nesting limit.
@Suite struct RobustnessTests {
    static let fragments: [String] = [
        "a", "=", "1", "\"", "${", "%{", "}", "{", "[", "]", "(", ")", "\n", "<<EOT\n", "EOT\n", "<<-X\n", "X",
        ".", "*", "[*]", "...", "?", ":", "for", "in", "if", "endif", "endfor", "else", "~", "#", "//", "/*", "*/",
        "\\", "$${", "%%{", ",", "=>", "::", "-", "!", "&&", "||", "==", "é", "\u{FEFF}", "0.0", "1e", "\r\n", " ",
    ]

    /// Inputs made by mutating a realistic file byte by byte, and by gluing random fragments.
    static func inputs() throws -> [[UInt8]] {
        let seed = try Fixtures.bytes("s3.tf")
        var generator = SplitMix64(state: 42)
        var inputs: [[UInt8]] = []
        for _ in 0..<250 {
            var bytes = seed
            for _ in 0..<Int.random(in: 1...12, using: &generator) {
                let i = Int.random(in: 0..<bytes.count, using: &generator)
                switch Int.random(in: 0..<4, using: &generator) {
                case 0: bytes.remove(at: i)
                case 1: bytes.insert(UInt8.random(in: 0...255, using: &generator), at: i)
                case 2: bytes[i] = Array("{}[]()\"$%~=\n<-.*".utf8).randomElement(using: &generator) ?? 0
                default:
                    let j = min(bytes.count, i + Int.random(in: 1...40, using: &generator))
                    bytes.removeSubrange(i..<j)
                }
            }
            inputs.append(bytes)
        }
        for _ in 0..<250 {
            let count = Int.random(in: 1...60, using: &generator)
            let text = (0..<count).map { _ in fragments.randomElement(using: &generator) ?? "" }.joined()
            inputs.append(Array(text.utf8))
        }
        return inputs
    }

    @Test func everyMutatedJSONInputReturns() throws {
        let seed = try Fixtures.bytes("main.tf.json")
        let clean = JSONSyntax.parse(seed, schema: JSONSyntaxTests.terraform)
        #expect(clean.diagnostics.isEmpty, "\(clean.diagnostics)")
        #expect(clean.body.blocks.count == 9)
        var generator = SplitMix64(state: 7)
        for _ in 0..<300 {
            var bytes = seed
            for _ in 0..<Int.random(in: 1...8, using: &generator) {
                let i = Int.random(in: 0..<bytes.count, using: &generator)
                if Bool.random(using: &generator) {
                    bytes[i] = Array("{}[]\":,\\$%~u0 ".utf8).randomElement(using: &generator) ?? 0
                } else {
                    bytes.remove(at: i)
                }
            }
            let result = JSONSyntax.parse(bytes, schema: JSONSyntaxTests.terraform)
            _ = result.body.dump
            for diagnostic in result.diagnostics {
                #expect(diagnostic.range.start.byte <= bytes.count)
            }
            let text = String(decoding: bytes, as: UTF8.self)
            _ = NativeSyntax.parseTemplate(text).0.evaluate()
            _ = NativeSyntax.parseExpression(text).0.evaluate()
        }
    }

    @Test func everyMutatedInputReturns() throws {
        let context = EvaluationContext(variables: ["var": .object(["region": .string("us-east-1")])])
        for input in try Self.inputs() {
            let result = NativeSyntax.parse(input)
            // Walk the partial tree the way readers will: dump it and evaluate every attribute.
            _ = result.body.dump
            visit(result.body) { _ = $0.expression.evaluate(in: context) }
            for diagnostic in result.diagnostics {
                #expect(diagnostic.range.start.byte <= input.count)
                #expect(diagnostic.range.start.line >= 1 && diagnostic.range.start.column >= 1)
            }
            let json = JSONSyntax.parse(input, schema: BlockSchema(labels: ["resource": 2]))
            _ = json.body.dump
        }
    }

    private func visit(_ body: Body, _ action: (Attribute) -> Void) {
        body.attributes.forEach(action)
        for block in body.blocks { visit(block.body, action) }
    }

    static let deepInputs: [(String, String)] = [
        ("brackets", "a = " + String(repeating: "[", count: 20_000)),
        ("parentheses", "a = " + String(repeating: "(", count: 20_000) + "1" + String(repeating: ")", count: 20_000)),
        ("objects", "a = " + String(repeating: "{a = ", count: 20_000)),
        ("blocks", String(repeating: "b {\n", count: 20_000)),
        ("negations", "a = " + String(repeating: "-", count: 20_000) + "1"),
        ("nots", "a = " + String(repeating: "!", count: 20_000) + "true"),
        ("attributes", "a = x" + String(repeating: ".b", count: 20_000)),
        ("indexes", "a = x" + String(repeating: "[0]", count: 20_000)),
        ("interpolations", "a = " + String(repeating: "\"${", count: 20_000)),
        ("directives", "a = \"" + String(repeating: "%{if x}", count: 20_000) + "\""),
        ("calls", "a = " + String(repeating: "f(", count: 20_000)),
        ("json", String(repeating: "[", count: 20_000)),
    ]

    @Test(arguments: deepInputs)
    func deepNestingIsADiagnostic(name: String, source: String) {
        let result = name == "json"
            ? JSONSyntax.parse(source, schema: BlockSchema(labels: [:])) : NativeSyntax.parse(source)
        #expect(result.diagnostics.contains { $0.message == "Nesting too deep" })
        _ = result.body.dump
        result.body.attributes.forEach {
            _ = $0.expression.evaluate()
            _ = $0.expression.references
        }
    }

    /// A chain of operators short of the limit parses and evaluates; a longer one (each
    /// operator nests the tree one level, and 8,000 crashed whatever walked it) is read to its
    /// end, stands as an unknown value with a warning, and the rest of the file is read.
    @Test func longOperatorChainsAreReadButNotBuilt() {
        let result = NativeSyntax.parse("a = 1" + String(repeating: " + 1", count: 200) + "\n")
        #expect(result.diagnostics.isEmpty)
        #expect(result.body.attributes.first?.expression.evaluate() == .int(201))
        for chain in ["1" + String(repeating: " + 1", count: 8_000), "x" + String(repeating: " && y", count: 8_000)] {
            let long = NativeSyntax.parse("a = \(chain)\nb = 2\n")
            #expect(long.diagnostics.map(\.message) == ["Expression too long"])
            #expect(long.diagnostics.allSatisfy { $0.severity == .warning })
            #expect(long.body.attributes.map(\.name) == ["a", "b"])
            #expect(long.body.attributes.first?.expression.evaluate() == .unknown)
            #expect(long.body.attributes.first?.expression.references.isEmpty == true)
            #expect(long.body.attributes.last?.expression.evaluate() == .int(2))
        }
    }

    /// A `for` stops once its elements are past the size limit, instead of building them all
    /// first (3,000 copies of a 100,000-element list took 4 GB), and a call over a large value
    /// draws from the budget by its size (a million calls over one took minutes).
    @Test func largeValuesStopEarlyAndDrawFromTheBudget() {
        let copies = NativeSyntax.parseExpression("[for i in range(3000) : concat(range(99999), [i])]").0
        #expect(copies.evaluate() == .unknown)
        var context = EvaluationContext(variables: ["big": .tuple((0..<99_999).map { .int($0) })])
        context.budget = EvaluationBudget(steps: 100_000)
        let calls = NativeSyntax.parseExpression("[for i in range(1000) : [for j in range(1000) : length(big)]]").0
        #expect(calls.evaluate(in: context) == .unknown)
        #expect(context.budget?.isSpent == true)
    }

    @Test func nestingJustUnderTheLimitParses() {
        let depth = 250
        let source = "a = " + String(repeating: "[", count: depth) + "1" + String(repeating: "]", count: depth) + "\n"
        let result = NativeSyntax.parse(source)
        #expect(result.diagnostics.isEmpty)
        var value = result.body.attributes[0].expression.evaluate()
        for _ in 0..<depth {
            guard case .tuple(let items) = value, items.count == 1 else {
                Issue.record("expected a one-element list, got \(value)")
                return
            }
            value = items[0]
        }
        #expect(value == .int(1))
    }
}
