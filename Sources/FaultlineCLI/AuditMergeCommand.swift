import ArgumentParser
import Faultline
import Foundation
import Report

/// `faultline audit merge FILES…`: joins the jsonl outputs of `audit --shard K/N`.
struct AuditMergeCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "merge",
        abstract: "Join the jsonl outputs of `audit --shard K/N` into what one run over the whole range prints.",
        discussion: "Give every shard's output once, in any order. Exit codes: 0 done, 2 missing, repeated or unreadable shards."
    )

    @Argument(help: "The shard outputs (jsonl).")
    var files: [String]

    @Option(name: .long, help: "Report format: table, json, jsonl, csv or html.")
    var format: AuditFormat = .jsonl

    @Option(name: .long, help: "Write the report to this file instead of standard output.")
    var output: String?

    func run() throws {
        var outputs: [(path: String, text: String)] = []
        for path in files {
            guard let data = FileManager.default.contents(atPath: path) else { throw AuditError.unreadableShard(path: path).exit() }
            outputs.append((path, String(decoding: data, as: UTF8.self)))
        }
        let report: AuditReport
        do {
            report = try AuditMerger.merge(outputs)
        } catch {
            throw error.exit()
        }
        try ReportOutput.write(format.render(report), to: output)
    }
}
