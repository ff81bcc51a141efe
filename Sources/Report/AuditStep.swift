import Model

/// One commit whose topology changed: the exposures it introduced and resolved, and the
/// problems found in the files it changed.
public struct AuditStep: Hashable, Sendable, Codable {
    public var type = "commit"
    /// The commit's position in the whole range, 0-based, oldest first.
    public let index: Int
    public let commit: AuditCommit
    public let introduced: [AuditExposure]
    public let resolved: [AuditExposure]
    /// Problems in the files this commit changed. A file that cannot be read keeps its last
    /// readable facts, so a broken commit shows up here rather than as exposures coming and going.
    public let diagnostics: [Diagnostic]

    public init(index: Int, commit: AuditCommit, introduced: [AuditExposure], resolved: [AuditExposure], diagnostics: [Diagnostic]) {
        self.index = index
        self.commit = commit
        self.introduced = introduced
        self.resolved = resolved
        self.diagnostics = diagnostics
    }
}
