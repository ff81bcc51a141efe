import Model

/// What Kustomize deploys: each manifest a kustomization renders is deployed with the images,
/// namespace and names its `images:`, `namespace:`, `namePrefix:` and `nameSuffix:` give it
/// (and those of the kustomizations and components it is rendered through).
///
/// A manifest rendered by several top-level kustomizations (a `dev` and a `prod` overlay) is
/// deployed once for each distinct namespace and name they give it: one set of objects per
/// such deployment, each needing the images of the renderings that make it. Overlays that
/// leave namespace and names alone make one set of objects, needing the images of every one
/// of them. A manifest no kustomization renders is deployed as written. Nothing else of a
/// kustomization is applied (the reader notes what is not).
struct KustomizeRenderings: Sendable {
    /// What the renderings depend on: the kustomizations and the paths of the commit's files.
    /// Consecutive commits of an audit almost always have the same, so a run works the
    /// renderings out once for them (see ``Linker/kustomizeRenderings``).
    struct Inputs: Hashable, Sendable {
        let kustomizations: Kustomizations
        let paths: [String]

        init(_ kustomizations: Kustomizations, files: [FileFacts]) {
            self.kustomizations = kustomizations
            paths = files.map(\.path)
        }

        /// Hashes the kustomizations' paths and the counts: compared whole when equal.
        func hash(into hasher: inout Hasher) {
            hasher.combine(paths.count)
            hasher.combine(kustomizations)
        }
    }

    /// A commit's kustomization files, in path order.
    struct Kustomizations: Hashable, Sendable {
        struct Item: Hashable, Sendable {
            let path: String
            let fact: KustomizationFact
        }

        let items: [Item]

        init(_ files: [FileFacts]) {
            items = files.compactMap { file in file.kustomization.map { Item(path: file.path, fact: $0) } }
        }

        /// Hashes the paths: compared whole when equal.
        func hash(into hasher: inout Hasher) {
            hasher.combine(items.count)
            for item in items { hasher.combine(item.path) }
        }

        /// The files kustomizations name only as patches (a file some kustomization also
        /// lists as a resource is a manifest), each with the entry naming it first.
        var patchFiles: [String: PathReference] {
            var resources: Set<String> = []
            var patches: [String: PathReference] = [:]
            for item in items {
                let folder = KustomizeRenderings.folder(of: item.path)
                for reference in item.fact.resources {
                    if let target = KustomizeRenderings.resolve(reference.path, from: folder) { resources.insert(target) }
                }
                for reference in item.fact.patches {
                    guard let target = KustomizeRenderings.resolve(reference.path, from: folder), patches[target] == nil else { continue }
                    patches[target] = PathReference(path: item.path, line: reference.line)
                }
            }
            return patches.filter { !resources.contains($0.key) }
        }
    }

    /// The files with what a patch file declares taken out: a strategic-merge patch is shaped
    /// like the object it changes (a Service given `type: LoadBalancer` for one overlay), and
    /// read as a manifest it would change that object everywhere. Its workloads, Services and
    /// ConfigMaps are merged where the kustomization applies it; a note names what is not.
    static func strippingPatches(_ patches: [String: PathReference], from files: [FileFacts]) -> [FileFacts] {
        files.map { file in
            guard let patch = patches[file.path] else { return file }
            var stripped = FileFacts(path: file.path)
            stripped.diagnostics = file.diagnostics
            let applied = !PatchObjects(file: file).isEmpty
            let other = PatchObjects.unappliedKinds(in: file)
            if !applied, other.isEmpty {
                stripped.diagnostics.append(Diagnostic(
                    .note, "Kustomize patch (named at \(patch.path):\(patch.line)) is not applied",
                    detail: "it holds neither objects of the kinds Faultline patches (workloads, Services, ConfigMaps) nor JSON 6902 operations; commit the output of kustomize build if what it changes matters",
                    path: file.path, line: 1))
            } else if !other.isEmpty {
                stripped.diagnostics.append(Diagnostic(
                    .note, "Kustomize patch (named at \(patch.path):\(patch.line)): its \(other.joined(separator: ", ")) changes are not applied",
                    detail: applied ? "only its workloads, Services and ConfigMaps are" : "Faultline applies patches of workloads, Services and ConfigMaps",
                    path: file.path, line: 1))
            }
            stripped.suppressions = file.suppressions
            return stripped
        }
    }

    /// One kustomization's `images:`, `namespace:` and names, applied to what it renders.
    struct Step: Hashable, Sendable {
        /// The kustomization file's repository path.
        let path: String
        let images: [ImageOverride]
        /// The positions in `images` of the entries for each name: an image looks only at
        /// those naming it, however many entries a kustomization has.
        let positions: [String: [Int]]
        let namespace: String?
        let namePrefix: String
        let nameSuffix: String
        /// The labels it adds to selectors and pod templates, and to pod templates alone.
        let selectorLabels: [String: String]
        let templateLabels: [String: String]
        /// Its patches (strategic merge and JSON 6902), in order (see KustomizePatching.swift).
        let patches: [StepPatch]

        init(path: String, fact: KustomizationFact) {
            self.path = path
            images = fact.images
            positions = Dictionary(grouping: images.indices) { fact.images[$0].name }
            namespace = fact.namespace
            namePrefix = fact.namePrefix ?? ""
            nameSuffix = fact.nameSuffix ?? ""
            selectorLabels = fact.selectorLabels
            templateLabels = fact.templateLabels
            patches = StepPatch.patches(of: fact, at: path)
        }

        /// Hashes the kustomization's path and what it sets, not its patches' objects: every
        /// rendering hashes its chain, and a kustomization of thousands of patches is one step
        /// of every chain through it. Steps are still compared whole when equal.
        func hash(into hasher: inout Hasher) {
            hasher.combine(path)
            hasher.combine(images.count)
            hasher.combine(patches.count)
            hasher.combine(namespace)
            hasher.combine(namePrefix)
            hasher.combine(nameSuffix)
            hasher.combine(selectorLabels)
            hasher.combine(templateLabels)
        }

        /// Whether it changes nothing it renders.
        var isEmpty: Bool {
            images.isEmpty && namespace == nil && namePrefix.isEmpty && nameSuffix.isEmpty && patches.isEmpty && selectorLabels.isEmpty
                && templateLabels.isEmpty
        }
    }

    /// The namespace, names and labels a rendering gives the objects of a manifest: the
    /// outermost `namespace:` wins; prefixes and suffixes add up from the innermost outwards
    /// (`prod-` over `app-` names `prod-app-web`), as Kustomize applies them; an outer
    /// kustomization's value for a label replaces an inner one's.
    ///
    /// Namings are told apart by namespace and names alone: renderings giving the same names
    /// deploy one set of objects whatever labels they add (each Service and its pods get the
    /// same labels, so they still select each other), and labels must not count against
    /// `namingLimit` (bank-of-anthos's overlays each add a few).
    struct Naming: Hashable, Sendable {
        static func == (lhs: Naming, rhs: Naming) -> Bool {
            lhs.namespace == rhs.namespace && lhs.prefix == rhs.prefix && lhs.suffix == rhs.suffix
        }

        func hash(into hasher: inout Hasher) {
            hasher.combine(namespace)
            hasher.combine(prefix)
            hasher.combine(suffix)
        }

        var namespace: String?
        var prefix = ""
        var suffix = ""
        /// Added to Services' selectors and workloads' pod labels.
        var selectorLabels: [String: String] = [:]
        /// Added to workloads' pod labels only.
        var templateLabels: [String: String] = [:]

        init(_ chain: Chain) {
            for step in chain {
                if let namespace = step.namespace { self.namespace = namespace }
                prefix = step.namePrefix + prefix
                suffix += step.nameSuffix
                selectorLabels.merge(step.selectorLabels) { _, outer in outer }
                templateLabels.merge(step.templateLabels) { _, outer in outer }
            }
        }

        var isIdentity: Bool { namespace == nil && prefix.isEmpty && suffix.isEmpty && selectorLabels.isEmpty && templateLabels.isEmpty }

        /// Adds the labels of another rendering giving the same names (this one's values win).
        mutating func addLabels(of other: Naming) {
            selectorLabels.merge(other.selectorLabels) { mine, _ in mine }
            templateLabels.merge(other.templateLabels) { mine, _ in mine }
        }
        var renames: Bool { !prefix.isEmpty || !suffix.isEmpty }

        func name(_ name: String) -> String { prefix + name + suffix }

        /// Gives namespaced objects this naming's namespace and names.
        func place<Object: NamespacedFact>(_ objects: inout [Object]) {
            for index in objects.indices {
                objects[index].namespace = namespace ?? objects[index].namespace
                objects[index].name = name(objects[index].name)
            }
        }
    }

    /// The steps one rendering applies to a manifest, innermost kustomization first.
    typealias Chain = [Step]

    /// A manifest and the steps applied to it.
    private struct Rendering: Hashable {
        let path: String
        let chain: Chain
    }

    /// Renderings kept at most, over all manifests: a pull request could otherwise make every
    /// kustomization render every other one many times over.
    static let renderingLimit = 100_000
    /// Kustomizations rendered inside one another at most.
    static let depthLimit = 64
    /// Distinct namings in all at most (the names written among them): each deploys a
    /// manifest's objects once more, and identical labels in one namespace make every copy of
    /// a Service select every copy of its workloads, so a pull request of many overlays could
    /// otherwise make the topology grow with their square.
    static let namingLimit = 16

    private(set) var diagnostics: [Diagnostic] = []
    /// The distinct renderings of each manifest some kustomization renders, by path.
    private(set) var chains: [String: [Chain]] = [:]
    /// The renderings of each manifest grouped by the naming they give its objects: one set
    /// of objects per group, at most `namingLimit` namings in all.
    private(set) var namings: [String: [(naming: Naming, chains: [Chain])]] = [:]
    /// Whether a kustomization rendered generates ConfigMaps.
    private(set) var generates = false

    private let kustomizations: [String: (path: String, fact: KustomizationFact)]
    private let paths: Set<String>
    /// The folders holding the commit's files, worked out when a resource is not a file.
    private var folders: Set<String>?
    private var rendered: [String: [(path: String, chain: Chain)]] = [:]
    /// The kustomizations (by path) rendering something the commit does not hold or Faultline
    /// does not read: a remote resource, a Helm chart, an entry naming nothing, or past a limit. A patch of theirs may change an
    /// object Faultline does not see, so one matching nothing is not warned of.
    private(set) var incomplete: Set<String> = []
    private var renderings = 0
    private var warnedOfLimit = false
    /// Whether a kustomization was nested past `depthLimit`, leaving those deeper unrendered.
    private var tooDeep = false
    /// Resources entries naming nothing the commit has, and how many of them are warned of.
    private var missing = 0
    static let missingWarningLimit = 20

    /// Works out the renderings.
    init(_ inputs: Inputs) {
        var kustomizations: [String: (path: String, fact: KustomizationFact)] = [:]
        for kustomization in inputs.kustomizations.items {
            let folder = Self.folder(of: kustomization.path)
            if let first = kustomizations[folder] {
                diagnostics.append(Diagnostic(
                    .warning, "\(folder.isEmpty ? "the top folder" : folder) has two kustomization files, \(first.path) and this one",
                    detail: "Kustomize refuses such a folder; Faultline reads \(first.path)", path: kustomization.path, line: kustomization.fact.line))
                continue
            }
            kustomizations[folder] = (kustomization.path, kustomization.fact)
        }
        self.kustomizations = kustomizations
        paths = Set(inputs.paths)
        // The top-level kustomizations: those no other one renders. A component is only ever
        // rendered by a kustomization naming it.
        var included: Set<String> = []
        for (folder, entry) in kustomizations {
            for reference in entry.fact.resources + entry.fact.components {
                if let target = Self.resolve(reference.path, from: folder) { included.insert(target) }
            }
        }
        var known: Set<Rendering> = []
        for folder in kustomizations.keys.sorted() where !included.contains(folder) && kustomizations[folder]?.fact.isComponent == false {
            var stack: [String] = []
            for (path, chain) in render(folder, stack: &stack) where known.insert(Rendering(path: path, chain: chain)).inserted {
                chains[path, default: []].append(chain)
                if !generates, kustomizations[Self.folder(of: path)]?.path == path { generates = true }
            }
        }
        // A kustomization no top-level one reaches is in a cycle (`a` lists `b`, `b` lists `a`;
        // one listing its own folder) or a component nothing uses: rendered on its own for its
        // warnings only, so an entry Kustomize refuses is never passed over in silence. What it
        // renders is not deployed.
        if !warnedOfLimit, !tooDeep {
            for folder in kustomizations.keys.sorted() where rendered[folder] == nil {
                var stack: [String] = []
                _ = render(folder, stack: &stack)
            }
        }
        if missing > Self.missingWarningLimit, let last = diagnostics.last(where: { $0.summary.hasPrefix("kustomization ") }) {
            diagnostics.append(Diagnostic(
                .warning, "\(missing - Self.missingWarningLimit) more resources entries name nothing this commit has",
                detail: "only the first \(Self.missingWarningLimit) are listed", path: last.path, line: last.line))
        }
        // Past `namingLimit` distinct namings in all, the renderings of the others are read
        // under the names written — in every manifest alike, so the objects one rendering
        // makes (a base's Service, the overlay's own Ingress to it) still find each other.
        var kept: Set<Naming> = [Naming([])]
        var dropped: Chain?
        for path in chains.keys.sorted() {
            for chain in chains[path] ?? [] {
                let naming = Naming(chain)
                guard !kept.contains(naming) else { continue }
                if kept.count < Self.namingLimit {
                    kept.insert(naming)
                } else if dropped == nil {
                    dropped = chain
                }
            }
        }
        for path in chains.keys.sorted() { namings[path] = Self.group(chains[path] ?? [], kept: kept) }
        if let chain = dropped, let outer = chain.last {
            diagnostics.append(Diagnostic(
                .warning, "kustomizations give their objects more than \(Self.namingLimit) namespaces or names",
                detail: "past the first \(Self.namingLimit - 1), their objects are read under the names written, as one set", path: outer.path, line: 1))
        }
    }

    /// The files as Kustomize deploys them: each rendered manifest once per distinct naming
    /// of its renderings (most often once), with that naming's namespace and names, and its
    /// workloads' images as those renderings set them.
    func apply(
        to files: [FileFacts], patchFiles: [String: PatchObjects] = [:], patchIndexes: PatchIndexCache? = nil, diagnostics: inout [Diagnostic]
    ) -> [FileFacts] {
        guard chains.values.contains(where: { $0.contains { !$0.isEmpty } }) || generates else { return files }
        var use = PatchUse()
        var indexes: [String: PatchIndex] = [:]
        defer { diagnostics += use.diagnostics(incomplete: incomplete) }
        // A rendered kustomization deploys the ConfigMaps its generator makes. Files change in
        // place: copying every file of the commit at every link of an audit cost more than
        // the changes.
        var files = files
        if generates {
            for index in files.indices {
                guard let generated = files[index].kustomization?.generatedConfigMaps, !generated.isEmpty, chains[files[index].path] != nil else { continue }
                files[index].configMaps += generated
            }
        }
        // The objects each renaming names: Kustomize follows a reference (an Ingress's Service,
        // a workload's ConfigMap) to an object it renders, and leaves others as written.
        var renamed: Set<RenamedObject> = []
        for file in files {
            for (naming, _) in namings[file.path] ?? [] where naming.renames {
                for service in file.services { renamed.insert(RenamedObject(kind: "Service", name: service.name, naming: naming)) }
                for configMap in file.configMaps { renamed.insert(RenamedObject(kind: "ConfigMap", name: configMap.name, naming: naming)) }
                for claim in file.claims { renamed.insert(RenamedObject(kind: "PersistentVolumeClaim", name: claim.name, naming: naming)) }
                for storageClass in file.storageClasses {
                    renamed.insert(RenamedObject(kind: "StorageClass", name: storageClass.name, naming: naming))
                }
            }
        }
        func rendered(_ file: FileFacts, _ naming: Naming, _ chains: [Chain]) -> FileFacts {
            var file = file
            if chains.contains(where: { $0.contains { !$0.patches.isEmpty } }) {
                // Each rendering patches the objects and sets their images its own way.
                // Combined as they are made: thousands of overlays' copies are never all held.
                var combination: Combination?
                for chain in chains {
                    let copy = Self.patched(file, through: chain, patchFiles: patchFiles, indexes: &indexes, cache: patchIndexes, use: &use)
                    if combination == nil { combination = Combination(copy) } else { combination?.add(copy) }
                }
                file = combination?.combined ?? file
            } else if chains.contains(where: { $0.contains { !$0.images.isEmpty } }) {
                for index in file.workloads.indices {
                    file.workloads[index].images = file.workloads[index].images.flatMap { Self.images(for: $0, through: chains) }
                }
            }
            if !naming.isIdentity { Self.rename(&file, naming, renamed: renamed) }
            return file
        }
        // Most manifests are deployed once: their facts are replaced where they are.
        var copies: [Int: [FileFacts]] = [:]
        for index in files.indices {
            guard let groups = namings[files[index].path] else { continue }
            if groups.count == 1, let (naming, chains) = groups.first {
                guard !naming.isIdentity || chains.contains(where: { $0.contains { !$0.images.isEmpty || !$0.patches.isEmpty } }) else { continue }
                files[index] = rendered(files[index], naming, chains)
            } else {
                copies[index] = groups.map { rendered(files[index], $0.naming, $0.chains) }
            }
        }
        guard !copies.isEmpty else { return files }
        return files.indices.flatMap { copies[$0] ?? [files[$0]] }
    }

    /// A manifest's renderings by the naming they give it, in rendering order; those whose
    /// naming is not `kept` go under the names written.
    private static func group(_ chains: [Chain], kept: Set<Naming>) -> [(naming: Naming, chains: [Chain])] {
        var groups: [(naming: Naming, chains: [Chain])] = []
        var positions: [Naming: Int] = [:]
        for chain in chains {
            let own = Naming(chain)
            var naming = kept.contains(own) ? own : Naming([])
            if naming != own { naming.addLabels(of: own) }
            if let index = positions[naming] {
                groups[index].chains.append(chain)
                groups[index].naming.addLabels(of: naming)
            } else {
                positions[naming] = groups.count
                groups.append((naming, [chain]))
            }
        }
        return groups
    }

    /// An object a renaming renames, by kind and name as written.
    struct RenamedObject: Hashable {
        let kind: String
        let name: String
        let naming: Naming
    }

    /// Gives a manifest's objects a naming's namespace and names, and the references to
    /// objects it renames their new names (the ones Kustomize follows). Gateway API references
    /// are not among those Kustomize follows: a route's parents and backends keep their names,
    /// and their namespace when one is written (one equal to the route's is taken as
    /// unwritten and follows the route).
    static func rename(_ file: inout FileFacts, _ naming: Naming, renamed: Set<RenamedObject>) {
        func reference(_ kind: String, _ name: String) -> String {
            naming.renames && renamed.contains(RenamedObject(kind: kind, name: name, naming: naming)) ? naming.name(name) : name
        }
        func references(_ kind: String, _ list: [NamedReference]) -> [NamedReference] {
            list.map { NamedReference(name: $0.name.isEmpty ? $0.name : reference(kind, $0.name), line: $0.line) }
        }
        for index in file.workloads.indices {
            file.workloads[index].configMaps = references("ConfigMap", file.workloads[index].configMaps)
            file.workloads[index].claims = references("PersistentVolumeClaim", file.workloads[index].claims)
            file.workloads[index].claimTemplateClasses = references("StorageClass", file.workloads[index].claimTemplateClasses)
        }
        for index in file.ingresses.indices { file.ingresses[index].backends = references("Service", file.ingresses[index].backends) }
        for index in file.claims.indices { file.claims[index].storageClass = file.claims[index].storageClass.map { reference("StorageClass", $0) } }
        for index in file.routes.indices {
            let written = file.routes[index].namespace, placed = naming.namespace ?? written
            for parent in file.routes[index].parents.indices where file.routes[index].parents[parent].namespace == written {
                file.routes[index].parents[parent].namespace = placed
            }
            for backend in file.routes[index].backends.indices where file.routes[index].backends[backend].namespace == written {
                file.routes[index].backends[backend].namespace = placed
            }
        }
        // Kustomize creates a Service's selector for the labels when it has none (but an
        // ExternalName Service selects nothing either way).
        if !naming.selectorLabels.isEmpty || !naming.templateLabels.isEmpty {
            for index in file.workloads.indices {
                file.workloads[index].podLabels.merge(naming.selectorLabels.merging(naming.templateLabels) { selector, _ in selector }) { _, added in added }
            }
            for index in file.services.indices where file.services[index].type != "ExternalName" {
                file.services[index].selector.merge(naming.selectorLabels) { _, added in added }
            }
        }
        naming.place(&file.workloads)
        naming.place(&file.services)
        naming.place(&file.ingresses)
        naming.place(&file.configMaps)
        naming.place(&file.claims)
        naming.place(&file.gateways)
        naming.place(&file.routes)
        naming.place(&file.helmReleases)
        // Kustomize sets a release's own namespace, where a source reference naming none points.
        if let namespace = naming.namespace {
            for index in file.helmReleases.indices where file.helmReleases[index].sourceNamespace != nil {
                file.helmReleases[index].sourceNamespace = namespace
            }
        }
        naming.place(&file.chartSources)
        // StorageClasses have no namespace.
        for index in file.storageClasses.indices { file.storageClasses[index].name = naming.name(file.storageClasses[index].name) }
    }

    /// The images a container reference becomes, one per distinct rendering.
    static func images(for mention: ImageMention, through chains: [Chain]) -> [ImageMention] {
        var result: [ImageMention] = []
        for chain in chains {
            var reference = mention.reference
            var setBy = mention.setBy
            // Each entry is a transformer of its own, applied in order to what the entries before
            // it made: `a → b` then `b → c` runs c.
            for step in chain {
                var position = -1
                while let next = step.positions[ImageOverride.split(reference).name]?.first(where: { $0 > position }) {
                    position = next
                    let override = step.images[next]
                    guard let changed = override.apply(to: reference) else { continue }
                    if override.newName != nil, ImageOverride.split(changed).name != ImageOverride.split(reference).name {
                        setBy = PathReference(path: step.path, line: override.line)
                    }
                    reference = changed
                }
            }
            let image = ImageMention(reference: reference, line: mention.line, setBy: setBy, container: mention.container)
            if !result.contains(image) { result.append(image) }
        }
        return result
    }

    /// What the kustomization in `folder` renders: each manifest with the steps applied to it.
    /// Its resources first, then its components (whose images also apply to everything
    /// rendered before them), then its own images over all of it, as Kustomize orders them.
    private mutating func render(_ folder: String, stack: inout [String]) -> [(path: String, chain: Chain)] {
        if let known = rendered[folder] { return known }
        guard let (path, fact) = kustomizations[folder] else { return [] }
        guard stack.count < Self.depthLimit else {
            tooDeep = true
            diagnostics.append(Diagnostic(
                .warning, "kustomizations are nested more than \(Self.depthLimit) deep", detail: "the deeper ones are not followed", path: path, line: fact.line))
            return []
        }
        stack.append(folder)
        defer { stack.removeLast() }
        var output: [(path: String, chain: Chain)] = []
        if fact.rendersUnread { incomplete.insert(path) }
        // Each target once (Kustomize refuses one listed twice), and no more than the limit
        // gathered before it is checked: a list repeating one folder would multiply the work.
        var targets: Set<String> = []
        for reference in fact.resources {
            guard renderings + output.count <= Self.renderingLimit else { break }
            guard let target = inRepository(reference, from: folder, listedIn: path), targets.insert(target).inserted,
                  !closesCycle(target, stack: stack, path: path, reference: reference) else { continue }
            if let inner = kustomizations[target] {
                output += render(target, stack: &stack)
                if incomplete.contains(inner.path) { incomplete.insert(path) }
            } else if paths.contains(target) {
                output.append((target, []))
            } else {
                incomplete.insert(path)
                warnOfMissing(target, listedIn: path, reference: reference)
            }
        }
        for reference in fact.components {
            guard renderings + output.count <= Self.renderingLimit else { break }
            guard let target = inRepository(reference, from: folder, listedIn: path), targets.insert(target).inserted, let component = kustomizations[target],
                  !closesCycle(target, stack: stack, path: path, reference: reference) else { continue }
            let before = output.count
            output += render(target, stack: &stack)
            if incomplete.contains(component.path) { incomplete.insert(path) }
            let step = Step(path: component.path, fact: component.fact)
            if !step.isEmpty {
                for index in 0..<before { output[index].chain.append(step) }
            }
        }
        // Kustomize runs a kustomization's generators after its resources and components,
        // then its own transformers over all of it.
        if !fact.generatedConfigMaps.isEmpty, renderings + output.count < Self.renderingLimit { output.append((path, [])) }
        let own = Step(path: path, fact: fact)
        if !own.isEmpty {
            for index in output.indices { output[index].chain.append(own) }
        }
        // A manifest reached along two paths with the same steps is one rendering: kept once,
        // so kustomizations shaped like a lattice do not multiply them level after level.
        var seen: Set<Rendering> = []
        output = output.filter { seen.insert(Rendering(path: $0.path, chain: $0.chain)).inserted }
        renderings += output.count
        if renderings > Self.renderingLimit || output.count > Self.renderingLimit {
            if !warnedOfLimit {
                warnedOfLimit = true
                diagnostics.append(Diagnostic(
                    .warning, "kustomizations render more than \(Self.renderingLimit) manifests in all",
                    detail: "the images, namespaces and names the kustomizations past that give are not applied", path: path, line: fact.line))
            }
            output = []
        }
        rendered[folder] = output
        return output
    }

    /// The repository path an entry of the kustomization at `path` names; nil, with a warning
    /// at the entry, when it is absolute or leaves the repository, which nothing may read.
    private mutating func inRepository(_ reference: PathReference, from folder: String, listedIn path: String) -> String? {
        if let target = Self.resolve(reference.path, from: folder) { return target }
        incomplete.insert(path)
        diagnostics.append(Diagnostic(
            .warning, "kustomization \(path) lists \(reference.path), \(Self.outsideReason(reference.path)); it is not read",
            detail: "Faultline reads only the repository's files, by paths relative to the kustomization; what it renders is not part of the topology",
            path: path, line: reference.line))
        return nil
    }

    /// Why a path that `resolve` refuses is no repository path.
    static func outsideReason(_ path: String) -> String {
        path.hasPrefix("/") ? "an absolute path" : "which is outside the repository"
    }

    /// Whether rendering `target` from the kustomization at `path` would render a
    /// kustomization inside itself, which Kustomize refuses: a warning at the entry, which is
    /// then not followed. Naming its own folder or file is the shortest such cycle.
    private mutating func closesCycle(_ target: String, stack: [String], path: String, reference: PathReference) -> Bool {
        if target == path || target == Self.folder(of: path) {
            diagnostics.append(Diagnostic(
                .warning, "kustomization \(path) lists \(reference.path), the kustomization itself; it is not followed",
                detail: "Kustomize refuses such a cycle", path: path, line: reference.line))
            return true
        }
        guard stack.contains(target) else { return false }
        diagnostics.append(Diagnostic(
            .warning, "kustomization \(path) renders \(reference.path), which renders it", detail: "Kustomize refuses such a cycle; Faultline does not follow it",
            path: path, line: reference.line))
        return true
    }

    /// A warning at a `resources:` entry naming neither a file of the commit nor a folder
    /// holding a kustomization: `kustomize build` fails there.
    private mutating func warnOfMissing(_ target: String, listedIn path: String, reference: PathReference) {
        if folders == nil {
            var all: Set<String> = []
            for file in paths {
                var folder = Self.folder(of: file)
                while !folder.isEmpty, all.insert(folder).inserted { folder = Self.folder(of: folder) }
            }
            folders = all
        }
        let isFolder = folders?.contains(target) == true
        // A file no reader takes (a `.json` manifest) is not among the commit's paths; a name
        // without an extension is a folder, which Kustomize needs to exist.
        let name = target.utf8.lastIndex(of: 0x2F).map { target[target.utf8.index(after: $0)...] } ?? Substring(target)
        guard isFolder || target.hasSuffix(".yaml") || target.hasSuffix(".yml") || !name.contains(".") else { return }
        // A list of thousands of missing entries says so once past the first few.
        missing += 1
        guard missing <= Self.missingWarningLimit else { return }
        diagnostics.append(Diagnostic(
            .warning,
            isFolder ? "kustomization \(path) lists \(reference.path), a folder with no kustomization file"
                : "kustomization \(path) lists \(reference.path), which this commit does not have (or .faultline.yaml ignores)",
            detail: "kustomize build fails here; the entry is not followed", path: path, line: reference.line))
    }

    /// The folder of a repository path (`""` for the top).
    static func folder(of path: String) -> String {
        path.utf8.lastIndex(of: 0x2F).map { String(path[..<$0]) } ?? ""
    }

    /// A path written in the kustomization in `folder`, as a repository path; nil when it
    /// leaves the repository or is absolute.
    static func resolve(_ path: String, from folder: String) -> String? {
        RepositoryPath.resolve(path, from: folder)
    }
}

