import Foundation
import Testing

/// The pre-commit framework reads `.pre-commit-hooks.yaml` from the repository root; a typo
/// there only shows up in users' repositories, so its settings are pinned here.
@Suite struct PreCommitManifestTests {
    static let manifest = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        .appendingPathComponent(".pre-commit-hooks.yaml")

    @Test(arguments: [
        "- id: faultline",
        "  entry: faultline check",
        "  language: system",
        "  stages: [pre-push]",
        "  pass_filenames: false",
        "  require_serial: true",
        "  always_run: true",
    ])
    func declaresTheFaultlineHook(line: String) throws {
        let text = try String(contentsOf: Self.manifest, encoding: .utf8)
        #expect(text.split(separator: "\n").contains { $0 == line })
    }
}
