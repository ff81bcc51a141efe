/// The progress line shown on a terminal while an audit walks: commits done of the total,
/// the rate and the time left.
public struct AuditProgress: Sendable {
    public let done: Int
    public let total: Int
    public let elapsedSeconds: Double

    public init(done: Int, total: Int, elapsedSeconds: Double) {
        self.done = done
        self.total = total
        self.elapsedSeconds = elapsedSeconds
    }

    /// Commits a second so far.
    public var rate: Double { elapsedSeconds > 0 ? Double(done) / elapsedSeconds : 0 }

    /// Seconds left at the rate so far; nil before there is a rate.
    public var remainingSeconds: Double? {
        guard rate > 0 else { return nil }
        return Double(total - done) / rate
    }

    /// `audit: 1200/5000 commits (24%), 410/s, ETA 9s`.
    public var line: String {
        let percent = total > 0 ? done * 100 / total : 100
        let eta = remainingSeconds.map { Self.duration($0) } ?? "?"
        return "audit: \(done)/\(total) commits (\(percent)%), \(Int(rate.rounded()))/s, ETA \(eta)"
    }

    static func duration(_ seconds: Double) -> String {
        let whole = Int(seconds.rounded(.up))
        if whole < 60 { return "\(whole)s" }
        if whole < 3_600 { return "\(whole / 60)m\(whole % 60 < 10 ? "0" : "")\(whole % 60)s" }
        return "\(whole / 3_600)h\(whole % 3_600 / 60 < 10 ? "0" : "")\(whole % 3_600 / 60)m"
    }
}
