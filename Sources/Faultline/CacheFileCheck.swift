import Foundation

/// A cheap look at a SQLite file before trusting it: SQLite itself notices a missing header
/// but not a file cut short, which it only reports once a query reaches a missing page.
enum CacheFileCheck {
    /// Why a cache file is not a whole SQLite database.
    enum Problem: Error, Equatable, CustomStringConvertible {
        /// Something other than a regular file (a folder, a device) is at the path.
        case notAFile
        /// The file does not start with SQLite's header.
        case notSQLite
        /// The header promises more pages than the file holds.
        case truncated(expected: Int, actual: Int)

        var description: String {
            switch self {
            case .notAFile: return "it is not a regular file"
            case .notSQLite: return "it is not a SQLite database"
            case .truncated(let expected, let actual): return "it is cut short: \(actual) of \(expected) bytes"
            }
        }
    }

    private static let magic = Array("SQLite format 3\u{0}".utf8)

    /// Throws when the file at `path` exists and is not a whole SQLite database. A missing or
    /// empty file passes: SQLite starts a new database in it.
    static func verify(path: String) throws(Problem) {
        guard let attributes = try? FileManager.default.attributesOfItem(atPath: path) else { return }
        guard attributes[.type] as? FileAttributeType == .typeRegular else { throw .notAFile }
        // With a write-ahead log beside it, another process may be copying pages into the file
        // right now; SQLite's own recovery is then the judge.
        if FileManager.default.fileExists(atPath: path + "-wal") { return }
        guard let handle = FileHandle(forReadingAtPath: path) else { return }
        defer { try? handle.close() }
        let header = [UInt8]((try? handle.read(upToCount: 100)) ?? Data())
        if header.isEmpty { return }
        guard header.count == 100, Array(header[0..<16]) == magic else { throw .notSQLite }
        let rawPageSize = Int(header[16]) << 8 | Int(header[17])
        let pageSize = rawPageSize == 1 ? 65536 : rawPageSize
        // The page count in the header is valid only when its "version valid for" number
        // matches the change counter (SQLite file format §1.3.7).
        guard header[24..<28] == header[92..<96] else { return }
        let pages = header[28..<32].reduce(0) { $0 << 8 | Int($1) }
        let size = (attributes[.size] as? NSNumber)?.intValue ?? 0
        if pages > 0, size < pages * pageSize { throw .truncated(expected: pages * pageSize, actual: size) }
    }
}
