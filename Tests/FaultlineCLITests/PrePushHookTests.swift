import Foundation
import Testing
import TestSupport

/// Real pushes to a local bare remote through the installed hook.
@Suite struct PrePushHookTests {
    /// The Weave repository pushed to `remote.git`, with the hook installed.
    func pushedRepository() throws -> Scratch {
        let s = try WeaveFixture.make()
        try s.git("init", "-q", "--bare", s.path("remote.git"), in: "")
        try s.git("remote", "add", "origin", s.path("remote.git"))
        try s.git("push", "-q", "origin", "main")
        try s.git("fetch", "-q", "origin")
        try s.git("remote", "set-head", "origin", "main")
        let install = try FaultlineBinary.run(["hook", "install"], in: s)
        #expect(install.status == 0, "\(install.errors)")
        return s
    }

    func push(_ s: Scratch, _ arguments: String...) throws -> (status: Int32, output: String, errors: String) {
        try s.execute(["git", "push"] + arguments)
    }

    @Test func aRegressingPushIsRefusedWithTheFindingOnStandardError() throws {
        let s = try pushedRepository()
        try s.write("k8s/ui.yaml", WeaveFixture.manifest(assets: WeaveFixture.bucket))
        try s.commit("Serve UI assets from S3")
        let result = try push(s, "origin", "main")
        #expect(result.status != 0)
        #expect(result.errors.contains("BLOCKED") && result.errors.contains("single-region"))
        #expect(result.errors.contains("at k8s/ui.yaml:39"))
        #expect(result.errors.contains("git push --no-verify") && result.errors.contains("accept:"))
        #expect(try s.git("ls-remote", s.path("remote.git"), "main") .hasPrefix(try s.git("rev-parse", "HEAD~1")))
    }

    @Test func brokenRulesOnTheRemoteNameItsCommitAndTheWayPast() throws {
        let s = try pushedRepository()
        try s.write(".faultline/policies/team.yaml", "rules:\n  - id: single-zone\n    severity: eror\n")
        let broken = try s.commit("broken rules")
        #expect(try push(s, "origin", "main").status == 0)
        try s.write(".faultline/policies/team.yaml", "rules:\n  - id: single-zone\n    severity: error\n")
        try s.commit("fix the rules")
        let result = try push(s, "origin", "main")
        #expect(result.status != 0)
        #expect(result.errors.contains("the policy files of \(broken.prefix(7)), the commit this push is checked against, have errors"))
        #expect(result.errors.contains(".faultline/policies/team.yaml:3: error: severity"))
        #expect(result.errors.contains("git push --no-verify"))
    }

    @Test func theHookTakesTheFileSizeLimitFromTheEnvironment() throws {
        let s = try pushedRepository()
        try s.write("k8s/ui.yaml", WeaveFixture.manifest(replicas: 4))
        try s.commit("scale up")
        let result = try s.execute(["git", "push", "origin", "main"], environment: ["FAULTLINE_MAX_BLOB_SIZE": "100"])
        #expect(result.status != 0)
        #expect(result.errors.contains("unreadable: k8s/ui.yaml: error: file is") && result.errors.contains("over the 100-byte limit"))
    }

    @Test func aPushToASecondRemoteIsJudgedByWhatThatRemoteHas() throws {
        let s = try pushedRepository()
        try s.git("init", "-q", "--bare", s.path("second.git"), in: "")
        try s.git("remote", "add", "second", s.path("second.git"))
        try s.write("k8s/ui.yaml", WeaveFixture.manifest(replicas: 4))
        try s.commit("scale up")
        // HEAD~1 is on origin, not on the empty second remote: it is not skipped there.
        let result = try push(s, "second", "HEAD~1:refs/heads/ok")
        #expect(!result.errors.contains("skipped"), "\(result.errors)")
        #expect(result.errors.contains("faultline: refs/heads/ok against the empty tree (the push starts a new history)"))
    }

    /// The first push of a history is judged against the empty tree, which has no
    /// `.faultline.yaml`: the pushed commit's own `ignore:` applies, so its ignored test data
    /// adds nothing to what blocks it (the Weave repository's own us-east-1 layout does).
    @Test func aFirstPushIsReadWithItsOwnIgnoreList() throws {
        let s = try WeaveFixture.make()
        try s.write(".faultline.yaml", WeaveFixture.config + "\nignore: [\"**/testdata/**\"]\n")
        try s.write("e2e/testdata/ui.yaml", WeaveFixture.manifest(assets: WeaveFixture.bucket))
        try s.commit("test data on S3, ignored")
        try s.git("init", "-q", "--bare", s.path("remote.git"), in: "")
        try s.git("remote", "add", "origin", s.path("remote.git"))
        let install = try FaultlineBinary.run(["hook", "install"], in: s)
        #expect(install.status == 0, "\(install.errors)")
        let result = try push(s, "origin", "main")
        #expect(result.errors.contains("against the empty tree"), "\(result.errors)")
        #expect(result.errors.contains("k8s/ui.yaml:15"), "\(result.errors)")
        #expect(!result.errors.contains("service:aws/us-east-1/s3"), "\(result.errors)")
        #expect(!result.errors.contains("testdata"), "\(result.errors)")
    }

    @Test func aBenignPushGoesThrough() throws {
        let s = try pushedRepository()
        try s.write("k8s/ui.yaml", WeaveFixture.manifest(replicas: 4))
        let head = try s.commit("scale up")
        let result = try push(s, "origin", "main")
        #expect(result.status == 0, "\(result.errors)")
        #expect(result.errors.contains("refs/heads/main against origin's refs/heads/main"))
        #expect(try s.git("ls-remote", s.path("remote.git"), "main").hasPrefix(head))
    }

    @Test func aPushOfTwoRefsWhereOnlyTheSecondRegressesIsRefused() throws {
        let s = try pushedRepository()
        try s.git("checkout", "-q", "-b", "aaa-benign")
        try s.write("k8s/ui.yaml", WeaveFixture.manifest(replicas: 4))
        try s.commit("benign")
        try s.git("checkout", "-q", "-b", "zzz-risky", "main")
        try s.write("k8s/ui.yaml", WeaveFixture.manifest(assets: WeaveFixture.bucket))
        try s.commit("risky")
        let result = try push(s, "origin", "aaa-benign", "zzz-risky")
        #expect(result.status != 0)
        #expect(result.errors.contains("refs/heads/aaa-benign against fork point from origin/main"))
        #expect(result.errors.contains("refs/heads/zzz-risky against fork point from origin/main") && result.errors.contains("BLOCKED"))
        #expect(try s.git("ls-remote", s.path("remote.git")).contains("zzz-risky") == false)
    }

    @Test func aBranchDeletionGoesThrough() throws {
        let s = try pushedRepository()
        try s.git("push", "-q", "--no-verify", "origin", "main:refs/heads/old")
        let result = try push(s, "origin", "--delete", "old")
        #expect(result.status == 0, "\(result.errors)")
        #expect(result.errors.contains("skipped (deletion of refs/heads/old)"))
    }

    @Test func aNewBranchIsCheckedAgainstItsForkPoint() throws {
        let s = try pushedRepository()
        let fork = try s.git("rev-parse", "--short=7", "HEAD")
        // main moves on remotely; the branch forked before that must be judged from its fork.
        try s.git("checkout", "-q", "-b", "feature")
        try s.write("k8s/ui.yaml", WeaveFixture.manifest(assets: WeaveFixture.bucket))
        try s.commit("feature adds the risk")
        let result = try push(s, "origin", "feature")
        #expect(result.status != 0)
        #expect(result.errors.contains("fork point from origin/main at \(fork)"))
    }

    @Test func anUnreadableCacheIsRebuilt() throws {
        let s = try pushedRepository()
        try s.write("k8s/ui.yaml", WeaveFixture.manifest(replicas: 4))
        try s.commit("scale up")
        let cache = s.path("repo/.git/faultline/cache.sqlite")
        try FileManager.default.createDirectory(atPath: s.path("repo/.git/faultline"), withIntermediateDirectories: true)
        try Data("this is not a database".utf8).write(to: URL(fileURLWithPath: cache))
        let result = try push(s, "origin", "main")
        #expect(result.status == 0, "\(result.errors)")
        let header = try Data(contentsOf: URL(fileURLWithPath: cache)).prefix(16)
        #expect(String(decoding: header, as: UTF8.self).hasPrefix("SQLite format 3"))
    }
}
