import CLibgit2

extension Repository {
    /// Parses `A..B` (reachable from B, not from A) or a single revision (all it reaches).
    /// `A...B` is taken as merge-base(A, B)..B, the commits a pull request adds.
    public func range(_ text: String) throws(GitError) -> HistoryRange {
        if let dots = text.firstRange(of: "...") {
            let left = String(text[..<dots.lowerBound]), right = String(text[dots.upperBound...])
            guard !right.isEmpty || !left.isEmpty else { throw .invalidRange(text) }
            let tip = try resolveCommit(right.isEmpty ? "HEAD" : right)
            let other = try resolveCommit(left.isEmpty ? "HEAD" : left)
            return HistoryRange(tip: tip, excluded: try mergeBase(tip, other).map { [$0] } ?? [])
        }
        if let dots = text.firstRange(of: "..") {
            let left = String(text[..<dots.lowerBound]), right = String(text[dots.upperBound...])
            guard !right.isEmpty || !left.isEmpty else { throw .invalidRange(text) }
            let tip = try resolveCommit(right.isEmpty ? "HEAD" : right)
            let excluded = try resolveCommit(left.isEmpty ? "HEAD" : left)
            return HistoryRange(tip: tip, excluded: [excluded])
        }
        return HistoryRange(tip: try resolveCommit(text))
    }

    /// Walks a range oldest first, following first parents only (the merged history of a
    /// branch) or every parent.
    ///
    /// libgit2 1.5.1's revision walker cannot walk a shallow clone, so there the walk follows
    /// parents by hand, stops where the clone stops and reports those commits as the boundary.
    public func history(_ range: HistoryRange, firstParent: Bool) throws(GitError) -> History {
        isShallow ? try manualHistory(range, firstParent: firstParent) : try revwalkHistory(range, firstParent: firstParent)
    }

    func revwalkHistory(_ range: HistoryRange, firstParent: Bool) throws(GitError) -> History {
        var walker: OpaquePointer?
        var code = git_revwalk_new(&walker, pointer)
        guard code == 0, let walker else { throw .last("history walk", code) }
        defer { git_revwalk_free(walker) }
        // Sorting flags replace each other, so they are combined in one call.
        code = git_revwalk_sorting(walker, GIT_SORT_TOPOLOGICAL.rawValue | GIT_SORT_REVERSE.rawValue)
        guard code == 0 else { throw .last("history walk", code) }
        if firstParent {
            code = git_revwalk_simplify_first_parent(walker)
            guard code == 0 else { throw .last("history walk", code) }
        }
        var tip = range.tip.oid
        code = git_revwalk_push(walker, &tip)
        guard code == 0 else { throw .last("history walk from \(range.tip.short)", code) }
        for excluded in range.excluded {
            var oid = excluded.oid
            code = git_revwalk_hide(walker, &oid)
            guard code == 0 else { throw .last("history walk excluding \(excluded.short)", code) }
        }
        var commits: [ObjectID] = []
        var next = git_oid()
        while true {
            code = git_revwalk_next(&next, walker)
            if code == GIT_ITEROVER.rawValue { break }
            guard code == 0 else { throw .last("history walk", code) }
            commits.append(ObjectID(next))
        }
        return History(commits: commits, boundary: [])
    }

    /// Follows parents by hand: the only walk that works in a shallow clone.
    func manualHistory(_ range: HistoryRange, firstParent: Bool) throws(GitError) -> History {
        var hidden = Set<ObjectID>()
        for excluded in range.excluded {
            // Reachability from an excluded commit counts every parent, as git's A..B does.
            hidden.formUnion(try reachable(from: excluded, firstParent: false, stoppingAt: []).commits)
        }
        return try reachable(from: range.tip, firstParent: firstParent, stoppingAt: hidden)
    }

    /// Commits reachable from `tip`, parents before children, skipping `stop` and missing commits.
    private func reachable(from tip: ObjectID, firstParent: Bool, stoppingAt stop: Set<ObjectID>) throws(GitError) -> History {
        var order: [ObjectID] = []
        var boundary: [ObjectID] = []
        var seen: Set<ObjectID> = [tip]
        guard !stop.contains(tip) else { return History(commits: [], boundary: []) }
        // An explicit stack of (commit, its parents still to visit) gives a post-order walk
        // (parents first) without recursion, so a 100,000-commit chain cannot overflow.
        var stack: [(ObjectID, [ObjectID])] = []
        stack.append((tip, try presentParents(of: tip, firstParent: firstParent, boundary: &boundary)))
        while !stack.isEmpty {
            let last = stack.count - 1
            if let parent = stack[last].1.first {
                stack[last].1.removeFirst()
                guard !stop.contains(parent), seen.insert(parent).inserted else { continue }
                stack.append((parent, try presentParents(of: parent, firstParent: firstParent, boundary: &boundary)))
            } else {
                order.append(stack.removeLast().0)
            }
        }
        return History(commits: order, boundary: boundary)
    }

    private func presentParents(of id: ObjectID, firstParent: Bool, boundary: inout [ObjectID]) throws(GitError) -> [ObjectID] {
        let parents = try withObject(id, GIT_OBJECT_COMMIT) { handle in
            let count = firstParent ? min(1, git_commit_parentcount(handle)) : git_commit_parentcount(handle)
            return (0..<count).compactMap { git_commit_parent_id(handle, $0).map { ObjectID($0.pointee) } }
        }
        var present: [ObjectID] = []
        for parent in parents {
            if try contains(parent) { present.append(parent) } else if boundary.last != id { boundary.append(id) }
        }
        return present
    }
}
