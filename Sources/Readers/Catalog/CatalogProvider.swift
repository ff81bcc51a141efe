/// A cloud provider with its partitions and regions.
public struct CatalogProvider: Hashable, Sendable {
    /// The provider segment of domain ids: `aws`, `gcp`, `azure`.
    public var id: String
    public var name: String
    public var partitions: [CatalogPartition]
    /// Every region, including those listed under a partition (which then carry its id).
    public var regions: [CatalogRegion]
    /// Multi-region locations (`us`, `europe`) that survive the loss of any one region.
    public var multiRegions: [String]
    /// The shape of a region name, for providers without partitions; a region the catalog
    /// does not list is still accepted when it has this shape.
    public var regionPattern: String?

    public init(
        id: String, name: String, partitions: [CatalogPartition] = [], regions: [CatalogRegion] = [],
        multiRegions: [String] = [], regionPattern: String? = nil
    ) {
        self.id = id
        self.name = name
        self.partitions = partitions
        self.regions = regions
        self.multiRegions = multiRegions
        self.regionPattern = regionPattern
    }

    public func region(_ id: String) -> CatalogRegion? {
        regions.first { $0.id == id }
    }

    public func partition(_ id: String) -> CatalogPartition? {
        partitions.first { $0.id == id }
    }
}
