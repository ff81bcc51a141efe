/// A host name (or `*.suffix` pattern) whose meaning is data rather than shape.
public struct CatalogEndpoint: Hashable, Sendable {
    /// What a matching host stands for.
    public enum Target: Hashable, Sendable {
        /// A SaaS, by catalog id.
        case saas(String)
        /// A provider service, in one region, in a multi-region location, or global.
        case service(provider: String, service: String, placement: Placement)
    }

    /// Where a provider service lives.
    public enum Placement: Hashable, Sendable {
        case global
        case region(String)
        /// A multi-region location such as Artifact Registry's `us`.
        case multiRegion(String)
    }

    /// Lower-case host, `*.` followed by a suffix, or a `HostPattern`.
    public var host: String
    public var target: Target
    /// What the host serves (`registry`, `cdn`, `api`, `ci`, …); free text for readers.
    public var kind: String
    /// Where the entry is written, for diagnostics about it.
    public var path: String
    public var line: Int

    public init(host: String, target: Target, kind: String, path: String = "", line: Int = 0) {
        self.host = host
        self.target = target
        self.kind = kind
        self.path = path
        self.line = line
    }

    /// Whether `host` is a `*.suffix` pattern.
    public var isWildcard: Bool { host.hasPrefix("*.") && !isPattern }

    /// Whether `host` is a pattern naming where the host runs (`*.{region}.{provider}.neon.tech`,
    /// see `HostPattern`).
    public var isPattern: Bool { host.contains("{") }
}
