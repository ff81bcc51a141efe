import Foundation

/// The versioned JSON report (schema in docs/report-schema.md): sorted keys, so the same check
/// gives byte-identical output.
public enum JSONRenderer {
    public static func render(_ report: CheckReport) -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        guard let data = try? encoder.encode(report) else { return "{\"schemaVersion\":1,\"verdict\":\"fail\"}\n" }
        return String(decoding: data, as: UTF8.self) + "\n"
    }
}
