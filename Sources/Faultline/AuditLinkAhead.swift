import Dispatch
import Foundation
import Git
import Model
import Readers

/// Links the states of the next few commits on another core while the walk assesses and
/// names the current one (docs/audit.md, "How it stays fast").
///
/// Linking is a pure function of a commit's facts, and the state the walk holds at a commit
/// depends on that commit alone, so a state worked out ahead from the read-ahead's diffs and
/// facts links to the same topology the walk would link. The walk still checks that the facts
/// a job linked are the ones it holds before it takes the job's topology, and links itself
/// otherwise; jobs are only a head start.
final class AuditLinkAhead {
    /// One state linked ahead: the facts it links and, once the other core is done, the topology.
    final class Job: @unchecked Sendable {
        /// The commit's place in the walk's list, and the commit.
        let position: Int
        let commit: ObjectID
        let files: [FileFacts]
        // Written once, by whichever thread claimed the job, before `done` is signalled, and
        // read only after waiting on `done`: the semaphore orders the two, and `lock` guards
        // the claim, which is why the class is Sendable.
        private var result: Topology?
        private let done = DispatchSemaphore(value: 0)
        private let lock = NSLock()
        private var claimed = false

        init(position: Int, commit: ObjectID, files: [FileFacts]) {
            self.position = position
            self.commit = commit
            self.files = files
        }

        /// Whether the caller is the one to link this job: true once only.
        fileprivate func claim() -> Bool {
            lock.withLock {
                defer { claimed = true }
                return !claimed
            }
        }

        fileprivate var isClaimed: Bool { lock.withLock { claimed } }

        /// Links the job, when no other thread has claimed it.
        fileprivate func run(_ linker: Linker) {
            guard claim() else { return }
            result = linker.link(files, commit: nil).topology
            done.signal()
        }

        /// Whether the topology is there to take without waiting.
        fileprivate var isFinished: Bool {
            guard done.wait(timeout: .now()) == .success else { return false }
            done.signal()
            return true
        }

        /// The linked topology, waiting for it if the other core is still at work.
        func topology() -> Topology {
            done.wait()
            defer { done.signal() }
            guard let result else { preconditionFailure("a job is finished with a topology before it is signalled") }
            return result
        }
    }

    /// How many states may be linked ahead at once. More room lets the linking core go on
    /// while the walk reads or names; each job holds a topology until the walk reaches it, so
    /// on a large tree fewer are held: `componentBudget` components' worth, between
    /// `minimumDepth` and `depth` jobs (a topology of 25,000 components is tens of megabytes).
    static let depth = 8
    static let minimumDepth = 3
    static let componentBudget = 80_000

    /// The jobs that may wait at once for topologies of about `components` components each
    /// (0: not known yet, before the walk's first link, when it allows the fewest).
    static func room(forTopologiesOf components: Int) -> Int {
        guard components > 0 else { return minimumDepth }
        return min(depth, max(minimumDepth, componentBudget / components))
    }

    private let linker: Linker
    private let queue = DispatchQueue(label: "faultline.audit.link-ahead")
    /// Jobs not yet taken, in walk order. Touched only on the walk's thread.
    private(set) var jobs: [Job] = []

    init(linker: Linker) {
        self.linker = linker
    }

    /// The size of the topologies being linked, from the last one the walk holds.
    var components = 0

    var isFull: Bool { jobs.count >= Self.room(forTopologiesOf: components) }

    /// Starts linking a state on the other core.
    func submit(position: Int, commit: ObjectID, files: [FileFacts]) {
        let job = Job(position: position, commit: commit, files: files)
        jobs.append(job)
        let linker = linker
        queue.async { job.run(linker) }
    }

    /// The topology of a job taken from the queue. Rather than wait while the other core links
    /// it, the walk links the job itself when the other core has not started it, or else the
    /// furthest job not started, which the other core then skips: linking is the busier half
    /// of an audit, and the two cores share it.
    func topology(of job: Job) -> Topology {
        job.run(linker)
        while !job.isFinished, let spare = jobs.last(where: { !$0.isClaimed }) {
            spare.run(linker)
        }
        return job.topology()
    }

    /// Takes a topology the walk is done with apart on the linking queue: freeing whole
    /// topologies was about a fifth of the walk's own thread.
    func dispose(_ topology: consuming Topology) {
        let unwanted = topology
        queue.async { withExtendedLifetime(unwanted) {} }
    }

    /// Forgets the jobs for places the walk has passed without taking them; those the other
    /// core has not started are claimed, so it skips them.
    func drop(before position: Int) {
        jobs.removeAll { job in
            guard job.position < position else { return false }
            _ = job.claim()
            return true
        }
    }

    /// The job linking `commit`'s state, removed from the queue, if there is one.
    func take(_ commit: ObjectID) -> Job? {
        guard let index = jobs.firstIndex(where: { $0.commit == commit }) else { return nil }
        return jobs.remove(at: index)
    }
}
