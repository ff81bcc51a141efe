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
private final class ResultSlots<R>: @unchecked Sendable {
    private var slots: [R?]

    init(count: Int) { slots = Array(repeating: nil, count: count) }

    // concurrentPerform gives every index to one iteration only, and the array is not resized,
    // so writes to distinct elements never race.
    func set(_ index: Int, _ value: R) {
        slots.withUnsafeMutableBufferPointer { $0[index] = value }
    }

    /// Every slot, in order; all are filled once concurrentPerform returns.
    var values: [R] { slots.compactMap { $0 } }
}

/// Read-only access to a non-Sendable array from concurrent iterations.
private struct UncheckedBox<T>: @unchecked Sendable {
    let value: T
    init(_ value: T) { self.value = value }
}
