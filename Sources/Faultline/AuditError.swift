import Git

/// Why an audit, or a merge of audit shards, could not continue. Each message says what to do.
public enum AuditError: Error, Equatable, Sendable, CustomStringConvertible {
    /// A git operation failed: a repository problem.
    case git(GitError)
    /// `--shard` is not `K/N` with 1 ≤ K ≤ N.
    case invalidShard(String)
    /// `--since` is not a date.
    case invalidSince(String)
    /// A shard output file cannot be read.
    case unreadableShard(path: String)
    /// A line of a shard output is not an audit record.
    case malformedShard(path: String, line: Int)
    /// The shard outputs given to `merge` do not make one whole run.
    case incompleteShards(String)
    /// The rules cannot be used: the range tip's `.faultline/policies/` or `--policies` has
    /// errors or cannot be read (`FaultlineError.invalidPolicies` or `.unreadablePolicies`,
    /// the same problems `check` reports).
    case policies(FaultlineError)

    /// Whether this is a repository problem (exit 3) rather than a usage or input problem (exit 2).
    public var isRepositoryProblem: Bool {
        if case .git = self { return true }
        return false
    }

    public var description: String {
        switch self {
        case .git(let error):
            return error.description
        case .invalidShard(let text):
            return "--shard '\(text)' is not K/N with 1 ≤ K ≤ N; write e.g. --shard 2/8 (the second of eight slices)"
        case .invalidSince(let text):
            return "--since '\(text)' is not a date; write YYYY-MM-DD or YYYY-MM-DDTHH:MM:SSZ"
        case .unreadableShard(let path):
            return "cannot read the shard output \(path); give `audit merge` the files written by `audit --shard K/N --format jsonl`"
        case .malformedShard(let path, let line):
            return "\(path):\(line) is not an audit record; give `audit merge` the unchanged output of `audit --shard K/N --format jsonl`"
        case .incompleteShards(let problem):
            return "the shard outputs do not make one audit: \(problem); rerun the missing shards with the same range and options"
        case .policies(let problem):
            return problem.description
        }
    }
}
