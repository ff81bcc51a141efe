import Git

/// What the pre-push hook checks for one pushed ref: the commit being pushed against the base
/// it is compared with (nil base: the empty tree, for a root commit), or why the ref is skipped.
public struct PushCheck: Equatable, Sendable {
    public enum Decision: Equatable, Sendable {
        case check(head: ObjectID, base: ObjectID?, baseSource: String)
        case skip(reason: String)
    }

    public let ref: PushedRef
    public let decision: Decision
}

/// Chooses a base for every ref of a push (not only the first, unlike some hook frameworks).
public enum PushPlanner {
    public static func plan(_ refs: [PushedRef], remote: String, in repository: Repository) throws(FaultlineError) -> [PushCheck] {
        var checks: [PushCheck] = []
        for ref in refs {
            checks.append(PushCheck(ref: ref, decision: try decide(ref, remote: remote, in: repository)))
        }
        return checks
    }

    static func decide(_ ref: PushedRef, remote: String, in repository: Repository) throws(FaultlineError) -> PushCheck.Decision {
        guard let local = ref.localID else { return .skip(reason: "deletion of \(ref.remoteRef)") }
        do {
            // A pushed tag may be an annotated tag object, or name a tree or blob: peel to a commit.
            guard let head = try peeledCommit(local, in: repository) else {
                return .skip(reason: "\(ref.localRef) does not point at a commit")
            }
            if let remoteID = ref.remoteID, try repository.contains(remoteID),
               let remoteCommit = try peeledCommit(remoteID, in: repository) {
                if remoteCommit == head { return .skip(reason: "\(ref.remoteRef) is already at \(head.short)") }
                return .check(head: head, base: remoteCommit, baseSource: "\(remote)'s \(ref.remoteRef) at \(remoteCommit.short)")
            }
            return try newBranchBase(head: head, remote: remote, in: repository)
        } catch {
            throw .git(error)
        }
    }

    /// A new branch (or one whose remote tip this clone lacks) is compared with its fork point
    /// from the remote's default branch; failing that, with the parent of the oldest pushed
    /// commit that none of this remote's tracking refs contains; a root commit with the empty
    /// tree. Only the refs of the remote pushed to count: a commit another remote has is still
    /// new to this one, so a push to a remote this clone knows nothing of (an empty mirror, a
    /// URL) brings its whole history and is judged against the empty tree.
    static func newBranchBase(head: ObjectID, remote: String, in repository: Repository) throws(GitError) -> PushCheck.Decision {
        var defaults: [String] = []
        if let target = repository.symbolicTarget(of: "refs/remotes/\(remote)/HEAD") { defaults.append(target) }
        defaults += ["refs/remotes/\(remote)/main", "refs/remotes/\(remote)/master"]
        for name in defaults {
            guard let tip = try repository.resolveCommitIfPresent(name) else { continue }
            if let base = try repository.mergeBase(head, tip) {
                let shown = name.hasPrefix("refs/remotes/") ? String(name.dropFirst("refs/remotes/".count)) : name
                return .check(head: head, base: base, baseSource: "fork point from \(shown) at \(base.short)")
            }
        }
        let known = try repository.references(matching: "refs/remotes/\(remote)/*").compactMap(\.commit)
        let pushed = try repository.history(HistoryRange(tip: head, excluded: known), firstParent: false)
        guard let oldest = pushed.commits.first else {
            return .skip(reason: "\(head.short) is already on \(remote)")
        }
        if let parent = try repository.commit(oldest).parents.first {
            return .check(head: head, base: parent, baseSource: "parent \(parent.short) of the oldest pushed commit")
        }
        return .check(head: head, base: nil, baseSource: "the empty tree (the push starts a new history)")
    }

    private static func peeledCommit(_ id: ObjectID, in repository: Repository) throws(GitError) -> ObjectID? {
        do {
            return try repository.resolveCommit(id.hex)
        } catch {
            if case .notACommit = error { return nil }
            throw error
        }
    }
}
