import Dispatch
import Foundation
import Git
import Model
import Readers

/// Reads the files of commits into facts, straight from git objects.
///
/// Facts are a pure function of (reader, blob), so they are kept by blob id: base and head
/// share most blobs and each distinct blob is parsed once per run. Blobs are loaded on the
/// calling thread (libgit2 handles are not shared between threads) and parsed in parallel.
public final class CommitReader {
    let repository: Repository
    let readers: [any FileReader]
    let blobLimit: Int
    /// Facts kept across runs (the hook and audit), when the repository allows one.
    let persistent: FactCache?
    private var cache: [CacheKey: FileFacts] = [:]
    /// The reader each path goes to (an index into `readers`, nil for none): base and head,
    /// and every commit of an audit, list mostly the same paths.
    private var readerByPath: [String: Int?] = [:]
    /// `name@version` of each reader, the reader part of a cache key.
    private let readerKeys: [String]
    /// How many files were parsed, and how many were served from the in-memory cache.
    public private(set) var parsed = 0
    public private(set) var reused = 0

    struct CacheKey: Hashable {
        let reader: String
        let blob: ObjectID
    }

    public init(
        repository: Repository, readers: [any FileReader] = ReaderRegistry.all, blobLimit: Int = Repository.defaultBlobLimit,
        persistent: FactCache? = nil
    ) {
        self.repository = repository
        self.readers = readers
        self.blobLimit = blobLimit
        self.persistent = persistent
        self.readerKeys = readers.map { "\($0.name)@\($0.version)" }
    }

    /// Whether some reader takes a path.
    func accepts(_ path: String) -> Bool { readerIndex(for: path) != nil }

    /// The index of the reader that takes a path, if any, decided once per path.
    private func readerIndex(for path: String) -> Int? {
        if let known = readerByPath[path] { return known }
        let index = readers.firstIndex { $0.accepts(path: path) }
        if readerByPath.count >= 200_000 { readerByPath.removeAll(keepingCapacity: true) }
        readerByPath[path] = index
        return index
    }

    /// The facts of every file some reader accepts, sorted by path. A nil commit is the empty tree.
    public func facts(of commit: ObjectID?) throws(GitError) -> [FileFacts] {
        guard let commit else { return [] }
        return try facts(of: repository.files(of: commit))
    }

    /// The facts of the given tree entries that some reader accepts, sorted by path.
    public func facts(of entries: [TreeEntry]) throws(GitError) -> [FileFacts] {
        var pending: [(entry: TreeEntry, reader: any FileReader, key: CacheKey)] = []
        var result: [FileFacts] = []
        for entry in entries {
            guard entry.kind == .file || entry.kind == .executable, let index = readerIndex(for: entry.path) else {
                continue
            }
            let reader = readers[index]
            let key = CacheKey(reader: readerKeys[index], blob: entry.id)
            if let cached = cache[key] {
                reused += 1
                result.append(cached.relocated(to: entry.path))
            } else {
                pending.append((entry, reader, key))
            }
        }
        pending = loadPersistent(pending, into: &result)
        var work: [(path: String, reader: any FileReader, key: CacheKey, bytes: [UInt8])] = []
        for (entry, reader, key) in pending {
            let blob: Blob
            do {
                blob = try repository.blob(entry.id, limit: blobLimit)
            } catch {
                guard case .missingObject = error else { throw error }
                var facts = FileFacts(path: entry.path)
                facts.diagnostics.append(Diagnostic(
                    .error, "file's content is not in this clone, so it was not read",
                    detail: "a partial clone (--filter=blob:none) leaves blobs out; Faultline never fetches: clone without --filter, or run `git fetch --refetch`",
                    path: entry.path))
                result.append(facts)
                continue
            }
            switch blob.content {
            case .text(let bytes):
                work.append((entry.path, reader, key, bytes))
            case .binary, .tooLarge, .lfsPointer:
                var facts = FileFacts(path: entry.path)
                facts.diagnostics.append(Self.unreadable(blob, path: entry.path, reader: reader.name))
                result.append(facts)
            }
        }
        // The same blob at two paths of one commit is parsed once.
        var seen = Set<CacheKey>()
        let unique = work.filter { seen.insert($0.key).inserted }
        let parsedFacts = Self.parallelMap(unique) { item in
            var facts = item.reader.read(path: item.path, bytes: item.bytes)
            let (suppressions, problems) = SuppressionScanner.scan(path: item.path, bytes: item.bytes)
            facts.suppressions = suppressions
            facts.diagnostics += problems
            return facts
        }
        var entries: [FactCache.Entry] = []
        // Encoded only for a cache that will store it (not with FAULTLINE_CACHE=off).
        let storing = persistent?.isEnabled == true
        for (item, facts) in zip(unique, parsedFacts) {
            cache[item.key] = facts
            if storing, let data = try? FactCoding.encode(facts) {
                entries.append(FactCache.Entry(reader: item.reader.name, version: item.reader.version, blob: item.key.blob, value: data))
            }
        }
        for item in work {
            if let facts = cache[item.key] { result.append(facts.relocated(to: item.path)) }
        }
        if let persistent, !entries.isEmpty { _ = persistent.put(entries) }
        parsed += unique.count
        return result.sorted { $0.path < $1.path }
    }

    /// Serves what the persistent cache has, returning what it does not. Entries are looked
    /// up in one batch per reader: one transaction for all of them is what makes a warm run fast.
    private func loadPersistent(
        _ pending: [(entry: TreeEntry, reader: any FileReader, key: CacheKey)], into result: inout [FileFacts]
    ) -> [(entry: TreeEntry, reader: any FileReader, key: CacheKey)] {
        guard let persistent, persistent.isEnabled, !pending.isEmpty else { return pending }
        var missing: [(entry: TreeEntry, reader: any FileReader, key: CacheKey)] = []
        for (name, group) in Dictionary(grouping: pending, by: { $0.reader.name }).sorted(by: { $0.key < $1.key }) {
            guard let version = group.first?.reader.version else { continue }
            let blobs = Array(Set(group.map(\.entry.id)))
            let found = persistent.get(reader: name, version: version, blobs: blobs)
            // Decoding is most of a warm run's reading: once per blob, on every core.
            let values = Self.parallelMap(blobs) { blob in found[blob].flatMap { try? FactCoding.decode(FileFacts.self, from: $0) } }
            let decoded = Dictionary(uniqueKeysWithValues: zip(blobs, values))
            for item in group {
                if let facts = decoded[item.entry.id] ?? nil {
                    cache[item.key] = facts
                    reused += 1
                    result.append(facts.relocated(to: item.entry.path))
                } else {
                    missing.append(item)
                }
            }
        }
        return missing
    }

    static func unreadable(_ blob: Blob, path: String, reader: String) -> Diagnostic {
        switch blob.content {
        case .tooLarge(let limit):
            return Diagnostic(.error, "file is \(blob.size) bytes, over the \(limit)-byte limit, and was not read",
                              detail: "raise the limit if it really is configuration the \(reader) reader should see", path: path)
        case .lfsPointer:
            return Diagnostic(.error, "file is a Git LFS pointer; its content is not in git and was not read", path: path)
        default:
            return Diagnostic(.error, "file is binary and cannot be read as \(reader) configuration", path: path)
        }
    }

    /// Runs `transform` over `items` on every core, keeping order.
    static func parallelMap<T, R: Sendable>(_ items: [T], _ transform: @Sendable (T) -> R) -> [R] {
        guard items.count > 1 else { return items.map(transform) }
        let results = ResultSlots<R>(count: items.count)
        let box = UncheckedBox(items)
        DispatchQueue.concurrentPerform(iterations: items.count) { index in
            results.set(index, transform(box.value[index]))
        }
        return results.values
    }
}

extension FileFacts {
    /// The same facts for a file with identical content at another path: the blob is shared,
    /// only the locations move.
    func relocated(to newPath: String) -> FileFacts {
        guard newPath != path else { return self }
        var copy = self
        copy.path = newPath
        copy.diagnostics = diagnostics.map { diagnostic in
            var moved = diagnostic
            if moved.path == path { moved.path = newPath }
            return moved
        }
        copy.suppressions = suppressions.map { suppression in
            var moved = suppression
            moved.path = newPath
            return moved
        }
        return copy
    }
}

/// Write-once slots filled from concurrent iterations, each index by exactly one of them.
final class ResultSlots<R>: @unchecked Sendable {
    private var slots: [R?]

    init(count: Int) { slots = Array(repeating: nil, count: count) }

    // concurrentPerform gives every index to one iteration only, and the array is not resized,
    // so writes to distinct elements never race.
    func set(_ index: Int, _ value: R) {
        slots.withUnsafeMutableBufferPointer { $0[index] = value }
    }

    /// Every slot, in order; all are filled once concurrentPerform returns.
    var values: [R] { slots.compactMap { $0 } }
}

/// Read-only access to a non-Sendable array from concurrent iterations.
struct UncheckedBox<T>: @unchecked Sendable {
    let value: T
    init(_ value: T) { self.value = value }
}
