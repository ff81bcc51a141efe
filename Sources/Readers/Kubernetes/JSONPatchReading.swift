import Model

/// Kustomize's JSON 6902 patches — lists of RFC 6902 operations on the objects a `target:`
/// selects — read as the strategic-merge changes they amount to, so the linker applies both
/// kinds alike (see KustomizePatching.swift).
///
/// Operations `add` and `replace` are read where they change what Faultline models:
/// - a workload's `spec/replicas` and pod labels; in its pod spec (under `spec/template/spec`,
///   `spec/jobTemplate/spec/template/spec`, or a Pod's `spec`) a container added or replaced
///   whole, or one container's (by position) `image`, env entries (by name, from the value),
///   `args` and `command`, and the `nodeSelector`, `nodeName` and required node affinity;
/// - a Service's `spec/type`, `spec/selector` and `spec/externalName`;
/// - a ConfigMap's `data` keys.
/// `remove` is read for a node selector key, `nodeName`, the affinity and a ConfigMap key;
/// `test` changes nothing. Anything else touching what Faultline models (an env entry by
/// position, volumes, init containers, a rename, `copy`, `move`) is a note: not applied. An
/// operation on what Faultline does not model (resources, probes, annotations) changes nothing.
enum JSONPatchReading {
    /// Whether a document is a list of operations.
    static func isOperations(_ root: YAMLNode) -> Bool {
        guard let items = root.items, !items.isEmpty else { return false }
        return items.allSatisfy { $0["op"]?.string != nil && $0["path"]?.string != nil }
    }

    /// The changes the operations make, and notes at those not applied.
    static func objects(_ operations: [YAMLNode], path: String, diagnostics: inout [Diagnostic]) -> PatchObjects {
        var reading = Reading(path: path)
        for operation in operations { reading.read(operation) }
        diagnostics += reading.diagnostics
        var objects = PatchObjects()
        if let workload = reading.workload { objects.workloads = [workload] }
        if let service = reading.service { objects.services = [service] }
        if let configMap = reading.configMap { objects.configMaps = [configMap] }
        objects.fromOperations = true
        return objects
    }

    /// A JSON pointer's reference tokens (`~1` is `/`, `~0` is `~`); nil when it is not one.
    static func tokens(_ pointer: String) -> [String]? {
        guard pointer.hasPrefix("/") else { return pointer.isEmpty ? [] : nil }
        return pointer.dropFirst().split(separator: "/", omittingEmptySubsequences: false).map {
            $0.contains("~") ? String($0).replacing("~1", with: "/").replacing("~0", with: "~") : String($0)
        }
    }

    /// A container named by its position in a JSON 6902 patch (`#0`, an init container
    /// `#i0`): the linker replaces it with the name of the object's container there.
    /// Container names cannot start with `#`.
    static func positionalContainer(_ position: Int, isInit: Bool = false) -> String { isInit ? "#i\(position)" : "#\(position)" }

    /// The position a container name stands for, and whether among the init containers.
    static func position(ofContainer name: String) -> (Int, Bool)? {
        guard name.hasPrefix("#") else { return nil }
        let isInit = name.hasPrefix("#i")
        return Int(name.dropFirst(isInit ? 2 : 1)).map { ($0, isInit) }
    }

    private struct Reading {
        let path: String
        var workload: WorkloadFact?
        var service: ServiceFact?
        var configMap: ConfigMapFact?
        var diagnostics: [Diagnostic] = []

        init(path: String) { self.path = path }

        /// Pod spec fields Faultline reads (the rest change nothing it models).
        static let podFields: Set<String> = ["containers", "initContainers", "ephemeralContainers", "volumes", "nodeSelector", "nodeName", "affinity"]
        /// Container fields Faultline reads.
        static let containerFields: Set<String> = ["image", "env", "envFrom", "args", "command", "name"]

        mutating func read(_ operation: YAMLNode) {
            guard let op = operation["op"]?.string, let pointer = operation["path"]?.string else { return }
            guard let tokens = JSONPatchReading.tokens(pointer) else {
                note("JSON 6902 operation path \(pointer) is not a JSON pointer", at: operation)
                return
            }
            guard op != "test" else { return }
            let value = operation["value"]
            let applied: Bool
            switch op {
            case "add", "replace", "remove": applied = apply(op, tokens, value, line: value?.line ?? operation.line)
            default: applied = false
            }
            if !applied, models(tokens) { note("JSON 6902 operation \(op) \(pointer) is not applied", at: operation) }
        }

        mutating func note(_ summary: String, at node: YAMLNode) {
            diagnostics.append(Diagnostic(
                .note, summary, detail: "Faultline applies what such patches set in containers' images, env values, args and commands, node selectors and affinity, a Service's type and selector and a ConfigMap's data; commit the output of kustomize build if what it changes matters",
                path: path, line: node.line))
        }

        /// Whether the operation touches what Faultline models (so one not applied is said).
        func models(_ tokens: [String]) -> Bool {
            if tokens.first == "data" || tokens.first == "metadata" && (tokens.count == 1 || ["name", "namespace"].contains(tokens[1])) { return true }
            // A workload's own selector (`matchLabels`) is not modelled.
            if tokens.count >= 3, tokens[0] == "spec", tokens[1] == "selector", ["matchLabels", "matchExpressions"].contains(tokens[2]) { return false }
            if tokens.starts(with: ["spec"]), tokens.count >= 2, ["type", "selector", "externalName", "replicas"].contains(tokens[1]) { return true }
            guard let rest = Self.podSpecRest(tokens) else { return tokens.count <= 1 || tokens.starts(with: ["spec", "template"]) && tokens.count <= 3 }
            guard let field = rest.first else { return true }
            guard Self.podFields.contains(field) else { return false }
            if field == "containers" || field == "initContainers", rest.count >= 3 { return Self.containerFields.contains(rest[2]) }
            if field == "affinity", rest.count >= 2 { return rest[1] == "nodeAffinity" }
            return true
        }

        /// The tokens after a pod spec's, for the kinds of workload that have one.
        static func podSpecRest(_ tokens: [String]) -> [String]? {
            for prefix in [["spec", "template", "spec"], ["spec", "jobTemplate", "spec", "template", "spec"]] where tokens.starts(with: prefix) {
                return Array(tokens.dropFirst(prefix.count))
            }
            // A Pod's own spec.
            if tokens.count >= 2, tokens[0] == "spec", podFields.contains(tokens[1]) { return Array(tokens.dropFirst()) }
            return nil
        }

        /// Taken out while changed, so its lists are not copied at every operation.
        mutating func changeWorkload(_ change: (inout WorkloadFact) -> Void, line: Int) {
            var workload = workload.take() ?? WorkloadFact(kind: "Deployment", namespace: "default", name: "", line: line)
            change(&workload)
            self.workload = workload
        }

        /// Applies one operation; false when it is not one Faultline reads.
        mutating func apply(_ op: String, _ tokens: [String], _ value: YAMLNode?, line: Int) -> Bool {
            let removes = op == "remove"
            guard removes || value != nil else { return false }
            // A ConfigMap's data.
            if tokens.first == "data" {
                var configMap = configMap.take() ?? ConfigMapFact(namespace: "default", name: "", line: line, mentions: [])
                defer { self.configMap = configMap }
                if tokens.count == 2 {
                    configMap.keys.append(tokens[1])
                    if !removes, let text = value?.string, let value {
                        configMap.mentions += KubernetesObject.lineMentions(text, node: value, context: "ConfigMap key \(tokens[1])")
                    }
                    return true
                }
                guard tokens.count == 1 else { return false }
                // Replaced or removed whole: the empty key (no key is empty) stands for every key.
                configMap.keys.append("")
                for entry in removes ? [] : value?.entries ?? [] {
                    guard let key = entry.key.string else { continue }
                    configMap.keys.append(key)
                    if let text = entry.value.string {
                        configMap.mentions += KubernetesObject.lineMentions(text, node: entry.value, context: "ConfigMap key \(key)")
                    }
                }
                return true
            }
            // A Service's spec.
            if tokens.count >= 2, tokens[0] == "spec", ["type", "selector", "externalName"].contains(tokens[1]) {
                // A workload's selector holds `matchLabels`; a Service's is the labels.
                if tokens.count == 2, tokens[1] == "selector", value?["matchLabels"] != nil || value?["matchExpressions"] != nil { return true }
                guard !removes || tokens[1] == "selector" else { return false }
                var service = service.take() ?? {
                    var service = ServiceFact(namespace: "default", name: "", line: line, type: "ClusterIP", selector: [:])
                    service.writesType = false
                    return service
                }()
                defer { self.service = service }
                switch (tokens[1], tokens.count) {
                case ("type", 2):
                    guard let type = value?.string else { return false }
                    service.type = type
                    service.writesType = true
                case ("externalName", 2):
                    service.externalName = value?.string
                case ("selector", 2):
                    // Replaced or removed whole.
                    service.removedSelector.all = true
                    service.selector = removes ? [:] : KubernetesObject.stringMap(value)
                case ("selector", 3):
                    if removes {
                        service.removedSelector.keys.append(tokens[2])
                        service.selector[tokens[2]] = nil
                    } else {
                        guard let label = value?.string else { return false }
                        service.selector[tokens[2]] = label
                    }
                default: return false
                }
                return true
            }
            if tokens == ["spec", "replicas"] {
                guard let replicas = value?.int else { return removes }
                changeWorkload({ $0.replicas = replicas }, line: line)
                return true
            }
            if tokens.starts(with: ["spec", "template", "metadata", "labels"]) {
                switch (tokens.count, removes) {
                case (4, _):
                    // Replaced or removed whole.
                    let labels = removes ? [:] : KubernetesObject.stringMap(value)
                    changeWorkload({ workload in
                        workload.removedPodLabels.all = true
                        workload.podLabels = labels
                    }, line: line)
                case (5, true):
                    changeWorkload({ workload in
                        workload.removedPodLabels.keys.append(tokens[4])
                        workload.podLabels[tokens[4]] = nil
                    }, line: line)
                case (5, false):
                    guard let label = value?.string else { return false }
                    changeWorkload({ $0.podLabels[tokens[4]] = label }, line: line)
                default: return false
                }
                return true
            }
            guard let rest = Self.podSpecRest(tokens), let field = rest.first else { return false }
            let after = Array(rest.dropFirst())
            switch field {
            case "containers": return container(after, value, removes: removes, isInit: false, line: line)
            case "initContainers": return container(after, value, removes: removes, isInit: true, line: line)
            case "nodeSelector", "nodeName", "affinity": return placement(field, after, value, removes: removes, line: line)
            default: return false
            }
        }

        /// Operations on `containers`: a whole container (by its name), or one container's
        /// image, env, args or command (by its position).
        mutating func container(_ tokens: [String], _ value: YAMLNode?, removes: Bool, isInit: Bool, line: Int) -> Bool {
            if removes, tokens.count == 2, let position = Int(tokens[0]), ["env", "args", "command"].contains(tokens[1]) {
                // A container's whole env, args or command removed.
                changeWorkload({ $0.settings.append("\(JSONPatchReading.positionalContainer(position, isInit: isInit))/\(tokens[1])") }, line: line)
                return true
            }
            guard !removes, let value else { return false }
            if tokens.isEmpty {
                guard let containers = value.items else { return false }
                changeWorkload({ workload in for container in containers { KubernetesObject.readContainer(container, into: &workload) } }, line: line)
                return true
            }
            if tokens.count == 1 {
                guard tokens[0] == "-" || Int(tokens[0]) != nil, value.entries != nil, value["name"]?.string != nil else { return false }
                changeWorkload({ KubernetesObject.readContainer(value, into: &$0) }, line: line)
                return true
            }
            guard let position = Int(tokens[0]) else { return false }
            let name = JSONPatchReading.positionalContainer(position, isInit: isInit)
            let field = tokens[1], rest = Array(tokens.dropFirst(2))
            switch field {
            case "image":
                guard rest.isEmpty, let reference = value.string else { return false }
                changeWorkload({ $0.images.append(ImageMention(reference: reference, line: value.line, container: name)) }, line: line)
                return true
            case "env":
                // The whole list, or one entry appended or replaced: entries set by their names.
                let entries: [YAMLNode]
                var whole = false
                if rest.isEmpty, let items = value.items {
                    // The whole list: the entries it does not give are gone.
                    entries = items
                    whole = true
                } else if rest.count == 1, rest.first == "-" || Int(rest.first ?? "") != nil, value["name"]?.string != nil {
                    entries = [value]
                } else {
                    return false
                }
                changeWorkload({ workload in
                    if whole { workload.settings.append("\(name)/env") }
                    for entry in entries {
                        let key = entry["name"]?.string ?? "?"
                        workload.settings.append("\(name)/env \(key)")
                        if let text = entry["value"], let string = text.string {
                            workload.mentions += KubernetesObject.lineMentions(string, node: text, context: "env \(key)", container: name)
                        }
                    }
                }, line: line)
                return true
            case "args", "command":
                if rest.isEmpty, let items = value.items {
                    // Replaced whole.
                    changeWorkload({ workload in
                        workload.settings.append("\(name)/\(field)")
                        for item in items {
                            if let text = item.string { workload.mentions += KubernetesObject.lineMentions(text, node: item, context: field, container: name) }
                        }
                    }, line: line)
                    return true
                }
                // One more argument: what the others name stays.
                guard rest.count == 1, let text = value.string else { return false }
                changeWorkload({ $0.mentions += KubernetesObject.lineMentions(text, node: value, context: field, container: name) }, line: line)
                return true
            default:
                return false
            }
        }

        /// Operations on the node selector, `nodeName` and the affinity.
        mutating func placement(_ field: String, _ tokens: [String], _ value: YAMLNode?, removes: Bool, line: Int) -> Bool {
            var placement = workload?.placement ?? PlacementFact()
            var selector = placement.selector ?? PlacementConstraint()
            var deletions = placement.deletions
            var affinity = placement.affinity
            switch (field, tokens.count) {
            case ("nodeName", 0):
                if removes { deletions.insert(.host) } else if let value { KubernetesObject.nodeName(value, into: &selector, deletions: &deletions) }
            case ("nodeSelector", 0):
                // Replaced whole: the keys it does not set are gone.
                deletions.formUnion([.zone, .region, .host])
                selector = PlacementConstraint()
                for entry in removes ? [] : value?.entries ?? [] {
                    guard let key = entry.key.string else { continue }
                    KubernetesObject.nodeSelector(key, entry.value, line: entry.key.line, into: &selector, deletions: &deletions)
                }
            case ("nodeSelector", 1):
                let key = tokens[0]
                let written = removes ? YAMLNode.scalar("null", line: line) : value ?? YAMLNode.scalar("null", line: line)
                if written.isNull {
                    // Gone, whatever an operation before set.
                    if KubernetesObject.zoneKeys.contains(key) { selector.zones = nil }
                    if KubernetesObject.regionKeys.contains(key) { selector.regions = nil }
                    if key == KubernetesObject.hostnameKey { selector.hosts = nil }
                }
                KubernetesObject.nodeSelector(key, written, line: line, into: &selector, deletions: &deletions)
            case ("affinity", _):
                // The affinity, its node affinity or the required terms, replaced whole.
                let paths = [["nodeAffinity", "requiredDuringSchedulingIgnoredDuringExecution", "nodeSelectorTerms"],
                             ["requiredDuringSchedulingIgnoredDuringExecution", "nodeSelectorTerms"], ["nodeSelectorTerms"], []]
                let known = [[], ["nodeAffinity"], ["nodeAffinity", "requiredDuringSchedulingIgnoredDuringExecution"],
                             ["nodeAffinity", "requiredDuringSchedulingIgnoredDuringExecution", "nodeSelectorTerms"]]
                guard let depth = known.firstIndex(of: tokens) else { return false }
                deletions.insert(.affinity)
                affinity = nil
                if !removes, let value {
                    var terms: YAMLNode? = value
                    for key in paths[depth] { terms = terms?[key] }
                    if let items = terms?.items { affinity = KubernetesObject.nodeSelectorTerms(items) }
                }
            default:
                return false
            }
            placement = PlacementFact(selector: selector.constrains ? selector : nil, affinity: affinity, deletions: deletions)
            changeWorkload({ $0.placement = placement }, line: line)
            return true
        }
    }
}
