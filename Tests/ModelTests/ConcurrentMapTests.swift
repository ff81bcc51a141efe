import Foundation
import Model
import Testing

@Suite struct ConcurrentMapTests {
    @Test func keepsTheElementsOrder() {
        #expect([Int]().concurrentMap { $0 * 2 } == [])
        #expect([7].concurrentMap { $0 * 2 } == [14])
        let numbers = Array(0..<5_000)
        #expect(numbers.concurrentMap { "\($0)" } == numbers.map { "\($0)" })
    }

    /// Cheap transforms, so that iterations on different cores write their results at the same
    /// moment again and again: every result lands, in its place.
    @Test func resultsWrittenAtOnceAllLand() {
        let numbers = Array(0..<20_000)
        for round in 0..<20 {
            let results = numbers.concurrentMap { $0 &* 3 &+ round }
            #expect(results == numbers.map { $0 &* 3 &+ round }, "round \(round)")
        }
    }

    /// Each element is transformed once. (How many threads share the work is dispatch's
    /// choice: with the test run's other suites busy it may be one, so it is not asserted here;
    /// profiles of an audit show its reads on both cores of a two-core machine.)
    @Test func runsEachElementOnce() {
        final class Seen: @unchecked Sendable {
            let lock = NSLock()
            var counts: [Int: Int] = [:]
        }
        let seen = Seen()
        let results = Array(0..<400).concurrentMap { index -> Int in
            seen.lock.withLock { seen.counts[index, default: 0] += 1 }
            return index
        }
        #expect(results == Array(0..<400))
        #expect(seen.counts.count == 400 && seen.counts.values.allSatisfy { $0 == 1 })
    }
}
