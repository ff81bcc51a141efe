import Git
import Report

extension AuditCommit {
    /// A commit's metadata as audit reports show it.
    init(_ commit: Commit) {
        self.init(
            id: commit.id.hex, parents: commit.parents.map(\.hex), author: commit.author.name, email: commit.author.email,
            time: commit.author.time, date: Self.isoDate(commit.author.time), subject: commit.summary)
    }

    /// `YYYY-MM-DDTHH:MM:SSZ` in UTC, computed by hand: the same on every platform and locale.
    static func isoDate(_ time: Int64) -> String {
        let days = time >= 0 ? time / 86_400 : (time - 86_399) / 86_400
        let seconds = time - days * 86_400
        // Howard Hinnant's civil-from-days.
        let z = days + 719_468
        let era = (z >= 0 ? z : z - 146_096) / 146_097
        let dayOfEra = z - era * 146_097
        let yearOfEra = (dayOfEra - dayOfEra / 1_460 + dayOfEra / 36_524 - dayOfEra / 146_096) / 365
        let dayOfYear = dayOfEra - (365 * yearOfEra + yearOfEra / 4 - yearOfEra / 100)
        let monthIndex = (5 * dayOfYear + 2) / 153
        let day = dayOfYear - (153 * monthIndex + 2) / 5 + 1
        let month = monthIndex < 10 ? monthIndex + 3 : monthIndex - 9
        let year = yearOfEra + era * 400 + (month <= 2 ? 1 : 0)
        func two(_ value: Int64) -> String { value < 10 ? "0\(value)" : "\(value)" }
        return "\(year)-\(two(month))-\(two(day))T\(two(seconds / 3_600)):\(two(seconds % 3_600 / 60)):\(two(seconds % 60))Z"
    }
}
