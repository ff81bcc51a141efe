import Model

/// Reads catalog YAML files into a `Catalog`, reporting every bad entry as a located
/// diagnostic and keeping the good ones.
///
/// A file may hold `providers:`, `saas:` and `endpoints:` sections (Policies/catalog/README.md).
/// After all files are read, references are checked: every domain id a SaaS site names must be
/// well formed and name a known provider and region, and every endpoint's SaaS, provider and
/// region must exist.
public struct CatalogLoader: Sendable {
    public init() {}

    /// Loads `(path, text)` pairs in order; ids must be unique across all of them.
    public func load(_ files: [(path: String, text: String)]) -> (catalog: Catalog, diagnostics: [Diagnostic]) {
        var state = State()
        for file in files {
            let loaded = YAMLLoader().load(text: file.text, path: file.path)
            state.diagnostics += loaded.diagnostics
            for document in loaded.documents {
                state.read(document: document.root, path: file.path)
            }
        }
        state.checkReferences()
        return (state.catalog, state.diagnostics)
    }
}

extension CatalogLoader {
    /// The catalog under construction and the problems found so far.
    fileprivate struct State {
        var catalog = Catalog()
        var diagnostics: [Diagnostic] = []
        /// Where each SaaS was defined, to locate reference problems.
        var saasLocations: [String: (path: String, line: Int)] = [:]

        mutating func report(
            _ summary: String, detail: String = "", at node: YAMLNode, path: String,
            severity: Diagnostic.Severity = .error
        ) {
            diagnostics.append(Diagnostic(severity, summary, detail: detail, path: path, line: node.line))
        }

        /// Reports keys of `node` outside `known`, which are most likely typos.
        mutating func checkKeys(of node: YAMLNode, known: Set<String>, in context: String, path: String) {
            for entry in node.entries ?? [] {
                let key = entry.key.string ?? ""
                if !known.contains(key) {
                    report(
                        "unknown key '\(key)' in \(context); it is ignored",
                        detail: "known keys: \(known.sorted().joined(separator: ", "))",
                        at: entry.key, path: path, severity: .warning)
                }
            }
        }

        /// A required string field, reported when missing or not a plain string.
        mutating func requiredString(_ key: String, of node: YAMLNode, in context: String, path: String) -> String? {
            guard let value = node[key] else {
                report("\(context) has no '\(key)'", detail: "add '\(key): …'", at: node, path: path)
                return nil
            }
            guard let text = value.string, !text.isEmpty else {
                report("'\(key)' in \(context) must be a non-empty string", at: value, path: path)
                return nil
            }
            return text
        }

        /// A list of strings, or nil (reported) when the field is present but not one.
        mutating func strings(_ key: String, of node: YAMLNode, in context: String, path: String) -> [String]? {
            guard let value = node[key] else { return nil }
            guard let items = value.items else {
                report(
                    "'\(key)' in \(context) must be a list", detail: "write it as [a, b] or one '- item' per line",
                    at: value, path: path)
                return nil
            }
            var result: [String] = []
            for item in items {
                guard let text = item.string, !text.isEmpty else {
                    report("'\(key)' in \(context) must hold only strings", at: item, path: path)
                    continue
                }
                result.append(text)
            }
            return result
        }

        mutating func read(document root: YAMLNode, path: String) {
            guard root.entries != nil else {
                report(
                    "a catalog file must be a mapping of sections", detail: "use providers:, saas: and endpoints:",
                    at: root, path: path)
                return
            }
            checkKeys(of: root, known: ["providers", "saas", "endpoints"], in: "the catalog file", path: path)
            for section in ["providers", "saas", "endpoints"] {
                guard let list = root[section] else { continue }
                guard let items = list.items else {
                    report("'\(section)' must be a list", detail: "start each entry with '- '", at: list, path: path)
                    continue
                }
                for item in items {
                    guard item.entries != nil else {
                        report("an entry of '\(section)' must be a mapping", at: item, path: path)
                        continue
                    }
                    switch section {
                    case "providers": readProvider(item, path: path)
                    case "saas": readSaaS(item, path: path)
                    default: readEndpoint(item, path: path)
                    }
                }
            }
        }

        mutating func readProvider(_ node: YAMLNode, path: String) {
            checkKeys(
                of: node, known: ["id", "name", "partitions", "regions", "multiRegions", "regionPattern"],
                in: "a provider", path: path)
            guard let id = requiredString("id", of: node, in: "a provider", path: path) else { return }
            guard DomainIDSyntax.isSegment(id) else {
                report(
                    "provider id '\(id)' is not a valid domain segment",
                    detail: "use lower-case letters, digits and '-'", at: node, path: path)
                return
            }
            guard catalog.provider(id) == nil else {
                report("provider '\(id)' is defined twice", detail: "keep one definition", at: node, path: path)
                return
            }
            var provider = CatalogProvider(id: id, name: node["name"]?.string ?? id)
            provider.multiRegions = strings("multiRegions", of: node, in: "provider '\(id)'", path: path) ?? []
            if let pattern = node["regionPattern"]?.string {
                if RegionPattern(pattern) == nil {
                    report("region pattern of '\(id)' is not a valid regular expression", at: node, path: path)
                } else {
                    provider.regionPattern = pattern
                }
            }
            for partitionNode in node["partitions"]?.items ?? [] {
                let context = "a partition of '\(id)'"
                checkKeys(
                    of: partitionNode, known: ["id", "dnsSuffixes", "regionPattern", "regions"], in: context, path: path
                )
                guard let partitionID = requiredString("id", of: partitionNode, in: context, path: path) else {
                    continue
                }
                let pattern = partitionNode["regionPattern"]?.string
                if let pattern, RegionPattern(pattern) == nil {
                    report(
                        "region pattern of '\(partitionID)' is not a valid regular expression", at: partitionNode,
                        path: path)
                }
                provider.partitions.append(
                    CatalogPartition(
                        id: partitionID,
                        dnsSuffixes: strings("dnsSuffixes", of: partitionNode, in: context, path: path) ?? [],
                        regionPattern: pattern))
                provider.regions += readRegions(
                    of: partitionNode, provider: &provider, partition: partitionID, path: path)
            }
            provider.regions += readRegions(of: node, provider: &provider, partition: nil, path: path)
            catalog.providers.append(provider)
        }

        mutating func readRegions(of node: YAMLNode, provider: inout CatalogProvider, partition: String?, path: String)
            -> [CatalogRegion]
        {
            guard let list = node["regions"] else { return [] }
            guard let items = list.items else {
                report("'regions' must be a list", at: list, path: path)
                return []
            }
            var regions: [CatalogRegion] = []
            for item in items {
                let context = "a region of '\(provider.id)'"
                checkKeys(of: item, known: ["id", "zones"], in: context, path: path)
                guard let id = requiredString("id", of: item, in: context, path: path) else { continue }
                guard DomainIDSyntax.isSegment(id) else {
                    report("region id '\(id)' is not a valid domain segment", at: item, path: path)
                    continue
                }
                if provider.region(id) != nil || regions.contains(where: { $0.id == id }) {
                    report(
                        "region '\(id)' of '\(provider.id)' is listed twice", detail: "keep one entry", at: item,
                        path: path)
                    continue
                }
                let pattern: String? =
                    if let partition { provider.partition(partition)?.regionPattern } else { provider.regionPattern }
                if let pattern, let regex = RegionPattern(pattern), !regex.matches(id) {
                    report(
                        "region '\(id)' does not match the region pattern \(pattern)",
                        detail: "fix the name or the pattern", at: item, path: path)
                }
                let zones = strings("zones", of: item, in: "region '\(id)'", path: path)
                for zone in zones ?? [] where !DomainIDSyntax.isSegment(zone) {
                    report("zone '\(zone)' of '\(id)' is not a valid domain segment", at: item, path: path)
                }
                regions.append(CatalogRegion(id: id, partition: partition, zones: zones))
            }
            return regions
        }

        mutating func readSaaS(_ node: YAMLNode, path: String) {
            checkKeys(
                of: node, known: ["id", "name", "sites", "needed", "confidence", "evidence", "officialImages"], in: "a SaaS entry",
                path: path)
            guard let id = requiredString("id", of: node, in: "a SaaS entry", path: path) else { return }
            guard DomainIDSyntax.isSegment(id) else {
                report(
                    "SaaS id '\(id)' is not a valid domain segment", detail: "use lower-case letters, digits and '-'",
                    at: node, path: path)
                return
            }
            guard catalog.saas(id) == nil else {
                report("SaaS '\(id)' is defined twice", detail: "keep one definition", at: node, path: path)
                return
            }
            var sites: [[String]] = []
            if let list = node["sites"] {
                for site in list.items ?? [] {
                    guard let domains = site.items else {
                        report(
                            "each site of '\(id)' must be a list of domain ids",
                            detail: "e.g. - [region:aws/us-east-1]", at: site, path: path)
                        continue
                    }
                    var ids: [String] = []
                    for domain in domains {
                        guard let text = domain.string, DomainIDSyntax.isWellFormed(text) else {
                            report(
                                "'\(domain.string ?? "?")' in '\(id)' is not a well-formed domain id",
                                detail: "use provider:P, region:P/R, zone:P/R/Z, service:P/R/S, saas:NAME or host:NAME",
                                at: domain, path: path)
                            continue
                        }
                        ids.append(text)
                    }
                    sites.append(ids)
                }
                if list.items == nil { report("'sites' of '\(id)' must be a list", at: list, path: path) }
            }
            var needed: Int?
            if let value = node["needed"] {
                if let number = value.int, number >= 1, number <= max(sites.count, 1) {
                    needed = number
                } else {
                    report(
                        "'needed' of '\(id)' must be a whole number from 1 to the number of sites (\(sites.count))",
                        at: value, path: path)
                }
            }
            var confidence = CatalogSaaS.Confidence.weak
            if let value = node["confidence"] {
                if let parsed = value.string.flatMap(CatalogSaaS.Confidence.init(rawValue:)) {
                    confidence = parsed
                } else {
                    report(
                        "'confidence' of '\(id)' must be one of \(CatalogSaaS.Confidence.allCases.map(\.rawValue).joined(separator: ", "))",
                        at: value, path: path)
                }
            }
            var saas = CatalogSaaS(
                id: id, name: node["name"]?.string ?? id, sites: sites, needed: needed, confidence: confidence,
                evidence: node["evidence"]?.string ?? "")
            if let list = node["officialImages"] {
                for item in list.items ?? [] {
                    guard let name = item.string, ImageReference.isBareName(name) else {
                        report(
                            "'\(item.string ?? "?")' in the official images of '\(id)' is not a bare image name",
                            detail: "use lower-case letters, digits, '.', '_' and '-', as in nginx", at: item, path: path)
                        continue
                    }
                    saas.officialImages.append(name)
                }
                if list.items == nil { report("'officialImages' of '\(id)' must be a list", at: list, path: path) }
            }
            catalog.saas.append(saas)
            saasLocations[id] = (path, node.line)
        }

        mutating func readEndpoint(_ node: YAMLNode, path: String) {
            let context = "an endpoint"
            checkKeys(
                of: node, known: ["host", "saas", "provider", "service", "global", "region", "location", "kind"],
                in: context, path: path)
            guard let rawHost = requiredString("host", of: node, in: context, path: path) else { return }
            let host = rawHost.lowercased()
            let bare = host.hasPrefix("*.") ? String(host.dropFirst(2)) : host
            if host.contains("{") {
                guard HostPattern(host) != nil else {
                    report(
                        "'\(rawHost)' is not a host pattern",
                        detail: "write '*.' then labels holding {provider} and {region} once each, as in '*.{region}.{provider}.neon.tech'",
                        at: node, path: path)
                    return
                }
                guard node["saas"] != nil else {
                    report("host pattern '\(host)' needs 'saas'", detail: "a pattern places hosts of one SaaS in the region they name", at: node, path: path)
                    return
                }
            } else if !HostName.isWellFormed(bare) {
                report("'\(rawHost)' is not a host name or a '*.suffix' pattern", at: node, path: path)
                return
            }
            if catalog.endpoints.contains(where: { $0.host == host }) {
                report("endpoint '\(host)' is listed twice", detail: "keep one entry", at: node, path: path)
                return
            }
            let kind = node["kind"]?.string ?? "endpoint"
            if let saas = node["saas"]?.string {
                if node["provider"] != nil {
                    report(
                        "endpoint '\(host)' names both a SaaS and a provider", detail: "keep one", at: node, path: path)
                    return
                }
                catalog.endpoints.append(
                    CatalogEndpoint(host: host, target: .saas(saas), kind: kind, path: path, line: node.line))
                return
            }
            guard let provider = requiredString("provider", of: node, in: "endpoint '\(host)'", path: path),
                let service = requiredString("service", of: node, in: "endpoint '\(host)'", path: path)
            else { return }
            let placements = [
                node["global"]?.bool == true ? CatalogEndpoint.Placement.global : nil,
                node["region"]?.string.map(CatalogEndpoint.Placement.region),
                node["location"]?.string.map(CatalogEndpoint.Placement.multiRegion),
            ].compactMap { $0 }
            guard placements.count == 1, let placement = placements.first else {
                report(
                    "endpoint '\(host)' needs exactly one of 'global: true', 'region' or 'location'",
                    at: node, path: path)
                return
            }
            catalog.endpoints.append(
                CatalogEndpoint(
                    host: host, target: .service(provider: provider, service: service, placement: placement),
                    kind: kind,
                    path: path, line: node.line))
        }

        /// Checks what entries refer to, once every file has been read.
        mutating func checkReferences() {
            for saas in catalog.saas {
                let location = saasLocations[saas.id] ?? ("", 0)
                for id in saas.hostingDomainIDs {
                    if let problem = catalog.unknownReference(in: id) {
                        diagnostics.append(
                            Diagnostic(
                                .error, "SaaS '\(saas.id)' is hosted in \(id), but \(problem)",
                                detail: "add it to the providers in Policies/catalog or fix the id",
                                path: location.path, line: location.line))
                    }
                }
            }
            for endpoint in catalog.endpoints {
                var problem: String?
                switch endpoint.target {
                case .saas(let id):
                    if catalog.saas(id) == nil { problem = "there is no SaaS '\(id)'" }
                case .service(let provider, _, let placement):
                    switch placement {
                    case .global: problem = catalog.unknownReference(in: "provider:\(provider)")
                    case .region(let region): problem = catalog.unknownReference(in: "region:\(provider)/\(region)")
                    case .multiRegion(let location):
                        if let known = catalog.provider(provider) {
                            if !known.multiRegions.contains(location) {
                                problem = "'\(provider)' has no multi-region '\(location)'"
                            }
                        } else {
                            problem = "there is no provider '\(provider)'"
                        }
                    }
                }
                if let problem {
                    diagnostics.append(
                        Diagnostic(
                            .error, "endpoint '\(endpoint.host)' refers to something unknown: \(problem)",
                            detail: "define it in Policies/catalog or fix the reference", path: endpoint.path,
                            line: endpoint.line))
                }
            }
        }
    }
}
