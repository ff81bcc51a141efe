import HCL
import Foundation
import Model

/// The state of one linking run: components by id, what each file offers, and diagnostics.
struct TopologyBuilder {
    let linker: Linker
    let files: [FileFacts]
    let commit: String?
    /// Components under construction: what each pass adds is appended here, and each is built
    /// (deduplicated and sorted) once, in `finish`, rather than rebuilt on every addition.
    private var drafts: [String: Draft] = [:]
    var diagnostics: [Diagnostic] = []
    /// How many more endpoints Terraform's values may name in this link (see `terraformTargets`).
    var terraformEndpointsLeft = TopologyBuilder.terraformEndpointLimit
    /// Whether some were left out (and the warning given).
    var terraformEndpointsCut = false
    /// The merged `.faultline.yaml`, if any.
    let config: RepoConfigFact?
    let configPath: String
    var clusters: [ClusterFact] = []
    /// The repository's only cluster, declared in Terraform in a region Faultline cannot work
    /// out (`provider "aws" {}`, its region set where it is applied), when no cluster claims
    /// the manifests otherwise: they run there, in that provider's unknown region.
    var regionlessCluster: (id: String, provider: String, sites: [Site])?
    /// Component id of each file whose endpoints or includes make it worth a component.
    var fileComponents: [String: String] = [:]
    /// Image component id → the registry component it is pulled from.
    var imageComponents: [String: ImageReference] = [:]
    /// Image component id → the Dockerfiles of the repository it is built from, whose
    /// `runtime` its containers get.
    var imageDockerfiles: [String: [String]] = [:]
    /// Each ConfigMap's keys, as `namespace/name`: the variables an `envFrom` of it sets.
    /// Worked out on every call.
    var configMapKeys: [String: [String]] {
        var keys: [String: [String]] = [:]
        for file in files {
            for configMap in file.configMaps { keys["\(configMap.namespace)/\(configMap.name)", default: []] += configMap.keys }
        }
        return keys
    }
    /// Files by path, for the passes that look one up.
    let filesByPath: [String: FileFacts]
    /// Images built from this repository under a bare name (Skaffold artifacts, Compose
    /// builds), by that name: every build of it in the Compose files hosts run, or else the
    /// first file's.
    let localImages: [String: [(path: String, build: ImageBuild)]]
    /// The names of the folders holding a Dockerfile (`store-admin` for `src/store-admin/Dockerfile`).
    let dockerfileFolders: Set<String>
    /// Terraform's bucket names (and `ecr:`, `acr:`, `azure-storage:` names) → their component
    /// ids, for joining URLs and images.
    var terraformBuckets: [String: String] = [:]
    /// Boot scripts' words by their text, worked out once a link: a thousand instances of one
    /// launch template share one script.
    var bootScriptWords: [String: HCL.Value] = [:]
    /// Whether Terraform declares a container registry (an ECR repository, an ACR) that images
    /// may name: only then is every image's registry classified to look for it.
    var declaresRegistries = false
    /// The images each pipeline's jobs run in, as delivery requirements, by pipeline file and
    /// CI system: what that file builds needs them to ship.
    var jobImages: [String: [Requirement]] = [:]
    /// Every Kubernetes Service the commit declares, as `namespace/name`, for the in-cluster
    /// addresses workloads and ConfigMaps name (`http://api:8080`, `api.shop.svc:80`).
    let serviceNames: Set<String>
    /// In-cluster addresses and Ingress backends, as found.
    var addresses: [AddressUse] = []
    /// The services of each distinct Compose project hosts run (see `mergeComposeProjects`).
    var composeMerges: [ComposeProject: ComposeMerge] = [:]
    /// The hosts whose projects are past their share of what hosts may add (see `mergeComposeProjects`).
    var composeLeftOut: Set<String> = []
    /// What this link has read of Compose files' texts (see `ComposeReading`).
    let composeReading = ComposeReading()
    /// The Helm releases the values files stand for (see `linkHelmReleases`).
    let helmReleases: [ChartRelease]

    init(linker: Linker, files: [FileFacts], commit: String?) {
        self.linker = linker
        self.files = files
        self.commit = commit
        let configFile = files.first { $0.config != nil }
        config = configFile?.config
        configPath = configFile?.path ?? ".faultline.yaml"
        diagnostics = files.flatMap(\.diagnostics)
        // A few components per file is the usual yield; growing the table step by step costs more.
        drafts.reserveCapacity(files.count * 8)
        filesByPath = Dictionary(files.map { ($0.path, $0) }, uniquingKeysWith: { first, _ in first })
        // Compose files a host runs, and the files they include: their builds of a name come
        // before any other file's, so that a file no machine runs (a `docker-compose.dev.yml`
        // building the same name from another Dockerfile) cannot stand in for them.
        var hosted: Set<String> = []
        let byPath = filesByPath
        var pending = (config?.hosts ?? []).flatMap { ComposeFiles.files(of: $0) { byPath[$0]?.compose != nil } }
        while let path = pending.popLast() {
            guard hosted.insert(path).inserted, let compose = byPath[path]?.compose else { continue }
            pending += compose.includes.compactMap { ComposeFiles.path($0.path, from: KustomizeRenderings.folder(of: path)) }
        }
        var local: [String: [(path: String, build: ImageBuild)]] = [:]
        for pass in [true, false] {
            for file in files where hosted.contains(file.path) == pass {
                // An artifact named with a registry host is a real reference, not a placeholder.
                // A Compose service building an image it names like an official one (`image: nginx`
                // with `build: ./nginx`) does not make every other `nginx` in the repository its build.
                for build in file.localImages where !Self.hasRegistryHost(build.image)
                    && (file.compose == nil || !linker.officialImages.contains(build.image))
                {
                    // One build of a name, or every build of it in the files the hosts run
                    // (two machines' projects may name their images alike): all are its builds.
                    if let known = local[build.image], !(pass && hosted.contains(known[0].path)) { continue }
                    local[build.image, default: []].append((file.path, build))
                }
            }
        }
        localImages = local
        dockerfileFolders = Set(files.compactMap { file -> String? in
            guard file.dockerfile != nil else { return nil }
            let folders = file.path.split(separator: "/").dropLast()
            return folders.last.map(String.init)
        })
        serviceNames = Set(files.flatMap { $0.services.map { "\($0.namespace)/\($0.name)" } })
        let (releases, cut) = Self.helmReleases(in: files)
        helmReleases = releases
        if let cut { diagnostics.append(cut) }
    }

    func provenance(_ path: String, _ line: Int?) -> Provenance {
        Provenance(path: path, line: line, commit: commit)
    }

    /// Adds a component, merging with earlier declarations of the same id. The parts go straight
    /// into its draft: building a `Component` deduplicates and sorts, which `finish` does once.
    mutating func addParts(
        id: String, kind: Component.Kind, sites: [Site] = [], needed: Int = 1, requirements: [Requirement] = [],
        provenance: [Provenance] = [], isEntrypoint: Bool = false, placedBy: Provenance? = nil
    ) {
        drafts[id, default: Draft(id: id, kind: kind)].absorb(
            kind: kind, sites: sites, needed: needed, requirements: requirements, provenance: provenance, isEntrypoint: isEntrypoint,
            placedBy: placedBy)
    }

    /// Adds a requirement to an existing component; false when there is no such component.
    @discardableResult
    mutating func require(_ id: String, _ requirement: Requirement) -> Bool {
        guard drafts[id] != nil else { return false }
        drafts[id]?.requirements.append(requirement)
        return true
    }

    mutating func markEntrypoint(_ id: String) -> Bool {
        guard drafts[id] != nil else { return false }
        drafts[id]?.isEntrypoint = true
        return true
    }

    func has(_ id: String) -> Bool { drafts[id] != nil }

    /// Ids of the components added so far that start with `prefix`, sorted (`count` and
    /// `for_each` instances of one resource).
    func componentIDs(withPrefix prefix: String) -> [String] {
        drafts.keys.filter { $0.hasPrefix(prefix) }.sorted()
    }

    /// Whether an image reference starts with a registry host (`.` or `:` in its first part, or
    /// `localhost`), as Docker decides.
    static func hasRegistryHost(_ reference: String) -> Bool {
        guard let slash = reference.firstIndex(of: "/") else { return false }
        let first = reference[..<slash]
        return first.utf8.contains(0x2E) || first.utf8.contains(0x3A) || first == "localhost"
    }

    /// The locally built image a reference names (`frontend`, `frontend:dev`), if any: one a
    /// Skaffold config builds, or a bare name that is none of Docker Hub's official images
    /// (`store-admin:latest`), which pulls nothing there and so stands for an image named at
    /// deploy time (`kustomize edit set image`, azd, a CI step).
    func localImage(_ reference: String) -> String? {
        // On the bytes: `@` and `:` are ASCII, and this runs for every image mention of a link.
        let utf8 = reference.utf8
        var end = utf8.firstIndex(of: 0x40) ?? utf8.endIndex
        if let colon = utf8[..<end].lastIndex(of: 0x3A), !utf8[colon..<end].contains(0x2F) { end = colon }
        let name = String(reference[..<end])
        if !localImages.isEmpty, localImages[name] != nil { return name }
        return isPlaceholder(name) ? name : nil
    }

    /// Whether a bare image name stands for an image built here (see `localImage`): none of
    /// Docker Hub's official images, and the name of a folder holding a Dockerfile. Without
    /// such a folder it stays Docker Hub's: an official image newer than the catalog's list
    /// must not lose its dependency.
    func isPlaceholder(_ name: String) -> Bool {
        dockerfileFolders.contains(name) && !linker.officialImages.isEmpty && ImageReference.isBareName(name)
            && !linker.officialImages.contains(name)
    }

    /// The component id of the image a reference names: a locally built one, or a registry's.
    func imageID(_ reference: String) -> String? {
        if let local = localImage(reference) { return "image:local/\(local)" }
        return imageReference(reference).map { "image:\($0.name)" }
    }

    /// The image reference a text names, parsed once per distinct text.
    func imageReference(_ text: String) -> ImageReference? {
        linker.imageReference(text)
    }

    mutating func warn(_ summary: String, detail: String = "", path: String, line: Int?) {
        diagnostics.append(Diagnostic(.warning, summary, detail: detail, path: path, line: line))
    }

    mutating func note(_ summary: String, detail: String = "", path: String, line: Int?) {
        diagnostics.append(Diagnostic(.note, summary, detail: detail, path: path, line: line))
    }

    func finish() -> LinkedTopology {
        // A module called from ten examples states its note about a remote module ten times,
        // at the same line, in the same words: once says it.
        var said: Set<Diagnostic> = []
        let diagnostics = diagnostics.filter { said.insert($0).inserted }
        // The table was sized for eight components a file; a repository of Terraform modules
        // yields fewer than one, and the tables built from it (kept by the topology, the last
        // link and an audit's links ahead) would keep that size: 60 MB of empty buckets in a
        // 3,000-file audit. Far too large, it is built again at its size.
        let drafts = self.drafts.count * 4 < self.drafts.capacity
            ? Dictionary(uniqueKeysWithValues: self.drafts.lazy.map { ($0.key, $0.value) }) : self.drafts
        // Each draft is its own id's: the table keeps its layout and is not hashed again.
        guard commit == nil else {
            // A commit id is in every provenance, so no two commits' components agree: nothing
            // is kept for the next link.
            return LinkedTopology(
                topology: Topology(keyedComponents: drafts.mapValues(\.component), diagnostics: diagnostics), config: config,
                addresses: addresses)
        }
        // A draft equal to the last link's for its id gives that link's component back (see
        // `Linker.lastBuilt`).
        let last = linker.lastBuilt.value
        var known = 0
        var resited = false
        let built = drafts.mapValues { draft in
            guard let previous = last.components[draft.id] else {
                return BuiltComponent(draft: draft, component: draft.component)
            }
            known += 1
            if previous.draft == draft { return previous }
            let component = draft.component
            if component.sites != previous.component.sites { resited = true }
            return BuiltComponent(draft: draft, component: component)
        }
        // The same ids as the last link's: its order stands, and so do its domains unless a
        // component's sites changed.
        let sameIDs = known == built.count && known == last.components.count
        let topology = Topology(
            keyedComponents: built.mapValues(\.component), diagnostics: diagnostics, sortedIDs: sameIDs ? last.ids : nil,
            domains: sameIDs && !resited ? last.domains : nil)
        linker.lastBuilt.value = LastBuilt.Link(components: built, ids: topology.ids, domains: topology.domains)
        return LinkedTopology(topology: topology, config: config, addresses: addresses)
    }
}

/// A component and the draft it was built from.
struct BuiltComponent: Sendable {
    let draft: Draft
    let component: Component
}

/// What the last link without a commit id built (see `Linker.lastBuilt`).
final class LastBuilt: @unchecked Sendable {
    struct Link {
        var components: [String: BuiltComponent] = [:]
        var ids: [String] = []
        var domains: [FailureDomain] = []
    }

    private let lock = NSLock()
    private var link = Link()

    var value: Link {
        get { lock.withLock { link } }
        set { lock.withLock { link = newValue } }
    }
}

/// A component's declarations gathered so far.
struct Draft: Equatable, Sendable {
    /// Compared on the arrays' storage, element by element: equal drafts are the common case
    /// (`TopologyBuilder.finish`), where this took less time than Array's `==`.
    static func == (lhs: Draft, rhs: Draft) -> Bool {
        lhs.kind == rhs.kind && lhs.needed == rhs.needed && lhs.isEntrypoint == rhs.isEntrypoint && lhs.id == rhs.id
            && lhs.placedBy == rhs.placedBy
            && sameElements(lhs.provenance, rhs.provenance) && sameElements(lhs.sites, rhs.sites)
            && sameElements(lhs.requirements, rhs.requirements)
    }

    private static func sameElements<Element: Equatable>(_ a: [Element], _ b: [Element]) -> Bool {
        let count = a.count
        guard count == b.count else { return false }
        return a.withUnsafeBufferPointer { a in
            b.withUnsafeBufferPointer { b in
                guard let a = a.baseAddress, let b = b.baseAddress else { return true }
                for offset in 0..<count where (a + offset).pointee != (b + offset).pointee { return false }
                return true
            }
        }
    }

    let id: String
    var kind: Component.Kind
    var sites: [Site] = []
    var needed = 1
    var requirements: [Requirement] = []
    var provenance: [Provenance] = []
    var isEntrypoint = false
    var placedBy: Provenance?

    mutating func absorb(
        kind other: Component.Kind, sites: [Site], needed: Int, requirements: [Requirement], provenance: [Provenance], isEntrypoint: Bool,
        placedBy: Provenance? = nil
    ) {
        if kind == .other { kind = other }
        self.sites += sites
        self.needed = max(self.needed, needed)
        self.requirements += requirements
        self.provenance += provenance
        self.isEntrypoint = self.isEntrypoint || isEntrypoint
        self.placedBy = Component.first(self.placedBy, placedBy)
    }

    /// The component these declarations make.
    var component: Component {
        Component(
            id: id, kind: kind, sites: sites, needed: needed, requirements: requirements, provenance: provenance,
            isEntrypoint: isEntrypoint, placedBy: placedBy)
    }
}
