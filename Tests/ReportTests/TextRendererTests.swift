import Model
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
    /// An exposure that went away because its entrypoint did, or stopped facing users, is said
    /// so: nothing became more resilient (a port bound to 127.0.0.1 read as "no longer goes
    /// down").
    @Test(arguments: [("kept", "no longer goes down when saas:quay fails"), ("hidden", "no longer faces users, so its exposure to saas:quay is gone"),
                      ("removed", "is gone, and with it its exposure to saas:quay")])
    func aResolvedFindingSaysWhenItsEntrypointLeftUsersReach(head kind: String, expected: String) {
        let (base, _) = ReportFixture.topologies
        let ui = ReportFixture.ui
        // Another entrypoint stays marked, so the workloads are no longer entrypoints by default.
        var components = base.components.values.filter { $0.id != ui } + [Component(id: "k8s:Service/weave/api", kind: .service, isEntrypoint: true)]
        if kind != "removed", let before = base.components[ui] {
            components.append(Component(
                id: ui, kind: before.kind, sites: before.sites, requirements: kind == "kept" ? [] : before.requirements,
                provenance: before.provenance, isEntrypoint: kind == "kept"))
        }
        let report = ReportFixture.report()
        let changed = CheckReport(
            tool: report.tool, base: report.base, head: report.head, findings: [], resolved: [ReportFixture.resolved[0]], diagnostics: [],
            unreadable: [], unreadableFails: true, scenarios: [], topologyChanges: TopologyDiff(base: base, head: Topology(components: components)), stats: [:])
        let text = TextRenderer(color: false).render(changed)
        #expect(text.contains("single-saas: \(ui) \(expected)"))
        #expect(MarkdownRenderer.render(changed).contains(expected))
    }
}
