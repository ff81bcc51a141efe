/// Anything that fails as a unit: a provider, a region, a zone, a regional or global service,
/// a SaaS, a single host, or a placement nobody could determine.
///
/// Every domain has one textual id (docs/design.md §1), which is how it is printed, parsed,
/// encoded and ordered:
///
/// | case | id |
/// |---|---|
/// | ``provider(_:)`` | `provider:P` |
/// | ``region(provider:region:)`` | `region:P/R` |
/// | ``zone(provider:region:zone:)`` | `zone:P/R/Z` |
/// | ``regionalService(provider:region:service:)`` | `service:P/R/S` |
/// | ``globalService(provider:service:)`` | `service:P/global/S` |
/// | ``saas(_:)`` | `saas:NAME` |
/// | ``host(_:)`` | `host:NAME` |
/// | ``unknown(_:)`` | `unknown:WHAT` |
///
/// `unknown:WHAT` is the *unknown placement* domain: a component whose placement could not be
/// worked out (a workload whose cluster is undeclared) is sited there, so it gets a scenario of
/// its own instead of silently surviving everything. `WHAT` names what is unknown, e.g.
/// `unknown:cluster/weave` or `unknown:placement`; it may contain `/` and `:`.
///
/// Names are made of letters, digits, `.`, `_` and `-`; `global` is reserved as a region name
/// because `service:P/global/S` means a global service. Unknown providers and regions are kept:
/// an unknown domain is still a domain.
public enum FailureDomain: Hashable, Sendable {
    case provider(String)
    case region(provider: String, region: String)
    case zone(provider: String, region: String, zone: String)
    case regionalService(provider: String, region: String, service: String)
    case globalService(provider: String, service: String)
    case saas(String)
    case host(String)
    case unknown(String)

    /// The kind of a domain, as policies and reports name it.
    public enum Kind: String, Hashable, Sendable, Codable, CaseIterable, Comparable {
        case provider
        case region
        case zone
        /// A service of one region (`service:P/R/S`).
        case service
        /// A service of a whole provider (`service:P/global/S`).
        case globalService = "global-service"
        case saas
        case host
        case unknown

        public static func < (lhs: Kind, rhs: Kind) -> Bool { lhs.rawValue < rhs.rawValue }
    }

    /// The region name that marks a service as global in `service:P/global/S`.
    public static let globalRegionName = "global"

    public var kind: Kind {
        switch self {
        case .provider: .provider
        case .region: .region
        case .zone: .zone
        case .regionalService: .service
        case .globalService: .globalService
        case .saas: .saas
        case .host: .host
        case .unknown: .unknown
        }
    }

    /// The textual id, e.g. `zone:aws/us-east-1/us-east-1a`.
    public var id: String {
        switch self {
        case .provider(let p): "provider:\(p)"
        case .region(let p, let r): "region:\(p)/\(r)"
        case .zone(let p, let r, let z): "zone:\(p)/\(r)/\(z)"
        case .regionalService(let p, let r, let s): "service:\(p)/\(r)/\(s)"
        case .globalService(let p, let s): "service:\(p)/\(Self.globalRegionName)/\(s)"
        case .saas(let n): "saas:\(n)"
        case .host(let n): "host:\(n)"
        case .unknown(let w): "unknown:\(w)"
        }
    }

    /// The domains this one fails together with by construction, before any catalog is
    /// consulted: a zone with its region, a region with its provider, a regional service with
    /// its region (not its zones: a regional service such as S3 spans them), a global service
    /// with its provider, a region Faultline could not work out (`unknown:region/aws`) with its
    /// provider: wherever it is, it goes down with AWS. SaaS, hosts and other unknown placements
    /// have none; a SaaS's hosting comes from the ``Catalog``.
    public var failsWith: [FailureDomain] {
        switch self {
        case .unknown(let what): Self.unknownRegionProvider(what).map { [.provider($0)] } ?? []
        case .provider, .saas, .host: []
        case .region(let p, _): [.provider(p)]
        case .zone(let p, let r, _): [.region(provider: p, region: r)]
        case .regionalService(let p, let r, _): [.region(provider: p, region: r)]
        case .globalService(let p, _): [.provider(p)]
        }
    }

    /// `aws` of `unknown:region/aws`.
    private static func unknownRegionProvider(_ what: String) -> String? {
        guard what.hasPrefix("region/") else { return nil }
        let provider = what.dropFirst("region/".count)
        return provider.isEmpty || provider.contains("/") ? nil : String(provider)
    }

    /// The provider this domain belongs to, if it belongs to one.
    public var providerName: String? {
        switch self {
        case .provider(let p), .region(let p, _), .zone(let p, _, _), .regionalService(let p, _, _),
            .globalService(let p, _):
            p
        case .saas, .host, .unknown: nil
        }
    }
}

extension FailureDomain: Comparable {
    /// Domains order by id, so every list of them prints the same way on every run.
    ///
    /// Two domains of one case whose leading parts are equal have ids that differ only after
    /// the same prefix, which ends in `:` or `/` (characters that never combine with what
    /// follows), so their last parts order them without either id being built. Sorting the
    /// zone sites of every workload built two ids per comparison.
    public static func < (lhs: FailureDomain, rhs: FailureDomain) -> Bool {
        switch (lhs, rhs) {
        case let (.provider(a), .provider(b)), let (.saas(a), .saas(b)), let (.host(a), .host(b)), let (.unknown(a), .unknown(b)):
            return a < b
        case let (.region(p1, a), .region(p2, b)) where p1 == p2:
            return a < b
        case let (.zone(p1, r1, a), .zone(p2, r2, b)) where p1 == p2 && r1 == r2:
            return a < b
        case let (.regionalService(p1, r1, a), .regionalService(p2, r2, b)) where p1 == p2 && r1 == r2:
            return a < b
        case let (.globalService(p1, a), .globalService(p2, b)) where p1 == p2:
            return a < b
        default:
            return lhs.id < rhs.id
        }
    }
}

extension FailureDomain: CustomStringConvertible {
    public var description: String { id }
}

extension FailureDomain: Codable {
    /// Encoded as its id, the form people read and write in catalogs and reports.
    public init(from decoder: any Decoder) throws {
        let container = try decoder.singleValueContainer()
        let text = try container.decode(String.self)
        do {
            self = try FailureDomain.parse(text)
        } catch {
            throw DecodingError.dataCorruptedError(in: container, debugDescription: error.description)
        }
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(id)
    }
}
