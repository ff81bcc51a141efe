/// An isolated part of a provider with its own DNS suffix (`aws`, `aws-cn`, `aws-us-gov`).
public struct CatalogPartition: Hashable, Sendable {
    public var id: String
    /// DNS suffixes of the partition's endpoints, e.g. `amazonaws.com.cn`.
    public var dnsSuffixes: [String]
    /// botocore's region regex, e.g. `^cn-\w+-\d+$`; nil when the partition publishes none.
    public var regionPattern: String?

    public init(id: String, dnsSuffixes: [String], regionPattern: String? = nil) {
        self.id = id
        self.dnsSuffixes = dnsSuffixes
        self.regionPattern = regionPattern
    }
}
