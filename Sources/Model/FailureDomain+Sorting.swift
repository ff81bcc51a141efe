extension Sequence<FailureDomain> {
    /// The domains in id order, each id built once: comparing domains builds both ids, which
    /// dominates sorting thousands of them.
    public func sortedByID() -> [FailureDomain] {
        map { (id: $0.id, domain: $0) }.sorted { $0.id < $1.id }.map(\.domain)
    }
}
