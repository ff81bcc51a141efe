import ArgumentParser

/// `faultline audit`: the historical audit; `audit merge` joins sharded runs.
struct AuditCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "audit",
        abstract: "Say which commit introduced, and which resolved, each outage exposure of a history range.",
        subcommands: [AuditRunCommand.self, AuditMergeCommand.self],
        defaultSubcommand: AuditRunCommand.self
    )
}
