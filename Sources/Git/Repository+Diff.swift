import CLibgit2

extension Repository {
    /// The paths that differ between two commits' trees (`from` nil means the empty tree),
    /// sorted by path. Renames are detected with git's default threshold when asked.
    public func diff(from old: ObjectID?, to new: ObjectID, detectRenames: Bool = true) throws(GitError) -> [TreeChange] {
        let oldTree = try old.map { (id) throws(GitError) in try treeHandle(ofCommit: id) }
        defer { if let oldTree { git_tree_free(oldTree) } }
        let newTree = try treeHandle(ofCommit: new)
        defer { git_tree_free(newTree) }

        var options = git_diff_options()
        git_diff_options_init(&options, UInt32(GIT_DIFF_OPTIONS_VERSION))
        options.flags = GIT_DIFF_INCLUDE_TYPECHANGE.rawValue
        var diff: OpaquePointer?
        let code = git_diff_tree_to_tree(&diff, pointer, oldTree, newTree, &options)
        guard code == 0, let diff else { throw .last("diff of \(old?.short ?? "empty tree")..\(new.short)", code) }
        defer { git_diff_free(diff) }

        if detectRenames {
            var find = git_diff_find_options()
            git_diff_find_options_init(&find, UInt32(GIT_DIFF_FIND_OPTIONS_VERSION))
            find.flags = GIT_DIFF_FIND_RENAMES.rawValue
            let found = git_diff_find_similar(diff, &find)
            guard found == 0 else { throw .last("rename detection", found) }
        }

        var changes: [TreeChange] = []
        for index in 0..<git_diff_num_deltas(diff) {
            guard let delta = git_diff_get_delta(diff, index)?.pointee else { continue }
            let status: TreeChange.Status
            switch delta.status {
            case GIT_DELTA_ADDED: status = .added
            case GIT_DELTA_DELETED: status = .deleted
            case GIT_DELTA_MODIFIED: status = .modified
            case GIT_DELTA_RENAMED: status = .renamed
            case GIT_DELTA_TYPECHANGE: status = .typeChanged
            default: continue
            }
            changes.append(TreeChange(
                status: status,
                old: status == .added ? nil : TreeChange.Side(delta.old_file),
                new: status == .deleted ? nil : TreeChange.Side(delta.new_file),
                similarity: status == .renamed ? Int(delta.similarity) : 0
            ))
        }
        changes.sort { $0.path.utf8.lexicographicallyPrecedes($1.path.utf8) }
        return changes
    }

    /// A tree handle the caller must free with `git_tree_free`.
    private func treeHandle(ofCommit id: ObjectID) throws(GitError) -> OpaquePointer {
        let treeID = try withObject(id, GIT_OBJECT_COMMIT) { ObjectID(git_commit_tree_id($0).pointee) }
        var oid = treeID.oid
        var tree: OpaquePointer?
        let code = git_tree_lookup(&tree, pointer, &oid)
        guard code == 0, let tree else {
            if code == GIT_ENOTFOUND.rawValue { throw .missingObject(treeID, shallow: isShallow) }
            throw .last("lookup of tree \(treeID.short)", code)
        }
        return tree
    }
}

extension TreeChange.Side {
    init(_ file: git_diff_file) {
        self.init(
            path: file.path.map { String(cString: $0) } ?? "",
            id: ObjectID(file.id),
            kind: TreeEntry.Kind(mode: UInt32(file.mode))
        )
    }
}
