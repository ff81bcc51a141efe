/// The last record of an audit: what is open at the range's end and who introduced it, and
/// what came and went inside the range.
public struct AuditEnd: Hashable, Sendable, Codable {
    /// An exposure open at the end, blamed on the commit that introduced it.
    public struct Open: Hashable, Sendable, Codable {
        public let exposure: AuditExposure
        /// Nil when it was already open where the audit started (before the range, or before
        /// a shallow clone's boundary).
        public let introducedBy: AuditCommit?
        /// Whole days from the introducing commit to the last commit of the range.
        public let days: Int?

        public init(exposure: AuditExposure, introducedBy: AuditCommit?, days: Int?) {
            self.exposure = exposure
            self.introducedBy = introducedBy
            self.days = days
        }
    }

    /// An exposure introduced and later resolved inside the range.
    public struct Episode: Hashable, Sendable, Codable {
        public let exposure: AuditExposure
        public let introducedBy: AuditCommit
        public let resolvedBy: AuditCommit

        public init(exposure: AuditExposure, introducedBy: AuditCommit, resolvedBy: AuditCommit) {
            self.exposure = exposure
            self.introducedBy = introducedBy
            self.resolvedBy = resolvedBy
        }
    }

    public var type = "end"
    /// The last commit walked; nil for an empty range.
    public let head: AuditCommit?
    /// Commits walked.
    public let commits: Int
    /// Commits reported (those whose topology or readability changed).
    public let changed: Int
    public let introduced: Int
    public let resolved: Int
    public let open: [Open]
    public let cameAndWent: [Episode]

    public init(head: AuditCommit?, commits: Int, changed: Int, introduced: Int, resolved: Int, open: [Open], cameAndWent: [Episode]) {
        self.head = head
        self.commits = commits
        self.changed = changed
        self.introduced = introduced
        self.resolved = resolved
        self.open = open
        self.cameAndWent = cameAndWent
    }
}
