import ArgumentParser
import Foundation
import Report

extension ReportFormat: ExpressibleByArgument {}

/// Where a report goes: standard output or a file, and GitHub's step summary.
enum ReportOutput {
    static func write(_ text: String, to path: String?) throws {
        guard let path else {
            print(text, terminator: "")
            return
        }
        do {
            try Data(text.utf8).write(to: URL(fileURLWithPath: path))
        } catch {
            Terminal.error("faultline: cannot write the report to \(path): \(error.localizedDescription)")
            throw ExitCode(ExitStatus.usage)
        }
    }

    /// Under GitHub Actions the Markdown report is appended to the job's summary page.
    static func appendStepSummary(_ report: CheckReport, environment: [String: String]) {
        guard environment["GITHUB_ACTIONS"] == "true", let path = environment["GITHUB_STEP_SUMMARY"], !path.isEmpty,
              let handle = FileHandle(forWritingAtPath: path) else { return }
        defer { try? handle.close() }
        _ = try? handle.seekToEnd()
        try? handle.write(contentsOf: Data((MarkdownRenderer.render(report) + "\n").utf8))
    }
}

/// Today's date in UTC as `YYYY-MM-DD`, for acceptance expiry; `FAULTLINE_TODAY` overrides it
/// so a check can be reproduced as of a given day.
enum Today {
    static func string(environment: [String: String] = ProcessInfo.processInfo.environment) -> String {
        if let fixed = environment["FAULTLINE_TODAY"], !fixed.isEmpty { return fixed }
        let formatter = DateFormatter()
        formatter.locale = Locale(identifier: "en_US_POSIX")
        formatter.timeZone = TimeZone(identifier: "UTC")
        formatter.dateFormat = "yyyy-MM-dd"
        return formatter.string(from: Date())
    }
}
