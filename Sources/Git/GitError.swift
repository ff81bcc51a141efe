import CLibgit2

/// Why a git operation could not continue. Each message says what to do about it.
public enum GitError: Error, Equatable, Sendable, CustomStringConvertible {
    /// No git repository at or above the given folder.
    case notARepository(path: String)
    /// The repository belongs to another user and ownership checking is on.
    case unsafeOwnership(path: String)
    /// The revision names nothing in this repository; `shallow` says the clone is shallow.
    case unknownRevision(String, shallow: Bool)
    /// `HEAD` names a branch with no commits yet (a new, empty repository).
    case noCommits(path: String)
    /// An abbreviated id or name matches more than one object.
    case ambiguousRevision(String)
    /// The revision is not valid syntax.
    case invalidRevision(String)
    /// The revision names an object that is not a commit (and does not peel to one).
    case notACommit(String)
    /// A needed object is absent from the object database.
    case missingObject(ObjectID, shallow: Bool)
    /// The operation needs history beyond a shallow clone's boundary.
    case shallowBoundary(operation: String)
    /// The history range could not be understood.
    case invalidRange(String)
    /// libgit2 failed in a way none of the cases above covers; its message is kept.
    case libgit2(operation: String, code: Int32, message: String)

    static let unshallowFix =
        "run `git fetch --unshallow` (in GitHub Actions set `fetch-depth: 0` on actions/checkout; in GitLab CI set GIT_DEPTH: 0)"

    public var description: String {
        switch self {
        case .notARepository(let path):
            return "\(path) is not inside a git repository; pass --repo with the path of a clone"
        case .unsafeOwnership(let path):
            return "the repository at \(path) is owned by another user; run as its owner, or mark it safe with `git config --global --add safe.directory \(path)`"
        case .unknownRevision(let rev, let shallow):
            let tail = shallow
                ? "; this clone is shallow, so the commit may lie beyond its boundary: \(GitError.unshallowFix)"
                : "; check the name with `git rev-parse \(rev)` or fetch it first"
            return "unknown revision '\(rev)'" + tail
        case .noCommits(let path):
            return "the repository at \(path) has no commits yet; commit something first, or pass --repo with a clone that has history"
        case .ambiguousRevision(let rev):
            return "revision '\(rev)' is ambiguous; give more digits of the commit id or a full ref name"
        case .invalidRevision(let rev):
            return "'\(rev)' is not a valid revision; use a commit id, a branch, a tag or an expression like HEAD~2"
        case .notACommit(let rev):
            return "revision '\(rev)' does not name a commit; give a commit, branch or tag"
        case .missingObject(let id, let shallow):
            return shallow
                ? "object \(id.short) is not in this shallow clone: \(GitError.unshallowFix)"
                : "object \(id.short) is missing from the repository; fetch it, or run `git fsck` if the repository is damaged"
        case .shallowBoundary(let operation):
            return "\(operation) needs history this shallow clone does not have: \(GitError.unshallowFix)"
        case .invalidRange(let range):
            return "'\(range)' is not a history range; use A..B, or a single revision for all history reachable from it"
        case .libgit2(let operation, let code, let message):
            return "git \(operation) failed (libgit2 error \(code)): \(message)"
        }
    }

    /// Builds the error for a failed libgit2 call, reading libgit2's thread-local last error.
    /// Call it directly after the failing call, on the same thread.
    static func last(_ operation: String, _ code: Int32) -> GitError {
        var message = "unknown error"
        if let error = git_error_last(), let text = error.pointee.message {
            message = String(cString: text)
        }
        return .libgit2(operation: operation, code: code, message: message)
    }
}
