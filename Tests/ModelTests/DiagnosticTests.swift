import Testing
@testable import Model

@Suite struct DiagnosticTests {
    @Test func printsLikeACompiler() {
        let d = Diagnostic(.error, "unclosed block", detail: "add a closing brace", path: "main.tf", line: 12)
        #expect(d.description == "main.tf:12: error: unclosed block (add a closing brace)")
        #expect(Diagnostic(.note, "x").description == "note: x")
    }

    @Test func sortsByLocationThenSeverity() {
        let a = Diagnostic(.warning, "b", path: "a.yaml", line: 3)
        let b = Diagnostic(.error, "a", path: "a.yaml", line: 3)
        let c = Diagnostic(.note, "z", path: "a.yaml", line: 1)
        #expect([a, b, c].sorted() == [c, a, b])
        #expect(Diagnostic.Severity.note < .warning && Diagnostic.Severity.warning < .error)
    }
}
