import Model

extension TopologyBuilder {
    /// Declared clusters become components sited in their zones (or their region when no
    /// zones are listed).
    mutating func linkClusters() {
        for file in files {
            for cluster in file.clusters {
                clusters.append(cluster)
                addParts(
                    id: "cluster:\(cluster.name)", kind: .cluster, sites: Self.sites(of: cluster, zones: nil),
                    provenance: [provenance(file.path, cluster.line)])
            }
        }
    }

    static func sites(of cluster: ClusterFact, zones: [String]?) -> [Site] {
        let chosen = zones ?? cluster.zones
        guard !chosen.isEmpty else { return [Site([.region(provider: cluster.provider, region: cluster.region)])] }
        return chosen.map { Site([.zone(provider: cluster.provider, region: cluster.region, zone: $0)]) }
    }

    /// The cluster a manifest deploys to (docs/design.md §2.4): the only one declared, or the
    /// one whose paths, then namespaces, claim it.
    func cluster(for path: String, namespace: String) -> ClusterFact? {
        // One cluster claims everything, unless it is a Terraform root's among several the
        // repository declares (see `adoptTerraformCluster`), which claims its folder only.
        if clusters.count == 1, !(clusters[0].name.hasPrefix("tf:") && !clusters[0].paths.isEmpty) { return clusters[0] }
        if let byPath = clusters.first(where: { cluster in cluster.paths.contains { Self.path(path, isUnder: Self.normalizeFolder($0)) } }) {
            return byPath
        }
        return clusters.first { $0.namespaces.contains(namespace) }
    }

    /// Workloads run in their cluster's zones, narrowed by node selectors, node affinity and
    /// zonal volumes; they need their images, ConfigMaps and the endpoints their env names.
    mutating func linkWorkloads() {
        var unplaced: [(String, Int)] = []
        let storageZones = Dictionary(files.flatMap(\.storageClasses).map { ($0.name, $0.zones) }, uniquingKeysWith: { first, _ in first })
        let claimClasses = Dictionary(files.flatMap(\.claims).map { ("\($0.namespace)/\($0.name)", $0.storageClass) }, uniquingKeysWith: { first, _ in first })
        // Worked out once, and only when some image's Dockerfile sets what an envFrom may replace.
        let configMapKeys = imageDockerfiles.isEmpty ? [:] : self.configMapKeys
        for file in files {
            for workload in file.workloads {
                var requirements: [Requirement] = []
                for mention in workload.images {
                    guard let image = imageID(mention.reference) else { continue }
                    if let setBy = mention.setBy {
                        requirements.append(Requirement(
                            image, provenance: provenance(setBy.path, setBy.line), note: "runs \(mention.reference) (set by \(setBy.path))"))
                    } else {
                        requirements.append(Requirement(image, provenance: provenance(file.path, mention.line), note: "runs \(mention.reference)"))
                    }
                }
                requirements += imageRuntimeRequirements(of: workload, configMapKeys: configMapKeys)
                for reference in workload.configMaps where !reference.name.isEmpty {
                    let id = "k8s:ConfigMap/\(workload.namespace)/\(reference.name)"
                    if has(id) {
                        requirements.append(Requirement(id, provenance: provenance(file.path, reference.line), note: "reads ConfigMap \(reference.name)"))
                    } else {
                        // Named with the namespace looked in: one of that name elsewhere is not it.
                        note("ConfigMap \(workload.namespace)/\(reference.name) is not in this repository, so its endpoints are unknown",
                             path: file.path, line: reference.line)
                    }
                }
                requirements += self.requirements(of: workload.mentions, path: file.path, namespace: workload.namespace)
                for patched in workload.patchedMentions {
                    requirements += self.requirements(of: patched.mentions, path: patched.path, namespace: workload.namespace)
                }
                var volumeZones: [String]?
                let classes = workload.claimTemplateClasses.map(\.name)
                    + workload.claims.compactMap { claimClasses["\(workload.namespace)/\($0.name)"] ?? nil }
                for storageClass in classes {
                    if let zones = storageZones[storageClass] ?? nil {
                        volumeZones = volumeZones.map { $0.filter(zones.contains) } ?? zones
                    }
                }
                let sites: [Site]
                if let cluster = cluster(for: file.path, namespace: workload.namespace) {
                    sites = placeWorkload(workload, on: cluster, volumeZones: volumeZones, path: workload.placement.path ?? file.path)
                } else if let regionless = regionlessCluster {
                    sites = regionless.sites
                } else {
                    sites = [Site([.unknown("cluster")])]
                    unplaced.append((file.path, workload.line))
                }
                // Its own nodeSelector or affinity, when it narrows the cluster's zones.
                let placement = workload.placement
                let narrowed = placement.zones != nil || placement.regions != nil || !placement.excludedZones.isEmpty || placement.hosts != nil
                addParts(
                    id: workload.id, kind: .workload, sites: sites, requirements: requirements,
                    provenance: [provenance(file.path, workload.line)], isEntrypoint: workload.facesUsers,
                    placedBy: narrowed && placement.line != nil ? provenance(placement.path ?? file.path, placement.line) : nil)
            }
        }
        warnOfUnplaced(unplaced, what: "workload", mappedBy: "`paths` or `namespaces` that claim these manifests")
    }

    /// What the images a workload runs give its containers (see `DockerfileFact.runtime`),
    /// located in their Dockerfiles: an `ENV` value counts unless the container sets the
    /// same variable in its `env`, or a ConfigMap of the repository the workload reads has
    /// that key (through `envFrom`, which replaces it; a ConfigMap mounted as files with such
    /// a key is taken for one too). A Secret's keys are not known: one replaces nothing here.
    mutating func imageRuntimeRequirements(of workload: WorkloadFact, configMapKeys: [String: [String]]) -> [Requirement] {
        guard !imageDockerfiles.isEmpty else { return [] }
        var requirements: [Requirement] = []
        let setByConfigMaps = Set(workload.configMaps.flatMap { configMapKeys["\(workload.namespace)/\($0.name)"] ?? [] })
        for image in workload.images {
            guard let id = imageID(image.reference), let paths = imageDockerfiles[id] else { continue }
            let container = image.container ?? ""
            for path in paths {
                let kept = (filesByPath[path]?.dockerfile?.runtime ?? []).filter { mention in
                    guard mention.context.hasPrefix("ENV ") else { return true }
                    let name = String(mention.context.dropFirst(4))
                    return !workload.settings.contains("\(container)/env \(name)") && !setByConfigMaps.contains(name)
                }
                requirements += self.requirements(of: kept, path: path, namespace: workload.namespace)
            }
        }
        return requirements
    }

    /// One warning for everything no declared cluster claims (`what`: workload, Helm release),
    /// at the first, saying how to place them.
    mutating func warnOfUnplaced(_ unplaced: [(path: String, line: Int)], what: String, mappedBy: String) {
        guard let (path, line) = unplaced.first else { return }
        let how = clusters.isEmpty
            ? "declare it in .faultline.yaml: clusters: [{name: prod, provider: aws, region: us-east-1, zones: [us-east-1a, us-east-1b, us-east-1c]}]"
            : "give the clusters in .faultline.yaml \(mappedBy)"
        // Counted by where they are declared: overlays rendering one manifest several times
        // declare its workloads once.
        let count = Set(unplaced.map { "\($0.path)\u{0}\($0.line)" }).count
        let one = count == 1
        warn("\(count) \(what)\(one ? "" : "s") run on a cluster Faultline cannot place, so \(one ? "it is" : "they are") treated as running in one unknown place",
             detail: how, path: path, line: line)
    }

    /// The zones a workload may run in: its cluster's, narrowed by its own constraints.
    mutating func placeWorkload(_ workload: WorkloadFact, on cluster: ClusterFact, volumeZones: [String]?, path: String) -> [Site] {
        var zones: [String]? = nil
        if let pinned = workload.placement.zones { zones = pinned }
        if let volumeZones { zones = zones.map { $0.filter(volumeZones.contains) } ?? volumeZones }
        if let regions = workload.placement.regions, !regions.contains(cluster.region) {
            warn("\(workload.id) is limited to region \(regions.joined(separator: ", ")) but runs on cluster \(cluster.name) in \(cluster.region)",
                 path: path, line: workload.placement.line)
        }
        var allowed = zones ?? cluster.zones
        allowed.removeAll { workload.placement.excludedZones.contains($0) }
        if !cluster.zones.isEmpty {
            let inCluster = allowed.filter(cluster.zones.contains)
            if inCluster.isEmpty, !allowed.isEmpty {
                warn("\(workload.id) is pinned to \(allowed.joined(separator: ", ")), which cluster \(cluster.name) does not list",
                     detail: "its pods can only run where the cluster has nodes; check the zone names", path: path, line: workload.placement.line)
            } else {
                allowed = inCluster
            }
        }
        if allowed.isEmpty, zones != nil || !workload.placement.excludedZones.isEmpty {
            warn("\(workload.id) can be scheduled in no zone of cluster \(cluster.name)", path: path, line: workload.placement.line)
        }
        // Pinned to named nodes: each is one host, in the one zone the pod is also pinned to,
        // else in a zone of the region the manifest does not say, so the pod goes down with its
        // node and with that zone (or the region).
        if let hosts = workload.placement.hosts?.filter(Self.isNodeName), !hosts.isEmpty {
            let place: FailureDomain = zones != nil && allowed.count == 1
                ? .zone(provider: cluster.provider, region: cluster.region, zone: allowed[0])
                : .region(provider: cluster.provider, region: cluster.region)
            return hosts.map { Site([place, .host($0)]) }
        }
        return Self.sites(of: cluster, zones: allowed.isEmpty && cluster.zones.isEmpty ? nil : allowed)
    }

    /// Whether a text is a node name Kubernetes accepts (a DNS subdomain: lower-case letters,
    /// digits, `-` and `.`), and so a host domain's name.
    static func isNodeName(_ name: String) -> Bool {
        !name.isEmpty && name.utf8.count <= 253
            && name.utf8.allSatisfy { ($0 >= 0x61 && $0 <= 0x7A) || ($0 >= 0x30 && $0 <= 0x39) || $0 == 0x2D || $0 == 0x2E }
    }

    /// Services need the workloads they select (any one serving will do); Ingresses need every
    /// Service they route to. LoadBalancer and NodePort Services and Ingresses face users.
    /// Whether a Service faces users: a NodePort, or a load balancer that its annotations do
    /// not make internal on its cluster's cloud (a Flux substitution's default counts:
    /// `${service:=LoadBalancer}`).
    func facesUsers(_ service: ServiceFact, path: String) -> Bool {
        switch HelmValuesFact.Setting.withSubstitutionDefault(service.type) {
        case "NodePort": true
        case "LoadBalancer":
            service.loadBalancerAnnotations.isEmpty
                || !KubernetesObject.internalLoadBalancer(service.loadBalancerAnnotations, provider: cluster(for: path, namespace: service.namespace)?.provider ?? regionlessCluster?.provider)
        default: false
        }
    }

    mutating func linkServices() {
        // Workloads by namespace and one pod label each, so a selector looks at the workloads
        // carrying its first label rather than at the whole namespace; in file order, as before.
        var workloadsByLabel: [String: [(id: String, labels: [String: String])]] = [:]
        for file in files {
            for workload in file.workloads {
                for (key, value) in workload.podLabels {
                    workloadsByLabel[Self.labelKey(workload.namespace, key, value), default: []].append((workload.id, workload.podLabels))
                }
            }
        }
        var selections: [SelectionKey: [String]] = [:]
        var sharing: [SelectionKey: Int] = [:]
        for file in files {
            for service in file.services where !service.selector.isEmpty {
                sharing[SelectionKey(namespace: service.namespace, selector: service.selector), default: 0] += 1
            }
        }
        for file in files {
            for service in file.services {
                var requirements: [Requirement] = []
                if let first = service.selector.min(by: { $0.key < $1.key }) {
                    // Services of one namespace and selector select the same workloads: the list
                    // is worked out once and shared (sorted, so requirements keep its storage).
                    let selectionKey = SelectionKey(namespace: service.namespace, selector: service.selector)
                    let selected = selections[selectionKey] ?? {
                        let candidates = workloadsByLabel[Self.labelKey(service.namespace, first.key, first.value)] ?? []
                        // A workload declared in several files (a plain manifest and a rendered
                        // copy) is one workload: counted once.
                        let found = candidates.filter { workload in
                            service.selector.allSatisfy { workload.labels[$0.key] == $0.value }
                        }.map(\.id).sortedUnique()
                        selections[selectionKey] = found
                        return found
                    }()
                    if selected.isEmpty, let release = chartRelease(ofTemplate: file.path) {
                        // A chart's template written without template syntax, beside the
                        // templated workloads it selects: the chart's release stands for them.
                        requirements.append(Requirement(release, provenance: provenance(file.path, service.line), note: "selects the chart's workloads"))
                    } else if selected.isEmpty {
                        warn("Service \(service.namespace)/\(service.name) selects no workload of this repository", path: file.path, line: service.line)
                    } else if selected.count > 1, sharing[selectionKey, default: 0] > Self.sharedSelectionLimit {
                        requirements.append(sharedSelection(
                            "k8s:Selection/\(service.namespace)/\(Self.selectorText(service.selector))", of: selected, path: file.path, line: service.line))
                    } else {
                        requirements.append(Requirement(anyOf: selected, provenance: provenance(file.path, service.line), note: "selects \(selected.count) workload\(selected.count == 1 ? "" : "s")"))
                    }
                }
                if let external = service.externalName, let endpoint = linker.classifier.classify(external) {
                    let line = service.externalNameLine ?? service.line
                    let id = endpointComponent(endpoint, path: file.path, line: line)
                    requirements.append(Requirement(id, provenance: provenance(file.path, line), note: "ExternalName \(external)"))
                }
                addParts(
                    id: service.id, kind: .service, requirements: requirements, provenance: [provenance(file.path, service.line)],
                    isEntrypoint: facesUsers(service, path: file.path))
            }
        }
        for file in files {
            for ingress in file.ingresses {
                var requirements: [Requirement] = []
                for backend in ingress.backends where !backend.name.isEmpty {
                    requirements += backendRequirement(
                        namespace: ingress.namespace, name: backend.name, router: "Ingress \(ingress.namespace)/\(ingress.name)", path: file.path,
                        line: backend.line)
                }
                addParts(id: ingress.id, kind: .ingress, requirements: requirements, provenance: [provenance(file.path, ingress.line)], isEntrypoint: !ingress.isInternal)
            }
        }
        linkGatewayRoutes()
    }

    /// Above this many routers (Services of one namespace, Istio Gateways) on one selection of
    /// workloads, they need one `k8s:Selection/…` component standing for it, which needs any
    /// one of the workloads: the topology then grows with the routers plus the workloads, not
    /// their product (4,000 Services on one selector of 4,000 workloads took 1.3 GB).
    static let sharedSelectionLimit = 8

    /// A router's requirement on a selection many routers share: the `k8s:Selection/…`
    /// component, made at the first router's line, needing any one of the workloads.
    mutating func sharedSelection(_ id: String, of selected: [String], path: String, line: Int) -> Requirement {
        let note = "selects \(selected.count) workloads"
        if !has(id) {
            addParts(id: id, kind: .service, requirements: [Requirement(anyOf: selected, provenance: provenance(path, line), note: note)], provenance: [provenance(path, line)])
        }
        return Requirement(id, provenance: provenance(path, line), note: note)
    }

    /// `key=value` pairs of a selector, sorted, joined with `,`.
    static func selectorText(_ selector: [String: String]) -> String {
        selector.sorted { $0.key < $1.key }.map { "\($0.key)=\($0.value)" }.joined(separator: ",")
    }

    /// A Service's namespace and selector, which decide the workloads it selects.
    struct SelectionKey: Hashable {
        let namespace: String
        let selector: [String: String]
    }

    /// The release of the chart whose `templates/` folder holds `path` (the chart's own
    /// `values.yaml` beside that folder), if the commit has one.
    func chartRelease(ofTemplate path: String) -> String? {
        var searched = Substring(path)
        while let range = searched.range(of: "templates/", options: .backwards) {
            let chart = path[..<range.lowerBound]
            if chart.isEmpty || chart.hasSuffix("/") {
                for name in ["values.yaml", "values.yml"] {
                    let id = "helm:\(chart)\(name)"
                    if has(id) { return id }
                }
            }
            searched = path[..<range.lowerBound]
        }
        return nil
    }

    /// The requirement of a router (an Ingress, a route) on the Service a backend names, kept
    /// in `addresses` either way; none, and a located warning, when the repository has no such
    /// Service.
    mutating func backendRequirement(namespace: String, name: String, router: String, path: String, line: Int) -> [Requirement] {
        let id = "k8s:Service/\(namespace)/\(name)"
        addresses.append(AddressUse(service: "\(namespace)/\(name)", path: path, line: line, context: router, resolves: has(id)))
        guard has(id) else {
            warn("\(router) routes to Service \(namespace)/\(name), which is not in this repository", path: path, line: line)
            return []
        }
        return [Requirement(id, provenance: provenance(path, line), note: "routes to \(name)")]
    }

    /// Gateway API routes need every Service their rules send traffic to, as an Ingress does.
    /// A Gateway of the repository faces users and needs every route attached to it, which
    /// then are not entrypoints themselves; a route whose Gateway is elsewhere (a platform
    /// team's) faces users itself; one attached only to Services (a mesh) does not.
    mutating func linkGatewayRoutes() {
        let gateways = Set(files.flatMap { $0.gateways.map { "\($0.namespace)/\($0.name)" } })
        var attached: [String: [Requirement]] = [:]
        for file in files {
            for route in file.routes {
                var requirements: [Requirement] = []
                for backend in route.backends {
                    requirements += backendRequirement(
                        namespace: backend.namespace, name: backend.name, router: "\(route.kind) \(route.namespace)/\(route.name)",
                        path: file.path, line: backend.line)
                }
                // A VirtualService's other hosts: outside the cluster (a ServiceEntry's), placed
                // as any endpoint. Istio expands only a short name, so `NAME.NAMESPACE` (and
                // `….svc`) naming a Service of the repository reaches nothing: a warning.
                for host in route.hosts {
                    let labels = host.text.split(separator: ".", omittingEmptySubsequences: false)
                    if labels.count == 2 || labels.count == 3 && labels[2] == "svc", serviceNames.contains("\(labels[1])/\(labels[0])") {
                        warn("\(route.kind) \(route.namespace)/\(route.name) routes to host \(host.text), which Istio does not expand to Service \(labels[1])/\(labels[0])",
                             detail: "Istio expands only a name without dots; write \(labels[0]).\(labels[1]).svc.cluster.local", path: file.path, line: host.line)
                    } else {
                        requirements += endpoints(in: host, path: file.path).map { Requirement($0.id, provenance: provenance(file.path, host.line), note: "routes to \(host.text)") }
                    }
                }
                let gatewayParents = route.parents.filter { $0.kind == "Gateway" }
                let inRepository = gatewayParents.filter { gateways.contains("\($0.namespace)/\($0.name)") }
                for parent in inRepository {
                    // At the parentRef: the line that attaches the route, and so adds what it needs.
                    attached["\(parent.namespace)/\(parent.name)", default: []].append(
                        Requirement(route.id, provenance: provenance(file.path, parent.line), note: "\(route.kind) \(route.name)"))
                }
                addParts(
                    id: route.id, kind: .ingress, requirements: requirements, provenance: [provenance(file.path, route.line)],
                    isEntrypoint: inRepository.isEmpty && !gatewayParents.isEmpty)
            }
        }
        // Workloads by each pod label, for the Istio Gateways' selectors (any namespace).
        var workloadsByLabel: [String: [(id: String, labels: [String: String])]]?
        var selected: [[String: String]: [String]] = [:]
        var sharing: [[String: String]: Int] = [:]
        for file in files {
            for gateway in file.gateways { if let selector = gateway.selector, !selector.isEmpty { sharing[selector, default: 0] += 1 } }
        }
        for file in files {
            for gateway in file.gateways {
                var requirements = attached["\(gateway.namespace)/\(gateway.name)"] ?? []
                // An Istio Gateway is served by the gateway pods its selector names, in any
                // namespace: any one of those of the repository will do.
                if let selector = gateway.selector, let first = selector.min(by: { $0.key < $1.key }) {
                    if workloadsByLabel == nil {
                        var index: [String: [(id: String, labels: [String: String])]] = [:]
                        for file in files {
                            for workload in file.workloads {
                                for (key, value) in workload.podLabels { index["\(key)\u{0}\(value)", default: []].append((workload.id, workload.podLabels)) }
                            }
                        }
                        workloadsByLabel = index
                    }
                    // Once per distinct selector: gateways sharing one share the list.
                    let pods = selected[selector] ?? {
                        let candidates = workloadsByLabel?["\(first.key)\u{0}\(first.value)"] ?? []
                        let found = candidates.filter { candidate in selector.allSatisfy { candidate.labels[$0.key] == $0.value } }.map(\.id).sortedUnique()
                        selected[selector] = found
                        return found
                    }()
                    if pods.count > 1, sharing[selector, default: 0] > Self.sharedSelectionLimit {
                        requirements.append(sharedSelection("k8s:Selection/*/\(Self.selectorText(selector))", of: pods, path: file.path, line: gateway.line))
                    } else if !pods.isEmpty {
                        requirements.append(Requirement(
                            anyOf: pods, provenance: provenance(file.path, gateway.line), note: "served by the gateway pods its selector names"))
                    } else {
                        note("Gateway \(gateway.namespace)/\(gateway.name) selects no workload of this repository (\(Self.selectorText(selector))), so what its gateway pods need is not part of its exposures",
                             detail: "gateway pods installed by a chart or an operator are not read; commit their rendered Deployment, or name what they need in .faultline.yaml",
                             path: file.path, line: gateway.line)
                    }
                }
                addParts(
                    id: gateway.id, kind: .ingress, requirements: requirements,
                    provenance: [provenance(file.path, gateway.line)], isEntrypoint: true)
            }
        }
    }

    /// The index key of a pod label in a namespace.
    static func labelKey(_ namespace: String, _ key: String, _ value: String) -> String {
        "\(namespace)\u{0}\(key)\u{0}\(value)"
    }

    /// `.faultline.yaml`'s entrypoints, path owners and declared dependencies.
    mutating func linkConfiguration() {
        guard let config else { return }
        for entrypoint in config.entrypoints where !markEntrypoint(entrypoint.name) {
            warn("entrypoint \(entrypoint.name) names no component", detail: "run `faultline topology` to see the component ids", path: configPath, line: entrypoint.line)
        }
        for owner in config.owners {
            guard has(owner.component) else {
                warn("owner \(owner.component) names no component", detail: "run `faultline topology` to see the component ids", path: configPath, line: owner.line)
                continue
            }
            for folder in owner.paths {
                let normalized = Self.normalizeFolder(folder)
                for (filePath, fileID) in fileComponents.sorted(by: { $0.key < $1.key }) where Self.path(filePath, isUnder: normalized) {
                    require(owner.component, Requirement(fileID, provenance: provenance(configPath, owner.line), note: "owns \(folder)"))
                }
            }
        }
        for dependency in config.dependencies {
            guard has(dependency.component) else {
                warn("dependency of \(dependency.component) names no component", path: configPath, line: dependency.line)
                continue
            }
            let mention = Mention(text: dependency.endpoint, line: dependency.line, context: "declared dependency")
            let found = endpoints(in: mention, path: configPath)
            if found.isEmpty {
                warn("endpoint \(dependency.endpoint) is not one Faultline can place", detail: "give a URL of a known provider or SaaS", path: configPath, line: dependency.line)
            }
            for (id, note) in found {
                require(dependency.component, Requirement(id, phase: dependency.phase == "deliver" ? .deliver : .serve, provenance: provenance(configPath, dependency.line), note: note))
            }
        }
    }
}
