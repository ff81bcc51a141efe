/// Recognises cloud and SaaS endpoints in strings: URLs, bare hosts, `s3://` and `gs://`
/// URIs, ARNs and container image references.
///
/// Host names are matched case-insensitively with ports, userinfo and trailing dots removed.
/// A region captured from a host is accepted only when the catalog lists it or it has the
/// shape of the provider's (or partition's) region pattern, so a bucket called `us-east-1`
/// cannot pass for a region and look-alike hosts (`s3.amazonaws.com.evil.example`) match
/// nothing. Hosts that data can describe come from the catalog's `endpoints`.
public struct EndpointClassifier: Sendable {
    public let catalog: Catalog
    /// The catalog's exact hosts, for look-ups that do not scan the whole list for every string.
    private let exactHosts: [String: CatalogEndpoint]
    /// The `*.suffix` patterns by their `.suffix`, for looking up each suffix of a host.
    private let wildcardSuffixes: [String: CatalogEndpoint]
    /// Answers of `isRegion` for regions the catalog does not list, shared by every copy.
    private let regionAnswers = SharedCache<String, Bool>(limit: 10_000)
    /// Provider → listed region → its partition (empty for providers without partitions).
    private let listedRegions: [String: [String: String]]
    /// The catalog's host patterns that name a region, most labels first.
    private let hostPatterns: [(entry: CatalogEndpoint, pattern: HostPattern)]
    private let providerIDs: [String]

    public init(catalog: Catalog = .builtin) {
        self.catalog = catalog
        var exact: [String: CatalogEndpoint] = [:]
        for endpoint in catalog.endpoints where !endpoint.isWildcard {
            exact[endpoint.host] = exact[endpoint.host] ?? endpoint
        }
        exactHosts = exact
        var suffixes: [String: CatalogEndpoint] = [:]
        hostPatterns = catalog.endpoints.compactMap { endpoint in
            guard endpoint.isPattern, let pattern = HostPattern(endpoint.host) else { return nil }
            return (endpoint, pattern)
        }.sorted { $0.pattern.labels.count > $1.pattern.labels.count }
        providerIDs = catalog.providers.map(\.id)
        for endpoint in catalog.endpoints where endpoint.isWildcard {
            let suffix = String(endpoint.host.dropFirst())
            suffixes[suffix] = suffixes[suffix] ?? endpoint
        }
        wildcardSuffixes = suffixes
        var regions: [String: [String: String]] = [:]
        for provider in catalog.providers {
            for region in provider.regions {
                regions[provider.id, default: [:]][region.id] = region.partition ?? ""
            }
        }
        listedRegions = regions
    }

    /// Classifies any of the supported forms; a bare word (`nginx`) is not guessed to be an
    /// image here, use `classify(image:)` for fields known to hold one.
    public func classify(_ text: some StringProtocol) -> Endpoint? {
        let trimmed = text.trimming(" \t\r\n\"'<>")
        guard !trimmed.isEmpty else { return nil }
        if trimmed.hasPrefix("arn:") { return classify(arn: trimmed) }
        if trimmed.firstRange(ofASCII: "://") != nil { return classify(url: trimmed) }
        let slash = trimmed.firstIndex(of: "/") ?? trimmed.endIndex
        let host = trimmed[..<slash]
        guard host.contains(".") || host.hasPrefix("localhost:") else { return nil }
        let path = trimmed[slash...]
        guard let endpoint = classify(host: host, path: path, evidence: .host) else { return nil }
        // `quay.io/org/app:1.2` on a registry host is an image reference.
        if !path.isEmpty, Self.isRegistryService(endpoint), let image = classify(image: trimmed) {
            return image
        }
        return endpoint
    }

    /// Classifies `scheme://…`: `s3://`, `gs://`, and network URLs by host and path.
    public func classify(url input: some StringProtocol) -> Endpoint? {
        let text = String(input)
        guard let separator = text.firstRange(ofASCII: "://") else { return nil }
        let scheme = text[..<separator.lowerBound].lowercased()
        let rest = text[separator.upperBound...]
        let authorityEnd = rest.firstIndex { $0 == "/" || $0 == "?" || $0 == "#" } ?? rest.endIndex
        let authority = rest[..<authorityEnd]
        let path = rest[authorityEnd...].prefix { $0 != "?" && $0 != "#" }
        switch scheme {
        case "s3", "s3a", "s3n":
            // Go CDK's form (`s3://b?region=us-east-1&endpoint=minio:9000`): a bucket on the
            // endpoint the URL names is that store's (an S3-compatible one of the deployment,
            // unless the endpoint is AWS's own), not an AWS bucket; the region it names is
            // the bucket's.
            let query = Self.queryParameters(of: rest)
            if let endpoint = query["endpoint"], !endpoint.isEmpty {
                let named = endpoint.contains("://") ? classify(url: endpoint) : classify(host: endpoint, path: "", evidence: .url)
                guard var named, named.provider == "aws", named.service == "s3" else { return nil }
                named.bucket = String(authority)
                return named
            }
            guard var endpoint = s3URI(bucket: authority) else { return nil }
            if let region = query["region"], isRegion(region, provider: "aws") { endpoint.region = region }
            return endpoint
        case "gs":
            guard Self.isBucketName(authority) else { return nil }
            return Endpoint(
                provider: "gcp", service: "gcs", bucket: String(authority), host: "storage.googleapis.com",
                evidence: .gsURI)
        case "docker", "oci":
            return classify(image: rest)
        default:
            return classify(host: authority, path: path, evidence: .url)
        }
    }

    /// The parameters of a URL's query (the text after its `?`, up to a `#`), by name; the
    /// first of a name wins (an empty one too: an empty `endpoint` is AWS's default). Names and
    /// values are percent-decoded, as Go's `url.Query` gives them (text that does not decode is
    /// taken as written).
    static func queryParameters(of rest: Substring) -> [String: String] {
        guard let question = rest.firstIndex(of: "?") else { return [:] }
        let query = rest[rest.index(after: question)...].prefix { $0 != "#" }
        var parameters: [String: String] = [:]
        // As Go's `url.ParseQuery`: names decoded too, a name without `=` has the empty value,
        // and the first value of a name is the one `Get` gives.
        for pair in query.split(separator: "&") {
            let parts = pair.split(separator: "=", maxSplits: 1, omittingEmptySubsequences: false)
            let name = Self.percentDecoded(parts[0]) ?? String(parts[0])
            guard parameters[name] == nil else { continue }
            parameters[name] = parts.count == 2 ? Self.percentDecoded(parts[1]) ?? String(parts[1]) : ""
        }
        return parameters
    }

    /// `%XX` escapes decoded (and `+` as a space, as in a query); nil when an escape is not
    /// two hex digits or the bytes are not UTF-8.
    static func percentDecoded(_ text: Substring) -> String? {
        var bytes: [UInt8] = []
        var iterator = Array(text.utf8).makeIterator()
        func hex(_ byte: UInt8) -> UInt8? {
            switch byte {
            case 0x30...0x39: byte - 0x30
            case 0x41...0x46: byte - 0x41 + 10
            case 0x61...0x66: byte - 0x61 + 10
            default: nil
            }
        }
        while let byte = iterator.next() {
            if byte == 0x25 {
                guard let high = iterator.next().flatMap(hex), let low = iterator.next().flatMap(hex) else { return nil }
                bytes.append(high << 4 | low)
            } else {
                bytes.append(byte == 0x2B ? 0x20 : byte)
            }
        }
        return String(validating: bytes, as: UTF8.self)
    }

    /// Classifies a host (with optional port and userinfo) and, for path-style storage URLs,
    /// the path after it.
    public func classify(
        host rawHost: some StringProtocol, path input: some StringProtocol = "", evidence: Endpoint.Evidence = .host
    ) -> Endpoint? {
        let host = HostName.normalize(rawHost)
        let path = String(input)
        guard HostName.isWellFormed(host) else { return nil }
        let labels = host.split(separator: ".").map(String.init)
        let firstSegment = path.split(separator: "/").first.map(String.init)
        if let endpoint = catalogEndpoint(host: host, evidence: evidence) { return endpoint }
        if let endpoint = aws(host: host, firstPathSegment: firstSegment, evidence: evidence) {
            return endpoint
        }
        if let endpoint = gcp(host: host, labels: labels, firstPathSegment: firstSegment, evidence: evidence) {
            return endpoint
        }
        if let endpoint = azure(host: host, labels: labels, evidence: evidence) { return endpoint }
        return nil
    }

    /// Classifies a container image reference by its registry, keeping repository and tag.
    /// Nil for references to registries the classifier does not know (`localhost:5000/x`).
    public func classify(image text: some StringProtocol) -> Endpoint? {
        guard let image = ImageReference(parsing: text) else { return nil }
        let registryHost = HostName.normalize(image.registry)
        guard var endpoint = classify(host: registryHost, path: "/" + image.repository, evidence: .image),
            Self.isRegistryService(endpoint)
        else { return nil }
        endpoint.evidence = .image
        endpoint.repository = image.repository
        endpoint.tag = image.tag
        endpoint.digest = image.digest
        return endpoint
    }

    /// Whether an endpoint serves container images.
    static func isRegistryService(_ endpoint: Endpoint) -> Bool {
        ["registry", "ecr", "ecr-public", "artifactregistry", "acr", "mcr"].contains(endpoint.service)
    }

    /// An entry of the catalog's `endpoints` for the host.
    func catalogEndpoint(host: String, evidence: Endpoint.Evidence) -> Endpoint? {
        if exactHosts[host] == nil, let placed = patternEndpoint(host: host, evidence: evidence) { return placed }
        guard let entry = exactHosts[host] ?? wildcardEndpoint(host: host) else { return nil }
        switch entry.target {
        case .saas(let id):
            return Endpoint(provider: nil, service: entry.kind, saas: id, host: host, evidence: evidence)
        case .service(let provider, let service, let placement):
            var endpoint = Endpoint(provider: provider, service: service, host: host, evidence: evidence)
            if provider == "aws" { endpoint.partition = awsPartitions(of: host)?.partitions.first }
            switch placement {
            case .global: endpoint.isGlobal = true
            case .region(let region): endpoint.region = region
            case .multiRegion(let location): endpoint.location = location
            }
            return endpoint
        }
    }

    /// A SaaS host that names the region it runs in (`*.{region}.{provider}.neon.tech`): the
    /// SaaS, with the provider and region when the region is one of the provider's.
    func patternEndpoint(host: String, evidence: Endpoint.Evidence) -> Endpoint? {
        for (entry, pattern) in hostPatterns where host.hasSuffix(pattern.literalSuffix) {
            guard case .saas(let id) = entry.target else { continue }
            for reading in pattern.matches(host, providers: providerIDs) where isRegion(reading.region, provider: reading.provider) {
                return Endpoint(provider: reading.provider, service: entry.kind, region: reading.region, saas: id, host: host, evidence: evidence)
            }
        }
        return nil
    }

    /// The longest `*.suffix` pattern matching a host: each suffix starting at a dot is looked
    /// up, longest first, instead of testing every pattern.
    func wildcardEndpoint(host: String) -> CatalogEndpoint? {
        let bytes = host.utf8
        var index = bytes.startIndex
        while let dot = bytes[index...].firstIndex(of: 0x2E) {
            if let entry = wildcardSuffixes[String(host[dot...])] { return entry }
            index = bytes.index(after: dot)
        }
        return nil
    }

    /// Whether `region` is a region of `provider` (restricted to `partition` when given):
    /// listed in the catalog, or shaped like the partition's or provider's region pattern.
    func isRegion(_ region: String, provider providerID: String, partition partitionID: String? = nil) -> Bool {
        if let partition = listedRegions[providerID]?[region] {
            return partitionID == nil || partition == partitionID
        }
        guard DomainIDSyntax.isSegment(region), let provider = catalog.provider(providerID) else { return false }
        // Compiling a pattern costs far more than matching it: each answer is kept.
        let question = "\(providerID)\u{0}\(partitionID ?? "")\u{0}\(region)"
        if let known = regionAnswers.value(for: question) { return known }
        var patterns = [provider.regionPattern].compactMap { $0 }
        if let partitionID {
            patterns = [provider.partition(partitionID)?.regionPattern].compactMap { $0 }
        } else {
            patterns += provider.partitions.compactMap(\.regionPattern)
        }
        let answer = patterns.contains { RegionPattern($0)?.matches(region) == true }
        regionAnswers.store(answer, for: question)
        return answer
    }

    /// S3 and GCS bucket names: 3–63 characters of lower-case letters, digits, `.`, `-`, `_`,
    /// starting and ending with a letter or digit, with no empty dot-separated label.
    static func isBucketName(_ name: some StringProtocol) -> Bool {
        guard (3...63).contains(name.count), let first = name.first, let last = name.last else { return false }
        return name.allSatisfy { $0.isASCII && ($0.isLowercase || $0.isNumber || $0 == "." || $0 == "-" || $0 == "_") }
            && (first.isLowercase || first.isNumber) && (last.isLowercase || last.isNumber)
            && name.firstRange(ofASCII: "..") == nil && name.firstRange(ofASCII: ".-") == nil && name.firstRange(ofASCII: "-.") == nil
    }
}

extension StringProtocol {
    /// The text without leading and trailing characters from `set`.
    fileprivate func trimming(_ set: String) -> Substring {
        let text = Substring(self)
        guard let start = text.firstIndex(where: { !set.contains($0) }),
            let end = text.lastIndex(where: { !set.contains($0) })
        else { return "" }
        return text[start...end]
    }
}
