import CLibgit2

/// An open git repository: the only owner of a libgit2 repository handle.
///
/// Everything it returns is a value copied out of libgit2, safe to keep and share. The handle
/// itself is not thread-safe (libgit2's rule), so a `Repository` is not `Sendable`: open one per
/// worker. Handles of objects looked up through it are freed before each call returns.
public final class Repository {
    let pointer: OpaquePointer
    private var objectDatabase: OpaquePointer?

    /// The largest blob `blob(_:)` loads unless told otherwise: 5 MiB.
    public static let defaultBlobLimit = 5 << 20

    /// Opens the repository containing `path`: a work tree or any folder inside it, a bare
    /// repository, or a linked worktree.
    public init(at path: String) throws(GitError) {
        Libgit2.ensureInitialised()
        var handle: OpaquePointer?
        let code = git_repository_open_ext(&handle, path, 0, nil)
        guard code == 0, let handle else {
            let error = GitError.last("open of \(path)", code)
            // libgit2 1.5.1 reports a failed ownership check as GIT_EOWNER only when some
            // safe.directory is configured; with none it leaks the config lookup's ENOTFOUND
            // ("config value 'safe.directory' was not found"), so the message decides too.
            if code == GIT_EOWNER.rawValue { throw .unsafeOwnership(path: path) }
            if case .libgit2(_, _, let message) = error, message.contains("safe.directory") || message.contains("not owned") {
                throw .unsafeOwnership(path: path)
            }
            if code == GIT_ENOTFOUND.rawValue { throw .notARepository(path: path) }
            throw error
        }
        pointer = handle
    }

    deinit {
        if let objectDatabase { git_odb_free(objectDatabase) }
        git_repository_free(pointer)
    }

    /// Whether the repository has no work tree.
    public var isBare: Bool { git_repository_is_bare(pointer) == 1 }

    /// Whether this is a shallow clone, whose history stops at boundary commits.
    public var isShallow: Bool { git_repository_is_shallow(pointer) == 1 }

    /// Whether this was opened through a linked worktree (`git worktree add`).
    public var isLinkedWorktree: Bool { git_repository_is_worktree(pointer) == 1 }

    /// The repository's own git folder (for a linked worktree, its private folder).
    public var gitDirectory: String { String(cString: git_repository_path(pointer)) }

    /// The git folder shared by all worktrees, where objects, refs and hooks live.
    public var commonDirectory: String { String(cString: git_repository_commondir(pointer)) }

    /// The work tree's folder, or nil for a bare repository.
    public var workingDirectory: String? { git_repository_workdir(pointer).map { String(cString: $0) } }

    /// The object database handle, opened once and kept for the repository's life.
    func odb() throws(GitError) -> OpaquePointer {
        if let objectDatabase { return objectDatabase }
        var handle: OpaquePointer?
        let code = git_repository_odb(&handle, pointer)
        guard code == 0, let handle else { throw .last("open of the object database", code) }
        objectDatabase = handle
        return handle
    }

    /// Whether the object database holds `id`.
    public func contains(_ id: ObjectID) throws(GitError) -> Bool {
        var oid = id.oid
        return git_odb_exists(try odb(), &oid) == 1
    }

    /// Looks up an object of the given type, runs `body` on its handle and frees it.
    func withObject<T>(
        _ id: ObjectID, _ type: git_object_t, _ body: (OpaquePointer) throws(GitError) -> T
    ) throws(GitError) -> T {
        var oid = id.oid
        var object: OpaquePointer?
        let code = git_object_lookup(&object, pointer, &oid, type)
        guard code == 0, let object else {
            if code == GIT_ENOTFOUND.rawValue { throw .missingObject(id, shallow: isShallow) }
            throw .last("lookup of \(id.short)", code)
        }
        defer { git_object_free(object) }
        return try body(object)
    }
}
