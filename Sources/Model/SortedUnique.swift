extension Sequence where Element: Comparable {
    /// The elements sorted, each once. The model's orders are total and agree with `==`, so
    /// equal elements end up next to each other; most lists have one element, which needs
    /// neither sorting nor hashing.
    public func sortedUnique() -> [Element] {
        var elements = Array(self)
        guard elements.count > 1 else { return elements }
        // Already sorted and unique (a list shared by many requirements): kept as it is, its
        // storage shared rather than copied.
        if elements.indices.dropFirst().allSatisfy({ elements[$0 - 1] < elements[$0] }) { return elements }
        elements.sort()
        var kept = 1
        for index in 1..<elements.count where elements[index] != elements[kept - 1] {
            if index != kept { elements.swapAt(index, kept) }
            kept += 1
        }
        elements.removeLast(elements.count - kept)
        return elements
    }
}

extension Array where Element: Comparable {
    /// The index of the first element not less than `element`, in an array sorted ascending
    /// (as ``Swift/Sequence/sortedUnique()`` leaves it): a binary search.
    public func sortedLowerBound(_ element: Element) -> Int {
        var low = 0, high = count
        while low < high {
            let middle = (low + high) / 2
            if self[middle] < element { low = middle + 1 } else { high = middle }
        }
        return low
    }

    /// Whether an array sorted ascending holds `element`, found by binary search: a component
    /// named in twenty thousand places is asked once for each of its findings.
    public func sortedContains(_ element: Element) -> Bool {
        let index = sortedLowerBound(element)
        return index < count && self[index] == element
    }
}
