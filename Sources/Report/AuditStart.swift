/// The first record of an audit: what was walked, and what was already open where it began.
public struct AuditStart: Hashable, Sendable, Codable {
    /// Which slice of the range a sharded run covered.
    public struct Shard: Hashable, Sendable, Codable {
        /// 1-based.
        public let index: Int
        public let count: Int
        /// The positions of the slice's commits in the whole range, `first..<end`.
        public let first: Int
        public let end: Int

        public init(index: Int, count: Int, first: Int, end: Int) {
            self.index = index
            self.count = count
            self.first = first
            self.end = end
        }
    }

    public var type = "start"
    public let schemaVersion: Int
    /// The range as given (`HEAD`, `v1..main`).
    public let range: String
    /// The commit the range ends at.
    public let tip: String
    public let firstParent: Bool
    /// `--since`, as given.
    public let since: String?
    /// Commits in the whole range (all shards together).
    public let commits: Int
    /// Shallow-clone boundary commits: history before them is not in the clone.
    public let boundary: [String]
    /// The commit the audit starts from (the parent of the first commit walked; nil: the empty tree).
    public let baseline: String?
    /// The exposures open at `baseline`, introduced before the range.
    public let open: [AuditExposure]
    /// Set on the output of one shard only; a whole run and a merge of all shards leave it out.
    public let shard: Shard?

    public init(
        schemaVersion: Int = 1, range: String, tip: String, firstParent: Bool, since: String?, commits: Int, boundary: [String],
        baseline: String?, open: [AuditExposure], shard: Shard?
    ) {
        self.schemaVersion = schemaVersion
        self.range = range
        self.tip = tip
        self.firstParent = firstParent
        self.since = since
        self.commits = commits
        self.boundary = boundary
        self.baseline = baseline
        self.open = open
        self.shard = shard
    }

    /// The same start without its shard: what one run over the whole range prints.
    public func unsharded(baseline: String?, open: [AuditExposure]) -> AuditStart {
        AuditStart(
            schemaVersion: schemaVersion, range: range, tip: tip, firstParent: firstParent, since: since, commits: commits,
            boundary: boundary, baseline: baseline, open: open, shard: nil)
    }
}
