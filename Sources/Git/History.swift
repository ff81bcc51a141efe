/// The commits of a history range, oldest first, as ids only: metadata is read one commit at a
/// time with `Repository.commit(_:)`, so a long history costs 20 bytes a commit to hold.
public struct History: Sendable, Hashable {
    /// Commit ids, oldest first, parents always before their children.
    public let commits: [ObjectID]
    /// Shallow-clone boundary commits reached by the walk: their parents are not in the clone,
    /// so history before them is unknown.
    public let boundary: [ObjectID]

    public init(commits: [ObjectID], boundary: [ObjectID]) {
        self.commits = commits
        self.boundary = boundary
    }

    /// Whether the walk stopped at a shallow boundary rather than at root commits.
    public var isTruncated: Bool { !boundary.isEmpty }
}

/// Which commits a history walk covers: those reachable from `tip` but not from any of `excluded`.
public struct HistoryRange: Sendable, Hashable {
    public let tip: ObjectID
    public let excluded: [ObjectID]

    public init(tip: ObjectID, excluded: [ObjectID] = []) {
        self.tip = tip
        self.excluded = excluded
    }
}
