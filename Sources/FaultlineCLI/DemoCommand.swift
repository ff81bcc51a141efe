import ArgumentParser
import Faultline
import Foundation
import Report

/// `faultline demo`: the Weave Cloud story, built and checked in a temporary repository.
struct DemoCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "demo",
        abstract: "Build the Weave Cloud S3 outage story as a repository in a temporary folder and check it.",
        discussion: "Needs nothing but this binary. Prints both check reports and where the repository is, so you can rerun any command on it."
    )

    @Option(name: .long, help: "Build the repository here instead of a new temporary folder, which must be new or empty.")
    var into: String?

    func run() throws {
        let folder: String
        if let into {
            // Never write the demo's commits into someone's repository or files.
            if let contents = try? FileManager.default.contentsOfDirectory(atPath: into), !contents.isEmpty {
                Terminal.error("faultline: \(into) exists and is not empty; give --into a new or empty folder")
                throw ExitCode(ExitStatus.usage)
            }
            folder = into
        } else {
            let template = FileManager.default.temporaryDirectory.appendingPathComponent("faultline-demo.XXXXXX").path
            var bytes = Array(template.utf8CString)
            guard let made = mkdtemp(&bytes) else {
                Terminal.error("faultline: cannot create a temporary folder in \(FileManager.default.temporaryDirectory.path)")
                throw ExitCode(ExitStatus.usage)
            }
            folder = String(cString: made)
        }
        let outcome: Demo.Outcome
        do {
            outcome = try Demo.run(in: folder, today: Today.string())
        } catch {
            throw error.exit()
        }
        let color = Terminal.isTerminal(1) && ProcessInfo.processInfo.environment["NO_COLOR"] == nil
        let text = TextRenderer(color: color)
        print("""
            The Weave Cloud story, 28 February 2017, as a git repository at:
              \(outcome.path)

            Commit 1 runs the UI on a three-zone us-east-1 cluster, its assets baked into the nginx
            image, built by CircleCI from Docker Hub's nginx. Commit 2 moves the assets to one S3
            bucket in us-east-1. Commit 3 puts them behind CloudFront with a us-west-2 failover origin.

            $ faultline check --base HEAD~2 --head HEAD~1      # the change that blanked the UI

            """)
        print(text.render(outcome.regression.report(tool: FaultlineCommand.version)))
        print("""
            What S3 in us-east-1 going down does to commit 2 — users get a blank page, and the fix
            cannot ship either, because CircleCI and Docker Hub go down with it:

            $ faultline simulate HEAD~1 --scenario service:aws/us-east-1/s3

            """)
        print(OutageMatrixRenderer.render(outcome.outage.assessment, suite: outcome.outage.suite, topology: outcome.outage.topology, format: .text))
        print("""
            $ faultline check --base HEAD~1 --head HEAD        # the fix

            """)
        print(text.render(outcome.fix.report(tool: FaultlineCommand.version)))
        print("""
            Try it yourself:
              cd \(outcome.path)
              faultline check --base HEAD~2 --head HEAD~1 --format markdown
              faultline topology HEAD~1
              faultline simulate HEAD~1 --scenario service:aws/us-east-1/s3
            """)
    }
}
