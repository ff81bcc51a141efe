/// A problem found in an analysed file, reported to the user rather than thrown.
///
/// Readers, the linker and the engine collect these and every one is shown; only a failure
/// that stops the program is an error. `path` is repository-relative, `line` is 1-based.
public struct Diagnostic: Hashable, Sendable, Codable, CustomStringConvertible {
    /// How much a diagnostic matters; ordered so the worst sorts last.
    public enum Severity: String, Hashable, Sendable, Codable, Comparable, CaseIterable {
        case note
        case warning
        case error

        private var rank: Int {
            switch self {
            case .note: 0
            case .warning: 1
            case .error: 2
            }
        }

        public static func < (lhs: Severity, rhs: Severity) -> Bool { lhs.rank < rhs.rank }
    }

    public var severity: Severity
    /// One line saying what is wrong.
    public var summary: String
    /// What to do about it, or more context; may be empty.
    public var detail: String
    public var path: String?
    public var line: Int?

    public init(
        _ severity: Severity, _ summary: String, detail: String = "", path: String? = nil, line: Int? = nil
    ) {
        self.severity = severity
        self.summary = summary
        self.detail = detail
        self.path = path
        self.line = line
    }

    /// `path:line: severity: summary`, the form compilers use, so editors can jump to it.
    public var description: String {
        var location = ""
        if let path {
            location = path
            if let line { location += ":\(line)" }
            location += ": "
        }
        let tail = detail.isEmpty ? "" : " (\(detail))"
        return "\(location)\(severity.rawValue): \(summary)\(tail)"
    }
}

extension Diagnostic: Comparable {
    /// Diagnostics sort by path, then line, then severity and text, so reports are stable.
    public static func < (lhs: Diagnostic, rhs: Diagnostic) -> Bool {
        // Field by field, without gathering each side's fields first: a topology sorts every
        // file's diagnostics each time it is built. A missing path or line sorts as the empty
        // path and line 0.
        let lhsPath = lhs.path ?? "", rhsPath = rhs.path ?? ""
        if lhsPath != rhsPath { return lhsPath < rhsPath }
        let lhsLine = lhs.line ?? 0, rhsLine = rhs.line ?? 0
        if lhsLine != rhsLine { return lhsLine < rhsLine }
        if lhs.severity != rhs.severity { return lhs.severity < rhs.severity }
        if lhs.summary != rhs.summary { return lhs.summary < rhs.summary }
        return lhs.detail < rhs.detail
    }
}
