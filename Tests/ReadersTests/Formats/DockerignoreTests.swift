import Model
import Testing

@testable import Readers

@Suite struct DockerignoreTests {
    @Test func readsPatternsWithoutCommentsOrBlanks() {
        let facts = DockerignoreReader().read(path: "web/.dockerignore", bytes: Array("# build output\n\ndist\n  docs/**  \n!docs/keep.html\n".utf8))
        #expect(facts.dockerignore == ["dist", "docs/**", "!docs/keep.html"])
        #expect(DockerignoreReader().accepts(path: "web/.dockerignore") && DockerignoreReader().accepts(path: ".dockerignore"))
        #expect(!DockerignoreReader().accepts(path: "web/dockerignore"))
    }

    @Test(arguments: [
        (["docs"], "docs/guide.html", true),
        (["docs"], "src/docs/guide.html", false),
        (["**/docs"], "src/docs/guide.html", true),
        (["*.md"], "README.md", true),
        (["*.md"], "notes/README.md", false),
        (["**/*.md"], "notes/README.md", true),
        (["docs", "!docs/keep.html"], "docs/keep.html", false),
        (["docs", "!docs/keep.html"], "docs/drop.html", true),
        (["!docs/keep.html", "docs"], "docs/keep.html", true),
        (["./dist/"], "dist/app.js", true),
        (["d?cs"], "docs/x", true),
        (["**"], "anything/at/all", true),
    ] as [([String], String, Bool)])
    func matchesAsDockerDoes(patterns: [String], path: String, excluded: Bool) {
        #expect(DockerignorePatterns(patterns).excludes(path) == excluded)
    }

    /// A pattern from a pull request must not take exponential time.
    @Test func adversarialPatternsStayCheap() {
        let text = String(repeating: "a", count: 200)
        #expect(!DockerignorePatterns.glob(Substring(String(repeating: "*a", count: 40) + "b"), Substring(text)))
        let deep = Array(repeating: "**", count: 60).joined(separator: "/") + "/b"
        #expect(!DockerignorePatterns([deep]).excludes(Array(repeating: "a", count: 60).joined(separator: "/")))
    }
}
