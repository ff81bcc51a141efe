import ArgumentParser
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Runs the command line and maps every outcome to Faultline's exit codes (docs/design.md §4):
/// ArgumentParser's own usage failures exit 64, which Faultline reports as 2.
@main
enum Main {
    static func main() {
        do {
            var command = try FaultlineCommand.parseAsRoot()
            try command.run()
        } catch {
            let code = FaultlineCommand.exitCode(for: error)
            let message = FaultlineCommand.fullMessage(for: error)
            if code == .success {
                if !message.isEmpty { print(message) }
                exit(0)
            }
            if !message.isEmpty { Terminal.error(message) }
            exit(code == .validationFailure ? ExitStatus.usage : code.rawValue)
        }
    }
}
