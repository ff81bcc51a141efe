import ArgumentParser
import Faultline
import Foundation

/// `faultline hook pre-push REMOTE URL`: what the installed hook runs.
struct HookPrePushCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "pre-push",
        abstract: "Check every ref of a push (git's pre-push protocol on standard input); refuse it on an error finding.",
        discussion: "Warnings are shown and never block. Exit codes: 0 push, 1 an error finding, 2 bad input or policy, 3 repository problem."
    )

    @Argument(help: "The remote's name, as git passes it.")
    var remote: String

    @Argument(help: "The remote's URL, as git passes it (not contacted).")
    var url: String = ""

    @Option(name: .long, help: "A folder inside the repository.")
    var repo: String = "."

    @OptionGroup var blobLimit: BlobLimitOptions

    func run() throws {
        let input = String(decoding: FileHandle.standardInput.readDataToEndOfFile(), as: UTF8.self)
        let environment = ProcessInfo.processInfo.environment
        let outcomes: [PrePush.RefOutcome]
        do {
            outcomes = try PrePush.run(
                repo: repo, remote: remote, input: input, blobLimit: blobLimit.limit, environment: environment, today: Today.string(), toolVersion: FaultlineCommand.version)
        } catch {
            throw error.exit()
        }
        Terminal.error(PrePush.summary(outcomes))
        let unreadable = outcomes.contains { ($0.result?.unreadableFails ?? false) && !($0.result?.unreadable.isEmpty ?? true) }
        let status = unreadable ? ExitStatus.usage : outcomes.contains(where: \.fails) ? ExitStatus.findings : ExitStatus.clean
        // The hook runs on every push: the process ends here rather than first taking apart two
        // whole topologies, which costs a noticeable share of the hook's time.
        fflush(nil)
        Foundation.exit(status)
    }
}
