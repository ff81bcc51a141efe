import ArgumentParser
import Faultline
import Foundation
import Policy
import Report

/// `faultline check`: the pull-request status check.
struct CheckCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "check",
        abstract: "Fail when a change makes a user-facing service newly depend on a single region, provider or SaaS.",
        discussion: """
            Reads the base and head commits from git objects (no checkout), runs the same outage \
            suite against both and applies the policy rules to what the change adds. The base is \
            --base, else PRE_COMMIT_FROM_REF, else the CI's base (GitHub pull_request.base.sha, \
            GitLab CI_MERGE_REQUEST_DIFF_BASE_SHA), else the merge-base with origin's default \
            branch. Exit codes: 0 pass, 1 an error-severity finding, 2 bad input or policy, 3 \
            repository problem.
            """
    )

    @Option(name: .long, help: "A folder inside the repository to read.")
    var repo: String = "."

    @Option(name: .long, help: "The commit to compare against (default: detected, see above).")
    var base: String?

    @Option(name: .long, help: "The commit to check (default: HEAD, or PRE_COMMIT_TO_REF).")
    var head: String?

    @Option(name: .long, help: "Report format: text, json, markdown, sarif, junit or github.")
    var format: ReportFormat = .text

    @Option(name: .long, help: "Write the report to this file instead of standard output.")
    var output: String?

    @Option(name: .long, help: "A folder of extra policy rule files (.yaml).")
    var policies: String?

    @OptionGroup var blobLimit: BlobLimitOptions

    func run() throws {
        let environment = ProcessInfo.processInfo.environment
        let result: CheckResult
        do {
            result = try Check.run(CheckRequest(
                repo: repo, base: base, head: head, policies: policies, blobLimit: blobLimit.limit, environment: environment, today: Today.string()))
        } catch {
            throw error.exit()
        }
        let report = result.report(tool: FaultlineCommand.version)
        let color = output == nil && format == .text && Terminal.isTerminal(1) && environment["NO_COLOR"].map(\.isEmpty) ?? true
        let text = format.render(report, rules: result.rules, color: color)
        try ReportOutput.write(text, to: output)
        ReportOutput.appendStepSummary(report, environment: environment)
        let status = report.verdict != "fail" ? ExitStatus.clean
            : !result.unreadable.isEmpty && result.unreadableFails ? ExitStatus.usage : ExitStatus.findings
        // Ends here rather than first taking two whole topologies apart, as the hook does.
        fflush(nil)
        Foundation.exit(status)
    }
}
