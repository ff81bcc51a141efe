import Foundation
import Testing
import TestSupport
@testable import Faultline
import Git

@Suite struct PushedRefTests {
    let a = "1111111111111111111111111111111111111111"
    let b = "2222222222222222222222222222222222222222"

    @Test func parsesEveryLineIncludingDeletionsAndNewBranches() throws {
        let zero40 = String(repeating: "0", count: 40), zero64 = String(repeating: "0", count: 64)
        let input = """
            refs/heads/main \(a) refs/heads/main \(b)
            refs/heads/new \(a) refs/heads/new \(zero40)
            (delete) \(zero64) refs/heads/old \(b)

            """
        let refs = try PushedRef.parse(input)
        #expect(refs.count == 3)
        #expect(refs[0].localID?.hex == a && refs[0].remoteID?.hex == b && !refs[0].isDeletion)
        #expect(refs[1].remoteID == nil)
        #expect(refs[2].isDeletion && refs[2].localRef == "(delete)" && refs[2].remoteRef == "refs/heads/old")
        #expect(try PushedRef.parse("").isEmpty)
    }

    @Test(arguments: [
        "refs/heads/main \(String(repeating: "1", count: 40)) refs/heads/main",
        "refs/heads/main nothex refs/heads/main \(String(repeating: "0", count: 40))",
        "refs/heads/main \(String(repeating: "1", count: 64)) refs/heads/main \(String(repeating: "0", count: 40))",
    ])
    func rejectsMalformedLinesWithTheirNumber(line: String) {
        #expect(throws: FaultlineError.malformedPushLine(number: 2, text: line)) {
            try PushedRef.parse("refs/heads/x \(String(repeating: "0", count: 40)) refs/heads/x \(String(repeating: "0", count: 40))\n\(line)\n")
        }
    }
}

@Suite struct PushPlannerTests {
    /// origin: main a - b. The clone: main moves to c; feature forks at b with f1 - f2.
    /// Callers keep the returned Scratch alive (`withExtendedLifetime`): its deinit deletes the folder.
    func clone() throws -> (Scratch, Repository, [String: ObjectID]) {
        let s = try Scratch()
        try s.initRepository("origin")
        var ids: [String: ObjectID] = [:]
        try s.write("a", "1", in: "origin"); ids["a"] = ObjectID(hex: try s.commit("a", in: "origin"))
        try s.write("a", "2", in: "origin"); ids["b"] = ObjectID(hex: try s.commit("b", in: "origin"))
        try s.git("clone", "-q", s.path("origin"), s.path("repo"), in: "")
        try s.write("a", "3"); ids["c"] = ObjectID(hex: try s.commit("c"))
        try s.git("checkout", "-q", "-b", "feature", "HEAD~1")
        try s.write("f", "1"); ids["f1"] = ObjectID(hex: try s.commit("f1"))
        try s.write("f", "2"); ids["f2"] = ObjectID(hex: try s.commit("f2"))
        try s.git("tag", "-a", "v2", "-m", "tag")
        return (s, try Repository(at: s.path("repo")), ids)
    }

    @Test func anExistingBranchIsComparedWithTheRemoteTip() throws {
        let (s, repository, ids) = try clone()
        try withExtendedLifetime(s) {
            let ref = PushedRef(localRef: "refs/heads/main", localID: ids["c"], remoteRef: "refs/heads/main", remoteID: ids["b"])
            let decision = try PushPlanner.decide(ref, remote: "origin", in: repository)
            #expect(decision == .check(head: ids["c"]!, base: ids["b"], baseSource: "origin's refs/heads/main at \(ids["b"]!.short)"))
        }
    }

    @Test func aNewBranchIsComparedWithItsForkPoint() throws {
        let (s, repository, ids) = try clone()
        try withExtendedLifetime(s) {
            let ref = PushedRef(localRef: "refs/heads/feature", localID: ids["f2"], remoteRef: "refs/heads/feature", remoteID: nil)
            guard case .check(let head, let base, let source) = try PushPlanner.decide(ref, remote: "origin", in: repository) else {
                Issue.record("expected a check"); return
            }
            #expect(head == ids["f2"] && base == ids["b"] && source.contains("fork point from origin/main"))
        }
    }

    @Test func withoutADefaultBranchTheOldestUnpushedCommitsParentIsTheBase() throws {
        let (s, _, ids) = try clone()
        try s.git("update-ref", "-d", "refs/remotes/origin/HEAD")
        try s.git("update-ref", "-d", "refs/remotes/origin/main")
        try s.git("update-ref", "refs/remotes/origin/release", ids["b"]!.hex)
        let repository = try Repository(at: s.path("repo"))
        let ref = PushedRef(localRef: "refs/heads/feature", localID: ids["f2"], remoteRef: "refs/heads/feature", remoteID: nil)
        #expect(try PushPlanner.decide(ref, remote: "origin", in: repository)
            == .check(head: ids["f2"]!, base: ids["b"], baseSource: "parent \(ids["b"]!.short) of the oldest pushed commit"))
    }

    @Test func aPushOfANewHistoryIsComparedWithTheEmptyTree() throws {
        let s = try Scratch()
        try s.initRepository()
        try s.write("x", "1")
        let root = ObjectID(hex: try s.commit("root"))!
        let repository = try Repository(at: s.path("repo"))
        let ref = PushedRef(localRef: "refs/heads/main", localID: root, remoteRef: "refs/heads/main", remoteID: nil)
        #expect(try PushPlanner.decide(ref, remote: "origin", in: repository)
            == .check(head: root, base: nil, baseSource: "the empty tree (the push starts a new history)"))
    }

    @Test func deletionsAndUpToDateRefsAreSkippedAndTagsArePeeled() throws {
        let (s, repository, ids) = try clone()
        let plan = try PushPlanner.plan([
            PushedRef(localRef: "(delete)", localID: nil, remoteRef: "refs/heads/old", remoteID: ids["a"]),
            PushedRef(localRef: "refs/heads/main", localID: ids["b"], remoteRef: "refs/heads/main", remoteID: ids["b"]),
            PushedRef(localRef: "refs/tags/v2", localID: ObjectID(hex: try s.git("rev-parse", "v2")), remoteRef: "refs/tags/v2", remoteID: nil),
        ], remote: "origin", in: repository)
        #expect(plan.map(\.decision) == [
            .skip(reason: "deletion of refs/heads/old"),
            .skip(reason: "refs/heads/main is already at \(ids["b"]!.short)"),
            .check(head: ids["f2"]!, base: ids["b"], baseSource: "fork point from origin/main at \(ids["b"]!.short)"),
        ])
    }

    @Test func aRemoteTipThisCloneLacksFallsBackToTheForkPoint() throws {
        let (s, repository, ids) = try clone()
        let unknown = ObjectID(hex: "abcdefabcdefabcdefabcdefabcdefabcdefabcd")
        let ref = PushedRef(localRef: "refs/heads/main", localID: ids["c"], remoteRef: "refs/heads/main", remoteID: unknown)
        let decision = try withExtendedLifetime(s) { () throws -> PushCheck.Decision in
            try PushPlanner.decide(ref, remote: "origin", in: repository)
        }
        #expect(decision == .check(head: ids["c"]!, base: ids["b"], baseSource: "fork point from origin/main at \(ids["b"]!.short)"))
    }

    @Test func onlyTheRefsOfTheRemotePushedToCount() throws {
        let (s, _, ids) = try clone()
        // mirror has only a; origin has a - b.
        try s.git("update-ref", "refs/remotes/mirror/main", ids["a"]!.hex)
        try s.git("update-ref", "refs/remotes/mirror/HEAD", ids["a"]!.hex)
        try s.git("symbolic-ref", "refs/remotes/mirror/HEAD", "refs/remotes/mirror/main")
        let repository = try Repository(at: s.path("repo"))
        let ref = PushedRef(localRef: "refs/heads/feature", localID: ids["f2"], remoteRef: "refs/heads/feature", remoteID: nil)
        #expect(try PushPlanner.decide(ref, remote: "mirror", in: repository)
            == .check(head: ids["f2"]!, base: ids["a"], baseSource: "fork point from mirror/main at \(ids["a"]!.short)"))
        // A remote this clone knows nothing of has none of the history, though origin has b.
        let known = PushedRef(localRef: "refs/heads/ok", localID: ids["b"], remoteRef: "refs/heads/ok", remoteID: nil)
        #expect(try PushPlanner.decide(known, remote: "empty", in: repository)
            == .check(head: ids["b"]!, base: nil, baseSource: "the empty tree (the push starts a new history)"))
        // To origin, which has b, the same push is skipped.
        try s.git("update-ref", "-d", "refs/remotes/origin/HEAD")
        try s.git("update-ref", "-d", "refs/remotes/origin/main")
        try s.git("update-ref", "refs/remotes/origin/release", ids["b"]!.hex)
        let reopened = try Repository(at: s.path("repo"))
        #expect(try PushPlanner.decide(known, remote: "origin", in: reopened) == .skip(reason: "\(ids["b"]!.short) is already on origin"))
    }
}
