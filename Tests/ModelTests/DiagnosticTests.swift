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

    /// The order compares the fields one at a time; it must be the order of the tuple
    /// (path or "", line or 0, severity, summary, detail) on every pair, a missing path
    /// and line included.
    @Test func orderIsTheOrderOfTheFieldTuple() {
        let paths: [String?] = [nil, "", "a.yaml", "a.yaml/b", "b"]
        let lines: [Int?] = [nil, 0, 1, 12]
        var all: [Diagnostic] = []
        for path in paths {
            for line in lines {
                for severity in Diagnostic.Severity.allCases {
                    for (summary, detail) in [("", ""), ("a", ""), ("a", "x"), ("b", "")] {
                        all.append(Diagnostic(severity, summary, detail: detail, path: path, line: line))
                    }
                }
            }
        }
        func tupleOrder(_ lhs: Diagnostic, _ rhs: Diagnostic) -> Bool {
            let l = (lhs.path ?? "", lhs.line ?? 0, lhs.severity, lhs.summary, lhs.detail)
            let r = (rhs.path ?? "", rhs.line ?? 0, rhs.severity, rhs.summary, rhs.detail)
            if l.0 != r.0 { return l.0 < r.0 }
            if l.1 != r.1 { return l.1 < r.1 }
            if l.2 != r.2 { return l.2 < r.2 }
            if l.3 != r.3 { return l.3 < r.3 }
            return l.4 < r.4
        }
        var disagreements = 0
        for lhs in all {
            for rhs in all where (lhs < rhs) != tupleOrder(lhs, rhs) { disagreements += 1 }
        }
        #expect(all.count == 240)
        #expect(disagreements == 0)
    }
}
