import Git

/// What `faultline audit` is asked to walk.
public struct AuditRequest: Sendable {
    public var repo: String
    /// `A..B`, `A...B` or one revision (all it reaches); nil: `HEAD`.
    public var range: String?
    /// Follow first parents only (the merged history a team reviews), else every parent.
    public var firstParent: Bool
    /// Skip commits whose author date is before this (seconds since 1970, UTC), with the text given.
    public var since: (time: Int64, text: String)?
    public var shard: AuditShard?
    /// Keep facts across runs in the repository's fact cache, invalidated by this version.
    public var cacheVersion: String?
    /// A folder of rule files applied after the built-in pack and the range tip's
    /// `.faultline/policies/` (as `check --policies`).
    public var policies: String?
    /// The largest file read, in bytes (`--max-blob-size`); larger ones are unreadable.
    public var blobLimit: Int

    public init(
        repo: String = ".", range: String? = nil, firstParent: Bool = true, since: (time: Int64, text: String)? = nil,
        shard: AuditShard? = nil, cacheVersion: String? = nil, policies: String? = nil, blobLimit: Int = Repository.defaultBlobLimit
    ) {
        self.repo = repo
        self.range = range
        self.firstParent = firstParent
        self.since = since
        self.shard = shard
        self.cacheVersion = cacheVersion
        self.policies = policies
        self.blobLimit = blobLimit
    }
}

extension AuditRequest {
    /// Parses `--since`: `YYYY-MM-DD` (midnight UTC) or `YYYY-MM-DDTHH:MM:SSZ`.
    public static func since(_ text: String) throws(AuditError) -> (time: Int64, text: String) {
        let digits = text.split(whereSeparator: { "-T:Z".contains($0) }).map { Int64($0) }
        let shapeOK = (text.count == 10 && digits.count == 3) || (text.count == 20 && text.hasSuffix("Z") && digits.count == 6)
        guard shapeOK, digits.allSatisfy({ $0 != nil }) else { throw .invalidSince(text) }
        let parts = digits.compactMap { $0 }
        let (year, month, day) = (parts[0], parts[1], parts[2])
        guard (1...12).contains(month), (1...31).contains(day) else { throw .invalidSince(text) }
        // Days from civil (Howard Hinnant), the inverse of AuditCommit.isoDate.
        let y = month <= 2 ? year - 1 : year
        let era = (y >= 0 ? y : y - 399) / 400
        let yearOfEra = y - era * 400
        let dayOfYear = (153 * (month > 2 ? month - 3 : month + 9) + 2) / 5 + day - 1
        let dayOfEra = yearOfEra * 365 + yearOfEra / 4 - yearOfEra / 100 + dayOfYear
        let days = era * 146_097 + dayOfEra - 719_468
        let clock = parts.count == 6 ? parts[3] * 3_600 + parts[4] * 60 + parts[5] : 0
        return (days * 86_400 + clock, text)
    }
}
