import Model

/// Everything one reader extracted from one file: a pure function of the file's path and
/// bytes, so it is cached by blob id and computed in parallel. Joining facts across files is
/// the linker's job, never a reader's.
public struct FileFacts: Hashable, Sendable, Codable {
    /// The repository-relative path the facts were read from.
    public var path: String
    public var workloads: [WorkloadFact] = []
    public var services: [ServiceFact] = []
    public var ingresses: [IngressFact] = []
    /// Gateway API Gateways and routes.
    public var gateways: [GatewayFact] = []
    public var routes: [RouteFact] = []
    public var configMaps: [ConfigMapFact] = []
    public var storageClasses: [StorageClassFact] = []
    public var claims: [ClaimFact] = []
    /// Endpoints named in a file that is itself configuration (nginx, HTML, CSS, …).
    public var mentions: [Mention] = []
    /// Other files of the same tree this file pulls in (nginx `include`), as written.
    public var includes: [PathReference] = []
    public var dockerfile: DockerfileFact?
    public var pipelines: [PipelineFact] = []
    /// Images a development tool builds from this repository under a bare name whose registry
    /// is chosen at deploy time (Skaffold's `build.artifacts`), so a manifest's `image: NAME`
    /// is a placeholder, not a Docker Hub image.
    public var localImages: [ImageBuild] = []
    public var clusters: [ClusterFact] = []
    /// The patterns of a build context's `.dockerignore`, comments and blanks left out.
    public var dockerignore: [String]?
    /// Risks accepted in comments of this file (`faultline:accept …`).
    public var suppressions: [Acceptance] = []
    /// The repository's own configuration, from `.faultline.yaml`.
    public var config: RepoConfigFact?
    /// A Terraform or OpenTofu file's top-level blocks, or a `.tfvars` file's values.
    public var terraform: TerraformFileFact?
    /// The text of a file another file of the commit reads — Terraform with `file()` or
    /// `templatefile()`, Compose as an env file (see `TextReader`) — beside whatever a reader
    /// found in it.
    public var readText: String?
    /// A Kustomize `kustomization.yaml`: what it renders and the images it sets.
    public var kustomization: KustomizationFact?
    /// A Helm values file: what the release deployed with it runs and names.
    public var helmValues: HelmValuesFact?
    /// Flux `HelmRelease`s and Argo CD `Application`s installing a chart with values of their own.
    public var helmReleases: [HelmReleaseFact] = []
    /// Flux `HelmRepository`s, `OCIRepository`s and `GitRepository`s, which releases take charts from.
    public var chartSources: [ChartSourceFact] = []
    /// A Helm chart's `Chart.yaml`: the charts it depends on.
    public var chart: ChartFact?
    /// A Helm template (a file refused as one): the values it uses, and whether it is a
    /// `helm test` hook.
    public var helmTemplate: HelmTemplateFact?
    /// A Docker Compose file's services.
    public var compose: ComposeFact?
    /// A CloudFormation or SAM template.
    public var cloudFormation: CloudFormationFact?
    /// A SAM CLI configuration: the stack `sam deploy` makes of a template.
    public var samConfig: SamConfigFact?
    /// Objects a `$patch: delete` document names: a Kustomize patch deleting them.
    public var patchDeletions: [PatchTarget] = []
    /// The changes of a file of JSON 6902 operations (a Kustomize patch).
    public var patchOperations: PatchObjects?
    public var diagnostics: [Diagnostic] = []

    public init(path: String) {
        self.path = path
    }

    /// Whether the reader found nothing at all, diagnostics included.
    public var isEmpty: Bool {
        workloads.isEmpty && services.isEmpty && ingresses.isEmpty && gateways.isEmpty && routes.isEmpty && configMaps.isEmpty
            && storageClasses.isEmpty
            && claims.isEmpty && mentions.isEmpty
            && includes.isEmpty && dockerfile == nil && pipelines.isEmpty && localImages.isEmpty && clusters.isEmpty && config == nil && terraform == nil && readText == nil && diagnostics.isEmpty && dockerignore == nil
            && kustomization == nil && helmValues == nil && helmReleases.isEmpty && chartSources.isEmpty && chart == nil && compose == nil && cloudFormation == nil && samConfig == nil && patchDeletions.isEmpty && patchOperations == nil
    }
}

/// A string that names an endpoint (a URL, a host, an `s3://` URI, an ARN) where it was found.
public struct Mention: Hashable, Sendable, Codable {
    /// The text as written, e.g. `https://weave-ui-assets.s3.amazonaws.com/app.js`.
    public var text: String
    public var line: Int
    /// Where it was found, for explanations: `proxy_pass`, `<script src>`, `env ASSETS_URL`.
    public var context: String
    /// Mentions of one group are alternatives, any one of which will do (the servers of an
    /// nginx `upstream`); nil for a mention needed on its own.
    public var group: String?
    /// The container whose env, args or command holds it, in a workload: a Kustomize patch
    /// replaces a setting only within the container it names.
    public var container: String?

    /// The `group` of a mention that is a setting's bare value, a Service's name if the
    /// namespace has a Service of that name (see `KubernetesReader.serviceNameMention`), and
    /// nothing else: no endpoint, and no address when no such Service exists.
    public static let bareServiceName = "\u{0}bare service name"

    public init(text: String, line: Int, context: String, group: String? = nil, container: String? = nil) {
        self.text = text
        self.line = line
        self.context = context
        self.group = group
        self.container = container
    }
}

/// A container image reference where it was found.
public struct ImageMention: Hashable, Sendable, Codable {
    /// As written: `quay.io/weaveworks/ui:1.0`, `nginx`, `${REGISTRY}/app` (unresolved).
    public var reference: String
    public var line: Int
    /// The repository path and line of the Kustomize `images:` entry that set the name
    /// actually deployed, when one did; nil for a reference used as written.
    public var setBy: PathReference?
    /// The container running it, in a workload (the name a Kustomize patch matches it by).
    public var container: String?

    public init(reference: String, line: Int, setBy: PathReference? = nil, container: String? = nil) {
        self.reference = reference
        self.line = line
        self.setBy = setBy
        self.container = container
    }
}

/// A path to another file of the same tree, as written, relative to the file that names it
/// unless it starts with `/`.
public struct PathReference: Hashable, Sendable, Codable {
    public var path: String
    public var line: Int

    public init(path: String, line: Int) {
        self.path = path
        self.line = line
    }
}

/// A Kubernetes object named from another object (`envFrom.configMapRef.name: ui-config`).
public struct NamedReference: Hashable, Sendable, Codable {
    public var name: String
    public var line: Int

    public init(name: String, line: Int) {
        self.name = name
        self.line = line
    }
}

/// What a Helm template uses of the chart's values: the top-level settings it names
/// (`.Values.tests.image` uses `tests`; `*` for the values whole, `toYaml .Values`), and
/// whether it is a `helm test` hook (`helm.sh/hook: test`), a pod started by hand.
public struct HelmTemplateFact: Hashable, Sendable, Codable {
    public var valueRoots: [String]
    public var isTestHook: Bool

    public init(valueRoots: [String], isTestHook: Bool) {
        self.valueRoots = valueRoots
        self.isTestHook = isTestHook
    }

    /// Read from a template's text.
    public init(text: String) {
        var roots: Set<String> = []
        var text = text
        var hook = false
        func isWord(_ byte: UInt8) -> Bool { (0x30...0x39).contains(byte) || (0x41...0x5A).contains(byte) || (0x61...0x7A).contains(byte) || byte == 0x5F }
        text.withUTF8 { bytes in
            let marker = Array(".Values".utf8)
            var index = 0
            while let found = ByteSearch.firstIndex(of: marker, in: bytes, index..<bytes.count) {
                var next = found + marker.count
                if next < bytes.count, bytes[next] == 0x2E {
                    next += 1
                    let start = next
                    while next < bytes.count, isWord(bytes[next]) { next += 1 }
                    if next > start { roots.insert(String(decoding: UnsafeBufferPointer(rebasing: bytes[start..<next]), as: UTF8.self)) }
                } else if next >= bytes.count || !isWord(bytes[next]) {
                    // The values whole (`toYaml .Values`, `index .Values "tests"`).
                    roots.insert("*")
                }
                index = found + marker.count
            }
            // `helm.sh/hook: test` (or `test-success`), quoted or not.
            let hookKey = Array("helm.sh/hook".utf8)
            var from = 0
            while let found = ByteSearch.firstIndex(of: hookKey, in: bytes, from..<bytes.count) {
                var next = found + hookKey.count
                while next < bytes.count, bytes[next] == 0x22 || bytes[next] == 0x27 { next += 1 }
                if next < bytes.count, bytes[next] == 0x3A {
                    let end = ByteSearch.firstIndex(of: 0x0A, in: bytes, next..<bytes.count) ?? bytes.count
                    if String(decoding: UnsafeBufferPointer(rebasing: bytes[next..<end]), as: UTF8.self).lowercased().contains("test") { hook = true }
                }
                from = found + hookKey.count
            }
        }
        valueRoots = roots.sorted()
        isTestHook = hook
    }
}
