import Dispatch

extension Array {
    /// `transform` over the elements on every core, the results in the elements' order.
    public func concurrentMap<R: Sendable>(_ transform: @Sendable (Element) -> R) -> [R] {
        guard count > 1 else { return map(transform) }
        let results = ResultSlots<R>(count: count)
        let elements = UncheckedBox(self)
        DispatchQueue.concurrentPerform(iterations: count) { index in
            results.set(index, transform(elements.value[index]))
        }
        return results.values
    }
}

/// Write-once slots filled from concurrent iterations, each index by exactly one of them.
///
/// The slots are raw memory, written through a pointer that never changes. (Writing through
/// an array's `withUnsafeMutableBufferPointer` is a mutation of the array itself, which moves
/// its storage out and back around the closure: two iterations doing it at once corrupted
/// the heap.)
private final class ResultSlots<R>: @unchecked Sendable {
    private let slots: UnsafeMutableBufferPointer<R?>

    init(count: Int) {
        slots = .allocate(capacity: count)
        slots.initialize(repeating: nil)
    }

    deinit {
        _ = slots.deinitialize()
        slots.deallocate()
    }

    /// concurrentPerform gives every index to one iteration only, so writes never overlap.
    func set(_ index: Int, _ value: R) {
        slots[index] = value
    }

    /// Every slot, in order; all are filled once concurrentPerform returns.
    var values: [R] {
        slots.map { value in
            guard let value else { preconditionFailure("concurrentPerform ran every index") }
            return value
        }
    }
}

/// Read-only access to a non-Sendable array from concurrent iterations.
private struct UncheckedBox<T>: @unchecked Sendable {
    let value: T
    init(_ value: T) { self.value = value }
}
