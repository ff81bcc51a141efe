import Faultline
import Foundation
import Report
import Testing
import TestSupport

@Suite("Audit")
struct AuditTests {
    static func audit(_ s: Scratch, range: String? = nil, firstParent: Bool = true, shard: AuditShard? = nil) throws -> AuditReport {
        try Audit.report(AuditRequest(repo: s.path("repo"), range: range, firstParent: firstParent, shard: shard))
    }

    static func s3(_ exposures: [AuditExposure]) -> [AuditExposure] {
        exposures.filter { $0.scenario == AuditFixture.s3Scenario }
    }

    @Test("names the commit that introduced an S3 us-east-1 dependency and the one that resolved it, with authors and dates")
    func introducedAndResolved() throws {
        let s = try AuditFixture.make()
        try s.write("README.md", "docs\n")
        try s.commit("Docs only")
        try s.write("k8s/ui.yaml", AuditFixture.manifest(assets: AuditFixture.bucket))
        let k = try AuditFixture.commit(s, "Serve UI assets from S3", author: "Grace Hopper", email: "grace@example.com", time: 1_700_100_000)
        try s.write("README.md", "docs, more\n")
        try s.commit("More docs")
        try s.write("k8s/ui.yaml", AuditFixture.manifest())
        let m = try AuditFixture.commit(s, "Serve UI assets from the image again", author: "Alan Turing", email: "alan@example.com", time: 1_700_300_000)

        let report = try Self.audit(s)
        let introducing = report.steps.filter { !Self.s3($0.introduced).isEmpty }
        let resolving = report.steps.filter { !Self.s3($0.resolved).isEmpty }
        #expect(introducing.map(\.commit.id) == [k])
        #expect(resolving.map(\.commit.id) == [m])
        let introduced = try #require(introducing.first)
        #expect(introduced.commit.author == "Grace Hopper")
        #expect(introduced.commit.email == "grace@example.com")
        #expect(introduced.commit.date == "2023-11-16T02:00:00Z")
        #expect(introduced.commit.subject == "Serve UI assets from S3")
        let exposure = try #require(Self.s3(introduced.introduced).first)
        #expect(exposure.rule == "single-region")
        #expect(exposure.severity == .error)
        #expect(exposure.entrypoint == "k8s:Ingress/weave/ui")
        #expect(exposure.chain.last == "url:weave-ui-assets.s3.amazonaws.com")
        #expect(exposure.path == "k8s/ui.yaml")
        #expect(exposure.line == 39)
        #expect(resolving.first?.commit.author == "Alan Turing")
        #expect(resolving.first?.commit.date == "2023-11-18T09:33:20Z")
        // Commits that only touch files no reader reads are not reported.
        #expect(report.steps.count == 3)
        #expect(report.end.commits == 5)
        #expect(Self.s3(report.end.open.map(\.exposure)).isEmpty)
        let episode = try #require(report.end.cameAndWent.first { $0.exposure.scenario == AuditFixture.s3Scenario })
        #expect(episode.introducedBy.id == k)
        #expect(episode.resolvedBy.id == m)
    }

    @Test("leaves out, at every commit, the files the range tip's .faultline.yaml ignores")
    func ignoresWhatTheTipIgnores() throws {
        let s = try AuditFixture.make()
        try s.write("examples/ui.yaml", AuditFixture.manifest(assets: AuditFixture.bucket))
        try s.commit("an example on S3")
        #expect(!Self.s3(try Self.audit(s).end.open.map(\.exposure)).isEmpty)
        try s.write(".faultline.yaml", AuditFixture.config + "\nignore: [examples/]\n")
        try s.commit("ignore the examples")
        let report = try Self.audit(s)
        #expect(report.steps.allSatisfy { Self.s3($0.introduced).isEmpty })
        #expect(Self.s3(report.end.open.map(\.exposure)).isEmpty)
    }

    @Test("blames what is open at the end on the commit that introduced it, and counts the days")
    func blameOfOpenExposures() throws {
        let s = try AuditFixture.make()
        try s.write("k8s/ui.yaml", AuditFixture.manifest(assets: AuditFixture.bucket))
        let k = try AuditFixture.commit(s, "Serve UI assets from S3", author: "Grace Hopper", email: "grace@example.com", time: 1_700_000_000)
        try s.write("k8s/ui.yaml", AuditFixture.manifest(assets: AuditFixture.bucket, replicas: 4))
        try AuditFixture.commit(s, "Scale up", author: "Alan Turing", email: "alan@example.com", time: 1_700_000_000 + 10 * 86_400 + 5)

        let report = try Self.audit(s)
        let open = try #require(report.end.open.first { $0.exposure.scenario == AuditFixture.s3Scenario })
        #expect(open.introducedBy?.id == k)
        #expect(open.days == 10)
        #expect(report.end.head?.subject == "Scale up")
        // The first commit's exposures are blamed on it, not left unexplained.
        let first = try s.git("rev-list", "--max-parents=0", "HEAD")
        #expect(report.end.open.filter { $0.exposure.scenario != AuditFixture.s3Scenario }.allSatisfy { $0.introducedBy?.id == first })
    }

    @Test("a merge on the first-parent line introduces what its branch brought; with full history the branch commit does")
    func mergeCommit() throws {
        let s = try AuditFixture.make()
        try s.git("checkout", "-q", "-b", "assets")
        try s.write("k8s/ui.yaml", AuditFixture.manifest(assets: AuditFixture.bucket))
        let branchCommit = try s.commit("Serve UI assets from S3")
        try s.git("checkout", "-q", "main")
        try s.write("README.md", "docs\n")
        try s.commit("Docs")
        try s.git("merge", "-q", "--no-ff", "-m", "Merge branch 'assets'", "assets")
        let merge = try s.git("rev-parse", "HEAD")

        let firstParent = try Self.audit(s)
        #expect(firstParent.steps.filter { !Self.s3($0.introduced).isEmpty }.map(\.commit.id) == [merge])
        #expect(firstParent.end.commits == 3)

        let full = try Self.audit(s, firstParent: false)
        #expect(full.steps.filter { !Self.s3($0.introduced).isEmpty }.map(\.commit.id) == [branchCommit])
        #expect(full.end.commits == 4)
        #expect(full.end.open.first { $0.exposure.scenario == AuditFixture.s3Scenario }?.introducedBy?.id == branchCommit)
    }

    @Test("full history: a merge that drops a branch's dependency resolves nothing the main line had, and the end is what the tip has")
    func mergeThatDropsBranchChange() throws {
        let s = try AuditFixture.make()
        try s.git("checkout", "-q", "-b", "assets")
        try s.write("k8s/ui.yaml", AuditFixture.manifest(assets: AuditFixture.bucket))
        try s.commit("Serve UI assets from S3")
        try s.git("checkout", "-q", "main")
        try s.git("merge", "-q", "--no-ff", "-s", "ours", "-m", "Record the branch without its change", "assets")

        let full = try Self.audit(s, firstParent: false)
        #expect(Self.s3(full.end.open.map(\.exposure)).isEmpty)
        #expect(full.steps.allSatisfy { Self.s3($0.resolved).isEmpty })
    }

    @Test("renaming the file that carries the dependency neither resolves nor introduces it")
    func renameKeepsExposure() throws {
        let s = try AuditFixture.make()
        try s.write("k8s/ui.yaml", AuditFixture.manifest(assets: AuditFixture.bucket))
        let k = try s.commit("Serve UI assets from S3")
        try AuditFixture.rename(s, "k8s/ui.yaml", "deploy/ui.yaml")
        let renamed = try s.commit("Move manifests to deploy/")

        let report = try Self.audit(s)
        let step = report.steps.first { $0.commit.id == renamed }
        #expect(step.map { $0.introduced.isEmpty && $0.resolved.isEmpty } ?? true)
        let open = try #require(report.end.open.first { $0.exposure.scenario == AuditFixture.s3Scenario })
        #expect(open.introducedBy?.id == k)
        #expect(open.exposure.path == "deploy/ui.yaml")
    }

    @Test("a commit that breaks a file's YAML and the one that fixes it are diagnostics, not exposure churn")
    func unparseableFileKeepsItsFacts() throws {
        let s = try AuditFixture.make()
        try s.write("k8s/ui.yaml", AuditFixture.manifest(assets: AuditFixture.bucket))
        let k = try s.commit("Serve UI assets from S3")
        try s.write("k8s/ui.yaml", AuditFixture.manifest(assets: AuditFixture.bucket) + "\n  broken: [unclosed\n")
        let broken = try s.commit("Break the manifest")
        try s.write("k8s/ui.yaml", AuditFixture.manifest(assets: AuditFixture.bucket))
        let fixed = try s.commit("Fix the manifest")

        let report = try Self.audit(s)
        let breakStep = try #require(report.steps.first { $0.commit.id == broken })
        #expect(breakStep.introduced.isEmpty && breakStep.resolved.isEmpty)
        #expect(breakStep.diagnostics.contains { $0.severity == .error && $0.path == "k8s/ui.yaml" })
        let fixStep = report.steps.first { $0.commit.id == fixed }
        #expect(fixStep.map { $0.introduced.isEmpty && $0.resolved.isEmpty } ?? true)
        #expect(fixStep?.diagnostics.contains { $0.severity == .note && $0.summary.contains("read again") } == true)
        #expect(report.end.open.first { $0.exposure.scenario == AuditFixture.s3Scenario }?.introducedBy?.id == k)
        #expect(report.end.cameAndWent.isEmpty)
    }

    @Test("a range A..B starts from A's state: what A had open is open before the range, not introduced in it")
    func rangeStartsFromItsBase() throws {
        let s = try AuditFixture.make()
        try s.write("k8s/ui.yaml", AuditFixture.manifest(assets: AuditFixture.bucket))
        let k = try s.commit("Serve UI assets from S3")
        try s.write("README.md", "docs\n")
        try s.commit("Docs")
        try s.write("k8s/ui.yaml", AuditFixture.manifest(assets: AuditFixture.bucket, replicas: 5))
        try s.commit("Scale up")

        let report = try Self.audit(s, range: "\(k)..HEAD")
        #expect(report.start.baseline == k)
        #expect(!Self.s3(report.start.open).isEmpty)
        #expect(report.steps.allSatisfy { $0.introduced.isEmpty && $0.resolved.isEmpty })
        let open = try #require(report.end.open.first { $0.exposure.scenario == AuditFixture.s3Scenario })
        #expect(open.introducedBy == nil)
        #expect(open.days == nil)
        #expect(report.end.commits == 2)
    }

    @Test("in a shallow clone the audit starts at the boundary and says so")
    func shallowClone() throws {
        let s = try AuditFixture.make()
        try s.write("k8s/ui.yaml", AuditFixture.manifest(assets: AuditFixture.bucket))
        try s.commit("Serve UI assets from S3")
        for n in 1...3 {
            try s.write("README.md", "docs \(n)\n")
            try s.commit("Docs \(n)")
        }
        try s.write("k8s/ui.yaml", AuditFixture.manifest())
        let m = try s.commit("Serve UI assets from the image again")
        try s.git("clone", "-q", "--depth", "3", "file://\(s.path("repo"))", s.path("shallow"), in: "")

        let report = try Audit.report(AuditRequest(repo: s.path("shallow")))
        #expect(report.start.boundary.count == 1)
        #expect(report.start.baseline == report.start.boundary.first)
        #expect(!Self.s3(report.start.open).isEmpty)
        #expect(report.end.commits == 3)
        #expect(report.steps.filter { !Self.s3($0.resolved).isEmpty }.map(\.commit.id) == [m])
        #expect(AuditFormat.table.render(report).contains("History stops at"))
    }

    @Test("a range that selects no commit ends at its tip: what the tip has open is open, not nothing", arguments: [false, true])
    func anEmptyRangeReportsWhatItsTipHasOpen(bySince: Bool) throws {
        let s = try AuditFixture.make()
        try s.write("k8s/ui.yaml", AuditFixture.manifest(assets: AuditFixture.bucket))
        let k = try s.commit("Serve UI assets from S3")
        try s.write("README.md", "docs\n")
        let docs = try s.commit("Docs")

        let report = bySince
            ? try Audit.report(AuditRequest(repo: s.path("repo"), since: try AuditRequest.since("2999-01-01")))
            : try Self.audit(s, range: "HEAD..\(k)")
        let tip = bySince ? docs : k
        #expect(report.start.commits == 0 && report.end.commits == 0 && report.steps.isEmpty)
        #expect(report.start.baseline == tip)
        let open = try #require(report.end.open.first { $0.exposure.scenario == AuditFixture.s3Scenario })
        #expect(open.introducedBy == nil)
        #expect(report.start.open == report.end.open.map(\.exposure))
        let table = AuditFormat.table.render(report)
        #expect(table.contains("The range selects no commits"))
        #expect(table.contains("Open at \(tip.prefix(7)): \(report.end.open.count)"))
    }

    @Test("--since starts the range at the first commit on or after the date")
    func since() throws {
        let s = try AuditFixture.make()
        try s.write("k8s/ui.yaml", AuditFixture.manifest(assets: AuditFixture.bucket))
        try AuditFixture.commit(s, "Serve UI assets from S3", author: "Grace Hopper", email: "grace@example.com", time: 1_800_000_000)
        try s.write("k8s/ui.yaml", AuditFixture.manifest())
        let m = try AuditFixture.commit(s, "Back", author: "Alan Turing", email: "alan@example.com", time: 1_800_000_000 + 3 * 86_400)

        let date = try AuditRequest.since("2027-01-17")
        let report = try Audit.report(AuditRequest(repo: s.path("repo"), since: date))
        #expect(report.start.since == "2027-01-17")
        #expect(report.end.commits == 1)
        #expect(report.steps.map(\.commit.id) == [m])
    }
}
