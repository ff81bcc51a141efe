import Model
import Testing
@testable import Readers

/// The work links of one run share — classified mention texts, parsed image references,
/// Terraform evaluations — must never change what a link produces.
@Suite struct SharedLinkWorkTests {
    static func facts(_ files: [(String, String)]) -> [FileFacts] {
        files.compactMap { path, text in ReaderRegistry.reader(for: path).map { $0.read(path: path, bytes: Array(text.utf8)) } }
    }

    static let base: [(String, String)] = [
        (".faultline.yaml", "version: 1\nclusters:\n  - {name: prod, provider: aws, region: us-east-1, zones: [us-east-1a, us-east-1b]}\n"),
        ("k8s/ui.yaml", """
            apiVersion: apps/v1
            kind: Deployment
            metadata: {name: ui, namespace: web}
            spec:
              template:
                metadata: {labels: {app: ui, tier: front}}
                spec:
                  containers:
                    - name: ui
                      image: quay.io/acme/ui:1.0
                      env: [{name: ASSETS, value: "https://assets.s3.us-east-1.amazonaws.com/app.js https://db.abc.eu-west-1.rds.amazonaws.com"}]
            ---
            apiVersion: apps/v1
            kind: Deployment
            metadata: {name: ui-canary, namespace: web}
            spec:
              template:
                metadata: {labels: {app: ui, tier: canary}}
                spec:
                  containers: [{name: ui, image: "quay.io/acme/ui:1.1"}]
            ---
            apiVersion: v1
            kind: Service
            metadata: {name: ui, namespace: web}
            spec: {type: LoadBalancer, selector: {tier: front, app: ui}}
            ---
            apiVersion: v1
            kind: Service
            metadata: {name: all, namespace: web}
            spec: {type: LoadBalancer, selector: {app: ui}}
            ---
            apiVersion: v1
            kind: Service
            metadata: {name: elsewhere, namespace: other}
            spec: {selector: {app: ui}}
            """),
        ("infra/main.tf", """
            resource "aws_s3_bucket" "assets" {
              bucket = "assets"
            }
            """),
    ]

    @Test func selectorsWithSeveralLabelsPickEveryWorkloadCarryingAllOfThem() {
        let topology = Linker().link(Self.facts(Self.base), commit: nil).topology
        #expect(topology["k8s:Service/web/ui"]?.requirements.map(\.alternatives) == [["k8s:Deployment/web/ui"]])
        #expect(topology["k8s:Service/web/all"]?.requirements.map(\.alternatives) == [["k8s:Deployment/web/ui", "k8s:Deployment/web/ui-canary"]])
        // Labels match within the Service's namespace only.
        #expect(topology["k8s:Service/other/elsewhere"]?.requirements.isEmpty == true)
        #expect(topology.diagnostics.contains { $0.summary.contains("other/elsewhere selects no workload") })
    }

    @Test func preparingBothCommitsChangesNothingTheyLinkTo() {
        var changed = Self.base
        changed[1].1 = changed[1].1.replacing("eu-west-1", with: "us-east-1").replacing("ui:1.0", with: "ui:2.0")
        changed[2].1 += "\nresource \"aws_s3_bucket\" \"logs\" {\n  bucket = \"logs\"\n}\n"
        let baseFacts = Self.facts(Self.base), headFacts = Self.facts(changed)
        let alone = Linker()
        let expected = [alone.link(baseFacts, commit: "b"), Linker().link(headFacts, commit: "h")]
        let shared = Linker()
        shared.prepare([baseFacts, headFacts])
        let prepared = [shared.link(baseFacts, commit: "b"), shared.link(headFacts, commit: "h")]
        #expect(prepared.map(\.topology) == expected.map(\.topology))
        // A second link of the same facts, served from the run's caches, is the same too.
        #expect(shared.link(headFacts, commit: "h").topology == expected[1].topology)
        #expect(expected[0].topology != expected[1].topology)
    }
}
