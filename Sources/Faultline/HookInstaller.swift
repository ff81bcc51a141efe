import Foundation
import Git

/// Installs and removes Faultline's `pre-push` hook in the folder git runs hooks from.
///
/// A hook Faultline did not write is never deleted: it is refused, or moved aside to
/// `pre-push.faultline-previous` (and, with chaining, still run first), and `uninstall` moves it
/// back.
public struct HookInstaller: Sendable {
    /// Appended to `pre-push` to name the file a replaced hook is kept in.
    public static let previousSuffix = ".faultline-previous"

    /// The folder git runs hooks from for this repository.
    public let hooksDirectory: String
    /// The faultline executable the script runs.
    public let executable: String

    /// The hook file this installer manages.
    public var hookPath: String { hooksDirectory + "/pre-push" }
    /// Where a hook that was in the way is kept.
    public var previousPath: String { hookPath + Self.previousSuffix }

    /// An installer for `repository`'s hooks folder whose script runs `executable` (by default
    /// the running faultline binary). `environment` supplies `HOME` for `~/` in `core.hooksPath`.
    public init(
        repository: Repository,
        executable: String = HookInstaller.runningExecutable(),
        environment: [String: String] = ProcessInfo.processInfo.environment
    ) throws(FaultlineError) {
        self.hooksDirectory = try Self.hooksDirectory(of: repository, home: environment["HOME"] ?? NSHomeDirectory())
        self.executable = executable
    }

    /// The folder git runs hooks from: `core.hooksPath` when set (`~/` expanded; a relative path
    /// is taken from where git runs hooks, the work tree's root, or the git folder of a bare
    /// repository), otherwise `hooks` in the common git folder, so linked worktrees share the
    /// main repository's hooks.
    public static func hooksDirectory(of repository: Repository, home: String) throws(FaultlineError) -> String {
        let configured: String?
        do {
            configured = try repository.configString("core.hooksPath")
        } catch {
            throw .git(error)
        }
        guard var path = configured, !path.isEmpty else {
            return normalised(repository.commonDirectory + "/hooks")
        }
        if path == "~" {
            path = home
        } else if path.hasPrefix("~/") {
            path = home + "/" + path.dropFirst(2)
        }
        if !path.hasPrefix("/") {
            path = (repository.workingDirectory ?? repository.gitDirectory) + "/" + path
        }
        return normalised(path)
    }

    /// The running faultline binary's absolute path, read from `/proc/self/exe`; `faultline`
    /// (found on PATH when the hook runs) where that is unavailable.
    public static func runningExecutable() -> String {
        if let path = try? FileManager.default.destinationOfSymbolicLink(atPath: "/proc/self/exe"),
           path.hasPrefix("/"), FileManager.default.isExecutableFile(atPath: path) {
            return path
        }
        return "faultline"
    }

    /// Writes Faultline's `pre-push` script. A hook Faultline did not write is refused unless
    /// `force` (it is moved to `pre-push.faultline-previous`) or `chain` (moved there too, and run
    /// before Faultline with the same arguments and input). Rewriting Faultline's own hook is
    /// allowed, and keeps an earlier chain.
    @discardableResult
    public func install(force: Bool = false, chain: Bool = false) throws(FaultlineError) -> HookInstallation {
        try createHooksDirectory()
        let existing = Self.itemExists(hookPath) ? Self.text(of: hookPath) : nil
        let ours = existing.map(HookScript.isFaultlines) ?? false
        var keptPrevious: String?
        if Self.itemExists(hookPath), !ours {
            guard force || chain else { throw .foreignHookPresent(path: hookPath) }
            guard !Self.itemExists(previousPath) else { throw .previousHookPresent(path: previousPath) }
            try move(hookPath, to: previousPath)
            keptPrevious = previousPath
        }
        let wasChained = existing.map(HookScript.isChained) ?? false
        let chained = (chain || wasChained) && Self.itemExists(previousPath)
        let script = HookScript(executable: executable, chained: chained)
        do {
            try write(script.text, to: hookPath)
        } catch {
            // Leave the user's hook where it was rather than half-installed.
            if keptPrevious != nil { try? FileManager.default.moveItem(atPath: previousPath, toPath: hookPath) }
            throw error
        }
        return HookInstallation(hook: hookPath, keptPrevious: keptPrevious, chained: chained, replacedOwnHook: ours)
    }

    /// Removes Faultline's `pre-push` hook and moves a kept previous hook back; a hook Faultline
    /// did not write is refused and left in place.
    @discardableResult
    public func uninstall() throws(FaultlineError) -> HookRemoval {
        guard Self.itemExists(hookPath) else {
            return HookRemoval(hook: hookPath, removed: false, restoredPrevious: false)
        }
        guard let text = Self.text(of: hookPath), HookScript.isFaultlines(text) else {
            throw .foreignHookNotRemoved(path: hookPath)
        }
        do {
            try FileManager.default.removeItem(atPath: hookPath)
        } catch {
            throw .hookFileFailed(path: hookPath, action: "remove", reason: Self.reason(error))
        }
        guard Self.itemExists(previousPath) else {
            return HookRemoval(hook: hookPath, removed: true, restoredPrevious: false)
        }
        try move(previousPath, to: hookPath)
        return HookRemoval(hook: hookPath, removed: true, restoredPrevious: true)
    }

    private func createHooksDirectory() throws(FaultlineError) {
        do {
            try FileManager.default.createDirectory(atPath: hooksDirectory, withIntermediateDirectories: true)
        } catch {
            throw .hookFileFailed(path: hooksDirectory, action: "create the hooks folder", reason: Self.reason(error))
        }
    }

    private func write(_ text: String, to path: String) throws(FaultlineError) {
        do {
            // Written beside the hook and renamed over it, so git never runs a half-written file.
            try Data(text.utf8).write(to: URL(fileURLWithPath: path), options: .atomic)
            try FileManager.default.setAttributes([.posixPermissions: 0o755], ofItemAtPath: path)
        } catch {
            throw .hookFileFailed(path: path, action: "write the hook", reason: Self.reason(error))
        }
    }

    private func move(_ source: String, to destination: String) throws(FaultlineError) {
        do {
            try FileManager.default.moveItem(atPath: source, toPath: destination)
        } catch {
            throw .hookFileFailed(path: source, action: "move to \(destination)", reason: Self.reason(error))
        }
    }

    /// Whether anything is at `path`, a dangling symbolic link included.
    private static func itemExists(_ path: String) -> Bool {
        (try? FileManager.default.attributesOfItem(atPath: path)) != nil
    }

    /// The file's text, or nil when it cannot be read as UTF-8 (then it is not Faultline's).
    private static func text(of path: String) -> String? {
        FileManager.default.contents(atPath: path).flatMap { String(data: $0, encoding: .utf8) }
    }

    private static func normalised(_ path: String) -> String {
        URL(fileURLWithPath: path).standardizedFileURL.path
    }

    private static func reason(_ error: any Error) -> String {
        (error as NSError).localizedDescription
    }
}
