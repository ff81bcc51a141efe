import Git
import Model

/// Why a Faultline command could not continue. Each message says what to do.
public enum FaultlineError: Error, Equatable, Sendable, CustomStringConvertible {
    /// A git operation failed: a repository problem.
    case git(GitError)
    /// No base commit was given and none could be found; lists what was tried.
    case noBase(tried: [String])
    /// The CI event file named by `GITHUB_EVENT_PATH` could not be read or parsed.
    case unreadableEvent(path: String, reason: String)
    /// Policy files with errors: a check must not run on rules it cannot read.
    case invalidPolicies(PolicyFileErrors)
    /// A `--policies` folder or file that cannot be read.
    case unreadablePolicies(String)
    /// A `--scenario` that is not a failure-domain id.
    case unknownScenario(String)
    /// A `--scenario` naming a domain that neither the catalog nor the commit's topology has.
    case scenarioNotFound(String, reason: String)
    /// A line of git's pre-push input is not `<local-ref> <local-oid> <remote-ref> <remote-oid>`.
    case malformedPushLine(number: Int, text: String)
    /// A pre-push hook that Faultline did not write is in the way of `hook install`.
    case foreignHookPresent(path: String)
    /// A hook kept from an earlier install is where the current one would be kept.
    case previousHookPresent(path: String)
    /// `hook uninstall` found a pre-push hook that Faultline did not write.
    case foreignHookNotRemoved(path: String)
    /// The hooks folder or a hook file could not be created, moved, read or removed.
    case hookFileFailed(path: String, action: String, reason: String)

    /// Whether this is a repository problem (exit 3) rather than a usage or input problem (exit 2).
    public var isRepositoryProblem: Bool {
        if case .git = self { return true }
        return false
    }

    public var description: String {
        switch self {
        case .git(let error):
            return error.description
        case .noBase(let tried):
            return "cannot tell which commit to compare against (tried \(tried.joined(separator: ", "))); pass --base REV, e.g. --base origin/main"
        case .unreadableEvent(let path, let reason):
            return "cannot read the CI event file \(path) named by GITHUB_EVENT_PATH: \(reason); pass --base REV instead"
        case .invalidPolicies(let errors):
            return errors.description
        case .unreadablePolicies(let path):
            return "cannot read the policy folder or file \(path); name a folder of .yaml rule files (or one such file)"
        case .unknownScenario(let id):
            return "'\(id)' is not a failure-domain id; write it like region:aws/us-east-1, zone:aws/us-east-1/us-east-1a, service:aws/us-east-1/s3 or saas:dockerhub"
        case .scenarioNotFound(let id, let reason):
            return "scenario '\(id)' is neither in the catalog nor in the commit's topology (\(reason)); `faultline topology REV` lists the domains a commit runs in"
        case .malformedPushLine(let number, let text):
            return "pre-push input line \(number) is not '<local-ref> <local-oid> <remote-ref> <remote-oid>': \(text.prefix(200)); run this command only as git's pre-push hook"
        case .foreignHookPresent(let path):
            return "\(path) is a pre-push hook Faultline did not write; rerun with --chain to keep it and run it before Faultline, or with --force to replace it (either way it is kept as \(path)\(HookInstaller.previousSuffix))"
        case .previousHookPresent(let path):
            return "\(path) already holds a hook kept by an earlier install; move it elsewhere or delete it, then rerun"
        case .foreignHookNotRemoved(let path):
            return "\(path) is a pre-push hook Faultline did not write, so it was left in place; delete it yourself if it is no longer wanted"
        case .hookFileFailed(let path, let action, let reason):
            return "cannot \(action) \(path): \(reason); check that folder's permissions, or point core.hooksPath at a writable folder"
        }
    }
}
