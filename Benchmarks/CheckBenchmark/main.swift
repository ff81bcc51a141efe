// Measures `faultline check` on a generated repository of 5,000 manifests and Terraform files
// where the change touches 10 files (read / parse / link / simulate / render, against
// `git archive` of the head commit in the same run), and the pre-push hook's added latency for
// a one-commit push, cold (no fact cache) and warm.
// Usage: check-benchmark [FILES] [RUNS]   (release build; the release `faultline` must be built)
import Faultline
import Foundation
import Git
import Report

let fileCount = CommandLine.arguments.count > 1 ? Int(CommandLine.arguments[1]) ?? 5_000 : 5_000
let runs = CommandLine.arguments.count > 2 ? Int(CommandLine.arguments[2]) ?? 5 : 5

@discardableResult
func shell(_ arguments: [String], in dir: URL, input: Data? = nil, environment: [String: String] = [:]) throws -> Int32 {
    let process = Process()
    process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
    process.arguments = arguments
    process.currentDirectoryURL = dir
    process.environment = ProcessInfo.processInfo.environment.merging(environment) { $1 }
    let stdin = Pipe()
    process.standardInput = stdin
    process.standardOutput = FileHandle.nullDevice
    process.standardError = FileHandle.nullDevice
    try process.run()
    if let input { stdin.fileHandleForWriting.write(input) }
    try stdin.fileHandleForWriting.close()
    process.waitUntilExit()
    return process.terminationStatus
}

func clock(_ body: () throws -> Void) rethrows -> Double {
    let start = DispatchTime.now().uptimeNanoseconds
    try body()
    return Double(DispatchTime.now().uptimeNanoseconds - start) / 1e9
}

func median(_ values: [Double]) -> Double { values.sorted()[values.count / 2] }

/// One team's manifests: a Deployment, its Service and a ConfigMap naming a regional endpoint.
func manifest(_ i: Int, region: String) -> String {
    """
    apiVersion: apps/v1
    kind: Deployment
    metadata: {name: svc-\(i), namespace: team-\(i % 40)}
    spec:
      replicas: 3
      template:
        metadata: {labels: {app: svc-\(i)}}
        spec:
          containers:
            - name: app
              image: 123456789012.dkr.ecr.us-east-1.amazonaws.com/team-\(i % 40)/svc-\(i):1.\(i % 7)
              envFrom: [{configMapRef: {name: svc-\(i)}}]
    ---
    apiVersion: v1
    kind: Service
    metadata: {name: svc-\(i), namespace: team-\(i % 40)}
    spec: {type: \(i % 10 == 0 ? "LoadBalancer" : "ClusterIP"), selector: {app: svc-\(i)}}
    ---
    apiVersion: v1
    kind: ConfigMap
    metadata: {name: svc-\(i), namespace: team-\(i % 40)}
    data:
      DATABASE_URL: postgres://db-\(i).abc123.\(region).rds.amazonaws.com:5432/app
      ASSETS: https://assets-\(i).s3.us-west-2.amazonaws.com/

    """
}

func terraform(_ i: Int) -> String {
    """
    resource "aws_s3_bucket" "b\(i)" {
      bucket = "assets-\(i)"
    }

    resource "aws_db_instance" "db\(i)" {
      identifier = "db-\(i)"
      engine     = "postgres"
      multi_az   = true
    }

    """
}

/// Two commits: the base, then a change to 10 files (5 manifests move a database to another
/// region, 5 get more replicas).
func generate() throws -> URL {
    let dir = FileManager.default.temporaryDirectory.appendingPathComponent("faultline-checkbench-\(fileCount)")
    if FileManager.default.fileExists(atPath: dir.appendingPathComponent(".git").path) { return dir }
    try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
    try shell(["git", "init", "-q", "-b", "main"], in: dir)
    let manifests = fileCount * 4 / 5
    var stream = ""
    func add(_ path: String, _ text: String) {
        stream += "M 100644 inline \(path)\ndata \(Data(text.utf8).count)\n\(text)\n"
    }
    stream += "commit refs/heads/main\ncommitter Bench <bench@example.com> 1700000000 +0000\ndata 4\nbase\n"
    add(".faultline.yaml", "version: 1\nclusters:\n  - {name: prod, provider: aws, region: us-east-1, zones: [us-east-1a, us-east-1b, us-east-1c]}\n")
    for i in 0..<manifests { add("k8s/team-\(i % 40)/svc-\(i).yaml", manifest(i, region: "us-east-1")) }
    for i in 0..<(fileCount - manifests - 1) { add("terraform/mod-\(i % 50)/r\(i).tf", terraform(i)) }
    stream += "commit refs/heads/main\ncommitter Bench <bench@example.com> 1700000100 +0000\ndata 6\nchange\n"
    for i in 0..<5 { add("k8s/team-\(i % 40)/svc-\(i).yaml", manifest(i, region: "eu-west-1")) }
    for i in 5..<10 { add("k8s/team-\(i % 40)/svc-\(i).yaml", manifest(i, region: "us-east-1").replacing("replicas: 3", with: "replicas: 5")) }
    try shell(["git", "fast-import", "--quiet"], in: dir, input: Data(stream.utf8))
    try shell(["git", "repack", "-a", "-d", "-q"], in: dir)
    return dir
}

let dir = try generate()
var totals: [Double] = [], archive: [Double] = []
var parts: [[Double]] = Array(repeating: [], count: 5)
var findings = 0, files = 0, components = 0, scenarios = 0
for _ in 0..<runs {
    var phases = [Double](repeating: 0, count: 5)
    totals.append(try clock {
        let analyzer = try Analyzer(path: dir.path)
        let head = try analyzer.resolve("HEAD"), base = try analyzer.resolve("HEAD~1")
        let result = try Check.compare(
            analyzer: analyzer, base: base, baseSource: "bench", head: head,
            request: CheckRequest(repo: dir.path, environment: [:], today: "2026-11-27"))
        phases[0] = result.stats.readSeconds
        phases[1] = result.stats.linkSeconds
        phases[2] = result.stats.simulateSeconds
        phases[3] = result.stats.evaluateSeconds
        phases[4] = clock { _ = ReportFormat.text.render(result.report(tool: "bench"), rules: result.rules) }
        findings = result.evaluation.findings.count
        files = result.stats.files
        components = result.stats.components
        scenarios = result.stats.scenarios
    })
    for index in 0..<5 { parts[index].append(phases[index]) }
    archive.append(try clock { try shell(["git", "archive", "HEAD"], in: dir) })
}
print("check: \(files) files read per commit, \(components) components, \(scenarios) scenarios, \(findings) findings, \(runs) runs")
print(String(format: "check total (in process): median %.3f s", median(totals)))
for (index, name) in ["read+parse (both commits)", "link", "simulate", "evaluate", "render"].enumerated() {
    print(String(format: "  %@: median %.3f s", name, median(parts[index])))
}
print(String(format: "git archive HEAD: median %.3f s", median(archive)))
print(String(format: "ratio: %.2fx of git archive", median(totals) / median(archive)))

// The hook: a one-commit push of the change, through the release binary as git would run it.
let binary = URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent().appendingPathComponent("faultline").path
if FileManager.default.isExecutableFile(atPath: binary) {
    // `faultline check` as a CI job runs it: a process that reads, links, simulates, renders the
    // text report and exits (without tearing its topologies down, which the in-process total pays).
    var process: [Double] = []
    for _ in 0..<runs {
        process.append(try clock { try shell([binary, "check", "--base", "HEAD~1", "--head", "HEAD"], in: dir) })
    }
    print(String(format: "faultline check (whole process, text report): median %.3f s, %.2fx of git archive", median(process), median(process) / median(archive)))
    let head = try Repository(at: dir.path).resolveCommit("HEAD"), base = try Repository(at: dir.path).resolveCommit("HEAD~1")
    let line = Data("refs/heads/main \(head.hex) refs/heads/main \(base.hex)\n".utf8)
    let cache = dir.appendingPathComponent(".git/faultline")
    var cold: [Double] = [], warm: [Double] = []
    for _ in 0..<runs {
        try? FileManager.default.removeItem(at: cache)
        cold.append(try clock { try shell([binary, "hook", "pre-push", "origin", "unused"], in: dir, input: line) })
        warm.append(try clock { try shell([binary, "hook", "pre-push", "origin", "unused"], in: dir, input: line) })
    }
    print(String(format: "pre-push hook, one-commit push: cold median %.3f s, warm median %.3f s", median(cold), median(warm)))
} else {
    print("pre-push: build the release faultline first (swift build -c release --product faultline)")
}
