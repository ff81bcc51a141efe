import Model
import Testing
@testable import Readers

@Suite struct RepoConfigReaderTests {
    func read(_ text: String) -> FileFacts {
        RepoConfigReader().read(path: ".faultline.yaml", bytes: Array(text.utf8))
    }

    @Test func readsEverySection() throws {
        let facts = read("""
            version: 1
            clusters:
              - name: prod
                provider: aws
                region: us-east-1
                zones: [us-east-1a, us-east-1b, us-east-1c]
                namespaces: [weave]
                paths: [k8s/prod/]
            entrypoints: [k8s:Deployment/weave/ui]
            owners:
              - {component: k8s:Deployment/weave/ui, paths: [ui/]}
            dependencies:
              - {component: k8s:Deployment/weave/ui, endpoint: "https://api.stripe.com", phase: serve}
            accept:
              - rule: single-region
                entrypoint: k8s:Ingress/weave/ui
                scenario: region:aws/us-east-1
                reason: One region by choice until the second cluster is up
                expires: 2027-03-31
            """)
        #expect(facts.diagnostics.isEmpty)
        let config = try #require(facts.config)
        #expect(config.clusters == [ClusterFact(
            name: "prod", provider: "aws", region: "us-east-1", zones: ["us-east-1a", "us-east-1b", "us-east-1c"],
            namespaces: ["weave"], paths: ["k8s/prod/"], line: 3)])
        #expect(facts.clusters == config.clusters)
        #expect(config.entrypoints == [NamedReference(name: "k8s:Deployment/weave/ui", line: 9)])
        #expect(config.owners == [PathOwner(component: "k8s:Deployment/weave/ui", paths: ["ui/"], line: 11)])
        #expect(config.dependencies.map(\.endpoint) == ["https://api.stripe.com"])
        #expect(config.acceptances == [Acceptance(
            rule: "single-region", entrypoint: "k8s:Ingress/weave/ui", scenario: "region:aws/us-east-1",
            reason: "One region by choice until the second cluster is up", expires: "2027-03-31", line: 15)])
    }

    @Test(arguments: [
        ("clustrs: []", 1, "unknown key 'clustrs'"),
        ("version: 2", 1, "version must be 1"),
        ("clusters:\n  - {name: a, provider: aws}", 2, "missing 'region'"),
        ("clusters:\n  - {name: a, provider: aws, region: r, zone: [x]}", 2, "unknown key 'zone'"),
        ("accept:\n  - {rule: single-region, scenario: 'region:aws/us-east-1', expires: 2027-01-01}", 2, "missing 'reason'"),
        ("accept:\n  - {rule: single-region, scenario: 'region:aws/us-east-1', reason: ok}", 2, "missing 'expires'"),
        ("accept:\n  - {rule: r, scenario: s, reason: ok, expires: next year}", 2, "expires must be a date that exists, written YYYY-MM-DD"),
        ("accept:\n  - {rule: r, scenario: s, reason: ok, expires: 2027-13-01}", 2, "expires must be a date"),
        ("accept:\n  - {rule: r, scenario: s, reason: ok, expires: 2030-02-30}", 2, "not '2030-02-30'"),
        ("accept:\n  - {rule: r, scenario: s, reason: ok, expires: 2027-02-29}", 2, "not '2027-02-29'"),
        ("accept:\n  - {rule: r, scenario: s, reason: ok, expires: 2100-02-29}", 2, "not '2100-02-29'"),
        ("accept:\n  - {rule: r, scenario: s, reason: ok, expires: 2027-04-31}", 2, "not '2027-04-31'"),
        ("dependencies:\n  - {component: c, endpoint: e, phase: build}", 2, "phase must be serve or deliver"),
        ("owners:\n  - {component: c}", 2, "lists no paths"),
        ("entrypoints: {a: b}", 1, "entrypoints must be a list"),
        ("- just\n- a list", 1, "must be a mapping"),
    ])
    func everyMistakeIsALocatedError(text: String, line: Int, message: String) {
        let facts = read(text)
        let errors = facts.diagnostics.filter { $0.severity == .error }
        #expect(errors.contains { $0.summary.contains(message) && $0.line == line && $0.path == ".faultline.yaml" }, "\(facts.diagnostics)")
    }

    @Test(arguments: ["2028-02-29", "2000-02-29", "2027-01-31", "2027-04-30", "2027-12-31"])
    func everyDayThatExistsIsAnExpiryDate(date: String) {
        let facts = read("accept:\n  - {rule: r, scenario: s, reason: ok, expires: \(date)}")
        #expect(facts.diagnostics.isEmpty, "\(facts.diagnostics)")
        #expect(facts.config?.acceptances.first?.expires == date)
    }

    @Test func aClusterWithoutZonesIsAWarning() {
        let facts = read("clusters:\n  - {name: a, provider: gcp, region: us-central1}")
        #expect(facts.diagnostics.map(\.severity) == [.warning])
        #expect(facts.clusters.first?.zones == [])
    }

    /// `ignore:` is a list of path patterns, each at its line; anything else is a located error.
    @Test func readsIgnorePatterns() throws {
        let facts = RepoConfigReader().read(path: ".faultline.yaml", bytes: Array("ignore:\n  - \"**/testdata/**\"\n  - docs/\n  - {a: b}\n".utf8))
        #expect(facts.config?.ignore.map(\.name) == ["**/testdata/**", "docs/"])
        #expect(facts.config?.ignore.map(\.line) == [2, 3])
        #expect(facts.diagnostics.map(\.line) == [4])
        #expect(facts.diagnostics.first?.severity == .error)
    }

    /// Patterns match a path or a folder above it, `**` any number of folders, `!` makes an
    /// exception; the repository's own configuration and policies are never left out.
    @Test(arguments: [
        ("argo/test/testdata/app.yaml", true), ("testdata.yaml", false), ("docs/x.yaml", true), ("docs/keep/x.yaml", false),
        ("k8s/docs/x.yaml", false), (".faultline.yaml", false), (".faultline/policies/p.yaml", false), ("examples/a/b.tf", true),
    ])
    func ignoredPathsMatchAsInDockerignore(path: String, ignored: Bool) {
        let patterns = IgnoredPaths(["**/testdata/**", "docs/", "!docs/keep", "examples", ".faultline.yaml", ".faultline"])
        #expect(patterns.contains(path) == ignored)
    }
}
