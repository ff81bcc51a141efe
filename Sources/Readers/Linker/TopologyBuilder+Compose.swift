import Model

extension TopologyBuilder {
    /// A service of a machine, its parts each located in the Compose file that gave it.
    struct HostService {
        var name: String
        var path: String
        var line: Int
        var image: (path: String, mention: ImageMention)?
        /// By key, in the order first set; a later file's value replaces an earlier one's.
        var environment: [String: (path: String, variable: ComposeFact.Variable)] = [:]
        var keys: [String] = []
        var command: (path: String, mentions: [Mention])?
        var published: (path: String, line: Int)?
        var dependsOn: [(path: String, reference: NamedReference)] = []
    }

    /// The Compose files a machine runs: those `.faultline.yaml` lists, and — when it lists one
    /// file of the default name (`compose.yaml`, `docker-compose.yml`) — the override file
    /// beside it that `docker compose up` merges in by itself.
    func composeFiles(of host: HostFact) -> [String] {
        let listed = host.compose.map(HostFact.repositoryPath)
        guard listed.count == 1, let only = listed.first else { return listed }
        let name = only.fileName, folder = KustomizeRenderings.folder(of: only)
        guard ["compose.yaml", "compose.yml", "docker-compose.yaml", "docker-compose.yml"].contains(name) else { return listed }
        let stem = name.hasPrefix("docker-") ? "docker-compose" : "compose"
        let overrides = ["yaml", "yml"].map { (folder.isEmpty ? "" : folder + "/") + "\(stem).override.\($0)" }
        return listed + overrides.filter { filesByPath[$0]?.compose != nil }.prefix(1)
    }

    /// The services of a machine's Compose files, merged in order as `docker compose -f a.yaml
    /// -f b.yaml` merges them: by service, a later file's `image` replacing an earlier one's,
    /// its environment replacing by key, its `command` or `entrypoint` replacing whole, its
    /// ports and dependencies added.
    /// Each host's services, merged once a link (by `linkImages`, which needs their images
    /// first): hosts running the same files share one merge.
    func composeServices(of host: HostFact) -> [HostService] {
        if let merged = composeMerges[composeFiles(of: host)] { return merged }
        return mergedServices(of: host)
    }

    private func mergedServices(of host: HostFact) -> [HostService] {
        var order: [String] = []
        var merged: [String: HostService] = [:]
        for path in composeFiles(of: host) {
            guard let compose = filesByPath[path]?.compose else { continue }
            for service in compose.services {
                var known = merged[service.name] ?? HostService(name: service.name, path: path, line: service.line)
                if merged[service.name] == nil { order.append(service.name) }
                if let image = service.image { known.image = (path, image) }
                for variable in service.environment {
                    if known.environment[variable.key] == nil { known.keys.append(variable.key) }
                    known.environment[variable.key] = (path, variable)
                }
                if service.setsCommand { known.command = (path, service.commandMentions) }
                if known.published == nil, let line = service.published { known.published = (path, line) }
                known.dependsOn += service.dependsOn.map { (path, $0) }
                merged[service.name] = known
            }
        }
        return order.compactMap { merged[$0] }
    }

    /// Each service of a machine's Compose files is a workload `compose:HOST/SERVICE` on that
    /// machine (`host:HOST`, and its zone or region when `.faultline.yaml` gives one): it needs
    /// its image, the endpoints its environment names, and the services of the same machine
    /// it depends on or addresses by name (`http://api:8080`, `CACHE_HOST: cache`); a
    /// published port makes it face users. A Compose file no host names is not part of the
    /// topology.
    ///
    /// What the hosts add is bounded (``composeLimit`` components and requirements, shared
    /// fairly: each host may use its share of what is left), and a host past its share is left
    /// out whole, with a warning: a thousand hosts each running a file of services that all
    /// depend on each other would otherwise be millions from a small change, and a host cut
    /// halfway would leave its other services needing ones that are not there.
    mutating func linkCompose() {
        guard let hosts = config?.hosts, !hosts.isEmpty else { return }
        var left = Self.composeLimit
        for (index, host) in hosts.enumerated() {
            var domains: [FailureDomain] = [.host(host.name)]
            if let provider = host.provider, let region = host.region {
                domains.append(host.zone.map { FailureDomain.zone(provider: provider, region: region, zone: $0) } ?? .region(provider: provider, region: region))
            }
            for path in host.compose {
                guard let facts = filesByPath[HostFact.repositoryPath(path)]?.compose else {
                    warn("host \(host.name) runs \(path.isEmpty ? "an empty path" : path), which is not a Compose file of this commit",
                         detail: "name the file as the repository has it (compose.yaml, docker-compose.yml, docker-compose.prod.yml)",
                         path: configPath, line: host.line)
                    continue
                }
                if facts.services.isEmpty {
                    warn("host \(host.name) runs \(path), which declares no services", detail: "Compose reads the services under `services:`",
                         path: configPath, line: host.line)
                }
            }
            let services = composeServices(of: host)
            // What the host would add, at most, worked out before building any of it.
            let estimate = services.reduce(0) { total, service in
                total + 2 + service.dependsOn.count + service.keys.reduce(0) { $0 + 1 + (service.environment[$1]?.variable.mentions.count ?? 0) }
                    + (service.command?.mentions.count ?? 0)
            }
            let share = left / (hosts.count - index)
            guard estimate <= share else {
                warn("host \(host.name) runs more Compose services and requirements than its share of the \(Self.composeLimit) a commit's hosts may add; it is not read",
                     detail: "no deployment needs this many; look for many hosts running one large Compose file", path: configPath, line: host.line)
                continue
            }
            let names = Set(services.map(\.name))
            func id(_ service: String) -> String { "compose:\(host.name)/\(service)" }
            var parts: [(service: HostService, requirements: [Requirement])] = []
            for service in services {
                var requirements: [Requirement] = []
                if let (path, image) = service.image, let imageID = imageID(image.reference) {
                    requirements.append(Requirement(imageID, provenance: provenance(path, image.line), note: "runs \(image.reference)"))
                }
                var mentions: [(path: String, mentions: [Mention])] = service.keys.compactMap { key in
                    service.environment[key].map { ($0.path, $0.variable.mentions) }
                }
                if let command = service.command { mentions.append(command) }
                for (path, found) in mentions {
                    requirements += self.requirements(of: found, path: path, namespace: nil)
                    for mention in found {
                        guard let name = Self.host(of: mention.text), names.contains(name), name != service.name else { continue }
                        requirements.append(Requirement(id(name), provenance: provenance(path, mention.line), note: "\(mention.context) at \(path):\(mention.line)"))
                    }
                }
                // A variable whose whole value is another service's name (`CACHE_HOST: cache`).
                for key in service.keys {
                    guard let (path, variable) = service.environment[key], names.contains(variable.value), variable.value != service.name else { continue }
                    requirements.append(Requirement(id(variable.value), provenance: provenance(path, variable.line), note: "env \(key) at \(path):\(variable.line)"))
                }
                for (path, dependency) in service.dependsOn where names.contains(dependency.name) && dependency.name != service.name {
                    requirements.append(Requirement(id(dependency.name), provenance: provenance(path, dependency.line), note: "depends_on"))
                }
                parts.append((service, requirements))
            }
            left -= parts.reduce(0) { $0 + 1 + $1.requirements.count }
            for (service, requirements) in parts {
                addParts(
                    id: id(service.name), kind: .workload, sites: [Site(domains)], requirements: requirements,
                    provenance: [provenance(service.published?.path ?? service.path, service.published?.line ?? service.line)],
                    isEntrypoint: service.published != nil)
            }
        }
    }

    /// Merges the services of every distinct set of Compose files the hosts run, once.
    mutating func mergeComposeFiles() {
        for host in config?.hosts ?? [] {
            let files = composeFiles(of: host)
            if composeMerges[files] == nil { composeMerges[files] = mergedServices(of: host) }
        }
    }

    /// The most components and requirements the Compose services of one commit's hosts add.
    static let composeLimit = 100_000
}
