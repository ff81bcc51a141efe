import Report
import Testing

@Suite struct TextRendererTests {
    @Test func noEscapesWithoutColourAndEscapesWithIt() {
        let report = ReportFixture.report()
        let plain = TextRenderer(color: false).render(report)
        let coloured = TextRenderer(color: true).render(report)
        #expect(!plain.contains("\u{1B}"))
        #expect(coloured.contains("\u{1B}[1;31m"))
        // Colour only adds escapes: strip them and the texts are the same.
        #expect(coloured.replacing(/\x1B\[[0-9;]*m/, with: "") == plain)
    }

    @Test func theVerdictComesFirstAndCountsWhatFails() {
        let text = TextRenderer(color: false).render(ReportFixture.report())
        #expect(text.hasPrefix("faultline check — FAIL: 2 errors, 1 warning, 1 accepted, 2 resolved; 1 changed file could not be read"))
    }

    @Test func unreadableFilesAreCountedOnceHoweverManyErrorsTheyHave() {
        let text = TextRenderer(color: false).render(ReportFixture.report(unreadable: ReportFixture.unreadableTwice))
        #expect(text.contains("; 2 changed files could not be read"))
        // The list under the verdict still shows every error.
        #expect(ReportFixture.unreadableTwice.allSatisfy { text.contains($0.summary) })
    }
}
