import Foundation
import Testing
import TestSupport
@testable import Git

@Suite struct DiffTests {
    @Test func reportsEveryKindOfChangeWithBlobIds() throws {
        let s = try Scratch()
        try s.initRepository()
        try s.write("k8s/cm.yaml", "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: ui\ndata:\n  ASSETS: local\n")
        try s.write("nginx.conf", "server { listen 80; }\n")
        try s.write("gone.txt", "bye\n")
        try s.write("target.tf", "x\n")
        let first = try s.commit("first")
        try s.git("mv", "k8s/cm.yaml", "k8s/configmap.yaml")
        try s.write("nginx.conf", "server { listen 8080; }\n")
        try s.run(["rm", "repo/gone.txt", "repo/target.tf"], in: "")
        try s.run(["ln", "-s", "nginx.conf", "repo/target.tf"], in: "")
        try s.write("new/index.html", "<script src=\"https://x.s3.amazonaws.com/app.js\"></script>\n")
        let second = try s.commit("second")

        let repository = try Repository(at: s.path("repo"))
        let changes = try repository.diff(from: ObjectID(hex: first), to: ObjectID(hex: second)!)
        let summary = changes.map { "\($0.status.rawValue) \($0.old?.path ?? "-") -> \($0.new?.path ?? "-")" }
        #expect(summary == [
            "deleted gone.txt -> -",
            "renamed k8s/cm.yaml -> k8s/configmap.yaml",
            "added - -> new/index.html",
            "modified nginx.conf -> nginx.conf",
            "typeChanged target.tf -> target.tf",
        ])
        let rename = try #require(changes.first { $0.status == .renamed })
        #expect(rename.similarity == 100 && rename.old?.id == rename.new?.id)
        let typeChange = try #require(changes.first { $0.status == .typeChanged })
        #expect(typeChange.old?.kind == .file && typeChange.new?.kind == .symlink)
        let modified = try #require(changes.first { $0.status == .modified })
        #expect(modified.old?.id != modified.new?.id)
        let added = try #require(changes.first { $0.status == .added })
        let listed = try repository.files(of: ObjectID(hex: second)!).first { $0.path == "new/index.html" }
        #expect(added.old == nil && added.new?.id == listed?.id)
    }

    @Test func withoutRenameDetectionARenameIsADeleteAndAnAdd() throws {
        let s = try Scratch()
        try s.initRepository()
        try s.write("a.yaml", "kind: Service\n")
        let first = try s.commit("first")
        try s.git("mv", "a.yaml", "b.yaml")
        let second = try s.commit("second")
        let repository = try Repository(at: s.path("repo"))
        let changes = try repository.diff(from: ObjectID(hex: first), to: ObjectID(hex: second)!, detectRenames: false)
        #expect(changes.map(\.status) == [.deleted, .added])
    }

    @Test func aRootCommitDiffsAgainstTheEmptyTree() throws {
        let s = try Scratch()
        try s.initRepository()
        try s.write("x/y.tf", "1\n")
        let root = try s.commit("root")
        let repository = try Repository(at: s.path("repo"))
        let changes = try repository.diff(from: nil, to: ObjectID(hex: root)!)
        #expect(changes.map(\.status) == [.added] && changes.first?.path == "x/y.tf")
    }
}
