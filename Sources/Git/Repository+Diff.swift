import CLibgit2

extension Repository {
    /// The paths that differ between two commits' trees (`from` nil means the empty tree),
    /// sorted by path. Renames are detected with git's default threshold when asked.
    public func diff(from old: ObjectID?, to new: ObjectID, detectRenames: Bool = true) throws(GitError) -> [TreeChange] {
        guard detectRenames else { return try treeChanges(from: old, to: new) }
        return try diffWithLibgit2(from: old, to: new, detectRenames: true)
    }

    /// The same through `git_diff_tree_to_tree`, which the walk below must agree with.
    func diffWithLibgit2(from old: ObjectID?, to new: ObjectID, detectRenames: Bool) throws(GitError) -> [TreeChange] {
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

    /// What `git_diff_tree_to_tree` reports without rename detection (typechanges included),
    /// found as `git diff-tree` finds it: both trees are walked together in git's tree order
    /// and a subtree whose id did not change is not entered. libgit2's diff iterates every
    /// entry of both trees and reads the repository's configuration for each diff; an audit
    /// diffs every commit of a history, where this walk is several times faster.
    func treeChanges(from old: ObjectID?, to new: ObjectID) throws(GitError) -> [TreeChange] {
        let oldTree = try old.map { (id) throws(GitError) in try treeHandle(ofCommit: id) }
        defer { if let oldTree { git_tree_free(oldTree) } }
        let newTree = try treeHandle(ofCommit: new)
        defer { git_tree_free(newTree) }
        var changes: [TreeChange] = []
        try compareTrees(oldTree, newTree, prefix: "", into: &changes)
        changes.sort { $0.path.utf8.lexicographicallyPrecedes($1.path.utf8) }
        return changes
    }

    /// Appends the changes between two trees (nil: absent) under `prefix`.
    private func compareTrees(_ old: OpaquePointer?, _ new: OpaquePointer?, prefix: String, into changes: inout [TreeChange]) throws(GitError) {
        let oldCount = old.map { git_tree_entrycount($0) } ?? 0
        let newCount = new.map { git_tree_entrycount($0) } ?? 0
        var oldIndex = 0, newIndex = 0
        while oldIndex < oldCount || newIndex < newCount {
            let before = oldIndex < oldCount ? git_tree_entry_byindex(old, oldIndex) : nil
            let after = newIndex < newCount ? git_tree_entry_byindex(new, newIndex) : nil
            let order: Int
            if let before, let after { order = Self.treeOrder(before, after) } else { order = before == nil ? 1 : -1 }
            if order < 0, let before {
                try oneSided(before, prefix: prefix, isOld: true, into: &changes)
                oldIndex += 1
            } else if order > 0, let after {
                try oneSided(after, prefix: prefix, isOld: false, into: &changes)
                newIndex += 1
            } else if let before, let after {
                try matched(before, after, prefix: prefix, into: &changes)
                oldIndex += 1
                newIndex += 1
            } else {
                break
            }
        }
    }

    /// An entry only one tree has: a file added or deleted, or every file under a folder.
    private func oneSided(_ entry: OpaquePointer, prefix: String, isOld: Bool, into changes: inout [TreeChange]) throws(GitError) {
        let path = prefix + String(cString: git_tree_entry_name(entry))
        if git_tree_entry_type(entry) == GIT_OBJECT_TREE {
            let tree = try subtree(entry, path: path)
            defer { git_tree_free(tree) }
            try compareTrees(isOld ? tree : nil, isOld ? nil : tree, prefix: path + "/", into: &changes)
            return
        }
        let side = Self.side(entry, path: path)
        changes.append(isOld ? TreeChange(status: .deleted, old: side, new: nil) : TreeChange(status: .added, old: nil, new: side))
    }

    /// Entries of the same name (and both folders or both not): unchanged, changed, or a
    /// folder to compare further.
    private func matched(_ before: OpaquePointer, _ after: OpaquePointer, prefix: String, into changes: inout [TreeChange]) throws(GitError) {
        let sameID = git_oid_equal(git_tree_entry_id(before), git_tree_entry_id(after)) != 0
        let oldMode = UInt32(git_tree_entry_filemode_raw(before).rawValue), newMode = UInt32(git_tree_entry_filemode_raw(after).rawValue)
        if git_tree_entry_type(before) == GIT_OBJECT_TREE {
            guard !sameID else { return }
            let path = prefix + String(cString: git_tree_entry_name(before))
            let oldTree = try subtree(before, path: path)
            defer { git_tree_free(oldTree) }
            let newTree = try subtree(after, path: path)
            defer { git_tree_free(newTree) }
            try compareTrees(oldTree, newTree, prefix: path + "/", into: &changes)
            return
        }
        guard !sameID || oldMode != newMode else { return }
        let path = prefix + String(cString: git_tree_entry_name(before))
        // A file that became a symlink or submodule (or back) is a typechange, as libgit2
        // reports it with GIT_DIFF_INCLUDE_TYPECHANGE; an executable bit is a modification.
        let status: TreeChange.Status = oldMode & 0o170000 == newMode & 0o170000 ? .modified : .typeChanged
        changes.append(TreeChange(status: status, old: Self.side(before, path: path), new: Self.side(after, path: path)))
    }

    private func subtree(_ entry: OpaquePointer, path: String) throws(GitError) -> OpaquePointer {
        var tree: OpaquePointer?
        let code = git_tree_lookup(&tree, pointer, git_tree_entry_id(entry))
        guard code == 0, let tree else {
            let id = ObjectID(git_tree_entry_id(entry).pointee)
            if code == GIT_ENOTFOUND.rawValue { throw .missingObject(id, shallow: isShallow) }
            throw .last("lookup of tree \(id.short) at \(path)", code)
        }
        return tree
    }

    private static func side(_ entry: OpaquePointer, path: String) -> TreeChange.Side {
        TreeChange.Side(
            path: path, id: ObjectID(git_tree_entry_id(entry).pointee),
            kind: TreeEntry.Kind(mode: UInt32(git_tree_entry_filemode_raw(entry).rawValue)))
    }

    /// Git's order of tree entries: by name bytes, a folder's name compared as if it ended
    /// in `/`. Zero only for the same name on two entries that are both folders or both not.
    static func treeOrder(_ a: OpaquePointer, _ b: OpaquePointer) -> Int {
        guard var left = git_tree_entry_name(a), var right = git_tree_entry_name(b) else { return 0 }
        while left.pointee == right.pointee, left.pointee != 0 {
            left += 1
            right += 1
        }
        var l = UInt8(bitPattern: left.pointee), r = UInt8(bitPattern: right.pointee)
        if l == 0, git_tree_entry_type(a) == GIT_OBJECT_TREE { l = 0x2F }
        if r == 0, git_tree_entry_type(b) == GIT_OBJECT_TREE { r = 0x2F }
        return l < r ? -1 : l > r ? 1 : 0
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
