import Foundation
import Testing
import TestSupport
@testable import Git

@Suite struct RepositoryTests {
    /// A repository with three commits on main, a tag, a branch and a remote-tracking ref.
    func threeCommits() throws -> (Scratch, [String]) {
        let s = try Scratch()
        try s.initRepository()
        var ids: [String] = []
        for n in 1...3 {
            try s.write("k8s/app.yaml", "replicas: \(n)\n")
            ids.append(try s.commit("change \(n)"))
        }
        try s.git("tag", "-a", "v1", "-m", "release", ids[1])
        try s.git("branch", "feature", ids[0])
        try s.git("update-ref", "refs/remotes/origin/main", ids[1])
        return (s, ids)
    }

    @Test func opensFromAFolderInsideTheWorkTree() throws {
        let (s, ids) = try threeCommits()
        try FileManager.default.createDirectory(atPath: s.path("repo/deep/er"), withIntermediateDirectories: true)
        let repository = try Repository(at: s.path("repo/deep/er"))
        #expect(!repository.isBare && !repository.isShallow && !repository.isLinkedWorktree)
        #expect(try repository.resolveCommit("HEAD").hex == ids[2])
        #expect(repository.workingDirectory?.hasSuffix("/repo/") == true)
    }

    @Test(arguments: [
        ("HEAD", 2), ("main", 2), ("refs/heads/main", 2), ("v1", 1), ("feature", 0),
        ("HEAD~2", 0), ("HEAD^", 1), ("main~1", 1), ("origin/main", 1), ("HEAD^{commit}", 2),
    ])
    func resolvesRevisionForms(revision: String, index: Int) throws {
        let (s, ids) = try threeCommits()
        let repository = try Repository(at: s.path("repo"))
        #expect(try repository.resolveCommit(revision).hex == ids[index])
    }

    @Test func resolvesShortAndFullIds() throws {
        let (s, ids) = try threeCommits()
        let repository = try Repository(at: s.path("repo"))
        #expect(try repository.resolveCommit(String(ids[1].prefix(8))).hex == ids[1])
        #expect(try repository.resolveCommit(ids[0]).hex == ids[0])
    }

    @Test func unknownRevisionIsAnErrorThatSaysWhatToDo() throws {
        let (s, _) = try threeCommits()
        let repository = try Repository(at: s.path("repo"))
        #expect(throws: GitError.unknownRevision("no-such-branch", shallow: false)) {
            try repository.resolveCommit("no-such-branch")
        }
        #expect(try repository.resolveCommitIfPresent("no-such-branch") == nil)
        #expect(throws: GitError.self) { try repository.resolveCommit("HEAD~9") }
        let message = GitError.unknownRevision("x", shallow: false).description
        #expect(message.contains("git rev-parse x"))
    }

    @Test func anEmptyRepositorySaysItHasNoCommits() throws {
        let s = try Scratch()
        try s.initRepository()
        let repository = try Repository(at: s.path("repo"))
        do {
            _ = try repository.resolveCommit("HEAD")
            Issue.record("an empty repository has no HEAD commit")
        } catch {
            guard case .noCommits = error else { Issue.record("expected noCommits, got \(error)"); return }
            #expect(error.description.contains("no commits yet"))
        }
        #expect(throws: GitError.unknownRevision("main~1", shallow: false)) { try repository.resolveCommit("main~1") }
    }

    @Test func aTreeOrBlobIsNotACommit() throws {
        let (s, _) = try threeCommits()
        let repository = try Repository(at: s.path("repo"))
        #expect(throws: GitError.notACommit("HEAD:k8s/app.yaml")) { try repository.resolveCommit("HEAD:k8s/app.yaml") }
    }

    @Test func outsideAnyRepositoryIsNotARepository() throws {
        let s = try Scratch()
        try FileManager.default.createDirectory(atPath: s.path("plain"), withIntermediateDirectories: true)
        #expect(throws: GitError.notARepository(path: s.path("plain"))) { try Repository(at: s.path("plain")) }
    }

    @Test func readsCommitMetadata() throws {
        let (s, ids) = try threeCommits()
        let repository = try Repository(at: s.path("repo"))
        let commit = try repository.commit(try repository.resolveCommit("HEAD"))
        #expect(commit.id.hex == ids[2])
        #expect(commit.parents.map(\.hex) == [ids[1]])
        #expect(commit.summary == "change 3")
        #expect(commit.author.name == "Ada Lovelace" && commit.author.email == "ada@example.com")
        #expect(commit.author.time > 1_700_000_000 && commit.author.offsetMinutes == 0)
        #expect(!commit.isMerge)
        let root = try repository.commit(try repository.resolveCommit("HEAD~2"))
        #expect(root.parents.isEmpty)
    }

    @Test func opensABareClone() throws {
        let (s, ids) = try threeCommits()
        try s.git("clone", "-q", "--bare", s.path("repo"), s.path("bare.git"), in: "")
        let repository = try Repository(at: s.path("bare.git"))
        #expect(repository.isBare && repository.workingDirectory == nil)
        let head = try repository.resolveCommit("HEAD")
        #expect(head.hex == ids[2])
        #expect(try repository.files(of: head).map(\.path) == ["k8s/app.yaml"])
    }

    @Test func opensALinkedWorktreeWithItsOwnHead() throws {
        let (s, ids) = try threeCommits()
        try s.git("worktree", "add", "-q", s.path("wt"), "feature")
        let repository = try Repository(at: s.path("wt"))
        #expect(repository.isLinkedWorktree)
        #expect(try repository.resolveCommit("HEAD").hex == ids[0])
        #expect(repository.commonDirectory.hasSuffix("/repo/.git/"))
        #expect(repository.gitDirectory.contains("/repo/.git/worktrees/"))
    }

    @Test func computesMergeBases() throws {
        let s = try Scratch()
        try s.initRepository()
        try s.write("a", "1")
        let fork = try s.commit("fork point")
        try s.git("checkout", "-q", "-b", "topic")
        try s.write("b", "2")
        let topic = try s.commit("topic work")
        try s.git("checkout", "-q", "main")
        try s.write("c", "3")
        let main = try s.commit("main work")
        let repository = try Repository(at: s.path("repo"))
        let base = try repository.mergeBase(ObjectID(hex: topic)!, ObjectID(hex: main)!)
        #expect(base?.hex == fork)
        // Two unrelated roots have no merge-base, which is not an error.
        try s.git("checkout", "-q", "--orphan", "island")
        try s.write("d", "4")
        let island = try s.commit("unrelated")
        #expect(try repository.mergeBase(ObjectID(hex: island)!, ObjectID(hex: main)!) == nil)
    }

    @Test(.enabled(if: getuid() == 0, "changing a folder's owner needs root"))
    func aRepositoryOwnedByAnotherUserOpensUnlessValidationIsOn() throws {
        let (s, ids) = try threeCommits()
        try s.run(["chown", "-R", "4242:4242", s.path("repo")], in: "")
        // The default: Faultline reads objects only, so another owner is no danger.
        #expect(try Repository(at: s.path("repo")).resolveCommit("HEAD").hex == ids[2])
        OwnershipLock.withValidation {
            #expect(throws: GitError.unsafeOwnership(path: s.path("repo"))) { try Repository(at: s.path("repo")) }
        }
        #expect(GitError.unsafeOwnership(path: "/r").description.contains("safe.directory"))
    }
}

/// Serialises the tests that flip libgit2's process-wide ownership setting.
enum OwnershipLock {
    private static let lock = NSLock()

    static func withValidation(_ body: () throws -> Void) rethrows {
        lock.lock()
        defer { lock.unlock() }
        GitSettings.ownershipValidation = true
        defer { GitSettings.ownershipValidation = false }
        try body()
    }
}
