import Foundation
import Model

/// Joins the facts of every file of one commit into a topology (docs/design.md §1–§2).
///
/// The passes run in one order, each adding components and requirements:
/// 0. Kustomize: the manifests kustomizations render take the namespace, names and images they give;
/// 1. clusters, so workloads know where they run;
/// 1a. Terraform modules, after the declared clusters (a lone Terraform cluster hosts the
///    manifests only when `.faultline.yaml` declares none) and before endpoints, so a URL
///    naming a Terraform bucket joins it instead of becoming an external endpoint;
/// 2. endpoints of shipped files and ConfigMaps, so workloads and images can require them;
/// 3. images and the pipelines and Dockerfiles that build them;
/// 4. workloads and Helm releases, then Services and Ingresses, which select workloads;
/// 5. the repository's own declarations (entrypoints, owners, dependencies) last, so they can
///    name anything the passes above made.
/// What cannot be linked stays visible as a diagnostic saying how to map it.
public struct Linker: Sendable {
    public let catalog: Catalog
    let classifier: EndpointClassifier
    /// Classifications by text, shared by every link of a run: base and head name mostly the
    /// same endpoints.
    let classified = ClassificationCache()
    /// Image references parsed by their text, shared likewise (and by every re-link of an audit).
    let images = SharedCache<String, ImageReference?>()
    /// Terraform module evaluations by their input files: a check's base and head, and most
    /// neighbouring commits of an audit, have the same Terraform files.
    let evaluations = SharedCache<TerraformInputs, TerraformEvaluation>(limit: 8)
    /// Module instances evaluated by the links of the run, by what they read: commits whose
    /// Terraform differs share the instances their differences do not reach. Two generations
    /// of 128, raised for repositories whose evaluations ask for more (see `TerraformCallCache`).
    let terraformCalls = TerraformCallCache(limit: 128, keepsLastGeneration: true)

    /// The components of the last link and the drafts they were built from. A draft equal to
    /// the last one for its id gives back the same component, whose storage is then shared:
    /// consecutive links of an audit rebuild, compare and free only what changed (building
    /// components and freeing the topology replaced were about a third of the audit's linking
    /// thread). Only a speed-up: any draft builds the same component either way.
    let lastBuilt = LastBuilt()

    /// Docker Hub's official images (`library/NAME`), the only bare image names it serves;
    /// empty when the catalog does not list them (every bare name is then Docker Hub's).
    let officialImages: Set<String>

    public init(catalog: Catalog = .builtin) {
        self.catalog = catalog
        self.classifier = EndpointClassifier(catalog: catalog)
        self.officialImages = Set(catalog.saas("dockerhub")?.officialImages ?? [])
    }

    /// Compose files read only because a service extends them, parsed once per text in a run.
    let composeTexts = SharedCache<String, ComposeFact?>(limit: 64)

    /// Env files by their text, read once in a run.
    let composeEnvFiles = SharedCache<String, ComposeInterpolation.EnvFile>(limit: 64)

    /// Renderings of kustomizations by what they depend on, worked out once for the commits
    /// of a run that share them.
    let kustomizeRenderings = SharedCache<KustomizeRenderings.Inputs, KustomizeRenderings>(limit: 16)

    /// The files kustomizations name only as patches, by the kustomizations.
    let kustomizePatches = SharedCache<KustomizeRenderings.Kustomizations, [String: PathReference]>(limit: 16)

    /// Kustomizations' patches indexed by the objects they name (see ``KustomizeRenderings/PatchIndex``).
    let kustomizePatchIndexes = KustomizeRenderings.PatchIndexCache(limit: 256)

    /// The files of the strategic-merge patches kustomizations apply, by the kustomizations.
    let kustomizePatchPaths = SharedCache<KustomizeRenderings.Kustomizations, Set<String>>(limit: 16)

    /// The image a reference names, parsed once per distinct text; nil when it is not literal.
    /// A variable only in the tag or digest (`golang:$GO_VERSION`, `node:${{ matrix.node }}`,
    /// `ghcr.io/acme/api:${TAG}`) leaves the name known, which is all that places an image: the
    /// reference is then the name alone.
    func imageReference(_ text: String) -> ImageReference? {
        images.value(for: text) {
            guard text.utf8.contains(0x24) else { return ImageReference(parsing: text) }
            let probe = "faultline-unset"
            guard var marked = Self.markingVariables(in: text, with: probe) else { return nil }
            // A digest is checked for its form: one with a variable is left off.
            if let at = marked.firstIndex(of: "@"), marked[at...].contains(probe) { marked = String(marked[..<at]) }
            guard let reference = ImageReference(parsing: marked), !reference.name.contains(probe) else { return nil }
            return ImageReference(parsing: reference.name)
        }
    }

    /// The text with each variable — `${NAME…}`, `$NAME`, `${{ expression }}` — replaced by
    /// `probe`; nil when a `$` opens something else.
    static func markingVariables(in text: String, with probe: String) -> String? {
        var result = ""
        var rest = Substring(text)
        while let dollar = rest.firstIndex(of: "$") {
            result += rest[..<dollar]
            let after = rest[rest.index(after: dollar)...]
            if after.hasPrefix("{{") {
                guard let close = after.range(of: "}}") else { return nil }
                rest = after[close.upperBound...]
            } else if after.hasPrefix("{") {
                guard let close = after.firstIndex(of: "}") else { return nil }
                rest = after[after.index(after: close)...]
            } else if let first = after.first, first == "_" || first.isLetter {
                rest = after.drop { $0 == "_" || $0.isLetter || $0.isNumber }
            } else {
                return nil
            }
            result += probe
        }
        return result + rest
    }

    /// Candidates in a mention's text with the classifier's answer for each, computed once per
    /// distinct text in a run: base and head, and every commit of an audit, repeat most texts.
    let mentionCandidates = SharedCache<String, [(candidate: String, endpoint: Endpoint?)]>()

    /// The in-cluster addresses of a mention, found once per distinct text.
    let mentionClusterAddresses = SharedCache<String, [(name: String, namespace: String?)]>()

    func clusterAddresses(in text: String) -> [(name: String, namespace: String?)] {
        mentionClusterAddresses.value(for: text) { TopologyBuilder.clusterAddresses(in: text) }
    }

    /// ``TopologyBuilder/mayNeedAService(_:)`` once per distinct context (and text, for
    /// arguments, whose context says nothing).
    let serviceContexts = SharedCache<String, Bool>()

    func mayNeedAService(_ mention: Mention) -> Bool {
        let key = mention.context == "args" || mention.context == "command" ? mention.context + "\u{0}" + mention.text : mention.context
        return serviceContexts.value(for: key) { TopologyBuilder.mayNeedAService(mention) }
    }

    /// ``TopologyBuilder/isDocumentationLink(_:)`` once per distinct context.
    let documentationContexts = SharedCache<String, Bool>()

    func isDocumentationLink(_ mention: Mention) -> Bool {
        documentationContexts.value(for: mention.context) { TopologyBuilder.isDocumentationLink(mention) }
    }

    func classifiedCandidates(in text: String) -> [(candidate: String, endpoint: Endpoint?)] {
        mentionCandidates.value(for: text) { EndpointExtractor.candidates(in: text).map { ($0, classify($0)) } }
    }

    /// Domains parsed from their ids, once per distinct id: every endpoint of a region names
    /// the same few.
    let parsedDomains = SharedCache<String, FailureDomain?>(limit: 50_000)

    func failureDomain(_ id: String) -> FailureDomain? {
        parsedDomains.value(for: id) { FailureDomain(id: id) }
    }

    /// Registries by the image reference that named them first, classified once per text.
    let classifiedImages = SharedCache<String, Endpoint?>()

    func classifyImage(_ reference: String) -> Endpoint? {
        classifiedImages.value(for: reference) { classifier.classify(image: reference) }
    }

    /// The classifier's answer for a candidate string, computed once per distinct text.
    func classify(_ candidate: String) -> Endpoint? {
        classified.value(for: candidate) { classifier.classify(candidate) }
    }

    /// The topology of one commit, and the correlations the outage suite needs with it.
    /// Istio's `image: auto` is no image: its injector puts the mesh's proxy image there (a
    /// gateway deployment's). Dropped once Kustomize has applied its `images:`, which may have
    /// set it to a real one.
    static func droppingInjectedImages(_ files: inout [FileFacts]) {
        for index in files.indices where files[index].workloads.contains(where: { $0.images.contains { $0.reference == "auto" } }) {
            for workload in files[index].workloads.indices {
                files[index].workloads[workload].images.removeAll { $0.reference == "auto" }
            }
        }
    }

    public func link(_ files: [FileFacts], commit: String?) -> LinkedTopology {
        var files = Self.inPathOrder(files)
        // Kustomize first: patch files are not objects, and every pass sees the objects as
        // Kustomize deploys them (their namespace, names and images).
        var kustomize: KustomizeRenderings?
        var patchFiles: [String: PatchObjects] = [:]
        let kustomizations = KustomizeRenderings.Kustomizations(files)
        if !kustomizations.items.isEmpty {
            let patches = kustomizePatches.value(for: kustomizations) { kustomizations.patchFiles }
            let patchPaths = kustomizePatchPaths.value(for: kustomizations) { KustomizeRenderings.patchPaths(of: kustomizations) }
            for file in files where patchPaths.contains(file.path) { patchFiles[file.path] = PatchObjects(file: file) }
            if !patches.isEmpty { files = KustomizeRenderings.strippingPatches(patches, from: files) }
            let inputs = KustomizeRenderings.Inputs(kustomizations, files: files)
            kustomize = kustomizeRenderings.value(for: inputs) { KustomizeRenderings(inputs) }
        }
        var diagnostics = kustomize?.diagnostics ?? []
        var rendered = kustomize?.apply(to: files, patchFiles: patchFiles, patchIndexes: kustomizePatchIndexes, diagnostics: &diagnostics) ?? files
        Self.droppingInjectedImages(&rendered)
        // Terraform is evaluated first: the Kubernetes objects it declares join the manifests.
        let terraform = TerraformInputs(rendered)
        var evaluation = terraform.files.isEmpty ? nil : terraformEvaluation(terraform)
        // CloudFormation stacks' resources are placed and linked as Terraform's are.
        let stacks = CloudFormationStacks.resources(of: rendered, catalog: catalog)
        if !stacks.resources.isEmpty || !stacks.diagnostics.isEmpty {
            var merged = evaluation ?? TerraformEvaluation()
            merged.resources += stacks.resources
            merged.diagnostics += stacks.diagnostics
            evaluation = merged
        }
        if let evaluation {
            var left = TopologyBuilder.terraformEndpointLimit
            rendered = Self.addingKubernetesObjects(of: evaluation, to: rendered, left: &left)
            rendered = Self.addingHelmReleases(of: evaluation, to: rendered, left: &left)
        }
        var builder = TopologyBuilder(linker: self, files: rendered, commit: commit)
        builder.diagnostics += diagnostics
        builder.linkClusters()
        if let evaluation { builder.linkTerraform(evaluation) }
        builder.linkFiles()
        builder.linkImages()
        builder.linkWorkloads()
        builder.linkCompose()
        builder.linkHelmReleases()
        if let evaluation {
            builder.linkTerraformDelivery(evaluation)
            builder.linkStackDelivery(evaluation)
        }
        builder.linkServices()
        builder.linkConfiguration()
        return builder.finish()
    }

    /// The files with the Kubernetes objects the Terraform files declare (see
    /// `TerraformKubernetes`) read into the facts of the file declaring each.
    ///
    /// The endpoints those objects name are bounded as Terraform's own values' are
    /// (`TopologyBuilder.terraformEndpointLimit`): a thousand `count` instances of one
    /// template of URLs would otherwise be millions of requirements from a small change.
    /// `left` is how many more such endpoints the link may read, shared with the Helm
    /// releases Terraform installs.
    static func addingKubernetesObjects(of evaluation: TerraformEvaluation, to files: [FileFacts], left: inout Int) -> [FileFacts] {
        let objects = evaluation.kubernetes
        guard !objects.isEmpty else { return files }
        var files = files
        for index in files.indices {
            guard let declared = objects[files[index].path] else { continue }
            for object in declared.objects {
                guard left > 0 else {
                    files[index].diagnostics.append(Diagnostic(
                        .warning, "the Kubernetes objects Terraform declares name more than \(TopologyBuilder.terraformEndpointLimit) endpoints; the objects past them are not read",
                        detail: "no configuration names this many; look for a large file or template read into many count or for_each instances",
                        path: files[index].path, line: object.root.line))
                    break
                }
                let before = mentionCount(files[index]), workloads = files[index].workloads.count
                KubernetesObject.read(object.root, into: &files[index])
                // What its spec names of other Terraform resources, its workloads need.
                let references = object.references.map { Mention(text: $0.text, line: object.root.line, context: $0.context) }
                for workload in workloads..<files[index].workloads.count { files[index].workloads[workload].mentions += references }
                left -= mentionCount(files[index]) - before
            }
            files[index].diagnostics += declared.notes
        }
        return files
    }

    /// The files with the Helm releases the Terraform files install (see `TerraformHelm`) in
    /// the facts of the file declaring each, as a Flux `HelmRelease` is in its manifest's.
    /// The images and endpoints their values name share the bound of the Kubernetes objects'
    /// (`left`): a thousand `count` instances of a release reading one large values file would
    /// otherwise be millions of requirements from a small change.
    static func addingHelmReleases(of evaluation: TerraformEvaluation, to files: [FileFacts], left: inout Int) -> [FileFacts] {
        guard !evaluation.helm.isEmpty else { return files }
        var files = files
        for index in files.indices {
            guard let declared = evaluation.helm[files[index].path] else { continue }
            for release in declared.releases {
                guard left > 0 else {
                    files[index].diagnostics.append(Diagnostic(
                        .warning, "the Helm releases Terraform installs name more than \(TopologyBuilder.terraformEndpointLimit) images and endpoints; the releases past them are not read",
                        detail: "no configuration names this many; look for a large values file read into many count or for_each instances",
                        path: files[index].path, line: release.line))
                    break
                }
                files[index].helmReleases.append(release)
                left -= release.values.mentions.count + release.values.images.count
            }
            files[index].diagnostics += declared.notes
        }
        return files
    }

    /// The endpoint mentions of a file's facts: its own, its workloads' and its ConfigMaps'.
    private static func mentionCount(_ facts: FileFacts) -> Int {
        facts.mentions.count + facts.workloads.reduce(0) { $0 + $1.mentions.count } + facts.configMaps.reduce(0) { $0 + $1.mentions.count }
    }

    /// The files sorted by path. Their indices are sorted and each file is then copied once:
    /// a file's facts are large, and sorting them in place moved each one many times over (an
    /// audit's state is a table in no order, sorted at every link).
    static func inPathOrder(_ files: [FileFacts]) -> [FileFacts] {
        if files.indices.dropFirst().allSatisfy({ files[$0 - 1].path < files[$0].path }) { return files }
        let order = files.indices.sorted { files[$0].path < files[$1].path }
        return order.map { files[$0] }
    }

    /// The catalog's SaaS hosting as the engine's correlation value: a SaaS that needs every
    /// one of its sites fails together with every domain they name.
    public var correlations: Model.Catalog {
        var hosting: [String: [FailureDomain]] = [:]
        // A SaaS that survives the loss of some sites is placed through its components' sites
        // instead (see TopologyBuilder.placement(ofSaaS:)).
        for saas in catalog.saas where !saas.sites.isEmpty && saas.needed >= saas.sites.count {
            hosting[saas.id] = saas.hostingDomainIDs.compactMap { FailureDomain(id: $0) }
        }
        return Model.Catalog(saasHosting: hosting)
    }
}

/// A linked commit: the topology and the diagnostics of every file and of linking.
public struct LinkedTopology: Sendable {
    public let topology: Topology
    /// The repository's `.faultline.yaml`, when it has one.
    public let config: RepoConfigFact?
    /// The in-cluster addresses where a workload, ConfigMap or nginx config needs them, and
    /// the Ingress backends: a check warns of those that stop reaching a Service.
    public var addresses: [AddressUse] = []

    /// The same link with another topology (the same components, judged otherwise).
    public func replacing(topology: Topology) -> LinkedTopology {
        LinkedTopology(topology: topology, config: config, addresses: addresses)
    }
}

/// An in-cluster address (`http://api:8080`, `api.shop.svc`) or an Ingress backend, and
/// whether it names a Service of the commit.
public struct AddressUse: Hashable, Sendable {
    /// The Service it names, `namespace/name`.
    public let service: String
    public let path: String
    public let line: Int
    /// Where it was found: `env API_ADDR`, `proxy_pass`, `Ingress shop/web`.
    public let context: String
    public let resolves: Bool

    /// The component id of the Service it names.
    public var serviceID: String { "k8s:Service/\(service)" }
}

/// A lock-protected map shared by the links of one run. It is emptied when it reaches its
/// limit, so an audit over a long history keeps bounded memory; one that keeps its last
/// generation moves its entries aside instead, still found (and brought back) until the next
/// time, so the entries a walk uses at every commit are never all dropped at once.
final class SharedCache<Key: Hashable, Value>: @unchecked Sendable {
    private let lock = NSLock()
    private var entries: [Key: Value] = [:]
    private var previous: [Key: Value] = [:]
    private var limit: Int
    private let keepsLastGeneration: Bool

    init(limit: Int = 200_000, keepsLastGeneration: Bool = false) {
        self.limit = limit
        self.keepsLastGeneration = keepsLastGeneration
    }

    /// How many entries it holds, the last generation's included.
    var count: Int {
        lock.withLock { entries.count + previous.count }
    }

    /// Makes room for at least `count` entries (per generation) from now on.
    func raiseLimit(to count: Int) {
        lock.withLock { limit = max(limit, count) }
    }

    /// The stored value, or nil when nothing is stored for the key.
    func value(for key: Key) -> Value? {
        lock.withLock {
            if let value = entries[key] { return value }
            guard keepsLastGeneration, let value = previous.removeValue(forKey: key) else { return nil }
            insert(value, for: key)
            return value
        }
    }

    /// The stored value, or `compute`'s, stored for the next caller. Two callers may compute
    /// the same value at once; both get an equal one.
    func value(for key: Key, computing compute: () -> Value) -> Value {
        if let known = value(for: key) { return known }
        let computed = compute()
        store(computed, for: key)
        return computed
    }

    func store(_ value: Value, for key: Key) {
        lock.withLock { insert(value, for: key) }
    }

    /// Under the lock.
    private func insert(_ value: Value, for key: Key) {
        if entries.count >= limit, entries[key] == nil {
            if keepsLastGeneration {
                previous = entries
                entries = [:]
            } else {
                entries.removeAll(keepingCapacity: true)
            }
        }
        entries[key] = value
    }
}

/// Classifications by candidate text (`.some(nil)`: known not to be an endpoint).
typealias ClassificationCache = SharedCache<String, Endpoint?>
