import ArgumentParser

/// `faultline hook`: git hook integration — installing and removing the pre-push hook.
struct HookCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "hook",
        abstract: "Run Faultline from git's pre-push hook.",
        discussion: """
            `faultline hook install` writes .git/hooks/pre-push (or into core.hooksPath) so every \
            `git push` checks the pushed refs first; `faultline hook uninstall` removes it again.
            """,
        subcommands: [HookPrePushCommand.self, HookInstallCommand.self, HookUninstallCommand.self]
    )
}
