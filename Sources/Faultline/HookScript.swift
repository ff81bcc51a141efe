import Foundation

/// The text of the `pre-push` script Faultline installs, and how to recognise one.
///
/// The script is plain POSIX `sh`: git runs hooks with whatever shell the machine has, and a
/// user reading `.git/hooks/pre-push` should understand it at a glance.
public struct HookScript: Equatable, Sendable {
    /// The line that marks a hook as Faultline's; `uninstall` removes only files carrying it.
    public static let marker = "# faultline-managed-hook: pre-push"
    /// The line that marks a script that runs the kept previous hook first.
    public static let chainMarker = "# faultline-chain: runs pre-push\(HookInstaller.previousSuffix) first"

    /// The faultline executable the script runs: an absolute path, or `faultline` to search PATH.
    public let executable: String
    /// Whether the script runs `pre-push.faultline-previous` first.
    public let chained: Bool

    public init(executable: String, chained: Bool) {
        self.executable = executable
        self.chained = chained
    }

    /// Whether `text` is a script Faultline wrote.
    public static func isFaultlines(_ text: String) -> Bool {
        text.split(separator: "\n").contains { $0 == marker }
    }

    /// Whether `text` is a Faultline script that runs the previous hook first.
    public static func isChained(_ text: String) -> Bool {
        isFaultlines(text) && text.split(separator: "\n").contains { $0 == chainMarker }
    }

    public var text: String {
        var lines = [
            "#!/bin/sh",
            Self.marker,
        ]
        if chained { lines.append(Self.chainMarker) }
        lines += [
            "# Written by `faultline hook install`; remove it with `faultline hook uninstall`.",
            "# git passes the remote's name and URL as arguments and one line per pushed ref on stdin.",
            "faultline=\(Self.quoted(executable))",
        ]
        if executable.hasPrefix("/") {
            lines += [
                "if [ ! -x \"$faultline\" ]; then",
                "  echo \"pre-push: $faultline is missing; reinstall the hook with 'faultline hook install', or remove it with 'faultline hook uninstall'\" >&2",
                "  exit 2",
                "fi",
            ]
        }
        if chained {
            // Both hooks must read the same ref lines, and stdin can be read only once: keep
            // a copy. Like git, skip a previous hook that is not executable.
            lines += [
                "previous=\"$(dirname -- \"$0\")/pre-push\(HookInstaller.previousSuffix)\"",
                "input=$(mktemp \"${TMPDIR:-/tmp}/faultline-pre-push.XXXXXX\") || exit 2",
                "trap 'rm -f \"$input\"' EXIT",
                "cat > \"$input\" || exit 2",
                "if [ -x \"$previous\" ]; then",
                "  \"$previous\" \"$@\" < \"$input\" || exit $?",
                "fi",
                "\"$faultline\" hook pre-push \"$@\" < \"$input\"",
            ]
        } else {
            lines.append("exec \"$faultline\" hook pre-push \"$@\"")
        }
        return lines.joined(separator: "\n") + "\n"
    }

    /// Single-quotes `text` for `sh`, so a path with spaces or quotes stays one word.
    static func quoted(_ text: String) -> String {
        "'" + text.replacingOccurrences(of: "'", with: "'\\''") + "'"
    }
}
