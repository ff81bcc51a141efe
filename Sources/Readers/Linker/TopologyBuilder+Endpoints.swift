import Model

extension TopologyBuilder {
    /// Components for every endpoint named in a mention, as (component id, note) pairs. Hosts
    /// nothing in the catalog recognises (a service's own domain, a cluster-internal name) are
    /// not components: nothing is known about where they run.
    mutating func endpoints(in mention: Mention, path: String) -> [(id: String, note: String)] {
        // A setting's bare value names at most a Service (see `clusterServices`).
        guard mention.group != Mention.bareServiceName else { return [] }
        var found: [(String, String)] = []
        // A Terraform value in a Kubernetes object Terraform declares (`aws_db_instance.main.address`)
        // names the resource; the rest of such a text is no address.
        var text = mention.text
        if TerraformMarker.holdsMarker(text) {
            let ids = TerraformMarker.ids(in: .string(text))
            for id in ids {
                for target in has(id) ? [id] : componentIDs(withPrefix: id + "[") { found.append((target, "\(mention.context) at \(path):\(mention.line)")) }
            }
            // Unknown only in part (an account id, a path segment): the rest still names its
            // endpoint, `https://sqs.us-east-2.amazonaws.com/⟨?⟩/jobs`, unless the host is the unknown part.
            guard ids.isEmpty else { return found }
            text = text.replacingOccurrences(of: TerraformMarker.unknownPart, with: Self.unknownPartStandIn)
        }
        for (candidate, endpoint) in linker.classifiedCandidates(in: text) {
            // What stands for an unknown part may be an ARN's account or a path beyond what
            // names the endpoint, never its host, region, service, bucket or repository.
            if text != mention.text, candidate.contains(Self.unknownPartStandIn) {
                guard let endpoint else { continue }
                let naming = [endpoint.host, endpoint.region, endpoint.service, endpoint.bucket, endpoint.repository, endpoint.zone, endpoint.location]
                if naming.contains(where: { $0?.contains(Self.unknownPartStandIn) == true }) { continue }
            }
            guard let endpoint else {
                if let declared = Self.host(of: candidate).flatMap({ terraformComponent(forHost: $0) }) {
                    found.append((declared, "\(mention.context) at \(path):\(mention.line)"))
                }
                continue
            }
            // `quay.io/org/reloader:v1` handed to a container as an argument is an image the
            // workload will run or start, pulled from that registry, not a URL of it.
            if Self.isRegistry(endpoint), !candidate.contains("://"), Self.hasRegistryHost(candidate), imageReference(candidate) != nil,
                let image = imageComponent(ImageMention(reference: candidate, line: mention.line), path: path)
            {
                found.append((image, "\(mention.context) at \(path):\(mention.line)"))
                continue
            }
            found.append((endpointComponent(endpoint, path: path, line: mention.line), "\(mention.context) at \(path):\(mention.line)"))
        }
        return found
    }

    /// What stands for an unknown part of a text while its endpoints are found: an account id
    /// in form, so an ARN with an unknown account still parses.
    static let unknownPartStandIn = "000000000000"

    /// The Services of this repository an in-cluster address in a mention names, as
    /// (component id, note) pairs: `http://api:8080`, `api:8080`, `api.shop:8080`,
    /// `api.shop.svc.cluster.local`, resolved in `namespace` when it names none (a file baked
    /// into an image has no namespace: only its addresses naming one count). A bare word is
    /// not an address; a name with dots is one only where a Service of that name and namespace
    /// exists, so `api.shop` the public host is not taken for Service api in namespace shop.
    /// Every address is kept in `addresses`, with whether it names a Service.
    mutating func clusterServices(in mention: Mention, namespace: String?, path: String) -> [(id: String, note: String)] {
        // A setting's bare value (`REDIS_HOST: redis`) is an address only where its namespace
        // has a Service of that name; otherwise it is some other word, and no address at all.
        if mention.group == Mention.bareServiceName {
            // The setting's name is asked again here: a patch's value set by position is
            // named only once the patch is applied.
            let setting = mention.context.hasPrefix("env ") ? mention.context.dropFirst(4)
                : mention.context.hasPrefix("ConfigMap key ") ? mention.context.dropFirst("ConfigMap key ".count) : ""
            // A telemetry backend's Service (`otel-collector`) is written to, as an address.
            guard let namespace, linker.mayNeedAService(mention), KubernetesObject.namesAnAddress(setting: String(setting)),
                  !Self.isTelemetry(mention.text) else { return [] }
            let key = "\(namespace)/\(mention.text)"
            guard serviceNames.contains(key) else { return [] }
            addresses.append(AddressUse(service: key, path: path, line: mention.line, context: mention.context, resolves: true))
            return [("k8s:Service/\(key)", "\(mention.context) at \(path):\(mention.line)")]
        }
        let named = linker.clusterAddresses(in: mention.text)
        // Almost no mention names a host that could be a Service; the context is looked at only
        // for those that do.
        guard !named.isEmpty, linker.mayNeedAService(mention) else { return [] }
        var found: [(String, String)] = []
        for address in named {
            guard let namespace = address.namespace ?? namespace else { continue }
            let key = "\(namespace)/\(address.name)"
            let resolves = serviceNames.contains(key)
            addresses.append(AddressUse(service: key, path: path, line: mention.line, context: mention.context, resolves: resolves))
            guard resolves else { continue }
            let id = "k8s:Service/\(key)"
            if !found.contains(where: { $0.0 == id }) { found.append((id, "\(mention.context) at \(path):\(mention.line)")) }
        }
        return found
    }

    /// The in-cluster addresses a text may hold, as a Service name and the namespace it names
    /// (nil: the mention's own): `name`, `name.namespace` or `name.namespace.svc…`, with
    /// telemetry backends left out.
    static func clusterAddresses(in text: String) -> [(name: String, namespace: String?)] {
        clusterHosts(in: text).compactMap { host in
            let labels = host.split(separator: ".", omittingEmptySubsequences: false)
            guard labels.count == 1 || labels.count == 2 || labels[2] == "svc", !isTelemetry(labels[0]) else { return nil }
            return (String(labels[0]), labels.count == 1 ? nil : String(labels[1]))
        }
    }

    /// Whether a mention's address is one its workload needs to serve: an env value, argument
    /// or env-style ConfigMap entry (`API_URL: http://api:8080`), or an nginx `proxy_pass` or
    /// upstream; not a file kept in a ConfigMap (`prometheus.yml`'s scrape targets are what
    /// Prometheus watches, not what it needs), nor a telemetry setting (`ZIPKIN_URL`).
    static func mayNeedAService(_ mention: Mention) -> Bool {
        let context = mention.context
        // A container's env, or the `ENV` its image's Dockerfile sets.
        if context.hasPrefix("env ") || context.hasPrefix("ENV ") { return !isTelemetry(context.dropFirst(4)) }
        if context == "args" || context == "command" { return !isTelemetry(mention.text) }
        if context.hasPrefix("ConfigMap key ") {
            let key = context.dropFirst("ConfigMap key ".count)
            return !key.contains(".") && !isTelemetry(key)
        }
        return ["proxy_pass", "grpc_pass", "uwsgi_pass", "fastcgi_pass", "upstream "].contains { context.hasPrefix($0) }
    }

    /// Whether a name is a telemetry backend's or setting's: tracing, metrics and logging
    /// collectors are written to, and a service does not go down with them. Whole words only
    /// (`ZIPKIN_URL`, `kube-state-metrics`, `otel-collector`), so `HOTEL_API` and `temporal`
    /// are not.
    static func isTelemetry(_ name: some StringProtocol) -> Bool {
        name.lowercased().split { !($0 >= "a" && $0 <= "z") }.contains { telemetryWords.contains(String($0)) }
    }

    static let telemetryWords: Set<String> = [
        "zipkin", "jaeger", "otel", "otlp", "opentelemetry", "tracing", "trace", "traces", "tracer", "metric", "metrics",
        "prometheus", "statsd", "datadog", "sentry", "logstash", "fluent", "fluentd", "fluentbit", "loki", "tempo", "grafana",
        "newrelic", "honeycomb", "apm", "telemetry",
    ]

    /// Whether a mention is the value of a setting that names a link for people to follow —
    /// a runbook or documentation put into an alert's annotations or shown in a UI — which no
    /// workload connects to, so the host it names is no dependency. The setting is an env
    /// variable (`RUNBOOK_URL`, also a Dockerfile's `ENV`), an env-style ConfigMap key or a
    /// Helm value's path (`metrics.prometheusRule.runbookUrl`); other mentions are not.
    static func isDocumentationLink(_ mention: Mention) -> Bool {
        let context = mention.context
        for prefix in ["Helm value ", "env ", "ENV ", "ConfigMap key "] where context.hasPrefix(prefix) {
            return isDocumentationLink(setting: context.dropFirst(prefix.count))
        }
        return false
    }

    /// Whether a setting's name, or dotted path, names a link for people: its last word a link
    /// (`url`, `link`, …) right after a runbook or documentation word (`runbookUrl`,
    /// `RUNBOOK_URL`, `docsUrl`, `documentationURL`, `HELP_LINK`, `wiki.url`), or under a map of
    /// runbooks (`runbooks.highCPU`). What only has such a word somewhere is no link: a
    /// document store or a help service (`DOCS_BUCKET_URL`, `HELP_API_URL`, `RUNBOOK_DB_HOST`,
    /// `DOCDB_HOST`) is a dependency like any other.
    static func isDocumentationLink(setting: some StringProtocol) -> Bool {
        let segments = setting.split(separator: ".").map(Self.words(of:))
        if segments.dropLast().contains(where: { $0.count == 1 && runbookWords.contains($0[0]) }) { return true }
        let words = segments.flatMap { $0 }
        guard words.count >= 2, let last = words.last, linkWords.contains(last) else { return false }
        let before = words[words.count - 2]
        return runbookWords.contains(before) || documentationWords.contains(before)
    }

    static let runbookWords: Set<String> = ["runbook", "runbooks"]
    static let documentationWords: Set<String> = ["docs", "documentation", "wiki", "help", "handbook"]
    static let linkWords: Set<String> = ["url", "urls", "uri", "link", "links", "href"]

    /// The lower-cased words of a name written in any case: `runbookURL`, `RUNBOOK_URL`,
    /// `runbook-url` and `URLPath` are `runbook`, `url` and `url`, `path`. Digits end a word.
    static func words(of name: some StringProtocol) -> [String] {
        var words: [String] = []
        var word: [UInt8] = []
        var previous: UInt8 = 0
        func flush() {
            if !word.isEmpty { words.append(String(decoding: word, as: UTF8.self)) }
            word.removeAll(keepingCapacity: true)
        }
        for byte in name.utf8 {
            let isUpper = byte >= 0x41 && byte <= 0x5A, isLower = byte >= 0x61 && byte <= 0x7A
            let previousIsUpper = previous >= 0x41 && previous <= 0x5A, previousIsLower = previous >= 0x61 && previous <= 0x7A
            if !isUpper && !isLower {
                flush()
            } else if isUpper && previousIsLower {
                flush()
            } else if isLower && previousIsUpper && word.count > 1 {
                // `URLPath`: the capital before the first small letter opens the next word.
                let opening = word.removeLast()
                flush()
                word.append(opening)
            }
            if isUpper || isLower { word.append(byte | 0x20) }
            previous = byte
        }
        flush()
        return words
    }

    /// The hosts of a text's tokens that may be in-cluster addresses: the host of a URL, or of
    /// `host:port`, lower-cased, without port. Nothing is looked up here.
    static func clusterHosts(in text: String) -> [String] {
        // On the bytes: every mention of a commit passes through here, and almost none is an
        // in-cluster address; what is looked for is ASCII.
        var hosts: [String] = []
        var text = text
        text.withUTF8 { bytes in
            var start = 0
            while start < bytes.count {
                var end = start
                while end < bytes.count, !Self.separatesTokens(bytes[end]) { end += 1 }
                if end > start, let host = Self.clusterHost(bytes, start, end) { hosts.append(host) }
                start = end + 1
            }
        }
        return hosts
    }

    private static func separatesTokens(_ byte: UInt8) -> Bool {
        switch byte {
        case 0x20, 0x09, 0x2C, 0x3B, 0x22, 0x27, 0x28, 0x29, 0x3C, 0x3E, 0x5B, 0x5D, 0x7B, 0x7D, 0x7C: true
        default: false
        }
    }

    /// The host of the token `bytes[start..<end]` when it may be an in-cluster address: a
    /// URL's, or one followed by a port or ending in `.svc…`; lower-cased.
    private static func clusterHost(_ bytes: UnsafeBufferPointer<UInt8>, _ start: Int, _ end: Int) -> String? {
        var scheme: Int?
        var index = start
        while index + 2 < end {
            if bytes[index] == 0x3A, bytes[index + 1] == 0x2F, bytes[index + 2] == 0x2F { scheme = index; break }
            index += 1
        }
        // `KEY=value` and `--flag=value`: the value starts after a `=` that comes before any scheme.
        var hostStart = start
        if let equals = (start..<(scheme ?? end)).first(where: { bytes[$0] == 0x3D }) { hostStart = equals + 1 }
        if let scheme { hostStart = scheme + 3 }
        var authorityEnd = hostStart
        while authorityEnd < end, bytes[authorityEnd] != 0x2F, bytes[authorityEnd] != 0x3F, bytes[authorityEnd] != 0x23 { authorityEnd += 1 }
        for at in hostStart..<authorityEnd where bytes[at] == 0x40 { hostStart = at + 1 }
        var hostEnd = hostStart
        while hostEnd < authorityEnd, bytes[hostEnd] != 0x3A { hostEnd += 1 }
        guard hostEnd > hostStart else { return nil }
        var lowered: [UInt8] = []
        lowered.reserveCapacity(hostEnd - hostStart)
        var dots = 0
        for offset in hostStart..<hostEnd {
            var byte = bytes[offset]
            if byte >= 0x41, byte <= 0x5A { byte |= 0x20 }
            guard (byte >= 0x61 && byte <= 0x7A) || (byte >= 0x30 && byte <= 0x39) || byte == 0x2D || byte == 0x2E else { return nil }
            if byte == 0x2E { dots += 1 }
            lowered.append(byte)
        }
        guard lowered[0] != 0x2D, lowered[0] != 0x2E else { return nil }
        let isService = lowered.count >= 5 && lowered.indices.dropLast(3).contains { lowered[$0] == 0x2E && lowered[$0 + 1] == 0x73 && lowered[$0 + 2] == 0x76 && lowered[$0 + 3] == 0x63 }
        // `name`, `name.namespace` or `name.namespace.svc…`: a public host has more labels.
        guard dots < 2 || isService else { return nil }
        if scheme == nil {
            // `api:8080` (a port after the host) or `api.shop.svc…`; never a bare word.
            let hasPort = hostEnd + 1 < authorityEnd && bytes[hostEnd] == 0x3A
                && (hostEnd + 1..<authorityEnd).allSatisfy { bytes[$0] >= 0x30 && bytes[$0] <= 0x39 }
            guard hasPort || isService else { return nil }
        }
        return String(decoding: lowered, as: UTF8.self)
    }

    /// The requirements mentions make: one for each endpoint or Service a mention names (but
    /// a documentation link's, see ``isDocumentationLink(_:)``), and one for each group of
    /// alternatives (an nginx `upstream`'s servers), which any of the endpoints its mentions
    /// name will satisfy. A group with a member Faultline cannot place
    /// (an internal host) needs nothing it can judge: that member never goes down here.
    mutating func requirements(of mentions: [Mention], path: String, namespace: String?) -> [Requirement] {
        var result: [Requirement] = []
        var groups: [(name: String, alternatives: [String], line: Int, note: String, placed: Bool)] = []
        for mention in Self.groupingClientFailover(mentions) {
            guard !linker.isDocumentationLink(mention) else { continue }
            let found = endpoints(in: mention, path: path) + clusterServices(in: mention, namespace: namespace, path: path)
            guard let group = mention.group, group != Mention.bareServiceName else {
                result += found.map { Requirement($0.id, provenance: provenance(path, mention.line), note: $0.note) }
                continue
            }
            // An nginx fallback Faultline cannot place (a local maintenance sidecar) is no
            // alternative it can judge: the pass it stands in for stays needed.
            let placed = !found.isEmpty || mention.context.contains(" in fallback @")
            guard let index = groups.firstIndex(where: { $0.name == group }) else {
                groups.append((group, found.map(\.id), mention.line, "\(group) at \(path):\(mention.line)", placed))
                continue
            }
            groups[index].alternatives += found.map(\.id)
            groups[index].placed = groups[index].placed && placed
        }
        for group in groups where group.placed {
            result.append(Requirement(anyOf: group.alternatives, provenance: provenance(path, group.line), note: group.note))
        }
        return result
    }

    /// A client configured with both endpoints fails over by itself (docs/design.md §2.5): env
    /// settings of one container whose names differ only by a failover word
    /// (`ASSETS_URL`, `ASSETS_FAILOVER_URL`; `DB_HOST`, `DB_HOST_SECONDARY`) are one group,
    /// any of which will do. (A list in one setting is not: `UPSTREAM_URLS` may name different
    /// backends, each needed.) Mentions already in a group keep it.
    static func groupingClientFailover(_ mentions: [Mention]) -> [Mention] {
        func setting(_ mention: Mention) -> Substring? {
            guard mention.group == nil, mention.context.hasPrefix("env ") else { return nil }
            return mention.context.dropFirst(4)
        }
        // Each env setting's key: its container and its name without failover words.
        var keys: [String?] = [], names: [String: Set<Substring>] = [:], failover: Set<String> = []
        for mention in mentions {
            guard let name = setting(mention) else {
                keys.append(nil)
                continue
            }
            let words = name.uppercased().split(separator: "_")
            let kept = words.filter { !failoverWords.contains(String($0)) }
            let key = "\(mention.container ?? "")\u{0}" + kept.joined(separator: "_")
            keys.append(key)
            names[key, default: []].insert(name)
            if kept.count < words.count { failover.insert(key) }
        }
        // Most workloads have no such pair: their mentions are kept as they are.
        let groups = failover.compactMap { key in names[key].flatMap { $0.count > 1 ? (key, "env \($0.sorted().joined(separator: " or "))") : nil } }
        guard !groups.isEmpty else { return mentions }
        let groupOf = Dictionary(uniqueKeysWithValues: groups)
        return zip(mentions, keys).map { mention, key in
            guard let key, let group = groupOf[key] else { return mention }
            var grouped = mention
            grouped.group = group
            return grouped
        }
    }

    // Not REPLICA (a read replica is needed besides the primary) nor BACKUP (a place backups go).
    static let failoverWords: Set<String> = ["FAILOVER", "FALLBACK", "SECONDARY", "STANDBY", "DR", "PRIMARY"]

    /// Whether an endpoint is a container registry (its component is a `registry`).
    static func isRegistry(_ endpoint: Endpoint) -> Bool {
        endpoint.bucket == nil && endpoint.service != "cloudfront"
            && (endpoint.evidence == .image || endpoint.service == "registry" || endpoint.service == "ecr")
    }

    /// The component standing for a classified endpoint, created on first use.
    mutating func endpointComponent(_ endpoint: Endpoint, path: String, line: Int) -> String {
        if let declared = terraformComponent(for: endpoint) { return declared }
        let id = Self.endpointID(endpoint)
        let (sites, needed) = placement(of: endpoint, id: id, path: path, line: line)
        let kind: Component.Kind = endpoint.bucket != nil ? .bucket
            : endpoint.service == "cloudfront" ? .cdn
            : Self.isRegistry(endpoint) ? .registry
            : .externalEndpoint
        addParts(id: id, kind: kind, sites: sites, needed: needed, provenance: [provenance(path, line)])
        return id
    }

    /// The lower-cased host of a URL or bare `host/path`, without port or credentials.
    static func host(of candidate: some StringProtocol) -> String? {
        var rest = Substring(candidate)
        if let scheme = rest.firstRange(ofASCII: "://") { rest = rest[scheme.upperBound...] } else if rest.hasPrefix("//") { rest = rest.dropFirst(2) }
        let authority = rest.prefix { $0 != "/" && $0 != "?" && $0 != "#" }
        let host = authority.split(separator: "@").last.map { $0.split(separator: ":").first.map(String.init) ?? "" } ?? ""
        return host.isEmpty ? nil : host.lowercased()
    }

    /// `url:HOST`, or `url:HOST/BUCKET` when the bucket is in the path (path-style S3, `s3://`).
    static func endpointID(_ endpoint: Endpoint) -> String {
        if let bucket = endpoint.bucket, !endpoint.host.hasPrefix(bucket + ".") {
            return "url:\(endpoint.host)/\(bucket)"
        }
        return "url:\(endpoint.host)"
    }

    /// Where an endpoint runs: the domains it implies, a SaaS's placement, or an unknown
    /// placement with a note saying how to make it known. `id` is the component standing for
    /// it (`url:…` or `registry:…`); the unknown placement is named by what follows the kind.
    mutating func placement(of endpoint: Endpoint, id: String, path: String, line: Int) -> ([Site], Int) {
        if let saas = endpoint.saas {
            let (sites, needed) = placement(ofSaaS: saas)
            // Where the host says it runs (a Neon database in us-east-2), every site needs that region.
            guard let provider = endpoint.provider, let region = endpoint.region,
                  let domain = linker.failureDomain("region:\(provider)/\(region)")
            else { return (sites, needed) }
            return (sites.map { Site($0.domains + [domain]) }, needed)
        }
        let domains = endpoint.domainIDs.compactMap { linker.failureDomain($0) }
        if !domains.isEmpty { return ([Site(domains)], 1) }
        if !has(id) {
            // Buckets, storage accounts and registries join the Terraform resource declaring
            // them; an application or database service (App Service, Cloud Run) does not.
            let joinable = endpoint.bucket != nil || endpoint.service == "acr" || EndpointClassifier.azureStorageServices.contains(endpoint.service)
            let place = endpoint.provider.map { "in an unknown region of \($0), failing with \($0) as a whole" } ?? "nowhere known"
            note("the region of \(endpoint.bucket.map { "bucket \($0)" } ?? endpoint.host) is unknown, so it is placed \(place)",
                 detail: joinable ? "declare where it lives (a Terraform resource, or a regional endpoint URL)"
                     : "its host name does not say its region; a regional endpoint URL does, where the service has one",
                 path: path, line: line)
        }
        let name = id.firstIndex(of: ":").map { id[id.index(after: $0)...] } ?? id[...]
        // A known provider's host whose region is not known still goes down with that
        // provider (docs/design.md §1), besides in a scenario of its own.
        let region = endpoint.provider.map { FailureDomain.unknown("region/\($0)") }
        return ([Site([.unknown("placement/\(name)")] + (region.map { [$0] } ?? []))], 1)
    }

    /// A SaaS's own domain, plus — for a SaaS that survives losing some of its sites — each of
    /// those sites, with the catalog's `needed`.
    func placement(ofSaaS id: String) -> ([Site], Int) {
        let own = FailureDomain.saas(id)
        guard let saas = linker.catalog.saas(id), !saas.sites.isEmpty, saas.needed < saas.sites.count else {
            return ([Site([own])], 1)
        }
        let sites = saas.sites.map { site in Site(site.compactMap { FailureDomain(id: $0) } + [own]) }
        return (sites, saas.needed)
    }

    /// Files every nginx installation ships (`include mime.types;` in the stock `nginx.conf`):
    /// a repository seldom keeps them, and they name no endpoint, so their absence is no news.
    static let nginxShippedFiles: Set<String> = [
        "mime.types", "fastcgi_params", "fastcgi.conf", "scgi_params", "uwsgi_params", "koi-utf", "koi-win", "win-utf",
    ]

    /// Files with endpoints become components (`file:PATH`) that the workloads and images
    /// shipping them require; ConfigMaps with endpoints likewise (`k8s:ConfigMap/NS/NAME`).
    mutating func linkFiles() {
        for file in files {
            let requirements = self.requirements(of: file.mentions, path: file.path, namespace: nil)
            if !requirements.isEmpty || !file.includes.isEmpty {
                let id = "file:\(file.path)"
                fileComponents[file.path] = id
                addParts(id: id, kind: .other, requirements: requirements, provenance: [provenance(file.path, 1)])
            }
            for configMap in file.configMaps {
                var requirements = self.requirements(of: configMap.mentions, path: file.path, namespace: configMap.namespace)
                for patched in configMap.patchedMentions {
                    requirements += self.requirements(of: patched.mentions, path: patched.path, namespace: configMap.namespace)
                }
                addParts(
                    id: "k8s:ConfigMap/\(configMap.namespace)/\(configMap.name)", kind: .other,
                    requirements: requirements, provenance: [provenance(file.path, configMap.line)])
            }
        }
        // Includes resolve once every file has had its chance to become a component. The paths
        // are split once, and each include is resolved once per folder: a file of many includes
        // must not split every path of the commit for each.
        guard files.contains(where: { !$0.includes.isEmpty }) else { return }
        let paths = files.map { (path: $0.path, parts: $0.path.split(separator: "/").map(String.init)) }
        var resolved: [String: [String]] = [:]
        for file in files where !file.includes.isEmpty {
            let folder = file.path.utf8.lastIndex(of: 0x2F).map { String(file.path[..<$0]) } ?? ""
            if file.includes.count > Self.maxIncludes {
                warn("\(file.includes.count) includes, more than the \(Self.maxIncludes) Faultline follows in one file; the rest are not read",
                     detail: "no nginx configuration needs this many; check the file was not generated by mistake",
                     path: file.path, line: file.includes[Self.maxIncludes].line)
            }
            for include in file.includes.prefix(Self.maxIncludes) {
                let key = include.path + "\u{0}" + folder
                let found = resolved[key] ?? resolve(include, from: file.path, paths: paths)
                resolved[key] = found
                let targets = found.filter { $0 != file.path }
                // A mask matching nothing is no error to nginx (the image may hold the files).
                if targets.isEmpty, !include.path.utf8.contains(0x2A),
                   !Self.nginxShippedFiles.contains(include.path.split(separator: "/").last.map(String.init) ?? "") {
                    warn("include \(include.path) matches no file of this commit", detail: "Faultline reads includes only from the same tree",
                         path: file.path, line: include.line)
                }
                for target in targets {
                    guard let targetID = fileComponents[target] else { continue }
                    require("file:\(file.path)", Requirement(targetID, provenance: provenance(file.path, include.line), note: "include \(include.path)"))
                }
            }
        }
    }

    /// The most includes followed in one file.
    static let maxIncludes = 1_000

    /// The files of this commit an include names: relative to the including file's folder or,
    /// failing that, to one of its ancestors, closest first (nginx reads a relative include
    /// from the main configuration's folder, which holds the including file somewhere below
    /// it); for an absolute path, trying each suffix of it that keeps a folder (deployments
    /// mount configs at paths like /etc/nginx/conf.d/ that mirror a folder of the repository),
    /// of the matches those closest to the including file. A file name alone is not matched
    /// anywhere in the repository: `/etc/nginx/conf.d/*.conf` is the image's folder unless the
    /// repository has a `conf.d` to mount there, not every `.conf` file of it. No file includes
    /// itself (the caller drops it: the resolution is shared by the folder). `*` matches
    /// within one path segment, and not a leading `.`, as glob(3) does for nginx.
    func resolve(_ reference: PathReference, from path: String, paths: [(path: String, parts: [String])]) -> [String] {
        let folder = path.split(separator: "/").dropLast().map(String.init)
        let written = reference.path.split(separator: "/").map(String.init)
        let absolute = reference.path.hasPrefix("/")
        var patterns: [[String]] = []
        if absolute {
            for start in written.indices where start == 0 || written.count - start >= 2 { patterns.append(Array(written[start...])) }
        } else {
            for depth in stride(from: folder.count, through: 0, by: -1) { patterns.append(Array(folder.prefix(depth)) + written) }
        }
        for pattern in patterns {
            let matches = paths.filter { candidate in
                let parts = candidate.parts
                guard parts.count >= pattern.count else { return false }
                let tail = absolute ? Array(parts.suffix(pattern.count)) : parts
                return tail.count == pattern.count && zip(tail, pattern).allSatisfy { Self.glob($1, matches: $0) }
            }
            guard !matches.isEmpty else { continue }
            guard absolute, matches.count > 1 else { return matches.map(\.path) }
            // The folder mounted is the including file's own deployment's: of two services'
            // `nginx/conf.d`, the one sharing the most folders with the including file.
            func shared(_ parts: [String]) -> Int { zip(parts.dropLast(), folder).prefix { $0 == $1 }.count }
            let closest = matches.map { shared($0.parts) }.max() ?? 0
            return matches.filter { shared($0.parts) == closest }.map(\.path)
        }
        return []
    }

    static func glob(_ pattern: String, matches text: String) -> Bool {
        guard pattern.utf8.contains(0x2A) else { return pattern == text }
        if text.hasPrefix("."), !pattern.hasPrefix(".") { return false }
        let pieces = pattern.split(separator: "*", omittingEmptySubsequences: false).map(String.init)
        var rest = Substring(text)
        for (index, piece) in pieces.enumerated() {
            if index == 0 {
                guard rest.hasPrefix(piece) else { return false }
                rest = rest.dropFirst(piece.count)
            } else if index == pieces.count - 1 {
                return rest.hasSuffix(piece)
            } else if let range = rest.firstRange(of: piece) {
                rest = rest[range.upperBound...]
            } else {
                return false
            }
        }
        return rest.isEmpty
    }
}
