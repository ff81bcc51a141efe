import Foundation
import Report

/// Joins the JSONL outputs of `audit --shard K/N` into the report one run over the whole range
/// gives: shard 1's start, every shard's steps in range order, and the last record rebuilt by
/// replaying those steps.
public enum AuditMerger {
    /// One shard's records.
    struct Part {
        let path: String
        let start: AuditStart
        let steps: [AuditStep]
        let end: AuditEnd
    }

    private struct Probe: Decodable {
        let type: String
    }

    /// Merges shard outputs given as (file name, text), in any order.
    public static func merge(_ outputs: [(path: String, text: String)]) throws(AuditError) -> AuditReport {
        var parts: [Part] = []
        for output in outputs { parts.append(try parse(output.path, output.text)) }
        parts.sort { ($0.start.shard?.index ?? 1) < ($1.start.shard?.index ?? 1) }
        guard let first = parts.first else { throw .incompleteShards("no shard outputs were given") }
        let count = first.start.shard?.count ?? 1
        for part in parts {
            let start = part.start
            guard start.range == first.start.range, start.tip == first.start.tip, start.firstParent == first.start.firstParent,
                  start.since == first.start.since, start.commits == first.start.commits else {
                throw .incompleteShards("\(part.path) audits another range or with other options than \(first.path)")
            }
            guard (start.shard?.count ?? 1) == count else {
                throw .incompleteShards("\(part.path) is a shard of \(start.shard?.count ?? 1), \(first.path) of \(count)")
            }
        }
        let indices = parts.map { $0.start.shard?.index ?? 1 }
        // A shard file is the operator's to give, and may be damaged: its counts are taken as
        // numbers, not as sizes to allocate.
        guard count == parts.count, indices == Array(1...count) else {
            let given = Set(indices)
            let twice = Dictionary(grouping: indices, by: { $0 }).filter { $0.value.count > 1 }.keys.sorted().map(String.init)
            let missing = (1...max(1, count)).lazy.filter { !given.contains($0) }.prefix(10).map(String.init)
            let problem = twice.isEmpty
                ? "shard \(missing.joined(separator: ", "))\(count > given.count + missing.count ? ", …" : "") of \(count) missing"
                : "shard \(twice.joined(separator: ", ")) given more than once"
            throw .incompleteShards(problem)
        }
        var ledger = AuditLedger()
        var steps: [AuditStep] = []
        for part in parts {
            for step in part.steps {
                ledger.record(step)
                steps.append(step)
            }
        }
        guard let last = parts.last else { throw .incompleteShards("no shard outputs were given") }
        let head = parts.compactMap(\.end.head).last
        var commits = 0
        for part in parts {
            let (sum, overflow) = commits.addingReportingOverflow(part.end.commits)
            guard !overflow, part.end.commits >= 0 else {
                throw .incompleteShards("\(part.path) says it audited \(part.end.commits) commits, which the shards together cannot have")
            }
            commits = sum
        }
        let end = ledger.end(head: head, commits: commits, open: last.end.open.map(\.exposure))
        return AuditReport(start: first.start.unsharded(baseline: first.start.baseline, open: first.start.open), steps: steps, end: end)
    }

    static func parse(_ path: String, _ text: String) throws(AuditError) -> Part {
        let decoder = JSONDecoder()
        var start: AuditStart?
        var steps: [AuditStep] = []
        var end: AuditEnd?
        for (offset, line) in text.split(separator: "\n", omittingEmptySubsequences: false).enumerated() where !line.isEmpty {
            let data = Data(line.utf8)
            do {
                switch try decoder.decode(Probe.self, from: data).type {
                case "start" where start == nil: start = try decoder.decode(AuditStart.self, from: data)
                case "commit" where start != nil && end == nil: steps.append(try decoder.decode(AuditStep.self, from: data))
                case "end" where start != nil && end == nil: end = try decoder.decode(AuditEnd.self, from: data)
                default: throw AuditError.malformedShard(path: path, line: offset + 1)
                }
            } catch {
                throw .malformedShard(path: path, line: offset + 1)
            }
        }
        guard let start, let end else { throw .incompleteShards("\(path) is cut short: an audit output starts with a start record and ends with an end record") }
        return Part(path: path, start: start, steps: steps, end: end)
    }
}
