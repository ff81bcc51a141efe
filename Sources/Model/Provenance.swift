/// Where a fact came from: a repository-relative path, its 1-based line, and the commit.
///
/// Every component and requirement keeps these, so a finding can point at the line that
/// caused it.
public struct Provenance: Hashable, Sendable, Codable, Comparable, CustomStringConvertible {
    public var path: String
    public var line: Int?
    public var commit: String?

    public init(path: String, line: Int? = nil, commit: String? = nil) {
        self.path = path
        self.line = line
        self.commit = commit
    }

    /// Ordered by path, then line, then commit, so lists of provenances print stably.
    public static func < (lhs: Provenance, rhs: Provenance) -> Bool {
        if lhs.path != rhs.path { return lhs.path < rhs.path }
        if lhs.line != rhs.line { return (lhs.line ?? 0) < (rhs.line ?? 0) }
        return (lhs.commit ?? "") < (rhs.commit ?? "")
    }

    /// `path:line`, or `path` when the line is unknown.
    public var description: String {
        if let line { return "\(path):\(line)" }
        return path
    }
}
