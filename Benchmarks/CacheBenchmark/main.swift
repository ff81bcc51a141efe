// Measures the fact cache: a cold run storing every blob's facts, and a warm run (a fresh
// process's view: open the file, look every blob up). The baseline, in the same run, is reading
// the same blobs through libgit2 — the floor under any parse a cache hit saves.
// Usage: cache-benchmark [BLOBS] [RUNS]   (defaults 10000 blobs, 7 runs; release build please)
import Faultline
import Foundation
import Git

let blobCount = CommandLine.arguments.count > 1 ? Int(CommandLine.arguments[1]) ?? 10_000 : 10_000
let runs = CommandLine.arguments.count > 2 ? Int(CommandLine.arguments[2]) ?? 7 : 7

func shell(_ arguments: [String], in dir: URL, input: Data) throws {
    let process = Process()
    process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
    process.arguments = arguments
    process.currentDirectoryURL = dir
    let stdin = Pipe()
    process.standardInput = stdin
    try process.run()
    try stdin.fileHandleForWriting.write(contentsOf: input)
    try stdin.fileHandleForWriting.close()
    process.waitUntilExit()
    guard process.terminationStatus == 0 else { throw CocoaError(.fileWriteUnknown) }
}

/// A manifest-like file of about 1 KiB, different per index.
func content(_ i: Int) -> String {
    var text = "apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: svc-\(i)\nspec:\n  replicas: \(i % 5 + 1)\n"
    for c in 0..<6 { text += "  - image: registry.example.com/team-\(i % 37)/svc-\(i)-\(c):1.\(i % 13)\n" }
    return text + "# assets: https://bucket-\(i).s3.us-east-1.amazonaws.com/\n"
}

func measure(_ body: () throws -> Void) rethrows -> Double {
    let start = DispatchTime.now().uptimeNanoseconds
    try body()
    return Double(DispatchTime.now().uptimeNanoseconds - start) / 1e9
}

func median(_ values: [Double]) -> Double { values.sorted()[values.count / 2] }

let dir = FileManager.default.temporaryDirectory.appendingPathComponent("faultline-cachebench-\(UUID().uuidString)")
try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
defer { try? FileManager.default.removeItem(at: dir) }
try shell(["git", "init", "-q", "-b", "main"], in: dir, input: Data())
var stream = "commit refs/heads/main\ncommitter Bench <bench@example.com> 1700000000 +0000\ndata 9\ngenerate\n"
for i in 0..<blobCount {
    let body = content(i)
    stream += "M 100644 inline f\(i).yaml\ndata \(body.utf8.count)\n" + body + "\n"
}
try shell(["git", "fast-import", "--quiet"], in: dir, input: Data(stream.utf8))
let repository = try Repository(at: dir.path)
let blobs = try repository.files(of: try repository.resolveCommit("HEAD")).map(\.id)
// Stand-in facts: the blob's text, so values are as large as the files they describe.
let entries = try blobs.map { id in
    FactCache.Entry(reader: "kubernetes", version: 1, blob: id, value: Data(try repository.blob(id).text ?? []))
}

let cachePath = dir.appendingPathComponent("cache.sqlite").path
var cold: [Double] = [], warm: [Double] = [], batched: [Double] = [], baseline: [Double] = []
var hits = 0, batchHits = 0
for _ in 0..<runs {
    for file in [cachePath, cachePath + "-wal", cachePath + "-shm"] { try? FileManager.default.removeItem(atPath: file) }
    cold.append(measure {
        let cache = FactCache(path: cachePath, toolVersion: "bench", environment: [:])
        // Batches as a pipeline would flush them.
        for start in stride(from: 0, to: entries.count, by: 500) {
            cache.put(Array(entries[start..<min(start + 500, entries.count)]))
        }
    })
    warm.append(measure {
        let cache = FactCache(path: cachePath, toolVersion: "bench", environment: [:])
        hits = 0
        for id in blobs where cache.get(reader: "kubernetes", version: 1, blob: id) != nil { hits += 1 }
    })
    batched.append(measure {
        let cache = FactCache(path: cachePath, toolVersion: "bench", environment: [:])
        batchHits = cache.get(reader: "kubernetes", version: 1, blobs: blobs).count
    })
    baseline.append(try measure {
        let fresh = try Repository(at: dir.path)
        for id in blobs { _ = try fresh.blob(id) }
    })
}
let bytes = entries.reduce(0) { $0 + $1.value.count }
print("blobs: \(blobs.count), value bytes: \(bytes), warm hits: \(hits) one by one, \(batchHits) batched, runs: \(runs)")
print(String(format: "cold (open + put in batches of 500): median %.3f s", median(cold)))
print(String(format: "warm (open + get every blob):        median %.3f s, %.1f us per lookup", median(warm), median(warm) / Double(blobs.count) * 1e6))
print(String(format: "warm, one batched get of every blob:  median %.3f s, %.1f us per lookup", median(batched), median(batched) / Double(blobs.count) * 1e6))
print(String(format: "libgit2 read of the same blobs:      median %.3f s", median(baseline)))
print(String(format: "vs reading the blobs: one by one %.2fx, batched %.2fx", median(warm) / median(baseline), median(batched) / median(baseline)))
