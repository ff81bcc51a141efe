/// A region and, where the catalog knows them, its zones.
public struct CatalogRegion: Hashable, Sendable {
    public var id: String
    /// The partition the region belongs to, for providers that have partitions.
    public var partition: String?
    /// Zone names; nil means the catalog does not list them, not that there are none.
    public var zones: [String]?

    public init(id: String, partition: String? = nil, zones: [String]? = nil) {
        self.id = id
        self.partition = partition
        self.zones = zones
    }
}
