// Measures `faultline audit` against its floor and against the naive approach, in one run
// (docs/design.md §6): the floor is `git log --raw --no-renames --first-parent` (median of five runs) over the same
// range (the audit does not detect renames either), and beside it that floor plus inflating
// every distinct blob of a changed file some reader takes (`git cat-file --batch`, median of
// three), which reads no more than any audit of the files must; the
// naive audit re-reads every file, re-links and re-runs the suite at every commit. Each is run
// in a child process of this one, so each peak memory (ru_maxrss) is its own.
//
// Usage: audit-benchmark [--commits N] [--files N] [--naive-sample N] [REPO...]
//   Generates a synthetic history (default 5,000 commits over a 2,000-file tree, written with
//   `git fast-import`) and measures it, then each REPO given (a clone or bare git directory).
//   The naive audit of a long history would take hours, so it is timed on --naive-sample
//   commits spread evenly over the range (default 40) and extrapolated to every commit.
//        audit-benchmark generate DIR [COMMITS] [FILES]   (only writes the synthetic repository)
// Release build please: swift build -c release --product audit-benchmark
import Faultline
import Foundation
import Git
import Model
import Policy
import Readers
import Simulation

#if canImport(Glibc)
import Glibc
#endif

/// A child's measurement, one JSON line on its standard output.
struct Measurement: Codable {
    var seconds: Double
    var peakMB: Double
    var commits: Int
    var note: String = ""
    /// For the floor: the same `git log` plus inflating every distinct blob of a changed file
    /// some reader takes (`git cat-file --batch`), which any audit reading the files must do.
    var readSeconds: Double?
}

func peakMB(children: Bool) -> Double {
    var usage = rusage()
    getrusage(Int32(truncatingIfNeeded: (children ? RUSAGE_CHILDREN : RUSAGE_SELF).rawValue), &usage)
    return Double(usage.ru_maxrss) / 1024
}

func now() -> Double { Double(DispatchTime.now().uptimeNanoseconds) / 1e9 }

@discardableResult
func run(_ arguments: [String], input: Data? = nil, output: FileHandle? = nil) throws -> Data {
    let process = Process()
    process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
    process.arguments = arguments
    let stdin = Pipe()
    process.standardInput = stdin
    let stdout = Pipe()
    process.standardOutput = output ?? stdout
    try process.run()
    if let input { try stdin.fileHandleForWriting.write(contentsOf: input) }
    try stdin.fileHandleForWriting.close()
    let data = output == nil ? stdout.fileHandleForReading.readDataToEndOfFile() : Data()
    process.waitUntilExit()
    guard process.terminationStatus == 0 else {
        FileHandle.standardError.write(Data("audit-benchmark: \(arguments.joined(separator: " ")) failed\n".utf8))
        exit(1)
    }
    return data
}

// MARK: - The synthetic history

/// A small deterministic generator (xorshift), so every run builds the same repository.
struct Generator {
    var state: UInt64
    mutating func next(_ bound: Int) -> Int {
        state ^= state << 13
        state ^= state >> 7
        state ^= state << 17
        return Int(state % UInt64(bound))
    }
}

func manifest(_ app: Int, replicas: Int, tag: Int, s3: Bool, ingress: Bool) -> String {
    var text = """
        apiVersion: apps/v1
        kind: Deployment
        metadata: {name: app-\(app), namespace: shop}
        spec:
          replicas: \(replicas)
          template:
            metadata:
              labels: {app: app-\(app)}
            spec:
              containers:
                - name: app
                  image: 123456789012.dkr.ecr.us-east-1.amazonaws.com/shop/app-\(app):1.\(tag)
                  envFrom:
                    - configMapRef: {name: app-\(app)-config}
        ---
        apiVersion: v1
        kind: Service
        metadata: {name: app-\(app), namespace: shop}
        spec:
          selector: {app: app-\(app)}
        ---
        apiVersion: v1
        kind: ConfigMap
        metadata: {name: app-\(app)-config, namespace: shop}
        data:
          ASSETS_URL: \(s3 ? "https://shop-assets-\(app).s3.amazonaws.com/" : "/static/")

        """
    if ingress {
        text += """
            ---
            apiVersion: networking.k8s.io/v1
            kind: Ingress
            metadata: {name: app-\(app), namespace: shop}
            spec:
              rules:
                - host: app-\(app).shop.example.com
                  http:
                    paths:
                      - {path: /, pathType: Prefix, backend: {service: {name: app-\(app), port: {number: 80}}}}

            """
    }
    return text
}

func source(_ index: Int, revision: Int) -> String {
    "package pkg\(index % 50)\n\n// revision \(revision)\nfunc F\(index)() int { return \(revision) }\n" + String(repeating: "// padding line\n", count: 10)
}

func dockerfile(_ index: Int, tag: Int) -> String {
    "FROM golang:1.\(tag) AS build\nWORKDIR /src\nCOPY . .\nRUN go build -o /app ./...\nFROM gcr.io/distroless/base\nCOPY --from=build /app /app\n"
}

/// Writes `commits` commits over a tree of `files` files with `git fast-import`: about a fifth of
/// the tree is Kubernetes manifests and Dockerfiles, the rest source and docs no reader reads;
/// each commit changes one to three files, a quarter of the time configuration.
func generate(at dir: URL, commits: Int, files: Int) throws {
    try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
    try run(["git", "init", "-q", "-b", "main", dir.path])
    let apps = max(4, files * 3 / 20), dockerfiles = max(1, files / 20), sources = max(1, files - apps - dockerfiles - 1)
    var random = Generator(state: 0x9E37_79B9_7F4A_7C15)
    var replicas = Array(repeating: 3, count: apps), tags = Array(repeating: 0, count: apps), s3 = Array(repeating: false, count: apps)
    var stream = ""
    let importer = try Importer(dir)
    func blob(_ path: String, _ text: String) { stream += "M 100644 inline \(path)\ndata \(text.utf8.count)\n\(text)\n" }
    func header(_ n: Int, _ message: String) {
        let author = ["Ada Lovelace <ada@example.com>", "Grace Hopper <grace@example.com>", "Alan Turing <alan@example.com>"][n % 3]
        let time = 1_600_000_000 + n * 3_600
        stream += "commit refs/heads/main\nauthor \(author) \(time) +0000\ncommitter \(author) \(time) +0000\ndata \(message.utf8.count)\n\(message)\n"
    }
    header(0, "Initial tree")
    blob(".faultline.yaml", "version: 1\nclusters:\n  - name: prod\n    provider: aws\n    region: us-east-1\n    zones: [us-east-1a, us-east-1b, us-east-1c]\n")
    for app in 0..<apps { blob("k8s/app-\(app)/app.yaml", manifest(app, replicas: 3, tag: 0, s3: false, ingress: app % 10 == 0)) }
    for index in 0..<dockerfiles { blob("services/svc-\(index)/Dockerfile", dockerfile(index, tag: 20)) }
    for index in 0..<sources { blob("src/pkg\(index % 50)/file\(index).go", source(index, revision: 0)) }
    for n in 1..<commits {
        header(n, "Change \(n)")
        for _ in 0...random.next(3) {
            let roll = random.next(100)
            if roll < 20 {
                let app = random.next(apps)
                switch random.next(4) {
                case 0: replicas[app] = 2 + random.next(5)
                case 1: tags[app] += 1
                default: if app % 10 == 0 || random.next(4) == 0 { s3[app].toggle() } else { tags[app] += 1 }
                }
                blob("k8s/app-\(app)/app.yaml", manifest(app, replicas: replicas[app], tag: tags[app], s3: s3[app], ingress: app % 10 == 0))
            } else if roll < 25 {
                let index = random.next(dockerfiles)
                blob("services/svc-\(index)/Dockerfile", dockerfile(index, tag: 20 + random.next(5)))
            } else {
                let index = random.next(sources)
                blob("src/pkg\(index % 50)/file\(index).go", source(index, revision: n))
            }
        }
        // Flushed in pieces so the stream never holds the whole history.
        if stream.utf8.count > 1 << 20 {
            try importer.feed(stream)
            stream = ""
        }
    }
    try importer.feed(stream)
    try importer.finish()
}

/// `git fast-import` reading the stream as it is generated.
final class Importer {
    let process = Process()
    let input: FileHandle

    init(_ dir: URL) throws {
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = ["git", "-C", dir.path, "fast-import", "--quiet"]
        let pipe = Pipe()
        process.standardInput = pipe
        input = pipe.fileHandleForWriting
        try process.run()
    }

    func feed(_ text: String) throws { try input.write(contentsOf: Data(text.utf8)) }

    func finish() throws {
        try input.close()
        process.waitUntilExit()
    }
}

// MARK: - The measured phases (each in its own process)

/// The median of five runs: a single `git log` of a short history moved between 0.05 and 0.25 s
/// from run to run, which decided the ratio more than the audit did.
func phaseFloor(_ repo: String) throws -> Measurement {
    let null = try FileHandle(forWritingTo: URL(fileURLWithPath: "/dev/null"))
    var times: [Double] = []
    for _ in 0..<5 {
        let start = now()
        try run(["git", "--git-dir", gitDirectory(repo), "log", "--raw", "--no-renames", "--first-parent", "HEAD"], output: null)
        times.append(now() - start)
    }
    let seconds = times.sorted()[2]
    let count = Int(String(decoding: try run(["git", "--git-dir", gitDirectory(repo), "rev-list", "--count", "--first-parent", "HEAD"]), as: UTF8.self)
        .trimmingCharacters(in: .whitespacesAndNewlines)) ?? 0
    // The blobs the audit reads: each distinct new version of a changed file a reader takes.
    let log = String(decoding: try run(["git", "--git-dir", gitDirectory(repo), "log", "--raw", "--no-renames", "--no-abbrev", "--first-parent", "--format=", "HEAD"]), as: UTF8.self)
    var blobs = Set<String>()
    for line in log.split(separator: "\n") where line.hasPrefix(":") {
        let parts = line.split(separator: "\t", maxSplits: 1)
        let fields = parts[0].split(separator: " ")
        guard parts.count == 2, fields.count >= 4, !fields[3].allSatisfy({ $0 == "0" }) else { continue }
        let path = String(parts[1])
        if ReaderRegistry.all.contains(where: { $0.accepts(path: path) }) { blobs.insert(String(fields[3])) }
    }
    let input = Data(blobs.sorted().joined(separator: "\n").utf8 + [0x0A])
    var reads: [Double] = []
    for _ in 0..<3 {
        let start = now()
        try run(["git", "--git-dir", gitDirectory(repo), "cat-file", "--batch"], input: input, output: null)
        reads.append(now() - start)
    }
    return Measurement(
        seconds: seconds, peakMB: peakMB(children: true), commits: count, note: "\(blobs.count) distinct blobs of changed files a reader takes",
        readSeconds: seconds + reads.sorted()[1])
}

func phaseAudit(_ repo: String) throws -> Measurement {
    let start = now()
    var steps = 0, introduced = 0
    let end = try Audit.run(AuditRequest(repo: repo), start: { _ in }, step: { steps += 1; introduced += $0.introduced.count })
    return Measurement(
        seconds: now() - start, peakMB: peakMB(children: false), commits: end.commits,
        note: "\(steps) commits reported, \(introduced) introductions, \(end.open.count) open at the end")
}

func phaseNaive(_ repo: String, sample: Int) throws -> Measurement {
    let repository = try Repository(at: repo)
    let history = try repository.history(try repository.range("HEAD"), firstParent: true).commits
    let count = min(sample, history.count)
    let picks = (0..<count).map { history[count == 1 ? 0 : $0 * (history.count - 1) / (count - 1)] }
    let linker = Linker()
    let correlations = linker.correlations
    let pack = PolicyPack.builtin()
    let start = now()
    var exposures = 0
    for commit in picks {
        // Nothing is kept between commits: every file is read, linked and simulated again.
        // Files listed through a diff from the empty tree: a tree listing reads every blob's
        // header, and the fetched mirrors lack some large blobs no reader needs.
        let entries = try repository.diff(from: nil, to: commit, detectRenames: false).compactMap { change -> TreeEntry? in
            guard let new = change.new, let kind = new.kind, kind == .file || kind == .executable else { return nil }
            return TreeEntry(path: new.path, id: new.id, mode: kind == .executable ? 0o100755 : 0o100644, kind: kind, size: nil)
        }
        let facts = try CommitReader(repository: repository).facts(of: entries)
        // Linked with its commit id, as `check` links: a link without one gives back the last
        // link's unchanged components, which is the audit's incremental work, not the naive's.
        let topology = linker.link(facts, commit: commit.hex).topology
        let assessment = OutageEngine(topology: topology, catalog: correlations).assess(OutageSuite.covering([topology], catalog: correlations))
        exposures += PolicyEvaluator(pack: pack, acceptances: [], today: "").evaluate(
            base: Assessment(baselineDown: [], baselineUndeliverable: [], outcomes: []), head: assessment,
            baseTopology: Topology(components: []), headTopology: topology, commit: nil).findings.count
    }
    let perCommit = (now() - start) / Double(max(1, count))
    return Measurement(
        seconds: perCommit * Double(history.count), peakMB: peakMB(children: false), commits: history.count,
        note: "extrapolated from \(count) commits at \(String(format: "%.1f", perCommit * 1000)) ms each")
}

func gitDirectory(_ repo: String) -> String {
    let dotGit = (repo as NSString).appendingPathComponent(".git")
    return FileManager.default.fileExists(atPath: dotGit) ? dotGit : repo
}

// MARK: - Driver

var arguments = Array(CommandLine.arguments.dropFirst())
if arguments.first == "generate", arguments.count >= 2 {
    // Keeps the synthetic repository, for profiling: audit-benchmark generate DIR [COMMITS] [FILES]
    try generate(
        at: URL(fileURLWithPath: arguments[1]), commits: Int(arguments.count > 2 ? arguments[2] : "") ?? 5_000,
        files: Int(arguments.count > 3 ? arguments[3] : "") ?? 2_000)
    exit(0)
}
if arguments.first == "phase", arguments.count >= 3 {
    let measurement: Measurement
    switch arguments[1] {
    case "floor": measurement = try phaseFloor(arguments[2])
    case "audit": measurement = try phaseAudit(arguments[2])
    default: measurement = try phaseNaive(arguments[2], sample: Int(arguments.count > 3 ? arguments[3] : "40") ?? 40)
    }
    print(String(decoding: try JSONEncoder().encode(measurement), as: UTF8.self))
    exit(0)
}

func option(_ name: String, _ fallback: Int, in arguments: inout [String]) -> Int {
    guard let index = arguments.firstIndex(of: name), index + 1 < arguments.count, let value = Int(arguments[index + 1]) else { return fallback }
    arguments.removeSubrange(index...(index + 1))
    return value
}
let commits = option("--commits", 5_000, in: &arguments), files = option("--files", 2_000, in: &arguments)
let sample = option("--naive-sample", 40, in: &arguments)
let synthetic = FileManager.default.temporaryDirectory.appendingPathComponent("faultline-auditbench-\(UUID().uuidString)")
defer { try? FileManager.default.removeItem(at: synthetic) }
var generated = now()
try generate(at: synthetic, commits: commits, files: files)
generated = now() - generated
print("audit-benchmark: synthetic history of \(commits) commits over \(files) files generated in \(String(format: "%.1f", generated)) s")

let myself = URL(fileURLWithPath: CommandLine.arguments[0]).resolvingSymlinksInPath().path
func child(_ phase: String, _ repo: String) throws -> Measurement {
    let data = try run([myself, "phase", phase, repo, String(sample)])
    return try JSONDecoder().decode(Measurement.self, from: data)
}

print("| history | commits | floor: git log --raw --no-renames --first-parent | faultline audit | naive audit | audit / floor | naive / audit | audit peak memory | floor + changed blobs inflated | audit / that |")
print("|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|")
var notes: [String] = []
for (name, repo) in [("synthetic \(commits)×\(files)", synthetic.path)] + arguments.map({ (($0 as NSString).lastPathComponent == "repo" ? (($0 as NSString).deletingLastPathComponent as NSString).lastPathComponent : ($0 as NSString).lastPathComponent, $0) }) {
    let floor = try child("floor", repo)
    let audit = try child("audit", repo)
    let naive = try child("naive", repo)
    func s(_ value: Double) -> String { String(format: value < 10 ? "%.2f s" : "%.0f s", value) }
    let read = floor.readSeconds ?? floor.seconds
    print("| \(name) | \(audit.commits) | \(s(floor.seconds)) | \(s(audit.seconds)) | \(s(naive.seconds)) | \(String(format: "%.1f×", audit.seconds / floor.seconds)) | \(String(format: "%.0f×", naive.seconds / audit.seconds)) | \(String(format: "%.0f MB", audit.peakMB)) | \(s(read)) | \(String(format: "%.1f×", audit.seconds / read)) |")
    notes.append("\(name): audit \(audit.note); naive \(naive.note), peak \(String(format: "%.0f", naive.peakMB)) MB; git log peak \(String(format: "%.0f", floor.peakMB)) MB; \(floor.note)")
}
for note in notes { print("- " + note) }
