// Measures the git layer's read path: list every file of a commit and read every blob, against
// `git archive` of the same commit (which does the same reads plus tar framing) in the same run.
// Usage: git-benchmark [FILES] [RUNS]   (defaults 10000 files, 7 runs; release build please)
import Foundation
import Git

let fileCount = CommandLine.arguments.count > 1 ? Int(CommandLine.arguments[1]) ?? 10_000 : 10_000
let runs = CommandLine.arguments.count > 2 ? Int(CommandLine.arguments[2]) ?? 7 : 7

func shell(_ arguments: [String], in dir: URL, input: Data? = nil, discardOutput: Bool = false) throws {
    let process = Process()
    process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
    process.arguments = arguments
    process.currentDirectoryURL = dir
    let stdin = Pipe()
    process.standardInput = stdin
    if discardOutput { process.standardOutput = FileHandle.nullDevice }
    try process.run()
    if let input { stdin.fileHandleForWriting.write(input) }
    try stdin.fileHandleForWriting.close()
    process.waitUntilExit()
    guard process.terminationStatus == 0 else { throw CocoaError(.fileWriteUnknown) }
}

/// A manifest-like file of 0.5–3 KiB, different per index.
func content(_ i: Int) -> String {
    var text = "apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: svc-\(i)\n  namespace: team-\(i % 37)\nspec:\n  replicas: \(i % 5 + 1)\n  template:\n    spec:\n      containers:\n"
    for c in 0..<(i % 8 + 1) {
        text += "        - name: c\(c)\n          image: registry.example.com/team-\(i % 37)/svc-\(i)-\(c):1.\(i % 13)\n          env:\n            - {name: ASSETS, value: \"https://bucket-\(i).s3.us-east-1.amazonaws.com/\(c)\"}\n"
    }
    return text
}

/// Builds the repository with `git fast-import`: one commit, `fileCount` files in 100 folders.
func generate() throws -> URL {
    let dir = FileManager.default.temporaryDirectory.appendingPathComponent("faultline-gitbench-\(fileCount)")
    if FileManager.default.fileExists(atPath: dir.appendingPathComponent(".git").path) { return dir }
    try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
    try shell(["git", "init", "-q", "-b", "main"], in: dir)
    var stream = "commit refs/heads/main\ncommitter Bench <bench@example.com> 1700000000 +0000\ndata 9\ngenerate\n"
    for i in 0..<fileCount {
        let body = Data(content(i).utf8)
        stream += "M 100644 inline team-\(i % 100)/svc-\(i)/deploy.yaml\ndata \(body.count)\n" + content(i) + "\n"
    }
    try shell(["git", "fast-import", "--quiet"], in: dir, input: Data(stream.utf8))
    try shell(["git", "repack", "-a", "-d", "-q"], in: dir)
    return dir
}

func measure(_ body: () throws -> Void) rethrows -> Double {
    let start = DispatchTime.now().uptimeNanoseconds
    try body()
    return Double(DispatchTime.now().uptimeNanoseconds - start) / 1e9
}

func median(_ values: [Double]) -> Double { values.sorted()[values.count / 2] }

let dir = try generate()
var faultlineTimes: [Double] = [], archiveTimes: [Double] = []
var bytes = 0, files = 0
for _ in 0..<runs {
    faultlineTimes.append(try measure {
        let repository = try Repository(at: dir.path)
        let head = try repository.resolveCommit("HEAD")
        bytes = 0
        files = 0
        for entry in try repository.files(of: head) {
            bytes += try repository.blob(entry.id).text?.count ?? 0
            files += 1
        }
    })
    archiveTimes.append(try measure { try shell(["git", "archive", "HEAD"], in: dir, discardOutput: true) })
}
let ours = median(faultlineTimes), theirs = median(archiveTimes)
print("files: \(files), bytes read: \(bytes), runs: \(runs)")
print(String(format: "faultline list+read: median %.3f s (min %.3f)", ours, faultlineTimes.min() ?? 0))
print(String(format: "git archive HEAD:    median %.3f s (min %.3f)", theirs, archiveTimes.min() ?? 0))
print(String(format: "ratio: %.2fx of git archive", ours / theirs))
