import Foundation
import Testing
import TestSupport

@Suite struct FilesCommandTests {
    @Test func listsARevisionsFilesWithKindAndSize() throws {
        let s = try Scratch()
        try s.initRepository()
        try s.write("k8s/ui.yaml", "kind: Deployment\n")
        try s.write("main.tf", "a\n")
        try s.commit("one")
        try s.write("main.tf", "ab\n")
        try s.commit("two")
        let result = try FaultlineBinary.run(["files", "--repo", s.path("repo"), "HEAD~1"], in: s, dir: "")
        #expect(result.status == 0)
        #expect(result.output.split(separator: "\n").map { $0.split(separator: " ").joined(separator: " ") } == [
            "file 17 k8s/ui.yaml", "file 2 main.tf",
        ])
    }

    @Test func defaultsToHeadOfTheCurrentFolder() throws {
        let s = try Scratch()
        try s.initRepository()
        try s.write("a/b.txt", "x\n")
        try s.commit("one")
        let result = try FaultlineBinary.run(["files"], in: s, dir: "repo/a")
        #expect(result.status == 0 && result.output.hasSuffix("a/b.txt"))
    }

    @Test(arguments: [
        (["files", "no-such-rev"], "unknown revision 'no-such-rev'"),
        (["files", "--repo", "/"], "is not inside a git repository"),
    ])
    func repositoryProblemsExitThree(arguments: [String], message: String) throws {
        let s = try Scratch()
        try s.initRepository()
        try s.commit("empty")
        let result = try FaultlineBinary.run(arguments, in: s)
        #expect(result.status == 3)
        #expect(result.errors.contains(message))
        #expect(result.output.isEmpty)
    }

    @Test(arguments: [["files", "--bogus"], ["nonsense"], ["files", "a", "b"]])
    func usageErrorsExitTwo(arguments: [String]) throws {
        let s = try Scratch()
        try s.initRepository()
        let result = try FaultlineBinary.run(arguments, in: s)
        #expect(result.status == 2)
        #expect(!result.errors.isEmpty)
    }

    @Test func versionAndHelpExitZero() throws {
        let s = try Scratch()
        try s.initRepository()
        let version = try FaultlineBinary.run(["--version"], in: s)
        #expect(version.status == 0 && version.output.first?.isNumber == true)
        let help = try FaultlineBinary.run(["--help"], in: s)
        #expect(help.status == 0 && help.output.contains("files") && help.output.contains("Exit codes"))
    }
}

@Suite struct FilesClassifyTests {
    @Test func classifiesEachBlobAgainstTheSizeLimit() throws {
        let s = try Scratch()
        try s.initRepository()
        try s.write("small.yaml", "a: 1\n")
        try s.write("big.yaml", String(repeating: "b", count: 300))
        try s.write("img.png", Data([0, 1, 2, 0, 0, 9]))
        try s.write("model.bin", "version https://git-lfs.github.com/spec/v1\noid sha256:abc\nsize 9\n")
        try s.commit("one")
        let result = try FaultlineBinary.run(["files", "--classify", "--max-blob-size", "100"], in: s)
        #expect(result.status == 0)
        let rows = result.output.split(separator: "\n").map { $0.split(separator: " ").map(String.init) }
        #expect(rows.map { [$0[2], $0[3]] } == [
            ["too-large", "big.yaml"], ["binary", "img.png"], ["lfs-pointer", "model.bin"], ["text", "small.yaml"],
        ])
        let bad = try FaultlineBinary.run(["files", "--classify", "--max-blob-size", "0"], in: s)
        #expect(bad.status == 2 && bad.errors.contains("--max-blob-size"))
        // A blob a partial clone lacks is a row saying so, and the listing goes on.
        let missing = try s.git("rev-parse", "HEAD:img.png")
        try FileManager.default.removeItem(atPath: s.path("repo/.git/objects/\(missing.prefix(2))/\(missing.dropFirst(2))"))
        let partial = try FaultlineBinary.run(["files", "--classify", "--max-blob-size", "100"], in: s)
        #expect(partial.status == 0, "\(partial.errors)")
        #expect(partial.output.split(separator: "\n").map { $0.split(separator: " ").map(String.init) }.map { [$0[2], $0[3]] } == [
            ["too-large", "big.yaml"], ["missing", "img.png"], ["lfs-pointer", "model.bin"], ["text", "small.yaml"],
        ])
    }
}

@Suite struct PartialCloneCommandTests {
    @Test func aManifestTheCloneLacksIsALocatedErrorNotACrash() throws {
        let s = try Scratch()
        try s.initRepository()
        try s.write("k8s/app.yaml", "apiVersion: v1\nkind: Service\nmetadata: {name: a}\n")
        try s.commit("one")
        let missing = try s.git("rev-parse", "HEAD:k8s/app.yaml")
        try FileManager.default.removeItem(atPath: s.path("repo/.git/objects/\(missing.prefix(2))/\(missing.dropFirst(2))"))
        let result = try FaultlineBinary.run(["topology"], in: s)
        #expect(result.status == 0)
        #expect(result.output.contains("k8s/app.yaml: error: file's content is not in this clone") && result.output.contains("--filter"))
    }
}
