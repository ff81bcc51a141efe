import HCL
import Model

/// Kubernetes objects declared in Terraform — the kubernetes provider's typed resources
/// (`kubernetes_deployment_v1`, `kubernetes_service_v1`, `kubernetes_ingress_v1`, …),
/// `kubernetes_manifest` and kubectl's `kubectl_manifest` — read as the objects they apply, so
/// they join the repository's manifests: placed on its cluster, exposed through its Services
/// and Ingresses, needing what their env names.
///
/// Each evaluated resource becomes the object's YAML tree, which the Kubernetes reader reads
/// as it reads a manifest; every fact points at the resource's first line. Values known only
/// at apply (a data source, another resource's id) are left out of the object.
enum TerraformKubernetes {
    /// The object each typed resource declares.
    static let kinds: [String: (apiVersion: String, kind: String)] = {
        var kinds: [String: (apiVersion: String, kind: String)] = [:]
        for (type, object) in [
            ("kubernetes_deployment", ("apps/v1", "Deployment")), ("kubernetes_stateful_set", ("apps/v1", "StatefulSet")),
            ("kubernetes_daemon_set", ("apps/v1", "DaemonSet")), ("kubernetes_service", ("v1", "Service")),
            ("kubernetes_ingress", ("networking.k8s.io/v1", "Ingress")), ("kubernetes_config_map", ("v1", "ConfigMap")),
            ("kubernetes_pod", ("v1", "Pod")), ("kubernetes_job", ("batch/v1", "Job")), ("kubernetes_cron_job", ("batch/v1", "CronJob")),
            ("kubernetes_replication_controller", ("v1", "ReplicationController")),
        ] {
            kinds[type + "_v1"] = object
        }
        // The unversioned names of the provider's older schemas, where they share the v1 shape.
        for type in [
            "kubernetes_deployment", "kubernetes_stateful_set", "kubernetes_service", "kubernetes_config_map", "kubernetes_pod", "kubernetes_job",
            "kubernetes_replication_controller",
        ] {
            kinds[type] = kinds[type + "_v1"]
        }
        kinds["kubernetes_daemonset"] = kinds["kubernetes_daemon_set_v1"]
        kinds["kubernetes_cron_job"] = ("batch/v1beta1", "CronJob")
        kinds["kubernetes_ingress"] = ("networking.k8s.io/v1beta1", "Ingress")
        for type in ["kubernetes_storage_class", "kubernetes_storage_class_v1"] { kinds[type] = ("storage.k8s.io/v1", "StorageClass") }
        for type in ["kubernetes_persistent_volume_claim", "kubernetes_persistent_volume_claim_v1"] { kinds[type] = ("v1", "PersistentVolumeClaim") }
        return kinds
    }()

    /// Whether a resource type is read as the Kubernetes object it declares.
    static func declaresObject(_ type: String) -> Bool {
        kinds[type] != nil || type == "kubernetes_manifest" || type == "kubectl_manifest"
    }

    /// Block names the provider writes singular for what the API lists: one block per item.
    static let listed: [String: String] = [
        "container": "containers", "init_container": "initContainers", "ephemeral_container": "ephemeralContainers",
        "port": "ports", "env": "env", "env_from": "envFrom", "volume": "volumes", "volume_mount": "volumeMounts",
        "toleration": "tolerations", "rule": "rules", "path": "paths", "tls": "tls", "host_aliases": "hostAliases",
        "image_pull_secrets": "imagePullSecrets", "topology_spread_constraint": "topologySpreadConstraints",
        "match_expressions": "matchExpressions", "volume_claim_template": "volumeClaimTemplates",
        "node_selector_term": "nodeSelectorTerms", "required_during_scheduling_ignored_during_execution": "requiredDuringSchedulingIgnoredDuringExecution",
        "preferred_during_scheduling_ignored_during_execution": "preferredDuringSchedulingIgnoredDuringExecution",
        "sources": "sources", "allowed_topologies": "allowedTopologies", "match_label_expressions": "matchLabelExpressions",
        "match_fields": "matchFields", "items": "items", "readiness_gate": "readinessGates", "volume_device": "volumeDevices",
        "http_header": "httpHeaders", "sysctl": "sysctls", "option": "options",
    ]

    /// Names whose API spelling is not the camelCase of the provider's.
    static let spelled: [String: String] = [
        "cluster_ip": "clusterIP", "cluster_ips": "clusterIPs", "external_ips": "externalIPs", "load_balancer_ip": "loadBalancerIP",
        "host_ipc": "hostIPC", "host_pid": "hostPID", "pod_ip": "podIP", "host_ip": "hostIP",
    ]

    /// Maps whose keys are the user's (labels, a ConfigMap's data), kept as written when they
    /// are maps; a block of the same name (a Deployment's `selector { match_labels }`) is not.
    static let freeForm: Set<String> = [
        "labels", "annotations", "selector", "match_labels", "node_selector", "data", "binary_data", "limits", "requests", "string_data",
        "parameters",
    ]

    /// The YAML text of `kubectl_manifest`s one evaluation loads, at most; past it, objects are
    /// not read. A thousand `count` instances of a large template are each a text of their own.
    static let textLimit = 16 << 20

    /// What the resources of one file declare: the objects, and a note for each object whose
    /// name or namespace is known only at apply (`for_each` over `fileset()`, a data source),
    /// which is not read — under a wrong name or namespace it would join the wrong objects.
    struct Declared: Sendable {
        var objects: [Object] = []
        var notes: [Diagnostic] = []
    }

    /// An object, and the values in its spec that name other Terraform resources (a database's
    /// address in an env value), left out of the object itself: its workloads need them.
    struct Object: Sendable {
        var root: YAMLNode
        var references: [(context: String, text: String)] = []
    }

    /// What a commit's evaluated Terraform declares, by the path of the file declaring it.
    static func objects(of resources: [TerraformResource]) -> [String: Declared] {
        var declared: [String: Declared] = [:]
        // A YAML text is loaded once for all the instances of its resource, and an object is
        // read once per kind, namespace and name: `count = 1000` over one file is one object
        // (Kubernetes would apply the same object a thousand times).
        var loaded = Loaded()
        var seen: Set<String> = []
        for resource in resources where declaresObject(resource.type) {
            let problem: (summary: String, detail: String)
            loaded.refused = nil
            if let object = object(of: resource, loaded: &loaded) {
                if let name = object["metadata"]?["name"]?.string ?? object["metadata"]?["generateName"]?.string, !name.isEmpty,
                   !unknownNamespace(resource)
                {
                    let namespace = object["metadata"]?["namespace"]?.string ?? "default"
                    let identity = [resource.path, object["apiVersion"]?.string ?? "", object["kind"]?.string ?? "", namespace, name]
                        .joined(separator: "\u{0}")
                    if seen.insert(identity).inserted {
                        let references = references(of: resource, loaded: loaded)
                        declared[resource.path, default: Declared()].objects.append(Object(root: object, references: references))
                    }
                    continue
                }
                problem = ("its name or namespace is known only at apply",
                           "Faultline reads Terraform without planning it; write them as literals or variables with values to have it read")
            } else if loaded.refused == .overLimit {
                problem = ("the YAML the repository's kubectl_manifests hold is over \(textLimit >> 20) MiB",
                           "no configuration needs this much; look for a large template filled in for many count or for_each instances")
            } else if loaded.refused == .unknownIdentity {
                problem = ("its name or namespace is known only at apply",
                           "Faultline reads Terraform without planning it; write them as literals or variables with values to have it read")
            } else {
                problem = ("it is not a Kubernetes object Faultline can read (its manifest is unknown, does not parse, or is not one object)",
                           "a manifest known only at apply, or from a function Faultline does not evaluate, is not read")
            }
            declared[resource.path, default: Declared()].notes.append(Diagnostic(
                .note, "\(resource.type).\(resource.name)'s object is not read: \(problem.summary)", detail: problem.detail,
                path: resource.path, line: resource.line))
        }
        return declared
    }

    /// The values in a resource's spec that name other Terraform resources (markers), but an
    /// image's: `env { name = "DB_HOST", value = aws_db_instance.main.address }` is one, in
    /// context `env DB_HOST`.
    static func references(of resource: TerraformResource, loaded: Loaded) -> [(context: String, text: String)] {
        var found: [(context: String, text: String)] = []
        func walk(_ value: Value, key: String, fields: [String: Value]?) {
            switch value {
            case .string(let text) where key != "image" && TerraformMarker.holdsMarker(text):
                let name = fields?["name"]?.stringValue
                found.append((key == "value" && name != nil ? "env \(name ?? "")" : key, text))
            case .tuple(let items): for item in items { walk(item, key: key, fields: fields) }
            case .object(let inner): for name in inner.keys.sorted() { if let field = inner[name] { walk(field, key: name, fields: inner) } }
            default: break
            }
        }
        switch resource.type {
        case "kubernetes_manifest":
            if let spec = resource.values["manifest"]?.objectValue?["spec"] { walk(spec, key: "spec", fields: nil) }
        case "kubectl_manifest":
            // From the loaded document: the object's tree leaves them out.
            if let spec = loaded.last[loaded.key(of: resource)]?.spec { walk(spec, key: "spec", fields: nil) }
        default:
            if let spec = resource.values["spec"] { walk(spec, key: "spec", fields: nil) }
        }
        return found
    }

    /// Whether the resource sets a namespace Faultline cannot know.
    private static func unknownNamespace(_ resource: TerraformResource) -> Bool {
        let metadata: Value? = switch resource.type {
        case "kubernetes_manifest": resource.values["manifest"]?.objectValue?["metadata"]
        case "kubectl_manifest": nil
        default: resource.values["metadata"].flatMap { if case .tuple(let items) = $0 { items.first } else { $0 } }
        }
        guard let namespace = metadata?.objectValue?["namespace"], namespace != .null else { return false }
        guard case .string(let text) = namespace else { return true }
        return TerraformMarker.holdsMarker(text)
    }

    /// The YAML texts an evaluation has loaded: the last of each resource declaration (by path
    /// and line) with its tree, and how much text in all (see ``textLimit``).
    struct Loaded {
        /// With the document's spec as a value when the text holds a marker (see `references`).
        var last: [String: (text: String, root: YAMLNode?, refused: Refusal?, spec: Value?)] = [:]
        var bytes = 0
        /// Why the last object asked for was not given, when `object(of:loaded:)` knows.
        var refused: Refusal?

        func key(of resource: TerraformResource) -> String { "\(resource.path)\u{0}\(resource.line)" }
    }

    enum Refusal {
        /// The YAML loaded is past ``textLimit``.
        case overLimit
        /// The YAML's name or namespace is a value known only at apply.
        case unknownIdentity
    }

    /// The object a resource declares.
    static func object(of resource: TerraformResource, loaded: inout Loaded) -> YAMLNode? {
        let line = resource.line
        switch resource.type {
        case "kubernetes_manifest":
            guard let manifest = resource.values["manifest"] else { return nil }
            return node(manifest, key: nil, parent: nil, verbatim: true, line: line)
        case "kubectl_manifest":
            guard case .string(let text)? = resource.values["yaml_body"] else { return nil }
            let key = loaded.key(of: resource)
            var root: YAMLNode?
            if let known = loaded.last[key], known.text == text {
                root = known.root
                loaded.refused = known.refused
            } else {
                guard loaded.bytes + text.utf8.count <= textLimit else {
                    loaded.refused = .overLimit
                    return nil
                }
                loaded.bytes += text.utf8.count
                let document = YAMLLoader().load(text: text, path: resource.path).documents.first?.root
                // Values known only at apply (an IAM role's ARN in an annotation) are left out,
                // as they are of the other resources' objects — but not a name or namespace:
                // without it the object would be read as another.
                let identity = ["name", "generateName", "namespace"].compactMap { document?["metadata"]?[$0]?.scalar?.text }
                if identity.contains(where: TerraformMarker.holdsMarker) { loaded.refused = .unknownIdentity }
                root = loaded.refused == nil ? document.flatMap { rebased($0, to: line) } : nil
                let spec = TerraformMarker.holdsMarker(text) ? document?["spec"].flatMap(TerraformYAML.value(of:)) : nil
                loaded.last[key] = (text, root, loaded.refused, spec)
            }
            // `override_namespace` puts the object in that namespace.
            if var object = root, case .string(let namespace)? = resource.values["override_namespace"], !TerraformMarker.holdsMarker(namespace),
               case .mapping(var entries) = object.content
            {
                let metadata = entries.firstIndex { $0.key.string == "metadata" }
                var fields = metadata.flatMap { entries[$0].value.entries } ?? []
                fields.removeAll { $0.key.string == "namespace" }
                fields.append(entry("namespace", YAMLNode(.scalar(YAMLScalar(namespace, style: .doubleQuoted)), line: line), line: line))
                let value = YAMLNode(.mapping(fields), line: line)
                if let metadata { entries[metadata].value = value } else { entries.append(entry("metadata", value, line: line)) }
                object.content = .mapping(entries)
                root = object
            }
            return root
        default:
            guard let (apiVersion, kind) = kinds[resource.type] else { return nil }
            var entries = [entry("apiVersion", scalar(apiVersion, line: line), line: line), entry("kind", scalar(kind, line: line), line: line)]
            for key in resource.values.keys.sorted() where ["metadata", "spec", "data"].contains(key) {
                if let value = resource.values[key], let converted = node(value, key: key, parent: nil, verbatim: false, line: line) {
                    entries.append(entry(key, converted, line: line))
                }
            }
            return YAMLNode(.mapping(entries), line: line)
        }
    }

    /// A Terraform value as the API's YAML: the provider's snake_case names in camelCase, its
    /// singular blocks as the API's lists, a block written once as an object. Nil for what is
    /// not known (or names another resource's identity).
    /// `block` says the value is a block's (an item of the tuple the provider's blocks are),
    /// whose names are the provider's even where a map of that name would be the user's.
    static func node(_ value: Value, key: String?, parent: String?, verbatim: Bool, line: Int, block: Bool = false) -> YAMLNode? {
        switch value {
        case .string(let text):
            return TerraformMarker.holdsMarker(text) ? nil : YAMLNode(.scalar(YAMLScalar(text, style: .doubleQuoted)), line: line)
        case .number, .bool:
            return YAMLNode(.scalar(YAMLScalar(value.description)), line: line)
        case .tuple(let items):
            let nodes = items.compactMap { node($0, key: key, parent: parent, verbatim: verbatim, line: line, block: !verbatim) }
            // A block written once, where the API has an object.
            if !verbatim, let key, plural(of: key, in: parent) == nil, items.count == 1, case .object = items[0] { return nodes.first }
            return YAMLNode(.sequence(nodes), line: line)
        case .object(let fields):
            let keepKeys = verbatim || (!block && key.map(freeForm.contains) == true)
            var entries: [YAMLEntry] = []
            for name in fields.keys.sorted() {
                guard var field = fields[name] else { continue }
                // The JSON syntax may write a block given once as an object.
                let listedHere = !keepKeys && plural(of: name, in: key) != nil
                if listedHere, case .object = field { field = .tuple([field]) }
                guard let converted = node(field, key: name, parent: key, verbatim: keepKeys, line: line) else { continue }
                let isBlocks = if case .tuple(let items) = field { items.allSatisfy { if case .object = $0 { true } else { false } } } else { false }
                let apiKey = keepKeys ? name : (isBlocks ? plural(of: name, in: key) : nil) ?? apiName(name)
                entries.append(entry(apiKey, converted, line: line))
            }
            return YAMLNode(.mapping(entries), line: line)
        default:
            return nil
        }
    }

    /// The API's list a block of this name stands for an item of, inside a block named
    /// `parent`: `container` → `containers`. An Ingress backend's `service { port { … } }` is
    /// one object.
    static func plural(of name: String, in parent: String?) -> String? {
        if name == "port", parent == "service" { return nil }
        // A node affinity's required terms are one NodeSelector; a pod affinity's, a list.
        if name == "required_during_scheduling_ignored_during_execution", parent == "node_affinity" { return nil }
        return listed[name]
    }

    /// `container_port` → `containerPort`.
    static func apiName(_ name: String) -> String {
        if let spelling = spelled[name] { return spelling }
        var result = ""
        var upper = false
        for character in name {
            if character == "_" {
                upper = true
            } else {
                result.append(upper ? Character(character.uppercased()) : character)
                upper = false
            }
        }
        return result
    }

    private static func scalar(_ text: String, line: Int) -> YAMLNode {
        YAMLNode(.scalar(YAMLScalar(text)), line: line)
    }

    private static func entry(_ key: String, _ value: YAMLNode, line: Int) -> YAMLEntry {
        YAMLEntry(key: scalar(key, line: line), value: value)
    }

    /// The tree with every node at `line`, the resource's, and without the scalars that hold
    /// a value known only at apply (the loader stops documents nesting deeper than 1,000
    /// levels). Nil for such a scalar itself.
    static func rebased(_ root: YAMLNode, to line: Int) -> YAMLNode? {
        func moved(_ node: YAMLNode) -> YAMLNode? {
            var copy = node
            copy.line = line
            switch node.content {
            case .scalar(let scalar): if TerraformMarker.holdsMarker(scalar.text) { return nil }
            case .sequence(let items): copy.content = .sequence(items.compactMap(moved))
            case .mapping(let entries):
                copy.content = .mapping(entries.compactMap { entry in
                    guard let key = moved(entry.key), let value = moved(entry.value) else { return nil }
                    return YAMLEntry(key: key, value: value)
                })
            default: break
            }
            return copy
        }
        return moved(root)
    }
}
