import Model
import Testing
@testable import Readers

/// A values file stands for the release deployed with it: Weave Cloud's change made in a
/// Helm chart's values is seen without rendering the chart.
@Suite struct HelmReleaseLinkTests {
    static let cluster = KustomizeImagesTests.cluster
    static let ecr = "123456789012.dkr.ecr.us-east-1.amazonaws.com/weave/ui"

    static let defaults = """
        image:
          repository: gcr.io/weaveworks/ui
          tag: "1.0"
        assets:
          baseUrl: https://cdn.example.com/ui
        ingress:
          enabled: true
        """

    static func fixture(_ files: [(String, String)]) -> LinkFixture {
        LinkFixture(files: [(".faultline.yaml", Self.cluster), ("charts/ui/Chart.yaml", "apiVersion: v2\nname: ui\nversion: 1.0.0\n")] + files)
    }

    /// The assets moved to a bucket in us-east-1 in the chart's values: the release, which
    /// faces users through its ingress, goes down with S3 there.
    /// The settings of `helm test` hooks (`test.image`) name nothing the release runs: not
    /// where the chart's templates use them only in a test hook, nor for a chart that is not in
    /// the repository; where another template uses them, they are the release's.
    @Test func helmTestSettingsAreTheReleasesOnlyWhereItsTemplatesUseThem() throws {
        let values = "image: {repository: quay.io/acme/app, tag: \"1\"}\ningress: {enabled: true}\ntests:\n  image: {repository: busybox, tag: latest}\n"
        let hook = "apiVersion: v1\nkind: Pod\nmetadata:\n  name: {{ .Release.Name }}-test\n  annotations:\n    \"helm.sh/hook\": test\nspec:\n  containers:\n    - image: {{ .Values.tests.image.repository }}\n"
        let deployment = "apiVersion: apps/v1\nkind: Deployment\nmetadata: {name: {{ .Release.Name }}}\nspec:\n  template:\n    spec:\n      containers:\n        - image: {{ .Values.image.repository }}\n        - image: {{ .Values.tests.image.repository }}\n"
        let chart = "apiVersion: v2\nname: shop\nversion: 1.0.0\n"
        func images(_ files: [(String, String)]) -> [String] {
            let topology = LinkFixture(files: [(".faultline.yaml", KustomizeImagesTests.cluster), ("chart/Chart.yaml", chart), ("chart/values.yaml", values)] + files)
                .linked().topology
            return topology["helm:chart/values.yaml"]?.requirements.flatMap(\.alternatives).filter { $0.hasPrefix("image:") }.sorted() ?? []
        }
        #expect(images([("chart/templates/tests/test-connection.yaml", hook)]) == ["image:quay.io/acme/app"])
        #expect(images([]) == ["image:quay.io/acme/app"])
        #expect(images([("chart/templates/tests/test-connection.yaml", hook), ("chart/templates/deployment.yaml", deployment)])
            == ["image:docker.io/library/busybox", "image:quay.io/acme/app"])
    }

    @Test func assetsMovedToS3InTheValuesAreSeen() throws {
        let before = Self.fixture([("charts/ui/values.yaml", Self.defaults)])
        #expect(before.down(in: "service:aws/us-east-1/s3").isEmpty)
        let moved = Self.fixture([("charts/ui/values.yaml", Self.defaults.replacing("https://cdn.example.com/ui", with: "https://weave-assets.s3.amazonaws.com/ui"))])
        #expect(moved.down(in: "service:aws/us-east-1/s3") == ["helm:charts/ui/values.yaml"])
        let topology = moved.linked().topology
        let release = try #require(topology["helm:charts/ui/values.yaml"])
        #expect(release.isEntrypoint)
        #expect(release.provenance.map { "\($0.path):\($0.line ?? 0)" } == ["charts/ui/values.yaml:7"])
        #expect(release.requirements.first { $0.alternatives == ["image:gcr.io/weaveworks/ui"] }?.provenance?.line == 2)
        #expect(topology["image:gcr.io/weaveworks/ui"]?.requirements.isEmpty == false)
    }

    /// A Flux post-build substitution with a default stands for its default: a release whose
    /// Service type is `${service:=LoadBalancer}` faces users, as does such a Service.
    @Test func aSubstitutionsDefaultDecidesTheExposure() throws {
        let release = """
            apiVersion: helm.toolkit.fluxcd.io/v2
            kind: HelmRelease
            metadata: {name: gateway, namespace: istio-system}
            spec:
              chart: {spec: {chart: gateway}}
              values:
                service:
                  type: "${service:=LoadBalancer}"
            """
        let service = "apiVersion: v1\nkind: Service\nmetadata: {name: web, namespace: shop}\nspec:\n  type: ${web_type:-NodePort}\n  selector: {app: web}\n"
        let topology = LinkFixture(files: [(".faultline.yaml", Self.cluster), ("flux/gateway.yaml", release), ("k8s/web.yaml", service)]).linked().topology
        #expect(topology["k8s:HelmRelease/istio-system/gateway"]?.isEntrypoint == true)
        #expect(topology["k8s:Service/shop/web"]?.isEntrypoint == true)
        #expect(HelmValuesFact.Setting.withSubstitutionDefault("${x}") == "${x}")
    }

    /// A chart's template written without template syntax (a Service beside templated
    /// Deployments, as in Sock Shop's chart) is deployed as it is: it needs the chart's
    /// release, which stands for the templated workloads it selects, rather than selecting
    /// nothing; and an image mapping may name its repository `repo`.
    @Test func aPlainTemplateServiceNeedsTheChartsRelease() throws {
        let values = "frontend:\n  image: {repo: weaveworksdemos/front-end, tag: 0.3.12}\n"
        let deployment = "apiVersion: apps/v1\nkind: Deployment\nmetadata: {name: front-end}\nspec:\n  replicas: {{ .Values.frontend.replicas }}\n"
        let service = "apiVersion: v1\nkind: Service\nmetadata: {name: front-end}\nspec: {type: NodePort, selector: {name: front-end}}\n"
        let fixture = Self.fixture([
            ("charts/ui/values.yaml", values), ("charts/ui/templates/front-end-dep.yaml", deployment),
            ("charts/ui/templates/front-end-svc.yaml", service),
        ])
        let topology = fixture.linked().topology
        #expect(topology["k8s:Service/default/front-end"]?.requirements.flatMap(\.alternatives) == ["helm:charts/ui/values.yaml"])
        #expect(!topology.diagnostics.contains { $0.summary.contains("selects no workload") })
        #expect(topology["helm:charts/ui/values.yaml"]?.requirements.flatMap(\.alternatives).contains("image:docker.io/weaveworksdemos/front-end") == true)
        #expect(fixture.down(in: "saas:dockerhub") == ["k8s:Service/default/front-end"])
        // The same Service outside a chart's templates still selects nothing.
        let plain = Self.fixture([("charts/ui/values.yaml", values), ("k8s/front-end-svc.yaml", service)])
        #expect(plain.linked().topology.diagnostics.contains { $0.summary == "Service default/front-end selects no workload of this repository" })
    }

    /// An environment's values are read over the chart's defaults: its registry replaces the
    /// defaults' (located in its file), its own assets setting replaces theirs whatever its
    /// value, and the ingress it does not set comes from the defaults.
    @Test func anEnvironmentsValuesAreReadOverTheDefaults() throws {
        let prod = "image:\n  registry: 123456789012.dkr.ecr.us-east-1.amazonaws.com\n  repository: weave/ui\nassets:\n  baseUrl: /static\n"
        let fixture = Self.fixture([
            ("charts/ui/values.yaml", Self.defaults.replacing("https://cdn.example.com/ui", with: "https://weave-assets.s3.amazonaws.com/ui")),
            ("charts/ui/values-prod.yaml", prod),
        ])
        let topology = fixture.linked().topology
        let release = try #require(topology["helm:charts/ui/values-prod.yaml"])
        #expect(release.isEntrypoint)
        #expect(release.provenance.map(\.path) == ["charts/ui/values.yaml"])
        let image = try #require(release.requirements.first { $0.alternatives.first?.hasPrefix("image:") == true })
        #expect(image.alternatives == ["image:\(Self.ecr)"])
        #expect(image.provenance?.path == "charts/ui/values-prod.yaml")
        #expect(!release.requirements.contains { $0.alternatives.contains { $0.contains("weave-assets") } })
        #expect(Set(fixture.down(in: "service:aws/us-east-1/ecr")) == ["helm:charts/ui/values-prod.yaml"])
        #expect(Set(fixture.down(in: "service:aws/us-east-1/s3")) == ["helm:charts/ui/values.yaml"])
    }

    /// An environment turning the ingress off takes the release off the user-facing list;
    /// values naming nothing make no component.
    @Test func exposureFollowsTheLastWordAndEmptyValuesMakeNothing() throws {
        let topology = Self.fixture([
            ("charts/ui/values.yaml", Self.defaults),
            ("charts/ui/values-internal.yaml", "ingress:\n  enabled: false\n"),
            ("charts/lib/values.yaml", "replicas: 2\nresources: {}\n"),
        ]).linked().topology
        #expect(topology["helm:charts/ui/values-internal.yaml"]?.isEntrypoint == false)
        #expect(topology["helm:charts/ui/values.yaml"]?.isEntrypoint == true)
        #expect(topology["helm:charts/lib/values.yaml"] == nil)
    }

    /// A part of the chart switched off deploys neither its images nor its exposure, until an
    /// environment's values switch it on; its other values still count (`postgresql.enabled:
    /// false` beside `postgresql.host` is how charts use an external database). A mapping with
    /// `repository` and `tag` is an image whatever its key.
    @Test func aSwitchedOffPartDeploysNoImageUntilSwitchedOn() throws {
        let defaults = Self.defaults + "\nredis:\n  enabled: false\n  repository: docker.io/bitnami/redis\n  tag: \"7\"\n"
            + "postgresql:\n  enabled: false\n  host: shop.abc123.us-east-1.rds.amazonaws.com\n"
            + "admin:\n  enabled: false\n  service: {type: LoadBalancer}\n"
        let topology = Self.fixture([
            ("charts/ui/values.yaml", defaults),
            ("charts/ui/values-cache.yaml", "redis:\n  enabled: true\n"),
        ]).linked().topology
        let needs = { (id: String) in topology[id]?.requirements.flatMap(\.alternatives) ?? [] }
        #expect(needs("helm:charts/ui/values.yaml").filter { $0.hasPrefix("image:") } == ["image:gcr.io/weaveworks/ui"])
        #expect(needs("helm:charts/ui/values.yaml").contains { $0.contains("rds.amazonaws.com") })
        #expect(needs("helm:charts/ui/values-cache.yaml").filter { $0.hasPrefix("image:") }.sorted() == ["image:docker.io/bitnami/redis", "image:gcr.io/weaveworks/ui"])
        let redis = try #require(topology["helm:charts/ui/values-cache.yaml"]?.requirements.first { $0.alternatives == ["image:docker.io/bitnami/redis"] })
        #expect(redis.provenance.map { "\($0.path):\($0.line ?? 0)" } == "charts/ui/values.yaml:10")
        // Its exposure is the ingress's, not the switched-off admin Service's.
        #expect(topology["helm:charts/ui/values.yaml"]?.provenance.map(\.line) == [7])
    }

    /// What is configured deeper in a switched-off part is not needed (harbor's
    /// `registry.middleware.cloudFront.baseurl` beside `middleware.enabled: false`), until an
    /// environment's values switch it on; a part switched on needs what it names.
    @Test func whatASwitchedOffPartConfiguresIsNotNeeded() throws {
        let defaults = Self.defaults + """

            registry:
              middleware:
                enabled: false
                type: cloudFront
                cloudFront:
                  baseurl: example.cloudfront.net
                  keypairid: KEYPAIRID
            storage:
              enabled: true
              s3:
                regionendpoint: https://weave-assets.s3.amazonaws.com
            """
        let topology = Self.fixture([
            ("charts/ui/values.yaml", defaults),
            ("charts/ui/values-cdn.yaml", "registry:\n  middleware:\n    enabled: true\n"),
        ]).linked().topology
        let needs = { (id: String) in topology[id]?.requirements.flatMap(\.alternatives).filter { $0.hasPrefix("url:") } ?? [] }
        #expect(needs("helm:charts/ui/values.yaml") == ["url:weave-assets.s3.amazonaws.com"])
        #expect(needs("helm:charts/ui/values-cdn.yaml").sorted() == ["url:example.cloudfront.net", "url:weave-assets.s3.amazonaws.com"])
        #expect(TopologyBuilder.isNested("a.b.c", under: ["a"]) && TopologyBuilder.isNested("a.b.c.d", under: ["a.b"]))
        #expect(!TopologyBuilder.isNested("a.b", under: ["a"]) && !TopologyBuilder.isNested("a.b.0", under: ["a"]) && !TopologyBuilder.isNested("a.b.c", under: ["a.b.c"]))
    }

    /// A host key pinned in the values (argo-cd's `config.knownHosts`) and a runbook link
    /// put into alerts (thanos's `metrics.prometheusRule.runbookUrl`) connect to nothing;
    /// a repository URL beside them is still needed.
    @Test func hostKeysAndRunbookLinksInValuesAreNotNeeded() throws {
        let values = Self.defaults + """

            config:
              knownHosts: |
                github.com ssh-rsa AAAAB3NzaC1yc2EAAAABIwAAAQEAq2A7hRGmdnm9
                gitlab.com ecdsa-sha2-nistp256 AAAAE2VjZHNhLXNoYTItbmlzdHAyNTYAAAAIbmlzdHAyNTYAAABBBFSMqzJeV9rUzU4kWitGjeR4PWSa29SPqJ1fVkhtj3Hw9xjLVXVYrU9QlYWrOLXBpQ6KWjbjTDTdDkoohFzgbEY=
              repositories:
                - url: https://api.github.com/acme/config
            metrics:
              prometheusRule:
                runbookUrl: https://gitlab.com/acme/runbooks/-/blob/main/README.md#
            """
        let topology = Self.fixture([("charts/ui/values.yaml", values)]).linked().topology
        let needs = topology["helm:charts/ui/values.yaml"]?.requirements.flatMap(\.alternatives).filter { $0.hasPrefix("url:") } ?? []
        #expect(needs == ["url:api.github.com"])
    }

    /// Every item of a list is its own setting: a second sidecar's image counts. A list an
    /// environment's values set again, even empty, replaces the defaults' whole.
    @Test func listItemsAreSettingsOfTheirOwnAndAListIsReplacedWhole() throws {
        let defaults = Self.defaults + "\nsidecars:\n  - {name: a, image: gcr.io/shop/a:1}\n  - {name: b, image: \(Self.ecr):2}\n"
            + "extraEnv:\n  - {name: BUCKET, value: https://weave-assets.s3.amazonaws.com}\n"
        let topology = Self.fixture([
            ("charts/ui/values.yaml", defaults),
            ("charts/ui/values-prod.yaml", "extraEnv: []\nsidecars: []\n"),
        ]).linked().topology
        let needs = { (id: String) in topology[id]?.requirements.flatMap(\.alternatives) ?? [] }
        #expect(needs("helm:charts/ui/values.yaml").contains("image:\(Self.ecr)"))
        #expect(needs("helm:charts/ui/values.yaml").contains("image:gcr.io/shop/a"))
        #expect(needs("helm:charts/ui/values.yaml").contains { $0.contains("weave-assets") })
        #expect(needs("helm:charts/ui/values-prod.yaml") == ["image:gcr.io/weaveworks/ui"])
    }
}
