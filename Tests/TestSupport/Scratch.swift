import Foundation

/// A throwaway folder with a git repository built by the `git` CLI (tests may shell out to git;
/// product code never does). Author and committer dates are fixed so ids are reproducible.
public final class Scratch {
    public let root: URL
    private var clock = 1_700_000_000

    /// A child that exits without reading its input must fail the write into its pipe, not kill
    /// the whole test process with SIGPIPE.
    private static let brokenPipesIgnored: Void = { _ = signal(SIGPIPE, SIG_IGN) }()

    public init() throws {
        Scratch.brokenPipesIgnored
        root = FileManager.default.temporaryDirectory.appendingPathComponent("faultline-git-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: root, withIntermediateDirectories: true)
    }

    deinit { try? FileManager.default.removeItem(at: root) }

    public func path(_ relative: String = "") -> String {
        relative.isEmpty ? root.path : root.appendingPathComponent(relative).path
    }

    /// Runs git in `dir` (relative to the scratch root) and returns its trimmed standard output.
    @discardableResult
    public func git(_ arguments: String..., in dir: String = "repo", input: String? = nil) throws -> String {
        try run(["git"] + arguments, in: dir, input: input)
    }

    @discardableResult
    public func run(_ command: [String], in dir: String = "repo", input: String? = nil, environment extra: [String: String] = [:]) throws -> String {
        let result = try execute(command, in: dir, input: input, environment: extra)
        guard result.status == 0 else { throw ScratchError.failed(command.joined(separator: " "), result.errors) }
        return result.output
    }

    /// Runs a command and returns its exit status and both outputs, whatever the status.
    ///
    /// Tests run in parallel threads of one process. A script written by one test can be held open
    /// for writing by a child another thread is forking at that moment, and Linux then refuses to
    /// execute it ("Text file busy", ETXTBSY) — a race of the test process, not of the code under
    /// test. Such a run is repeated a few times before its result is returned.
    public func execute(
        _ command: [String], in dir: String = "repo", input: String? = nil, environment extra: [String: String] = [:]
    ) throws -> (status: Int32, output: String, errors: String) {
        var attempt = 0
        while true {
            let result = try executeOnce(command, in: dir, input: input, environment: extra)
            attempt += 1
            guard result.status != 0, result.errors.contains("Text file busy"), attempt < 8 else { return result }
            usleep(UInt32(20_000 * attempt))
        }
    }

    private func executeOnce(
        _ command: [String], in dir: String, input: String?, environment extra: [String: String]
    ) throws -> (status: Int32, output: String, errors: String) {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = command
        process.currentDirectoryURL = URL(fileURLWithPath: path(dir))
        clock += 60
        var environment = ProcessInfo.processInfo.environment
        environment["GIT_AUTHOR_NAME"] = "Ada Lovelace"
        environment["GIT_AUTHOR_EMAIL"] = "ada@example.com"
        environment["GIT_COMMITTER_NAME"] = "Ada Lovelace"
        environment["GIT_COMMITTER_EMAIL"] = "ada@example.com"
        environment["GIT_AUTHOR_DATE"] = "@\(clock) +0000"
        environment["GIT_COMMITTER_DATE"] = "@\(clock) +0000"
        environment["GIT_CONFIG_NOSYSTEM"] = "1"
        environment["HOME"] = path()
        environment.merge(extra) { $1 }
        process.environment = environment
        // Both outputs go to files, so a chatty process can never block on a full pipe.
        let outURL = root.appendingPathComponent(".out-\(UUID().uuidString)")
        let errURL = root.appendingPathComponent(".err-\(UUID().uuidString)")
        _ = FileManager.default.createFile(atPath: outURL.path, contents: nil)
        _ = FileManager.default.createFile(atPath: errURL.path, contents: nil)
        defer {
            try? FileManager.default.removeItem(at: outURL)
            try? FileManager.default.removeItem(at: errURL)
        }
        let out = try FileHandle(forWritingTo: outURL), err = try FileHandle(forWritingTo: errURL)
        let inPipe = Pipe()
        process.standardOutput = out
        process.standardError = err
        process.standardInput = inPipe
        try process.run()
        // A child that stops before reading all its input is the caller's to judge, by its status.
        if let input { try? inPipe.fileHandleForWriting.write(contentsOf: Data(input.utf8)) }
        try inPipe.fileHandleForWriting.close()
        process.waitUntilExit()
        try out.close()
        try err.close()
        let result = (
            status: process.terminationStatus,
            output: String(decoding: try Data(contentsOf: outURL), as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines),
            errors: String(decoding: try Data(contentsOf: errURL), as: UTF8.self)
        )
        return result
    }

    /// Creates a repository folder `name` with `main` as its first branch.
    public func initRepository(_ name: String = "repo", bare: Bool = false) throws {
        try FileManager.default.createDirectory(atPath: path(name), withIntermediateDirectories: true)
        if bare { try git("init", "-q", "--bare", "-b", "main", in: name) } else { try git("init", "-q", "-b", "main", in: name) }
    }

    public func write(_ relative: String, _ text: String, in repo: String = "repo") throws {
        try write(relative, Data(text.utf8), in: repo)
    }

    public func write(_ relative: String, _ data: Data, in repo: String = "repo") throws {
        let url = root.appendingPathComponent(repo).appendingPathComponent(relative)
        try FileManager.default.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
        try data.write(to: url)
    }

    /// Stages everything and commits; returns the new commit's id.
    @discardableResult
    public func commit(_ message: String, in repo: String = "repo") throws -> String {
        try git("add", "-A", in: repo)
        try git("commit", "-q", "--allow-empty", "-m", message, in: repo)
        return try git("rev-parse", "HEAD", in: repo)
    }
}

public enum ScratchError: Error {
    case failed(String, String)
}
