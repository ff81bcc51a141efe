import Foundation
import Testing
import TestSupport
@testable import Faultline
import Git
import Model

@Suite struct FactCacheTests {
    static let noEnvironment: [String: String] = [:]

    func blob(_ n: Int) -> ObjectID {
        // A valid id per number, distinct for every n below 16^8.
        ObjectID(hex: String(repeating: "0", count: 32) + String(format: "%08x", n)) ?? .zero
    }

    func entry(_ n: Int, reader: String = "kubernetes", version: Int = 1) -> FactCache.Entry {
        FactCache.Entry(reader: reader, version: version, blob: blob(n), value: Data("facts of \(n)".utf8))
    }

    func cache(_ s: Scratch, tool: String = "1.0.0") -> FactCache {
        FactCache(path: s.path("cache/cache.sqlite"), toolVersion: tool, environment: Self.noEnvironment)
    }

    @Test func storesAndReturnsValuesByReaderVersionAndBlob() throws {
        let s = try Scratch()
        let cache = cache(s)
        #expect(cache.isEnabled && cache.diagnostics.isEmpty)
        #expect(cache.put([entry(1), entry(2), entry(1, reader: "terraform")]))
        #expect(cache.get(reader: "kubernetes", version: 1, blob: blob(1)) == Data("facts of 1".utf8))
        #expect(cache.get(reader: "terraform", version: 1, blob: blob(1)) == Data("facts of 1".utf8))
        #expect(cache.get(reader: "kubernetes", version: 2, blob: blob(1)) == nil)
        #expect(cache.get(reader: "kubernetes", version: 1, blob: blob(3)) == nil)
        var expected = FactCache.Stats()
        expected.hits = 2
        expected.misses = 2
        expected.writes = 3
        #expect(cache.stats == expected)
        // A later put replaces the value under the same key.
        cache.put([FactCache.Entry(reader: "kubernetes", version: 1, blob: blob(1), value: Data([0, 255]))])
        #expect(cache.get(reader: "kubernetes", version: 1, blob: blob(1)) == Data([0, 255]))
    }

    @Test func aBatchedLookupReturnsOnlyWhatIsStored() throws {
        let s = try Scratch()
        let cache = cache(s)
        #expect(cache.put([entry(1), entry(2), entry(3, reader: "terraform")]))
        let found = cache.get(reader: "kubernetes", version: 1, blobs: [blob(1), blob(2), blob(3), blob(4)])
        #expect(found == [blob(1): Data("facts of 1".utf8), blob(2): Data("facts of 2".utf8)])
        #expect(cache.stats.hits == 2 && cache.stats.misses == 2)
        #expect(cache.get(reader: "kubernetes", version: 1, blobs: []).isEmpty)
        let off = FactCache(path: s.path("other/cache.sqlite"), toolVersion: "1", environment: ["FAULTLINE_CACHE": "off"])
        #expect(off.get(reader: "kubernetes", version: 1, blobs: [blob(1)]).isEmpty && off.stats.misses == 1)
    }

    @Test func valuesSurviveIntoTheNextRunOfTheSameVersion() throws {
        let s = try Scratch()
        do {
            let first = cache(s)
            #expect(first.put((0..<10).map { entry($0) }))
        }
        let second = cache(s)
        #expect(second.diagnostics.isEmpty)
        #expect(second.get(reader: "kubernetes", version: 1, blob: blob(7)) == Data("facts of 7".utf8))
    }

    @Test func aDifferentToolVersionEmptiesTheCache() throws {
        let s = try Scratch()
        do { #expect(cache(s, tool: "1.0.0").put([entry(1)])) }
        let upgraded = cache(s, tool: "1.1.0")
        #expect(upgraded.isEnabled && upgraded.diagnostics.isEmpty)
        #expect(upgraded.get(reader: "kubernetes", version: 1, blob: blob(1)) == nil)
        #expect(upgraded.put([entry(2)]))
        // Going back is a change too: nothing written by 1.1.0 is trusted by 1.0.0.
        let downgraded = cache(s, tool: "1.0.0")
        #expect(downgraded.get(reader: "kubernetes", version: 1, blob: blob(2)) == nil)
    }

    @Test func aDifferentSchemaVersionEmptiesTheCache() throws {
        let s = try Scratch()
        do { #expect(cache(s).put([entry(1)])) }
        try s.run(["sqlite3", s.path("cache/cache.sqlite"), "UPDATE meta SET value = '0' WHERE key = 'schema'"], in: "")
        let reopened = cache(s)
        #expect(reopened.isEnabled)
        #expect(reopened.get(reader: "kubernetes", version: 1, blob: blob(1)) == nil)
    }

    /// Ways a cache file can be damaged, each applied to a file holding real entries.
    enum Damage: String, CaseIterable, Sendable {
        case garbage, truncated, folder, empty

        /// What the note says was wrong.
        var reason: String {
            switch self {
            case .garbage: "not a SQLite database"
            case .truncated: "cut short"
            case .folder: "not a regular file"
            case .empty: ""
            }
        }

        func apply(to path: String) throws {
            let manager = FileManager.default
            for side in [path + "-wal", path + "-shm"] where manager.fileExists(atPath: side) { try manager.removeItem(atPath: side) }
            switch self {
            case .garbage:
                try Data((0..<8192).map { UInt8(truncatingIfNeeded: $0 &* 7 &+ 3) }).write(to: URL(fileURLWithPath: path))
            case .truncated:
                let data = try Data(contentsOf: URL(fileURLWithPath: path))
                try data.prefix(data.count / 2).write(to: URL(fileURLWithPath: path))
            case .folder:
                try manager.removeItem(atPath: path)
                try manager.createDirectory(atPath: path + "/inside", withIntermediateDirectories: true)
            case .empty:
                try Data().write(to: URL(fileURLWithPath: path))
            }
        }
    }

    @Test(arguments: Damage.allCases)
    func aDamagedFileIsRebuiltNeverTrusted(damage: Damage) throws {
        let s = try Scratch()
        let path = s.path("cache/cache.sqlite")
        do {
            let first = cache(s)
            // Enough entries to span many pages, so cutting the file loses some.
            #expect(first.put((0..<2000).map { entry($0) }))
        }
        try damage.apply(to: path)
        let reopened = cache(s)
        #expect(reopened.isEnabled)
        #expect(reopened.get(reader: "kubernetes", version: 1, blob: blob(1999)) == nil)
        #expect(reopened.put([entry(5)]))
        #expect(reopened.get(reader: "kubernetes", version: 1, blob: blob(5)) == Data("facts of 5".utf8))
        if damage == .empty {
            // An empty file is a new database to SQLite, not damage: no note.
            #expect(reopened.diagnostics.isEmpty)
        } else {
            #expect(reopened.diagnostics.count == 1)
            #expect(reopened.diagnostics.first?.severity == .note)
            let summary = reopened.diagnostics.first?.summary ?? ""
            #expect(summary.contains("deleted and rebuilt") && summary.contains(damage.reason), "\(summary)")
        }
    }

    @Test func damageFoundMidRunDisablesTheCacheAndDeletesTheFile() throws {
        let s = try Scratch()
        let path = s.path("cache/cache.sqlite")
        do { #expect(cache(s).put((0..<2000).map { entry($0) })) }
        // Pages in the second half overwritten; the header and the size stay intact, so the
        // file passes the check at open and the damage shows only when a lookup reaches it.
        var data = try Data(contentsOf: URL(fileURLWithPath: path))
        let start = data.count / 2
        data.replaceSubrange(start..<start + data.count / 4, with: Data(repeating: 0xFF, count: data.count / 4))
        try data.write(to: URL(fileURLWithPath: path))
        let reopened = cache(s)
        #expect(reopened.isEnabled && reopened.diagnostics.isEmpty)
        for n in 0..<2000 {
            if let value = reopened.get(reader: "kubernetes", version: 1, blob: blob(n)) {
                #expect(value == Data("facts of \(n)".utf8))
            }
        }
        #expect(!reopened.isEnabled)
        #expect(reopened.diagnostics.count == 1)
        #expect(reopened.diagnostics.first?.summary.contains("is damaged") == true)
        #expect(!FileManager.default.fileExists(atPath: path))
        #expect(!reopened.put([entry(1)]))
        #expect(cache(s).put([entry(1)]))
    }

    @Test func anUnusableLocationDisablesTheCacheWithANote() throws {
        let s = try Scratch()
        // A regular file where the cache's folder should be: nothing can be created below it,
        // whoever runs the tests (permission bits do not stop root).
        try s.write("blocker", "not a folder", in: "")
        let cache = FactCache(path: s.path("blocker/faultline/cache.sqlite"), toolVersion: "1.0.0", environment: Self.noEnvironment)
        #expect(!cache.isEnabled)
        #expect(cache.diagnostics.count == 1)
        #expect(cache.diagnostics.first?.severity == .note)
        #expect(cache.diagnostics.first?.summary.contains("running without it") == true)
        #expect(cache.get(reader: "kubernetes", version: 1, blob: blob(1)) == nil)
        #expect(!cache.put([entry(1)]))
        #expect(cache.stats.skippedWrites == 1 && cache.stats.misses == 1)
    }

    @Test func aReadOnlyFolderDisablesTheCacheWithANote() throws {
        let s = try Scratch()
        let folder: String
        if getuid() == 0 {
            // Permission bits do not bind root; nothing can be created under /proc by anyone.
            folder = "/proc/faultline-\(UUID().uuidString)"
        } else {
            folder = s.path("locked")
            try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
            try FileManager.default.setAttributes([.posixPermissions: 0o555], ofItemAtPath: folder)
        }
        defer { try? FileManager.default.setAttributes([.posixPermissions: 0o755], ofItemAtPath: s.path("locked")) }
        let cache = FactCache(path: folder + "/cache.sqlite", toolVersion: "1.0.0", environment: Self.noEnvironment)
        #expect(!cache.isEnabled && cache.diagnostics.count == 1)
        #expect(!cache.put([entry(1)]))
    }

    @Test func offInTheEnvironmentDisablesTheCacheQuietly() throws {
        let s = try Scratch()
        let cache = FactCache(path: s.path("cache/cache.sqlite"), toolVersion: "1.0.0", environment: ["FAULTLINE_CACHE": "off"])
        #expect(!cache.isEnabled && cache.diagnostics.isEmpty)
        #expect(!cache.put([entry(1)]))
        #expect(cache.get(reader: "kubernetes", version: 1, blob: blob(1)) == nil)
        #expect(!FileManager.default.fileExists(atPath: s.path("cache/cache.sqlite")))
    }

    @Test func twoWritersAtOnceBothSucceed() throws {
        let s = try Scratch()
        // Two caches on one file are two SQLite connections, locking each other as two
        // processes would.
        let caches = [cache(s), cache(s)]
        let batches = 40, size = 25
        DispatchQueue.concurrentPerform(iterations: 2) { writer in
            for batch in 0..<batches {
                let base = (writer * batches + batch) * size
                caches[writer].put((base..<base + size).map { entry($0) })
            }
        }
        #expect(caches.map(\.stats.writes) == [batches * size, batches * size])
        #expect(caches.map(\.stats.skippedWrites) == [0, 0])
        let reader = cache(s)
        for n in [0, size * batches - 1, size * batches, 2 * size * batches - 1] {
            #expect(reader.get(reader: "kubernetes", version: 1, blob: blob(n)) == Data("facts of \(n)".utf8))
        }
    }

    /// Writes past the size bound drop the entries stored longest ago, never the newest, and
    /// the file stops growing.
    @Test func staysUnderItsSizeLimitDroppingTheOldestEntries() throws {
        let s = try Scratch()
        let limit = 256 << 10
        let cache = FactCache(path: s.path("cache/cache.sqlite"), toolVersion: "1.0.0", environment: Self.noEnvironment, sizeLimit: limit)
        func value(_ n: Int) -> Data { Data(repeating: UInt8(n % 251), count: 4_000) }
        var used: [Int] = []
        for batch in 0..<60 {
            let entries = (0..<8).map { FactCache.Entry(reader: "kubernetes", version: 1, blob: blob(batch * 8 + $0), value: value(batch * 8 + $0)) }
            #expect(cache.put(entries))
            used.append(cache.usedBytes ?? 0)
        }
        // 480 entries of 4 kB would take about 2 MB: only the newest fit.
        #expect(cache.get(reader: "kubernetes", version: 1, blob: blob(0)) == nil)
        #expect(cache.get(reader: "kubernetes", version: 1, blob: blob(8 * 30)) == nil)
        for n in 8 * 59..<8 * 60 { #expect(cache.get(reader: "kubernetes", version: 1, blob: blob(n)) == value(n)) }
        let kept = (0..<480).filter { cache.get(reader: "kubernetes", version: 1, blob: blob($0)) != nil }
        #expect(kept.count > 20 && kept.count < 70, "\(kept.count) entries kept")
        // The kept ones are the newest: a run with no gap up to the last.
        #expect(kept == Array((480 - kept.count)..<480))
        // The pages in use never pass the bound after a write, and did reach it.
        #expect(used.allSatisfy { $0 <= limit } && used.max()! > limit / 2, "\(used)")
    }

    /// One write bigger than the bound keeps what it wrote: only older entries are dropped.
    @Test func aWriteBiggerThanTheBoundKeepsItsOwnEntries() throws {
        let s = try Scratch()
        let cache = FactCache(path: s.path("cache/cache.sqlite"), toolVersion: "1.0.0", environment: Self.noEnvironment, sizeLimit: 32 << 10)
        #expect(cache.put([FactCache.Entry(reader: "kubernetes", version: 1, blob: blob(1), value: Data(count: 1_000))]))
        let big = (2..<40).map { FactCache.Entry(reader: "kubernetes", version: 1, blob: blob($0), value: Data(repeating: 7, count: 4_000)) }
        #expect(cache.put(big))
        #expect(cache.get(reader: "kubernetes", version: 1, blob: blob(1)) == nil)
        #expect(cache.get(reader: "kubernetes", version: 1, blobs: (2..<40).map(blob)).count == 38)
    }

    @Test func aWriteBlockedByAnotherProcessIsSkippedNotFatal() throws {
        let s = try Scratch()
        let path = s.path("cache/cache.sqlite")
        let cache = FactCache(path: path, toolVersion: "1.0.0", environment: Self.noEnvironment, busyTimeout: 0.2)
        #expect(cache.put([entry(1)]))
        // Another process takes the write lock and holds it for two seconds.
        let holder = Process()
        holder.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        holder.arguments = ["sqlite3", path]
        let input = Pipe()
        holder.standardInput = input
        let ready = s.path("holding")
        try holder.run()
        try input.fileHandleForWriting.write(contentsOf: Data("""
            PRAGMA busy_timeout = 5000;
            BEGIN IMMEDIATE;
            INSERT INTO facts VALUES ('other', 1, 'x', x'00', 1);
            .shell touch '\(ready)'
            .shell sleep 2
            COMMIT;

            """.utf8))
        try input.fileHandleForWriting.close()
        let deadline = Date().addingTimeInterval(10)
        while !FileManager.default.fileExists(atPath: ready), Date() < deadline { Thread.sleep(forTimeInterval: 0.02) }
        #expect(FileManager.default.fileExists(atPath: ready))
        #expect(!cache.put([entry(2)]))
        #expect(cache.isEnabled && cache.stats.skippedWrites == 1)
        // Reads go on while the other process writes (WAL).
        #expect(cache.get(reader: "kubernetes", version: 1, blob: blob(1)) != nil)
        holder.waitUntilExit()
        #expect(holder.terminationStatus == 0)
        #expect(cache.put([entry(2)]))
        #expect(cache.get(reader: "kubernetes", version: 1, blob: blob(2)) == Data("facts of 2".utf8))
    }

    @Test func aRepositorysCacheLivesInItsCommonGitFolder() throws {
        let s = try Scratch()
        try s.initRepository()
        try s.commit("one")
        try s.git("worktree", "add", "-q", "-b", "side", s.path("wt"))
        do {
            let main = FactCache(repository: try Repository(at: s.path("repo")), toolVersion: "1.0.0", environment: Self.noEnvironment)
            #expect(main.path == s.path("repo/.git/faultline/cache.sqlite"))
            #expect(main.put([entry(1)]))
        }
        let linked = FactCache(repository: try Repository(at: s.path("wt")), toolVersion: "1.0.0", environment: Self.noEnvironment)
        #expect(URL(fileURLWithPath: linked.path).standardizedFileURL.path == s.path("repo/.git/faultline/cache.sqlite"))
        #expect(linked.get(reader: "kubernetes", version: 1, blob: blob(1)) != nil)
    }
}
