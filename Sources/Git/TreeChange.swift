/// One path that differs between two commits' trees.
public struct TreeChange: Hashable, Sendable {
    /// How the path changed.
    public enum Status: String, Hashable, Sendable, Codable {
        case added
        case deleted
        case modified
        /// Moved to a new path, possibly with edits (`similarity` says how much survived).
        case renamed
        /// Became another kind: a file turned into a symlink or submodule, or back.
        case typeChanged
    }

    /// One side of the change; absent on the side where the path does not exist.
    public struct Side: Hashable, Sendable {
        public let path: String
        public let id: ObjectID
        public let kind: TreeEntry.Kind?
    }

    public let status: Status
    /// The path before the change; nil when added.
    public let old: Side?
    /// The path after the change; nil when deleted.
    public let new: Side?
    /// For a rename, the percentage of content kept (0–100).
    public let similarity: Int

    public init(status: Status, old: Side?, new: Side?, similarity: Int = 0) {
        self.status = status
        self.old = old
        self.new = new
        self.similarity = similarity
    }

    /// The path after the change, or before it for a deletion.
    public var path: String { new?.path ?? old?.path ?? "" }
}
