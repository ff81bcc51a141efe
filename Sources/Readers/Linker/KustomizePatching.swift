import Model

/// Kustomize's patches, merged into the facts of the objects they change: strategic-merge
/// patches, and JSON 6902 operations as the changes they amount to (JSONPatchReading.swift).
///
/// A patch is applied where Kustomize applies it: to the objects of the kustomization naming
/// it, after those its resources and components render and before its namespace, names and
/// images (so `images:` still rewrites an image a patch sets). Its objects are matched by kind,
/// name and namespace (a patch naming none names `default`) — as written, or as the
/// kustomizations inside it renamed and placed them; a `target:` selects by kind, name and
/// namespace (regular expressions over the whole value) instead, a `patchesJson6902:` target
/// also by the kustomization's own names. What a patch merges, on the facts Faultline reads:
/// - a workload's images by container, its env values, args and commands by container and
///   name (replacing what that container sets under that name; a strategic-merge patch's
///   containers and env entries come first, as Kustomize orders them), its node selector key
///   by key and its required node affinity whole, claim templates whole, replicas and pod
///   labels; the ConfigMaps, Secrets and claims it adds;
/// - a Service's type (when the patch writes one), selector and external name;
/// - a ConfigMap's `data:` keys.
/// What a patch sets is located in the patch: its endpoints, images and constraints name its
/// file and lines. A `$patch: delete` document deletes the object it names (of any kind).
/// Patches of other kinds and other `$patch` directives are not applied (the readers and
/// ``strippingPatches(_:from:)`` note what is not).
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
        /// A `patchesJson6902:` entry, whose target also meets the kustomization's own names.
        var afterNaming = false

        /// The patches of a kustomization, its files' paths resolved.
        static func patches(of fact: KustomizationFact, at path: String) -> [StepPatch] {
            let folder = KustomizeRenderings.folder(of: path)
            return fact.strategicPatches.compactMap { patch in
                if let objects = patch.objects {
                    return StepPatch(path: path, objects: objects, target: patch.target, entry: PathReference(path: path, line: patch.line), afterNaming: patch.afterNaming)
                }
                guard let file = patch.file, let resolved = KustomizeRenderings.resolve(file.path, from: folder) else { return nil }
                return StepPatch(path: resolved, objects: nil, target: patch.target, entry: PathReference(path: path, line: file.line), afterNaming: patch.afterNaming)
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
        /// Notes at patches not applied (a target name Faultline does not match), and the
        /// warning at a kustomization changing an object more than `patchLimit` times.
        var unapplied: [Diagnostic] = []
        var capped: Set<String> = []

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
            var said: Set<Diagnostic> = []
            result += unapplied.filter { said.insert($0).inserted }
            for (path, entry) in missing.sorted(by: { $0.key < $1.key }) {
                result.append(Diagnostic(
                    .warning, "kustomization \(entry.path) patches with \(path), which this commit does not have (or .faultline.yaml ignores)",
                    detail: "kustomize build fails here; the patch is not applied", path: entry.path, line: entry.line))
            }
            return result
        }
    }

    /// Indexes of patches by what they are built from, shared by the links of a run.
    typealias PatchIndexCache = SharedCache<PatchIndex.Key, PatchIndex>

    /// Patches applied to one object at most (no real kustomization comes near).
    static let patchLimit = 256

    /// A manifest's facts with the patches and images of one rendering applied, innermost
    /// kustomization's first. Each object looks up the patches naming it (`indexes`, one per kustomization,
    /// built on first use), so the work grows with the objects and the patches, not their product.
    static func patched(
        _ file: FileFacts, through chain: Chain, patchFiles: [String: PatchObjects], indexes: inout [String: PatchIndex], cache: PatchIndexCache?,
        use: inout PatchUse
    ) -> FileFacts {
        var file = file
        // Read apart from `file`: the objects are changed in place while patches are applied.
        let filePath = file.path
        var applied: [PatchIndex.Name: Int] = [:]
        for (position, step) in chain.enumerated() {
            // Kustomize patches what a kustomization renders before setting its images.
            defer {
                if !step.images.isEmpty {
                    for index in file.workloads.indices {
                        file.workloads[index].images = file.workloads[index].images.flatMap { Self.images(for: $0, through: [[step]]) }
                    }
                }
            }
            guard !step.patches.isEmpty else { continue }
            let inner = Naming(Array(chain[..<position])), own = Naming(Array(chain[...position]))
            let index: PatchIndex
            if let known = indexes[step.path] {
                index = known
            } else {
                let key = PatchIndex.Key(step: step, files: step.patches.map { $0.objects == nil ? patchFiles[$0.path] : nil })
                index = cache?.value(for: key) { PatchIndex(step, patchFiles: patchFiles) } ?? PatchIndex(step, patchFiles: patchFiles)
                indexes[step.path] = index
                use.tried.merge(index.tried) { first, _ in first }
                for (path, entry) in index.missing where use.missing[path] == nil { use.missing[path] = entry }
                use.unapplied += index.unapplied
            }
            /// At most `patchLimit` changes per object through the whole rendering (each merge
            /// scans what the ones before set).
            func capped(_ entries: [PatchIndex.Entry], _ kind: String, _ name: String, _ namespace: String, _ line: Int) -> ArraySlice<PatchIndex.Entry> {
                guard !entries.isEmpty else { return [] }
                let object = PatchIndex.Name(kind: kind, name: namespace + "/" + name)
                let done = applied[object, default: 0]
                applied[object] = done + entries.count
                guard done + entries.count > Self.patchLimit else { return entries[...] }
                if use.capped.insert(filePath).inserted {
                    use.unapplied.append(Diagnostic(
                        .warning, "more than \(Self.patchLimit) patches change one object",
                        detail: "the last \(Self.patchLimit) of each object's are applied (a later patch wins), the earlier ones are not", path: filePath, line: line))
                }
                // The last ones are kept: a later patch wins, so none can be hidden behind
                // no-op patches written before it. Those left out count as matched.
                let kept = entries.suffix(max(0, Self.patchLimit - done))
                for entry in entries.prefix(entries.count - kept.count) { use.matched.insert(entry.key) }
                return kept
            }
            /// Applies the changes naming each object (`merge` takes those of its kind) and drops
            /// the objects a patch deletes.
            func apply<Object: NamespacedFact>(
                to objects: inout [Object], kind: (Object) -> String, line: (Object) -> Int, merge: (PatchIndex.Entry, inout Object) -> Bool
            ) {
                var gone: Set<Int> = []
                for target in objects.indices {
                    let object = objects[target], objectKind = kind(object)
                    let entries = index.entries(kind: objectKind, name: object.name, namespace: object.namespace, inner: inner, own: own)
                    for entry in capped(entries, objectKind, object.name, object.namespace, line(object)) {
                        if case .deletion = entry.change {
                            gone.insert(target)
                        } else if !merge(entry, &objects[target]) {
                            continue
                        }
                        use.matched.insert(entry.key)
                    }
                }
                if !gone.isEmpty { objects = objects.indices.filter { !gone.contains($0) }.map { objects[$0] } }
            }
            apply(to: &file.workloads, kind: \.kind, line: \.line) { entry, object in
                guard case .workload(let patch) = entry.change, JSONPatchReading.fits(patch.kind, object.kind) else { return false }
                merge(patch, into: &object, path: entry.path)
                return true
            }
            apply(to: &file.services, kind: { _ in "Service" }, line: \.line) { entry, object in
                guard case .service(let patch) = entry.change else { return false }
                merge(patch, into: &object)
                return true
            }
            apply(to: &file.configMaps, kind: { _ in "ConfigMap" }, line: \.line) { entry, object in
                guard case .configMap(let patch) = entry.change else { return false }
                merge(patch, into: &object, path: entry.path)
                return true
            }
            guard index.deletes else { continue }
            func delete<Object: NamespacedFact>(_ objects: inout [Object], kind: (Object) -> String) {
                // Looked up first: removing in place copies the list even when nothing goes.
                let deleted = objects.indices.filter { position in
                    index.entries(kind: kind(objects[position]), name: objects[position].name, namespace: objects[position].namespace, inner: inner, own: own).contains {
                        guard case .deletion = $0.change else { return false }
                        use.matched.insert($0.key)
                        return true
                    }
                }
                guard !deleted.isEmpty else { return }
                let gone = Set(deleted)
                objects = objects.indices.filter { !gone.contains($0) }.map { objects[$0] }
            }
            delete(&file.ingresses) { _ in "Ingress" }
            delete(&file.claims) { _ in "PersistentVolumeClaim" }
            delete(&file.gateways) { _ in "Gateway" }
            delete(&file.routes) { $0.kind }
            delete(&file.helmReleases) { $0.kind }
            delete(&file.chartSources) { $0.kind }
        }
        return file
    }

    /// A kustomization's patches by the objects they name, and those with a `target:`.
    struct PatchIndex {
        enum Change {
            case workload(WorkloadFact), service(ServiceFact), configMap(ConfigMapFact), deletion
        }

        struct Entry {
            let key: PatchUse.Key
            let change: Change
            /// Where the change is written (the patch file, or the kustomization).
            let path: String
            /// The namespace the patch names (`default` when it names none).
            let namespace: String
        }

        struct Name: Hashable {
            let kind: String
            let name: String
        }

        /// Entries naming an object, by its kind and name.
        private var named: [Name: [Entry]] = [:]
        /// Patches with a `target:`, their entries grouped by target: each distinct target is
        /// matched once per object.
        /// `afterNaming`: a `patchesJson6902:` target, which also meets the names and
        /// namespace the kustomization itself gives (Kustomize matches those too).
        private var targeted: [(selector: TargetSelector, afterNaming: Bool, entries: [Entry])] = []
        private var targets: [TargetKey: Int] = [:]

        private struct TargetKey: Hashable {
            let target: PatchTarget
            let afterNaming: Bool
        }
        private(set) var deletes = false
        /// What the patches name (for the warning at those naming nothing), the patch files
        /// missing and the patches not applied, for ``PatchUse``.
        private(set) var tried: [PatchUse.Key: (path: String, line: Int, what: String, entry: PathReference)] = [:]
        private(set) var missing: [String: PathReference] = [:]
        private(set) var unapplied: [Diagnostic] = []

        /// What an index is built from: a kustomization and the objects of its patch files.
        /// Consecutive commits of an audit have the same, so a run builds it once for them.
        struct Key: Hashable, Sendable {
            let step: Step
            let files: [PatchObjects?]

            /// The step only (cheap): keys are compared whole when equal.
            func hash(into hasher: inout Hasher) { hasher.combine(step) }
        }

        init(_ step: Step, patchFiles: [String: PatchObjects]) {
            var use = PatchUse()
            defer {
                tried = use.tried
                missing = use.missing
                unapplied = use.unapplied
            }
            for (number, patch) in step.patches.enumerated() {
                guard let objects = patch.objects ?? patchFiles[patch.path] else {
                    if !patch.path.hasSuffix(".yaml") && !patch.path.hasSuffix(".yml") && !KubernetesReader.isJSONPatch(patch.path) {
                        use.unapplied.append(Diagnostic(
                            .note, "Kustomize patch \(patch.path) is not read, so it is not applied",
                            detail: "Faultline reads patches written in YAML, and in JSON when the file's name says patch (`patch.json`, `web-patch.json`); rename it so, or commit the output of kustomize build if what it changes matters",
                            path: patch.entry.path, line: patch.entry.line))
                    } else if use.missing[patch.path] == nil {
                        use.missing[patch.path] = patch.entry
                    }
                    continue
                }
                var entries: [(name: Name, entry: Entry, line: Int?)] = []
                func add(_ name: Name, _ namespace: String, _ change: Change, line: Int?) {
                    entries.append((name, Entry(key: PatchUse.Key(kustomization: step.path, patch: number, object: entries.count), change: change, path: patch.path, namespace: namespace), line))
                }
                for change in objects.workloads { add(Name(kind: change.kind, name: change.name), change.namespace, .workload(change), line: change.line) }
                for change in objects.services { add(Name(kind: "Service", name: change.name), change.namespace, .service(change), line: change.line) }
                for change in objects.configMaps { add(Name(kind: "ConfigMap", name: change.name), change.namespace, .configMap(change), line: change.line) }
                for deletion in objects.deletions {
                    add(Name(kind: deletion.kind ?? "", name: deletion.name ?? ""), deletion.namespace ?? "default", .deletion, line: nil)
                }
                deletes = deletes || !objects.deletions.isEmpty
                if objects.fromOperations, patch.target == nil {
                    use.unapplied.append(Diagnostic(
                        .warning, "Kustomize JSON 6902 patch has no target",
                        detail: "kustomize build fails here; the patch is not applied", path: patch.entry.path, line: patch.entry.line))
                    continue
                }
                if let target = patch.target {
                    guard let selector = TargetSelector(target) else {
                        use.unapplied.append(Diagnostic(
                            .note, "Kustomize patch target (\([target.kind, target.name, target.namespace].compactMap { $0 }.joined(separator: ", "))) uses regular-expression syntax Faultline does not match, so the patch is not applied",
                            detail: "names, `.`, `.*`, `|` and `\\.` are matched; commit the output of kustomize build if what it changes matters",
                            path: patch.entry.path, line: patch.entry.line))
                        continue
                    }
                    let key = TargetKey(target: target, afterNaming: patch.afterNaming)
                    if let known = targets[key] {
                        targeted[known].entries += entries.map(\.entry)
                    } else {
                        targets[key] = targeted.count
                        targeted.append((selector, patch.afterNaming, entries.map(\.entry)))
                    }
                    continue
                }
                for (name, entry, line) in entries {
                    named[name, default: []].append(entry)
                    if let line { use.tried[entry.key] = (patch.path, line, "\(name.kind) \(name.name)", patch.entry) }
                }
            }
        }

        /// The changes for one object, in the order the patches are written: those naming it
        /// (by name and namespace as written, or as the kustomizations inside renamed and
        /// placed it; a patch naming no namespace names `default`, as in Kustomize) and those
        /// whose target selects it.
        func entries(kind: String, name: String, namespace: String, inner: Naming, own: Naming) -> [Entry] {
            var found = named.isEmpty ? [] : (named[Name(kind: kind, name: name)] ?? []).filter { $0.namespace == namespace }
            let renamed = inner.name(name), placed = inner.namespace ?? namespace
            if !named.isEmpty, renamed != name || placed != namespace {
                found += (named[Name(kind: kind, name: renamed)] ?? []).filter { $0.namespace == placed }
            }
            for (selector, afterNaming, entries) in targeted
            where selector.selects(kind: kind, name: name, namespace: namespace, inner: inner)
                || afterNaming && selector.selects(kind: kind, name: name, namespace: namespace, inner: own) {
                found += entries
            }
            if found.count > 1 { found.sort { ($0.key.patch, $0.key.object) < ($1.key.patch, $1.key.object) } }
            return found
        }
    }

    /// A `target:` as Kustomize matches it: its kind, name and namespace are each a regular
    /// expression over the whole value, met by the object as written or as the kustomizations
    /// inside renamed and placed it.
    struct TargetSelector {
        let kind: NamePattern?
        let name: NamePattern?
        let namespace: NamePattern?

        /// Nil when a field is a regular expression ``NamePattern`` does not take.
        init?(_ target: PatchTarget) {
            func pattern(_ text: String?) -> NamePattern?? {
                guard let text else { return .some(nil) }
                return NamePattern(text).map { .some($0) }
            }
            guard let kind = pattern(target.kind), let name = pattern(target.name), let namespace = pattern(target.namespace) else { return nil }
            self.kind = kind
            self.name = name
            self.namespace = namespace
        }

        func selects(kind objectKind: String, name objectName: String, namespace objectNamespace: String, inner: Naming) -> Bool {
            guard kind?.matches(objectKind) ?? true else { return false }
            func meets(_ name: String, _ namespace: String) -> Bool {
                (self.name?.matches(name) ?? true) && (self.namespace?.matches(namespace) ?? true)
            }
            return meets(objectName, objectNamespace) || meets(inner.name(objectName), inner.namespace ?? objectNamespace)
        }
    }

    /// A regular expression over a whole object name, in the forms patch targets use:
    /// literal characters, `.` (any one), `.*` (any run), `\.` and other escaped
    /// punctuation, alternatives with `|`, and `^`/`$` at a branch's ends. Matched in time
    /// proportional to the pattern times the name, whatever the pattern: an untrusted
    /// pattern cannot make matching slow, as a backtracking engine would let it.
    struct NamePattern {
        enum Token: Equatable { case byte(UInt8), any, anyRun }
        let branches: [[Token]]
        /// The branches that are plain names, compared as they are.
        private let literals: Set<String>

        init?(_ text: String) {
            var bytes = Array(text.utf8)
            guard bytes.count <= 1024 else { return nil }
            // One group around the whole pattern (`^(a|b|c)$`, as Flux's bootstrap writes
            // them) is the pattern itself: Kustomize matches the whole name either way.
            var inner = bytes[...]
            if inner.first == UInt8(ascii: "^") { inner = inner.dropFirst() }
            if inner.last == UInt8(ascii: "$"), inner.dropLast().last != UInt8(ascii: "\\") { inner = inner.dropLast() }
            if inner.count >= 2, inner.first == UInt8(ascii: "("), inner.last == UInt8(ascii: ")"),
               !inner.dropFirst().dropLast().contains(where: { $0 == UInt8(ascii: "(") || $0 == UInt8(ascii: ")") || $0 == UInt8(ascii: "\\") }) {
                bytes = Array(inner.dropFirst().dropLast())
            }
            var branches: [[Token]] = [[]]
            var index = 0
            while index < bytes.count {
                let byte = bytes[index]
                switch byte {
                case UInt8(ascii: "|"): branches.append([])
                case UInt8(ascii: "."):
                    if index + 1 < bytes.count, bytes[index + 1] == UInt8(ascii: "*") {
                        branches[branches.count - 1].append(.anyRun)
                        index += 1
                    } else {
                        branches[branches.count - 1].append(.any)
                    }
                case UInt8(ascii: "\\"):
                    guard index + 1 < bytes.count, case let escaped = bytes[index + 1],
                          !(escaped >= 0x30 && escaped <= 0x39), !((escaped | 0x20) >= 0x61 && (escaped | 0x20) <= 0x7A) else { return nil }
                    branches[branches.count - 1].append(.byte(escaped))
                    index += 1
                case UInt8(ascii: "^") where branches[branches.count - 1].isEmpty: break
                case UInt8(ascii: "$") where index + 1 == bytes.count || bytes[index + 1] == UInt8(ascii: "|"): break
                case UInt8(ascii: "*"), UInt8(ascii: "+"), UInt8(ascii: "?"), UInt8(ascii: "("), UInt8(ascii: ")"), UInt8(ascii: "["),
                     UInt8(ascii: "]"), UInt8(ascii: "{"), UInt8(ascii: "}"), UInt8(ascii: "^"), UInt8(ascii: "$"):
                    return nil
                default: branches[branches.count - 1].append(.byte(byte))
                }
                index += 1
            }
            var literals: Set<String> = []
            var patterns: [[Token]] = []
            for branch in branches {
                var bytes: [UInt8] = []
                for token in branch {
                    guard case .byte(let byte) = token else { break }
                    bytes.append(byte)
                }
                if bytes.count == branch.count { literals.insert(String(decoding: bytes, as: UTF8.self)) } else { patterns.append(branch) }
            }
            self.literals = literals
            self.branches = patterns
        }

        func matches(_ name: String) -> Bool {
            if literals.contains(name) { return true }
            guard !branches.isEmpty else { return false }
            var name = name
            return name.withUTF8 { bytes in branches.contains { Self.matches($0, bytes) } }
        }

        /// Walks the positions in the tokens reachable after each byte, in two buffers on the stack.
        private static func matches(_ tokens: [Token], _ bytes: UnsafeBufferPointer<UInt8>) -> Bool {
            let count = tokens.count + 1
            return withUnsafeTemporaryAllocation(of: Bool.self, capacity: 2 * count) { buffer in
                var states = UnsafeMutableBufferPointer(rebasing: buffer[0..<count])
                var next = UnsafeMutableBufferPointer(rebasing: buffer[count..<(2 * count)])
                states.initialize(repeating: false)
                next.initialize(repeating: false)
                func close(_ states: UnsafeMutableBufferPointer<Bool>) {
                    for position in tokens.indices where states[position] && tokens[position] == .anyRun { states[position + 1] = true }
                }
                states[0] = true
                close(states)
                for byte in bytes {
                    var any = false
                    for position in 0..<count { next[position] = false }
                    for position in tokens.indices where states[position] {
                        switch tokens[position] {
                        case .byte(let expected): if expected == byte { next[position + 1] = true; any = true }
                        case .any: next[position + 1] = true; any = true
                        case .anyRun: next[position] = true; any = true
                        }
                    }
                    guard any else { return false }
                    close(next)
                    swap(&states, &next)
                }
                return states[tokens.count]
            }
        }
    }
}

extension KustomizeRenderings {
    /// Merges a workload patch into the object (see the type's documentation).
    static func merge(_ patch: WorkloadFact, into object: inout WorkloadFact, path: String) {
        let patch = resolvingPositions(patch, containers: object.containers, initContainers: object.initContainers, settings: object.settings)
        if let replicas = patch.replicas { object.replicas = replicas }
        // A strategic-merge patch's containers come first, in its order, then the object's
        // others, as Kustomize merges the list (what a later JSON 6902 patch's positions count).
        let isOperations = patch.kind.hasPrefix("6902:")
        if !isOperations {
            if !patch.containers.isEmpty { object.containers = patch.containers + object.containers.filter { !patch.containers.contains($0) } }
            if !patch.initContainers.isEmpty {
                object.initContainers = patch.initContainers + object.initContainers.filter { !patch.initContainers.contains($0) }
            }
        }
        if !patch.removedPodLabels.isEmpty { object.podLabels = patch.removedPodLabels.applied(to: object.podLabels) }
        object.podLabels.merge(patch.podLabels) { _, patched in patched }
        for image in patch.images {
            let set = ImageMention(reference: image.reference, line: image.line, setBy: PathReference(path: path, line: image.line), container: image.container)
            if let container = image.container, let index = object.images.firstIndex(where: { $0.container == container }) {
                object.images[index] = set
            } else {
                object.images.append(set)
            }
        }
        // A setting is replaced within the container the patch names (env entries merge by name,
        // args and commands are replaced whole).
        // Only what the object already sets has values to replace (every mention is of a
        // setting its container has): a patch adding a new setting scans nothing.
        // `-CONTAINER/env NAME`: an entry a JSON 6902 operation removed by its position.
        let removals = patch.settings.filter { $0.hasPrefix("-") }.map { String($0.dropFirst()) }
        let settings = removals.isEmpty ? patch.settings : patch.settings.filter { !$0.hasPrefix("-") }
        var replaced = Self.present(settings + removals, in: object.settings)
        // `CONTAINER/env`: a JSON 6902 operation replacing or removing that container's whole env.
        for setting in patch.settings where setting.hasSuffix("/env") {
            replaced.formUnion(object.settings.filter { $0.hasPrefix(setting + " ") })
        }
        if !replaced.isEmpty {
            let isReplaced = { (mention: Mention) in replaced.contains("\(mention.container ?? "")/\(mention.context)") }
            object.mentions.removeAll(where: isReplaced)
            for index in object.patchedMentions.indices { object.patchedMentions[index].mentions.removeAll(where: isReplaced) }
            object.patchedMentions.removeAll { $0.mentions.isEmpty }
        }
        // A container's whole env replaced, or entries removed: they are gone (later positions
        // count what is left).
        var remaining: Set<String>?
        if settings.contains(where: { $0.hasSuffix("/env") }) || !removals.isEmpty {
            for setting in settings where setting.hasSuffix("/env") { object.settings.removeAll { $0.hasPrefix(setting + " ") } }
            let removed = Set(removals)
            if !removed.isEmpty { object.settings.removeAll { removed.contains($0) } }
            remaining = Set(object.settings)
        }
        if isOperations {
            // Appended (what later positions count).
            object.settings += settings.filter { setting in
                guard !setting.hasSuffix("/env") else { return false }
                guard replaced.contains(setting) else { return true }
                return remaining.map { !$0.contains(setting) } ?? false
            }
        } else {
            // A strategic-merge patch's entries first, in its order, then the object's others.
            let written = Set(settings)
            object.settings = settings + object.settings.filter { !written.contains($0) }
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
        if patch.writesClaimTemplates {
            // Replaced whole, as Kubernetes merges the list.
            object.claimTemplateClasses = []
        }
        added(patch.claimTemplateClasses, to: &object.claimTemplateClasses)
        object.placement = merged(patch.placement, into: object.placement, path: path)
        object.spreadKeys += patch.spreadKeys.filter { !object.spreadKeys.contains($0) }
        object.antiAffinityKeys += patch.antiAffinityKeys.filter { !object.antiAffinityKeys.contains($0) }
    }

    /// A JSON 6902 patch's changes to containers named by position (`#0`), given the names of
    /// the object's containers there; a change to a position the object lacks is dropped
    /// (Kustomize fails there).
    static func resolvingPositions(_ patch: WorkloadFact, containers: [String], initContainers: [String], settings: [String]) -> WorkloadFact {
        func isPositional(_ container: String?) -> Bool { container?.hasPrefix("#") == true }
        guard patch.images.contains(where: { isPositional($0.container) }) || patch.mentions.contains(where: { isPositional($0.container) })
            || patch.settings.contains(where: { $0.hasPrefix("#") || $0.hasPrefix("-#") }) else { return patch }
        func resolved(_ container: String) -> String? {
            guard let (position, isInit) = JSONPatchReading.position(ofContainer: container) else { return container }
            let names = isInit ? initContainers : containers
            return names.indices.contains(position) ? names[position] : nil
        }
        var patch = patch
        patch.images = patch.images.compactMap { image in
            var image = image
            guard let container = image.container else { return image }
            image.container = resolved(container)
            return image.container == nil ? nil : image
        }
        patch.mentions = patch.mentions.compactMap { mention in
            var mention = mention
            guard let container = mention.container else { return mention }
            mention.container = resolved(container)
            return mention.container == nil ? nil : mention
        }
        /// A setting with its leading `-` (a removal) set aside.
        func split(_ setting: String) -> (removal: Bool, setting: Substring) {
            setting.hasPrefix("-") ? (true, setting.dropFirst()) : (false, setting[...])
        }
        patch.settings = patch.settings.compactMap { written in
            let (removal, setting) = split(written)
            guard let slash = setting.firstIndex(of: "/"), let container = resolved(String(setting[..<slash])) else { return nil }
            return (removal ? "-" : "") + container + setting[slash...]
        }
        // Env entries by their position among the container's (`env #2`), by the names the
        // object's container gives them in that order (worked out once per container).
        var envNames: [String: [String]] = [:]
        func entry(_ context: String, in container: String) -> String? {
            guard context.hasPrefix("env #"), let position = Int(context.dropFirst(5)) else { return context }
            if envNames[container] == nil {
                envNames[container] = settings.filter { $0.hasPrefix(container + "/env ") }.map { String($0.dropFirst(container.count + 1)) }
            }
            let names = envNames[container] ?? []
            return names.indices.contains(position) ? names[position] : nil
        }
        patch.mentions = patch.mentions.compactMap { mention in
            var mention = mention
            guard let container = mention.container, let context = entry(mention.context, in: container) else { return mention.container == nil ? mention : nil }
            mention.context = context
            return mention
        }
        patch.settings = patch.settings.compactMap { written in
            let (removal, setting) = split(written)
            guard let slash = setting.firstIndex(of: "/") else { return written }
            let container = String(setting[..<slash])
            return entry(String(setting[setting.index(after: slash)...]), in: container).map { (removal ? "-" : "") + container + "/" + $0 }
        }
        return patch
    }

    /// A patch's scheduling constraints over an object's, as Kubernetes merges them: node
    /// selector keys one by one (a zone key the patch sets replaces the object's, one it sets
    /// to `null` is deleted, others stay), `nodeName` likewise, and the required node affinity
    /// terms whole (a list without a merge key: the patch's replace the object's, even terms
    /// on other labels, which leave the pods unpinned). The pods must meet what both kinds
    /// then allow.
    static func merged(_ patch: PlacementFact, into placement: PlacementFact, path: String) -> PlacementFact {
        guard patch.selector != nil || patch.affinity != nil || !patch.deletions.isEmpty else { return placement }
        // Deletions first: a JSON 6902 operation replacing a whole node selector deletes the
        // keys it does not set.
        var labels = placement.selector?.labels ?? [:], lines = placement.selector?.lines ?? [:]
        var source = placement.selector?.path
        if patch.deletions.selector { labels = labels.filter { $0.key == "nodeName" } }
        for key in patch.deletions.keys { labels[key] = nil }
        var selector: PlacementConstraint?
        if let set = patch.selector, !set.labels.isEmpty {
            // Located in the patch, at the last label it sets.
            labels.merge(set.labels) { _, patched in patched }
            source = path
            selector = KubernetesObject.selecting(labels, lines: lines.merging(set.lines) { _, patched in patched })
            selector?.line = set.line
        } else {
            // At the last label left.
            selector = KubernetesObject.selecting(labels, lines: lines)
        }
        selector?.path = source
        var affinity = patch.deletions.affinity ? nil : placement.affinity
        if var set = patch.affinity {
            set.path = path
            affinity = set
        }
        return PlacementFact(selector: selector, affinity: affinity)
    }

    /// Merges a Service patch: the `type:` it writes, the selector, an external name, and what
    /// its annotations ask of the load balancer.
    static func merge(_ patch: ServiceFact, into object: inout ServiceFact) {
        if patch.writesType { object.type = patch.type }
        // Its load balancer class, kept among them, is no annotation.
        if patch.clearsAnnotations { object.loadBalancerAnnotations = object.loadBalancerAnnotations.filter { $0.key == KubernetesObject.loadBalancerClassKey } }
        for (key, value) in patch.loadBalancerAnnotations {
            if let value { object.loadBalancerAnnotations[key] = .some(value) } else { object.loadBalancerAnnotations.removeValue(forKey: key) }
        }
        if !patch.removedSelector.isEmpty { object.selector = patch.removedSelector.applied(to: object.selector) }
        object.selector.merge(patch.selector) { _, patched in patched }
        if let externalName = patch.externalName {
            // Written in the patch's file: the object's line stands for it.
            object.externalName = externalName
            object.externalNameLine = nil
        }
    }

    /// Merges a ConfigMap patch: the keys it sets replace the object's.
    static func merge(_ patch: ConfigMapFact, into object: inout ConfigMapFact, path: String) {
        // Only keys the object already has hold values to replace; the empty key (no key is
        // empty) is a JSON 6902 operation replacing or removing the whole `data`.
        let replaced = patch.keys.contains("") ? Set(object.keys) : Self.present(patch.keys, in: object.keys)
        if !replaced.isEmpty {
            let isReplaced = { (mention: Mention) in configMapKey(of: mention.context).map { replaced.contains(String($0)) } ?? false }
            object.mentions.removeAll(where: isReplaced)
            for index in object.patchedMentions.indices { object.patchedMentions[index].mentions.removeAll(where: isReplaced) }
            object.patchedMentions.removeAll { $0.mentions.isEmpty }
        }
        object.keys += patch.keys.filter { !replaced.contains($0) && !$0.isEmpty }
        if !patch.mentions.isEmpty { object.patchedMentions.append(PatchedMentions(path: path, mentions: patch.mentions)) }
    }

    /// The elements of `elements` that `list` holds: looked up one by one in a short list (a
    /// patch most often sets one or two names), through a set when both are long.
    static func present(_ elements: [String], in list: [String]) -> Set<String> {
        guard elements.count * list.count > 4096 else { return Set(elements.filter(list.contains)) }
        let known = Set(list)
        return Set(elements.filter(known.contains))
    }

    /// The key of a ConfigMap mention's context (`ConfigMap key K`, `proxy_pass in ConfigMap key K`).
    static func configMapKey(of context: String) -> Substring? {
        guard let range = context.range(of: "ConfigMap key ", options: .backwards) else { return nil }
        return context[range.upperBound...]
    }

    /// One rendered copy of a manifest from the copies its renderings of one naming made:
    /// Kustomize deploys each, and one set of objects stands for them all, so it needs what
    /// any of them needs, faces users if any does, and is placed as the most narrowly placed
    /// one (a zone one overlay pins it to is not hidden by another that does not).
    ///
    /// Copies are added one at a time and objects matched by identity (a copy whose patches
    /// deleted an object has fewer, and an object any copy keeps is deployed). Each object's
    /// distinct versions are gathered and merged once at the end, so thousands of overlays
    /// patching one manifest cost what their copies hold, not its square.
    struct Combination {
        private var result: FileFacts
        private var workloads: Objects<WorkloadFact>
        private var services: Objects<ServiceFact>
        private var configMaps: Objects<ConfigMapFact>
        private var ingresses: OrderedUnion<IngressFact>
        private var claims: OrderedUnion<ClaimFact>
        private var gateways: OrderedUnion<GatewayFact>
        private var routes: OrderedUnion<RouteFact>
        private var helmReleases: OrderedUnion<HelmReleaseFact>
        private var chartSources: OrderedUnion<ChartSourceFact>

        init(_ first: FileFacts) {
            result = first
            workloads = Objects(first.workloads) { "\($0.kind)/\($0.namespace)/\($0.name)" }
            services = Objects(first.services) { "\($0.namespace)/\($0.name)" }
            configMaps = Objects(first.configMaps) { "\($0.namespace)/\($0.name)" }
            ingresses = OrderedUnion(first.ingresses)
            claims = OrderedUnion(first.claims)
            gateways = OrderedUnion(first.gateways)
            routes = OrderedUnion(first.routes)
            helmReleases = OrderedUnion(first.helmReleases)
            chartSources = OrderedUnion(first.chartSources)
        }

        mutating func add(_ copy: FileFacts) {
            workloads.add(copy.workloads)
            services.add(copy.services)
            configMaps.add(copy.configMaps)
            ingresses.add(copy.ingresses)
            claims.add(copy.claims)
            gateways.add(copy.gateways)
            routes.add(copy.routes)
            helmReleases.add(copy.helmReleases)
            chartSources.add(copy.chartSources)
        }

        /// The combined copy.
        var combined: FileFacts {
            var result = result
            result.workloads = workloads.merged { object, versions in
                var images = OrderedUnion(object.images), mentions = OrderedUnion(object.mentions)
                var patchedMentions = OrderedUnion(object.patchedMentions), configMaps = OrderedUnion(object.configMaps)
                var secrets = OrderedUnion(object.secrets), claims = OrderedUnion(object.claims)
                var classes = OrderedUnion(object.claimTemplateClasses)
                for other in versions {
                    images.add(other.images)
                    mentions.add(other.mentions)
                    patchedMentions.add(other.patchedMentions)
                    configMaps.add(other.configMaps)
                    secrets.add(other.secrets)
                    claims.add(other.claims)
                    classes.add(other.claimTemplateClasses)
                    object.placement = KustomizeRenderings.narrowest(object.placement, other.placement)
                }
                object.images = images.elements
                object.mentions = mentions.elements
                object.patchedMentions = patchedMentions.elements
                object.configMaps = configMaps.elements
                object.secrets = secrets.elements
                object.claims = claims.elements
                object.claimTemplateClasses = classes.elements
            }
            result.services = services.merged { object, versions in
                for other in versions where object.type == "ClusterIP" { object.type = other.type }
                // Renderings asking differently of the load balancer: taken for a public one,
                // as one of them may be.
                if versions.contains(where: { $0.loadBalancerAnnotations != object.loadBalancerAnnotations }) { object.loadBalancerAnnotations = [:] }
            }
            result.configMaps = configMaps.merged { object, versions in
                var mentions = OrderedUnion(object.mentions), patchedMentions = OrderedUnion(object.patchedMentions)
                for other in versions {
                    mentions.add(other.mentions)
                    patchedMentions.add(other.patchedMentions)
                }
                object.mentions = mentions.elements
                object.patchedMentions = patchedMentions.elements
            }
            result.ingresses = ingresses.elements
            result.claims = claims.elements
            result.gateways = gateways.elements
            result.routes = routes.elements
            result.helmReleases = helmReleases.elements
            result.chartSources = chartSources.elements
            return result
        }

        /// One kind's objects across copies, by identity: the first copy's, those only later
        /// copies have, and each object's other distinct versions, in the order met.
        struct Objects<Object: Hashable> {
            private var objects: [Object]
            /// As first met: a version equal to it (most often the same storage) is skipped
            /// without hashing.
            private var firsts: [Object]
            private var positions: [String: Int] = [:]
            private var versions: [Int: (seen: Set<Object>, list: [Object])] = [:]
            private let identity: (Object) -> String

            init(_ objects: [Object], identity: @escaping (Object) -> String) {
                self.objects = objects
                firsts = objects
                self.identity = identity
                for (index, object) in objects.enumerated() where positions[identity(object)] == nil { positions[identity(object)] = index }
            }

            mutating func add(_ others: [Object]) {
                // A copy its patches left alone is equal to the first, object by object (and
                // its objects share their storage, so comparing them is quick).
                guard others != firsts else { return }
                for (position, other) in others.enumerated() {
                    // Already held as it is.
                    if position < firsts.count, firsts[position] == other { continue }
                    let key = identity(other)
                    guard let index = positions[key] else {
                        positions[key] = objects.count
                        objects.append(other)
                        firsts.append(other)
                        continue
                    }
                    guard firsts[index] != other else { continue }
                    if versions[index] == nil { versions[index] = ([], []) }
                    if versions[index]!.seen.insert(other).inserted { versions[index]!.list.append(other) }
                }
            }

            /// The objects, each merged with its other versions (`merge` folds them in order).
            func merged(_ merge: (inout Object, [Object]) -> Void) -> [Object] {
                var result = objects
                for (index, versions) in versions { merge(&result[index], versions.list) }
                return result
            }
        }
    }

    /// A list with others' elements it lacks appended, in order; duplicates the list itself
    /// holds are kept. Each element is hashed once, however many lists are added.
    struct OrderedUnion<Element: Hashable> {
        private(set) var elements: [Element]
        private var members: Set<Element>?

        init(_ elements: [Element]) { self.elements = elements }

        mutating func add(_ others: [Element]) {
            guard !others.isEmpty, others != elements else { return }
            if members == nil { members = Set(elements) }
            for element in others where members!.insert(element).inserted { elements.append(element) }
        }
    }

    /// The placement allowing fewer zones (an unconstrained one allows every zone); the first
    /// when they allow as many.
    static func narrowest(_ a: PlacementFact, _ b: PlacementFact) -> PlacementFact {
        guard a != b else { return a }
        func breadth(_ placement: PlacementFact) -> (Int, Int) {
            (placement.zones?.count ?? Int.max, placement.hosts?.count ?? Int.max)
        }
        return breadth(b) < breadth(a) ? b : a
    }
}
