import Model

/// Kustomize's kustomization files: the files they render, the images they set, the
/// namespace and names they give and the labels they add to selectors and pod templates.
/// Those are applied (by the linker); what else a
/// kustomization changes is named in a note.
enum KustomizationReading {
    /// The names Kustomize looks for in a folder.
    static let fileNames: Set<Substring> = ["kustomization.yaml", "kustomization.yml", "Kustomization"]

    /// Fields that change what is deployed in ways Faultline does not apply.
    static let unappliedFields = [
        "secretGenerator",
        "helmCharts", "helmChartInflationGenerator", "replacements", "vars", "generators", "transformers",
    ]

    static func read(_ root: YAMLNode, into facts: inout FileFacts) {
        guard root.entries != nil else { return }
        let kind = root["kind"]?.string ?? "Kustomization"
        var fact = KustomizationFact(kind: kind, line: root.line)
        fact.resources = references(root["resources"], facts: &facts) + references(root["bases"], facts: &facts)
        fact.components = references(root["components"], facts: &facts)
        fact.rendersUnread = ["resources", "bases", "components"].contains { (root[$0]?.items ?? []).contains { $0.string.map(isRemote) ?? false } }
            || ["helmCharts", "helmChartInflationGenerator", "generators"].contains { root[$0] != nil }
        // `imageTags:` is the older name, which Kustomize appends to `images:`.
        for entry in (root["images"]?.items ?? []) + (root["imageTags"]?.items ?? []) {
            guard let name = entry["name"]?.string, !name.isEmpty else {
                facts.diagnostics.append(Diagnostic(.warning, "Kustomize images entry has no name", detail: "the entry was skipped", path: facts.path, line: entry.line))
                continue
            }
            let newName = entry["newName"]
            fact.images.append(ImageOverride(
                name: name, newName: newName?.string, newTag: entry["newTag"]?.string, digest: entry["digest"]?.string,
                line: newName?.line ?? entry.line))
        }
        fact.namespace = nonEmpty(root["namespace"])
        fact.namePrefix = nonEmpty(root["namePrefix"])
        fact.nameSuffix = nonEmpty(root["nameSuffix"])
        let generated = generatedConfigMaps(root["configMapGenerator"], facts: &facts)
        fact.generatedConfigMaps = generated.made
        // Kustomize merges those into the ConfigMaps its resources render before its patches run.
        fact.strategicPatches = generated.merged.map { KustomizePatch(objects: PatchObjects(configMaps: [$0]), line: $0.line) }
        // Labels on objects alone change nothing Faultline reads; on selectors and pod
        // templates they decide which pods a Service selects.
        fact.selectorLabels = KubernetesObject.stringMap(root["commonLabels"])
        for entry in root["labels"]?.items ?? [] {
            let pairs = KubernetesObject.stringMap(entry["pairs"])
            if isTrue(entry["includeSelectors"]) {
                fact.selectorLabels.merge(pairs) { _, later in later }
            } else if isTrue(entry["includeTemplates"]) {
                fact.templateLabels.merge(pairs) { _, later in later }
            }
        }
        // Every Service and pod it renders carries them: a few, in any real kustomization.
        // Past the limit the rest are left off both sides alike, which only widens what a
        // Service selects.
        if fact.selectorLabels.count + fact.templateLabels.count > labelLimit {
            facts.diagnostics.append(Diagnostic(
                .warning, "Kustomize \(kind) adds \(fact.selectorLabels.count + fact.templateLabels.count) labels to selectors and pod templates; only the first \(labelLimit) by name are applied",
                detail: "no kustomization needs this many", path: facts.path, line: root.line))
            let kept = Set((fact.selectorLabels.keys.map { "s\u{0}" + $0 } + fact.templateLabels.keys.map { "t\u{0}" + $0 }).sorted().prefix(labelLimit))
            fact.selectorLabels = fact.selectorLabels.filter { kept.contains("s\u{0}" + $0.key) }
            fact.templateLabels = fact.templateLabels.filter { kept.contains("t\u{0}" + $0.key) }
        }
        readPatches(root, into: &fact, facts: &facts)
        var unapplied = unappliedFields.filter { root[$0] != nil }
        if fact.hasUnreadInlinePatches { unapplied.insert("inline patches that are neither objects nor JSON 6902 operations", at: 0) }
        if !unapplied.isEmpty {
            facts.diagnostics.append(Diagnostic(
                .note, "Kustomize \(kind): \(unapplied.joined(separator: ", ")) not applied, only its resources, images, namespace, names, labels and patches",
                detail: "commit the output of kustomize build if what they change matters",
                path: facts.path, line: root.line))
        }
        facts.kustomization = fact
    }

    /// The patches: files named by `patchesStrategicMerge:` and by `path:` of `patches:` and
    /// `patchesJson6902:` (none of them read as objects), and the patches to apply — strategic
    /// merge or JSON 6902 operations, inline ones read here. A `target:` selecting by labels or
    /// annotations is not applied (a note).
    static func readPatches(_ root: YAMLNode, into fact: inout KustomizationFact, facts: inout FileFacts) {
        for item in root["patchesStrategicMerge"]?.items ?? [] {
            guard let text = item.string, !text.isEmpty else { continue }
            // Kustomize takes an entry for a patch, not a file, when it parses as an object.
            if text.contains("\n") || text.hasPrefix("{") || text.contains("kind:") || text.contains("apiVersion:") {
                if let objects = inlinePatch(text, at: item, facts: &facts) { fact.strategicPatches.append(KustomizePatch(objects: objects, line: item.line)) }
            } else if !isRemote(text) {
                let file = PathReference(path: text, line: item.line)
                fact.patches.append(file)
                fact.strategicPatches.append(KustomizePatch(file: file, line: item.line))
            }
        }
        for entry in root["patches"]?.items ?? [] {
            var target: PatchTarget?
            if let selector = entry["target"] {
                if selector["labelSelector"] != nil || selector["annotationSelector"] != nil {
                    facts.diagnostics.append(Diagnostic(
                        .note, "Kustomize patch selecting its targets by label or annotation is not applied",
                        detail: "only targets named by kind, name and namespace are", path: facts.path, line: selector.line))
                    if let path = entry["path"]?.string, !path.isEmpty { fact.patches.append(PathReference(path: path, line: entry.line)) }
                    continue
                }
                target = PatchTarget(kind: nonEmpty(selector["kind"]), name: nonEmpty(selector["name"]), namespace: nonEmpty(selector["namespace"]))
            }
            if let path = entry["path"], let text = path.string, !text.isEmpty {
                let file = PathReference(path: text, line: path.line)
                fact.patches.append(file)
                // A file holding operations is found out by the linker, which reads it.
                fact.strategicPatches.append(KustomizePatch(file: file, target: target, line: path.line))
            } else if let patch = entry["patch"], let text = patch.string {
                if let objects = inlinePatch(text, at: patch, facts: &facts) {
                    fact.strategicPatches.append(KustomizePatch(objects: objects, target: target, line: patch.line))
                } else {
                    fact.hasUnreadInlinePatches = true
                }
            }
        }
        // The older field: JSON 6902 operations, in a file or inline, on the object a target names.
        for entry in root["patchesJson6902"]?.items ?? [] {
            let selector = entry["target"]
            let target = selector.map { PatchTarget(kind: nonEmpty($0["kind"]), name: nonEmpty($0["name"]), namespace: nonEmpty($0["namespace"])) }
            var read: KustomizePatch?
            if let path = entry["path"], let text = path.string, !text.isEmpty {
                let file = PathReference(path: text, line: path.line)
                fact.patches.append(file)
                read = KustomizePatch(file: file, target: target, line: path.line)
            } else if let patch = entry["patch"], let text = patch.string {
                if let objects = inlinePatch(text, at: patch, facts: &facts) {
                    read = KustomizePatch(objects: objects, target: target, line: patch.line)
                } else {
                    fact.hasUnreadInlinePatches = true
                }
            }
            if var read {
                read.afterNaming = true
                fact.strategicPatches.append(read)
            }
        }
    }

    /// The objects of a patch written inline, at their lines in the kustomization file (a
    /// block scalar's text starts on the line after its indicator), or the changes its JSON
    /// 6902 operations make; nil for a list that is neither.
    static func inlinePatch(_ text: String, at node: YAMLNode, facts: inout FileFacts) -> PatchObjects? {
        let loaded = YAMLLoader().load(text: text, path: facts.path)
        let style = node.scalar?.style
        let offset = (style == .literal || style == .folded ? node.line + 1 : node.line) - 1
        var read = FileFacts(path: facts.path)
        for document in loaded.documents {
            if let operations = document.root.items {
                guard JSONPatchReading.isOperations(document.root) else { return nil }
                var diagnostics: [Diagnostic] = []
                let objects = JSONPatchReading.objects(operations, path: facts.path, diagnostics: &diagnostics)
                facts.diagnostics += (loaded.diagnostics + diagnostics).map { $0.movedDown(offset) }
                return objects.movedDown(offset)
            }
            KubernetesObject.read(document.root, into: &read)
        }
        facts.diagnostics += (loaded.diagnostics + read.diagnostics).map { $0.movedDown(offset) }
        let objects = PatchObjects(file: read).movedDown(offset)
        let other = PatchObjects.unappliedKinds(in: read)
        if !other.isEmpty {
            facts.diagnostics.append(Diagnostic(
                .note, "Kustomize patch of \(other.joined(separator: ", ")) is not applied",
                detail: "patches of workloads, Services and ConfigMaps are", path: facts.path, line: node.line))
        }
        return objects
    }

    /// The ConfigMaps of a `configMapGenerator:` list, from their literals: those it makes,
    /// and those it merges into a ConfigMap of that name the kustomization's resources render
    /// (`behavior: merge`, and `replace`, read as a merge: keys of the rendered ConfigMap the
    /// entry does not set stay). An entry's env files and files are other files, which are not
    /// read: a note says so.
    static func generatedConfigMaps(_ node: YAMLNode?, facts: inout FileFacts) -> (made: [ConfigMapFact], merged: [ConfigMapFact]) {
        var result: [ConfigMapFact] = [], merged: [ConfigMapFact] = []
        for entry in node?.items ?? [] {
            guard let name = nonEmpty(entry["name"]) else {
                facts.diagnostics.append(Diagnostic(
                    .warning, "Kustomize configMapGenerator entry has no name", detail: "the entry was skipped", path: facts.path, line: entry.line))
                continue
            }
            var mentions: [Mention] = []
            var keys: [String] = []
            for literal in entry["literals"]?.items ?? [] {
                guard let text = literal.string, let equals = text.firstIndex(of: "=") else { continue }
                let key = text[..<equals]
                keys.append(String(key))
                let value = String(text[text.index(after: equals)...])
                mentions += KubernetesObject.lineMentions(value, node: literal, context: "ConfigMap key \(key)")
                    + KubernetesObject.serviceNameMention(value, setting: String(key), node: literal, context: "ConfigMap key \(key)")
            }
            let unread = ["envs", "env", "files"].filter { entry[$0] != nil }
            if !unread.isEmpty {
                facts.diagnostics.append(Diagnostic(
                    .note, "Kustomize configMapGenerator \(name): its \(unread.joined(separator: " and ")) are not read, only its literals",
                    detail: "endpoints named only in those files are not part of the topology", path: facts.path, line: entry.line))
            }
            var configMap = ConfigMapFact(namespace: nonEmpty(entry["namespace"]) ?? "default", name: name, line: entry.line, mentions: mentions)
            // What a patch setting one of them replaces.
            configMap.keys = keys
            if ["merge", "replace"].contains(entry["behavior"]?.string ?? "create") {
                merged.append(configMap)
            } else {
                result.append(configMap)
            }
        }
        return (result, merged)
    }

    /// A scalar's text, nil when absent or empty.
    /// Labels a kustomization adds to selectors and pod templates, at most.
    static let labelLimit = 64

    /// True as Kustomize reads a kustomization (YAML 1.1 through `sigs.k8s.io/yaml`): `true`,
    /// `True`, `yes`, `on`, `y`, … unquoted.
    static func isTrue(_ node: YAMLNode?) -> Bool {
        guard let node, let text = node.string, node.scalar?.style == .plain || node.scalar?.style == nil else { return false }
        return ["y", "Y", "yes", "Yes", "YES", "true", "True", "TRUE", "on", "On", "ON"].contains(text)
    }

    static func nonEmpty(_ node: YAMLNode?) -> String? {
        guard let text = node?.string, !text.isEmpty else { return nil }
        return text
    }

    /// The entries of a list of paths. Remote ones (a git repository, a URL) are never
    /// fetched: a pull request must not make Faultline reach out.
    static func references(_ node: YAMLNode?, facts: inout FileFacts) -> [PathReference] {
        var result: [PathReference] = []
        for item in node?.items ?? [] {
            guard let path = item.string, !path.isEmpty else { continue }
            if isRemote(path) {
                facts.diagnostics.append(Diagnostic(
                    .note, "remote Kustomize resource \(path) is not fetched", detail: "what it deploys is not part of the topology",
                    path: facts.path, line: item.line))
                continue
            }
            result.append(PathReference(path: path, line: item.line))
        }
        return result
    }

    static func isRemote(_ path: String) -> Bool {
        path.contains("://") || path.hasPrefix("git@") || path.hasPrefix("github.com/") || path.hasPrefix("gitlab.com/")
            || path.hasPrefix("bitbucket.org/") || path.contains("?ref=") || path.contains(".git//")
    }
}
