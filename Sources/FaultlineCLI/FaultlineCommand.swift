import ArgumentParser

/// The `faultline` executable's root command.
struct FaultlineCommand: ParsableCommand {
    static let version = "0.2.0"

    static let configuration = CommandConfiguration(
        commandName: "faultline",
        abstract: "Find the changes that make a user-facing service depend on a single region, provider or SaaS.",
        discussion: """
            Exit codes: 0 success; 1 an error-severity finding; 2 usage, configuration or \
            unreadable input; 3 repository problem (not a repository, unknown revision, \
            shallow clone missing a needed commit).
            """,
        version: version,
        subcommands: [
            CheckCommand.self, HookCommand.self, AuditCommand.self, TopologyCommand.self, SimulateCommand.self, PoliciesCommand.self,
            DiffCommand.self, DemoCommand.self, FilesCommand.self,
        ]
    )
}
