import Model
import Testing
@testable import Readers

/// Kustomize's `namespace:`, `namePrefix:` and `nameSuffix:` give the objects of the manifests
/// a kustomization renders their namespace and names; overlays that name them differently
/// deploy them more than once.
@Suite struct KustomizeNamingTests {
    static let cluster = KustomizeImagesTests.cluster
    static let ecr = KustomizeImagesTests.ecr

    /// Deployment `a` reading ConfigMap `settings` and an env address, a LoadBalancer Service
    /// for it, the ConfigMap, and an Ingress to the Service.
    static let app = LinkerTests.deployment("a", readingConfigMap: "settings", env: "{name: API, value: \"http://api:8080\"}")
        + """

        ---
        apiVersion: v1
        kind: Service
        metadata: {name: a, namespace: shop}
        spec: {type: LoadBalancer, selector: {app: a}}
        ---
        apiVersion: v1
        kind: ConfigMap
        metadata: {name: settings, namespace: shop}
        data: {MODE: fast}
        ---
        apiVersion: networking.k8s.io/v1
        kind: Ingress
        metadata: {name: a, namespace: shop}
        spec:
          rules:
            - http:
                paths: [{path: /, pathType: Prefix, backend: {service: {name: a, port: {number: 80}}}}]
        """

    static func overlay(_ fields: String, images: String = "") -> String {
        "resources: [../../base]\n\(fields)\n" + (images.isEmpty ? "" : "images:\n\(images)")
    }

    /// The app and `extra` files in `k8s/base`, rendered by the overlays.
    static func linked(_ overlays: [(String, String)], base extra: [(String, String)] = []) -> LinkedTopology {
        let resources = (["app.yaml"] + extra.map(\.0)).joined(separator: ", ")
        return LinkFixture(files: [
            (".faultline.yaml", Self.cluster),
            ("k8s/base/app.yaml", Self.app),
            ("k8s/base/kustomization.yaml", "resources: [\(resources)]\n"),
        ] + extra.map { ("k8s/base/\($0.0)", $0.1) } + overlays.map { ("k8s/overlays/\($0.0)/kustomization.yaml", $0.1) }).linked()
    }

    /// Two overlays in two namespaces are two deployments: each Service selects its own
    /// Deployment, and only prod's runs the image prod moves to ECR in us-east-1.
    @Test func overlaysInTwoNamespacesAreTwoDeployments() throws {
        let topology = Self.linked([
            ("dev", Self.overlay("namespace: dev")),
            ("prod", Self.overlay("namespace: prod", images: "- name: gcr.io/x/a\n  newName: \(Self.ecr)\n")),
        ]).topology
        #expect(topology.ids.filter { $0.hasPrefix("k8s:Deployment/") } == ["k8s:Deployment/dev/a", "k8s:Deployment/prod/a"])
        #expect(topology["k8s:Deployment/dev/a"]?.requirements.flatMap { $0.alternatives }.filter { $0.hasPrefix("image:") } == ["image:gcr.io/x/a"])
        #expect(topology["k8s:Deployment/prod/a"]?.requirements.flatMap { $0.alternatives }.filter { $0.hasPrefix("image:") } == ["image:\(Self.ecr)"])
        #expect(topology["k8s:Service/prod/a"]?.requirements.flatMap(\.alternatives) == ["k8s:Deployment/prod/a"])
        #expect(topology["k8s:Deployment/prod/a"]?.requirements.flatMap(\.alternatives).contains("k8s:ConfigMap/prod/settings") == true)
        #expect(topology["k8s:Ingress/dev/a"]?.requirements.flatMap(\.alternatives) == ["k8s:Service/dev/a"])
        #expect(topology["k8s:Service/shop/a"] == nil)
        let fixture = LinkFixture(files: [
            (".faultline.yaml", Self.cluster),
            ("k8s/base/app.yaml", Self.app),
            ("k8s/base/kustomization.yaml", "resources: [app.yaml]\n"),
            ("k8s/overlays/dev/kustomization.yaml", Self.overlay("namespace: dev")),
            ("k8s/overlays/prod/kustomization.yaml", Self.overlay("namespace: prod", images: "- name: gcr.io/x/a\n  newName: \(Self.ecr)\n")),
        ])
        #expect(Set(fixture.down(in: "service:aws/us-east-1/ecr")) == ["k8s:Ingress/prod/a", "k8s:Service/prod/a"])
    }

    /// A name prefix renames every object and the references Kustomize follows to objects it
    /// renders (the Ingress's Service, the workload's ConfigMap); an address in an env value
    /// is text, which Kustomize leaves alone.
    @Test func aNamePrefixRenamesObjectsAndTheReferencesKustomizeFollows() throws {
        let linked = Self.linked([("prod", Self.overlay("namePrefix: prod-\nnameSuffix: -v2"))], base: [
            ("api.yaml", LinkerTests.deployment("api", image: "gcr.io/x/api") + LinkerTests.service("api")),
        ])
        let topology = linked.topology
        #expect(topology.ids.filter { $0.hasPrefix("k8s:Service/") } == ["k8s:Service/shop/prod-a-v2", "k8s:Service/shop/prod-api-v2"])
        #expect(topology["k8s:Ingress/shop/prod-a-v2"]?.requirements.flatMap(\.alternatives) == ["k8s:Service/shop/prod-a-v2"])
        let needs = topology["k8s:Deployment/shop/prod-a-v2"]?.requirements.flatMap(\.alternatives) ?? []
        #expect(needs.contains("k8s:ConfigMap/shop/prod-settings-v2"))
        #expect(!needs.contains("k8s:Service/shop/prod-api-v2"))
        let addresses = linked.addresses.filter { $0.context.hasPrefix("env") }
        #expect(addresses.map(\.service) == ["shop/api"])
        #expect(addresses.map(\.resolves) == [false])
        #expect(linked.addresses.contains { $0.service == "shop/prod-a-v2" && $0.resolves })
    }

    /// Prefixes add up from the inner kustomization outwards; the outermost namespace wins.
    @Test func namingsComposeFromTheInnerKustomizationOutwards() throws {
        let topology = LinkFixture(files: [
            (".faultline.yaml", Self.cluster),
            ("k8s/base/app.yaml", Self.app),
            ("k8s/base/kustomization.yaml", "resources: [app.yaml]\nnamespace: inner\nnamePrefix: app-\n"),
            ("k8s/overlays/prod/kustomization.yaml", Self.overlay("namespace: outer\nnamePrefix: prod-")),
        ]).linked().topology
        #expect(topology.ids.filter { $0.hasPrefix("k8s:Deployment/") } == ["k8s:Deployment/outer/prod-app-a"])
        #expect(topology["k8s:Service/outer/prod-app-a"]?.requirements.flatMap(\.alternatives) == ["k8s:Deployment/outer/prod-app-a"])
    }

    /// A component's naming applies to what its kustomization rendered before it.
    @Test func aComponentsNamespaceAppliesToWhatWasRenderedBeforeIt() throws {
        let topology = LinkFixture(files: [
            (".faultline.yaml", Self.cluster),
            ("k8s/base/app.yaml", Self.app),
            ("k8s/base/kustomization.yaml", "resources: [app.yaml]\n"),
            ("k8s/components/ns/kustomization.yaml", "kind: Component\nnamespace: staging\n"),
            ("k8s/overlays/staging/kustomization.yaml", "resources: [../../base]\ncomponents: [../../components/ns]\n"),
        ]).linked().topology
        #expect(topology.ids.filter { $0.hasPrefix("k8s:Deployment/") } == ["k8s:Deployment/staging/a"])
    }

    /// Overlays that leave namespace and names alone still make one set of objects.
    @Test func overlaysNamingAlikeMakeOneSetOfObjects() throws {
        let topology = Self.linked([("dev", Self.overlay("namespace: shop")), ("prod", Self.overlay(""))]).topology
        #expect(topology.ids.filter { $0.hasPrefix("k8s:Deployment/") } == ["k8s:Deployment/shop/a"])
        #expect(topology["k8s:Service/shop/a"]?.provenance.map(\.path) == ["k8s/base/app.yaml"])
    }

    /// A route's references are not ones Kustomize follows: its backend keeps its name, and
    /// an unwritten namespace follows the route into the overlay's namespace.
    @Test func aRoutesReferencesKeepTheirNames() throws {
        let route = """
            apiVersion: gateway.networking.k8s.io/v1
            kind: HTTPRoute
            metadata: {name: web, namespace: shop}
            spec:
              parentRefs: [{name: public, namespace: gateways}]
              rules: [{backendRefs: [{name: a, port: 80}]}]
            """
        let topology = Self.linked([("prod", Self.overlay("namespace: prod\nnamePrefix: p-"))], base: [
            ("route.yaml", route),
        ]).topology
        let routeNeeds = try #require(topology["k8s:HTTPRoute/prod/p-web"]).requirements.flatMap(\.alternatives)
        #expect(routeNeeds.isEmpty)
        #expect(topology.diagnostics.contains { $0.path == "k8s/base/route.yaml" && $0.summary.contains("prod/a") })
    }

    /// A `resources:` entry naming a file the commit lacks, or a folder with no kustomization
    /// file, is a warning at the entry; a file no reader takes is not judged.
    @Test func aResourceKustomizeCannotFindIsAWarning() throws {
        let linked = LinkFixture(files: [
            (".faultline.yaml", Self.cluster),
            ("k8s/base/app.yaml", Self.app),
            ("k8s/plain/b.yaml", LinkerTests.deployment("b", image: "gcr.io/x/b")),
            ("k8s/base/kustomization.yaml", "resources:\n- app.yaml\n- gone.yaml\n- ../plain\n- extra.json\n- ../removed\n"),
        ]).linked()
        let warnings = linked.topology.diagnostics.filter { $0.severity == .warning && $0.path == "k8s/base/kustomization.yaml" }
        #expect(warnings.map(\.line) == [3, 4, 6])
        #expect(warnings.map(\.summary) == [
            "kustomization k8s/base/kustomization.yaml lists gone.yaml, which this commit does not have (or .faultline.yaml ignores)",
            "kustomization k8s/base/kustomization.yaml lists ../plain, a folder with no kustomization file",
            "kustomization k8s/base/kustomization.yaml lists ../removed, which this commit does not have (or .faultline.yaml ignores)",
        ])
        #expect(linked.topology["k8s:Deployment/shop/a"] != nil)
        // Thousands of such entries are warned of 20 times, then counted.
        let many = "resources:\n" + (0..<1_000).map { "- gone\($0).yaml\n" }.joined()
        let flooded = LinkFixture(files: [(".faultline.yaml", Self.cluster), ("k8s/kustomization.yaml", many)]).linked()
        let listed = flooded.topology.diagnostics.filter { $0.severity == .warning && $0.path == "k8s/kustomization.yaml" }
        #expect(listed.count == KustomizeRenderings.missingWarningLimit + 1)
        #expect(listed.contains { $0.summary == "980 more resources entries name nothing this commit has" })
    }

    /// A `resources:` or `components:` entry that leaves the repository or is absolute is never
    /// read, and one naming the kustomization itself, or closing a cycle no top-level
    /// kustomization reaches, is not followed: each a warning at the entry saying why.
    @Test func aResourceOutsideTheRepositoryOrInACycleIsAWarning() throws {
        let linked = LinkFixture(files: [
            (".faultline.yaml", Self.cluster),
            ("k8s/base/app.yaml", Self.app),
            ("k8s/base/kustomization.yaml",
             "resources:\n- app.yaml\n- ../../../outside.yaml\n- /etc/passwd\n- ../../../../etc\n- ./kustomization.yaml\ncomponents:\n- ../../../c\n"),
            ("k8s/self/kustomization.yaml", "resources:\n- .\n"),
            ("k8s/up/kustomization.yaml", "resources:\n- ../up\n"),
            ("k8s/a/kustomization.yaml", "resources:\n- ../b\n"),
            ("k8s/b/kustomization.yaml", "resources:\n- ../a\n"),
        ]).linked()
        let warnings = linked.topology.diagnostics.filter { $0.severity == .warning && ($0.path ?? "").hasSuffix("kustomization.yaml") }
        #expect(warnings.map { "\($0.path ?? ""):\($0.line ?? 0) \($0.summary)" }.sorted() == [
            "k8s/b/kustomization.yaml:2 kustomization k8s/b/kustomization.yaml renders ../a, which renders it",
            "k8s/base/kustomization.yaml:3 kustomization k8s/base/kustomization.yaml lists ../../../outside.yaml, which is outside the repository; it is not read",
            "k8s/base/kustomization.yaml:4 kustomization k8s/base/kustomization.yaml lists /etc/passwd, an absolute path; it is not read",
            "k8s/base/kustomization.yaml:5 kustomization k8s/base/kustomization.yaml lists ../../../../etc, which is outside the repository; it is not read",
            "k8s/base/kustomization.yaml:6 kustomization k8s/base/kustomization.yaml lists ./kustomization.yaml, the kustomization itself; it is not followed",
            "k8s/base/kustomization.yaml:8 kustomization k8s/base/kustomization.yaml lists ../../../c, which is outside the repository; it is not read",
            "k8s/self/kustomization.yaml:2 kustomization k8s/self/kustomization.yaml lists ., the kustomization itself; it is not followed",
            "k8s/up/kustomization.yaml:2 kustomization k8s/up/kustomization.yaml lists ../up, the kustomization itself; it is not followed",
        ])
        #expect(linked.topology["k8s:Deployment/shop/a"] != nil)
    }

    /// Kustomize refuses a folder with two kustomization files: a warning at the second, and
    /// the first is read.
    @Test func twoKustomizationFilesInAFolderAreAWarning() throws {
        let linked = LinkFixture(files: [
            (".faultline.yaml", Self.cluster),
            ("k8s/base/app.yaml", Self.app),
            ("k8s/base/kustomization.yaml", "resources: [app.yaml]\nnamespace: one\n"),
            ("k8s/base/kustomization.yml", "resources: [app.yaml]\nnamespace: two\n"),
        ]).linked()
        let warning = try #require(linked.topology.diagnostics.first { $0.summary.contains("two kustomization files") })
        #expect(warning.path == "k8s/base/kustomization.yml")
        #expect(warning.summary == "k8s/base has two kustomization files, k8s/base/kustomization.yaml and this one")
        #expect(linked.topology.ids.filter { $0.hasPrefix("k8s:Deployment/") } == ["k8s:Deployment/one/a"])
    }

    /// A generator's literals make a ConfigMap, named and placed by the rendering like the
    /// manifests: the workload reading it needs the bucket a literal names, at its line.
    /// Env files and files are not read (a note), and a kustomization no one renders
    /// generates nothing.
    @Test func aConfigMapGeneratorsLiteralsAreEndpoints() throws {
        let app = LinkerTests.deployment("a", readingConfigMap: "generated", env: "{name: MODE, value: fast}")
        let base = "resources: [app.yaml]\nconfigMapGenerator:\n- name: generated\n  literals:\n  - ASSETS=https://assets.s3.us-east-1.amazonaws.com/ui\n  envs: [extra.env]\n"
        let linked = LinkFixture(files: [
            (".faultline.yaml", Self.cluster),
            ("k8s/base/app.yaml", app),
            ("k8s/base/kustomization.yaml", base),
            ("k8s/overlays/prod/kustomization.yaml", Self.overlay("namespace: prod\nnamePrefix: p-")),
            ("k8s/unused/kustomization.yaml", "kind: Component\nconfigMapGenerator:\n- name: other\n  literals: [X=https://x.s3.eu-west-1.amazonaws.com]\n"),
        ]).linked()
        let topology = linked.topology
        let configMap = try #require(topology["k8s:ConfigMap/prod/p-generated"])
        let bucket = try #require(configMap.requirements.first)
        #expect(bucket.alternatives.first?.contains("s3.us-east-1.amazonaws.com") == true)
        #expect(bucket.provenance?.path == "k8s/base/kustomization.yaml")
        #expect(bucket.provenance?.line == 5)
        #expect(topology["k8s:Deployment/prod/p-a"]?.requirements.flatMap(\.alternatives).contains("k8s:ConfigMap/prod/p-generated") == true)
        #expect(!topology.ids.contains { $0.contains("eu-west-1") || $0.hasSuffix("/other") })
        let note = try #require(topology.diagnostics.first { $0.summary.hasPrefix("Kustomize configMapGenerator generated") })
        #expect(note.summary == "Kustomize configMapGenerator generated: its envs are not read, only its literals")
        #expect(note.line == 3)
    }

    /// An overlay's generator with `behavior: merge` (or `replace`) changes the ConfigMap its
    /// base generates, keys it sets replacing the base's: no second ConfigMap no one reads.
    @Test func aMergingGeneratorChangesTheBasesConfigMap() throws {
        let app = LinkerTests.deployment("a", readingConfigMap: "env", env: "{name: MODE, value: fast}")
        let base = "resources: [app.yaml]\nconfigMapGenerator:\n- name: env\n  literals:\n  - ASSETS=https://assets.example.com\n  - API=https://api.s3.eu-west-1.amazonaws.com\n"
        for behavior in ["merge", "replace"] {
            let overlay = "resources: [../../base]\nnamespace: prod\nconfigMapGenerator:\n- name: env\n  behavior: \(behavior)\n  literals:\n  - ASSETS=https://assets.s3.us-east-1.amazonaws.com\n"
            let topology = LinkFixture(files: [
                (".faultline.yaml", Self.cluster), ("k8s/base/app.yaml", app), ("k8s/base/kustomization.yaml", base),
                ("k8s/overlays/prod/kustomization.yaml", overlay),
            ]).linked().topology
            #expect(topology.ids.filter { $0.hasPrefix("k8s:ConfigMap/") } == ["k8s:ConfigMap/prod/env"], "\(topology.ids)")
            let needs = try #require(topology["k8s:ConfigMap/prod/env"]).requirements
            let endpoints = needs.flatMap(\.alternatives)
            #expect(endpoints.contains { $0.contains("assets.s3.us-east-1.amazonaws.com") }, "\(endpoints)")
            #expect(!endpoints.contains { $0.contains("assets.example.com") })
            #expect(endpoints.contains { $0.contains("api.s3.eu-west-1") })
            #expect(needs.first { $0.alternatives.contains { $0.contains("us-east-1") } }?.provenance?.path == "k8s/overlays/prod/kustomization.yaml")
        }
    }

    /// Past 16 namings in all, the renderings of the others are one set of objects under the
    /// names written, with one warning: a pull request of many overlays cannot multiply the
    /// topology (each Service copy selects every copy of its workloads) without bound.
    @Test func manyNamingsAreBounded() throws {
        let overlays = (0..<20).map { (String(format: "o%02d", $0), Self.overlay("namePrefix: p\($0)-")) }
        let topology = Self.linked(overlays).topology
        let deployments = topology.ids.filter { $0.hasPrefix("k8s:Deployment/") }
        #expect(deployments.count == KustomizeRenderings.namingLimit)
        #expect(deployments.contains("k8s:Deployment/shop/a"))
        // Sixteen Services on one selector need one selection of the sixteen workloads.
        #expect(topology["k8s:Service/shop/a"]?.requirements.flatMap(\.alternatives) == ["k8s:Selection/shop/app=a"])
        #expect(topology["k8s:Selection/shop/app=a"]?.requirements.flatMap(\.alternatives).count == KustomizeRenderings.namingLimit)
        let warnings = topology.diagnostics.filter { $0.summary.contains("namespaces or names") }
        #expect(warnings.map(\.summary) == ["kustomizations give their objects more than 16 namespaces or names"])
        #expect(warnings.first?.path == "k8s/overlays/o15/kustomization.yaml")
    }

    /// An overlay past the limit is read under the names written in all its files alike: its
    /// own Ingress still reaches the base's Service, so a dependency the base adds is seen.
    @Test func anOverlayPastTheLimitKeepsItsLinks() throws {
        let ingress = """
            apiVersion: networking.k8s.io/v1
            kind: Ingress
            metadata: {name: web, namespace: shop}
            spec: {defaultBackend: {service: {name: a, port: {number: 80}}}}
            """
        var files: [(String, String)] = [
            (".faultline.yaml", Self.cluster),
            ("k8s/base/app.yaml", LinkerTests.deployment("a", image: "gcr.io/x/a") + LinkerTests.service("a")),
            ("k8s/base/kustomization.yaml", "resources: [app.yaml]\n"),
            ("k8s/overlays/prod/ingress.yaml", ingress),
            ("k8s/overlays/prod/kustomization.yaml", "resources: [../../base, ingress.yaml]\nnamespace: prod\nnamePrefix: prod-\n"),
        ]
        files += (1...16).map { (String(format: "k8s/overlays/a%02d/kustomization.yaml", $0), "resources: [../../base]\nnamePrefix: x\($0)-\n") }
        let topology = LinkFixture(files: files).linked().topology
        let ingressID = try #require(topology.ids.first { $0.hasPrefix("k8s:Ingress/") })
        let service = try #require(topology[ingressID]?.requirements.first?.alternatives.first)
        // Through the selection the Services of the many overlays share.
        let selected = topology[service]?.requirements.flatMap(\.alternatives) ?? []
        let workloads = selected.flatMap { id in id.hasPrefix("k8s:Selection/") ? topology[id]?.requirements.flatMap(\.alternatives) ?? [] : [id] }
        #expect(workloads.contains("k8s:Deployment/shop/a"), "\(selected)")
    }

    /// A Flux HelmRelease an overlay renders takes the overlay's namespace, so clusters
    /// mapped by namespace place it.
    @Test func aHelmReleaseTakesTheOverlaysNamespace() throws {
        let release = """
            apiVersion: helm.toolkit.fluxcd.io/v2
            kind: HelmRelease
            metadata: {name: web}
            spec:
              values: {image: {repository: gcr.io/x/web, tag: "1"}, ingress: {enabled: true}}
            """
        let topology = LinkFixture(files: [
            (".faultline.yaml", Self.cluster),
            ("apps/base/release.yaml", release),
            ("apps/base/kustomization.yaml", "resources: [release.yaml]\n"),
            ("apps/prod/kustomization.yaml", "resources: [../base]\nnamespace: prod\n"),
        ]).linked().topology
        #expect(topology.ids.filter { $0.hasPrefix("k8s:HelmRelease/") } == ["k8s:HelmRelease/prod/web"])
    }

    /// `commonLabels:` (and `labels:` with `includeSelectors`) go on Services' selectors and
    /// pod templates too: a Service written without a selector selects the Deployment given
    /// the same labels (ingress-nginx's overlays; without them the LoadBalancer needed
    /// nothing). `includeTemplates` labels only the pods; labels on objects alone change no
    /// selection; an outer kustomization's value wins.
    @Test(arguments: [
        ("commonLabels: {app: web}", true),
        ("labels: [{pairs: {app: web}, includeSelectors: true}]", true),
        ("labels: [{pairs: {app: web}}]", false),
        ("labels: [{pairs: {app: web}, includeTemplates: true}]", false),
        // Kustomize reads YAML 1.1, where these are true too; a quoted "true" is a string.
        ("labels: [{pairs: {app: web}, includeSelectors: True}]", true),
        ("labels: [{pairs: {app: web}, includeSelectors: yes}]", true),
    ])
    func labelsOnSelectorsDecideWhatAServiceSelects(fields: String, selects: Bool) throws {
        let deployment = "apiVersion: apps/v1\nkind: Deployment\nmetadata: {name: web, namespace: shop}\nspec:\n  template:\n    spec:\n      containers: [{name: web, image: \"\(Self.ecr)\"}]\n"
        let service = "apiVersion: v1\nkind: Service\nmetadata: {name: web, namespace: shop}\nspec: {type: LoadBalancer}\n"
        let topology = LinkFixture(files: [
            (".faultline.yaml", Self.cluster),
            ("deploy/deployment.yaml", deployment), ("deploy/service.yaml", service),
            ("deploy/kustomization.yaml", "resources: [deployment.yaml, service.yaml]\n\(fields)\n"),
        ]).linked().topology
        let needs = try #require(topology["k8s:Service/shop/web"]).requirements.flatMap(\.alternatives)
        #expect(needs.contains("k8s:Deployment/shop/web") == selects)
    }

    /// Pod-template labels from `includeTemplates`, and an overlay's value over its base's,
    /// against a Service's own selector.
    @Test func templateLabelsAndOuterValuesDecideTooAsKustomizeAppliesThem() throws {
        let deployment = "apiVersion: apps/v1\nkind: Deployment\nmetadata: {name: web, namespace: shop}\nspec:\n  template:\n    spec:\n      containers: [{name: web, image: \"\(Self.ecr)\"}]\n"
        let service = "apiVersion: v1\nkind: Service\nmetadata: {name: web, namespace: shop}\nspec: {type: LoadBalancer, selector: {tier: front, env: prod}}\n"
        let topology = LinkFixture(files: [
            (".faultline.yaml", Self.cluster),
            ("base/deployment.yaml", deployment), ("base/service.yaml", service),
            ("base/kustomization.yaml", "resources: [deployment.yaml, service.yaml]\nlabels: [{pairs: {tier: front}, includeTemplates: true}]\ncommonLabels: {env: dev}\n"),
            ("prod/kustomization.yaml", "resources: [../base]\ncommonLabels: {env: prod}\n"),
        ]).linked().topology
        #expect(try #require(topology["k8s:Service/shop/web"]).requirements.flatMap(\.alternatives).contains("k8s:Deployment/shop/web"))
    }
    /// Labels do not tell renderings apart: twenty overlays that each add a label but give
    /// the same names make one set of objects (not past the limit of namings, which folded
    /// bank-of-anthos's overlays into `default`), whose Service still selects its Deployment.
    @Test func labelsDoNotCountAsNamings() throws {
        let overlays = (0..<20).map { ("o\($0)", Self.overlay("namespace: prod\ncommonLabels: {overlay: o\($0)}")) }
        let linked = Self.linked(overlays)
        #expect(!linked.topology.diagnostics.contains { $0.summary.contains("more than \(KustomizeRenderings.namingLimit) namespaces or names") })
        #expect(linked.topology.ids.filter { $0.hasPrefix("k8s:Deployment/") } == ["k8s:Deployment/prod/a"])
        #expect(try #require(linked.topology["k8s:Service/prod/a"]).requirements.flatMap(\.alternatives).contains("k8s:Deployment/prod/a"))
    }
    /// A kustomization adding thousands of labels (2.7 GB over 300 Services) is read up to a
    /// limit, with one located warning; the Service still selects its pods.
    @Test func labelsAreBounded() throws {
        let labels = (0..<2_000).map { "l\($0): v" }.joined(separator: ", ")
        let linked = Self.linked([("prod", Self.overlay("namespace: prod\ncommonLabels: {\(labels)}"))])
        #expect(linked.topology.diagnostics.filter { $0.summary.contains("only the first \(KustomizationReading.labelLimit) by name are applied") }
            .map(\.path) == ["k8s/overlays/prod/kustomization.yaml"])
        #expect(try #require(linked.topology["k8s:Service/prod/a"]).requirements.flatMap(\.alternatives).contains("k8s:Deployment/prod/a"))
    }
}
