import Foundation
import Testing
import TestSupport
@testable import Git

@Suite struct HistoryTests {
    /// main: m1 - m2 - M(merge of topic) - m3 ; topic: t1 - t2 forked from m1.
    func mergedHistory() throws -> (Scratch, [String: String]) {
        let s = try Scratch()
        try s.initRepository()
        var ids: [String: String] = [:]
        try s.write("a", "1"); ids["m1"] = try s.commit("m1")
        try s.git("checkout", "-q", "-b", "topic")
        try s.write("t", "1"); ids["t1"] = try s.commit("t1")
        try s.write("t", "2"); ids["t2"] = try s.commit("t2")
        try s.git("checkout", "-q", "main")
        try s.write("a", "2"); ids["m2"] = try s.commit("m2")
        try s.git("merge", "-q", "--no-ff", "-m", "merge topic", "topic")
        ids["M"] = try s.git("rev-parse", "HEAD")
        try s.write("a", "3"); ids["m3"] = try s.commit("m3")
        return (s, ids)
    }

    func names(_ history: History, _ ids: [String: String]) -> [String] {
        let byID = Dictionary(uniqueKeysWithValues: ids.map { ($0.value, $0.key) })
        return history.commits.map { byID[$0.hex] ?? $0.hex }
    }

    @Test func firstParentFollowsTheMergedLineOldestFirst() throws {
        let (s, ids) = try mergedHistory()
        let repository = try Repository(at: s.path("repo"))
        let history = try repository.history(try repository.range("HEAD"), firstParent: true)
        #expect(names(history, ids) == ["m1", "m2", "M", "m3"])
        #expect(!history.isTruncated)
    }

    @Test func fullHistoryIncludesTheTopicBranchParentsFirst() throws {
        let (s, ids) = try mergedHistory()
        let repository = try Repository(at: s.path("repo"))
        let history = try repository.history(try repository.range("main"), firstParent: false)
        let order = names(history, ids)
        #expect(Set(order) == ["m1", "m2", "t1", "t2", "M", "m3"])
        #expect(order.first == "m1" && order.last == "m3")
        // Every parent comes before its child.
        for id in history.commits {
            let position = history.commits.firstIndex(of: id)!
            for parent in try repository.commit(id).parents {
                #expect(history.commits.firstIndex(of: parent)! < position)
            }
        }
    }

    @Test func rangesExcludeWhatTheLeftSideReaches() throws {
        let (s, ids) = try mergedHistory()
        let repository = try Repository(at: s.path("repo"))
        let range = try repository.range("\(ids["m2"]!)..main")
        #expect(Set(names(try repository.history(range, firstParent: false), ids)) == ["t1", "t2", "M", "m3"])
        #expect(names(try repository.history(range, firstParent: true), ids) == ["M", "m3"])
        // A...B is what B adds since the two diverged.
        let symmetric = try repository.range("topic...main")
        #expect(Set(names(try repository.history(symmetric, firstParent: false), ids)) == ["m2", "M", "m3"])
        #expect(throws: GitError.invalidRange("..")) { try repository.range("..") }
    }

    @Test func theHandWalkAgreesWithLibgit2sWalker() throws {
        let (s, _) = try mergedHistory()
        let repository = try Repository(at: s.path("repo"))
        for text in ["HEAD", "HEAD~1..HEAD", "topic..main", "main..topic"] {
            let range = try repository.range(text)
            for firstParent in [true, false] {
                let walked = try repository.revwalkHistory(range, firstParent: firstParent)
                let manual = try repository.manualHistory(range, firstParent: firstParent)
                #expect(Set(walked.commits) == Set(manual.commits), "\(text) firstParent=\(firstParent)")
                if firstParent { #expect(walked.commits == manual.commits) }
            }
        }
    }
}

@Suite struct ShallowCloneTests {
    /// A five-commit origin and a `--depth 1` clone of it.
    func shallowClone() throws -> (Scratch, [String]) {
        let s = try Scratch()
        try s.initRepository("origin")
        var ids: [String] = []
        for n in 1...5 {
            try s.write("k8s/app.yaml", "replicas: \(n)\n", in: "origin")
            ids.append(try s.commit("c\(n)", in: "origin"))
        }
        try s.git("clone", "-q", "--depth", "1", "file://\(s.path("origin"))", s.path("repo"), in: "")
        return (s, ids)
    }

    @Test func detectsTheCloneAndNamesTheFixForAMissingBase() throws {
        let (s, ids) = try shallowClone()
        let repository = try Repository(at: s.path("repo"))
        #expect(repository.isShallow)
        #expect(try repository.resolveCommit("HEAD").hex == ids[4])
        let base = ids[1]
        #expect(throws: GitError.missingObject(ObjectID(hex: base)!, shallow: true)) { try repository.resolveCommit(base) }
        do {
            _ = try repository.resolveCommit(base)
        } catch {
            #expect(error.description.contains("git fetch --unshallow") && error.description.contains("fetch-depth: 0"))
        }
        #expect(throws: GitError.unknownRevision("HEAD~2", shallow: true)) { try repository.resolveCommit("HEAD~2") }
    }

    @Test func historyStopsAtTheBoundaryAndSaysSo() throws {
        let (s, ids) = try shallowClone()
        let repository = try Repository(at: s.path("repo"))
        for firstParent in [true, false] {
            let history = try repository.history(try repository.range("HEAD"), firstParent: firstParent)
            #expect(history.commits.map(\.hex) == [ids[4]])
            #expect(history.boundary.map(\.hex) == [ids[4]] && history.isTruncated)
        }
        // Tree reading still works at the boundary commit.
        #expect(try repository.files(of: try repository.resolveCommit("HEAD")).map(\.path) == ["k8s/app.yaml"])
    }

    @Test func aDeeperCloneWalksToItsBoundary() throws {
        let (s, ids) = try shallowClone()
        try s.git("clone", "-q", "--depth", "3", "file://\(s.path("origin"))", s.path("deeper"), in: "")
        let repository = try Repository(at: s.path("deeper"))
        let history = try repository.history(try repository.range("HEAD"), firstParent: true)
        #expect(history.commits.map(\.hex) == Array(ids[2...]))
        #expect(history.boundary.map(\.hex) == [ids[2]])
        let diff = try repository.diff(from: ObjectID(hex: ids[2]), to: ObjectID(hex: ids[4])!)
        #expect(diff.map(\.path) == ["k8s/app.yaml"])
    }

    @Test func mergeBaseAcrossTheBoundaryIsAnErrorNotASilentNil() throws {
        let (s, ids) = try shallowClone()
        // Fetch a sibling branch forked before the boundary, still shallow.
        try s.git("checkout", "-q", "-b", "side", ids[0], in: "origin")
        try s.write("side.txt", "x", in: "origin")
        let side = try s.commit("side", in: "origin")
        try s.git("fetch", "-q", "--depth", "1", "origin", "side", in: "repo")
        let repository = try Repository(at: s.path("repo"))
        #expect(throws: GitError.self) { try repository.mergeBase(ObjectID(hex: ids[4])!, ObjectID(hex: side)!) }
        do {
            _ = try repository.mergeBase(ObjectID(hex: ids[4])!, ObjectID(hex: side)!)
        } catch {
            #expect(error.description.contains("fetch-depth: 0"))
        }
    }
}
