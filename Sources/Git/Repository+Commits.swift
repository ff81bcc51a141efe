import CLibgit2

extension Repository {
    /// Reads a commit's metadata.
    public func commit(_ id: ObjectID) throws(GitError) -> Commit {
        try withObject(id, GIT_OBJECT_COMMIT) { handle throws(GitError) in
            let count = git_commit_parentcount(handle)
            var parents: [ObjectID] = []
            parents.reserveCapacity(Int(count))
            for index in 0..<count {
                if let parent = git_commit_parent_id(handle, index) { parents.append(ObjectID(parent.pointee)) }
            }
            let summary = git_commit_summary(handle).map { String(cString: $0) } ?? ""
            return Commit(
                id: id,
                tree: ObjectID(git_commit_tree_id(handle).pointee),
                parents: parents,
                author: Signature(git_commit_author(handle)),
                committer: Signature(git_commit_committer(handle)),
                summary: summary
            )
        }
    }
}

extension Signature {
    init(_ signature: UnsafePointer<git_signature>?) {
        guard let s = signature?.pointee else {
            self.init(name: "", email: "", time: 0, offsetMinutes: 0)
            return
        }
        self.init(
            name: s.name.map { String(cString: $0) } ?? "",
            email: s.email.map { String(cString: $0) } ?? "",
            time: s.when.time,
            offsetMinutes: Int(s.when.offset)
        )
    }
}
