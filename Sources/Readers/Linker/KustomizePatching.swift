import Model

/// Kustomize's strategic-merge patches, merged into the facts of the objects they change.
///
/// A patch is applied where Kustomize applies it: to the objects of the kustomization naming
/// it, after those its resources and components render and before its namespace, names and
/// images (so `images:` still rewrites an image a patch sets). Its objects are matched by kind
/// and name — as written, or as the kustomizations inside it renamed them — and namespace when
/// the patch gives one; a `target:` selects by kind, name (a regular expression over the whole
/// name) and namespace instead. What a patch merges, on the facts Faultline reads:
/// - a workload's images by container name, its env values, args and commands by name (what a
///   patch sets replaces what the object sets under that name, in any of its containers), its
///   node selector and affinity, replicas and pod labels; the ConfigMaps, Secrets and claims
///   it adds;
/// - a Service's type (unless the patch leaves it `ClusterIP`), selector and external name;
/// - a ConfigMap's `data:` keys.
/// What a patch sets is located in the patch: its endpoints, images and constraints name its
/// file and lines. A `$patch: delete` document deletes the object it names (of any kind).
/// Patches of other kinds, JSON 6902 operations and other `$patch` directives are not applied
/// (the reader and ``strippingPatches(_:from:)`` note what is not).
extension KustomizeRenderings {
    /// A patch as a kustomization applies it.
    struct StepPatch: Hashable, Sendable {
        /// Where its objects are written: the patch file, or the kustomization itself.
        let path: String
        /// An inline patch's objects; nil for those of the file at `path`.
        let objects: PatchObjects?
        let target: PatchTarget?
        /// The kustomization entry naming it.
        let entry: PathReference

        /// The patches of a kustomization, its files' paths resolved.
        static func patches(of fact: KustomizationFact, at path: String) -> [StepPatch] {
            let folder = KustomizeRenderings.folder(of: path)
            return fact.strategicPatches.compactMap { patch in
                if let objects = patch.objects {
                    return StepPatch(path: path, objects: objects, target: patch.target, entry: PathReference(path: path, line: patch.line))
                }
                guard let file = patch.file, let resolved = KustomizeRenderings.resolve(file.path, from: folder) else { return nil }
                return StepPatch(path: resolved, objects: nil, target: patch.target, entry: PathReference(path: path, line: file.line))
            }
        }
    }

    /// The repository paths of every patch file the kustomizations apply.
    static func patchPaths(of kustomizations: Kustomizations) -> Set<String> {
        var paths: Set<String> = []
        for item in kustomizations.items {
            for patch in StepPatch.patches(of: item.fact, at: item.path) where patch.objects == nil { paths.insert(patch.path) }
        }
        return paths
    }

    /// Which patches of a link matched an object, for the warning at those that matched none.
    struct PatchUse {
        struct Key: Hashable {
            let kustomization: String
            let patch: Int
            let object: Int
        }

        var matched: Set<Key> = []
        var tried: [Key: (path: String, line: Int, what: String, entry: PathReference)] = [:]
        var missing: [String: PathReference] = [:]

        /// Warnings at the patch objects that changed nothing: `kustomize build` fails there
        /// (unless the kustomization renders what the repository does not hold: `incomplete`).
        func diagnostics(incomplete: Set<String>) -> [Diagnostic] {
            var result: [Diagnostic] = []
            for key in tried.keys.sorted(by: { ($0.kustomization, $0.patch, $0.object) < ($1.kustomization, $1.patch, $1.object) })
            where !matched.contains(key) && !incomplete.contains(key.kustomization) {
                guard let (path, line, what, entry) = tried[key] else { continue }
                result.append(Diagnostic(
                    .warning, "patch of \(what) (applied by \(entry.path):\(entry.line)) names no object that kustomization renders",
                    detail: "kustomize build fails here; the patch changes nothing", path: path, line: line))
            }
            for (path, entry) in missing.sorted(by: { $0.key < $1.key }) {
                result.append(Diagnostic(
                    .warning, "kustomization \(entry.path) patches with \(path), which this commit does not have (or .faultline.yaml ignores)",
                    detail: "kustomize build fails here; the patch is not applied", path: entry.path, line: entry.line))
            }
            return result
        }
    }

    /// A manifest's facts with the patches of one rendering applied, innermost kustomization's first.
    static func patched(_ file: FileFacts, through chain: Chain, patchFiles: [String: PatchObjects], use: inout PatchUse) -> FileFacts {
        var file = file
        for (position, step) in chain.enumerated() where !step.patches.isEmpty {
            let inner = Naming(Array(chain[..<position]))
            for (number, patch) in step.patches.enumerated() {
                guard let objects = patch.objects ?? patchFiles[patch.path] else {
                    if patch.objects == nil { use.missing[patch.path] = use.missing[patch.path] ?? patch.entry }
                    continue
                }
                let selector = patch.target.map(TargetSelector.init)
                func matches(_ kind: String, _ name: String, _ namespace: String, patchKind: String, patchName: String, patchNamespace: String) -> Bool {
                    if let selector { return selector.selects(kind: kind, name: name, namespace: namespace, inner: inner) }
                    return kind == patchKind && (name == patchName || inner.name(name) == patchName)
                        && (patchNamespace == "default" || patchNamespace == namespace || patchNamespace == inner.namespace)
                }
                func record(_ object: Int, _ matched: Bool, path: String, line: Int, what: String) {
                    guard selector == nil else { return }
                    let key = PatchUse.Key(kustomization: step.path, patch: number, object: object)
                    if use.tried[key] == nil { use.tried[key] = (path, line, what, patch.entry) }
                    if matched { use.matched.insert(key) }
                }
                if !objects.deletions.isEmpty {
                    let deleting = objects.deletions
                    func deleted(_ kind: String, _ name: String, _ namespace: String) -> Bool {
                        deleting.contains { matches(kind, name, namespace, patchKind: $0.kind ?? "", patchName: $0.name ?? "", patchNamespace: $0.namespace ?? "default") }
                    }
                    file.workloads.removeAll { deleted($0.kind, $0.name, $0.namespace) }
                    file.services.removeAll { deleted("Service", $0.name, $0.namespace) }
                    file.ingresses.removeAll { deleted("Ingress", $0.name, $0.namespace) }
                    file.configMaps.removeAll { deleted("ConfigMap", $0.name, $0.namespace) }
                    file.claims.removeAll { deleted("PersistentVolumeClaim", $0.name, $0.namespace) }
                    file.gateways.removeAll { deleted("Gateway", $0.name, $0.namespace) }
                    file.routes.removeAll { deleted($0.kind, $0.name, $0.namespace) }
                    file.helmReleases.removeAll { deleted($0.kind, $0.name, $0.namespace) }
                }
                for (index, change) in objects.workloads.enumerated() {
                    var matched = false
                    for target in file.workloads.indices {
                        let object = file.workloads[target]
                        guard matches(object.kind, object.name, object.namespace, patchKind: change.kind, patchName: change.name, patchNamespace: change.namespace)
                        else { continue }
                        merge(change, into: &file.workloads[target], path: patch.path)
                        matched = true
                    }
                    record(index, matched, path: patch.path, line: change.line, what: "\(change.kind) \(change.name)")
                }
                for (index, change) in objects.services.enumerated() {
                    var matched = false
                    for target in file.services.indices {
                        let object = file.services[target]
                        guard matches("Service", object.name, object.namespace, patchKind: "Service", patchName: change.name, patchNamespace: change.namespace)
                        else { continue }
                        merge(change, into: &file.services[target])
                        matched = true
                    }
                    record(objects.workloads.count + index, matched, path: patch.path, line: change.line, what: "Service \(change.name)")
                }
                for (index, change) in objects.configMaps.enumerated() {
                    var matched = false
                    for target in file.configMaps.indices {
                        let object = file.configMaps[target]
                        guard matches("ConfigMap", object.name, object.namespace, patchKind: "ConfigMap", patchName: change.name, patchNamespace: change.namespace)
                        else { continue }
                        merge(change, into: &file.configMaps[target], path: patch.path)
                        matched = true
                    }
                    record(objects.workloads.count + objects.services.count + index, matched, path: patch.path, line: change.line, what: "ConfigMap \(change.name)")
                }
            }
        }
        return file
    }

    /// A `target:` as Kustomize matches it.
    struct TargetSelector {
        let target: PatchTarget
        let name: Regex<AnyRegexOutput>?

        init(_ target: PatchTarget) {
            self.target = target
            name = target.name.flatMap { try? Regex($0) }
        }

        func selects(kind: String, name objectName: String, namespace: String, inner: Naming) -> Bool {
            guard target.kind.map({ $0 == kind }) ?? true else { return false }
            if let wanted = target.namespace, wanted != namespace, wanted != inner.namespace { return false }
            guard let written = target.name else { return true }
            return [objectName, inner.name(objectName)].contains { candidate in
                if let name { return (try? name.wholeMatch(in: candidate)) != nil }
                return candidate == written
            }
        }
    }
}

extension KustomizeRenderings {
    /// Merges a workload patch into the object (see the type's documentation).
    static func merge(_ patch: WorkloadFact, into object: inout WorkloadFact, path: String) {
        if let replicas = patch.replicas { object.replicas = replicas }
        object.podLabels.merge(patch.podLabels) { _, patched in patched }
        for image in patch.images {
            let set = ImageMention(reference: image.reference, line: image.line, setBy: PathReference(path: path, line: image.line), container: image.container)
            if let container = image.container, let index = object.images.firstIndex(where: { $0.container == container }) {
                object.images[index] = set
            } else {
                object.images.append(set)
            }
        }
        let replaced = Set(patch.settings)
        if !replaced.isEmpty {
            object.mentions.removeAll { replaced.contains($0.context) }
            for index in object.patchedMentions.indices { object.patchedMentions[index].mentions.removeAll { replaced.contains($0.context) } }
            object.patchedMentions.removeAll { $0.mentions.isEmpty }
            object.settings += patch.settings.filter { !object.settings.contains($0) }
        }
        if !patch.mentions.isEmpty { object.patchedMentions.append(PatchedMentions(path: path, mentions: patch.mentions)) }
        // References a patch adds are located at the object: requirements name a line of the
        // object's own file.
        func added(_ references: [NamedReference], to list: inout [NamedReference]) {
            for reference in references where !list.contains(where: { $0.name == reference.name }) {
                list.append(NamedReference(name: reference.name, line: object.line))
            }
        }
        added(patch.configMaps, to: &object.configMaps)
        added(patch.secrets, to: &object.secrets)
        added(patch.claims, to: &object.claims)
        added(patch.claimTemplateClasses, to: &object.claimTemplateClasses)
        let constraint = patch.placement
        if constraint.zones != nil || constraint.regions != nil || constraint.hosts != nil || !constraint.excludedZones.isEmpty {
            var placement = object.placement
            placement.zones = constraint.zones ?? placement.zones
            placement.regions = constraint.regions ?? placement.regions
            placement.hosts = constraint.hosts ?? placement.hosts
            placement.excludedZones += constraint.excludedZones.filter { !placement.excludedZones.contains($0) }
            placement.line = constraint.line ?? patch.line
            placement.path = path
            object.placement = placement
        }
        object.spreadKeys += patch.spreadKeys.filter { !object.spreadKeys.contains($0) }
        object.antiAffinityKeys += patch.antiAffinityKeys.filter { !object.antiAffinityKeys.contains($0) }
    }

    /// Merges a Service patch: a `type:` other than the default, the selector, an external name.
    static func merge(_ patch: ServiceFact, into object: inout ServiceFact) {
        if patch.type != "ClusterIP" { object.type = patch.type }
        object.selector.merge(patch.selector) { _, patched in patched }
        if let externalName = patch.externalName { object.externalName = externalName }
    }

    /// Merges a ConfigMap patch: the keys it sets replace the object's.
    static func merge(_ patch: ConfigMapFact, into object: inout ConfigMapFact, path: String) {
        let replaced = Set(patch.keys)
        if !replaced.isEmpty {
            let isReplaced = { (mention: Mention) in configMapKey(of: mention.context).map { replaced.contains(String($0)) } ?? false }
            object.mentions.removeAll(where: isReplaced)
            for index in object.patchedMentions.indices { object.patchedMentions[index].mentions.removeAll(where: isReplaced) }
            object.patchedMentions.removeAll { $0.mentions.isEmpty }
            object.keys += patch.keys.filter { !object.keys.contains($0) }
        }
        if !patch.mentions.isEmpty { object.patchedMentions.append(PatchedMentions(path: path, mentions: patch.mentions)) }
    }

    /// The key of a ConfigMap mention's context (`ConfigMap key K`, `proxy_pass in ConfigMap key K`).
    static func configMapKey(of context: String) -> Substring? {
        guard let range = context.range(of: "ConfigMap key ", options: .backwards) else { return nil }
        return context[range.upperBound...]
    }

    /// One rendered copy of a manifest from the copies its renderings of one naming made:
    /// Kustomize deploys each, and one set of objects stands for them all, so it needs what
    /// any of them needs and runs where any of them may.
    static func combined(_ copies: [FileFacts]) -> FileFacts {
        guard var result = copies.first else { preconditionFailure("a naming has a rendering") }
        func union<Element: Equatable>(_ list: inout [Element], _ other: [Element]) {
            for element in other where !list.contains(element) { list.append(element) }
        }
        for copy in copies.dropFirst() {
            for index in result.workloads.indices where index < copy.workloads.count {
                let other = copy.workloads[index]
                union(&result.workloads[index].images, other.images)
                union(&result.workloads[index].mentions, other.mentions)
                union(&result.workloads[index].patchedMentions, other.patchedMentions)
                union(&result.workloads[index].configMaps, other.configMaps)
                union(&result.workloads[index].secrets, other.secrets)
                union(&result.workloads[index].claims, other.claims)
                union(&result.workloads[index].claimTemplateClasses, other.claimTemplateClasses)
                result.workloads[index].placement = widest(result.workloads[index].placement, other.placement)
            }
            for index in result.services.indices where index < copy.services.count && result.services[index].type == "ClusterIP" {
                result.services[index].type = copy.services[index].type
            }
            for index in result.configMaps.indices where index < copy.configMaps.count {
                union(&result.configMaps[index].mentions, copy.configMaps[index].mentions)
                union(&result.configMaps[index].patchedMentions, copy.configMaps[index].patchedMentions)
            }
        }
        return result
    }

    /// Where pods of either placement may run.
    static func widest(_ a: PlacementFact, _ b: PlacementFact) -> PlacementFact {
        guard a != b else { return a }
        func either(_ x: [String]?, _ y: [String]?) -> [String]? {
            guard let x, let y else { return nil }
            return x + y.filter { !x.contains($0) }
        }
        var result = a
        result.zones = either(a.zones, b.zones)
        result.regions = either(a.regions, b.regions)
        result.hosts = either(a.hosts, b.hosts)
        result.excludedZones = a.excludedZones.filter(b.excludedZones.contains)
        return result
    }
}
