import Dispatch
import Foundation

/// Handles on one repository for reading blobs on several threads at once: libgit2's handles
/// are not thread-safe, so each thread borrows a handle of its own (docs/threading.md of
/// libgit2: one `git_repository` per worker). The first is the caller's; the others are
/// opened on the same git folder when first needed.
public final class RepositoryPool: @unchecked Sendable {
    private let lock = NSLock()
    private var idle: [Repository]
    private let limit: Int
    private let gitDirectory: String
    /// Counts the handles free or still to open, so a thread waits while all are lent.
    private let available: DispatchSemaphore

    /// A pool lending `repository` and up to `limit - 1` more handles on the same repository.
    public init(_ repository: Repository, limit: Int = ProcessInfo.processInfo.activeProcessorCount) {
        idle = [repository]
        self.limit = max(1, limit)
        gitDirectory = repository.gitDirectory
        available = DispatchSemaphore(value: self.limit)
    }

    /// Runs `body` with a handle no other thread uses meanwhile. When no handle is free and
    /// another cannot be opened, the thread waits for one to come back.
    public func withHandle<R>(_ body: (Repository) throws(GitError) -> R) throws(GitError) -> R {
        available.wait()
        defer { available.signal() }
        let handle = lock.withLock { idle.popLast() } ?? open()
        defer { lock.withLock { idle.append(handle) } }
        return try body(handle)
    }

    /// Opens another handle, or waits for a lent one when opening fails.
    private func open() -> Repository {
        if let handle = try? Repository(at: gitDirectory) { return handle }
        // No new handle: take the next one returned instead.
        while true {
            if let free = lock.withLock({ idle.popLast() }) { return free }
            usleep(100)
        }
    }
}
