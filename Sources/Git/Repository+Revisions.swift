import CLibgit2

extension Repository {
    /// Resolves a revision (`HEAD`, a branch, a tag, a short or full id, `HEAD~3`, `origin/main`,
    /// `A^`, …) to the commit it names, peeling tags.
    public func resolveCommit(_ revision: String) throws(GitError) -> ObjectID {
        guard !revision.isEmpty else { throw .invalidRevision(revision) }
        var object: OpaquePointer?
        let code = git_revparse_single(&object, pointer, revision)
        guard code == 0, let object else {
            switch code {
            case GIT_ENOTFOUND.rawValue where revision.hasPrefix("HEAD") && git_repository_head_unborn(pointer) == 1:
                throw .noCommits(path: workingDirectory ?? gitDirectory)
            case GIT_ENOTFOUND.rawValue:
                // A full id that libgit2 cannot find is a missing object: in a shallow clone
                // that is the boundary, which has its own fix.
                if let id = ObjectID(hex: revision), isShallow { throw .missingObject(id, shallow: true) }
                throw .unknownRevision(revision, shallow: isShallow)
            case GIT_EAMBIGUOUS.rawValue: throw .ambiguousRevision(revision)
            case GIT_EINVALIDSPEC.rawValue: throw .invalidRevision(revision)
            default:
                // Walking `HEAD~5` past a shallow boundary fails with a generic "object not found".
                if isShallow { throw .unknownRevision(revision, shallow: true) }
                throw .last("resolving '\(revision)'", code)
            }
        }
        defer { git_object_free(object) }
        var peeled: OpaquePointer?
        let peelCode = git_object_peel(&peeled, object, GIT_OBJECT_COMMIT)
        guard peelCode == 0, let peeled else { throw .notACommit(revision) }
        defer { git_object_free(peeled) }
        return ObjectID(git_object_id(peeled).pointee)
    }

    /// Resolves a revision to a commit if it names one, or nil when it names nothing.
    /// Other failures (ambiguity, bad syntax, a tree or blob) still throw.
    public func resolveCommitIfPresent(_ revision: String) throws(GitError) -> ObjectID? {
        do {
            return try resolveCommit(revision)
        } catch {
            switch error {
            case .unknownRevision, .noCommits: return nil
            default: throw error
            }
        }
    }

    /// The best common ancestor of two commits, or nil when their histories never meet.
    ///
    /// In a shallow clone the walk may run into the boundary; that is an error with the fix
    /// named, never a silent "no common ancestor".
    public func mergeBase(_ a: ObjectID, _ b: ObjectID) throws(GitError) -> ObjectID? {
        var one = a.oid, two = b.oid
        var result = git_oid()
        let code = git_merge_base(&result, pointer, &one, &two)
        switch code {
        case 0:
            return ObjectID(result)
        case GIT_ENOTFOUND.rawValue:
            if isShallow { throw .shallowBoundary(operation: "finding the merge-base of \(a.short) and \(b.short)") }
            return nil
        default:
            if isShallow { throw .shallowBoundary(operation: "finding the merge-base of \(a.short) and \(b.short)") }
            throw .last("merge-base of \(a.short) and \(b.short)", code)
        }
    }
}
