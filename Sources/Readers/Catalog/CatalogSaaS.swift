/// A software-as-a-service failure domain (`saas:ID`) and the domains it runs in.
///
/// `sites` and `needed` have the meaning they have for components (docs/design.md §1): each
/// site is a set of domain ids that must all be up, and the service works while at least
/// `needed` sites are up. Policies/catalog/saas.yaml explains the choices.
public struct CatalogSaaS: Hashable, Sendable {
    /// How much the hosting data can be trusted.
    public enum Confidence: String, Hashable, Sendable, CaseIterable {
        case documented, inferred, weak
    }

    public var id: String
    public var name: String
    public var sites: [[String]]
    /// How many sites must be up; all of them unless the catalog says otherwise, and 0 when
    /// nothing is known about the hosting (the service then fails only in its own scenario).
    public var needed: Int
    public var confidence: Confidence
    public var evidence: String
    /// The repositories a bare image name (`nginx`) can pull, for the registry whose bare names
    /// mean `library/NAME` (Docker Hub's official images): any other bare name pulls nothing
    /// there, so it stands for an image named at deploy time. Empty for every other SaaS.
    public var officialImages: [String] = []

    public init(
        id: String, name: String, sites: [[String]], needed: Int? = nil, confidence: Confidence = .weak,
        evidence: String = ""
    ) {
        self.id = id
        self.name = name
        self.sites = sites
        self.needed = needed ?? sites.count
        self.confidence = confidence
        self.evidence = evidence
    }

    /// The domain id of the service itself, `saas:ID`.
    public var domainID: String { "saas:\(id)" }

    /// Every domain id any site mentions, in order, without repeats.
    public var hostingDomainIDs: [String] {
        var seen = Set<String>()
        return sites.flatMap { $0 }.filter { seen.insert($0).inserted }
    }
}
