import Dispatch
import Foundation
import Testing
import TestSupport
@testable import Git

@Suite struct RepositoryPoolTests {
    /// Threads reading at once each get a handle no other thread holds, and read what a
    /// single handle reads.
    @Test func lendsEachThreadAHandleOfItsOwn() throws {
        let s = try Scratch()
        try s.initRepository()
        for index in 0..<40 { try s.write("f\(index).txt", String(repeating: "line \(index)\n", count: 200)) }
        let commit = try s.commit("files")
        let repository = try Repository(at: s.path("repo"))
        let files = try repository.files(of: ObjectID(hex: commit)!)
        let expected = try files.map { entry throws(GitError) in try repository.blob(entry.id) }
        let pool = RepositoryPool(repository, limit: 3)
        final class Record: @unchecked Sendable {
            let lock = NSLock()
            var lent: Set<ObjectIdentifier> = []
            var handles: Set<ObjectIdentifier> = []
            var mostLent = 0
            var blobs: [Int: Blob] = [:]
            var errors = 0
        }
        let record = Record()
        let items = files
        DispatchQueue.concurrentPerform(iterations: 400) { iteration in
            let index = iteration % items.count
            do {
                let blob = try pool.withHandle { handle throws(GitError) -> Blob in
                    let id = ObjectIdentifier(handle)
                    record.lock.withLock {
                        #expect(record.lent.insert(id).inserted, "a handle lent to two threads at once")
                        record.handles.insert(id)
                        record.mostLent = max(record.mostLent, record.lent.count)
                    }
                    defer { _ = record.lock.withLock { record.lent.remove(id) } }
                    return try handle.blob(items[index].id)
                }
                record.lock.withLock { record.blobs[index] = blob }
            } catch {
                record.lock.withLock { record.errors += 1 }
            }
        }
        #expect(record.errors == 0)
        #expect(record.mostLent <= 3 && record.handles.count <= 3)
        #expect(record.blobs.count == files.count)
        for (index, blob) in record.blobs { #expect(blob == expected[index]) }
    }
}
