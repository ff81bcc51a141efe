import Model

/// Kustomize's JSON 6902 patches — lists of RFC 6902 operations on the objects a `target:`
/// selects — read as the strategic-merge changes they amount to, so the linker applies both
/// kinds alike (see KustomizePatching.swift).
///
/// Operations `add`, `replace` and `remove` are read where they change what Faultline models:
/// - a workload's `spec/replicas` and pod labels (a Pod's own labels); in its pod spec (under
///   `spec/template/spec`, `spec/jobTemplate/spec/template/spec`, or a Pod's `spec`, each
///   applied only to the kinds that keep it there) a container added or replaced whole, or one
///   container's or init container's (by position) `image`, env entries (by name from the
///   value, or by position), `args` and `command`, and the `nodeSelector`, `nodeName` and
///   required node affinity;
/// - a Service's `spec/type`, `spec/selector` and `spec/externalName`;
/// - a ConfigMap's `data` keys.
/// A later operation undoes what an earlier one of the patch set; `test` changes nothing.
/// Anything else touching what Faultline models (an argument removed by position, volumes,
/// `envFrom`, a container removed, a rename, `copy`, `move`, one term of a node affinity) is a
/// note: not applied. An operation on what Faultline does not model (resources, probes,
/// annotations) changes nothing.
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
        for (scope, store) in reading.env {
            reading.workloads[scope]?.mentions += store.order.flatMap { store.values[$0] ?? [] }
        }
        objects.workloads = Scope.allCases.compactMap { reading.workloads[$0] }
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

    /// Which workloads an operation's path is about: the pod template of a Deployment (and
    /// the other kinds keeping one at `spec/template`), a CronJob's, or a Pod's own spec and
    /// labels. A patch's changes of one scope apply to those workloads only.
    enum Scope: String, CaseIterable {
        case template, cronJob, pod

        /// The kind a patch's workload of this scope is given, which ``fits(_:_:)`` reads.
        var kind: String { "6902:" + rawValue }
    }

    /// Whether a patch's workload (`kind` as read) changes an object of `objectKind`: only
    /// when its pod spec is where the object keeps its own. Operations are about the scope
    /// their path names; a strategic-merge patch written as a Pod (its `spec.nodeSelector`)
    /// changes nothing Faultline models in a Deployment a target selects.
    static func fits(_ kind: String, _ objectKind: String) -> Bool {
        scope(of: kind) == scope(of: objectKind)
    }

    static func scope(of kind: String) -> Scope {
        switch kind {
        case "Pod", Scope.pod.kind: .pod
        case "CronJob", Scope.cronJob.kind: .cronJob
        default: .template
        }
    }

    private struct Reading {
        let path: String
        var workloads: [Scope: WorkloadFact] = [:]
        /// Env values by container and context, in the order first set (see ``setEnv``).
        var env: [Scope: (order: [String], values: [String: [Mention]])] = [:]
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
            if tokens.first == "data" || tokens.first == "metadata" && (tokens.count == 1 || ["name", "namespace", "labels"].contains(tokens[1])) { return true }
            // A workload's own selector (`matchLabels`) is not modelled.
            if tokens.count >= 3, tokens[0] == "spec", tokens[1] == "selector", ["matchLabels", "matchExpressions"].contains(tokens[2]) { return false }
            if tokens.starts(with: ["spec"]), tokens.count >= 2, ["type", "selector", "externalName", "replicas", "volumeClaimTemplates"].contains(tokens[1]) {
                return true
            }
            guard let (_, rest) = Self.podSpec(tokens) else {
                // The spec, or a pod template, replaced whole.
                return tokens.count <= 1 || tokens.starts(with: ["spec", "template"]) && tokens.count <= 3
                    || tokens.starts(with: ["spec", "jobTemplate"]) && tokens.count <= 5
            }
            guard let field = rest.first else { return true }
            guard Self.podFields.contains(field) else { return false }
            if field == "containers" || field == "initContainers", rest.count >= 3 { return Self.containerFields.contains(rest[2]) }
            if field == "affinity", rest.count >= 2 { return rest[1] == "nodeAffinity" }
            return true
        }

        /// The scope and the tokens after its pod spec's, for the kinds of workload that have one.
        static func podSpec(_ tokens: [String]) -> (Scope, [String])? {
            if tokens.starts(with: ["spec", "template", "spec"]) { return (.template, Array(tokens.dropFirst(3))) }
            if tokens.starts(with: ["spec", "jobTemplate", "spec", "template", "spec"]) { return (.cronJob, Array(tokens.dropFirst(5))) }
            // A Pod's own spec.
            if tokens.count >= 2, tokens[0] == "spec", podFields.contains(tokens[1]) { return (.pod, Array(tokens.dropFirst())) }
            return nil
        }

        /// The scope and the tokens after its pod labels' (a Pod's are its own).
        static func podLabels(_ tokens: [String]) -> (Scope, [String])? {
            if tokens.starts(with: ["spec", "template", "metadata", "labels"]) { return (.template, Array(tokens.dropFirst(4))) }
            if tokens.starts(with: ["spec", "jobTemplate", "spec", "template", "metadata", "labels"]) { return (.cronJob, Array(tokens.dropFirst(6))) }
            if tokens.starts(with: ["metadata", "labels"]) { return (.pod, Array(tokens.dropFirst(2))) }
            return nil
        }

        /// Taken out while changed, so its lists are not copied at every operation.
        mutating func changeWorkload(_ scope: Scope, line: Int, _ change: (inout WorkloadFact) -> Void) {
            var workload = workloads.removeValue(forKey: scope) ?? WorkloadFact(kind: scope.kind, namespace: "default", name: "", line: line)
            change(&workload)
            workloads[scope] = workload
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
                    // What an operation before set under the key is gone.
                    configMap.mentions.removeAll { KustomizeRenderings.configMapKey(of: $0.context) == Substring(tokens[1]) }
                    if !removes, let text = value?.string, let value {
                        configMap.mentions += KubernetesObject.lineMentions(text, node: value, context: "ConfigMap key \(tokens[1])")
                            + KubernetesObject.serviceNameMention(text, setting: tokens[1], node: value, context: "ConfigMap key \(tokens[1])")
                    }
                    return true
                }
                guard tokens.count == 1 else { return false }
                // Replaced or removed whole: the empty key (no key is empty) stands for every key.
                configMap.keys.append("")
                configMap.mentions = []
                for entry in removes ? [] : value?.entries ?? [] {
                    guard let key = entry.key.string else { continue }
                    configMap.keys.append(key)
                    if let text = entry.value.string {
                        configMap.mentions += KubernetesObject.lineMentions(text, node: entry.value, context: "ConfigMap key \(key)")
                            + KubernetesObject.serviceNameMention(text, setting: key, node: entry.value, context: "ConfigMap key \(key)")
                    }
                }
                return true
            }
            // Annotations of a Service (of the object the target selects) changed by an
            // operation: those asking for an internal load balancer set or removed, or all of
            // them replaced or removed.
            if tokens.count >= 2, tokens[0] == "metadata", tokens[1] == "annotations" {
                var service = service.take() ?? {
                    var service = ServiceFact(namespace: "default", name: "", line: line, type: "ClusterIP", selector: [:])
                    service.writesType = false
                    return service
                }()
                if tokens.count == 2 {
                    service.clearsAnnotations = true
                    for entry in (removes ? [] : value?.entries ?? []) {
                        guard let key = entry.key.string, KubernetesObject.loadBalancerKeys.contains(key) else { continue }
                        service.loadBalancerAnnotations[key] = .some(entry.value.string ?? "")
                    }
                } else if KubernetesObject.loadBalancerKeys.contains(tokens[2]) {
                    service.loadBalancerAnnotations[tokens[2]] = .some(removes ? nil : value?.string ?? "")
                }
                self.service = service
                return true
            }
            // A Service's load balancer class, kept among its annotations.
            if tokens == ["spec", "loadBalancerClass"] {
                var service = service.take() ?? {
                    var service = ServiceFact(namespace: "default", name: "", line: line, type: "ClusterIP", selector: [:])
                    service.writesType = false
                    return service
                }()
                service.loadBalancerAnnotations[KubernetesObject.loadBalancerClassKey] = .some(removes ? nil : value?.string ?? "")
                self.service = service
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
            if tokens == ["spec", "volumeClaimTemplates"] {
                // A StatefulSet's claim templates, replaced or removed whole.
                guard removes || value?.items != nil else { return false }
                let classes = KubernetesObject.claimTemplateClasses(removes ? [] : value?.items ?? [])
                changeWorkload(.template, line: line) { workload in
                    workload.writesClaimTemplates = true
                    workload.claimTemplateClasses = classes
                }
                return true
            }
            if tokens == ["spec", "replicas"] {
                guard let replicas = value?.int else { return removes }
                changeWorkload(.template, line: line) { $0.replicas = replicas }
                return true
            }
            if let (scope, rest) = Self.podLabels(tokens) {
                switch (rest.count, removes) {
                case (0, _):
                    // Replaced or removed whole.
                    let labels = removes ? [:] : KubernetesObject.stringMap(value)
                    changeWorkload(scope, line: line) { workload in
                        workload.removedPodLabels.all = true
                        workload.podLabels = labels
                    }
                case (1, true):
                    changeWorkload(scope, line: line) { workload in
                        workload.removedPodLabels.keys.append(rest[0])
                        workload.podLabels[rest[0]] = nil
                    }
                case (1, false):
                    guard let label = value?.string else { return false }
                    changeWorkload(scope, line: line) { $0.podLabels[rest[0]] = label }
                default: return false
                }
                return true
            }
            guard let (scope, rest) = Self.podSpec(tokens), let field = rest.first else { return false }
            let after = Array(rest.dropFirst())
            switch field {
            case "containers": return container(scope, after, value, removes: removes, isInit: false, line: line)
            case "initContainers": return container(scope, after, value, removes: removes, isInit: true, line: line)
            case "nodeSelector", "nodeName", "affinity": return placement(scope, field, after, value, removes: removes, line: line)
            default: return false
            }
        }

        /// Operations on `containers`: a whole container (by its name), or one container's
        /// image, env, args or command (by its position; an env entry by its name, or by its
        /// position among the container's as `env #N`, which the linker resolves too).
        mutating func container(_ scope: Scope, _ tokens: [String], _ value: YAMLNode?, removes: Bool, isInit: Bool, line: Int) -> Bool {
            if tokens.isEmpty || tokens.count == 1 {
                guard !removes, let value else { return false }
                let containers: [YAMLNode]
                if tokens.isEmpty, let items = value.items {
                    containers = items
                } else if tokens.count == 1, tokens[0] == "-" || Int(tokens[0]) != nil, value.entries != nil, value["name"]?.string != nil {
                    containers = [value]
                } else {
                    return false
                }
                changeWorkload(scope, line: line) { workload in for container in containers { KubernetesObject.readContainer(container, into: &workload) } }
                return true
            }
            guard let position = Int(tokens[0]) else { return false }
            let name = JSONPatchReading.positionalContainer(position, isInit: isInit)
            let field = tokens[1], rest = Array(tokens.dropFirst(2))
            /// Drops what operations before set in this container under a context.
            func forget(_ workload: inout WorkloadFact, _ matches: (String) -> Bool) {
                workload.mentions.removeAll { $0.container == name && matches($0.context) }
            }
            switch field {
            case "image":
                guard rest.isEmpty, !removes, let reference = value?.string, let value else { return false }
                changeWorkload(scope, line: line) { $0.images.append(ImageMention(reference: reference, line: value.line, container: name)) }
                return true
            case "env":
                if rest.isEmpty {
                    // The whole list, replaced or removed: the entries it does not give are gone.
                    guard removes || value?.items != nil else { return false }
                    forgetEnv(scope, container: name)
                    changeWorkload(scope, line: line) { $0.settings.append("\(name)/env") }
                    for entry in removes ? [] : value?.items ?? [] { setEnv(scope, entry, in: name, line: line) }
                    return true
                }
                let index = rest[0]
                let positional = Int(index).map { "env #\($0)" }
                switch (rest.count, removes) {
                case (1, true):
                    // An entry removed by its position (`-`: removed, not only its value).
                    guard let positional else { return false }
                    setEnv(scope, container: name, context: positional, mentions: [], line: line)
                    changeWorkload(scope, line: line) { $0.settings.append("-\(name)/\(positional)") }
                case (1, false):
                    // An entry appended, or one replaced (its old name's value gone too).
                    guard index == "-" || positional != nil, let value, value["name"]?.string != nil else { return false }
                    if let positional {
                        setEnv(scope, container: name, context: positional, mentions: [], line: line)
                        changeWorkload(scope, line: line) { $0.settings.append("\(name)/\(positional)") }
                    }
                    setEnv(scope, value, in: name, line: line)
                case (2, _):
                    // One entry's value, by the entry's position.
                    guard let positional, rest[1] == "value" else { return false }
                    var mentions: [Mention] = []
                    if !removes, let value, let text = value.string {
                        mentions = KubernetesObject.lineMentions(text, node: value, context: positional, container: name)
                            + KubernetesObject.serviceNameMention(text, setting: nil, node: value, context: positional, container: name)
                    }
                    setEnv(scope, container: name, context: positional, mentions: mentions, line: line)
                    changeWorkload(scope, line: line) { $0.settings.append("\(name)/\(positional)") }
                default:
                    return false
                }
                return true
            case "args", "command":
                if rest.isEmpty {
                    // Replaced or removed whole.
                    guard removes || value?.items != nil else { return false }
                    changeWorkload(scope, line: line) { workload in
                        forget(&workload) { $0 == field }
                        workload.settings.append("\(name)/\(field)")
                        for item in removes ? [] : value?.items ?? [] {
                            if let text = item.string { workload.mentions += KubernetesObject.lineMentions(text, node: item, context: field, container: name) }
                        }
                    }
                    return true
                }
                // One more argument: what the others name stays.
                guard rest.count == 1, !removes, let value, let text = value.string else { return false }
                changeWorkload(scope, line: line) { $0.mentions += KubernetesObject.lineMentions(text, node: value, context: field, container: name) }
                return true
            default:
                return false
            }
        }

        /// One env entry, set by its name.
        mutating func setEnv(_ scope: Scope, _ entry: YAMLNode, in container: String, line: Int) {
            let key = entry["name"]?.string ?? "?"
            changeWorkload(scope, line: line) { $0.settings.append("\(container)/env \(key)") }
            var mentions: [Mention] = []
            if let text = entry["value"], let string = text.string {
                mentions = KubernetesObject.lineMentions(string, node: text, context: "env \(key)", container: container)
                    + KubernetesObject.serviceNameMention(string, setting: key, node: text, context: "env \(key)", container: container)
            }
            setEnv(scope, container: container, context: "env \(key)", mentions: mentions, line: line)
        }

        /// The values an env context holds now, replacing what earlier operations gave it
        /// (kept by context, so thousands of operations cost no more than they hold).
        mutating func setEnv(_ scope: Scope, container: String, context: String, mentions: [Mention], line: Int) {
            let key = container + "\u{0}" + context
            if env[scope, default: ([], [:])].values.updateValue(mentions, forKey: key) == nil { env[scope]?.order.append(key) }
            if workloads[scope] == nil { changeWorkload(scope, line: line) { _ in } }
        }

        /// Every env value of a container dropped (its env replaced or removed whole).
        mutating func forgetEnv(_ scope: Scope, container: String) {
            guard var store = env[scope] else { return }
            for key in store.order where key.hasPrefix(container + "\u{0}") { store.values[key] = [] }
            env[scope] = store
        }

        /// Operations on the node selector, `nodeName` and the affinity.
        mutating func placement(_ scope: Scope, _ field: String, _ tokens: [String], _ value: YAMLNode?, removes: Bool, line: Int) -> Bool {
            var placement = workloads[scope]?.placement ?? PlacementFact()
            var labels = placement.selector?.labels ?? [:]
            var lines = placement.selector?.lines ?? [:]
            var deletions = placement.deletions
            var affinity = placement.affinity
            let null = YAMLNode.scalar("null", line: line)
            switch (field, tokens.count) {
            case ("nodeName", 0):
                KubernetesObject.nodeSelector("nodeName", removes ? null : value ?? null, line: line, into: &labels, lines: &lines, deletions: &deletions)
            case ("nodeSelector", 0):
                // Replaced whole: the keys it does not set are gone.
                deletions.selector = true
                labels = labels.filter { $0.key == "nodeName" }
                lines = lines.filter { $0.key == "nodeName" }
                for entry in removes ? [] : value?.entries ?? [] {
                    guard let key = entry.key.string else { continue }
                    KubernetesObject.nodeSelector(key, entry.value, line: entry.key.line, into: &labels, lines: &lines, deletions: &deletions)
                }
            case ("nodeSelector", 1):
                KubernetesObject.nodeSelector(tokens[0], removes ? null : value ?? null, line: line, into: &labels, lines: &lines, deletions: &deletions)
            case ("affinity", _):
                // The affinity, its node affinity or the required terms, replaced whole.
                let paths = [["nodeAffinity", "requiredDuringSchedulingIgnoredDuringExecution", "nodeSelectorTerms"],
                             ["requiredDuringSchedulingIgnoredDuringExecution", "nodeSelectorTerms"], ["nodeSelectorTerms"], []]
                let known = [[], ["nodeAffinity"], ["nodeAffinity", "requiredDuringSchedulingIgnoredDuringExecution"],
                             ["nodeAffinity", "requiredDuringSchedulingIgnoredDuringExecution", "nodeSelectorTerms"]]
                guard let depth = known.firstIndex(of: tokens) else { return false }
                deletions.affinity = true
                affinity = nil
                if !removes, let value {
                    var terms: YAMLNode? = value
                    for key in paths[depth] { terms = terms?[key] }
                    if let items = terms?.items { affinity = KubernetesObject.nodeSelectorTerms(items) }
                }
            default:
                return false
            }
            placement = PlacementFact(selector: KubernetesObject.selecting(labels, lines: lines), affinity: affinity, deletions: deletions)
            changeWorkload(scope, line: line) { $0.placement = placement }
            return true
        }
    }
}
