import Foundation
import Git
import GRDB
import Model

/// Facts kept across runs, keyed by (reader, reader version, blob id), in a SQLite file under the
/// repository's common git folder (docs/design.md §6).
///
/// Values are opaque bytes: each reader encodes its own facts. The whole cache is emptied when
/// Faultline's version or the cache's schema changes, and a reader's entries are ignored once it
/// bumps its version. The cache is an accelerator, never a source of truth: a file that cannot be
/// read is deleted and rebuilt once, and failing that the run goes on without a cache and says so
/// in `diagnostics`. Nothing here throws. Several processes may share the file: it is in WAL mode
/// with a busy timeout, and a write that still cannot get the lock is skipped.
///
/// The file is bounded: once the pages in use pass `sizeLimit` bytes, a write drops the entries
/// stored longest ago (never those it is writing) until they are under three quarters of it: an
/// audit stores every version of every file it reads, and a long history of a large estate adds
/// up. An entry dropped and needed again is parsed and stored again.
public final class FactCache: @unchecked Sendable {
    // @unchecked: the mutable state (counters, notes, the pool once found damaged) is only
    // touched under `lock`; the database pool itself is thread-safe.

    /// Bumped whenever the tables, the encoding of their values (``FactCoding``) or what a
    /// reader extracts from a file change; a different value empties the cache. (7:
    /// kustomization files' resources, images and patches, the entry that set an image,
    /// Gateway API Gateways and routes. 8: a route's parentRefs keep their line. 9: a
    /// kustomization's namespace and name prefix and suffix. 10: its generated ConfigMaps.
    /// 11: Helm values files. 12: Flux HelmReleases' and Argo CD Applications' values.
    /// 13: `.faultline.yaml`'s ignore:. 14: the Helm template warning names the values files.
    /// 15: what Kustomize patches change. 16: a workload's node selector and node affinity
    /// apart, and the `null`s of a patch.)
    public static let schemaVersion = 18
    /// The default bound on the pages the cache's entries use, in bytes.
    public static let defaultSizeLimit = 256 << 20
    /// How long a write waits by default for another process's write before giving up.
    public static let defaultBusyTimeout: TimeInterval = 5
    /// The environment variable that turns the cache off when set to `off`.
    public static let switchVariable = "FAULTLINE_CACHE"

    /// One value to store.
    public struct Entry: Equatable, Sendable {
        public let reader: String
        public let version: Int
        public let blob: ObjectID
        public let value: Data

        public init(reader: String, version: Int, blob: ObjectID, value: Data) {
            self.reader = reader
            self.version = version
            self.blob = blob
            self.value = value
        }
    }

    /// What the cache did during this run.
    public struct Stats: Equatable, Sendable {
        public var hits = 0
        public var misses = 0
        /// Entries stored.
        public var writes = 0
        /// Entries not stored because the file was locked too long or could not be written.
        public var skippedWrites = 0

        public init() {}
    }

    /// The SQLite file, whether or not it could be used.
    public let path: String
    private let toolVersion: String
    private let busyTimeout: TimeInterval
    /// The bound on the bytes of pages in use (see the type's documentation).
    public let sizeLimit: Int
    private let lock = NSLock()
    private var pool: DatabasePool?
    private var counters = Stats()
    private var notes: [Diagnostic] = []
    private var reportedWriteFailure = false

    /// The cache of `repository`: `<common git dir>/faultline/cache.sqlite`, shared by its worktrees.
    public convenience init(
        repository: Repository, toolVersion: String,
        environment: [String: String] = ProcessInfo.processInfo.environment
    ) {
        let folder = URL(fileURLWithPath: repository.commonDirectory).appendingPathComponent("faultline")
        self.init(path: folder.appendingPathComponent("cache.sqlite").path, toolVersion: toolVersion, environment: environment)
    }

    /// The cache in the SQLite file at `path` (its folder is created when missing). A write
    /// waits up to `busyTimeout` seconds for another process's write, then is skipped.
    public init(
        path: String, toolVersion: String,
        environment: [String: String] = ProcessInfo.processInfo.environment,
        busyTimeout: TimeInterval = FactCache.defaultBusyTimeout, sizeLimit: Int = FactCache.defaultSizeLimit
    ) {
        self.path = path
        self.toolVersion = toolVersion
        self.busyTimeout = busyTimeout
        self.sizeLimit = sizeLimit
        if environment[Self.switchVariable]?.lowercased() == "off" { return }
        pool = openOrRebuild()
    }

    /// Whether lookups and writes reach the file.
    public var isEnabled: Bool { lock.withLock { pool != nil } }

    /// Hits, misses and writes so far.
    public var stats: Stats { lock.withLock { counters } }

    /// Notes about the cache for the user: a file rebuilt, or caching disabled for this run.
    public var diagnostics: [Diagnostic] { lock.withLock { notes } }

    /// The stored value, or nil on a miss (including when the cache is disabled or unreadable).
    public func get(reader: String, version: Int, blob: ObjectID) -> Data? {
        guard let pool = lock.withLock({ self.pool }) else {
            lock.withLock { counters.misses += 1 }
            return nil
        }
        do {
            let value = try pool.read { db in
                try Data.fetchOne(
                    db, sql: "SELECT value FROM facts WHERE reader = ? AND version = ? AND blob = ?",
                    arguments: [reader, version, blob.hex]
                )
            }
            lock.withLock { if value == nil { counters.misses += 1 } else { counters.hits += 1 } }
            return value
        } catch {
            if Self.isDamage(error) { discard(because: error) }
            lock.withLock { counters.misses += 1 }
            return nil
        }
    }

    /// The stored values of many blobs for one reader, looked up in one read transaction: a
    /// snapshot's blobs are known up front, and one transaction per lookup costs several times
    /// more than the lookup. Blobs without a value are absent from the result.
    public func get(reader: String, version: Int, blobs: [ObjectID]) -> [ObjectID: Data] {
        guard !blobs.isEmpty else { return [:] }
        guard let pool = lock.withLock({ self.pool }) else {
            lock.withLock { counters.misses += blobs.count }
            return [:]
        }
        do {
            let found = try pool.read { db -> [ObjectID: Data] in
                let statement = try db.cachedStatement(
                    sql: "SELECT value FROM facts WHERE reader = ? AND version = ? AND blob = ?"
                )
                var found: [ObjectID: Data] = [:]
                for blob in blobs {
                    if let value = try Data.fetchOne(statement, arguments: [reader, version, blob.hex]) {
                        found[blob] = value
                    }
                }
                return found
            }
            lock.withLock {
                counters.hits += found.count
                counters.misses += blobs.count - found.count
            }
            return found
        } catch {
            if Self.isDamage(error) { discard(because: error) }
            lock.withLock { counters.misses += blobs.count }
            return [:]
        }
    }

    /// Stores `entries` in one transaction, replacing any value under the same key. Returns false
    /// when nothing was stored (cache disabled, file locked past the timeout, or unwritable).
    @discardableResult
    public func put(_ entries: [Entry]) -> Bool {
        guard !entries.isEmpty else { return true }
        guard let pool = lock.withLock({ self.pool }) else {
            lock.withLock { counters.skippedWrites += entries.count }
            return false
        }
        do {
            try pool.writeWithoutTransaction { db in
                try db.inTransaction(.immediate) {
                    // Entries are numbered by the write that stored them, oldest first.
                    let batch = try Int.fetchOne(db, sql: "SELECT COALESCE(MAX(stored), 0) + 1 FROM facts") ?? 1
                    let statement = try db.cachedStatement(
                        sql: "INSERT OR REPLACE INTO facts (reader, version, blob, value, stored) VALUES (?, ?, ?, ?, ?)"
                    )
                    for entry in entries {
                        try statement.execute(arguments: [entry.reader, entry.version, entry.blob.hex, entry.value, batch])
                    }
                    try Self.trim(db, to: sizeLimit, keeping: batch)
                    return .commit
                }
            }
            lock.withLock { counters.writes += entries.count }
            return true
        } catch {
            if Self.isDamage(error) {
                discard(because: error)
            } else if !Self.isBusy(error) {
                lock.withLock {
                    if !reportedWriteFailure {
                        reportedWriteFailure = true
                        notes.append(Self.note("could not store facts in the cache at \(path): \(Self.describe(error))"))
                    }
                }
            }
            lock.withLock { counters.skippedWrites += entries.count }
            return false
        }
    }

    /// The bytes of the pages the database uses (its size less its free pages).
    static func usedBytes(_ db: Database) throws -> Int {
        let pages = try Int.fetchOne(db, sql: "PRAGMA page_count") ?? 0
        let free = try Int.fetchOne(db, sql: "PRAGMA freelist_count") ?? 0
        let size = try Int.fetchOne(db, sql: "PRAGMA page_size") ?? 4096
        return (pages - free) * size
    }

    /// Drops the entries stored longest ago while the pages in use pass `limit`, down to three
    /// quarters of it, never those of the write numbered `batch`; freed pages are reused by
    /// later writes, so the file stays near the bound.
    private static func trim(_ db: Database, to limit: Int, keeping batch: Int) throws {
        guard try usedBytes(db) > limit else { return }
        let target = limit / 4 * 3
        while true {
            try db.execute(
                sql: """
                    DELETE FROM facts WHERE (reader, version, blob) IN
                        (SELECT reader, version, blob FROM facts WHERE stored < ? ORDER BY stored LIMIT 256)
                    """,
                arguments: [batch])
            guard db.changesCount > 0, try usedBytes(db) > target else { return }
        }
    }

    /// The bytes of the pages the entries use now; nil when the cache is off or unreadable.
    var usedBytes: Int? {
        guard let pool = lock.withLock({ self.pool }) else { return nil }
        return try? pool.read { db in try Self.usedBytes(db) }
    }

    // MARK: - Opening

    /// Opens the file; when it is unusable, deletes it and tries once more; failing that, nil and
    /// a note. A file another process holds locked is left alone: it is busy, not broken.
    private func openOrRebuild() -> DatabasePool? {
        do {
            return try open()
        } catch {
            if Self.isBusy(error) {
                notes.append(Self.note("the cache at \(path) is locked by another faultline; running without it"))
                return nil
            }
            let first = Self.describe(error)
            do {
                try deleteFiles()
                let pool = try open()
                notes.append(Self.note("the cache at \(path) could not be used (\(first)); it was deleted and rebuilt"))
                return pool
            } catch let second {
                notes.append(Self.note(
                    "the cache at \(path) could not be used (\(first)) nor rebuilt (\(Self.describe(second))); running without it"
                ))
                return nil
            }
        }
    }

    private func open() throws -> DatabasePool {
        let folder = URL(fileURLWithPath: path).deletingLastPathComponent().path
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        try CacheFileCheck.verify(path: path)
        var configuration = Configuration()
        configuration.busyMode = .timeout(busyTimeout)
        configuration.label = "faultline-cache"
        let pool = try DatabasePool(path: path, configuration: configuration)
        if try pool.read({ db in try isCurrent(db) }) { return pool }
        try pool.writeWithoutTransaction { db in
            try db.inTransaction(.immediate) {
                // Checked again under the write lock: another process may have just set it up.
                if try isCurrent(db) { return .commit }
                try db.execute(sql: "DROP TABLE IF EXISTS facts")
                try db.execute(sql: "DROP TABLE IF EXISTS meta")
                try db.execute(sql: "CREATE TABLE meta (key TEXT PRIMARY KEY NOT NULL, value TEXT NOT NULL) WITHOUT ROWID")
                try db.execute(sql: """
                    CREATE TABLE facts (
                        reader TEXT NOT NULL, version INTEGER NOT NULL, blob TEXT NOT NULL, value BLOB NOT NULL,
                        stored INTEGER NOT NULL,
                        PRIMARY KEY (reader, version, blob)
                    ) WITHOUT ROWID
                    """)
                try db.execute(sql: "CREATE INDEX facts_stored ON facts (stored)")
                try db.execute(
                    sql: "INSERT INTO meta (key, value) VALUES ('schema', ?), ('tool', ?)",
                    arguments: ["\(Self.schemaVersion)", toolVersion]
                )
                return .commit
            }
        }
        return pool
    }

    /// Whether the tables exist and were written by this schema and this Faultline version.
    private func isCurrent(_ db: Database) throws -> Bool {
        guard try db.tableExists("meta"), try db.tableExists("facts") else { return false }
        let rows = try Row.fetchAll(db, sql: "SELECT key, value FROM meta")
        var meta: [String: String] = [:]
        for row in rows {
            if let key = row["key"] as String?, let value = row["value"] as String? { meta[key] = value }
        }
        return meta["schema"] == "\(Self.schemaVersion)" && meta["tool"] == toolVersion
    }

    private func deleteFiles() throws {
        for file in [path, path + "-wal", path + "-shm"] where (try? FileManager.default.attributesOfItem(atPath: file)) != nil {
            try FileManager.default.removeItem(atPath: file)
        }
    }

    /// Stops using a file found damaged in the middle of a run and deletes it, so the next run
    /// starts a fresh one instead of tripping over the same damage.
    private func discard(because error: any Error) {
        let wasOpen = lock.withLock {
            let wasOpen = pool != nil
            pool = nil
            return wasOpen
        }
        guard wasOpen else { return }
        let removed = (try? deleteFiles()) != nil
        let tail = removed ? "it was deleted and will be rebuilt on the next run" : "delete it to rebuild it"
        lock.withLock {
            notes.append(Self.note("the cache at \(path) is damaged (\(Self.describe(error))); running without it, \(tail)"))
        }
    }

    // MARK: - Errors

    private static func note(_ summary: String) -> Diagnostic {
        Diagnostic(.note, summary, detail: "Faultline works without the cache, only slower; set \(switchVariable)=off to skip it")
    }

    /// SQLite's word for a file that is not, or no longer, a sound database.
    private static func isDamage(_ error: any Error) -> Bool {
        guard let error = error as? DatabaseError else { return false }
        return [.SQLITE_CORRUPT, .SQLITE_NOTADB].contains(error.resultCode.primaryResultCode)
    }

    private static func isBusy(_ error: any Error) -> Bool {
        guard let error = error as? DatabaseError else { return false }
        return [.SQLITE_BUSY, .SQLITE_LOCKED].contains(error.resultCode.primaryResultCode)
    }

    private static func describe(_ error: any Error) -> String {
        if let error = error as? DatabaseError { return error.message ?? "SQLite error \(error.resultCode.rawValue)" }
        if let error = error as? CacheFileCheck.Problem { return error.description }
        return (error as NSError).localizedDescription
    }
}
