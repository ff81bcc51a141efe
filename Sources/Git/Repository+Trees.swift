import CLibgit2

extension Repository {
    /// Lists every file of a commit's tree, sorted by path (bytewise), without a checkout.
    ///
    /// Sizes come from object headers, so no blob is loaded; a blob missing from the object
    /// database (a partial clone) is listed with no size. A path whose bytes are not UTF-8
    /// is decoded with replacement characters; git allows such names, Faultline only reports them.
    public func files(of commit: ObjectID) throws(GitError) -> [TreeEntry] {
        try files(of: commit, under: "")
    }

    /// Lists the files under one folder of a commit's tree (`.faultline/policies`), walking only
    /// that subtree; empty when the folder does not exist or is not a folder.
    public func files(of commit: ObjectID, under folder: String) throws(GitError) -> [TreeEntry] {
        var treeID = try withObject(commit, GIT_OBJECT_COMMIT) { ObjectID(git_commit_tree_id($0).pointee) }
        let trimmed = folder.split(separator: "/").joined(separator: "/")
        if !trimmed.isEmpty {
            guard let subtree = try withObject(treeID, GIT_OBJECT_TREE, { root -> ObjectID? in
                var entry: OpaquePointer?
                guard git_tree_entry_bypath(&entry, root, trimmed) == 0, let entry else { return nil }
                defer { git_tree_entry_free(entry) }
                guard git_tree_entry_filemode(entry).rawValue == GIT_FILEMODE_TREE.rawValue else { return nil }
                return ObjectID(git_tree_entry_id(entry).pointee)
            }) else { return [] }
            treeID = subtree
        }
        let database = try odb()
        var entries: [TreeEntry] = []
        try collect(tree: treeID, prefix: trimmed.isEmpty ? "" : trimmed + "/", into: &entries, database: database)
        entries.sort { $0.path.utf8.lexicographicallyPrecedes($1.path.utf8) }
        return entries
    }

    /// The file at `path` in a commit's tree (no size), nil when there is none or it is not a
    /// file: reading one file (`.faultline.yaml`) without listing the tree.
    public func file(at path: String, of commit: ObjectID) throws(GitError) -> TreeEntry? {
        let treeID = try withObject(commit, GIT_OBJECT_COMMIT) { ObjectID(git_commit_tree_id($0).pointee) }
        return try withObject(treeID, GIT_OBJECT_TREE) { root -> TreeEntry? in
            var entry: OpaquePointer?
            guard git_tree_entry_bypath(&entry, root, path) == 0, let entry else { return nil }
            defer { git_tree_entry_free(entry) }
            let mode = git_tree_entry_filemode(entry).rawValue
            guard let kind = TreeEntry.Kind(mode: mode), kind == .file || kind == .executable else { return nil }
            return TreeEntry(path: path, id: ObjectID(git_tree_entry_id(entry).pointee), mode: mode, kind: kind, size: nil)
        }
    }

    private func collect(
        tree: ObjectID, prefix: String, into entries: inout [TreeEntry], database: OpaquePointer
    ) throws(GitError) {
        // Subtrees are gathered first and walked after the handle is freed, so at most one
        // tree handle is open at a time however deep the tree.
        var subtrees: [(String, ObjectID)] = []
        try withObject(tree, GIT_OBJECT_TREE) { handle throws(GitError) in
            let count = git_tree_entrycount(handle)
            for index in 0..<count {
                guard let entry = git_tree_entry_byindex(handle, index) else { continue }
                let name = String(cString: git_tree_entry_name(entry))
                let id = ObjectID(git_tree_entry_id(entry).pointee)
                let mode = git_tree_entry_filemode(entry).rawValue
                let path = prefix + name
                if mode == GIT_FILEMODE_TREE.rawValue {
                    subtrees.append((path + "/", id))
                    continue
                }
                guard let kind = TreeEntry.Kind(mode: mode) else { continue }
                var size: Int?
                if kind != .submodule {
                    var oid = id.oid
                    var length = 0
                    var type = GIT_OBJECT_INVALID
                    let code = git_odb_read_header(&length, &type, database, &oid)
                    // A blob a partial clone (or a trimmed mirror) left out has no size here;
                    // only reading it is an error, and only if someone needs it.
                    if code == 0 {
                        size = length
                    } else if code != GIT_ENOTFOUND.rawValue {
                        throw .last("reading the header of \(path)", code)
                    }
                }
                entries.append(TreeEntry(path: path, id: id, mode: mode, kind: kind, size: size))
            }
        }
        for (path, id) in subtrees {
            try collect(tree: id, prefix: path, into: &entries, database: database)
        }
    }
}
