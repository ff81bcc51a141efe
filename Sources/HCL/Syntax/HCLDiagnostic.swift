/// A problem found in HCL source, located by its range; parse and evaluation functions return
/// these alongside a partial result instead of throwing.
public struct HCLDiagnostic: Hashable, Sendable, CustomStringConvertible {
    /// How much a diagnostic matters.
    public enum Severity: String, Hashable, Sendable {
        case warning
        case error
    }

    public var severity: Severity
    /// One line saying what is wrong.
    public var message: String
    /// What to do about it, or more context; may be empty.
    public var detail: String
    public var range: SourceRange

    public init(_ severity: Severity, _ message: String, detail: String = "", range: SourceRange) {
        self.severity = severity
        self.message = message
        self.detail = detail
        self.range = range
    }

    /// `line:column: severity: message`.
    public var description: String {
        "\(range.start): \(severity.rawValue): \(message)" + (detail.isEmpty ? "" : " (\(detail))")
    }
}
