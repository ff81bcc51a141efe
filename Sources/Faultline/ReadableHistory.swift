import Git
import Policy
import Readers

extension FileFacts {
    /// Whether the file did not read: the reader reported an error other than a malformed
    /// acceptance comment (a file with only those was read whole). The audit keeps the last
    /// version of such a file that reads, and `check` reads it so on either side.
    var doesNotRead: Bool {
        diagnostics.contains { $0.severity == .error && !$0.isInvalidAcceptance }
    }
}

/// Looking back along first parents for the last version of a file that reads.
enum ReadableHistory {
    /// The facts of the last version of `path` that reads, looking back along first parents
    /// from `commit` (at most `limit` commits, never past where the file was added or where a
    /// shallow clone stops).
    static func lastReadable(
        _ path: String, before commit: ObjectID, in repository: Repository, reader: CommitReader, limit: Int = 1_000
    ) throws(GitError) -> FileFacts? {
        try lastReadable([path], before: commit, in: repository, reader: reader, limit: limit)[path]
    }

    /// ``lastReadable(_:before:in:reader:limit:)`` for several paths in one walk.
    static func lastReadable(
        _ paths: Set<String>, before commit: ObjectID, in repository: Repository, reader: CommitReader, limit: Int = 1_000
    ) throws(GitError) -> [String: FileFacts] {
        try lastVersions(of: paths, before: commit, in: repository, limit: limit) { entries throws(GitError) in
            try reader.facts(of: entries).filter { !$0.doesNotRead }
        }
    }

    /// What `read` accepts of the newest versions of `paths` before `commit`, looking back along
    /// first parents (see ``lastReadable(_:before:in:reader:limit:)``), in one walk: each
    /// commit's diff is made once for them all, and the versions met at one commit are read
    /// together. `read` gives the facts of the entries it accepts.
    static func lastVersions(
        of paths: Set<String>, before commit: ObjectID, in repository: Repository, limit: Int,
        read: ([TreeEntry]) throws(GitError) -> [FileFacts]
    ) throws(GitError) -> [String: FileFacts] {
        var pending = paths, found: [String: FileFacts] = [:]
        var child = commit
        for _ in 0..<limit where !pending.isEmpty {
            guard let parent = try repository.commit(child).parents.first, try repository.contains(parent) else { break }
            let changes = try repository.diff(from: parent, to: child, detectRenames: false)
            var entries: [TreeEntry] = []
            for change in changes {
                for path in Set([change.old?.path, change.new?.path].compactMap { $0 }) where pending.contains(path) {
                    // Added here (or not a file before): there is no older version to keep.
                    guard let old = change.old, old.path == path, let entry = file(old) else {
                        pending.remove(path)
                        continue
                    }
                    entries.append(entry)
                }
            }
            for facts in try read(entries) where pending.contains(facts.path) {
                found[facts.path] = facts
                pending.remove(facts.path)
            }
            child = parent
        }
        return found
    }

    /// The entry of one side of a change when it is a file (not a symlink or submodule).
    static func file(_ side: TreeChange.Side) -> TreeEntry? {
        guard let kind = side.kind, kind == .file || kind == .executable else { return nil }
        return TreeEntry(path: side.path, id: side.id, mode: kind == .executable ? 0o100755 : 0o100644, kind: kind, size: nil)
    }
}
