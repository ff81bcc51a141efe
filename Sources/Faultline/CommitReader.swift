import Foundation
import Git
import Model
import Readers

/// Reads the files of commits into facts, straight from git objects.
///
/// Facts are a pure function of (reader, blob), so they are kept by blob id: base and head
/// share most blobs and each distinct blob is parsed once per run. Blobs are loaded and parsed
/// on every core, each thread reading through a repository handle of its own (libgit2 handles
/// are not shared between threads; see `RepositoryPool`).
public final class CommitReader {
    let repository: Repository
    /// Handles for reading blobs on every core (the first is `repository`).
    private let handles: RepositoryPool
    let readers: [any FileReader]
    let blobLimit: Int
    /// Facts kept across runs (the hook and audit), when the repository allows one.
    let persistent: FactCache?
    /// Facts by blob, in memory (see ``MemoryCache``).
    private var cache: MemoryCache
    /// The reader each path goes to (an index into `readers`, nil for none): base and head,
    /// and every commit of an audit, list mostly the same paths.
    private var readerByPath: [String: Int?] = [:]
    /// `name@version` of each reader, the reader part of a cache key.
    private let readerKeys: [String]
    /// How many bytes of facts the in-memory cache may hold in each of its two generations.
    var memoryBudget: Int {
        get { cache.budget }
        set { cache.budget = newValue }
    }
    /// How many blobs' facts the in-memory cache holds.
    var cachedBlobs: Int { cache.count }
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
        self.handles = RepositoryPool(repository)
        self.readers = readers
        self.blobLimit = blobLimit
        self.persistent = persistent
        self.readerKeys = readers.map { "\($0.name)@\($0.version)" }
        self.cache = MemoryCache(budget: MemoryCache.defaultBudget)
    }

    /// Files `.faultline.yaml`'s `ignore:` leaves out (see ``IgnoredPaths``): no reader is
    /// offered them.
    public var ignoring = IgnoredPaths([]) {
        didSet {
            guard ignoring != oldValue else { return }
            readerByPath.removeAll()
            leftOut = 0
        }
    }
    /// How many distinct paths a reader would have taken that `ignoring` left out, since it
    /// was set.
    public private(set) var leftOut = 0

    /// The `ignore:` list of a commit's `.faultline.yaml` (empty without one).
    public func ignoreList(of commit: ObjectID?) throws(GitError) -> IgnoredPaths {
        guard let commit else { return IgnoredPaths([]) }
        var entries: [TreeEntry] = []
        for path in RepoConfigReader.paths {
            if let entry = try repository.file(at: path, of: commit) { entries.append(entry) }
        }
        let config = try facts(of: entries).first { $0.config != nil }?.config
        return IgnoredPaths(config?.ignore.map(\.name) ?? [])
    }

    /// Whether some reader takes a path.
    func accepts(_ path: String) -> Bool { readerIndex(for: path) != nil }

    /// The index of the reader that takes a path, if any, decided once per path.
    private func readerIndex(for path: String) -> Int? {
        if let known = readerByPath[path] { return known }
        var index = readers.firstIndex { $0.accepts(path: path) }
        if index != nil, ignoring.contains(path) {
            index = nil
            leftOut += 1
        }
        if readerByPath.count >= 200_000 { readerByPath.removeAll(keepingCapacity: true) }
        readerByPath[path] = index
        return index
    }

    /// The facts of every file some reader accepts, with the text of each file their Terraform
    /// or Compose hosts read (see ``readTexts(of:)``), sorted by path. A nil commit is the
    /// empty tree.
    public func facts(of commit: ObjectID?) throws(GitError) -> [FileFacts] {
        guard let commit else { return [] }
        let entries = try repository.files(of: commit)
        let facts = try facts(of: entries, followingLinks: true)
        let reads = textReads(of: facts)
        guard !reads.isEmpty else { return facts }
        let read = try readTexts(of: entries.filter { reads.contains($0.path) })
        return Self.merging(read, into: facts)
    }

    /// The facts of the given tree entries that some reader accepts, sorted by path. With
    /// `followingLinks`, `entries` are a whole tree, and a symbolic link some reader would
    /// take is read as the file of that tree it leads to (see ``linkTarget(of:in:repository:)``);
    /// otherwise links are passed over, as a part of a tree cannot say where they lead.
    public func facts(of entries: [TreeEntry], followingLinks: Bool = false) throws(GitError) -> [FileFacts] {
        // Aged between reads only: what one read keeps survives at least the next one.
        cache.age()
        return try read(entries, followingLinks: followingLinks) { path in
            readerIndex(for: path).map { index in
                // Facts are shared by blob; a reader whose facts depend on the file's name too
                // (a Terraform override file, a chart's defaults) keys them by that as well.
                let variant = readers[index].cacheVariant(path: path)
                return (readers[index], variant.isEmpty ? readerKeys[index] : readerKeys[index] + "#" + variant)
            }
        }
    }

    /// The paths the Terraform files among `files` read with `file()` and `templatefile()`,
    /// and the env files and extended files of the Compose projects `.faultline.yaml`'s hosts
    /// run, but for those `.faultline.yaml` ignores.
    func textReads(of files: some Sequence<FileFacts>) -> Set<String> {
        var paths = ComposeFiles.reads(of: files)
        for file in files { if let fact = file.terraform { paths.formUnion(TerraformFiles.reads(of: fact, at: file.path)) } }
        return paths.filter { !ignoring.contains($0) }
    }

    /// `facts` with the texts they read that they do not hold yet, from `commit`: after a check
    /// puts the base's hosts in head's facts, the env files those hosts read.
    public func addingTexts(to facts: [FileFacts], of commit: ObjectID?) throws(GitError) -> [FileFacts] {
        guard let commit else { return facts }
        let held = Set(facts.lazy.filter { $0.readText != nil }.map(\.path))
        let missing = textReads(of: facts).subtracting(held)
        guard !missing.isEmpty else { return facts }
        var entries: [TreeEntry] = []
        for path in missing.sorted() { if let entry = try repository.file(at: path, of: commit) { entries.append(entry) } }
        guard !entries.isEmpty else { return facts }
        return Self.merging(try readTexts(of: entries), into: facts)
    }

    /// The texts of files Terraform or Compose hosts read, as facts holding only `readText`
    /// (or, for a file that cannot be read as text, the diagnostic saying why).
    func readTexts(of entries: [TreeEntry]) throws(GitError) -> [FileFacts] {
        let reader = TextReader(), key = "\(reader.name)@\(reader.version)"
        return try read(entries) { _ in (reader, key) }
    }

    /// `texts` (see ``readTexts(of:)``) put with the facts of the same paths, sorted by
    /// path. A text whose file could not be read adds its diagnostic only to a file no reader
    /// took: a reader of the same blob said it already.
    static func merging(_ texts: [FileFacts], into facts: [FileFacts]) -> [FileFacts] {
        var byPath = Dictionary(facts.map { ($0.path, $0) }, uniquingKeysWith: { first, _ in first })
        for text in texts { byPath[text.path] = byPath[text.path].map { $0.with(text) } ?? text }
        return byPath.values.sorted { $0.path < $1.path }
    }

    /// The file of the same tree a symbolic link leads to (through at most eight links), or
    /// nil when it leaves the repository, is absolute, loops or names nothing there.
    static func linkTarget(of link: TreeEntry, in entries: [String: TreeEntry], repository: Repository) throws(GitError) -> TreeEntry? {
        var current = link
        for _ in 0..<8 {
            guard let bytes = try? repository.blob(current.id, limit: 4_096).text else { return nil }
            let target = String(decoding: bytes, as: UTF8.self)
            guard let path = RepositoryPath.resolve(target, from: Array(current.path.split(separator: "/").dropLast())),
                  let next = entries[path] else { return nil }
            if next.kind == .file || next.kind == .executable { return next }
            guard next.kind == .symlink else { return nil }
            current = next
        }
        return nil
    }

    /// A symbolic link at a path some reader takes whose target is not a file of the tree (it
    /// leaves the repository, is absolute, loops, or names nothing): nothing is read, so the
    /// link is a file that cannot be read — an error, which makes a change adding one
    /// `unreadable-file` rather than a silent pass.
    static func unfollowedLink(_ entry: TreeEntry, in repository: Repository) throws(GitError) -> FileFacts {
        var facts = FileFacts(path: entry.path)
        let target = (try? repository.blob(entry.id, limit: 4_096))?.text.map { " to \(DisplayText.line(String(decoding: $0, as: UTF8.self)))" } ?? ""
        facts.diagnostics.append(Diagnostic(
            .error, "this file is a symbolic link\(target), which leads to no file of the repository, so nothing is read for it",
            detail: "a link is followed only to a file of the same commit; commit the file itself, or list the link under ignore: in .faultline.yaml",
            path: entry.path, line: 1))
        return facts
    }

    private func read(
        _ entries: [TreeEntry], followingLinks: Bool = false, readerFor: (String) -> (any FileReader, String)?
    ) throws(GitError) -> [FileFacts] {
        var pending: [(entry: TreeEntry, reader: any FileReader, key: CacheKey)] = []
        var result: [FileFacts] = []
        // A link to a file of the same tree is read as that file; the table is built only when
        // the tree has a link some reader would take.
        var byPath: [String: TreeEntry]?
        for var entry in entries {
            if followingLinks, entry.kind == .symlink, readerFor(entry.path) != nil {
                if byPath == nil { byPath = Dictionary(entries.map { ($0.path, $0) }, uniquingKeysWith: { first, _ in first }) }
                guard let target = try Self.linkTarget(of: entry, in: byPath ?? [:], repository: repository) else {
                    result.append(try Self.unfollowedLink(entry, in: repository))
                    continue
                }
                entry = TreeEntry(path: entry.path, id: target.id, mode: target.mode, kind: target.kind, size: target.size)
            }
            guard entry.kind == .file || entry.kind == .executable, let (reader, readerKey) = readerFor(entry.path) else {
                continue
            }
            let key = CacheKey(reader: readerKey, blob: entry.id)
            if let cached = cache.facts(for: key) {
                reused += 1
                result.append(cached.relocated(to: entry.path))
            } else {
                pending.append((entry, reader, key))
            }
        }
        pending = loadPersistent(pending, into: &result)
        // Each distinct blob is read and parsed once, on every core: inflating a regenerated
        // manifest from its pack is as much work as parsing it, and libgit2 lets each thread
        // read through a handle of its own.
        var seen = Set<CacheKey>()
        let unique = pending.filter { seen.insert($0.key).inserted }
        let handles = self.handles, limit = blobLimit
        let outcomes = unique.concurrentMap { item -> Outcome in
            let blob: Blob
            do throws(GitError) {
                blob = try handles.withHandle { repository throws(GitError) in try repository.blob(item.entry.id, limit: limit) }
            } catch {
                if case .missingObject = error { return .missing }
                return .failed(error)
            }
            guard case .text(let bytes) = blob.content else { return .unreadable(blob) }
            var facts = item.reader.read(path: item.entry.path, bytes: bytes)
            let (suppressions, problems) = SuppressionScanner.scan(path: item.entry.path, bytes: bytes)
            facts.suppressions = suppressions
            facts.diagnostics += problems
            return .parsed(facts, size: MemoryCache.cost(of: facts, textBytes: bytes.count), bytes: bytes.count)
        }
        // A blob that could not be read for another reason than its absence stops the read,
        // the first in the entries' order, before anything is kept.
        for outcome in outcomes { if case .failed(let error) = outcome { throw error } }
        var byKey: [CacheKey: Outcome] = [:]
        var entries: [FactCache.Entry] = []
        // Encoded only for a cache that will store it (not with FAULTLINE_CACHE=off).
        let storing = persistent?.isEnabled == true
        for (item, outcome) in zip(unique, outcomes) {
            byKey[item.key] = outcome
            guard case .parsed(let facts, let size, let bytes) = outcome else { continue }
            cache.keep(facts, cost: size, for: item.key)
            parsed += 1
            // Facts of a file over the default limit, read because the limit was raised, are
            // not kept: a later run with the default limit must report that file as too large.
            if storing, item.reader.persistsFacts, bytes <= Repository.defaultBlobLimit, let data = try? FactCoding.encode(facts) {
                entries.append(FactCache.Entry(reader: Self.persistentName(item.reader, key: item.key.reader), version: item.reader.version, blob: item.key.blob, value: data))
            }
        }
        for (entry, reader, key) in pending {
            switch byKey[key] {
            case .parsed(let facts, _, _)?:
                result.append(facts.relocated(to: entry.path))
            case .missing?:
                var facts = FileFacts(path: entry.path)
                facts.diagnostics.append(Diagnostic(
                    .error, "file's content is not in this clone, so it was not read",
                    detail: "a partial clone (--filter=blob:none) leaves blobs out; Faultline never fetches: clone without --filter, or run `git fetch --refetch`",
                    path: entry.path))
                result.append(facts)
            case .unreadable(let blob)?:
                var facts = FileFacts(path: entry.path)
                if !reader.isSpeculative(path: entry.path) { facts.diagnostics.append(Self.unreadable(blob, path: entry.path, reader: reader.name)) }
                result.append(facts)
            case .failed?, nil:
                continue
            }
        }
        if let persistent, !entries.isEmpty { _ = persistent.put(entries) }
        return result.sorted { $0.path < $1.path }
    }

    /// What reading and parsing one blob came to.
    private enum Outcome: Sendable {
        /// Parsed, with what keeping the facts is reckoned to cost (see ``MemoryCache``) and
        /// the file's size.
        case parsed(FileFacts, size: Int, bytes: Int)
        /// Not in this clone (a partial clone's left-out blob).
        case missing
        /// Binary, too large or an LFS pointer.
        case unreadable(Blob)
        case failed(GitError)
    }

    /// Serves what the persistent cache has, returning what it does not. Entries are looked
    /// up in one batch per reader: one transaction for all of them is what makes a warm run fast.
    private func loadPersistent(
        _ pending: [(entry: TreeEntry, reader: any FileReader, key: CacheKey)], into result: inout [FileFacts]
    ) -> [(entry: TreeEntry, reader: any FileReader, key: CacheKey)] {
        // The cache keeps facts of files within the default limit; under a lower one, a kept
        // file may be one this run must refuse as too large.
        guard let persistent, persistent.isEnabled, !pending.isEmpty, blobLimit >= Repository.defaultBlobLimit else { return pending }
        var missing: [(entry: TreeEntry, reader: any FileReader, key: CacheKey)] = pending.filter { !$0.reader.persistsFacts }
        let kept = pending.filter(\.reader.persistsFacts)
        for (readerKey, group) in Dictionary(grouping: kept, by: { $0.key.reader }).sorted(by: { $0.key < $1.key }) {
            guard let reader = group.first?.reader else { continue }
            let blobs = Array(Set(group.map(\.entry.id)))
            let found = persistent.get(reader: Self.persistentName(reader, key: readerKey), version: reader.version, blobs: blobs)
            // Decoding is most of a warm run's reading: once per blob, on every core.
            let values = blobs.concurrentMap { blob in found[blob].flatMap { try? FactCoding.decode(FileFacts.self, from: $0) } }
            let decoded = Dictionary(uniqueKeysWithValues: zip(blobs, values))
            for item in group {
                if let facts = decoded[item.entry.id] ?? nil {
                    let size = found[item.entry.id].map { MemoryCache.cost(of: facts, encodedBytes: $0.count) } ?? 0
                    cache.keep(facts, cost: size, for: item.key)
                    reused += 1
                    result.append(facts.relocated(to: item.entry.path))
                } else {
                    missing.append(item)
                }
            }
        }
        return missing
    }

    /// The reader's name in the persistent cache, with the variant its key carries (`helm-values#chart`):
    /// facts a reader gives one blob differently by path are kept apart there too.
    static func persistentName(_ reader: any FileReader, key: String) -> String {
        guard let hash = key.firstIndex(of: "#") else { return reader.name }
        return reader.name + key[hash...]
    }

    static func unreadable(_ blob: Blob, path: String, reader: String) -> Diagnostic {
        if reader == TextReader().name { return unreadableText(blob, path: path) }
        switch blob.content {
        case .tooLarge(let limit):
            return Diagnostic(.error, "file is \(blob.size) bytes, over the \(limit)-byte limit, and was not read",
                              detail: "if it really is configuration the \(reader) reader should see, raise the limit: --max-blob-size BYTES, "
                                + "or FAULTLINE_MAX_BLOB_SIZE=BYTES for the pre-push hook", path: path)
        case .lfsPointer:
            return Diagnostic(.error, "file is a Git LFS pointer; its content is not in git and was not read", path: path)
        default:
            return Diagnostic(.error, "file is binary, not text the \(reader) reader can read",
                              detail: "UTF-16 and UTF-32 text is read only with a byte order mark; else save it as UTF-8", path: path)
        }
    }

    /// A file Terraform reads with `file()` or `templatefile()`, or a Compose host as an env
    /// file, that Faultline cannot read as text: a warning, not an error — it is not configuration of its own, and the call is
    /// unknown, as values known only at apply are (a dashboard body over the size limit must
    /// not fail a check).
    static func unreadableText(_ blob: Blob, path: String) -> Diagnostic {
        switch blob.content {
        case .tooLarge(let limit):
            return Diagnostic(.warning, "file is \(blob.size) bytes, over the \(limit)-byte limit, so what Terraform's file() or templatefile() or a Compose env file reads from it is unknown",
                              detail: "raise the limit to have it read: --max-blob-size BYTES, or FAULTLINE_MAX_BLOB_SIZE=BYTES for the pre-push hook",
                              path: path)
        case .lfsPointer:
            return Diagnostic(.warning, "file is a Git LFS pointer, so what Terraform's file() or templatefile() or a Compose env file reads from it is unknown",
                              detail: "its content is not in git; Faultline never fetches it", path: path)
        default:
            return Diagnostic(.warning, "file is binary, and Terraform's file() or templatefile() or a Compose env file reads it as text, so what it reads is unknown",
                              detail: "Terraform and Compose refuse a file that is not UTF-8 text there (Terraform's filebase64() reads a binary file)", path: path)
        }
    }
}

extension FileFacts {
    /// These facts with the text another file reads from the same file (see `TextReader`),
    /// or without one for nil.
    func with(_ text: FileFacts?) -> FileFacts {
        var copy = self
        copy.readText = text?.readText
        return copy
    }

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
