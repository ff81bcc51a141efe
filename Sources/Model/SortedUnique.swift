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
