/// What Faultline knows about the world beyond one repository: where each SaaS runs, and any
/// further "fails together with" edges between domains.
///
/// The built-in relation of ``FailureDomain/failsWith`` (zone → region → provider, regional
/// service → region, global service → provider) always holds; the catalog adds to it. A SaaS
/// fails together with every domain it is hosted in, so `saas:dockerhub` hosted in
/// `service:aws/us-east-1/s3` goes down with S3 us-east-1, with us-east-1 and with AWS.
/// Edges may chain (a SaaS hosted on another SaaS) and may even form cycles; ``DomainGraph``
/// follows them to a closure.
public struct Catalog: Hashable, Sendable, Codable {
    /// SaaS name (the `NAME` of `saas:NAME`) → the domains it is hosted in.
    public var saasHosting: [String: [FailureDomain]]
    /// Extra edges: domain → the domains it fails together with, beyond the built-in relation.
    public var correlations: [FailureDomain: [FailureDomain]]

    public init(saasHosting: [String: [FailureDomain]] = [:], correlations: [FailureDomain: [FailureDomain]] = [:]) {
        self.saasHosting = saasHosting
        self.correlations = correlations
    }

    /// A catalog that knows nothing beyond the built-in relation.
    public static let empty = Catalog()

    /// Every domain `domain` fails together with directly: the built-in relation plus the
    /// catalog's hosting and correlation edges, sorted and without repeats.
    public func failsWith(_ domain: FailureDomain) -> [FailureDomain] {
        var result = Set(domain.failsWith)
        if case .saas(let name) = domain, let hosts = saasHosting[name] { result.formUnion(hosts) }
        if let extra = correlations[domain] { result.formUnion(extra) }
        result.remove(domain)
        return result.sortedByID()
    }

    /// Every domain the catalog mentions, sorted.
    public var domains: [FailureDomain] {
        var result = Set<FailureDomain>()
        for (name, hosts) in saasHosting {
            result.insert(.saas(name))
            result.formUnion(hosts)
        }
        for (domain, others) in correlations {
            result.insert(domain)
            result.formUnion(others)
        }
        return result.sortedByID()
    }
}
