import Foundation
import Testing
import TestSupport
@testable import Git

@Suite struct TreeAndBlobTests {
    @Test func listsNestedTreesSortedWithSizesAndKinds() throws {
        let s = try Scratch()
        try s.initRepository()
        try s.write("k8s/base/deploy.yaml", "kind: Deployment\n")
        try s.write("k8s/overlays/prod/kustomization.yaml", "resources: []\n")
        try s.write("terraform/main.tf", "provider \"aws\" {}\n")
        try s.write("README.md", "hi\n")
        try s.write("bin/run.sh", "#!/bin/sh\n")
        try s.run(["chmod", "+x", "repo/bin/run.sh"], in: "")
        try s.run(["ln", "-s", "../terraform/main.tf", "repo/k8s/link.tf"], in: "")
        try s.commit("layout")
        // A submodule entry without cloning anything: a gitlink pointing at some commit.
        let pinned = try s.git("rev-parse", "HEAD")
        try s.git("update-index", "--add", "--cacheinfo", "160000,\(pinned),vendor/lib")
        try s.git("commit", "-q", "-m", "add submodule")

        let repository = try Repository(at: s.path("repo"))
        let files = try repository.files(of: try repository.resolveCommit("HEAD"))
        #expect(files.map(\.path) == [
            "README.md", "bin/run.sh", "k8s/base/deploy.yaml", "k8s/link.tf",
            "k8s/overlays/prod/kustomization.yaml", "terraform/main.tf", "vendor/lib",
        ])
        let byPath = Dictionary(uniqueKeysWithValues: files.map { ($0.path, $0) })
        #expect(byPath["README.md"]?.kind == .file && byPath["README.md"]?.size == 3)
        #expect(byPath["bin/run.sh"]?.kind == .executable && byPath["bin/run.sh"]?.mode == 0o100755)
        #expect(byPath["k8s/link.tf"]?.kind == .symlink)
        #expect(byPath["vendor/lib"]?.kind == .submodule && byPath["vendor/lib"]?.size == nil)
        #expect(byPath["vendor/lib"]?.id.hex == pinned)
        // A symlink's blob is its target path, never followed.
        let link = try repository.blob(byPath["k8s/link.tf"]!.id)
        #expect(link.text.map { String(decoding: $0, as: UTF8.self) } == "../terraform/main.tf")
    }

    @Test func readsTextBinaryOversizedAndLFSBlobs() throws {
        let s = try Scratch()
        try s.initRepository()
        try s.write("config/nginx.conf", "location / { proxy_pass https://assets.s3.amazonaws.com; }\n")
        try s.write("logo.png", Data([0x89, 0x50, 0x4E, 0x47, 0x00, 0x00, 0x01, 0x02] + Array(repeating: 0, count: 64)))
        try s.write("big.json", String(repeating: "x", count: 4096))
        let lfs = "version https://git-lfs.github.com/spec/v1\noid sha256:4d7a214614ab2935c943f9e0ff69d22eadbb8f32b1258daaa5e2ca24d17e2393\nsize 12345\n"
        try s.write("model.bin", lfs)
        try s.commit("blobs")
        let repository = try Repository(at: s.path("repo"))
        let files = try repository.files(of: try repository.resolveCommit("HEAD"))
        func blob(_ path: String, limit: Int = Repository.defaultBlobLimit) throws -> Blob {
            try repository.blob(files.first { $0.path == path }!.id, limit: limit)
        }
        #expect(try String(decoding: blob("config/nginx.conf").text ?? [], as: UTF8.self).contains("proxy_pass"))
        #expect(try blob("logo.png").content == .binary)
        #expect(try blob("big.json", limit: 1024).content == .tooLarge(limit: 1024))
        #expect(try blob("big.json", limit: 1024).size == 4096)
        #expect(try blob("big.json").text?.count == 4096)
        let pointer = try blob("model.bin").content
        guard case .lfsPointer(let p) = pointer else { Issue.record("expected an LFS pointer, got \(pointer)"); return }
        #expect(p.size == 12345 && p.oid.hasPrefix("sha256:4d7a21"))
    }

    /// Text with a byte order mark is handed over as UTF-8 without it, one line for one line;
    /// UTF-16 that is not valid, or not text, stays binary, and so does UTF-16 without a mark,
    /// which nothing tells from binary.
    @Test func textWithAByteOrderMarkIsReadAsUTF8() throws {
        let s = try Scratch()
        try s.initRepository()
        let page = "<!DOCTYPE html>\r\n<html>\n<body>héllo 😀</body></html>\n"
        try s.write("utf16le.html", Data([0xFF, 0xFE]) + Data(page.utf16.flatMap { [UInt8($0 & 0xFF), UInt8($0 >> 8)] }))
        try s.write("utf16be.yaml", Data([0xFE, 0xFF]) + Data("kind: ConfigMap\ndata: {a: ü}\n".utf16.flatMap { [UInt8($0 >> 8), UInt8($0 & 0xFF)] }))
        try s.write("utf8bom.conf", Data([0xEF, 0xBB, 0xBF]) + Data("server {}\n".utf8))
        try s.write("no-mark-utf16.html", Data("<html></html>\n".utf16.flatMap { [UInt8($0 & 0xFF), UInt8($0 >> 8)] }))
        try s.write("odd.html", Data([0xFF, 0xFE, 0x3C, 0x00, 0x68]))
        try s.write("lone-surrogate.html", Data([0xFF, 0xFE, 0x3C, 0x00, 0x00, 0xD8, 0x3E, 0x00]))
        try s.write("nul.html", Data([0xFF, 0xFE, 0x3C, 0x00, 0x00, 0x00, 0x3E, 0x00]))
        try s.write("controls.bin", Data([0xFE, 0xFF] + Array(repeating: [0x00, 0x01], count: 64).joined()))
        try s.commit("encodings")
        let repository = try Repository(at: s.path("repo"))
        let files = try repository.files(of: try repository.resolveCommit("HEAD"))
        func content(_ path: String) throws -> Blob.Content { try repository.blob(files.first { $0.path == path }!.id).content }
        #expect(try content("utf16le.html") == .text(Array(page.utf8)))
        #expect(try content("utf16be.yaml") == .text(Array("kind: ConfigMap\ndata: {a: ü}\n".utf8)))
        #expect(try content("utf8bom.conf") == .text(Array("server {}\n".utf8)))
        for path in ["no-mark-utf16.html", "odd.html", "lone-surrogate.html", "nul.html", "controls.bin"] {
            #expect(try content(path) == .binary, "\(path)")
        }
    }

    /// Each mark's encoding, valid and not; UTF-32's little-endian mark is told from UTF-16's,
    /// which it starts with.
    @Test(arguments: [
        ([0xFF, 0xFE, 0x61, 0x00, 0x0A, 0x00, 0x3D, 0xD8, 0x00, 0xDE], "a\n😀" as String?),
        ([0xFE, 0xFF, 0x00, 0x61, 0xD8, 0x3D, 0xDE, 0x00], "a😀"),
        ([0xFF, 0xFE, 0x00, 0x00, 0x61, 0x00, 0x00, 0x00, 0x00, 0xF6, 0x01, 0x00], "a😀"),
        ([0x00, 0x00, 0xFE, 0xFF, 0x00, 0x00, 0x00, 0x61], "a"),
        ([0xEF, 0xBB, 0xBF, 0x61], "a"),
        ([0xFF, 0xFE, 0x61], nil),
        ([0xFF, 0xFE, 0x00, 0xDC, 0x61, 0x00], nil),
        ([0xFE, 0xFF, 0xD8, 0x3D, 0x00, 0x61], nil),
        ([0x00, 0x00, 0xFE, 0xFF, 0x00, 0x11, 0x00, 0x00], nil),
        ([0x00, 0x00, 0xFE, 0xFF, 0x00, 0x00, 0x61], nil),
    ] as [([UInt8], String?)])
    func aByteOrderMarksEncodingIsTranscodedOrRefused(bytes: [UInt8], text: String?) throws {
        let mark = try #require(ByteOrderMark(opening: bytes))
        #expect(mark.utf8(transcoding: bytes) == text.map { Array($0.utf8) })
    }

    @Test func gitsTextTestIsAppliedToTranscodedText() {
        #expect(Repository.looksLikeText(Array("a\tb\r\n\u{1B}[0m é\n".utf8)))
        #expect(!Repository.looksLikeText([0x61, 0x00, 0x62]))
        #expect(!Repository.looksLikeText([0x01, 0x02, 0x61]))
        #expect(Repository.looksLikeText([0x01] + Array(repeating: 0x61, count: 128)))
        #expect(ByteOrderMark(opening: [0x3C, 0x00]) == nil)
    }

    @Test func lfsPointerParsingRejectsLookalikes() {
        #expect(LFSPointer(Array("version https://git-lfs.github.com/spec/v1\nsize 3\n".utf8)) == nil)
        #expect(LFSPointer(Array("hello\n".utf8)) == nil)
        let long = "version https://git-lfs.github.com/spec/v1\noid sha256:ab\nsize 1\n" + String(repeating: "#", count: 2000)
        #expect(LFSPointer(Array(long.utf8)) == nil)
    }

    @Test func aMissingBlobIsAMissingObject() throws {
        let s = try Scratch()
        try s.initRepository()
        try s.write("a", "1")
        try s.commit("one")
        let repository = try Repository(at: s.path("repo"))
        let ghost = ObjectID(hex: "0123456789abcdef0123456789abcdef01234567")!
        #expect(throws: GitError.missingObject(ghost, shallow: false)) { try repository.blob(ghost) }
        #expect(try repository.contains(ghost) == false)
    }
}

@Suite struct ObjectIDTests {
    @Test func roundTripsHexAndRejectsJunk() {
        let hex = "0123456789abcdef0123456789abcdef01234567"
        #expect(ObjectID(hex: hex)?.hex == hex)
        #expect(ObjectID(hex: hex.uppercased())?.hex == hex)
        #expect(ObjectID(hex: hex)?.short == "0123456")
        #expect(ObjectID(hex: String(hex.dropLast())) == nil)
        #expect(ObjectID(hex: "g" + hex.dropFirst()) == nil)
        #expect(ObjectID(hex: hex).map { ObjectID($0.oid) }?.hex == hex)
        #expect(ObjectID.zero.hex == String(repeating: "0", count: 40))
    }

    @Test func recognisesZeroPlaceholdersOfBothHashLengths() {
        #expect(ObjectID.isZeroPlaceholder(String(repeating: "0", count: 40)))
        #expect(ObjectID.isZeroPlaceholder(String(repeating: "0", count: 64)))
        #expect(!ObjectID.isZeroPlaceholder(String(repeating: "0", count: 39)))
        #expect(!ObjectID.isZeroPlaceholder("1" + String(repeating: "0", count: 39)))
    }

    @Test func ordersAndEncodes() throws {
        let a = ObjectID(hex: "00000000000000000000000000000000000000ff")!
        let b = ObjectID(hex: "0000000000000000000000000000000000000100")!
        #expect(a < b)
        let json = try JSONEncoder().encode([a])
        #expect(String(decoding: json, as: UTF8.self) == "[\"00000000000000000000000000000000000000ff\"]")
        #expect(try JSONDecoder().decode([ObjectID].self, from: json) == [a])
    }
}

@Suite struct PartialCloneTests {
    @Test func aBlobTheCloneLacksIsListedWithoutASizeAndOnlyReadingItFails() throws {
        let s = try Scratch()
        try s.initRepository()
        try s.write("k8s/app.yaml", "kind: Service\n")
        try s.write("big.bin", String(repeating: "z", count: 100))
        try s.commit("one")
        let missing = try s.git("rev-parse", "HEAD:big.bin")
        // A partial clone leaves blobs out; removing the loose object leaves the same hole.
        try FileManager.default.removeItem(atPath: s.path("repo/.git/objects/\(missing.prefix(2))/\(missing.dropFirst(2))"))
        let repository = try Repository(at: s.path("repo"))
        let files = try repository.files(of: try repository.resolveCommit("HEAD"))
        #expect(files.map(\.path) == ["big.bin", "k8s/app.yaml"])
        #expect(files[0].size == nil && files[1].size == 14)
        #expect(throws: GitError.missingObject(ObjectID(hex: missing)!, shallow: false)) { try repository.blob(files[0].id) }
    }
}

@Suite struct SubtreeListingTests {
    @Test func listsOnlyTheFilesUnderAFolder() throws {
        let s = try Scratch()
        try s.initRepository()
        try s.write(".faultline/policies/team.yaml", "rules: []\n")
        try s.write(".faultline/policies/deep/more.yaml", "rules: []\n")
        try s.write(".faultline.yaml", "version: 1\n")
        try s.write("k8s/app.yaml", "a: 1\n")
        try s.commit("one")
        let repository = try Repository(at: s.path("repo"))
        let head = try repository.resolveCommit("HEAD")
        #expect(try repository.files(of: head, under: ".faultline/policies").map(\.path) == [
            ".faultline/policies/deep/more.yaml", ".faultline/policies/team.yaml",
        ])
        #expect(try repository.files(of: head, under: "/.faultline/policies/").count == 2)
        #expect(try repository.files(of: head, under: "nowhere").isEmpty)
        #expect(try repository.files(of: head, under: ".faultline.yaml").isEmpty)
        #expect(try repository.files(of: head, under: "") == repository.files(of: head))
    }
}
