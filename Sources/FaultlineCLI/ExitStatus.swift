import ArgumentParser
import Faultline
import Git

/// Faultline's exit codes (docs/design.md §4).
enum ExitStatus {
    static let clean: Int32 = 0
    static let findings: Int32 = 1
    static let usage: Int32 = 2
    static let repository: Int32 = 3
}

extension GitError {
    /// Prints the error and turns it into the exit code for repository problems.
    func exit() -> ExitCode {
        Terminal.error("faultline: \(self)")
        return ExitCode(ExitStatus.repository)
    }
}

extension FaultlineError {
    /// Prints the error and turns it into its exit code: 3 for repository problems, else 2.
    func exit() -> ExitCode {
        Terminal.error("faultline: \(self)")
        return ExitCode(isRepositoryProblem ? ExitStatus.repository : ExitStatus.usage)
    }
}
