import Foundation
import Testing
import TestSupport
@testable import Git

@Suite struct WritingTests {
    @Test func createsCommitsThatGitReadsBack() throws {
        let s = try Scratch()
        let repository = try Repository.create(at: s.path("made"))
        let author = Signature(name: "Demo", email: "demo@example.com", time: 1_488_240_000, offsetMinutes: 0)
        let first = try repository.commit(files: [NewFile(path: "k8s/ui.yaml", text: "a: 1\n"), NewFile(path: "README", text: "hi\n")], message: "one", author: author)
        let second = try repository.commit(files: [NewFile(path: "k8s/ui.yaml", text: "a: 2\n")], message: "two\n\nbody", author: author)
        try repository.checkoutHead()
        #expect(try repository.resolveCommit("HEAD") == second)
        #expect(try repository.commit(second).parents == [first])
        #expect(try repository.files(of: first).map(\.path) == ["README", "k8s/ui.yaml"])
        #expect(try repository.diff(from: first, to: second).map { "\($0.status) \($0.path)" } == ["deleted README", "modified k8s/ui.yaml"])
        // git itself agrees, and the work tree matches HEAD.
        #expect(try s.git("log", "--format=%s %an", in: "made") == "two Demo\none Demo")
        #expect(try s.git("status", "--porcelain", in: "made").isEmpty)
        #expect(try String(contentsOfFile: s.path("made/k8s/ui.yaml"), encoding: .utf8) == "a: 2\n")
        #expect(try s.git("symbolic-ref", "HEAD", in: "made") == "refs/heads/main")
    }
}
