import Foundation

/// One JSON object a line: the start, one line per reported commit, the end. Each line can be
/// written as soon as it is known, and `faultline audit merge` joins shards of it.
public enum AuditJSONLRenderer {
    public static func render(_ report: AuditReport) -> String {
        line(report.start) + report.steps.map { line($0) }.joined() + line(report.end)
    }

    /// One record as one line, keys sorted, so equal audits give equal bytes.
    public static func line(_ record: some Encodable) -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        // Every record is plain strings, numbers and arrays, which JSONEncoder always encodes.
        guard let data = try? encoder.encode(record) else { return "{}\n" }
        return String(decoding: data, as: UTF8.self) + "\n"
    }
}
