/// The commit an audit event belongs to, as reports show it.
public struct AuditCommit: Hashable, Sendable, Codable {
    public let id: String
    public let parents: [String]
    public let author: String
    public let email: String
    /// Author time, seconds since 1970-01-01 UTC.
    public let time: Int64
    /// Author time as `YYYY-MM-DDTHH:MM:SSZ`.
    public let date: String
    public let subject: String

    public init(id: String, parents: [String], author: String, email: String, time: Int64, date: String, subject: String) {
        self.id = id
        self.parents = parents
        self.author = author
        self.email = email
        self.time = time
        self.date = date
        self.subject = subject
    }

    public var short: String { String(id.prefix(7)) }
}
