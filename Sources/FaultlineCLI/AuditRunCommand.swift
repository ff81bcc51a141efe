import ArgumentParser
import Faultline
import Foundation
import Report

extension AuditFormat: ExpressibleByArgument {}

/// `faultline audit [RANGE]`: walks the range and reports per commit, then what is open.
struct AuditRunCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "run",
        abstract: "Walk a history range oldest to newest and report the exposures each commit introduced and resolved.",
        discussion: """
            RANGE is A..B, A...B or one revision (everything it reaches); the default is HEAD. \
            Merges on the first-parent line are compared with their first parent; with \
            --full-history every commit is compared with each of its parents (see docs/audit.md). \
            --shard K/N audits the K-th of N contiguous slices; join their jsonl outputs with \
            `faultline audit merge`. Exposures are named by the built-in rules, then the range tip's \
            .faultline/policies/, then --policies. Exit codes: 0 done, 2 bad option or rule file, \
            3 repository problem.
            """
    )

    @Option(name: .long, help: "A folder inside the repository to read.")
    var repo: String = "."

    @Argument(help: "The range to audit (default: HEAD, its whole history).")
    var range: String?

    @Flag(name: .long, help: "Follow first parents only: the merged history a team reviews (the default).")
    var firstParent = false

    @Flag(name: .long, help: "Follow every parent; each commit is compared with each of its parents.")
    var fullHistory = false

    @Option(name: .long, help: "Only commits authored on or after this date (YYYY-MM-DD or YYYY-MM-DDTHH:MM:SSZ).")
    var since: String?

    @Option(name: .long, help: "Audit the K-th of N contiguous slices of the range, e.g. 2/8.")
    var shard: String?

    @Option(name: .long, help: "Report format: table, json, jsonl (streamed), csv or html.")
    var format: AuditFormat = .table

    @Option(name: .long, help: "Write the report to this file instead of standard output.")
    var output: String?

    @Option(name: .long, help: "A folder of extra policy rule files (.yaml), applied after the range tip's .faultline/policies/.")
    var policies: String?

    @OptionGroup var blobLimit: BlobLimitOptions

    func validate() throws {
        if firstParent && fullHistory { throw ValidationError("--first-parent and --full-history exclude each other; give one") }
    }

    func run() throws {
        let request: AuditRequest
        do {
            request = AuditRequest(
                repo: repo, range: range, firstParent: !fullHistory, since: try since.map { (text) throws(AuditError) in try AuditRequest.since(text) },
                shard: try shard.map { (text) throws(AuditError) in try AuditShard(parsing: text) }, cacheVersion: FaultlineCommand.version,
                policies: policies, blobLimit: blobLimit.limit)
        } catch {
            throw error.exit()
        }
        let progress = Progress(enabled: Terminal.isTerminal(2))
        if format == .jsonl {
            // Streamed: each record is written as soon as it is known.
            let sink = try Sink(path: output)
            do {
                let end = try Audit.run(
                    request,
                    start: { start in
                        Self.noteAnEmptyRange(start)
                        sink.write(AuditJSONLRenderer.line(start))
                    },
                    step: { sink.write(AuditJSONLRenderer.line($0)) }, progress: progress.update)
                progress.finish()
                sink.write(AuditJSONLRenderer.line(end))
            } catch {
                progress.finish()
                throw error.exit()
            }
            return
        }
        let report: AuditReport
        do {
            report = try Audit.report(request, progress: progress.update)
        } catch {
            progress.finish()
            throw error.exit()
        }
        progress.finish()
        Self.noteAnEmptyRange(report.start)
        try ReportOutput.write(format.render(report), to: output)
    }

    /// Says on standard error that the range selects no commit: the report is then only what
    /// the tip has open, which a reader of `0 commits` could take for a mistake in the range.
    static func noteAnEmptyRange(_ start: AuditStart) {
        guard start.commits == 0 else { return }
        let range = start.range + (start.since.map { " since \($0)" } ?? "")
        Terminal.error("faultline: the range selects no commits (\(range)); nothing to audit, so the report lists what its tip \(start.tip.prefix(7)) has open")
    }
}

extension AuditRunCommand {
    /// Where streamed records go: standard output, or the `--output` file, a line at a time.
    final class Sink {
        private let handle: FileHandle

        init(path: String?) throws {
            guard let path else {
                handle = FileHandle.standardOutput
                return
            }
            guard FileManager.default.createFile(atPath: path, contents: nil), let file = FileHandle(forWritingAtPath: path) else {
                Terminal.error("faultline: cannot write the report to \(path); check that its folder exists and is writable")
                throw ExitCode(ExitStatus.usage)
            }
            handle = file
        }

        deinit { if handle !== FileHandle.standardOutput { try? handle.close() } }

        func write(_ line: String) {
            // A closed pipe (`| head`) ends the output; the audit's exit code still says how it went.
            try? handle.write(contentsOf: Data(line.utf8))
        }
    }

    /// The progress line on standard error, when that is a terminal; redrawn at most ten times
    /// a second so a fast walk is not slowed by its own progress.
    final class Progress {
        private let enabled: Bool
        private let clock = ContinuousClock()
        private let started: ContinuousClock.Instant
        private var lastDrawn: ContinuousClock.Instant?
        private var drawn = false

        init(enabled: Bool) {
            self.enabled = enabled
            started = clock.now
        }

        func update(done: Int, total: Int) {
            guard enabled else { return }
            let now = clock.now
            if let lastDrawn, now - lastDrawn < .milliseconds(100), done < total { return }
            lastDrawn = now
            let elapsed = now - started
            let seconds = Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) / 1e18
            Terminal.error("\r" + AuditProgress(done: done, total: total, elapsedSeconds: seconds).line + "\u{1B}[K", newline: false)
            drawn = true
        }

        func finish() {
            if drawn { Terminal.error("", newline: true) }
            drawn = false
        }
    }
}

extension AuditError {
    /// Prints the error and turns it into its exit code: 3 for repository problems, else 2.
    func exit() -> ExitCode {
        Terminal.error("faultline: \(self)")
        return ExitCode(isRepositoryProblem ? ExitStatus.repository : ExitStatus.usage)
    }
}
