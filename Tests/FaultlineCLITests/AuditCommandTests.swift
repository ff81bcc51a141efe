import Foundation
import Testing
import TestSupport

@Suite struct AuditCommandTests {
    /// The Weave story over six commits: the S3 dependency lands in the third and leaves in the fifth.
    static func history() throws -> (Scratch, introduced: String, resolved: String) {
        let s = try WeaveFixture.make()
        try s.write("README.md", "docs\n")
        try s.commit("Docs")
        try s.write("k8s/ui.yaml", WeaveFixture.manifest(assets: WeaveFixture.bucket))
        let introduced = try s.commit("Serve UI assets from S3")
        try s.write("k8s/ui.yaml", WeaveFixture.manifest(replicas: 4, assets: WeaveFixture.bucket))
        try s.commit("Scale up")
        try s.write("k8s/ui.yaml", WeaveFixture.manifest(replicas: 4))
        let resolved = try s.commit("Serve UI assets from the image again")
        try s.write("README.md", "more docs\n")
        try s.commit("More docs")
        return (s, introduced, resolved)
    }

    @Test func theTableNamesTheCommitsThatIntroducedAndResolvedTheDependency() throws {
        let (s, introduced, resolved) = try Self.history()
        let result = try FaultlineBinary.run(["audit"], in: s)
        #expect(result.status == 0)
        #expect(result.output.contains("Audit of HEAD (first-parent): 6 commits"))
        #expect(result.output.contains("\(introduced.prefix(7)) "))
        #expect(result.output.contains("  + error single-region: k8s:Ingress/weave/ui down in service:aws/us-east-1/s3 (serve)"))
        #expect(result.output.contains("  - error single-region: k8s:Ingress/weave/ui down in service:aws/us-east-1/s3 (serve)"))
        #expect(result.output.contains("introduced by \(introduced.prefix(7))"))
        #expect(result.output.contains("resolved by \(resolved.prefix(7))"))
        // Not a terminal: no progress line.
        #expect(result.errors.isEmpty)
    }

    @Test func theFactCacheKeepsToTheFileSizeLimitInForce() throws {
        let (s, _, _) = try Self.history()
        #expect(try FaultlineBinary.run(["audit"], in: s).status == 0)
        // The first run kept the manifests' facts; under a lower limit they are too large.
        let limited = try FaultlineBinary.run(["audit", "--max-blob-size", "100"], in: s)
        #expect(limited.status == 0)
        #expect(limited.output.contains("k8s/ui.yaml: error: file is") && limited.output.contains("over the 100-byte limit"))
        // A file read under a raised limit is not kept for runs with the default one.
        try s.write("web/Dockerfile", "FROM nginx:1.25\n" + String(repeating: "# generated padding line\n", count: 220_000))
        try s.commit("A large Dockerfile")
        let raised = try FaultlineBinary.run(["audit", "HEAD~1..HEAD", "--max-blob-size", "8000000"], in: s)
        #expect(raised.status == 0 && !raised.output.contains("web/Dockerfile: error"))
        let standard = try FaultlineBinary.run(["audit", "HEAD~1..HEAD"], in: s)
        #expect(standard.output.contains("web/Dockerfile: error: file is 5500016 bytes, over the 5242880-byte limit"))
    }

    @Test func anEmptyRangeSaysSoAndStillListsWhatIsOpenAtItsTip() throws {
        let (s, _, _) = try Self.history()
        // HEAD~2 still serves the UI assets from S3, and HEAD..HEAD~2 selects no commit.
        let result = try FaultlineBinary.run(["audit", "HEAD..HEAD~2"], in: s)
        #expect(result.status == 0)
        #expect(result.errors.contains("faultline: the range selects no commits (HEAD..HEAD~2); nothing to audit"))
        #expect(result.output.contains("Audit of HEAD..HEAD~2 (first-parent): 0 commits"))
        #expect(result.output.contains("  error single-region: k8s:Ingress/weave/ui down in service:aws/us-east-1/s3 (serve)"))
        #expect(result.output.contains("open since before the audited range"))
    }

    @Test func shardsMergedByTheCommandEqualOneRun() throws {
        let (s, _, _) = try Self.history()
        let whole = try FaultlineBinary.run(["audit", "--format", "jsonl"], in: s)
        #expect(whole.status == 0)
        var files: [String] = []
        for index in 1...3 {
            let file = s.path("shard-\(index).jsonl")
            let shard = try FaultlineBinary.run(["audit", "--shard", "\(index)/3", "--format", "jsonl", "--output", file], in: s)
            #expect(shard.status == 0)
            files.append(file)
        }
        let merged = try FaultlineBinary.run(["audit", "merge"] + files.reversed(), in: s)
        #expect(merged.status == 0)
        #expect(merged.output == whole.output)
        #expect(whole.output.split(separator: "\n").count == 5)
    }

    @Test func htmlAndCSVReportsAreWritten() throws {
        let (s, introduced, _) = try Self.history()
        let html = s.path("audit.html")
        #expect(try FaultlineBinary.run(["audit", "--format", "html", "--output", html], in: s).status == 0)
        let page = try String(contentsOfFile: html, encoding: .utf8)
        #expect(page.contains("<svg id=\"timeline\""))
        #expect(page.contains(introduced))
        let csv = try FaultlineBinary.run(["audit", "--format", "csv", "--full-history"], in: s)
        #expect(csv.status == 0)
        #expect(csv.output.hasPrefix("event,commit,date,author"))
        #expect(csv.output.contains("introduced,\(introduced),"))
    }

    @Test(arguments: [
        (["audit", "--shard", "3/2"], Int32(2), "--shard '3/2'"),
        (["audit", "--since", "last week"], Int32(2), "--since 'last week'"),
        (["audit", "--first-parent", "--full-history"], Int32(2), "exclude each other"),
        (["audit", "no-such-revision"], Int32(3), "no-such-revision"),
        (["audit", "merge", "missing.jsonl"], Int32(2), "missing.jsonl"),
        (["audit", "--policies", "no-such-folder"], Int32(2), "no-such-folder"),
    ])
    func badInputExitsWithItsCode(arguments: [String], status: Int32, message: String) throws {
        let (s, _, _) = try Self.history()
        let result = try FaultlineBinary.run(arguments, in: s)
        #expect(result.status == status)
        #expect(result.errors.contains(message))
    }

    @Test func outsideARepositoryIsARepositoryProblem() throws {
        let s = try Scratch()
        try FileManager.default.createDirectory(atPath: s.path("plain"), withIntermediateDirectories: true)
        let result = try FaultlineBinary.run(["audit"], in: s, dir: "plain")
        #expect(result.status == 3)
    }
}
