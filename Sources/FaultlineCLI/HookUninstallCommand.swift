import ArgumentParser
import Faultline
import Git

/// `faultline hook uninstall`: removes Faultline's pre-push hook and restores the one it replaced.
struct HookUninstallCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "uninstall",
        abstract: "Remove Faultline's pre-push hook, putting back any hook it replaced.",
        discussion: "A pre-push hook that Faultline did not write is left in place (exit 2)."
    )

    @Option(name: .long, help: "A folder inside the repository.")
    var repo: String = "."

    func run() throws {
        do {
            let installer = try HookInstaller(repository: try Repository(at: repo))
            let done = try installer.uninstall()
            guard done.removed else { return print("No pre-push hook at \(done.hook); nothing to remove") }
            print("Removed the pre-push hook at \(done.hook)")
            if done.restoredPrevious { print("Restored the earlier hook from \(installer.previousPath)") }
        } catch let error as GitError {
            throw error.exit()
        } catch let error as FaultlineError {
            throw error.exit()
        }
    }
}
