import BuiltinPolicies
import Model

/// Where providers have regions and zones, where SaaS run, and which host names mean what.
///
/// Loaded from the YAML files under `Policies/catalog/` (see `CatalogLoader`); `builtin` is
/// the copy compiled into the binary.
public struct Catalog: Hashable, Sendable {
    public var providers: [CatalogProvider]
    public var saas: [CatalogSaaS]
    public var endpoints: [CatalogEndpoint]

    public init(providers: [CatalogProvider] = [], saas: [CatalogSaaS] = [], endpoints: [CatalogEndpoint] = []) {
        self.providers = providers
        self.saas = saas
        self.endpoints = endpoints
    }

    /// The catalog embedded in the binary. Its files are checked by the test suite, so
    /// diagnostics are not expected; `loadBuiltin()` returns them for anyone who asks.
    public static let builtin: Catalog = loadBuiltin().catalog

    /// Loads the embedded `Policies/catalog/*.yaml` files.
    public static func loadBuiltin() -> (catalog: Catalog, diagnostics: [Diagnostic]) {
        let files = BuiltinPolicies.files(under: "catalog/").filter { $0.path.hasSuffix(".yaml") }
        return CatalogLoader().load(files.map { (path: "Policies/" + $0.path, text: $0.contents) })
    }

    public func provider(_ id: String) -> CatalogProvider? {
        providers.first { $0.id == id }
    }

    public func saas(_ id: String) -> CatalogSaaS? {
        saas.first { $0.id == id }
    }

    /// Why a domain id names a provider, region, zone or SaaS the catalog does not have, or nil.
    /// Only listed regions count (not those that merely fit a region pattern), and a host is
    /// never a problem: the catalog does not list hosts.
    public func unknownReference(in id: String) -> String? {
        guard let parts = DomainIDSyntax.parts(of: id) else { return "'\(id)' is not a well-formed domain id" }
        switch parts.kind {
        case "saas":
            return saas(parts.segments[0]) == nil ? "there is no SaaS '\(parts.segments[0])'" : nil
        case "host":
            return nil
        default:
            break
        }
        guard let provider = provider(parts.segments[0]) else {
            return "there is no provider '\(parts.segments[0])'"
        }
        guard parts.segments.count >= 2 else { return nil }
        let region = parts.segments[1]
        if parts.kind == "service", region == "global" { return nil }
        guard let known = provider.region(region) else { return "'\(provider.id)' has no region '\(region)'" }
        if parts.kind == "zone", let zones = known.zones, !zones.contains(parts.segments[2]) {
            return "region '\(region)' has no zone '\(parts.segments[2])'"
        }
        return nil
    }

    /// The catalog entry for a lower-case host name: an exact `host` first, then the longest
    /// `*.suffix` pattern that matches. Host patterns naming a region (`HostPattern`) are not
    /// looked at: the classifier matches those, between the two.
    public func endpoint(forHost host: String) -> CatalogEndpoint? {
        if let exact = endpoints.first(where: { !$0.isWildcard && !$0.isPattern && $0.host == host }) {
            return exact
        }
        return
            endpoints
            .filter { $0.isWildcard && host.hasSuffix($0.host.dropFirst()) && host.count > $0.host.count - 1 }
            .max { $0.host.count < $1.host.count }
    }
}
