import Model

/// The images Kustomize deploys: each manifest a kustomization renders runs its containers'
/// images as that kustomization's `images:` entries (and those of the kustomizations and
/// components it is rendered through) set them.
///
/// A manifest is one set of components whichever overlay renders it, so a workload rendered
/// by several top-level kustomizations (a `dev` and a `prod` overlay) needs the images of
/// every one of them. A manifest no kustomization renders runs its images as written. Nothing
/// else of a kustomization is applied (the reader notes what is not).
struct KustomizeImages: Sendable {
    /// What the renderings depend on: the kustomizations and the paths of the commit's files.
    /// Consecutive commits of an audit almost always have the same, so a run works the
    /// renderings out once for them (see ``Linker/kustomizeImages(_:)``).
    struct Inputs: Hashable, Sendable {
        let kustomizations: Kustomizations
        let paths: [String]

        /// Nil when no kustomization sets an image: then there is nothing to apply.
        init?(_ kustomizations: Kustomizations, files: [FileFacts]) {
            guard kustomizations.items.contains(where: { !$0.fact.images.isEmpty }) else { return nil }
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
                let folder = KustomizeImages.folder(of: item.path)
                for reference in item.fact.resources {
                    if let target = KustomizeImages.resolve(reference.path, from: folder) { resources.insert(target) }
                }
                for reference in item.fact.patches {
                    guard let target = KustomizeImages.resolve(reference.path, from: folder), patches[target] == nil else { continue }
                    patches[target] = PathReference(path: item.path, line: reference.line)
                }
            }
            return patches.filter { !resources.contains($0.key) }
        }
    }

    /// The files with what a patch file declares taken out, and a note at each: a strategic-
    /// merge patch is shaped like the object it changes (a Service given `type: LoadBalancer`
    /// for one overlay), and read as a manifest it would change that object everywhere.
    static func strippingPatches(_ patches: [String: PathReference], from files: [FileFacts]) -> [FileFacts] {
        files.map { file in
            guard let patch = patches[file.path] else { return file }
            var stripped = FileFacts(path: file.path)
            stripped.diagnostics = file.diagnostics + [Diagnostic(
                .note, "Kustomize patch (named at \(patch.path):\(patch.line)), so its objects are not read",
                detail: "patches are not applied; commit the output of kustomize build if what they change matters", path: file.path, line: 1)]
            stripped.suppressions = file.suppressions
            return stripped
        }
    }

    /// One kustomization's `images:`, applied to what it renders.
    struct Step: Hashable, Sendable {
        /// The kustomization file's repository path.
        let path: String
        let images: [ImageOverride]
        /// The positions in `images` of the entries for each name: an image looks only at
        /// those naming it, however many entries a kustomization has.
        let positions: [String: [Int]]

        init(path: String, images: [ImageOverride]) {
            self.path = path
            self.images = images
            positions = Dictionary(grouping: images.indices) { images[$0].name }
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

    private(set) var diagnostics: [Diagnostic] = []
    /// The distinct renderings of each manifest some kustomization renders, by path.
    private(set) var chains: [String: [Chain]] = [:]

    private let kustomizations: [String: (path: String, fact: KustomizationFact)]
    private let paths: Set<String>
    private var rendered: [String: [(path: String, chain: Chain)]] = [:]
    private var renderings = 0
    private var warnedOfLimit = false

    /// Works out the renderings.
    init(_ inputs: Inputs) {
        var kustomizations: [String: (path: String, fact: KustomizationFact)] = [:]
        for kustomization in inputs.kustomizations.items {
            kustomizations[Self.folder(of: kustomization.path)] = (kustomization.path, kustomization.fact)
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
            }
        }
    }

    /// The files with each rendered workload's images as Kustomize sets them.
    func apply(to files: [FileFacts]) -> [FileFacts] {
        guard chains.values.contains(where: { $0.contains { !$0.isEmpty } }) else { return files }
        return files.map { file in
            guard let fileChains = chains[file.path], !file.workloads.isEmpty else { return file }
            var file = file
            for index in file.workloads.indices {
                file.workloads[index].images = file.workloads[index].images.flatMap { Self.images(for: $0, through: fileChains) }
            }
            return file
        }
    }

    /// The images a container reference becomes, one per distinct rendering.
    static func images(for mention: ImageMention, through chains: [Chain]) -> [ImageMention] {
        var result: [ImageMention] = []
        for chain in chains {
            var reference = mention.reference
            var setBy: PathReference?
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
            let image = ImageMention(reference: reference, line: mention.line, setBy: setBy)
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
            diagnostics.append(Diagnostic(
                .warning, "kustomizations are nested more than \(Self.depthLimit) deep", detail: "the deeper ones are not followed", path: path, line: fact.line))
            return []
        }
        stack.append(folder)
        defer { stack.removeLast() }
        var output: [(path: String, chain: Chain)] = []
        // Each target once (Kustomize refuses one listed twice), and no more than the limit
        // gathered before it is checked: a list repeating one folder would multiply the work.
        var targets: Set<String> = []
        for reference in fact.resources {
            guard renderings + output.count <= Self.renderingLimit else { break }
            guard let target = Self.resolve(reference.path, from: folder), targets.insert(target).inserted,
                  !closesCycle(target, stack: stack, path: path, reference: reference) else { continue }
            if kustomizations[target] != nil {
                output += render(target, stack: &stack)
            } else if paths.contains(target) {
                output.append((target, []))
            }
        }
        for reference in fact.components {
            guard renderings + output.count <= Self.renderingLimit else { break }
            guard let target = Self.resolve(reference.path, from: folder), targets.insert(target).inserted, let component = kustomizations[target],
                  !closesCycle(target, stack: stack, path: path, reference: reference) else { continue }
            let before = output.count
            output += render(target, stack: &stack)
            if !component.fact.images.isEmpty {
                for index in 0..<before { output[index].chain.append(Step(path: component.path, images: component.fact.images)) }
            }
        }
        if !fact.images.isEmpty {
            for index in output.indices { output[index].chain.append(Step(path: path, images: fact.images)) }
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
                    detail: "the images of the kustomizations past that are not applied", path: path, line: fact.line))
            }
            output = []
        }
        rendered[folder] = output
        return output
    }

    /// Whether rendering `target` from the kustomization at `path` would render a
    /// kustomization inside itself, which Kustomize refuses: a warning at the entry, which is
    /// then not followed.
    private mutating func closesCycle(_ target: String, stack: [String], path: String, reference: PathReference) -> Bool {
        guard stack.contains(target) else { return false }
        diagnostics.append(Diagnostic(
            .warning, "kustomization \(path) renders \(reference.path), which renders it", detail: "Kustomize refuses such a cycle; Faultline does not follow it",
            path: path, line: reference.line))
        return true
    }

    /// The folder of a repository path (`""` for the top).
    static func folder(of path: String) -> String {
        path.utf8.lastIndex(of: 0x2F).map { String(path[..<$0]) } ?? ""
    }

    /// A path written in the kustomization in `folder`, as a repository path; nil when it
    /// leaves the repository or is absolute.
    static func resolve(_ path: String, from folder: String) -> String? {
        guard !path.hasPrefix("/") else { return nil }
        var parts = folder.isEmpty ? [] : folder.split(separator: "/")
        for part in path.split(separator: "/") where part != "." {
            if part == ".." {
                guard !parts.isEmpty else { return nil }
                parts.removeLast()
            } else {
                parts.append(part)
            }
        }
        return parts.joined(separator: "/")
    }
}
