import Model
import Policy
import Report
import Simulation

/// A fixed check report with one of everything a report can show: an error, a warning that
/// moved, an accepted finding, an expired acceptance, a resolved finding, diagnostics, an
/// unreadable changed file and topology changes.
enum ReportFixture {
    static let ui = "k8s:Deployment/weave/ui"
    static let headCommit = "9f1c2b3a4d5e6f708192a3b4c5d6e7f801234567"
    static let baseCommit = "1a2b3c4d5e6f708192a3b4c5d6e7f80123456789"

    static func domain(_ id: String) -> FailureDomain {
        guard let domain = FailureDomain(id: id) else { preconditionFailure("bad domain id in a test: \(id)") }
        return domain
    }

    static func exposure(_ entrypoint: String, _ scenario: String, _ phase: Requirement.Phase = .serve) -> Exposure {
        Exposure(entrypoint: entrypoint, scenario: Scenario(domain(scenario)), phase: phase)
    }

    static func at(_ path: String, _ line: Int?, commit: String? = headCommit) -> Finding.Location {
        Finding.Location(path: path, line: line, commit: commit)
    }

    static let rules: [Rule] = PolicyPack.builtin().rules

    static let findings: [Finding] = [
        Finding(
            rule: "single-region", severity: .error, change: "added", exposure: exposure(ui, "service:aws/us-east-1/s3"),
            chain: [ui, "url:weave-ui-assets.s3.amazonaws.com", "tf:aws_s3_bucket.assets"], hops: [.serve, .serve],
            locations: [at("ui/index.html", 1), at("terraform/assets.tf", 12), at("k8s/ui.yaml", 3)],
            message: "\(ui) now goes down when service:aws/us-east-1/s3 fails: it newly depends on tf:aws_s3_bucket.assets, which lives only there",
            domains: ["service:aws/us-east-1/s3"]),
        Finding(
            rule: "single-saas", severity: .error, change: "added", exposure: exposure(ui, "saas:dockerhub"),
            chain: [ui, "image:docker.io/weaveworks/ui"], hops: [.serve], locations: [at("k8s/ui.yaml", 21)],
            message: "\(ui) now goes down when saas:dockerhub fails: it newly depends on image:docker.io/weaveworks/ui",
            accepted: true, acceptance: "moving to ECR this quarter (until 2026-12-31)", domains: ["saas:dockerhub"]),
        Finding(
            rule: "expired-acceptance", severity: .error, entrypoint: ui, scenario: .init(id: "saas:circleci", kind: "saas"),
            location: at(".faultline.yaml", 9, commit: nil),
            message: "the acceptance of delivery-path for \(ui) in saas:circleci expired on 2026-10-01: renew it with a new date and reason, or fix the exposure"),
        Finding(
            rule: "delivery-path", severity: .warning, change: "added", exposure: exposure(ui, "saas:github", .deliver),
            chain: [ui, "image:ghcr.io/weaveworks/ui", "ci:github-actions"], hops: [.serve, .deliver],
            locations: [at(".github/workflows/deploy.yaml", 4), at("k8s/ui.yaml", 3)],
            message: "a fix to \(ui) could not be shipped while saas:github is down: its delivery path needs ci:github-actions (the dependency moved here from saas:circleci)",
            movedFrom: "saas:circleci", domains: ["saas:github"]),
    ]

    static let resolved: [Finding] = [
        Finding(
            rule: "single-saas", severity: .error, change: "resolved", exposure: exposure(ui, "saas:quay"),
            chain: [ui, "image:quay.io/weaveworks/ui"], hops: [.serve], locations: [at("k8s/ui.yaml", 21, commit: baseCommit)],
            message: "\(ui) now goes down when saas:quay fails: it newly depends on image:quay.io/weaveworks/ui", domains: ["saas:quay"]),
        Finding(
            rule: "delivery-path", severity: .warning, change: "resolved", exposure: exposure(ui, "saas:circleci", .deliver),
            chain: [ui, "ci:circleci"], hops: [.deliver], locations: [at(".circleci/config.yml", 1, commit: baseCommit)],
            message: "a fix to \(ui) could not be shipped while saas:circleci is down: its delivery path needs ci:circleci",
            domains: ["saas:circleci"]),
    ]

    static let diagnostics: [Diagnostic] = [
        Diagnostic(.warning, "cluster prod lists no zones, so its workloads are treated as running in one place: the region", path: ".faultline.yaml", line: 3),
        Diagnostic(.note, "Helm template skipped", detail: "templates are not rendered", path: "charts/ui/templates/deploy.yaml", line: 1),
    ]

    static let unreadable: [Diagnostic] = [
        Diagnostic(.error, "mapping values are not allowed here", path: "k8s/broken.yaml", line: 7),
    ]

    /// Two unreadable files, one of them with three errors.
    static let unreadableTwice: [Diagnostic] = [
        Diagnostic(.error, "expected an attribute", path: "infra/main.tf", line: 3),
        Diagnostic(.error, "mapping values are not allowed here", path: "k8s/broken.yaml", line: 7),
        Diagnostic(.error, "unclosed block", path: "infra/main.tf", line: 9),
        Diagnostic(.error, "unexpected end of file", path: "infra/main.tf", line: 12),
    ]

    static var topologies: (base: Topology, head: Topology) {
        let zones = ["a", "b", "c"].map { Site([domain("zone:aws/us-east-1/us-east-1\($0)")]) }
        let base = Topology(components: [
            Component(
                id: ui, kind: .workload, sites: zones, requirements: [Requirement("image:quay.io/weaveworks/ui", provenance: .init(path: "k8s/ui.yaml", line: 21))],
                provenance: [.init(path: "k8s/ui.yaml", line: 3)], isEntrypoint: true),
            Component(id: "image:quay.io/weaveworks/ui", kind: .image, sites: [Site([domain("saas:quay")])], provenance: [.init(path: "k8s/ui.yaml", line: 21)]),
        ])
        let head = Topology(components: [
            Component(
                id: ui, kind: .workload, sites: zones,
                requirements: [
                    Requirement("image:docker.io/weaveworks/ui", provenance: .init(path: "k8s/ui.yaml", line: 21)),
                    Requirement("url:weave-ui-assets.s3.amazonaws.com", provenance: .init(path: "ui/index.html", line: 1)),
                ],
                provenance: [.init(path: "k8s/ui.yaml", line: 3)], isEntrypoint: true),
            Component(id: "image:docker.io/weaveworks/ui", kind: .image, sites: [Site([domain("saas:dockerhub")])], provenance: [.init(path: "k8s/ui.yaml", line: 21)]),
            Component(
                id: "url:weave-ui-assets.s3.amazonaws.com", kind: .bucket, sites: [Site([domain("service:aws/us-east-1/s3")])],
                provenance: [.init(path: "ui/index.html", line: 1)]),
        ])
        return (base, head)
    }

    static func report(findings: [Finding] = findings, resolved: [Finding] = resolved, unreadable: [Diagnostic] = unreadable) -> CheckReport {
        let (base, head) = topologies
        return CheckReport(
            tool: "0.1.0",
            base: .init(commit: baseCommit, source: "--base origin/main"),
            head: .init(commit: headCommit),
            findings: findings, resolved: resolved, diagnostics: diagnostics, unreadable: unreadable, unreadableFails: true,
            scenarios: [
                .init(id: "saas:dockerhub", kind: "saas", base: [], head: [ui]),
                .init(id: "saas:github", kind: "saas", base: [], head: [], headCannotShip: [ui]),
                .init(id: "saas:quay", kind: "saas", base: [ui], head: []),
                .init(id: "service:aws/us-east-1/s3", kind: "service", base: [], head: [ui, "k8s:Deployment/weave/api", "k8s:Ingress/weave/www", "cdn:assets"]),
            ],
            topologyChanges: TopologyDiff(base: base, head: head),
            stats: ["components": 3, "files": 5, "parsed": 5, "readSeconds": 0.25, "reused": 0, "scenarios": 9])
    }
}
