import ArgumentParser
import Faultline
import Git

/// `faultline hook install`: writes the pre-push hook that runs `faultline hook pre-push`.
struct HookInstallCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "install",
        abstract: "Install Faultline as the repository's pre-push hook.",
        discussion: """
            The hook goes where git looks for hooks: core.hooksPath when set, otherwise the hooks \
            folder of the main git directory (shared by linked worktrees). A pre-push hook that \
            Faultline did not write is refused unless --force or --chain; either keeps it as \
            pre-push.faultline-previous, and `faultline hook uninstall` puts it back.
            """
    )

    @Option(name: .long, help: "A folder inside the repository.")
    var repo: String = "."

    @Flag(name: .long, help: "Replace a pre-push hook Faultline did not write (it is kept, not deleted).")
    var force = false

    @Flag(name: .long, help: "Keep an existing pre-push hook and run it before Faultline, with the same input (implies --force).")
    var chain = false

    func run() throws {
        do {
            let installer = try HookInstaller(repository: try Repository(at: repo))
            let done = try installer.install(force: force, chain: chain)
            print("\(done.replacedOwnHook ? "Reinstalled" : "Installed") the pre-push hook at \(done.hook)")
            if let kept = done.keptPrevious { print("The hook that was there is kept at \(kept)") }
            if done.chained { print("It runs \(installer.previousPath) first; a failure there stops the push") }
        } catch let error as GitError {
            throw error.exit()
        } catch let error as FaultlineError {
            throw error.exit()
        }
    }
}
