import Model

/// Rule files with errors, and where they were read: the repository's `.faultline/policies/`
/// comes from a commit the user may not be looking at (a check's base, an audit's tip), so the
/// message has to name that commit and say how to get past it.
public struct PolicyFileErrors: Equatable, Sendable, CustomStringConvertible {
    /// What the commit whose `.faultline/policies/` was read is to the command.
    public enum Role: Equatable, Sendable {
        /// The base of `check`: its rules judge the change.
        case checkBase
        /// The base a pushed ref is compared against in the pre-push hook.
        case pushBase
        /// The tip of an audited range: its rules judge every commit of the range.
        case auditTip
        /// The revision `policies list` was asked about.
        case revision
    }

    /// The commit whose `.faultline/policies/` was read, abbreviated.
    public var commit: String
    public var role: Role
    /// Errors in the repository's `.faultline/policies/` at `commit`.
    public var repository: [Diagnostic]
    /// Errors in the files of the `--policies` folder.
    public var commandLine: [Diagnostic]
    /// The `--policies` folder, when one was given.
    public var folder: String?

    public init(commit: String, role: Role, repository: [Diagnostic], commandLine: [Diagnostic] = [], folder: String? = nil) {
        self.commit = commit
        self.role = role
        self.repository = repository
        self.commandLine = commandLine
        self.folder = folder
    }

    /// Every error, the repository's first.
    public var diagnostics: [Diagnostic] { repository + commandLine }

    public var description: String {
        var parts: [String] = []
        if !repository.isEmpty {
            parts.append(repositoryHeading + ":\n" + Self.list(repository) + "\n" + repositoryAdvice)
        }
        if !commandLine.isEmpty {
            let validate = "faultline policies validate \(folder ?? "DIR")"
            parts.append("the --policies rule files have errors:\n" + Self.list(commandLine) + "\nfix them; `\(validate)` checks the folder")
        }
        return parts.joined(separator: "\n")
    }

    private var repositoryHeading: String {
        switch role {
        case .checkBase: "the policy files of the base commit \(commit) have errors, so no change on top of it can be checked"
        case .pushBase: "the policy files of \(commit), the commit this push is checked against, have errors"
        case .auditTip: "the policy files of \(commit), the tip of the audited range, have errors"
        case .revision: "the policy files of \(commit) have errors"
        }
    }

    private var repositoryAdvice: String {
        let show = "`faultline policies list --revision \(commit)` shows these errors; "
            + "`faultline policies validate` checks the working tree's .faultline/policies/ before the fix is committed."
        switch role {
        case .checkBase:
            // The base's rules judge the change so that it cannot loosen its own gate; the
            // same rule means the change that repairs them is judged by the broken ones.
            return "A change is judged by its base commit's rules, so fixing these files in the change itself does not help. "
                + "Land the fix on the base branch first (its own check stops here too, so it has to be merged without this check), "
                + "then rebase onto it. " + show
        case .pushBase:
            return "A push is judged by the rules of the commit it builds on, so fixing these files in the pushed commits does not help. "
                + "Push the fix once with `git push --no-verify`. " + show
        case .auditTip:
            return "An audit judges every commit by its tip's rules: fix them in a later commit and audit a range ending there. " + show
        case .revision:
            return show
        }
    }

    private static func list(_ diagnostics: [Diagnostic]) -> String {
        diagnostics.map { "  \($0)" }.joined(separator: "\n")
    }
}
