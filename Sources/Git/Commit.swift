/// A person and moment from a commit's author or committer line.
public struct Signature: Hashable, Sendable, Codable {
    public let name: String
    public let email: String
    /// Seconds since 1970-01-01 UTC.
    public let time: Int64
    /// The time zone of the signature, in minutes east of UTC.
    public let offsetMinutes: Int

    public init(name: String, email: String, time: Int64, offsetMinutes: Int) {
        self.name = name
        self.email = email
        self.time = time
        self.offsetMinutes = offsetMinutes
    }
}

/// A commit's metadata, copied out of the object database.
public struct Commit: Hashable, Sendable, Codable, Identifiable {
    public let id: ObjectID
    public let tree: ObjectID
    /// Parent ids in order; the first is the branch the commit was made on.
    public let parents: [ObjectID]
    public let author: Signature
    public let committer: Signature
    /// The first paragraph of the message, joined onto one line.
    public let summary: String

    public init(id: ObjectID, tree: ObjectID, parents: [ObjectID], author: Signature, committer: Signature, summary: String) {
        self.id = id
        self.tree = tree
        self.parents = parents
        self.author = author
        self.committer = committer
        self.summary = summary
    }

    /// Whether the commit has more than one parent.
    public var isMerge: Bool { parents.count > 1 }
}
