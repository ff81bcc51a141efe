import Faultline
import Foundation
import Report
import Testing
import TestSupport

@Suite("Audit shards")
struct AuditShardTests {
    /// A generated history: the S3 dependency comes and goes, replicas change, a file breaks
    /// and is fixed, a manifest is renamed, docs change, and a branch is merged.
    static func history() throws -> Scratch {
        let s = try AuditFixture.make()
        var assets = "/static/"
        var path = "k8s/ui.yaml"
        for n in 1...14 {
            switch n % 7 {
            case 0: try s.write("README.md", "docs \(n)\n")
            case 1: assets = assets == "/static/" ? AuditFixture.bucket : "/static/"
            case 2: try s.write(path, AuditFixture.manifest(assets: assets, replicas: n))
            case 3: try s.write(path, "kind: [broken\n")
            case 5:
                let next = path == "k8s/ui.yaml" ? "deploy/ui.yaml" : "k8s/ui.yaml"
                try AuditFixture.rename(s, path, next)
                path = next
            default: break
            }
            if n % 7 != 2, n % 7 != 3, n % 7 != 5, n % 7 != 0 { try s.write(path, AuditFixture.manifest(assets: assets, replicas: 3)) }
            try s.commit("Change \(n)")
            if n == 9 {
                try s.git("checkout", "-q", "-b", "side")
                try s.write("k8s/extra.yaml", AuditFixture.manifest(assets: AuditFixture.bucket).replacing("name: ui", with: "name: extra"))
                try s.commit("Side: extra UI on S3")
                try s.git("checkout", "-q", "main")
                try s.write("README.md", "docs on main\n")
                try s.commit("Main: docs")
                try s.git("merge", "-q", "--no-ff", "-m", "Merge side", "side")
            }
        }
        return s
    }

    static func jsonl(_ s: Scratch, firstParent: Bool, shard: AuditShard?) throws -> String {
        var text = ""
        let end = try Audit.run(
            AuditRequest(repo: s.path("repo"), firstParent: firstParent, shard: shard),
            start: { text += AuditJSONLRenderer.line($0) }, step: { text += AuditJSONLRenderer.line($0) })
        return text + AuditJSONLRenderer.line(end)
    }

    @Test("merged shards print exactly what one run prints", arguments: [true, false])
    func mergedShardsEqualOneRun(firstParent: Bool) throws {
        let s = try Self.history()
        let whole = try Self.jsonl(s, firstParent: firstParent, shard: nil)
        #expect(whole.split(separator: "\n").count > 8)
        for count in [2, 3, 5] {
            var outputs: [(path: String, text: String)] = []
            // Given out of order: merge sorts by shard index.
            for index in (1...count).reversed() {
                outputs.append(("shard-\(index).jsonl", try Self.jsonl(s, firstParent: firstParent, shard: try AuditShard(index: index, count: count))))
            }
            let merged = try AuditMerger.merge(outputs)
            let mergedLines = AuditJSONLRenderer.render(merged).split(separator: "\n"), wholeLines = whole.split(separator: "\n")
            #expect(mergedLines.count == wholeLines.count, "\(count) shards, firstParent \(firstParent)")
            // The first differing record, shortened: whole reports are long.
            if let index = mergedLines.indices.first(where: { $0 < wholeLines.count && mergedLines[$0] != wholeLines[$0] }) {
                Issue.record("\(count) shards, firstParent \(firstParent): record \(index) differs: \(mergedLines[index].prefix(600)) vs \(wholeLines[index].prefix(600))")
            }
        }
    }

    /// Two containers of one image written on one line need it through two requirements
    /// while their tags differ, and through one once the tags agree. Whether such notes merge
    /// is no change of shape: the tag bump is not reported, whether the walk links it (a
    /// shard starting there) or not (one run), so shards still merge into what one run prints.
    @Test func aTagBumpMergingRequirementsChangesNoShape() throws {
        let s = try AuditFixture.make()
        func pod(_ sidecar: String, comment: String = "") -> String {
            """
            \(comment)apiVersion: apps/v1
            kind: Deployment
            metadata: {name: web, namespace: shop}
            spec:
              template:
                metadata: {labels: {app: web}}
                spec:
                  containers: [{name: web, image: "ghcr.io/acme/web:1.0"}, {name: sidecar, image: "ghcr.io/acme/web:\(sidecar)"}]
            ---
            apiVersion: v1
            kind: Service
            metadata: {name: web, namespace: shop}
            spec: {type: LoadBalancer, selector: {app: web}}
            """
        }
        for (text, message) in [(pod("0.9"), "Web"), (pod("1.0"), "Sidecar 1.0"), (pod("1.0", comment: "# web\n"), "Comment")] {
            try s.write("k8s/web.yaml", text)
            try s.commit(message)
        }
        let whole = try Self.jsonl(s, firstParent: true, shard: nil)
        let subjects = whole.split(separator: "\n").filter { $0.contains("\"type\":\"commit\"") }.map { String($0) }
        #expect(subjects.contains { $0.contains("\"subject\":\"Web\"") })
        #expect(!subjects.contains { $0.contains("\"subject\":\"Sidecar 1.0\"") })
        for count in [2, 3, 4] {
            let outputs = try (1...count).map { ("shard-\($0).jsonl", try Self.jsonl(s, firstParent: true, shard: try AuditShard(index: $0, count: count))) }
            #expect(AuditJSONLRenderer.render(try AuditMerger.merge(outputs)) == whole, "\(count) shards")
        }
    }

    @Test("merge refuses missing, repeated and foreign shards")
    func mergeChecksShards() throws {
        let s = try Self.history()
        let one = try Self.jsonl(s, firstParent: true, shard: try AuditShard(index: 1, count: 3))
        let two = try Self.jsonl(s, firstParent: true, shard: try AuditShard(index: 2, count: 3))
        let three = try Self.jsonl(s, firstParent: true, shard: try AuditShard(index: 3, count: 3))
        #expect(throws: AuditError.self) { try AuditMerger.merge([("1", one), ("3", three)]) }
        #expect(throws: AuditError.self) { try AuditMerger.merge([("1", one), ("2", two), ("2b", two), ("3", three)]) }
        let other = try Self.jsonl(s, firstParent: false, shard: try AuditShard(index: 2, count: 3))
        #expect(throws: AuditError.self) { try AuditMerger.merge([("1", one), ("2", other), ("3", three)]) }
        #expect(throws: AuditError.malformedShard(path: "bad", line: 2)) {
            try AuditMerger.merge([("bad", one.split(separator: "\n")[0] + "\nnot json\n")])
        }
        #expect(throws: AuditError.self) { try AuditMerger.merge([("cut", String(one.split(separator: "\n")[0]) + "\n")]) }
        // Damaged counts are errors, not sizes to allocate or sums that overflow.
        let huge = { (text: String, field: String) in
            text.replacing(try! Regex("\"\(field)\":[0-9]+"), with: "\"\(field)\":\(Int.max)")
        }
        #expect(throws: AuditError.self) { try AuditMerger.merge([("1", huge(one, "count")), ("2", huge(two, "count")), ("3", huge(three, "count"))]) }
        let whole = try Self.jsonl(s, firstParent: true, shard: nil)
        let halves = try (1...2).map { try Self.jsonl(s, firstParent: true, shard: try AuditShard(index: $0, count: 2)) }
        #expect(throws: AuditError.self) { try AuditMerger.merge([("1", huge(halves[0], "commits")), ("2", huge(halves[1], "commits"))]) }
        #expect(!whole.isEmpty)
    }

    @Test("slices of the largest shard numbers do not overflow")
    func largeShardNumbers() throws {
        let last = try AuditShard(index: Int.max, count: Int.max)
        #expect(last.slice(of: 5_000) == 4_999..<5_000)
        #expect(try AuditShard(index: Int.max / 2, count: Int.max).slice(of: 10).count <= 1)
    }

    @Test("slices cover every commit once, in order, and differ in size by at most one")
    func slicesPartitionTheRange() throws {
        for total in 0...40 {
            for count in 1...9 {
                let slices = try (1...count).map { try AuditShard(index: $0, count: count).slice(of: total) }
                #expect(slices.first?.lowerBound == 0)
                #expect(slices.last?.upperBound == total)
                for (a, b) in zip(slices, slices.dropFirst()) { #expect(a.upperBound == b.lowerBound) }
                let sizes = slices.map(\.count)
                #expect((sizes.max() ?? 0) - (sizes.min() ?? 0) <= 1)
            }
        }
    }

    @Test("--shard parsing", arguments: [("1/1", true), ("3/8", true), ("8/8", true), ("0/8", false), ("9/8", false), ("2", false), ("a/b", false), ("1/0", false), ("-1/2", false)])
    func shardParsing(text: String, valid: Bool) {
        #expect(((try? AuditShard(parsing: text)) != nil) == valid)
    }
}
