import Foundation
import Testing
import TestSupport
@testable import Faultline
import Git

@Suite struct BaseDetectorTests {
    /// origin has main: a - b; the clone adds a topic branch c on top of b, while origin/main moves to d.
    func clone() throws -> (Scratch, [String: String]) {
        let s = try Scratch()
        try s.initRepository("origin")
        var ids: [String: String] = [:]
        try s.write("a", "1", in: "origin"); ids["a"] = try s.commit("a", in: "origin")
        try s.write("a", "2", in: "origin"); ids["b"] = try s.commit("b", in: "origin")
        try s.git("clone", "-q", s.path("origin"), s.path("repo"), in: "")
        try s.git("checkout", "-q", "-b", "topic")
        try s.write("c", "3"); ids["c"] = try s.commit("c")
        try s.write("a", "4", in: "origin"); ids["d"] = try s.commit("d", in: "origin")
        try s.git("fetch", "-q", "origin")
        return (s, ids)
    }

    func choose(_ s: Scratch, explicit: String? = nil, environment: [String: String] = [:]) throws -> BaseChoice {
        let repository = try Repository(at: s.path("repo"))
        return try BaseDetector.choose(in: repository, head: try repository.resolveCommit("HEAD"), explicit: explicit, environment: environment)
    }

    @Test func theFlagWins() throws {
        let (s, ids) = try clone()
        let choice = try choose(s, explicit: "HEAD~1", environment: ["CI_MERGE_REQUEST_DIFF_BASE_SHA": ids["a"]!])
        #expect(choice.commit.hex == ids["b"] && choice.source == "--base HEAD~1")
    }

    @Test func readsGitHubPullRequestEvents() throws {
        let (s, ids) = try clone()
        try s.write("event.json", #"{"action":"opened","pull_request":{"number":7,"base":{"ref":"main","sha":"\#(ids["a"]!)"}}}"#, in: "")
        let choice = try choose(s, environment: ["GITHUB_EVENT_PATH": s.path("event.json")])
        #expect(choice.commit.hex == ids["a"] && choice.source == "GitHub pull_request.base.sha")
    }

    @Test func readsGitHubPushEventsButNotBranchCreation() throws {
        let (s, ids) = try clone()
        try s.write("push.json", #"{"before":"\#(ids["a"]!)","after":"\#(ids["c"]!)"}"#, in: "")
        #expect(try choose(s, environment: ["GITHUB_EVENT_PATH": s.path("push.json")]).commit.hex == ids["a"])
        try s.write("create.json", #"{"before":"\#(String(repeating: "0", count: 40))"}"#, in: "")
        let fallback = try choose(s, environment: ["GITHUB_EVENT_PATH": s.path("create.json")])
        #expect(fallback.source == "merge-base with origin/main" && fallback.commit.hex == ids["b"])
    }

    @Test func readsGitLabMergeRequestVariables() throws {
        let (s, ids) = try clone()
        let choice = try choose(s, environment: ["CI_MERGE_REQUEST_DIFF_BASE_SHA": ids["a"]!])
        #expect(choice.commit.hex == ids["a"] && choice.source == "GitLab CI_MERGE_REQUEST_DIFF_BASE_SHA")
    }

    @Test func fallsBackToTheForkPointFromTheUpstreamDefaultBranch() throws {
        let (s, ids) = try clone()
        let choice = try choose(s)
        // origin/HEAD points at origin/main in a clone; the fork point is b, not origin's newer d.
        #expect(choice.commit.hex == ids["b"] && choice.source == "merge-base with origin/main")
    }

    @Test func withNothingToGoOnItSaysToPassBase() throws {
        let s = try Scratch()
        try s.initRepository()
        try s.commit("lonely")
        #expect(throws: FaultlineError.noBase(tried: ["origin/main", "origin/master"])) { try choose(s) }
        #expect(FaultlineError.noBase(tried: []).description.contains("--base"))
    }

    @Test func aBrokenEventFileIsAnInputError() throws {
        let (s, _) = try clone()
        try s.write("bad.json", "{not json", in: "")
        #expect(throws: FaultlineError.unreadableEvent(path: s.path("bad.json"), reason: "it is not a JSON object")) {
            try choose(s, environment: ["GITHUB_EVENT_PATH": s.path("bad.json")])
        }
        try s.write("nobase.json", #"{"pull_request":{}}"#, in: "")
        #expect(throws: FaultlineError.self) { try choose(s, environment: ["GITHUB_EVENT_PATH": s.path("nobase.json")]) }
        #expect(throws: FaultlineError.unreadableEvent(path: s.path("missing.json"), reason: "the file cannot be read")) {
            try choose(s, environment: ["GITHUB_EVENT_PATH": s.path("missing.json")])
        }
    }

    @Test func aShallowCloneMissingTheBaseFailsWithTheFix() throws {
        let (s, ids) = try clone()
        try s.git("clone", "-q", "--depth", "1", "file://\(s.path("origin"))", s.path("shallow"), in: "")
        let repository = try Repository(at: s.path("shallow"))
        do {
            _ = try BaseDetector.choose(
                in: repository, head: try repository.resolveCommit("HEAD"), explicit: nil,
                environment: ["CI_MERGE_REQUEST_DIFF_BASE_SHA": ids["a"]!])
            Issue.record("a missing base must not pass")
        } catch let error as FaultlineError {
            #expect(error.isRepositoryProblem)
            #expect(error.description.contains("fetch-depth: 0"))
        }
    }
}
