import Foundation
import Testing
import TestSupport

/// Every kind of bad file at once: each gets its diagnostic, and the good manifest is still read.
@Suite struct BadInputTests {
    @Test func eachBadFileIsDiagnosedAndTheRestOfTheRepositoryIsStillRead() throws {
        let s = try Scratch()
        try s.initRepository()
        try s.write(".faultline.yaml", "clusters:\n  - {name: prod, provider: aws, region: us-east-1, zones: [us-east-1a, us-east-1b]}\n")
        try s.write("k8s/good.yaml", "apiVersion: apps/v1\nkind: Deployment\nmetadata: {name: good}\nspec:\n  template:\n    spec:\n      containers: [{name: a, image: gcr.io/x/good}]\n")
        try s.write("k8s/broken.yaml", "apiVersion: v1\nkind: Service\nmetadata: {name: [oops\n")
        try s.write("k8s/latin1.yaml", Data([0x6B, 0x69, 0x6E, 0x64, 0x3A, 0x20, 0xE9, 0xFF, 0x0A]))
        try s.write("k8s/huge.yaml", "x: " + String(repeating: "a", count: 3 << 20) + "\n")
        var bomb = "a: &a [\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\"]\n"
        for level in 1..<10 { bomb += "\(Character(UnicodeScalar(97 + level)!)): &\(Character(UnicodeScalar(97 + level)!)) [" + Array(repeating: "*\(Character(UnicodeScalar(96 + level)!))", count: 9).joined(separator: ",") + "]\n" }
        try s.write("k8s/bomb.yaml", bomb)
        try s.write("k8s/crd.yaml", "apiVersion: example.com/v1\nkind: Widget\nmetadata: {name: w}\n")
        try s.write("chart/templates/deploy.yaml", "apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: {{ .Release.Name }}\n")
        try s.commit("bad files and one good one")
        let started = Date()
        let result = try FaultlineBinary.run(["topology", "--format", "json"], in: s)
        #expect(Date().timeIntervalSince(started) < 60, "a guard against blow-ups, not a benchmark")
        #expect(result.status == 0, "\(result.errors)")
        let json = try #require(try JSONSerialization.jsonObject(with: Data(result.output.utf8)) as? [String: Any])
        let ids = (json["components"] as? [[String: Any]] ?? []).compactMap { $0["id"] as? String }
        #expect(ids.contains("k8s:Deployment/default/good"))
        let diagnostics = (json["diagnostics"] as? [[String: Any]] ?? []).compactMap { d in (d["path"] as? String).map { ($0, d["summary"] as? String ?? "") } }
        for path in ["k8s/broken.yaml", "k8s/latin1.yaml", "k8s/bomb.yaml", "k8s/crd.yaml", "chart/templates/deploy.yaml"] {
            #expect(diagnostics.contains { $0.0 == path }, "no diagnostic for \(path): \(diagnostics)")
        }
    }

    /// A manifest turned into a symbolic link to a file elsewhere in the repository is read as
    /// that file; one out of it or to itself leads nowhere, and the change adding it is an
    /// unreadable file (exit 2) rather than a pass with the manifest gone.
    @Test func aSymbolicLinkAtAManifestsPathIsAnUnreadableFile() throws {
        let s = try Scratch()
        try s.initRepository()
        let manifest = "apiVersion: apps/v1\nkind: Deployment\nmetadata: {name: ui}\nspec:\n  template:\n    spec:\n      containers: [{name: a, image: gcr.io/x/ui}]\n"
        try s.write("k8s/ui.yaml", manifest)
        try s.commit("a manifest")
        try FileManager.default.removeItem(atPath: s.path("repo/k8s/ui.yaml"))
        try s.write("shared/ui.txt", manifest.replacing("gcr.io", with: "quay.io"))
        for (link, target) in [("k8s/ui.yaml", "../shared/ui.txt"), ("k8s/passwd.yaml", "/etc/passwd"), ("k8s/self.yaml", "self.yaml")] {
            try FileManager.default.createSymbolicLink(atPath: s.path("repo/\(link)"), withDestinationPath: target)
        }
        try s.commit("the manifest kept elsewhere, behind a link")
        let result = try FaultlineBinary.run(["check", "--base", "HEAD~1"], in: s)
        #expect(result.status == 2, "\(result.output)")
        for link in ["k8s/passwd.yaml", "k8s/self.yaml"] {
            #expect(result.output.contains("\(link):1: error: this file is a symbolic link"), "\(link): \(result.output)")
        }
        #expect(!result.output.contains("k8s/ui.yaml:1: error"), "\(result.output)")
        #expect(result.output.contains("single-saas") && result.output.contains("saas:quay"), "the linked manifest is read: \(result.output)")
    }

    /// A file read only as the text another file names (a Compose host's `env_file`) is not
    /// taken for a broken link when it is one: such reads see part of a tree, so links there
    /// are passed over as before, with no error.
    @Test func aLinkedEnvFileIsNoUnreadableFile() throws {
        let s = try Scratch()
        try s.initRepository()
        try s.write(".faultline.yaml", "hosts:\n  - name: web-1\n    provider: aws\n    region: us-east-1\n    zone: us-east-1a\n    compose: [compose.yaml]\n")
        try s.write("compose.yaml", "services:\n  web:\n    image: gcr.io/x/web:1\n    env_file: .env\n")
        try s.write("env/prod.env", "ASSETS=https://assets-east.s3.us-east-1.amazonaws.com/app.js\n")
        try FileManager.default.createSymbolicLink(atPath: s.path("repo/.env"), withDestinationPath: "env/prod.env")
        try s.commit("an env file kept elsewhere")
        let result = try FaultlineBinary.run(["topology", "--format", "json"], in: s)
        #expect(result.status == 0, "\(result.output)")
        #expect(!result.output.contains("symbolic link"), "\(result.output)")
    }
}
