/// One of N contiguous slices of an audit's commit range (`--shard K/N`).
public struct AuditShard: Hashable, Sendable {
    /// 1-based.
    public let index: Int
    public let count: Int

    public init(index: Int, count: Int) throws(AuditError) {
        guard count >= 1, (1...count).contains(index) else { throw .invalidShard("\(index)/\(count)") }
        self.index = index
        self.count = count
    }

    /// Parses `K/N`.
    public init(parsing text: String) throws(AuditError) {
        let parts = text.split(separator: "/", omittingEmptySubsequences: false)
        guard parts.count == 2, let index = Int(parts[0]), let count = Int(parts[1]) else { throw .invalidShard(text) }
        try self.init(index: index, count: count)
    }

    /// The positions of this slice among `total` commits: slices differ in size by at most one
    /// and together cover every position once.
    public func slice(of total: Int) -> Range<Int> {
        // `total * index / count` worked out at full width: K and N may be as large as Int allows.
        func position(_ k: Int) -> Int { count.dividingFullWidth(max(0, total).multipliedFullWidth(by: k)).quotient }
        return position(index - 1)..<position(index)
    }
}
