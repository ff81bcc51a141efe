import Model
import Simulation
import Testing
@testable import Readers

/// Links facts read from in-memory files and runs the outage engine on the result.
struct LinkFixture {
    var files: [(String, String)]

    func linked() -> LinkedTopology {
        var facts = files.compactMap { path, text -> FileFacts? in
            guard let reader = ReaderRegistry.reader(for: path) else { return nil }
            return reader.read(path: path, bytes: Array(text.utf8))
        }
        // The texts Compose hosts read (env files, extended files), as the commit reader adds them.
        let reads = ComposeFiles.reads(of: facts)
        for (path, text) in files where reads.contains(path) {
            let read = TextReader().read(path: path, bytes: Array(text.utf8))
            if let index = facts.firstIndex(where: { $0.path == path }) { facts[index].readText = read.readText } else { facts.append(read) }
        }
        return Linker().link(facts, commit: "c0ffee")
    }

    /// Entrypoints down (serve) in a scenario.
    func down(in scenario: String) -> [String] {
        let linked = linked()
        let linker = Linker()
        let engine = OutageEngine(topology: linked.topology, catalog: linker.correlations)
        guard let domain = FailureDomain(id: scenario) else { return ["bad scenario id"] }
        return engine.outcome(of: Scenario(domain)).explanations.filter { $0.phase == .serve }.map(\.entrypoint)
    }
}

@Suite struct LinkerTests {
    static let cluster = """
        clusters:
          - {name: prod, provider: gcp, region: us-central1, zones: [us-central1-a, us-central1-b, us-central1-c]}
        """

    static func deployment(_ name: String, image: String, extra: String = "") -> String {
        """
        apiVersion: apps/v1
        kind: Deployment
        metadata: {name: \(name), namespace: shop}
        spec:
          template:
            metadata: {labels: {app: \(name)}}
            spec:
        \(extra)
              containers: [{name: \(name), image: "\(image)"}]
        """
    }

    /// A Service selecting `app: NAME`, as a document to append to a manifest.
    static func service(_ name: String, _ namespace: String = "shop") -> String {
        "\n---\napiVersion: v1\nkind: Service\nmetadata: {name: \(name), namespace: \(namespace)}\nspec: {selector: {app: \(name)}}\n"
    }

    /// A Deployment whose container has `env` (YAML flow items) and reads ConfigMap `configMap`.
    static func deployment(_ name: String, readingConfigMap configMap: String, env: String) -> String {
        deployment(name, image: "gcr.io/x/\(name)").replacing(
            "containers: [{name: \(name), image: \"gcr.io/x/\(name)\"}]",
            with: "containers: [{name: \(name), image: \"gcr.io/x/\(name)\", env: [\(env)], envFrom: [{configMapRef: {name: \(configMap)}}]}]")
    }

    /// A load balancer its annotations make internal, as its cloud reads them, is reached from
    /// the private network only: no entrypoint (nor an Ingress of GKE's internal class). One
    /// any cloud would make public, or whose annotations disagree, is an entrypoint.
    @Test func internalLoadBalancersFaceNoUsers() throws {
        func lb(_ name: String, _ annotation: String) -> (String, String) {
            ("k8s/\(name).yaml", LinkerTests.deployment(name, image: "gcr.io/x/\(name)") + LinkerTests.service(name)
                .replacing("metadata: {name: \(name), namespace: shop}", with: "metadata: {name: \(name), namespace: shop, annotations: {\(annotation)}}")
                .replacing("spec: {", with: "spec: {type: LoadBalancer, "))
        }
        func ingress(_ name: String, _ annotation: String) -> (String, String) {
            ("k8s/\(name).yaml", """
                apiVersion: networking.k8s.io/v1
                kind: Ingress
                metadata: {name: \(name), namespace: shop, annotations: {\(annotation)}}
                spec: {defaultBackend: {service: {name: gke, port: {number: 80}}}}
                """)
        }
        let aws = "service.beta.kubernetes.io/aws-load-balancer"
        let topology = LinkFixture(files: [
            lb("gke", "networking.gke.io/load-balancer-type: Internal"),
            lb("aws", "\(aws)-internal: \"true\""),
            lb("scheme", "\(aws)-scheme: internal"),
            lb("azure", "service.beta.kubernetes.io/azure-load-balancer-internal: \"true\""),
            lb("cidr", "\(aws)-internal: \"0.0.0.0/0\""),
            lb("facing", "\(aws)-scheme: internet-facing, \(aws)-internal: \"true\""),
            lb("capitals", "networking.gke.io/load-balancer-type: INTERNAL"),
            lb("first", "networking.gke.io/load-balancer-type: External, cloud.google.com/load-balancer-type: Internal"),
            lb("azurecase", "service.beta.kubernetes.io/azure-load-balancer-internal: \"True\""),
            lb("public", "\(aws)-internal: \"false\""),
            ingress("private", "kubernetes.io/ingress.class: gce-internal"),
            ingress("alb", "alb.ingress.kubernetes.io/scheme: internal"),
        ]).linked().topology
        for name in ["gke", "aws", "scheme", "azure"] { #expect(topology["k8s:Service/shop/\(name)"]?.isEntrypoint == false, "\(name)") }
        for name in ["cidr", "facing", "capitals", "first", "azurecase", "public"] { #expect(topology["k8s:Service/shop/\(name)"]?.isEntrypoint == true, "\(name)") }
        #expect(topology["k8s:Ingress/shop/private"]?.isEntrypoint == false)
        #expect(topology["k8s:Ingress/shop/alb"]?.isEntrypoint == true)
    }

    /// An overlay's patch makes an internal load balancer public as well as the other way round:
    /// a strategic-merge patch saying so or removing the annotation (`null`), or a JSON 6902
    /// operation on the annotations.
    @Test func patchesMakeLoadBalancersPublicAgain() throws {
        let base = LinkerTests.deployment("web", image: "gcr.io/x/web") + LinkerTests.service("web")
            .replacing("metadata: {name: web, namespace: shop}", with: "metadata: {name: web, namespace: shop, annotations: {service.beta.kubernetes.io/aws-load-balancer-internal: \"true\"}}")
            .replacing("spec: {", with: "spec: {type: LoadBalancer, ")
        let patches = [
            "patches:\n- patch: |\n    apiVersion: v1\n    kind: Service\n    metadata: {name: web, namespace: shop, annotations: {service.beta.kubernetes.io/aws-load-balancer-internal: \"false\"}}\n",
            "patches:\n- patch: |\n    apiVersion: v1\n    kind: Service\n    metadata: {name: web, namespace: shop, annotations: {service.beta.kubernetes.io/aws-load-balancer-internal: null}}\n",
            "patches:\n- target: {kind: Service, name: web}\n  patch: |\n    - op: remove\n      path: /metadata/annotations/service.beta.kubernetes.io~1aws-load-balancer-internal\n",
        ]
        let privateOnly = LinkFixture(files: [("k8s/base/app.yaml", base), ("k8s/base/kustomization.yaml", "resources: [app.yaml]\n"),
                                           ("k8s/prod/kustomization.yaml", "resources: [../base]\n")]).linked().topology
        #expect(privateOnly["k8s:Service/shop/web"]?.isEntrypoint == false)
        let cleared = "patches:\n- patch: |\n    apiVersion: v1\n    kind: Service\n    metadata: {name: web, namespace: shop, annotations: null}\n"
        for patch in patches + [cleared] {
            let topology = LinkFixture(files: [
                ("k8s/base/app.yaml", base), ("k8s/base/kustomization.yaml", "resources: [app.yaml]\n"),
                ("k8s/prod/kustomization.yaml", "resources: [../base]\n" + patch),
            ]).linked().topology
            #expect(topology["k8s:Service/shop/web"]?.isEntrypoint == true, "\(patch)")
        }
        // The annotations are merged, then read: the older flag a patch adds does not override
        // the scheme the object says is public.
        let facing = base.replacing("aws-load-balancer-internal: \"true\"", with: "aws-load-balancer-scheme: internet-facing")
        let flag = "patches:\n- patch: |\n    apiVersion: v1\n    kind: Service\n    metadata: {name: web, namespace: shop, annotations: {service.beta.kubernetes.io/aws-load-balancer-internal: \"true\"}}\n"
        let merged = LinkFixture(files: [
            ("k8s/base/app.yaml", facing), ("k8s/base/kustomization.yaml", "resources: [app.yaml]\n"),
            ("k8s/prod/kustomization.yaml", "resources: [../base]\n" + flag),
        ]).linked().topology
        #expect(merged["k8s:Service/shop/web"]?.isEntrypoint == true)
        // One manifest, two overlays: one leaves it internal, the other makes it public.
        let publicPatch = "patches:\n- patch: |\n    apiVersion: v1\n    kind: Service\n    metadata: {name: web, namespace: shop, annotations: {service.beta.kubernetes.io/aws-load-balancer-internal: \"false\"}}\n"
        let twoWays = LinkFixture(files: [
            ("k8s/base/app.yaml", base), ("k8s/base/kustomization.yaml", "resources: [app.yaml]\n"),
            ("k8s/dev/kustomization.yaml", "resources: [../base]\n"), ("k8s/prod/kustomization.yaml", "resources: [../base]\n" + publicPatch),
        ]).linked().topology
        #expect(twoWays["k8s:Service/shop/web"]?.isEntrypoint == true)
    }

    /// On a cluster of a known provider only that cloud's annotations count: GKE's on an AWS
    /// cluster make nothing internal.
    @Test func onlyTheClustersCloudReadsItsAnnotations() throws {
        func service(_ annotation: String) -> String {
            LinkerTests.deployment("web", image: "gcr.io/x/web") + LinkerTests.service("web")
                .replacing("metadata: {name: web, namespace: shop}", with: "metadata: {name: web, namespace: shop, annotations: {\(annotation)}}")
                .replacing("spec: {", with: "spec: {type: LoadBalancer, ")
        }
        let aws = ".faultline.yaml"
        let cluster = "clusters:\n  - {name: prod, provider: aws, region: us-west-2, zones: [us-west-2a, us-west-2b]}\n"
        let gke = LinkFixture(files: [(aws, cluster), ("k8s/web.yaml", service("networking.gke.io/load-balancer-type: Internal"))]).linked().topology
        #expect(gke["k8s:Service/shop/web"]?.isEntrypoint == true)
        let own = LinkFixture(files: [(aws, cluster), ("k8s/web.yaml", service("service.beta.kubernetes.io/aws-load-balancer-scheme: internal"))]).linked().topology
        #expect(own["k8s:Service/shop/web"]?.isEntrypoint == false)
    }

    /// A Service the AWS Load Balancer Controller makes a load balancer for (`aws-load-balancer-type`
    /// `external` or `nlb-ip`, or `loadBalancerClass: service.k8s.aws/nlb`) gets an internal one
    /// unless its scheme says `internet-facing` (or its older flag says false), as the controller
    /// has it since v2.2 — on an AWS cluster or one of no known provider; other clouds ignore it.
    @Test func theAWSLoadBalancerControllersServicesAreInternalByDefault() throws {
        let aws = "service.beta.kubernetes.io/aws-load-balancer"
        func lb(_ name: String, _ annotations: String, spec: String = "") -> (String, String) {
            ("k8s/\(name).yaml", LinkerTests.deployment(name, image: "gcr.io/x/\(name)") + LinkerTests.service(name)
                .replacing("metadata: {name: \(name), namespace: shop}", with: "metadata: {name: \(name), namespace: shop, annotations: {\(annotations)}}")
                .replacing("spec: {", with: "spec: {type: LoadBalancer, \(spec)"))
        }
        let services = [
            lb("external", "\(aws)-type: external, \(aws)-nlb-target-type: ip"),
            lb("nlbip", "\(aws)-type: nlb-ip"),
            lb("classed", "example.com/owner: platform", spec: "loadBalancerClass: service.k8s.aws/nlb, "),
            lb("flagged", "\(aws)-type: external, \(aws)-internal: \"true\""),
            lb("facing", "\(aws)-type: external, \(aws)-scheme: internet-facing"),
            lb("classfacing", "\(aws)-scheme: internet-facing", spec: "loadBalancerClass: service.k8s.aws/nlb, "),
            lb("unflagged", "\(aws)-type: nlb-ip, \(aws)-internal: \"false\""),
            lb("intree", "\(aws)-type: nlb"),
            lb("otherclass", "\(aws)-type: external", spec: "loadBalancerClass: example.com/lb, "),
        ]
        let inside = ["external", "nlbip", "classed", "flagged"], facing = ["facing", "classfacing", "unflagged", "intree", "otherclass"]
        for config in ["", "clusters:\n  - {name: prod, provider: aws, region: us-west-2, zones: [us-west-2a, us-west-2b]}\n"] {
            let topology = LinkFixture(files: [(".faultline.yaml", config)] + services).linked().topology
            for name in inside { #expect(topology["k8s:Service/shop/\(name)"]?.isEntrypoint == false, "\(name) \(config)") }
            for name in facing { #expect(topology["k8s:Service/shop/\(name)"]?.isEntrypoint == true, "\(name) \(config)") }
        }
        let gke = LinkFixture(files: [(".faultline.yaml", Self.cluster)] + services).linked().topology
        for name in inside + facing { #expect(gke["k8s:Service/shop/\(name)"]?.isEntrypoint == true, "\(name) on GKE") }
    }

    /// A patch decides for the controller too: one adding the scheme makes the Service public,
    /// one removing every annotation leaves the class (and so the internal default), and overlays
    /// asking differently of it leave it public.
    @Test func patchesDecideForTheAWSLoadBalancerController() throws {
        let base = LinkerTests.deployment("web", image: "gcr.io/x/web") + LinkerTests.service("web")
            .replacing("spec: {", with: "spec: {type: LoadBalancer, loadBalancerClass: service.k8s.aws/nlb, ")
        func patched(_ patch: String) -> Bool? {
            LinkFixture(files: [
                ("k8s/base/app.yaml", base), ("k8s/base/kustomization.yaml", "resources: [app.yaml]\n"),
                ("k8s/prod/kustomization.yaml", "resources: [../base]\n" + patch),
            ]).linked().topology["k8s:Service/shop/web"]?.isEntrypoint
        }
        let scheme = "patches:\n- patch: |\n    apiVersion: v1\n    kind: Service\n    metadata: {name: web, namespace: shop, annotations: {service.beta.kubernetes.io/aws-load-balancer-scheme: internet-facing}}\n"
        let cleared = "patches:\n- patch: |\n    apiVersion: v1\n    kind: Service\n    metadata: {name: web, namespace: shop, annotations: null}\n"
        let unclassed = "patches:\n- target: {kind: Service, name: web}\n  patch: |\n    - op: remove\n      path: /spec/loadBalancerClass\n"
        let classless = "patches:\n- patch: |\n    apiVersion: v1\n    kind: Service\n    metadata: {name: web, namespace: shop}\n    spec: {loadBalancerClass: null}\n"
        #expect(patched("") == false)
        #expect(patched(scheme) == true)
        #expect(patched(cleared) == false)
        #expect(patched(unclassed) == true)
        #expect(patched(classless) == true)
        let twoWays = LinkFixture(files: [
            ("k8s/base/app.yaml", base), ("k8s/base/kustomization.yaml", "resources: [app.yaml]\n"),
            ("k8s/dev/kustomization.yaml", "resources: [../base]\n"), ("k8s/prod/kustomization.yaml", "resources: [../base]\n" + scheme),
        ]).linked().topology
        #expect(twoWays["k8s:Service/shop/web"]?.isEntrypoint == true)
    }

    /// An ExternalName Service needs its host, located at the `externalName:` line.
    @Test func anExternalNameServiceNeedsItsHostAtItsLine() throws {
        let linked = LinkFixture(files: [
            ("k8s/db.yaml", "apiVersion: v1\nkind: Service\nmetadata:\n  name: db\n  namespace: shop\nspec:\n  type: ExternalName\n  externalName: shop.abc123.us-east-1.rds.amazonaws.com\n"),
        ]).linked()
        let requirement = try #require(linked.topology["k8s:Service/shop/db"]?.requirements.first)
        #expect(requirement.alternatives == ["url:shop.abc123.us-east-1.rds.amazonaws.com"])
        #expect(requirement.provenance?.line == 8)
    }

    /// A setting whose name says it holds a host and whose value is a bare name needs the
    /// Service of that name in its namespace, if there is one; otherwise it is no address.
    @Test func aBareServiceNameInAnAddressSettingNeedsThatService() throws {
        let front = Self.deployment("front", image: "nginx", extra: "")
            .replacingOccurrences(of: "containers: [{name: front, image: \"nginx\"}]", with: """
                containers:
                        - name: front
                          image: nginx
                          env:
                            - {name: REDIS, value: "azure-vote-back"}
                            - {name: CACHE_HOST, value: "memcached"}
                            - {name: LOG_LEVEL, value: "info"}
                            - {name: TITLE, value: "back"}
                            - {name: HOSTNAME, value: "front"}
                            - {name: COLLECTOR_HOST, value: "otel-collector"}
                          envFrom: [{configMapRef: {name: front-config}}]
                """)
        let config = "apiVersion: v1\nkind: ConfigMap\nmetadata: {name: front-config, namespace: shop}\ndata:\n  DB_HOST: postgres\n"
        let linked = LinkFixture(files: [
            ("k8s/front.yaml", front + Self.service("front")),
            ("k8s/back.yaml", Self.deployment("azure-vote-back", image: "redis") + Self.service("azure-vote-back") + Self.service("back")),
            ("k8s/db.yaml", Self.deployment("postgres", image: "postgres") + Self.service("postgres")),
            ("k8s/otel.yaml", Self.deployment("otel-collector", image: "otel/opentelemetry-collector") + Self.service("otel-collector")),
            ("k8s/config.yaml", config),
        ]).linked()
        let needs = Set(linked.topology["k8s:Deployment/shop/front"]?.requirements.flatMap(\.alternatives) ?? [])
        #expect(needs.contains("k8s:Service/shop/azure-vote-back"), "\(needs)")
        // `TITLE: back` names no address; memcached has no Service here: no component for it.
        #expect(!needs.contains("k8s:Service/shop/back") && !linked.topology.ids.contains { $0.contains("memcached") }, "\(needs)")
        // `HOSTNAME` names the workload itself; a telemetry collector is written to.
        #expect(!needs.contains("k8s:Service/shop/front") && !needs.contains("k8s:Service/shop/otel-collector"), "\(needs)")
        let configNeeds = linked.topology["k8s:ConfigMap/shop/front-config"]?.requirements.flatMap(\.alternatives) ?? []
        #expect(configNeeds.contains("k8s:Service/shop/postgres") || needs.contains("k8s:Service/shop/postgres"), "\(configNeeds) \(needs)")
    }

    /// Setting names that hold an address: plural forms (`KAFKA_BROKERS`), a host glued to its
    /// client's name (`PGHOST`, libpq's); not a database's or user's name, nor the pod's own.
    @Test(arguments: [
        ("DB_HOST", true), ("PGHOST", true), ("REDISHOST", true), ("KAFKA_BROKERS", true), ("ELASTICSEARCH_HOSTS", true),
        ("MEMCACHED_SERVERS", true), ("REDIS", true), ("POSTGRES_DB", false), ("MYSQL_USER", false), ("HOSTNAME", false),
        ("GHOST", false), ("LOCALHOST", false), ("VIRTUAL_HOST", false), ("OTEL_EXPORTER_OTLP_ENDPOINT", false),
        ("DB_HOST_NAME", true), ("HOST_NAME", false),
    ])
    func settingsNamedForAnAddress(setting: String, address: Bool) {
        #expect(KubernetesObject.namesAnAddress(setting: setting) == address)
    }

    /// A value in capitals names the Service of that name in lower case, as DNS resolves it.
    @Test func aBareNameInCapitalsIsTheServiceInLowerCase() throws {
        let front = Self.deployment("front", image: "nginx", extra: "")
            .replacingOccurrences(of: "containers: [{name: front, image: \"nginx\"}]", with: "containers: [{name: front, image: nginx, env: [{name: PG_HOST, value: DB}]}]")
        let linked = LinkFixture(files: [("k8s/front.yaml", front), ("k8s/db.yaml", Self.deployment("db", image: "postgres") + Self.service("db"))]).linked()
        #expect(linked.topology["k8s:Deployment/shop/front"]?.requirements.flatMap(\.alternatives).contains("k8s:Service/shop/db") == true)
    }

    @Test func workloadsRunInTheirClustersZones() throws {
        let fixture = LinkFixture(files: [(".faultline.yaml", Self.cluster), ("k8s/a.yaml", Self.deployment("a", image: "gcr.io/shop/a:1"))])
        let workload = try #require(fixture.linked().topology["k8s:Deployment/shop/a"])
        #expect(workload.sites.map(\.description) == [
            "{zone:gcp/us-central1/us-central1-a}", "{zone:gcp/us-central1/us-central1-b}", "{zone:gcp/us-central1/us-central1-c}",
        ])
        #expect(fixture.down(in: "zone:gcp/us-central1/us-central1-a").isEmpty)
        #expect(fixture.down(in: "region:gcp/us-central1") == ["k8s:Deployment/shop/a"])
    }

    @Test func aZonePinnedWorkloadFallsWithItsZone() {
        let pinned = Self.deployment("a", image: "gcr.io/shop/a:1", extra: "      nodeSelector: {topology.kubernetes.io/zone: us-central1-b}")
        let fixture = LinkFixture(files: [(".faultline.yaml", Self.cluster), ("k8s/a.yaml", pinned)])
        #expect(fixture.down(in: "zone:gcp/us-central1/us-central1-b") == ["k8s:Deployment/shop/a"])
        #expect(fixture.down(in: "zone:gcp/us-central1/us-central1-a").isEmpty)
        // The nodeSelector is what holds it there; an unpinned workload has no such line.
        #expect(fixture.linked().topology["k8s:Deployment/shop/a"]?.placedBy?.description == "k8s/a.yaml:8")
        let free = LinkFixture(files: [(".faultline.yaml", Self.cluster), ("k8s/a.yaml", Self.deployment("a", image: "gcr.io/shop/a:1"))])
        #expect(free.linked().topology["k8s:Deployment/shop/a"]?.placedBy == nil)
    }

    /// A workload held to one node goes down with that host (and its region), not with a zone:
    /// which zone the node is in, the manifest does not say.
    @Test func aNodePinnedWorkloadFallsWithItsHost() {
        let pinned = Self.deployment("a", image: "gcr.io/shop/a:1", extra: "      nodeName: gke-pool-1-abc")
        let fixture = LinkFixture(files: [(".faultline.yaml", Self.cluster), ("k8s/a.yaml", pinned)])
        #expect(fixture.down(in: "host:gke-pool-1-abc") == ["k8s:Deployment/shop/a"])
        #expect(fixture.down(in: "zone:gcp/us-central1/us-central1-a").isEmpty)
        #expect(fixture.linked().topology["k8s:Deployment/shop/a"]?.placedBy?.description == "k8s/a.yaml:8")
        // Held to a zone as well, it goes down with that zone too.
        let both = LinkFixture(files: [(".faultline.yaml", Self.cluster), ("k8s/a.yaml", Self.deployment(
            "a", image: "gcr.io/shop/a:1", extra: "      nodeName: gke-pool-1-abc\n      nodeSelector: {topology.kubernetes.io/zone: us-central1-b}"))])
        #expect(both.down(in: "zone:gcp/us-central1/us-central1-b") == ["k8s:Deployment/shop/a"])
        #expect(both.down(in: "host:gke-pool-1-abc") == ["k8s:Deployment/shop/a"])
        // A name no node can have is no host: the pod stays in its cluster's zones.
        let odd = LinkFixture(files: [(".faultline.yaml", Self.cluster), ("k8s/a.yaml", pinned.replacing("gke-pool-1-abc", with: "Node/1"))])
        #expect(odd.down(in: "zone:gcp/us-central1/us-central1-a").isEmpty && odd.down(in: "region:gcp/us-central1") == ["k8s:Deployment/shop/a"])
    }

    @Test func gcrSurvivesAnyOneRegionButARegionalArtifactRegistryDoesNot() {
        let multi = LinkFixture(files: [
            (".faultline.yaml", Self.cluster.replacing("us-central1", with: "europe-west1").replacing("europe-west1-a", with: "europe-west1-b").replacing("europe-west1-c", with: "europe-west1-d")),
            ("k8s/a.yaml", Self.deployment("a", image: "gcr.io/shop/a:1")),
        ])
        #expect(multi.down(in: "region:gcp/us-central1").isEmpty)
        #expect(multi.down(in: "region:gcp/us-east1").isEmpty)
        let regional = LinkFixture(files: [
            (".faultline.yaml", Self.cluster.replacing("us-central1", with: "europe-west1").replacing("europe-west1-a", with: "europe-west1-b").replacing("europe-west1-c", with: "europe-west1-d")),
            ("k8s/a.yaml", Self.deployment("a", image: "us-central1-docker.pkg.dev/shop/images/a:1")),
        ])
        #expect(regional.down(in: "region:gcp/us-central1") == ["k8s:Deployment/shop/a"])
    }

    @Test func dockerHubImagesFallWithS3UsEast1AsIn2017() {
        let fixture = LinkFixture(files: [(".faultline.yaml", Self.cluster), ("k8s/a.yaml", Self.deployment("a", image: "nginx:1.25"))])
        #expect(fixture.down(in: "service:aws/us-east-1/s3") == ["k8s:Deployment/shop/a"])
        #expect(fixture.down(in: "saas:dockerhub") == ["k8s:Deployment/shop/a"])
        #expect(fixture.linked().topology["registry:docker.io"]?.sites.map(\.description) == ["{saas:dockerhub}"])
    }

    @Test(arguments: ["nginx:1", "index.docker.io/library/nginx:1", "registry-1.docker.io/library/nginx:1", "registry-1.docker.io/nginx:1"])
    func dockerHubByAnyOfItsNamesIsOneRegistry(image: String) {
        let topology = LinkFixture(files: [(".faultline.yaml", Self.cluster), ("k8s/a.yaml", Self.deployment("a", image: image))]).linked().topology
        #expect(topology.ids.filter { $0.hasPrefix("image:") } == ["image:docker.io/library/nginx"])
        #expect(topology.ids.filter { $0.hasPrefix("registry:") } == ["registry:docker.io"])
    }

    /// A client given both endpoints switches over by itself: settings named apart only by a
    /// failover word are any-of; a read replica's setting, or a list in one setting, is not.
    @Test(arguments: [
        (["ASSETS_URL": "https://assets-east.s3.us-east-1.amazonaws.com/x", "ASSETS_FAILOVER_URL": "https://assets-west.s3.us-west-2.amazonaws.com/x"], false),
        // A list in one setting may name different backends, each needed.
        (["UPSTREAM_URLS": "https://assets-east.s3.us-east-1.amazonaws.com/x,https://assets-west.s3.us-west-2.amazonaws.com/x"], true),
        (["DB_HOST": "db.abc.us-east-1.rds.amazonaws.com", "DB_HOST_SECONDARY": "db.abc.us-west-2.rds.amazonaws.com"], false),
        (["ASSETS_URL": "https://assets-east.s3.us-east-1.amazonaws.com/x", "ASSETS_REPLICA_URL": "https://assets-west.s3.us-west-2.amazonaws.com/x"], true),
        (["ASSETS_URL": "https://assets-east.s3.us-east-1.amazonaws.com/x", "MEDIA_URL": "https://assets-west.s3.us-west-2.amazonaws.com/x"], true),
    ])
    func aClientGivenBothEndpointsFailsOver(env: [String: String], downWithEast: Bool) {
        let variables = env.sorted { $0.key < $1.key }.map { "{name: \($0.key), value: \"\($0.value)\"}" }.joined(separator: ", ")
        let manifest = Self.deployment("a", image: "gcr.io/x/a:1")
            .replacing(#"image: "gcr.io/x/a:1"}"#, with: #"image: "gcr.io/x/a:1", env: ["# + variables + "]}")
        let fixture = LinkFixture(files: [(".faultline.yaml", Self.cluster), ("k8s/a.yaml", manifest)])
        let east = env.values.contains { $0.contains("rds") } ? "service:aws/us-east-1/rds" : "service:aws/us-east-1/s3"
        #expect(fixture.down(in: east).contains("k8s:Deployment/shop/a") == downWithEast, "\(env)")
    }

    /// An endpoint of a known provider whose region its host does not say is placed under
    /// its own name and in that provider's unknown region, so it goes down with the provider
    /// (an Azure registry or web app called from an AWS cluster is a single-provider risk).
    @Test func anEndpointOfUnknownRegionIsPlacedUnderItsOwnNameAndFailsWithItsProvider() {
        let registry = LinkFixture(files: [(".faultline.yaml", Self.cluster), ("k8s/a.yaml", Self.deployment("a", image: "myacr.azurecr.io/app:2"))])
        #expect(registry.linked().topology["registry:myacr.azurecr.io"]?.sites.map(\.description) == ["{unknown:placement/myacr.azurecr.io, unknown:region/azure}"])
        #expect(registry.down(in: "provider:azure") == ["k8s:Deployment/shop/a"])
        let bucket = Self.deployment("a", image: "nginx")
            .replacing(#"image: "nginx"}"#, with: #"image: "nginx", env: [{name: ASSETS, value: "https://assets.storage.googleapis.com/app.js"}]}"#)
        let url = LinkFixture(files: [(".faultline.yaml", Self.cluster), ("k8s/a.yaml", bucket)])
        #expect(url.linked().topology["url:assets.storage.googleapis.com"]?.sites.map(\.description) == ["{unknown:placement/assets.storage.googleapis.com, unknown:region/gcp}"])
        #expect(url.down(in: "provider:gcp").contains("k8s:Deployment/shop/a"))
        #expect(url.down(in: "provider:azure").isEmpty)
    }

    @Test func anUndeclaredClusterIsAnUnknownPlacementWithOneWarningSayingHowToDeclareIt() throws {
        let fixture = LinkFixture(files: [
            ("k8s/a.yaml", Self.deployment("a", image: "gcr.io/shop/a:1")), ("k8s/b.yaml", Self.deployment("b", image: "gcr.io/shop/b:1")),
        ])
        let linked = fixture.linked()
        #expect(linked.topology["k8s:Deployment/shop/a"]?.sites.map(\.description) == ["{unknown:cluster}"])
        let warnings = linked.topology.diagnostics.filter { $0.severity == .warning && $0.summary.contains("cannot place") }
        #expect(warnings.count == 1 && warnings[0].detail.contains("clusters:") && warnings[0].path == "k8s/a.yaml")
        #expect(warnings[0].summary.hasPrefix("2 workloads run on a cluster"))
        #expect(fixture.down(in: "unknown:cluster").count == 2)
        // Two overlays rendering one base declare its workload once.
        let overlays = LinkFixture(files: [
            ("base/kustomization.yaml", "resources: [a.yaml]\n"), ("base/a.yaml", Self.deployment("a", image: "gcr.io/shop/a:1")),
            ("dev/kustomization.yaml", "resources: [../base]\nnamePrefix: dev-\n"), ("prod/kustomization.yaml", "resources: [../base]\nnamePrefix: prod-\n"),
        ]).linked().topology
        let said = overlays.diagnostics.filter { $0.severity == .warning && $0.summary.contains("cannot place") }.map(\.summary)
        #expect(said.count == 1 && said[0].hasPrefix("1 workload run"), "\(said)")
    }

    @Test func severalClustersAreMappedByPathThenNamespace() throws {
        let config = """
            clusters:
              - {name: east, provider: aws, region: us-east-1, zones: [us-east-1a, us-east-1b], paths: [k8s/east/]}
              - {name: west, provider: aws, region: us-west-2, zones: [us-west-2a, us-west-2b], namespaces: [shop]}
            """
        let linked = LinkFixture(files: [
            (".faultline.yaml", config), ("k8s/east/a.yaml", Self.deployment("a", image: "gcr.io/x/a")),
            ("k8s/other/b.yaml", Self.deployment("b", image: "gcr.io/x/b")),
        ]).linked()
        #expect(linked.topology["k8s:Deployment/shop/a"]?.domains.map(\.id).contains("zone:aws/us-east-1/us-east-1a") == true)
        #expect(linked.topology["k8s:Deployment/shop/b"]?.domains.map(\.id).contains("zone:aws/us-west-2/us-west-2a") == true)
    }

    @Test func servicesSelectWorkloadsAndIngressesFaceUsers() throws {
        let manifests = Self.deployment("web", image: "gcr.io/x/web") + """

            ---
            apiVersion: v1
            kind: Service
            metadata: {name: web, namespace: shop}
            spec: {selector: {app: web}}
            ---
            apiVersion: v1
            kind: Service
            metadata: {name: orphan, namespace: shop}
            spec: {selector: {app: nobody}}
            ---
            apiVersion: networking.k8s.io/v1
            kind: Ingress
            metadata: {name: web, namespace: shop}
            spec:
              rules: [{http: {paths: [{path: /, backend: {service: {name: web}}}, {path: /x, backend: {service: {name: gone}}}]}}]
            """
        let linked = LinkFixture(files: [(".faultline.yaml", Self.cluster), ("k8s/web.yaml", manifests)]).linked()
        let topology = linked.topology
        #expect(topology.entrypoints == ["k8s:Ingress/shop/web"])
        #expect(topology["k8s:Service/shop/web"]?.requirements.map(\.alternatives) == [["k8s:Deployment/shop/web"]])
        #expect(topology["k8s:Ingress/shop/web"]?.requirements.map(\.alternatives) == [["k8s:Service/shop/web"]])
        let warnings = topology.diagnostics.filter { $0.severity == .warning }.map(\.summary)
        #expect(warnings.contains { $0.contains("orphan selects no workload") })
        #expect(warnings.contains { $0.contains("routes to Service shop/gone") })
    }


    /// A Deployment in a plain manifest and in a rendered copy is one workload: a Service
    /// selecting it selects one workload, named once.
    @Test func aWorkloadDeclaredInTwoFilesIsSelectedOnce() {
        let service = "\n---\napiVersion: v1\nkind: Service\nmetadata: {name: web, namespace: shop}\nspec: {selector: {app: web}}\n"
        let web = Self.deployment("web", image: "gcr.io/x/web")
        let topology = LinkFixture(files: [
            (".faultline.yaml", Self.cluster), ("k8s/web.yaml", web + service), ("release/all.yaml", web + service),
        ]).linked().topology
        let requirements = topology["k8s:Service/shop/web"]?.requirements ?? []
        #expect(requirements.map(\.alternatives) == [["k8s:Deployment/shop/web"], ["k8s:Deployment/shop/web"]])
        #expect(requirements.allSatisfy { $0.note == "selects 1 workload" })
    }
    /// An operator told which image to start (`--reloader=quay.io/org/reloader:v1`) needs that
    /// image, pulled from quay.io — not a URL component of the registry host; a URL with a
    /// scheme stays a URL.
    @Test func anImageGivenAsAnArgumentIsAnImage() throws {
        let extra = "      containers: [{name: op, image: \"gcr.io/x/op\", args: [\"--reloader=quay.io/org/reloader:v1\", \"--api=https://quay.io/api/v1\"]}]\n"
        let manifest = """
            apiVersion: apps/v1
            kind: Deployment
            metadata: {name: op, namespace: shop}
            spec:
              template:
                metadata: {labels: {app: op}}
                spec:

            """ + extra
        let topology = LinkFixture(files: [(".faultline.yaml", Self.cluster), ("k8s/op.yaml", manifest)]).linked().topology
        let workload = try #require(topology["k8s:Deployment/shop/op"])
        let needs = workload.requirements.flatMap(\.alternatives)
        #expect(needs.contains("image:quay.io/org/reloader"))
        #expect(topology["image:quay.io/org/reloader"]?.requirements.flatMap(\.alternatives).contains("registry:quay.io") == true)
        #expect(needs.contains("url:quay.io"))
        #expect(topology["url:quay.io"]?.provenance.count == 1)
    }

    @Test func configMapEndpointsReachTheWorkloadAndAMissingConfigMapIsANote() throws {
        let manifests = Self.deployment("web", image: "gcr.io/x/web", extra: "") .replacing(
            "containers: [{name: web, image: \"gcr.io/x/web\"}]",
            with: "containers: [{name: web, image: \"gcr.io/x/web\", envFrom: [{configMapRef: {name: cfg}}, {configMapRef: {name: absent}}]}]") + """

            ---
            apiVersion: v1
            kind: ConfigMap
            metadata: {name: cfg, namespace: shop}
            data:
              DB: postgres://db.abc123.eu-west-1.rds.amazonaws.com:5432/app
              API: https://internal.example.com/
            """
        let linked = LinkFixture(files: [(".faultline.yaml", Self.cluster), ("k8s/web.yaml", manifests)]).linked()
        let configMap = try #require(linked.topology["k8s:ConfigMap/shop/cfg"])
        #expect(configMap.requirements.flatMap(\.alternatives) == ["url:db.abc123.eu-west-1.rds.amazonaws.com"])
        #expect(linked.topology["url:db.abc123.eu-west-1.rds.amazonaws.com"]?.domains.map(\.id) == ["service:aws/eu-west-1/rds"])
        #expect(linked.topology.diagnostics.contains { $0.summary.contains("ConfigMap shop/absent is not in this repository") })
    }

    /// Services find each other by in-cluster address: the frontend needs what its env and its
    /// ConfigMap name, so an outage behind the api reaches the frontend's users. A bare word,
    /// or a dotted name no Service of this repository has, is not an address; `api.shop` would
    /// be (the cluster's search domains resolve it before any public `.shop` host).
    @Test func inClusterAddressesNameTheServicesOfThisRepository() throws {
        let env = [
            ("A", "http://api:8080/v1"), ("B", "cart:7070"), ("C", "orders.billing:9000"), ("D", "ledger.billing.svc.cluster.local"),
            ("E", "api"), ("F", "https://api.shop.dev"), ("G", "--peer=search.shop.svc:9200"), ("H", "catalog.other:80"),
        ].map { "{name: \($0.0), value: \"\($0.1)\"}" }.joined(separator: ", ")
        let frontend = Self.deployment("frontend", readingConfigMap: "cfg", env: env)
        let configMap = """

            ---
            apiVersion: v1
            kind: ConfigMap
            metadata: {name: cfg, namespace: shop}
            data:
              nginx.conf: |
                server { location / { proxy_pass http://assets:80; } }
            """
        let topology = LinkFixture(files: [
            (".faultline.yaml", Self.cluster),
            ("k8s/shop.yaml", frontend + configMap + Self.service("api") + Self.service("cart") + Self.service("search") + Self.service("assets") + Self.service("catalog")),
            ("k8s/billing.yaml", Self.service("orders", "billing") + Self.service("ledger", "billing")),
        ]).linked().topology
        let needs = try #require(topology["k8s:Deployment/shop/frontend"]).requirements.flatMap(\.alternatives).filter { $0.hasPrefix("k8s:Service/") }
        #expect(needs == ["k8s:Service/billing/ledger", "k8s:Service/billing/orders", "k8s:Service/shop/api", "k8s:Service/shop/cart", "k8s:Service/shop/search"])
        #expect(topology["k8s:ConfigMap/shop/cfg"]?.requirements.flatMap(\.alternatives) == ["k8s:Service/shop/assets"])
    }

    /// What a workload watches or reports to is not what it needs: Prometheus's scrape targets
    /// (a file kept in a ConfigMap) and a tracing collector named in env stay unlinked, while
    /// an env-style ConfigMap entry links.
    @Test(arguments: [
        ("ZIPKIN_URL", true), ("OTEL_EXPORTER_OTLP_ENDPOINT", true), ("kube-state-metrics", true), ("otel-collector", true),
        ("HOTEL_API_URL", false), ("temporal-frontend", false), ("BIOMETRICS_URL", false), ("payment-collector", false),
    ])
    func telemetryNamesAreWholeWords(name: String, telemetry: Bool) {
        #expect(TopologyBuilder.isTelemetry(name) == telemetry)
    }

    /// A link for people to follow — a runbook, documentation — is named by its setting, in
    /// any case: a link word last, right after a runbook or documentation word, or a map of
    /// runbooks; a document store, a docs bucket or a help API is not one.
    @Test(arguments: [
        ("metrics.prometheusRule.runbookUrl", true), ("RUNBOOK_URL", true), ("runbook_url", true), ("defaultRules.runbookURL", true),
        ("alerts.runbooks.highCPU", true), ("ui.docsUrl", true), ("documentationURL", true), ("HELP_LINK", true), ("wiki.url", true),
        ("DOCDB_HOST", false), ("docs.bucket.endpoint", false), ("DOCS_BUCKET", false), ("repoUrl", false), ("API_URL", false),
        ("runbookless", false), ("URLPath", false), ("DOCS_BUCKET_URL", false), ("HELP_API_URL", false), ("RUNBOOK_DB_HOST", false),
        ("runbooks", false),
    ])
    func documentationLinksAreNamedBySetting(setting: String, link: Bool) {
        #expect(TopologyBuilder.isDocumentationLink(setting: setting) == link)
    }

    @Test func nameWordsAreSplitInAnyCase() {
        #expect(TopologyBuilder.words(of: "runbookURL") == ["runbook", "url"])
        #expect(TopologyBuilder.words(of: "URLPath_v2-x") == ["url", "path", "v", "x"])
        #expect(TopologyBuilder.words(of: "RUNBOOK_URL") == ["runbook", "url"])
    }

    /// An SSH known_hosts ConfigMap (Argo CD's `argocd-ssh-known-hosts-cm`) pins host keys and
    /// connects to nothing, and a runbook link in env is for people; a repository URL beside
    /// them is still needed.
    @Test func hostKeysAndRunbookLinksAreNotDependencies() throws {
        let app = Self.deployment(
            "app", readingConfigMap: "cfg",
            env: "{name: RUNBOOK_URL, value: \"https://github.com/acme/runbooks\"}, {name: REPO_URL, value: \"https://gitlab.com/acme/config.git\"}")
        let configMap = """

            ---
            apiVersion: v1
            kind: ConfigMap
            metadata: {name: cfg, namespace: shop}
            data:
              ssh_known_hosts: |
                github.com ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIOMqqnkVzrm0SdG6UOoqKLsabgH5C9okWi0dh2l9GKJl
                bitbucket.org ssh-rsa AAAAB3NzaC1yc2EAAAABIwAAAQEAubiN81eDcafrgMeLzaFPsw2kNvEcqTKl
              docs_url: https://github.com/acme/docs
            """
        let topology = LinkFixture(files: [(".faultline.yaml", Self.cluster), ("k8s/shop.yaml", app + configMap)]).linked().topology
        let needs = (topology["k8s:Deployment/shop/app"]?.requirements ?? []).flatMap(\.alternatives).filter { $0.hasPrefix("url:") }
        #expect(needs == ["url:gitlab.com"])
        #expect(topology["k8s:ConfigMap/shop/cfg"]?.requirements.isEmpty == true)
        #expect(topology["url:github.com"] == nil && topology["url:bitbucket.org"] == nil)
    }

    @Test func scrapeTargetsAndTelemetryAreNotDependencies() throws {
        let app = Self.deployment("app", readingConfigMap: "cfg", env: "{name: ZIPKIN_URL, value: \"http://zipkin:9411\"}")
        let configMap = """

            ---
            apiVersion: v1
            kind: ConfigMap
            metadata: {name: cfg, namespace: shop}
            data:
              CART_ADDR: "cart:7070"
              prometheus.yml: |
                scrape_configs:
                  - job_name: cart
                    static_configs:
                      - targets: ['cart:7070']
            """
        let topology = LinkFixture(files: [
            (".faultline.yaml", Self.cluster),
            ("k8s/shop.yaml", app + configMap + Self.service("zipkin") + Self.service("cart") + Self.service("kube-state-metrics")),
        ]).linked().topology
        #expect(topology["k8s:Deployment/shop/app"]?.requirements.flatMap(\.alternatives).filter { $0.hasPrefix("k8s:Service") } == [])
        // Named by the env-style entry, not by the scrape target further down.
        #expect(topology["k8s:ConfigMap/shop/cfg"]?.requirements.map { "\($0.alternatives) \($0.provenance?.line ?? 0)" } == ["[\"k8s:Service/shop/cart\"] 15"])
    }

    /// nginx passes a request to the next server of an upstream when one fails, so its servers
    /// are alternatives: adding a backup bucket in another region is the fix, not a second
    /// single-region dependency. A server Faultline cannot place never goes down here, so an
    /// upstream with one needs nothing it can judge.
    @Test func theServersOfAnUpstreamAreAlternatives() throws {
        let config = """
            upstream assets {
              server shop-assets.s3.us-east-1.amazonaws.com:443;
              server shop-assets-dr.s3.eu-west-1.amazonaws.com:443 backup;
            }
            upstream api {
              server api-1.internal.example:8080;
              server api.s3.us-east-1.amazonaws.com:443 backup;
            }
            server { location / { proxy_pass https://assets; } }
            """
        let topology = LinkFixture(files: [("web/nginx.conf", config)]).linked().topology
        let file = try #require(topology["file:web/nginx.conf"])
        #expect(file.requirements.map(\.alternatives) == [["url:shop-assets-dr.s3.eu-west-1.amazonaws.com", "url:shop-assets.s3.us-east-1.amazonaws.com"]])
        #expect(file.requirements.first?.provenance?.line == 2)
        #expect(file.requirements.first?.note == "upstream assets at web/nginx.conf:2")
    }

    /// The images a workflow's jobs run in are on the delivery path of what that workflow
    /// builds; a docs workflow's `node` container does not ship the web image.
    @Test func jobImagesShipWhatTheirWorkflowBuilds() throws {
        let build = """
            on: push
            jobs:
              image:
                runs-on: ubuntu-24.04
                container: ghcr.io/acme/builder:1
                steps:
                  - run: docker build -t ghcr.io/acme/web:1 web
            """
        let docs = """
            on: push
            jobs:
              spell:
                runs-on: ubuntu-24.04
                container: node:20-alpine
                steps:
                  - run: npx cspell docs
            """
        let topology = LinkFixture(files: [
            (".faultline.yaml", Self.cluster), (".github/workflows/build.yml", build), (".github/workflows/docs.yml", docs),
            ("k8s/web.yaml", Self.deployment("web", image: "ghcr.io/acme/web:1")), ("web/Dockerfile", "FROM scratch\n"),
        ]).linked().topology
        let web = try #require(topology["image:ghcr.io/acme/web"])
        let delivery = web.requirements(.deliver).flatMap(\.alternatives)
        #expect(delivery.contains("image:ghcr.io/acme/builder"))
        #expect(!delivery.contains("image:docker.io/library/node"))
        #expect(topology["ci:github-actions"]?.requirements.isEmpty == true)
    }

    /// Within one pipeline file, only the job that builds an image is on its way: an e2e
    /// job's browser container and database service, in the same workflow, ship nothing; a
    /// CircleCI `machine:` job building it runs in no image at all; a GitLab job without an
    /// image of its own runs in the defaults'.
    @Test func onlyTheBuildingJobsImagesShipWhatItBuilds() throws {
        let github = """
            on: push
            jobs:
              e2e:
                runs-on: ubuntu-24.04
                container: mcr.microsoft.com/playwright:v1.47.0
                services: {db: {image: registry.gitlab.com/acme/testdb:1}}
                steps:
                  - run: npx playwright test
              publish:
                runs-on: ubuntu-24.04
                steps:
                  - uses: docker/build-push-action@v6
                    with: {context: web, tags: "ghcr.io/acme/web:1", push: true}
            """
        let circle = """
            version: 2.1
            jobs:
              test:
                docker: [{image: cimg/node:20.11}]
                steps: [checkout, {run: npm test}]
              build:
                machine: {image: ubuntu-2204:current}
                steps: [checkout, {run: docker build -t 123456789012.dkr.ecr.us-east-1.amazonaws.com/api:1 api}]
            """
        let gitlab = """
            default:
              image: docker:27
            lint:
              image: golangci/golangci-lint:v1.60
              script: [golangci-lint run]
            worker:
              script: [docker build -t registry.gitlab.com/acme/worker:1 worker]
            """
        let topology = LinkFixture(files: [
            (".faultline.yaml", Self.cluster), (".github/workflows/ci.yml", github), (".circleci/config.yml", circle), (".gitlab-ci.yml", gitlab),
            ("k8s/web.yaml", Self.deployment("web", image: "ghcr.io/acme/web:1") + "\n---\n" + Self.deployment("api", image: "123456789012.dkr.ecr.us-east-1.amazonaws.com/api:1")
                + "\n---\n" + Self.deployment("worker", image: "registry.gitlab.com/acme/worker:1")),
            ("web/Dockerfile", "FROM scratch\n"), ("api/Dockerfile", "FROM scratch\n"), ("worker/Dockerfile", "FROM scratch\n"),
        ]).linked().topology
        func jobImages(_ id: String) throws -> [String] {
            try #require(topology[id]).requirements(.deliver).filter { $0.note == "job image" }.flatMap(\.alternatives)
        }
        #expect(try jobImages("image:ghcr.io/acme/web") == [])
        #expect(try jobImages("image:123456789012.dkr.ecr.us-east-1.amazonaws.com/api") == [])
        #expect(try jobImages("image:registry.gitlab.com/acme/worker") == ["image:docker.io/library/docker"])
    }

    /// The jobs a build waits for are on its way too: a GitHub job it `needs` (transitively),
    /// a GitLab job of an earlier stage (or the ones its `needs:` names); a later stage's is not.
    @Test func jobsABuildWaitsForShipWhatItBuilds() throws {
        let github = """
            on: push
            jobs:
              lint: {runs-on: ubuntu-24.04, container: docker.io/acme/lint:1, steps: [{run: make lint}]}
              test: {runs-on: ubuntu-24.04, needs: lint, container: quay.io/acme/e2e:1, steps: [{run: make test}]}
              other: {runs-on: ubuntu-24.04, container: mcr.microsoft.com/playwright:v1, steps: [{run: make e2e}]}
              publish:
                runs-on: ubuntu-24.04
                needs: [test]
                steps: [{run: docker build -t ghcr.io/acme/web:1 web}]
            """
        let gitlab = """
            stages: [test, build, deploy]
            unit: {stage: test, image: golang:1.22, script: [go test ./...]}
            package: {stage: build, image: docker:27, script: [docker build -t registry.gitlab.com/acme/worker:1 worker]}
            release: {stage: deploy, image: alpine:3, script: [echo done]}
            .template: {image: node:20}
            """
        let topology = LinkFixture(files: [
            (".faultline.yaml", Self.cluster), (".github/workflows/ci.yml", github), (".gitlab-ci.yml", gitlab),
            ("k8s/web.yaml", Self.deployment("web", image: "ghcr.io/acme/web:1") + "\n---\n" + Self.deployment("worker", image: "registry.gitlab.com/acme/worker:1")),
            ("web/Dockerfile", "FROM scratch\n"), ("worker/Dockerfile", "FROM scratch\n"),
        ]).linked().topology
        func jobImages(_ id: String) throws -> [String] {
            try #require(topology[id]).requirements(.deliver).filter { $0.note == "job image" }.flatMap(\.alternatives).sorted()
        }
        #expect(try jobImages("image:ghcr.io/acme/web") == ["image:docker.io/acme/lint", "image:quay.io/acme/e2e"])
        #expect(try jobImages("image:registry.gitlab.com/acme/worker") == ["image:docker.io/library/docker", "image:docker.io/library/golang"])
        // CircleCI: the jobs a workflow makes the build `require`.
        let circle = """
            version: 2.1
            jobs:
              test: {docker: [{image: cimg/node:20.11}], steps: [checkout, {run: npm test}]}
              lint: {docker: [{image: cimg/python:3.12}], steps: [checkout, {run: make lint}]}
              build: {machine: {image: ubuntu-2204:current}, steps: [checkout, {run: docker build -t 123456789012.dkr.ecr.us-east-1.amazonaws.com/api:1 api}]}
            workflows:
              ship:
                jobs: [test, lint, {build: {requires: [test]}}]
            """
        let circled = LinkFixture(files: [
            (".faultline.yaml", Self.cluster), (".circleci/config.yml", circle),
            ("k8s/api.yaml", Self.deployment("api", image: "123456789012.dkr.ecr.us-east-1.amazonaws.com/api:1")), ("api/Dockerfile", "FROM scratch\n"),
        ]).linked().topology
        let api = try #require(circled["image:123456789012.dkr.ecr.us-east-1.amazonaws.com/api"]).requirements(.deliver)
        #expect(api.filter { $0.note == "job image" }.flatMap(\.alternatives) == ["image:docker.io/cimg/node"])
    }

    /// What a Dockerfile fetches while building (`ADD https://…`) is on the image's delivery
    /// path: the build cannot run without it.
    @Test func whatADockerfileFetchesIsOnItsImagesDeliveryPath() throws {
        let topology = LinkFixture(files: [
            (".faultline.yaml", Self.cluster), ("k8s/web.yaml", Self.deployment("web", image: "gcr.io/acme/web:1")),
            ("web/Dockerfile", "FROM scratch\nADD https://build-deps.s3.us-east-1.amazonaws.com/geoip.mmdb /etc/geoip.mmdb\nCOPY . /app\n"),
            ("web/index.html", "<script src=\"https://app-assets.s3.us-east-1.amazonaws.com/app.js\"></script>\n"),
        ]).linked().topology
        let web = try #require(topology["image:gcr.io/acme/web"])
        #expect(web.requirements(.deliver).contains { $0.alternatives == ["file:web/Dockerfile"] && $0.provenance?.line == 2 })
        #expect(topology["file:web/Dockerfile"]?.requirements.flatMap(\.alternatives) == ["url:build-deps.s3.us-east-1.amazonaws.com"])
        // `COPY .` puts the Dockerfile in the image too, where it runs nothing: not a need to serve.
        #expect(web.requirements(.serve).flatMap(\.alternatives) == ["file:web/index.html", "registry:gcr.io"])
    }

    /// The `ENV` a Dockerfile sets reaches every container running its image, unless the
    /// container sets the same variable; configuration a heredoc writes is needed as it is.
    @Test func whatADockerfileGivesItsContainersIsNeededByTheirWorkloads() throws {
        let dockerfile = """
            FROM nginx:1.25
            ENV ASSETS_URL=https://app-assets.s3.us-east-1.amazonaws.com/ API=http://api:8080
            COPY <<EOF /etc/nginx/conf.d/default.conf
            server { location /img/ { proxy_pass https://img.blob.core.windows.net; } }
            EOF
            """
        let overriding = Self.deployment("web", image: "gcr.io/acme/web:1").replacing(
            "image: \"gcr.io/acme/web:1\"}", with: "image: \"gcr.io/acme/web:1\", env: [{name: ASSETS_URL, value: /static/}]}")
        func needs(_ manifest: String) throws -> [Requirement] {
            let topology = LinkFixture(files: [
                (".faultline.yaml", Self.cluster), ("k8s/web.yaml", manifest + Self.service("web")),
                ("k8s/api.yaml", Self.deployment("api", image: "gcr.io/acme/api:1") + Self.service("api")),
                ("web/Dockerfile", dockerfile),
            ]).linked().topology
            return try #require(topology["k8s:Deployment/shop/web"]).requirements(.serve)
        }
        let plain = try needs(Self.deployment("web", image: "gcr.io/acme/web:1"))
        let located = plain.filter { $0.provenance?.path == "web/Dockerfile" }.map { "\($0.provenance?.line ?? 0) \($0.alternatives)" }
        #expect(located == [
            "2 [\"k8s:Service/shop/api\"]", "2 [\"url:app-assets.s3.us-east-1.amazonaws.com\"]", "4 [\"url:img.blob.core.windows.net\"]",
        ])
        let overridden = try needs(overriding).flatMap(\.alternatives)
        #expect(!overridden.contains("url:app-assets.s3.us-east-1.amazonaws.com"))
        #expect(overridden.contains("url:img.blob.core.windows.net"))
        // A ConfigMap the container reads through envFrom sets the variable too.
        let configMap = "\n---\napiVersion: v1\nkind: ConfigMap\nmetadata: {name: web-config, namespace: shop}\ndata: {ASSETS_URL: /static/}\n"
        let fromConfigMap = try needs(Self.deployment("web", readingConfigMap: "web-config", env: "") + configMap).flatMap(\.alternatives)
        #expect(!fromConfigMap.contains("url:app-assets.s3.us-east-1.amazonaws.com"))
        #expect(fromConfigMap.contains("k8s:Service/shop/api"))
    }

    /// An nginx fallback Faultline cannot place (a maintenance sidecar on the same pod) is no
    /// alternative it can judge: the pass stays needed; a placed one stands in.
    @Test func aFallbackThatCannotBePlacedLeavesThePassNeeded() {
        func needs(_ fallback: String) -> [[String]] {
            let config = "server {\n  location / { proxy_pass https://assets.s3.amazonaws.com; error_page 502 503 504 @maint; }\n  location @maint { proxy_pass \(fallback); }\n}\n"
            return LinkFixture(files: [("web/nginx/site.conf", config)]).linked().topology["file:web/nginx/site.conf"]?.requirements.map(\.alternatives) ?? []
        }
        #expect(needs("http://127.0.0.1:8081") == [["url:assets.s3.amazonaws.com"]])
        #expect(needs("https://assets-eu.s3.eu-west-1.amazonaws.com") == [["url:assets-eu.s3.eu-west-1.amazonaws.com", "url:assets.s3.amazonaws.com"]])
    }

    /// nginx reads a relative include from the main configuration's folder, which may be an
    /// ancestor of the including file; `*` skips dot files (disabled configurations), as
    /// glob(3) does.
    @Test func includesResolveAsNginxDoes() throws {
        let topology = LinkFixture(files: [
            ("web/nginx/nginx.conf", "http {\n  include conf.d/*.conf;\n  include /etc/nginx/mime.types;\n  include snippets/gone.conf;\n}\n"),
            ("web/nginx/conf.d/site.conf", "server {\n  include snippets/proxy.conf;\n}\n"),
            ("web/nginx/snippets/proxy.conf", "location / { proxy_pass https://assets-a.s3.us-east-1.amazonaws.com; }\n"),
            ("web/nginx/conf.d/.old.conf", "server { location / { proxy_pass https://assets-b.s3.eu-west-1.amazonaws.com; } }\n"),
        ]).linked().topology
        let main = try #require(topology["file:web/nginx/nginx.conf"])
        #expect(main.requirements.flatMap(\.alternatives) == ["file:web/nginx/conf.d/site.conf"])
        #expect(topology["file:web/nginx/conf.d/site.conf"]?.requirements.flatMap(\.alternatives) == ["file:web/nginx/snippets/proxy.conf"])
        // What every nginx ships (mime.types) is no news; a snippet of the repository's is.
        #expect(topology.diagnostics.filter { $0.summary.contains("matches no file") }.map(\.summary) == ["include snippets/gone.conf matches no file of this commit"])
    }

    /// An absolute include is the container's path: it names a folder of the repository only
    /// where one of that name is there to be mounted (of two, the including file's closest),
    /// never every file of the name's pattern (`/etc/nginx/conf.d/*.conf` made an nginx.conf
    /// include itself and an unshipped sibling). A mask matching nothing is no warning.
    @Test func anAbsoluteIncludeNamesAFolderOfTheRepositoryOnly() throws {
        let alone = LinkFixture(files: [
            ("proxy/nginx.conf", "http {\n  include /etc/nginx/conf.d/*.conf;\n  include /etc/nginx/snippets/tls.conf;\n}\n"),
            ("proxy/legacy.conf", "server { location / { proxy_pass https://legacy.s3.us-east-1.amazonaws.com; } }\n"),
            ("shared/snippets/tls.conf", "location /t { proxy_pass https://tls.s3.us-east-1.amazonaws.com; }\n"),
        ]).linked().topology
        #expect(alone["file:proxy/nginx.conf"]?.requirements.flatMap(\.alternatives) == ["file:shared/snippets/tls.conf"])
        #expect(!alone.diagnostics.contains { $0.summary.contains("matches no file") })
        let two = LinkFixture(files: [
            ("web/nginx.conf", "http {\n  include /etc/nginx/conf.d/*.conf;\n}\n"),
            ("web/conf.d/site.conf", "server { location / { proxy_pass https://web.s3.us-east-1.amazonaws.com; } }\n"),
            ("api/conf.d/site.conf", "server { location / { proxy_pass https://api.s3.us-east-1.amazonaws.com; } }\n"),
        ]).linked().topology
        #expect(two["file:web/nginx.conf"]?.requirements.flatMap(\.alternatives) == ["file:web/conf.d/site.conf"])
    }

    /// A file of more includes than any configuration has is followed up to the limit, with
    /// one located warning, not resolved include by include against every path.
    @Test func includesPastTheLimitAreNotFollowed() {
        let many = (0..<1_200).map { "include snippets/s\($0).conf;" }.joined(separator: "\n") + "\n"
        let topology = LinkFixture(files: [("web/nginx/nginx.conf", "http {\n" + many + "}\n")]).linked().topology
        let warning = topology.diagnostics.filter { $0.summary.hasPrefix("1200 includes, more than the 1000") }
        #expect(warning.map(\.line) == [1_002])
        #expect(topology.diagnostics.filter { $0.summary.contains("matches no file") }.count == 1_000)
    }

    /// `docker build` leaves what `.dockerignore` names out of the context, so a `COPY .`
    /// does not ship it: the docs page's script is no dependency of the image.
    @Test func aDockerignoredFileIsNotShipped() throws {
        let topology = LinkFixture(files: [
            (".faultline.yaml", Self.cluster), ("k8s/web.yaml", Self.deployment("web", image: "gcr.io/acme/web:1")),
            ("web/Dockerfile", "FROM nginx\nCOPY . /usr/share/nginx/html\n"), ("web/.dockerignore", "docs\n"),
            ("web/index.html", "<script src=\"https://app-assets.s3.us-east-1.amazonaws.com/app.js\"></script>\n"),
            ("web/docs/guide.html", "<script src=\"https://doc-assets.s3.us-east-1.amazonaws.com/d.js\"></script>\n"),
        ]).linked().topology
        let shipped = try #require(topology["image:gcr.io/acme/web"]).requirements(.serve).flatMap(\.alternatives)
        #expect(shipped.contains("file:web/index.html"))
        #expect(!shipped.contains("file:web/docs/guide.html"))
    }

    /// A Dockerfile's own ignore file (`Dockerfile.dockerignore` beside it) is used instead of
    /// the context's `.dockerignore`, as BuildKit does.
    @Test func aDockerfilesOwnIgnoreFileWins() throws {
        let topology = LinkFixture(files: [
            (".faultline.yaml", Self.cluster), ("k8s/web.yaml", Self.deployment("web", image: "gcr.io/acme/web:1")),
            ("web/Dockerfile", "FROM nginx\nCOPY . /usr/share/nginx/html\n"), ("web/.dockerignore", "docs\n"),
            ("web/Dockerfile.dockerignore", "dev\n"),
            ("web/index.html", "<script src=\"https://app-assets.s3.us-east-1.amazonaws.com/app.js\"></script>\n"),
            ("web/docs/guide.html", "<script src=\"https://doc-assets.s3.us-east-1.amazonaws.com/d.js\"></script>\n"),
            ("web/dev/playground.html", "<script src=\"https://dev-assets.s3.us-east-1.amazonaws.com/p.js\"></script>\n"),
        ]).linked().topology
        let shipped = try #require(topology["image:gcr.io/acme/web"]).requirements(.serve).flatMap(\.alternatives)
        #expect(shipped.contains("file:web/index.html"))
        #expect(!shipped.contains("file:web/dev/playground.html"))
        // The context's list does not apply to this Dockerfile's build.
        #expect(shipped.contains("file:web/docs/guide.html"))
        #expect(DockerignoreReader().accepts(path: "web/Dockerfile.dockerignore"))
        #expect(DockerignoreReader().accepts(path: "web/app.Dockerfile.dockerignore"))
        #expect(!DockerignoreReader().accepts(path: "web/notes.dockerignore"))
        #expect(ReaderRegistry.reader(for: "web/Dockerfile.dockerignore")?.name == "dockerignore")
    }

    @Test func zonalVolumesPinAStatefulSet() throws {
        let manifests = """
            apiVersion: storage.k8s.io/v1
            kind: StorageClass
            metadata: {name: zonal}
            allowedTopologies: [{matchLabelExpressions: [{key: topology.kubernetes.io/zone, values: [us-central1-c]}]}]
            ---
            apiVersion: apps/v1
            kind: StatefulSet
            metadata: {name: db, namespace: shop}
            spec:
              template:
                spec:
                  containers: [{name: db, image: gcr.io/x/db}]
              volumeClaimTemplates:
                - metadata: {name: data}
                  spec: {storageClassName: zonal}
            """
        let fixture = LinkFixture(files: [(".faultline.yaml", Self.cluster), ("k8s/db.yaml", manifests)])
        #expect(fixture.linked().topology["k8s:StatefulSet/shop/db"]?.sites.map(\.description) == ["{zone:gcp/us-central1/us-central1-c}"])
        #expect(fixture.down(in: "zone:gcp/us-central1/us-central1-c") == ["k8s:StatefulSet/shop/db"])
    }

    @Test func declaredEntrypointsOwnersAndDependenciesApply() throws {
        let config = Self.cluster + """

            entrypoints: [k8s:Deployment/shop/a, k8s:Deployment/shop/ghost]
            dependencies:
              - {component: k8s:Deployment/shop/a, endpoint: "https://bucket-x.s3.us-west-2.amazonaws.com", phase: serve}
            """
        let linked = LinkFixture(files: [(".faultline.yaml", config), ("k8s/a.yaml", Self.deployment("a", image: "gcr.io/x/a"))]).linked()
        #expect(linked.topology.entrypoints == ["k8s:Deployment/shop/a"])
        #expect(linked.topology["k8s:Deployment/shop/a"]?.requirements.flatMap(\.alternatives).contains("url:bucket-x.s3.us-west-2.amazonaws.com") == true)
        #expect(linked.topology.diagnostics.contains { $0.summary.contains("entrypoint k8s:Deployment/shop/ghost names no component") && $0.line == 3 })
    }

    @Test func nonLiteralImagesAreANoteNotAGuess() throws {
        let linked = LinkFixture(files: [(".faultline.yaml", Self.cluster), ("k8s/a.yaml", Self.deployment("a", image: "$REGISTRY/app:${TAG}"))]).linked()
        #expect(linked.topology["k8s:Deployment/shop/a"]?.requirements.isEmpty == true)
        #expect(linked.topology.diagnostics.contains { $0.severity == .note && $0.summary.contains("not a literal reference") })
    }
}

@Suite struct SkaffoldTests {
    static let skaffold = """
        apiVersion: skaffold/v3
        kind: Config
        build:
          artifacts:
            - image: frontend
              context: src/frontend
        profiles:
          - name: debug
            build:
              artifacts:
                - {image: cartservice, context: src/cartservice/src, docker: {dockerfile: Dockerfile.debug}}
        """

    @Test func skaffoldArtifactsAreRead() {
        let facts = KubernetesReader().read(path: "skaffold.yaml", bytes: Array(Self.skaffold.utf8))
        #expect(facts.localImages == [
            ImageBuild(image: "frontend", context: "src/frontend", line: 5),
            ImageBuild(image: "cartservice", context: "src/cartservice/src", dockerfile: "src/cartservice/src/Dockerfile.debug", line: 11),
        ])
        #expect(facts.diagnostics.isEmpty)
    }

    @Test func anOlderSkaffoldConfigNamesItsArtifactsImageNameAndWorkspace() {
        let skaffold = """
            apiVersion: skaffold/v1alpha2
            kind: Config
            build:
              artifacts:
              - imageName: frontend
                workspace: src/frontend
            """
        let facts = KubernetesReader().read(path: "skaffold.yaml", bytes: Array(skaffold.utf8))
        #expect(facts.localImages == [ImageBuild(image: "frontend", context: "src/frontend", line: 5)])
        #expect(facts.diagnostics.isEmpty)
    }

    @Test func aPlaceholderImageIsBuiltHereNotPulledFromDockerHub() throws {
        let fixture = LinkFixture(files: [
            (".faultline.yaml", LinkerTests.cluster), ("skaffold.yaml", Self.skaffold),
            ("k8s/frontend.yaml", LinkerTests.deployment("frontend", image: "frontend")),
            ("src/frontend/Dockerfile", "FROM golang:1.22 AS build\nCOPY . .\nFROM gcr.io/distroless/static\nCOPY --from=build /app /app\n"),
        ])
        let topology = fixture.linked().topology
        let image = try #require(topology["image:local/frontend"])
        #expect(image.requirements(.serve).isEmpty)
        #expect(Set(image.requirements(.deliver).flatMap(\.alternatives)) == ["image:docker.io/library/golang", "image:gcr.io/distroless/static"])
        #expect(topology["image:docker.io/library/frontend"] == nil)
        #expect(fixture.down(in: "saas:dockerhub").isEmpty)
        #expect(topology.diagnostics.contains { $0.summary.contains("built by Skaffold (skaffold.yaml:5)") })
    }

    /// A bare name that is none of Docker Hub's official images pulls nothing there
    /// (`library/store-admin` does not exist): a deploy tool names the real image (`kustomize
    /// edit set image`, azd). It is built here, from the folder named like it, so the files its
    /// Dockerfile copies count; an official name (`redis`) is still Docker Hub's.
    @Test func aBareNameNoOfficialImageHasIsBuiltHere() throws {
        let fixture = LinkFixture(files: [
            (".faultline.yaml", LinkerTests.cluster),
            ("k8s/admin.yaml", LinkerTests.deployment("store-admin", image: "store-admin:latest") + LinkerTests.service("store-admin").replacing("spec: {", with: "spec: {type: LoadBalancer, ")),
            ("k8s/cache.yaml", LinkerTests.deployment("cache", image: "redis:7")),
            ("src/store-admin/Dockerfile", "FROM gcr.io/distroless/static\nCOPY index.html /srv/\n"),
            ("src/store-admin/index.html", "<script src=\"https://admin-assets.s3.amazonaws.com/app.js\"></script>\n"),
        ])
        let topology = fixture.linked().topology
        #expect(topology["image:docker.io/library/store-admin"] == nil)
        let image = try #require(topology["image:local/store-admin"])
        #expect(image.requirements(.serve).flatMap(\.alternatives) == ["file:src/store-admin/index.html"])
        #expect(fixture.down(in: "service:aws/us-east-1/s3") == ["k8s:Service/shop/store-admin"])
        #expect(topology["k8s:Deployment/shop/cache"]?.requirements.flatMap(\.alternatives) == ["image:docker.io/library/redis"])
        #expect(topology.diagnostics.filter { $0.summary.contains("is no official Docker Hub image") }.map(\.path) == ["k8s/admin.yaml"])
        // Without a folder of that name it stays Docker Hub's (an official image newer than
        // the catalog's list keeps its dependency).
        let unlisted = LinkFixture(files: [(".faultline.yaml", LinkerTests.cluster), ("k8s/a.yaml", LinkerTests.deployment("a", image: "brand-new-official:1"))])
        #expect(unlisted.linked().topology["image:docker.io/library/brand-new-official"] != nil)
        // A catalog without the list reads every bare name as Docker Hub's, as before.
        let facts = fixture.files.compactMap { path, text in ReaderRegistry.reader(for: path)?.read(path: path, bytes: Array(text.utf8)) }
        var catalog = Catalog.builtin
        if let index = catalog.saas.firstIndex(where: { $0.id == "dockerhub" }) { catalog.saas[index].officialImages = [] }
        #expect(Linker(catalog: catalog).link(facts, commit: nil).topology["image:docker.io/library/store-admin"] != nil)
    }

    /// A released manifest names the registry Skaffold pushed the artifact to; the image is
    /// still built from the artifact's folder, though that folder is not named after it.
    @Test func aReleasedImageIsBuiltFromItsSkaffoldArtifactsFolder() throws {
        let fixture = LinkFixture(files: [
            (".faultline.yaml", LinkerTests.cluster), ("skaffold.yaml", Self.skaffold),
            ("release/cart.yaml", LinkerTests.deployment("cart", image: "us-docker.pkg.dev/acme/shop/cartservice:v1")),
            ("src/cartservice/src/Dockerfile.debug", "FROM mcr.microsoft.com/dotnet/sdk:8.0\n"),
        ])
        let image = try #require(fixture.linked().topology["image:us-docker.pkg.dev/acme/shop/cartservice"])
        #expect(image.requirements(.deliver).flatMap(\.alternatives).contains("image:mcr.microsoft.com/dotnet/sdk"))
    }

    /// A Dockerfile in a folder named like an image is that image's build — but not for an
    /// official Docker Hub image, and not when the Dockerfile starts from the image itself.
    @Test func aFolderNamedLikeAStockImageDoesNotBuildIt() throws {
        let conf = "server { location / { proxy_pass https://assets.s3.us-west-2.amazonaws.com; } }\n"
        let files = [
            (".faultline.yaml", LinkerTests.cluster),
            ("k8s/web.yaml", LinkerTests.deployment("web", image: "nginx:1.25")),
            ("k8s/edge.yaml", LinkerTests.deployment("edge", image: "ghcr.io/acme/edge:1")),
            ("proxy/nginx/Dockerfile", "FROM nginx:1.19.7-alpine\nCOPY nginx.conf /etc/nginx/nginx.conf\n"),
            ("proxy/nginx/nginx.conf", conf),
            ("proxy/edge/Dockerfile", "FROM ghcr.io/acme/edge:0\nCOPY nginx.conf /etc/nginx/nginx.conf\n"),
            ("proxy/edge/nginx.conf", conf),
            ("app/edge/Dockerfile", "FROM nginx:1.25\nCOPY nginx.conf /etc/nginx/nginx.conf\n"),
            ("app/edge/nginx.conf", conf),
        ]
        let topology = LinkFixture(files: files).linked().topology
        let stock = try #require(topology["image:docker.io/library/nginx"]).requirements.flatMap(\.alternatives)
        #expect(!stock.contains { $0.hasPrefix("file:") })
        let edge = try #require(topology["image:ghcr.io/acme/edge"]).requirements.flatMap(\.alternatives)
        #expect(edge.contains("file:app/edge/nginx.conf"))
        #expect(!edge.contains("file:proxy/edge/nginx.conf"))
    }

    /// A variable only in an image's tag leaves its name, and so its registry, known; one in
    /// its registry or repository does not.
    @Test func aVariableInTheTagKeepsTheImagesName() throws {
        let linker = Linker()
        #expect(linker.imageReference("golang:$GO_VERSION")?.name == "docker.io/library/golang")
        #expect(linker.imageReference("node:${{ matrix.node }}")?.name == "docker.io/library/node")
        #expect(linker.imageReference("123456789012.dkr.ecr.us-east-1.amazonaws.com/app:${TAG:-latest}")?.name == "123456789012.dkr.ecr.us-east-1.amazonaws.com/app")
        #expect(linker.imageReference("ghcr.io/acme/api@${DIGEST}")?.name == "ghcr.io/acme/api")
        #expect(linker.imageReference("$REGISTRY/app:1") == nil)
        #expect(linker.imageReference("ghcr.io/$ORG/app:1") == nil)
        #expect(linker.imageReference("${{ matrix.image }}") == nil)
        #expect(linker.imageReference("ghcr.io/acme/app:$(git rev-parse HEAD)") == nil)
        let topology = LinkFixture(files: [
            (".faultline.yaml", LinkerTests.cluster),
            ("k8s/web.yaml", LinkerTests.deployment("web", image: "123456789012.dkr.ecr.us-east-1.amazonaws.com/app:${TAG}")),
        ]).linked().topology
        let image = try #require(topology["image:123456789012.dkr.ecr.us-east-1.amazonaws.com/app"])
        let registry = try #require(image.requirements.first?.alternatives.first)
        #expect(topology[registry]?.sites.flatMap(\.domains).map(\.id).contains { $0.contains("us-east-1") } == true)
    }
}
