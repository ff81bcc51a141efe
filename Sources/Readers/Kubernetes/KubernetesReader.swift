import HCL
import Model

/// Reads Kubernetes manifests: every YAML document with `apiVersion` and `kind`.
///
/// A YAML file without Kubernetes objects (a Compose file, an Ansible play) gives no facts and
/// no noise; a document that is a Kubernetes object of a kind Faultline does not model gives a
/// note, so users can see what was passed over.
public struct KubernetesReader: FileReader {
    public let name = "kubernetes"
    public let version = 42

    public init() {}

    /// Folders and files other readers own, so a CI config is not read as a manifest.
    static let otherOwners = [".circleci/", ".github/", ".gitlab-ci.", ".faultline.", ".pre-commit"]

    public func accepts(path: String) -> Bool {
        let name = path.fileName
        guard path.hasSuffix(".yaml") || path.hasSuffix(".yml") || Self.isJSONPatch(path) else { return false }
        return !Self.otherOwners.contains { path.hasSegment(startingWith: $0) }
            && !name.hasPrefix("docker-compose") && !name.hasPrefix("compose.")
    }

    /// A JSON file whose path says it is a Kustomize patch (`patch.json`, `bucket-patch.json`,
    /// `patches/web.json`): read like YAML, which JSON is. Other JSON files (package locks,
    /// dashboards) are not read at all.
    static func isJSONPatch(_ path: String) -> Bool {
        guard path.hasSuffix(".json") else { return false }
        let bytes = Array(path.lowercased().utf8), word = Array("patch".utf8)
        guard bytes.count >= word.count else { return false }
        // `patch` starting a word: not `dispatch`.
        return (0...(bytes.count - word.count)).contains { start in
            bytes[start..<(start + word.count)].elementsEqual(word) && (start == 0 || !(bytes[start - 1] >= 0x61 && bytes[start - 1] <= 0x7A))
        }
    }

    public func read(path: String, bytes: [UInt8]) -> FileFacts {
        // A CloudFormation or SAM template is YAML too, with tags of its own.
        if CloudFormationReader.mayBeTemplate(bytes), let template = CloudFormationReader.read(path: path, bytes: bytes) { return template }
        var facts = FileFacts(path: path)
        var loader = YAMLLoader()
        loader.passesOverDefinitions = true
        loader.duplicatesOutsideObjectsAreNotes = true
        let loaded = loader.load(bytes, path: path)
        facts.diagnostics = loaded.diagnostics
        if loaded.documents.isEmpty, loaded.diagnostics.contains(where: { $0.summary == YAMLLoader.helmTemplateSummary }) {
            // What it uses of the chart's values decides which of them are the release's.
            facts.helmTemplate = HelmTemplateFact(text: String(decoding: bytes, as: UTF8.self))
        }
        for document in loaded.documents {
            if JSONPatchReading.isOperations(document.root), let operations = document.root.items {
                // A Kustomize JSON 6902 patch, applied where a kustomization names it.
                facts.patchOperations = JSONPatchReading.objects(operations, path: path, diagnostics: &facts.diagnostics)
                continue
            }
            KubernetesObject.read(document.root, into: &facts)
        }
        return facts
    }
}

/// Reads one Kubernetes object (or a `List` of them) into facts.
enum KubernetesObject {
    static let workloadKinds: Set<String> = ["Deployment", "StatefulSet", "DaemonSet", "ReplicaSet", "Job", "CronJob", "Pod", "ReplicationController"]
    /// The kinds a Kustomize patch changes in what Faultline reads.
    static let patchedKinds = workloadKinds.union(["Service", "ConfigMap", "Rollout", "DeploymentConfig"])
    /// Kinds read for what other objects need of them, or deliberately passed over.
    static let quietKinds: Set<String> = [
        "Secret", "PodDisruptionBudget", "Namespace", "ServiceAccount", "Role", "RoleBinding", "ClusterRole",
        "ClusterRoleBinding", "NetworkPolicy", "HorizontalPodAutoscaler", "LimitRange", "ResourceQuota",
        "PersistentVolume", "CustomResourceDefinition", "PriorityClass", "Endpoints", "EndpointSlice",
        "ReferenceGrant", "GatewayClass", "BackendTLSPolicy", "BackendLBPolicy",
    ]

    static func read(_ root: YAMLNode, into facts: inout FileFacts) {
        guard let kind = root["kind"]?.string else { return }
        // A Kustomize patch selected by its entry's `target:` needs no `apiVersion`, and patches
        // are often written without one: such an object is read when it is of a kind patches
        // change (as an object, when no kustomization names its file as a patch).
        guard let apiVersion = root["apiVersion"]?.string ?? (patchedKinds.contains(kind) ? "" : nil) else { return }
        if apiVersion.hasPrefix("skaffold/") {
            readSkaffold(root, into: &facts)
            return
        }
        if kind == "List" || kind.hasSuffix("List"), let items = root["items"]?.items {
            for item in items { read(item, into: &facts) }
            return
        }
        let metadata = root["metadata"]
        let line = root.line
        if apiVersion.hasPrefix("kustomize.config.k8s.io/") {
            // Kustomize reads only files named `kustomization.yaml` (read above).
            facts.diagnostics.append(Diagnostic(
                .note, "Kustomize \(kind) outside a file named kustomization.yaml is not rendered by Kustomize",
                detail: "Faultline passes over it", path: facts.path, line: line))
            return
        }
        if metadata == nil {
            // kind's `Cluster`, tools' own configuration files: shaped like objects, never applied.
            facts.diagnostics.append(Diagnostic(
                .note, "\(kind) (\(apiVersion)) has no metadata, so it is read as a tool's configuration, not a Kubernetes object",
                detail: "Faultline passes over it; declare what it stands for in .faultline.yaml if it matters",
                path: facts.path, line: line))
            return
        }
        let name = metadata?["name"]?.string ?? metadata?["generateName"]?.string ?? ""
        let namespace = metadata?["namespace"]?.string ?? "default"
        // Of a kind Faultline does not read (an `IstioOperator`, which istioctl takes without
        // a name), a missing name loses nothing: the kind's note below says it is passed over.
        if name.isEmpty, Self.models(kind: kind, apiVersion: apiVersion) {
            facts.diagnostics.append(Diagnostic(.warning, "\(kind) has no metadata.name", detail: "the object was skipped", path: facts.path, line: line))
            return
        }
        // A strategic-merge patch deleting the object it names, never an object itself.
        if !name.isEmpty, root["$patch"]?.string == "delete" {
            facts.patchDeletions.append(PatchTarget(kind: kind, name: name, namespace: metadata?["namespace"]?.string))
            facts.diagnostics.append(Diagnostic(
                .note, "\(kind) \(name) has `$patch: delete`, so it is read as a Kustomize patch deleting that object, not as an object",
                detail: "it deletes the object only where a kustomization applies it as a patch", path: facts.path, line: line))
            return
        }
        switch kind {
        case _ where workloadKinds.contains(kind):
            facts.workloads.append(workload(kind: kind, namespace: namespace, name: name, root: root, facts: &facts))
        case "Rollout" where apiVersion.hasPrefix("argoproj.io/") || apiVersion.isEmpty:
            // Argo Rollouts: a Deployment's pod template under progressive delivery. One that
            // runs another workload's template (`workloadRef`) has none of its own: its pods
            // are read through that workload.
            if root["spec"]?["template"] != nil {
                facts.workloads.append(workload(kind: kind, namespace: namespace, name: name, root: root, facts: &facts))
            }
        case "DeploymentConfig" where apiVersion.hasPrefix("apps.openshift.io/") || apiVersion == "v1" || apiVersion.isEmpty:
            facts.workloads.append(workload(kind: kind, namespace: namespace, name: name, root: root, facts: &facts))
        case "Service" where apiVersion.hasPrefix("serving.knative.dev/"):
            knativeService(namespace: namespace, name: name, root: root, into: &facts)
        case _ where Self.coreKinds[kind].map({ !Self.isCore(apiVersion, groups: $0) }) ?? false:
            // Another API's kind of the same name: Config Connector's `Service` enables a
            // Google API (`serviceusage.cnrm.cloud.google.com`), it routes nothing.
            facts.diagnostics.append(Diagnostic(
                .note, "kind \(kind) (\(apiVersion)) is not modelled", detail: "Faultline passes over it; declare what it runs on in .faultline.yaml if it matters",
                path: facts.path, line: line))
        case "Service":
            facts.services.append(service(namespace: namespace, name: name, root: root))
        case "Ingress":
            facts.ingresses.append(ingress(namespace: namespace, name: name, root: root, facts: &facts))
        case "Gateway" where apiVersion.hasPrefix(GatewayAPI.group + "/"):
            facts.gateways.append(GatewayFact(namespace: namespace, name: name, line: line, className: root["spec"]?["gatewayClassName"]?.string))
        case "Gateway" where apiVersion.hasPrefix("networking.istio.io/"):
            // Istio's ingress: served by the gateway pods its selector names.
            var gateway = GatewayFact(namespace: namespace, name: name, line: line, className: nil)
            gateway.selector = stringMap(root["spec"]?["selector"])
            facts.gateways.append(gateway)
        case "VirtualService" where apiVersion.hasPrefix("networking.istio.io/"):
            facts.routes.append(GatewayAPI.virtualService(namespace: namespace, name: name, root: root, facts: &facts))
        case _ where GatewayAPI.routeKinds.contains(kind) && apiVersion.hasPrefix(GatewayAPI.group + "/"):
            facts.routes.append(GatewayAPI.route(kind: kind, namespace: namespace, name: name, root: root, facts: &facts))
        case "ConfigMap":
            let (mentions, diagnostics) = configMapMentions(root, path: facts.path)
            var configMap = ConfigMapFact(namespace: namespace, name: name, line: line, mentions: mentions)
            configMap.keys = (root["data"]?.entries ?? []).compactMap { $0.key.string }
            facts.configMaps.append(configMap)
            facts.diagnostics += diagnostics
        case "StorageClass":
            facts.storageClasses.append(StorageClassFact(name: name, line: line, zones: allowedZones(root["allowedTopologies"])))
        case "PersistentVolumeClaim":
            facts.claims.append(ClaimFact(namespace: namespace, name: name, line: line, storageClass: root["spec"]?["storageClassName"]?.string))
        case "HelmRelease" where apiVersion.hasPrefix("helm.toolkit.fluxcd.io/"), "Application" where apiVersion.hasPrefix("argoproj.io/"):
            if let release = HelmReleases.read(kind: kind, namespace: namespace, name: name, root: root, facts: &facts) {
                facts.helmReleases.append(release)
            }
        case "HelmRepository" where apiVersion.hasPrefix("source.toolkit.fluxcd.io/"), "OCIRepository" where apiVersion.hasPrefix("source.toolkit.fluxcd.io/"),
             "GitRepository" where apiVersion.hasPrefix("source.toolkit.fluxcd.io/"):
            if let url = root["spec"]?["url"], let text = url.string, !text.isEmpty {
                // A HelmRepository of `type: oci` is written `oci://…` already.
                facts.chartSources.append(ChartSourceFact(kind: kind, namespace: namespace, name: name, url: text, line: url.line))
            }
        case _ where quietKinds.contains(kind):
            break
        default:
            // Named with its API (`networking.x-k8s.io/v1alpha1`): a kind read in another API is not.
            facts.diagnostics.append(Diagnostic(
                .note, apiVersion.isEmpty ? "kind \(kind) is not modelled" : "kind \(kind) (\(apiVersion)) is not modelled",
                detail: "Faultline passes over it; declare what it runs on in .faultline.yaml if it matters",
                path: facts.path, line: line))
        }
    }

    /// The API groups of the built-in kinds read by name (`""` is the core group, `v1`); an
    /// object of one of these kinds in another group is another API's.
    static let coreKinds: [String: [String]] = [
        "Service": [""], "ConfigMap": [""], "PersistentVolumeClaim": [""],
        "Ingress": ["networking.k8s.io", "extensions"], "StorageClass": ["storage.k8s.io"],
    ]

    /// Whether an apiVersion is of one of the groups (a patch may leave it out).
    static func isCore(_ apiVersion: String, groups: [String]) -> Bool {
        guard !apiVersion.isEmpty else { return true }
        guard let slash = apiVersion.firstIndex(of: "/") else { return groups.contains("") }
        return groups.contains(String(apiVersion[..<slash]))
    }

    /// Whether `read` makes something of an object of this kind (the cases of its `switch`
    /// but the kinds it passes over).
    static func models(kind: String, apiVersion: String) -> Bool {
        switch kind {
        case _ where workloadKinds.contains(kind): true
        case "Rollout": apiVersion.hasPrefix("argoproj.io/") || apiVersion.isEmpty
        case "DeploymentConfig": apiVersion.hasPrefix("apps.openshift.io/") || apiVersion == "v1" || apiVersion.isEmpty
        case "Service" where apiVersion.hasPrefix("serving.knative.dev/"): true
        case "Service", "Ingress", "ConfigMap", "StorageClass", "PersistentVolumeClaim": isCore(apiVersion, groups: coreKinds[kind] ?? [])
        case "Gateway": apiVersion.hasPrefix(GatewayAPI.group + "/") || apiVersion.hasPrefix("networking.istio.io/")
        case "VirtualService": apiVersion.hasPrefix("networking.istio.io/")
        case _ where GatewayAPI.routeKinds.contains(kind): apiVersion.hasPrefix(GatewayAPI.group + "/")
        case "HelmRelease": apiVersion.hasPrefix("helm.toolkit.fluxcd.io/")
        case "Application": apiVersion.hasPrefix("argoproj.io/")
        case "HelmRepository", "OCIRepository", "GitRepository": apiVersion.hasPrefix("source.toolkit.fluxcd.io/")
        default: false
        }
    }

    /// A Knative Service runs its revision template's pods and, unless labelled cluster-local,
    /// answers at a public URL of its own: a workload that faces users. The older
    /// `v1alpha1` shapes (`runLatest`, `revisionTemplate`) are not read.
    static let knativeKind = "Service.serving.knative.dev"

    static func knativeService(namespace: String, name: String, root: YAMLNode, into facts: inout FileFacts) {
        guard root["spec"]?["template"] != nil else {
            facts.diagnostics.append(Diagnostic(
                .note, "Knative Service \(name) has no spec.template (an older v1alpha1 shape), so its pods are not read",
                detail: "Faultline reads serving.knative.dev/v1 Services", path: facts.path, line: root.line))
            return
        }
        var workload = workload(kind: knativeKind, namespace: namespace, name: name, root: root, facts: &facts)
        let labels = stringMap(root["metadata"]?["labels"])
        let visibility = labels["networking.knative.dev/visibility"] ?? labels["serving.knative.dev/visibility"]
        workload.facesUsers = visibility != "cluster-local"
        facts.workloads.append(workload)
    }

    /// Skaffold's artifacts (in the main config and its profiles): each is an image built from
    /// a folder of this repository, named without a registry. Configs before `skaffold/v1alpha4`
    /// name the image `imageName` and the folder `workspace`.
    static func readSkaffold(_ root: YAMLNode, into facts: inout FileFacts) {
        let builds = [root["build"]] + (root["profiles"]?.items ?? []).map { $0["build"] }
        for build in builds {
            for artifact in build?["artifacts"]?.items ?? [] {
                guard let image = (artifact["image"] ?? artifact["imageName"])?.string else { continue }
                let context = (artifact["context"] ?? artifact["workspace"])?.string ?? "."
                let dockerfile = artifact["docker"]?["dockerfile"]?.string.map { context == "." ? $0 : "\(context)/\($0)" }
                facts.localImages.append(ImageBuild(image: image, context: context, dockerfile: dockerfile, line: artifact.line))
            }
        }
    }

    /// The pod spec of a workload, wherever its kind keeps it.
    static func podSpec(kind: String, root: YAMLNode) -> YAMLNode? {
        switch kind {
        case "Pod": root["spec"]
        case "CronJob": root["spec"]?["jobTemplate"]?["spec"]?["template"]?["spec"]
        default: root["spec"]?["template"]?["spec"]
        }
    }

    static func workload(kind: String, namespace: String, name: String, root: YAMLNode, facts: inout FileFacts) -> WorkloadFact {
        var workload = WorkloadFact(kind: kind, namespace: namespace, name: name, line: root.line)
        workload.replicas = root["spec"]?["replicas"]?.int
        let template = kind == "Pod" ? root : kind == "CronJob" ? root["spec"]?["jobTemplate"]?["spec"]?["template"] : root["spec"]?["template"]
        workload.podLabels = stringMap(template?["metadata"]?["labels"])
        // Read before the pod spec: a patch may write only these.
        if let templates = root["spec"]?["volumeClaimTemplates"]?.items {
            workload.writesClaimTemplates = true
            workload.claimTemplateClasses = claimTemplateClasses(templates)
        }
        guard let spec = podSpec(kind: kind, root: root) else { return workload }
        for key in ["initContainers", "containers", "ephemeralContainers"] {
            for container in spec[key]?.items ?? [] {
                readContainer(container, into: &workload)
            }
        }
        workload.containers = (spec["containers"]?.items ?? []).map { $0["name"]?.string ?? "" }
        workload.initContainers = (spec["initContainers"]?.items ?? []).map { $0["name"]?.string ?? "" }
        for volume in spec["volumes"]?.items ?? [] {
            if let configMap = volume["configMap"]?["name"] { workload.configMaps.append(NamedReference(name: configMap.string ?? "", line: configMap.line)) }
            if let secret = volume["secret"]?["secretName"] { workload.secrets.append(NamedReference(name: secret.string ?? "", line: secret.line)) }
            if let claim = volume["persistentVolumeClaim"]?["claimName"] { workload.claims.append(NamedReference(name: claim.string ?? "", line: claim.line)) }
            for source in volume["projected"]?["sources"]?.items ?? [] {
                if let configMap = source["configMap"]?["name"] { workload.configMaps.append(NamedReference(name: configMap.string ?? "", line: configMap.line)) }
            }
        }
        workload.placement = placement(spec)
        workload.spreadKeys = (spec["topologySpreadConstraints"]?.items ?? []).compactMap { $0["topologyKey"]?.string }
        let antiAffinity = spec["affinity"]?["podAntiAffinity"]?["requiredDuringSchedulingIgnoredDuringExecution"]?.items ?? []
        workload.antiAffinityKeys = antiAffinity.compactMap { $0["topologyKey"]?.string }
        return workload
    }

    /// The storage classes a StatefulSet's `volumeClaimTemplates` name.
    static func claimTemplateClasses(_ templates: [YAMLNode]) -> [NamedReference] {
        templates.compactMap { template in
            template["spec"]?["storageClassName"].map { NamedReference(name: $0.string ?? "", line: $0.line) }
        }
    }

    static func readContainer(_ container: YAMLNode, into workload: inout WorkloadFact) {
        if let image = container["image"], let reference = image.string {
            workload.images.append(ImageMention(reference: reference, line: image.line, container: container["name"]?.string))
        }
        let containerName = container["name"]?.string ?? ""
        for env in container["env"]?.items ?? [] {
            let name = env["name"]?.string ?? "?"
            workload.settings.append("\(containerName)/env \(name)")
            if let value = env["value"], let text = value.string {
                workload.mentions += lineMentions(text, node: value, context: "env \(name)", container: containerName)
                    + serviceNameMention(text, setting: name, node: value, context: "env \(name)", container: containerName)
            }
            if let reference = env["valueFrom"]?["configMapKeyRef"]?["name"] {
                workload.configMaps.append(NamedReference(name: reference.string ?? "", line: reference.line))
            }
            if let reference = env["valueFrom"]?["secretKeyRef"]?["name"] {
                workload.secrets.append(NamedReference(name: reference.string ?? "", line: reference.line))
            }
        }
        for source in container["envFrom"]?.items ?? [] {
            if let reference = source["configMapRef"]?["name"] {
                workload.configMaps.append(NamedReference(name: reference.string ?? "", line: reference.line))
            }
            if let reference = source["secretRef"]?["name"] {
                workload.secrets.append(NamedReference(name: reference.string ?? "", line: reference.line))
            }
        }
        for key in ["command", "args"] {
            if container[key] != nil { workload.settings.append("\(containerName)/\(key)") }
            for argument in container[key]?.items ?? [] {
                if let text = argument.string { workload.mentions += lineMentions(text, node: argument, context: key, container: containerName) }
            }
        }
    }

    /// The endpoints of a ConfigMap's values. An nginx configuration stored in one is read by
    /// the nginx reader (its `proxy_pass`, upstreams and redirects, comments skipped); any other
    /// value is split into lines, each located on its own line, for the linker to pick out
    /// endpoints from.
    static func configMapMentions(_ root: YAMLNode, path: String) -> ([Mention], [Diagnostic]) {
        var mentions: [Mention] = []
        var diagnostics: [Diagnostic] = []
        let holdsDashboards = Self.holdsDashboards(root)
        for entry in root["data"]?.entries ?? [] {
            guard let key = entry.key.string, let text = entry.value.string else { continue }
            let style = entry.value.scalar?.style
            let firstLine = style == .literal || style == .folded ? entry.value.line + 1 : entry.value.line
            let nginx: (mentions: [Mention], includes: [PathReference], diagnostics: [Diagnostic]) =
                Self.holdsData(key: key, text: text) ? ([], [], []) : NginxReader.mentions(in: text, path: path, firstLine: firstLine)
            if !nginx.mentions.isEmpty || !nginx.diagnostics.isEmpty {
                mentions += nginx.mentions.map { mention in
                    Mention(text: mention.text, line: mention.line, context: "\(mention.context) in ConfigMap key \(key)",
                            group: mention.group.map { "\($0) in ConfigMap key \(key)" })
                }
                diagnostics += nginx.diagnostics
            } else {
                mentions += lineMentions(holdsDashboards ? Self.blankingLinks(in: text) : text, node: entry.value, context: "ConfigMap key \(key)")
                    + serviceNameMention(text, setting: key, node: entry.value, context: "ConfigMap key \(key)")
            }
        }
        return (mentions, diagnostics)
    }

    /// A Grafana dashboard with the URLs of its `links` blanked out: its links (to a runbook,
    /// a repository, another dashboard; of the dashboard, a panel or a field) are for the
    /// people reading it, which Grafana never fetches. A dashboard is a JSON object with
    /// `panels` or `rows` and `schemaVersion` (or one under `dashboard`, as Grafana's API
    /// wraps it); any other JSON's `links` may be what a program loads. Lines stay where they
    /// are; other text is given back as it is.
    static func blankingLinks(in text: String) -> String {
        guard text.utf8.first(where: { $0 != 0x20 && $0 != 0x09 && $0 != 0x0A && $0 != 0x0D }) == 0x7B, hasNonEmptyLinks(text) else { return text }
        var text = text
        let ranges = text.withUTF8 { DashboardLinks.urlRanges(in: $0) }
        guard !ranges.isEmpty else { return text }
        var bytes = Array(text.utf8)
        for range in ranges {
            for index in range where bytes[index] != 0x0A { bytes[index] = 0x20 }
        }
        return String(decoding: bytes, as: UTF8.self)
    }

    /// Whether a ConfigMap is one of Grafana's dashboards: its name, or a label of it (the
    /// sidecar's `grafana_dashboard`), says so. An application's own JSON is not, whatever keys
    /// it holds: its links may be what it loads.
    static func holdsDashboards(_ root: YAMLNode) -> Bool {
        let name = (root["metadata"]?["name"]?.string ?? "").lowercased()
        if name.contains("dashboard") { return true }
        return (root["metadata"]?["labels"]?.entries ?? []).contains { entry in
            (entry.key.string ?? "").lowercased().contains("dashboard") || (entry.value.string ?? "").lowercased().contains("dashboard")
        }
    }

    /// Whether the text has `"links"` followed by a list that is not empty (most dashboards'
    /// are): the cheap test before a document is parsed.
    private static func hasNonEmptyLinks(_ text: String) -> Bool {
        // On the string's own bytes: dashboards are megabytes, read at every version.
        var text = text
        return text.withUTF8 { bytes in
            let key: [UInt8] = Array("\"links\"".utf8)
            func isBlank(_ byte: UInt8) -> Bool { byte == 0x20 || byte == 0x09 || byte == 0x0A || byte == 0x0D }
            var index = 0
            while index + key.count <= bytes.count {
                guard bytes[index] == 0x22, bytes[index + 1] == 0x6C else {
                    index += 1
                    continue
                }
                var matches = true
                for offset in 2..<key.count where bytes[index + offset] != key[offset] {
                    matches = false
                    break
                }
                index += 1
                guard matches else { continue }
                var next = index - 1 + key.count
                while next < bytes.count, isBlank(bytes[next]) { next += 1 }
                guard next < bytes.count, bytes[next] == 0x3A else { continue }
                next += 1
                while next < bytes.count, isBlank(bytes[next]) { next += 1 }
                guard next < bytes.count, bytes[next] == 0x5B else { continue }
                next += 1
                while next < bytes.count, isBlank(bytes[next]) { next += 1 }
                if next < bytes.count, bytes[next] != 0x5D { return true }
            }
            return false
        }
    }

    /// A setting whose value may be a Service's bare name (`REDIS_HOST: redis`, `REDIS:
    /// azure-vote-back`): the setting's name says it holds an address (its last word `host`,
    /// `hostname`, `addr`, `address`, `server`, `endpoint` or `broker`, or its one word a
    /// datastore's, such as `redis` or `postgres`; not `POSTGRES_DB`, a database's name) and
    /// the value is one DNS label. The linker makes it an address only where a Service of that
    /// name is in the namespace.
    ///
    /// `setting` is nil where the name is not known yet (a JSON 6902 patch setting an env
    /// entry's value by position): the linker asks again once it has named the entry.
    static func serviceNameMention(
        _ text: String, setting: String?, node: YAMLNode, context: String, container: String? = nil
    ) -> [Mention] {
        // DNS names are matched without regard to case: `DB` finds the Service `db`.
        let name = text.lowercased()
        guard isDNSLabel(name), setting.map(namesAnAddress(setting:)) ?? true else { return [] }
        return [Mention(text: name, line: node.line, context: context, group: Mention.bareServiceName, container: container)]
    }

    /// Whether a setting's name says it holds a host (see `serviceNameMention`).
    static func namesAnAddress(setting: String) -> Bool {
        let words = TopologyBuilder.words(of: setting)
        guard let last = words.last, !TopologyBuilder.isTelemetry(setting) else { return false }
        // `HOSTNAME` (the pod's own, which Kubernetes sets) and `VIRTUAL_HOST` (what a proxy
        // serves it as) name the workload itself, not what it needs.
        guard words != ["hostname"], words.first != "virtual" else { return false }
        // `PGHOST`, `REDISHOST`: libpq's and others' glued forms; `DB_HOST_NAME`.
        let gluedHost = last.count > 4 && last.hasSuffix("host") && !["localhost", "ghost"].contains(last)
        let hostName = words.count > 2 && words.suffix(2) == ["host", "name"]
        return addressWords.contains(last) || gluedHost || hostName || (words.count == 1 && datastoreWords.contains(last))
    }

    static let addressWords: Set<String> = [
        "host", "hostname", "addr", "address", "server", "endpoint", "broker",
        "hosts", "hostnames", "addrs", "addresses", "servers", "endpoints", "brokers",
    ]
    static let datastoreWords: Set<String> = [
        "redis", "postgres", "postgresql", "mysql", "mariadb", "mongo", "mongodb", "rabbitmq", "kafka",
        "memcached", "elasticsearch", "cassandra", "nats", "amqp", "etcd", "zookeeper", "minio",
    ]

    /// One label of a DNS name as Kubernetes names Services: lower-case letters, digits and
    /// `-`, a letter first, at most 63 bytes; not a word settings use for other things.
    static func isDNSLabel(_ text: String) -> Bool {
        let bytes = Array(text.utf8)
        guard (1...63).contains(bytes.count), (0x61...0x7A).contains(bytes[0]), bytes.last != 0x2D,
              bytes.allSatisfy({ (0x61...0x7A).contains($0) || (0x30...0x39).contains($0) || $0 == 0x2D }) else { return false }
        return !["true", "false", "yes", "no", "on", "off", "none", "null", "localhost", "disabled", "enabled"].contains(text)
    }

    /// Whether a ConfigMap value is a data document or a program (JSON, YAML, PHP, a script…)
    /// rather than a configuration that could be nginx's: its key ends in an extension of
    /// such a file, or its text opens with `{` or `[`, which no nginx file does. Grafana
    /// dashboards are the common case: read as nginx, their `"alias": …` fields made hundreds
    /// of false syntax errors; a PHP page's `return` and `if` made a changed one exit 2.
    static func holdsData(key: String, text: String) -> Bool {
        if let dot = key.lastIndex(of: "."), notNginx.contains(key[key.index(after: dot)...].lowercased()) { return true }
        let first = text.utf8.first { $0 != 0x20 && $0 != 0x09 && $0 != 0x0A && $0 != 0x0D }
        return first == 0x7B || first == 0x5B
    }

    /// Extensions of ConfigMap keys whose values are never nginx configuration.
    static let notNginx: Set<String> = [
        "json", "yaml", "yml", "php", "html", "htm", "js", "mjs", "ts", "py", "rb", "pl", "sh", "bash", "ps1", "lua", "go",
        "java", "xml", "properties", "ini", "toml", "txt", "md", "css", "sql", "csv", "env", "cfg", "j2", "jinja", "erb",
    ]

    /// Splits a scalar into lines that could name an endpoint, each at its line in the file. A
    /// block scalar (`|`, `>`) starts on the line after its indicator.
    static func lineMentions(_ text: String, node: YAMLNode, context: String, container: String? = nil) -> [Mention] {
        switch node.scalar?.style {
        case .literal?, .folded?: lineMentions(text, firstLine: node.line + 1, context: context, container: container)
        default: lineMentions(text, firstLine: node.line, context: context, container: container)
        }
    }

    /// Splits text into lines that could name an endpoint, the first at `firstLine`.
    static func lineMentions(_ text: String, firstLine: Int, context: String, container: String? = nil) -> [Mention] {
        var mentions: [Mention] = []
        // On the bytes: a dashboard kept in a ConfigMap is megabytes of lines, and what is
        // looked for (line breaks, blanks, `.`, `#`) is ASCII.
        var text = text
        text.withUTF8 { bytes in
            var offset = 0
            var lineStart = 0
            while true {
                var lineEnd = lineStart
                while lineEnd < bytes.count, bytes[lineEnd] != 0x0A { lineEnd += 1 }
                var start = lineStart, end = lineEnd
                while start < end, Self.isBlank(bytes[start]) { start += 1 }
                while end > start, Self.isBlank(bytes[end - 1]) { end -= 1 }
                // Only text with a dot can name a host, or a scheme or ARN name a bucket
                // (`s3://uploads`, `arn:aws:s3:::uploads`), or a port a Service (`api:8080`);
                // comments in configs stay comments.
                if start < end, bytes[start] != 0x23, bytes[start..<end].contains(0x2E) || Self.namesAResource(bytes[start..<end]) {
                    let line = String(decoding: UnsafeBufferPointer(rebasing: bytes[start..<end]), as: UTF8.self)
                    mentions.append(Mention(text: line, line: firstLine + offset, context: context, container: container))
                }
                guard lineEnd < bytes.count else { break }
                lineStart = lineEnd + 1
                offset += 1
            }
        }
        return mentions
    }

    /// Whether a line without a dot holds `://` or `arn:`, which name buckets without one, or
    /// `name:port`, which names an in-cluster Service.
    static func namesAResource(_ line: Slice<UnsafeBufferPointer<UInt8>>) -> Bool {
        var index = line.startIndex
        while let colon = line[index...].firstIndex(of: 0x3A) {
            let after = colon + 1
            if after + 1 < line.endIndex, line[after] == 0x2F, line[after + 1] == 0x2F { return true }
            if colon - line.startIndex >= 3, line[colon - 3] == 0x61, line[colon - 2] == 0x72, line[colon - 1] == 0x6E {
                return true
            }
            // `api:8080`: an in-cluster Service's address, which has no dot.
            if colon > line.startIndex, after < line.endIndex, Self.isDigit(line[after]),
                Self.isDigit(line[colon - 1]) || (line[colon - 1] | 0x20 >= 0x61 && line[colon - 1] | 0x20 <= 0x7A)
            {
                return true
            }
            index = after
            if index >= line.endIndex { return false }
        }
        return false
    }

    static func isDigit(_ byte: UInt8) -> Bool { byte >= 0x30 && byte <= 0x39 }

    /// Space, tab and carriage return, which `lineMentions` trims.
    static func isBlank(_ byte: UInt8) -> Bool { byte == 0x20 || byte == 0x09 || byte == 0x0D }

    static let zoneKeys: Set<String> = ["topology.kubernetes.io/zone", "failure-domain.beta.kubernetes.io/zone", "topology.gke.io/zone"]
    static let regionKeys: Set<String> = ["topology.kubernetes.io/region", "failure-domain.beta.kubernetes.io/region"]

    /// The node label naming one node.
    static let hostnameKey = "kubernetes.io/hostname"

    /// Zones, regions and nodes a pod may run on, from `nodeName`, `nodeSelector` and required
    /// node affinity. Terms of `nodeSelectorTerms` are alternatives: a zone is allowed when any
    /// term allows it, so one term without a zone constraint leaves the pod unconstrained.
    static func placement(_ spec: YAMLNode) -> PlacementFact {
        // `null` deletes in a Kustomize patch (and leaves a manifest's field unset).
        var deletions = PlacementDeletions()
        var labels: [String: String] = [:], lines: [String: Int] = [:]
        if let node = spec["nodeName"] { nodeSelector("nodeName", node, line: node.line, into: &labels, lines: &lines, deletions: &deletions) }
        if spec["nodeSelector"]?.isNull == true { deletions.selector = true }
        for entry in spec["nodeSelector"]?.entries ?? [] {
            guard let key = entry.key.string else { continue }
            nodeSelector(key, entry.value, line: entry.key.line, into: &labels, lines: &lines, deletions: &deletions)
        }
        let affinity = nodeAffinity(spec["affinity"], deletions: &deletions)
        return PlacementFact(selector: selecting(labels, lines: lines), affinity: affinity, deletions: deletions)
    }

    /// Whether a node selector key (or `nodeName`) places pods: a zone, region or hostname label.
    static func placesPods(_ key: String) -> Bool {
        key == "nodeName" || key == hostnameKey || zoneKeys.contains(key) || regionKeys.contains(key)
    }

    /// One `nodeSelector` entry (or `nodeName`, under that name): kept when it places pods; a
    /// `null` one is deleted.
    static func nodeSelector(
        _ key: String, _ value: YAMLNode, line: Int, into labels: inout [String: String], lines: inout [String: Int], deletions: inout PlacementDeletions
    ) {
        guard placesPods(key) else { return }
        if let text = value.string, !text.isEmpty {
            labels[key] = text
            lines[key] = line
        } else if value.isNull {
            labels[key] = nil
            lines[key] = nil
            deletions.keys.append(key)
        }
    }

    /// The zones, regions and nodes a node selector's labels allow, located at the last of
    /// them; nil when none places pods.
    static func selecting(_ labels: [String: String], lines: [String: Int]) -> PlacementConstraint? {
        guard !labels.isEmpty else { return nil }
        var result = PlacementConstraint()
        result.labels = labels
        result.lines = lines.filter { labels[$0.key] != nil }
        for (key, value) in labels.sorted(by: { $0.key < $1.key }) {
            if zoneKeys.contains(key) { result.zones = intersect(result.zones, [value]) }
            if regionKeys.contains(key) { result.regions = intersect(result.regions, [value]) }
            if key == hostnameKey || key == "nodeName" { result.hosts = intersect(result.hosts, [value]) }
        }
        result.line = result.lines.values.max()
        return result
    }

    /// The zones, regions and nodes required node affinity allows; nil when it writes no
    /// `nodeSelectorTerms` (which a patch then leaves as they are: the terms are a list
    /// Kubernetes replaces whole), unconstrained when its terms are on other labels.
    static func nodeAffinity(_ affinity: YAMLNode?, deletions: inout PlacementDeletions) -> PlacementConstraint? {
        let node = affinity?["nodeAffinity"], required = node?["requiredDuringSchedulingIgnoredDuringExecution"]
        if [affinity, node, required, required?["nodeSelectorTerms"]].contains(where: { $0?.isNull == true }) {
            deletions.affinity = true
            return nil
        }
        guard let terms = required?["nodeSelectorTerms"]?.items else { return nil }
        return nodeSelectorTerms(terms)
    }

    /// What `nodeSelectorTerms` allow (alternatives: see ``placement(_:)``).
    static func nodeSelectorTerms(_ terms: [YAMLNode]) -> PlacementConstraint {
        var result = PlacementConstraint()
        var termZones: [[String]?] = [], termRegions: [[String]?] = [], termHosts: [[String]?] = []
        var excluded: Set<String> = []
        for term in terms {
            var zones: [String]?, regions: [String]?, hosts: [String]?
            for expression in term["matchExpressions"]?.items ?? [] {
                guard let key = expression["key"]?.string, let op = expression["operator"]?.string else { continue }
                let values = (expression["values"]?.items ?? []).compactMap(\.string)
                let isZone = zoneKeys.contains(key), isRegion = regionKeys.contains(key)
                if key == hostnameKey, op == "In" {
                    hosts = intersect(hosts, values)
                    result.line = result.line ?? expression.line
                }
                guard isZone || isRegion else { continue }
                result.line = result.line ?? expression.line
                switch (op, isZone) {
                case ("In", true): zones = intersect(zones, values)
                case ("In", false): regions = intersect(regions, values)
                case ("NotIn", true): excluded.formUnion(values)
                default: break
                }
            }
            termZones.append(zones)
            termRegions.append(regions)
            termHosts.append(hosts)
        }
        // A term with no constraint allows everything, so the union is unconstrained.
        func union(_ terms: [[String]?]) -> [String]? {
            guard !terms.isEmpty, !terms.contains(where: { $0 == nil }) else { return nil }
            return Array(Set(terms.compactMap { $0 }.flatMap { $0 })).sorted()
        }
        result.zones = union(termZones)
        result.regions = union(termRegions)
        result.hosts = union(termHosts)
        result.excludedZones = excluded.sorted()
        return result
    }

    static func intersect(_ current: [String]?, _ values: [String]) -> [String] {
        guard let current else { return values.sorted() }
        return current.filter(values.contains).sorted()
    }

    static func allowedZones(_ node: YAMLNode?) -> [String]? {
        guard let node else { return nil }
        var zones: Set<String> = []
        var constrained = false
        for term in node.items ?? [] {
            for expression in term["matchLabelExpressions"]?.items ?? [] {
                guard let key = expression["key"]?.string, zoneKeys.contains(key) || key == "topology.ebs.csi.aws.com/zone" || key == "topology.gke.io/zone" else { continue }
                constrained = true
                zones.formUnion((expression["values"]?.items ?? []).compactMap(\.string))
            }
        }
        return constrained ? zones.sorted() : nil
    }

    static func service(namespace: String, name: String, root: YAMLNode) -> ServiceFact {
        let spec = root["spec"]
        var service = ServiceFact(
            namespace: namespace, name: name, line: root.line,
            type: spec?["type"]?.string ?? "ClusterIP",
            selector: stringMap(spec?["selector"]),
            externalName: spec?["externalName"]?.string
        )
        service.writesType = spec?["type"]?.string != nil
        service.externalNameLine = spec?["externalName"]?.line
        if let annotations = root["metadata"]?["annotations"] {
            service.clearsAnnotations = annotations.isNull
            for entry in annotations.entries ?? [] {
                guard let key = entry.key.string, loadBalancerKeys.contains(key) else { continue }
                service.loadBalancerAnnotations[key] = .some(entry.value.isNull ? nil : entry.value.string ?? "")
            }
        }
        if let loadBalancerClass = spec?["loadBalancerClass"] {
            service.loadBalancerAnnotations[loadBalancerClassKey] = .some(loadBalancerClass.isNull ? nil : loadBalancerClass.string ?? "")
        }
        return service
    }

    /// The annotations by which clouds make a Service's load balancer internal, by cloud.
    static let loadBalancerFamilies: [(provider: String, keys: [String])] = [
        ("gcp", ["networking.gke.io/load-balancer-type", "cloud.google.com/load-balancer-type"]),
        ("aws", ["service.beta.kubernetes.io/aws-load-balancer-scheme", "service.beta.kubernetes.io/aws-load-balancer-internal"]),
        ("azure", ["service.beta.kubernetes.io/azure-load-balancer-internal"]),
        ("oci", ["service.beta.kubernetes.io/oci-load-balancer-internal"]),
        ("alibaba", ["service.beta.kubernetes.io/alibaba-cloud-loadbalancer-address-type"]),
    ]
    static let loadBalancerKeys = Set(loadBalancerFamilies.flatMap(\.keys) + [awsLoadBalancerTypeKey])

    /// The annotation that hands an AWS Service to the AWS Load Balancer Controller (`external`,
    /// the older `nlb-ip`), or asks the in-tree provider for an NLB (`nlb`).
    static let awsLoadBalancerTypeKey = "service.beta.kubernetes.io/aws-load-balancer-type"
    /// Where a Service's `spec.loadBalancerClass` is kept among its load balancer annotations
    /// (no annotation has this name): the class `service.k8s.aws/nlb` is the controller's.
    static let loadBalancerClassKey = "spec.loadBalancerClass"

    /// Whether the AWS Load Balancer Controller makes the Service's load balancer: its class is
    /// the controller's, or, without a class, its type annotation is `external` or `nlb-ip`.
    static func handledByAWSLoadBalancerController(_ annotations: [String: String?]) -> Bool {
        if let loadBalancerClass = annotations[loadBalancerClassKey] ?? nil { return loadBalancerClass == "service.k8s.aws/nlb" }
        return ["external", "nlb-ip"].contains((annotations[awsLoadBalancerTypeKey] ?? nil) ?? "")
    }

    /// Whether a Service's annotations make its load balancer internal, read as each cloud
    /// reads them. GKE: `networking.gke.io/load-balancer-type` (else the older
    /// `cloud.google.com/…`) `Internal` or `internal`; AWS: `aws-load-balancer-scheme`
    /// `internal` (any other value public), else the older `aws-load-balancer-internal` when a
    /// boolean that is true (what the in-tree provider and the Load Balancer Controller both
    /// read as internal), else internal when the AWS Load Balancer Controller makes it (its
    /// default scheme since v2.2); Azure and Oracle: `…-load-balancer-internal: "true"`; Alibaba:
    /// the `intranet` address type. On a cluster of a known provider only that cloud's
    /// annotations count; else those of every cloud present must say internal.
    static func internalLoadBalancer(_ annotations: [String: String?], provider: String?) -> Bool {
        func said(_ keys: [String]) -> Bool? {
            guard let key = keys.first(where: { annotations[$0] != nil }) else { return nil }
            let value = (annotations[key] ?? nil) ?? ""
            switch key {
            case "networking.gke.io/load-balancer-type", "cloud.google.com/load-balancer-type": return value == "Internal" || value == "internal"
            case "service.beta.kubernetes.io/aws-load-balancer-scheme": return value == "internal"
            case "service.beta.kubernetes.io/aws-load-balancer-internal": return ["1", "t", "T", "true", "TRUE", "True"].contains(value)
            case "service.beta.kubernetes.io/alibaba-cloud-loadbalancer-address-type": return value == "intranet"
            default: return value == "true"
            }
        }
        func decided(_ family: (provider: String, keys: [String])) -> Bool? {
            if let decision = said(family.keys) { return decision }
            return family.provider == "aws" && handledByAWSLoadBalancerController(annotations) ? true : nil
        }
        let present = annotations.filter { $0.value != nil }
        guard !present.isEmpty else { return false }
        if let provider, let family = loadBalancerFamilies.first(where: { $0.provider == provider }) {
            return decided(family) ?? false
        }
        let decisions = loadBalancerFamilies.compactMap(decided)
        return !decisions.isEmpty && decisions.allSatisfy { $0 }
    }

    static func ingress(namespace: String, name: String, root: YAMLNode, facts: inout FileFacts) -> IngressFact {
        let spec = root["spec"]
        var backends: [NamedReference] = []
        let annotations = root["metadata"]?["annotations"]
        // Each action is read once, however many paths use it.
        var actions: [String: ALBAction] = [:]
        func backend(_ node: YAMLNode?) {
            guard let node else { return }
            if let service = node["service"]?["name"] ?? node["serviceName"] {
                // The AWS Load Balancer Controller's `use-annotation` port names an action of
                // the Ingress's annotations, not a Service: a redirect or fixed response sends
                // nowhere, a forward to the Services its target groups name.
                let port = node["service"]?["port"]?["name"] ?? node["servicePort"]
                if port?.string == "use-annotation", let name = service.string {
                    let action = actions[name] ?? ALBAction(name, in: annotations)
                    if actions[name] == nil {
                        actions[name] = action
                        if let problem = action.problem {
                            facts.diagnostics.append(Diagnostic(
                                .warning, "the load balancer action \(name) of Ingress \(namespace)/\(root["metadata"]?["name"]?.string ?? "") \(problem)",
                                detail: action.counted ? "check that it forwards where you mean it to" : "where it forwards is not known, so the Ingress needs nothing there",
                                path: facts.path, line: action.line ?? service.line))
                        }
                    }
                    backends += action.targets
                    return
                }
                backends.append(NamedReference(name: service.string ?? "", line: service.line))
            }
        }
        backend(spec?["defaultBackend"] ?? spec?["backend"])
        var hosts: [String] = []
        for rule in spec?["rules"]?.items ?? [] {
            if let host = rule["host"]?.string { hosts.append(host) }
            for path in rule["http"]?["paths"]?.items ?? [] { backend(path["backend"]) }
        }
        var ingress = IngressFact(namespace: namespace, name: name, line: root.line, backends: backends, hosts: hosts)
        // GKE's internal class is chosen by the annotation, which its controller alone serves.
        // An ALB's `scheme: internal` is not read: another controller ignores it, and an
        // IngressClassParams of the class may set the scheme for every Ingress of it.
        ingress.isInternal = annotations?["kubernetes.io/ingress.class"]?.string == "gce-internal"
        return ingress
    }

    /// An AWS Load Balancer Controller action (`alb.ingress.kubernetes.io/actions.NAME`, JSON):
    /// the Services the target groups of a forward name, located at the annotation; none for a
    /// redirect or a fixed response (the last `type` written, as the controller's JSON decoding
    /// keeps it). Keys are matched without regard to case, as that decoding does; a repeated
    /// key it would merge makes every Service named count. An action that is missing, does not
    /// parse, repeats such a key or forwards without naming a Service has a `problem`.
    struct ALBAction {
        var targets: [NamedReference] = []
        var problem: String?
        /// Whether the Services it names are counted despite the problem.
        var counted = false
        var line: Int?

        static let prefix = "alb.ingress.kubernetes.io/actions."

        init(_ name: String, in annotations: YAMLNode?) {
            guard let annotation = annotations?[Self.prefix + name], let text = annotation.string else {
                problem = "cannot be read: the Ingress has no annotation \(Self.prefix + name)"
                return
            }
            line = annotation.line
            guard text.utf8.count <= 65_536, let object = JSONNode.parse(text), case .object = object.kind else {
                problem = text.utf8.count > 65_536 ? "cannot be read: it is over 64 KB" : "cannot be read: it is not a JSON object Faultline reads"
                return
            }
            let type = object.all("type").last?.string?.lowercased()
            guard type != "redirect", type != "fixed-response" else { return }
            // A key written twice is merged by the controller's decoding, not replaced (a
            // second `forwardConfig` fills in the first; a second `targetGroups` decodes over
            // the first's entries): every Service any of them names is counted, and it is said.
            var repeated = object.repeats("forwardConfig") || object.repeats("targetGroupARN")
            let configs = object.all("forwardConfig")
            let groups = configs.flatMap { config in
                repeated = repeated || config.repeats("targetGroups")
                return config.all("targetGroups").flatMap { $0.items ?? [] }
            }
            var seen: Set<String> = []
            for group in groups {
                repeated = repeated || group.repeats("serviceName") || group.repeats("targetGroupARN")
                for service in group.all("serviceName").compactMap(\.string) where !service.isEmpty && seen.insert(service).inserted {
                    targets.append(NamedReference(name: service, line: annotation.line))
                }
            }
            let byARN = object.all("targetGroupARN").contains { $0.string != nil }
                || groups.contains { group in (group.all("targetGroupARN") + group.all("targetGroupName")).contains { $0.string != nil } }
            if repeated {
                problem = "repeats a key the controller merges: every Service it names is counted"
                counted = true
                return
            }
            if targets.isEmpty, !byARN { problem = "forwards to no Service it names" }
        }
    }

    static func stringMap(_ node: YAMLNode?) -> [String: String] {
        var result: [String: String] = [:]
        for entry in node?.entries ?? [] {
            if let key = entry.key.string, let value = entry.value.string { result[key] = value }
        }
        return result
    }
}

/// Reading JSON as Go's `encoding/json` fills a struct (the controller's actions): keys match
/// fields without regard to case, `ſ` standing for `s` and the Kelvin sign for `k`.
extension JSONNode {
    /// Every value of a key matching `key`, in the order written.
    func all(_ key: String) -> [JSONNode] {
        guard case .object(let members) = kind else { return [] }
        let wanted = Self.folded(key)
        return members.filter { Self.folded($0.key) == wanted }.map(\.value)
    }

    /// Whether more than one key matches `key`.
    func repeats(_ key: String) -> Bool { all(key).count > 1 }

    var string: String? {
        if case .string(let text, _) = kind { return text }
        return nil
    }

    var items: [JSONNode]? {
        if case .array(let items) = kind { return items }
        return nil
    }

    static func folded(_ key: String) -> String {
        var scalars = String.UnicodeScalarView()
        for scalar in key.unicodeScalars { scalars.append(scalar == "ſ" ? "s" : scalar) }
        return String(scalars).lowercased()
    }
}

