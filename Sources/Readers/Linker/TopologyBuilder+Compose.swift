import Model

extension TopologyBuilder {
    /// A service of a machine, its parts each located in the Compose file that gave it.
    struct HostService {
        var name: String
        var path: String
        var line: Int
        var image: (path: String, mention: ImageMention)?
        var mentions: [(path: String, mentions: [Mention])] = []
        var published: (path: String, line: Int)?
        var dependsOn: [(path: String, reference: NamedReference)] = []
    }

    /// The Compose files `.faultline.yaml` says a machine runs (`hosts:`), merged in order as
    /// `docker compose -f a.yaml -f b.yaml` merges them: by service, a later file's `image`
    /// replacing an earlier one's, its environment, ports and dependencies added.
    func composeServices(of host: HostFact) -> [HostService] {
        var order: [String] = []
        var merged: [String: HostService] = [:]
        for written in host.compose {
            let path = Self.repositoryPath(written)
            guard let compose = filesByPath[path]?.compose else { continue }
            for service in compose.services {
                var known = merged[service.name] ?? HostService(name: service.name, path: path, line: service.line)
                if merged[service.name] == nil { order.append(service.name) }
                if let image = service.image { known.image = (path, image) }
                if !service.mentions.isEmpty { known.mentions.append((path, service.mentions)) }
                if known.published == nil, let line = service.published { known.published = (path, line) }
                known.dependsOn += service.dependsOn.map { (path, $0) }
                merged[service.name] = known
            }
        }
        return order.compactMap { merged[$0] }
    }

    /// A path as `.faultline.yaml` writes it (`./deploy/compose.yaml`) as the repository has it.
    static func repositoryPath(_ path: String) -> String {
        var path = Substring(path)
        while path.hasPrefix("./") { path = path.dropFirst(2) }
        return String(path)
    }

    /// Each service of a machine's Compose files is a workload `compose:HOST/SERVICE` on that
    /// machine (`host:HOST`, and its zone or region when `.faultline.yaml` gives one): it needs
    /// its image, the endpoints its environment names, and the services of the same machine
    /// it depends on or addresses by name (`http://api:8080`); a published port makes it face
    /// users. A Compose file no host names is not part of the topology.
    ///
    /// The requirements the services of all hosts add are bounded (``composeLimit``, with a
    /// warning): a thousand hosts each running a file of services that all depend on each
    /// other would otherwise be millions from a small change.
    mutating func linkCompose() {
        guard let hosts = config?.hosts, !hosts.isEmpty else { return }
        var left = Self.composeLimit
        // Hosts running the same files share their merged services.
        var mergedByFiles: [[String]: [HostService]] = [:]
        for host in hosts {
            var domains: [FailureDomain] = [.host(host.name)]
            if let provider = host.provider, let region = host.region {
                domains.append(host.zone.map { FailureDomain.zone(provider: provider, region: region, zone: $0) } ?? .region(provider: provider, region: region))
            }
            for path in host.compose where filesByPath[Self.repositoryPath(path)]?.compose == nil {
                warn("host \(host.name) runs \(path), which is not a Compose file of this commit",
                     detail: "name the file as the repository has it (compose.yaml, docker-compose.yml, docker-compose.prod.yml)",
                     path: configPath, line: host.line)
            }
            let services = mergedByFiles[host.compose] ?? composeServices(of: host)
            mergedByFiles[host.compose] = services
            let names = Set(services.map(\.name))
            func id(_ service: String) -> String { "compose:\(host.name)/\(service)" }
            for service in services {
                var requirements: [Requirement] = []
                if let (path, image) = service.image, let imageID = imageID(image.reference) {
                    requirements.append(Requirement(imageID, provenance: provenance(path, image.line), note: "runs \(image.reference)"))
                }
                for (path, mentions) in service.mentions {
                    requirements += self.requirements(of: mentions, path: path, namespace: nil)
                    for mention in mentions {
                        guard let name = Self.host(of: mention.text), names.contains(name), name != service.name else { continue }
                        requirements.append(Requirement(id(name), provenance: provenance(path, mention.line), note: "\(mention.context) at \(path):\(mention.line)"))
                    }
                }
                for (path, dependency) in service.dependsOn where names.contains(dependency.name) && dependency.name != service.name {
                    requirements.append(Requirement(id(dependency.name), provenance: provenance(path, dependency.line), note: "depends_on"))
                }
                guard left >= requirements.count else {
                    warn("the Compose services of this commit's hosts have more than \(Self.composeLimit) requirements; the services past them are not read",
                         detail: "no deployment needs this many; look for many hosts running one large Compose file", path: configPath, line: host.line)
                    return
                }
                left -= requirements.count
                addParts(
                    id: id(service.name), kind: .workload, sites: [Site(domains)], requirements: requirements,
                    provenance: [provenance(service.published?.path ?? service.path, service.published?.line ?? service.line)],
                    isEntrypoint: service.published != nil)
            }
        }
    }

    /// The most requirements the Compose services of one commit's hosts add.
    static let composeLimit = 200_000
}
