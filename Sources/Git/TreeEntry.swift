/// One file of a commit's tree, listed recursively (trees themselves are not entries).
public struct TreeEntry: Hashable, Sendable, Codable {
    /// What the entry's mode says it is.
    public enum Kind: String, Hashable, Sendable, Codable, CaseIterable {
        /// A regular file, mode 100644.
        case file
        /// An executable file, mode 100755.
        case executable
        /// A symbolic link, mode 120000; its blob holds the target path, never followed.
        case symlink
        /// A submodule, mode 160000; its id is a commit in another repository.
        case submodule

        init?(mode: UInt32) {
            switch mode {
            case 0o100644, 0o100664: self = .file
            case 0o100755: self = .executable
            case 0o120000: self = .symlink
            case 0o160000: self = .submodule
            default: return nil
            }
        }
    }

    /// The path from the repository root, `/`-separated.
    public let path: String
    /// The blob id (for a submodule, the commit it pins).
    public let id: ObjectID
    public let mode: UInt32
    public let kind: Kind
    /// The blob's size in bytes; nil for a submodule, whose object lives elsewhere, and for a
    /// blob this clone does not have (a partial clone).
    public let size: Int?

    public init(path: String, id: ObjectID, mode: UInt32, kind: Kind, size: Int?) {
        self.path = path
        self.id = id
        self.mode = mode
        self.kind = kind
        self.size = size
    }
}
