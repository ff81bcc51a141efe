import Foundation
import Testing

/// Rendered reports compared byte for byte with files in `Snapshots/`.
///
/// `FAULTLINE_RECORD_SNAPSHOTS=1 swift test --filter ReportTests` rewrites the files instead,
/// and fails so that a recording run is never mistaken for a passing one: review the diff with
/// `git diff Tests/ReportTests/Snapshots`, then run the tests again without the variable.
enum Snapshot {
    static let folder = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("Snapshots")

    static var recording: Bool { ProcessInfo.processInfo.environment["FAULTLINE_RECORD_SNAPSHOTS"] == "1" }

    static func expect(_ actual: String, matches name: String, sourceLocation: SourceLocation = #_sourceLocation) {
        let url = folder.appendingPathComponent(name)
        if recording {
            do {
                try Data(actual.utf8).write(to: url)
                Issue.record("recorded \(name); run again without FAULTLINE_RECORD_SNAPSHOTS", sourceLocation: sourceLocation)
            } catch {
                Issue.record("cannot record \(url.path): \(error)", sourceLocation: sourceLocation)
            }
            return
        }
        guard let data = FileManager.default.contents(atPath: url.path) else {
            Issue.record("no snapshot \(url.path); record it with FAULTLINE_RECORD_SNAPSHOTS=1", sourceLocation: sourceLocation)
            return
        }
        let expected = String(decoding: data, as: UTF8.self)
        guard Array(data) != Array(actual.utf8) else { return }
        let old = expected.split(separator: "\n", omittingEmptySubsequences: false)
        let new = actual.split(separator: "\n", omittingEmptySubsequences: false)
        let line = zip(old, new).enumerated().first { $0.element.0 != $0.element.1 }?.offset ?? min(old.count, new.count)
        Issue.record(
            """
            \(name) differs from its snapshot at line \(line + 1):
              snapshot: \(line < old.count ? String(old[line]) : "<end>")
              rendered: \(line < new.count ? String(new[line]) : "<end>")
            If the change is intended, re-record with FAULTLINE_RECORD_SNAPSHOTS=1.
            """, sourceLocation: sourceLocation)
    }
}
