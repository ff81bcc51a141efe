import Model
import Testing
@testable import Readers

/// Helm values files: the images, endpoints and exposure settings of the release deployed
/// with them, by Helm's conventions.
@Suite struct HelmValuesReaderTests {
    static func read(_ text: String, path: String = "charts/web/values.yaml") throws -> HelmValuesFact {
        let facts = HelmValuesReader().read(path: path, bytes: Array(text.utf8))
        #expect(facts.diagnostics.isEmpty)
        return try #require(facts.helmValues)
    }

    @Test(arguments: [
        ("charts/web/values.yaml", true), ("values.yml", true), ("env/prod/values-prod.yaml", true), ("values.prod.yaml", true),
        ("prod-values.yaml", true), ("prod.values.yml", true), ("values_eu.yaml", true), ("myvalues.yaml", false),
        ("values.json", false), ("k8s/deployment.yaml", false),
    ])
    func acceptsValuesFilesByName(path: String, accepted: Bool) {
        #expect(HelmValuesReader().accepts(path: path) == accepted)
        #expect((ReaderRegistry.reader(for: path)?.name == "helm-values") == accepted)
    }

    /// An `image:` string, an image mapping's parts, any key ending in `image`; a templated
    /// or part-less one is no image.
    @Test func readsImagesInHelmsUsualShapes() throws {
        let values = try Self.read("""
            image:
              registry: docker.io
              repository: bitnami/redis
              tag: "7.2"
              pullPolicy: Always
            sidecarImage: quay.io/prometheus/node-exporter:v1.8
            exporter:
              image: {repository: "{{ .Values.global.registry }}/exporter"}
            metrics:
              image: {pullPolicy: IfNotPresent}
            images:
              repository: us-central1-docker.pkg.dev/shop/images
              tag: ""
            controller:
              image:
                chroot: false
                registry: registry.k8s.io
                image: ingress-nginx/controller
                tag: "v1.11.2"
            """)
        #expect(values.images.map(\.setting) == ["image", "sidecarImage", "images", "controller.image"])
        #expect(values.images.map(\.resolved) == [
            "docker.io/bitnami/redis:7.2", "quay.io/prometheus/node-exporter:v1.8", "us-central1-docker.pkg.dev/shop/images",
            "registry.k8s.io/ingress-nginx/controller:v1.11.2",
        ])
        #expect(values.images.map(\.line) == [3, 6, 12, 18])
        // Written `image:` without a registry, it is under `global.image.registry` as the chart
        // merges it (ingress-nginx comments its own out); with no global one, it is not known
        // where it comes from, and no Docker Hub image is guessed.
        let global = try Self.read("global:\n  image:\n    registry: registry.k8s.io\ncontroller:\n  image:\n    image: ingress-nginx/controller\n    tag: v1.11.2\n")
        #expect(global.images.compactMap(\.resolved) == ["registry.k8s.io/ingress-nginx/controller:v1.11.2"])
        let unknown = try Self.read("controller:\n  image:\n    image: ingress-nginx/controller\n    tag: v1.11.2\n")
        #expect(unknown.images.isEmpty)
        #expect(values.mentions.isEmpty)
        #expect(values.settings.isEmpty)
    }

    /// An image mapping naming its image `name:` without a registry (the DataDog chart builds
    /// it from a top-level `registry`) is not known to come from anywhere, as one naming it
    /// `image:`; with a registry in the mapping or `global.image.registry` it is that one's, and
    /// beside a `repository` the repository is the image.
    @Test func anImageNamedWithoutARegistryIsNoDockerHubImage() throws {
        let datadog = try Self.read("""
            registry: gcr.io/datadoghq
            agent:
              image:
                name: agent
                tag: 7.81.1
                repository:
            clusterAgent:
              image: {name: cluster-agent, tag: 7.81.1}
            """)
        #expect(datadog.images.isEmpty)
        #expect(!datadog.mentions.contains { $0.text.contains("agent") })
        let registry = try Self.read("image:\n  registry: quay.io\n  name: acme/web\n  tag: \"2\"\n")
        #expect(registry.images.compactMap(\.resolved) == ["quay.io/acme/web:2"])
        let global = try Self.read("global:\n  image:\n    registry: registry.k8s.io\nimage:\n  name: web\n  tag: \"2\"\n")
        #expect(global.images.compactMap(\.resolved) == ["registry.k8s.io/web:2"])
        let repository = try Self.read("image:\n  repository: acme/web\n  name: web\n  tag: \"2\"\n")
        #expect(repository.images.compactMap(\.resolved) == ["acme/web:2"])
    }

    /// String values that could name an endpoint are mentions, with the setting as context;
    /// exposure settings are recorded whichever way they go.
    @Test func readsMentionsAndExposureSettings() throws {
        let values = try Self.read("""
            assets:
              baseUrl: https://weave-assets.s3.amazonaws.com/ui
              cacheSeconds: 60
            ingress:
              enabled: true
              hosts: [{host: chart-example.local}]
            api:
              service: {type: ClusterIP}
            """)
        #expect(values.mentions.map(\.text).first == "https://weave-assets.s3.amazonaws.com/ui")
        #expect(values.mentions.first?.context == "Helm value assets.baseUrl")
        #expect(values.mentions.first?.line == 2)
        #expect(values.exposures == [
            HelmValuesFact.Setting(setting: "ingress.enabled", value: "true", line: 5),
            HelmValuesFact.Setting(setting: "api.service.type", value: "ClusterIP", line: 8),
        ])
        #expect(values.exposures.map(\.exposes) == [true, false])
    }

    /// A file read over a chart's defaults records every scalar it sets, so a default it sets
    /// again is not the release's.
    /// An app-of-apps chart's `repoURL`s are where Argo CD fetches from: no endpoint of the
    /// release; other URLs beside them still are.
    @Test func anArgoSourceRepoURLIsNoEndpoint() throws {
        let values = try Self.read("""
            config:
              spec:
                source:
                  repoURL: https://github.com/argoproj/argocd-example-apps.git
                  targetRevision: HEAD
                destination: {server: "https://kubernetes.default.svc"}
            apiURL: https://api.stripe.com/v1/
            """, path: "apps/values.yaml")
        #expect(values.mentions.map(\.text).contains("https://api.stripe.com/v1/"))
        #expect(!values.mentions.contains { $0.text.contains("github.com") }, "\(values.mentions)")
    }

    @Test func anEnvironmentsValuesRecordWhatTheySet() throws {
        let values = try Self.read(
            "image: {registry: ecr.example}\nassets: {baseUrl: /static}\nreplicas: 3\nmirrors: [a, b]\n", path: "charts/web/values-prod.yaml")
        #expect(values.settings == ["image", "assets.baseUrl", "replicas", "mirrors"])
        #expect(values.images.first?.registry == "ecr.example")
        #expect(values.images.first?.resolved == nil)
    }

    /// A file so named that holds a Kubernetes object is read as one too; its values are read
    /// all the same, so adding `apiVersion` and `kind` cannot make them vanish.
    @Test func aValuesFileIsReadAsValuesWhateverKeysItHas() throws {
        let manifest = HelmValuesReader().read(path: "deploy/values.yaml", bytes: Array(LinkerTests.deployment("a", image: "nginx").utf8))
        #expect(manifest.workloads.map(\.id) == ["k8s:Deployment/shop/a"])
        let disguised = HelmValuesReader().read(
            path: "charts/web/values.yaml", bytes: Array("apiVersion: v1\nkind: Values\ndb: {host: shop.abc.us-east-1.rds.amazonaws.com}\n".utf8))
        #expect(disguised.helmValues?.mentions.map(\.context) == ["Helm value db.host"])
    }

    /// A chart's templates are not values files, whatever their names; settings about images
    /// (`verifyImage: false`) are not images.
    @Test func templatesAndImageSettingsAreNotMistaken() throws {
        #expect(!HelmValuesReader().accepts(path: "charts/web/templates/values-configmap.yaml"))
        #expect(ReaderRegistry.reader(for: "charts/web/templates/values-configmap.yaml")?.name == "kubernetes")
        let values = try Self.read("verifyImage: false\npullImage: 3\nbaseImage: alpine:3.20\n")
        #expect(values.images.map(\.resolved) == ["alpine:3.20"])
        // A list under `image:` is no image (a kube-state-metrics label path); one under
        // `images:` lists them.
        let lists = try Self.read("labelsFromPath:\n  image: [spec, image]\nextraImages: [busybox:1.36, quay.io/acme/tool:2]\n")
        #expect(lists.images.map(\.resolved) == ["busybox:1.36", "quay.io/acme/tool:2"])
    }
}

/// Flux `HelmRelease`s and Argo CD `Application`s with values written in them.
@Suite struct HelmReleaseObjectTests {
    static let flux = """
        apiVersion: helm.toolkit.fluxcd.io/v2
        kind: HelmRelease
        metadata: {name: podinfo, namespace: flux-system}
        spec:
          targetNamespace: podinfo
          chart: {spec: {chart: podinfo, sourceRef: {kind: HelmRepository, name: podinfo}}}
          valuesFrom: [{kind: ConfigMap, name: podinfo-values}]
          values:
            redis:
              enabled: true
              repository: public.ecr.aws/docker/library/redis
              tag: 8.6.2
            httpRoute:
              enabled: true
        """

    static let argo = """
        apiVersion: argoproj.io/v1alpha1
        kind: Application
        metadata: {name: web, namespace: argocd}
        spec:
          destination: {namespace: shop}
          sources:
            - repoURL: https://charts.example.com
              chart: web
              helm:
                values: |
                  image:
                    repository: 123456789012.dkr.ecr.us-east-1.amazonaws.com/web
                  service:
                    type: LoadBalancer
            - repoURL: https://github.com/example/config
              path: overlays/prod
        """

    @Test func readsAFluxHelmReleasesValues() throws {
        let facts = KubernetesReader().read(path: "apps/podinfo/release.yaml", bytes: Array(Self.flux.utf8))
        let release = try #require(facts.helmReleases.first)
        #expect(release.id == "k8s:HelmRelease/podinfo/podinfo")
        #expect(release.values.images.map(\.resolved) == ["public.ecr.aws/docker/library/redis:8.6.2"])
        #expect(release.values.images.map(\.line) == [11])
        #expect(release.values.exposures.map(\.setting) == ["httpRoute.enabled"])
        #expect(facts.diagnostics.map(\.summary) == ["HelmRelease flux-system/podinfo: its valuesFrom are not read, only the values written in it"])
        // Without a namespace written, it is named alone: a kustomization may place it anywhere.
        let unplaced = KubernetesReader().read(path: "apps/podinfo/release.yaml", bytes: Array(Self.flux.replacing(", namespace: flux-system", with: "").utf8))
        #expect(unplaced.diagnostics.map(\.summary) == ["HelmRelease podinfo: its valuesFrom are not read, only the values written in it"])
    }

    /// Values given as a string are located at their lines in the file.
    @Test func readsAnArgoCDApplicationsValuesAtTheirLines() throws {
        let facts = KubernetesReader().read(path: "apps/web.yaml", bytes: Array(Self.argo.utf8))
        let release = try #require(facts.helmReleases.first)
        #expect(release.id == "k8s:Application/shop/web")
        #expect(release.values.images.map(\.resolved) == ["123456789012.dkr.ecr.us-east-1.amazonaws.com/web"])
        #expect(release.values.images.map(\.line) == [12])
        #expect(release.values.exposures.map(\.line) == [14])
        #expect(facts.diagnostics.isEmpty)
    }

    /// Values text that does not load (a syntax error, a key written twice, a tab for
    /// indentation, an undefined alias, aliases past the expansion limit) is an error at its
    /// `values:` line, under `source` or any of `sources`, so the file is one the check cannot
    /// read instead of an Application without values.
    @Test(arguments: [
        ("image: {repository: quay.io/a/b}\nbad: [", "did not find expected node content"),
        ("image: {repository: quay.io/a/b, tag: '1'}\nimage: {repository: quay.io/a/b, tag: '2'}", "duplicate key 'image'"),
        ("image:\n\trepository: quay.io/a/b", "a tab is used for indentation"),
        ("image: {repository: quay.io/a/b}\ny: *undefined", "found undefined alias"),
        ("a: &a [x, x, x, x, x, x, x, x, x, x]\nb: &b [*a, *a, *a, *a, *a, *a, *a, *a, *a, *a]\nc: &c [*b, *b, *b, *b, *b, *b, *b, *b, *b, *b]\n"
            + "d: &d [*c, *c, *c, *c, *c, *c, *c, *c, *c, *c]\ne: &e [*d, *d, *d, *d, *d, *d, *d, *d, *d, *d]\nf: [*e, *e, *e, *e, *e, *e, *e, *e, *e, *e]",
         "aliases in this document expand"),
    ])
    func valuesThatDoNotLoadAreAnErrorAtTheirLine(values: String, problem: String) throws {
        func indented(_ spaces: Int) -> String {
            values.split(separator: "\n", omittingEmptySubsequences: false).map { String(repeating: " ", count: spaces) + $0 }.joined(separator: "\n")
        }
        let header = "apiVersion: argoproj.io/v1alpha1\nkind: Application\nmetadata: {name: web, namespace: argocd}\nspec:\n  destination: {namespace: shop}\n"
        let single = header + "  source:\n    repoURL: https://charts.example.com\n    chart: web\n    helm:\n      values: |\n" + indented(8) + "\n"
        let several = header + "  sources:\n    - repoURL: https://github.com/example/config\n      path: overlays/prod\n"
            + "    - repoURL: https://charts.example.com\n      chart: web\n      helm:\n        values: |\n" + indented(10) + "\n"
        for (text, line) in [(single, 10), (several, 12)] {
            let facts = KubernetesReader().read(path: "apps/web.yaml", bytes: Array(text.utf8))
            let errors = facts.diagnostics.filter { $0.severity == .error }
            #expect(errors.count == 1, "\(facts.diagnostics)")
            let error = try #require(errors.first)
            #expect(error.summary.hasPrefix("Application argocd/web: its helm.values do not load as YAML, so none of them is read"))
            #expect(error.detail.contains(problem), "\(error)")
            #expect(error.path == "apps/web.yaml")
            #expect(error.line == line)
            #expect(facts.helmReleases.first?.values.images.isEmpty == true)
        }
    }

    /// A values text written as a quoted string is located at its line too.
    @Test func quotedValuesThatDoNotLoadAreAnErrorAtTheirLine() throws {
        let text = "apiVersion: argoproj.io/v1alpha1\nkind: Application\nmetadata: {name: web}\nspec:\n  source:\n    chart: web\n    helm:\n      values: \"a: [\"\n"
        let facts = KubernetesReader().read(path: "apps/web.yaml", bytes: Array(text.utf8))
        let error = try #require(facts.diagnostics.first { $0.severity == .error })
        #expect(error.summary.hasPrefix("Application web: its helm.values do not load as YAML"))
        #expect(error.line == 8)
    }

    /// An Application deploying plain manifests is noted, not modelled.
    @Test func anApplicationWithoutHelmValuesIsNoted() {
        let text = "apiVersion: argoproj.io/v1alpha1\nkind: Application\nmetadata: {name: web, namespace: argocd}\nspec:\n  source: {path: k8s/web}\n"
        let facts = KubernetesReader().read(path: "apps/web.yaml", bytes: Array(text.utf8))
        #expect(facts.helmReleases.isEmpty)
        #expect(facts.diagnostics.map(\.summary) == ["kind Application is not modelled without Helm values"])
    }

    /// A chart installed from a chart repository needs it to sync a new version: a repository
    /// published on GitHub Pages is GitHub's; an OCI one (written without a scheme, as Argo CD
    /// allows) is its registry.
    @Test func anApplicationsChartRepositoryIsNeededToShip() throws {
        func release(_ repository: String) -> String {
            Self.argo.replacingOccurrences(of: "https://charts.example.com", with: repository)
        }
        let fixture = LinkFixture(files: [
            (".faultline.yaml", KustomizeImagesTests.cluster), ("apps/web.yaml", release("https://prometheus-community.github.io/helm-charts")),
            ("apps/other.yaml", release("registry-1.docker.io/bitnamicharts").replacingOccurrences(of: "name: web", with: "name: other")),
        ])
        let topology = fixture.linked().topology
        let web = try #require(topology["k8s:Application/shop/web"])
        #expect(web.requirements.filter { $0.phase == .deliver }.flatMap(\.alternatives) == ["url:prometheus-community.github.io"])
        #expect(topology["url:prometheus-community.github.io"]?.sites.flatMap(\.domains).map(\.id) == ["saas:github"])
        let other = try #require(topology["k8s:Application/shop/other"])
        #expect(other.requirements.filter { $0.phase == .deliver }.flatMap(\.alternatives) == ["registry:docker.io"])
        #expect(other.requirements.filter { $0.phase == .serve }.count == 1)
    }

    /// A Flux release's chart comes from the source object it names, whose URL an upgrade
    /// needs: a HelmRepository in the release's namespace, an OCIRepository by `chartRef`,
    /// one a kustomization puts in another namespace (met by kind and name), a GitRepository.
    @Test func aFluxReleasesChartSourceIsNeededToShip() throws {
        func release(_ name: String, _ reference: String) -> String {
            "apiVersion: helm.toolkit.fluxcd.io/v2\nkind: HelmRelease\nmetadata: {name: \(name), namespace: apps}\nspec:\n\(reference)\n  values:\n    image: ghcr.io/acme/\(name):1\n"
        }
        let sources = """
            apiVersion: source.toolkit.fluxcd.io/v1
            kind: HelmRepository
            metadata: {name: podinfo, namespace: apps}
            spec:
              interval: 1h
              url: https://stefanprodan.github.io/podinfo
            ---
            apiVersion: source.toolkit.fluxcd.io/v1beta2
            kind: OCIRepository
            metadata: {name: gateway, namespace: apps}
            spec:
              url: oci://docker.io/envoyproxy/gateway-helm
            ---
            apiVersion: source.toolkit.fluxcd.io/v1
            kind: GitRepository
            metadata: {name: charts}
            spec:
              url: https://gitlab.com/acme/charts
            """
        let fixture = LinkFixture(files: [
            (".faultline.yaml", KustomizeImagesTests.cluster), ("flux/sources.yaml", sources),
            ("flux/podinfo.yaml", release("podinfo", "  chart:\n    spec:\n      chart: podinfo\n      sourceRef: {kind: HelmRepository, name: podinfo}")),
            ("flux/gateway.yaml", release("gateway", "  chartRef: {kind: OCIRepository, name: gateway}")),
            ("flux/internal.yaml", release("internal", "  chart:\n    spec:\n      chart: ./charts/internal\n      sourceRef: {kind: GitRepository, name: charts, namespace: flux-system}")),
            ("flux/missing.yaml", release("missing", "  chartRef: {kind: OCIRepository, name: nowhere}")),
        ])
        let topology = fixture.linked().topology
        func deliver(_ name: String) -> [String] {
            topology["k8s:HelmRelease/apps/\(name)"]?.requirements.filter { $0.phase == .deliver }.flatMap(\.alternatives) ?? ["no release"]
        }
        #expect(deliver("podinfo") == ["url:stefanprodan.github.io"])
        #expect(topology["k8s:HelmRelease/apps/podinfo"]?.requirements.first { $0.phase == .deliver }?.provenance?.path == "flux/sources.yaml")
        #expect(topology["k8s:HelmRelease/apps/podinfo"]?.requirements.first { $0.phase == .deliver }?.provenance?.line == 6)
        #expect(deliver("gateway") == ["registry:docker.io"])
        #expect(deliver("internal") == ["url:gitlab.com"])
        #expect(deliver("missing") == [])
        // The sources are read, not passed over as kinds Faultline does not model.
        #expect(!fixture.linked().topology.diagnostics.contains { $0.summary.contains("Repository is not modelled") })
    }

    /// The charts a chart depends on come from their repositories when its releases are
    /// built: each release needs those its values switch on, and a chart with dependencies
    /// but no values file stands for a release of its own.
    @Test func aChartsDependenciesAreNeededToShip() throws {
        let chart = """
            apiVersion: v2
            name: shop
            version: 1.0.0
            dependencies:
              - name: redis
                version: 18.0.0
                repository: https://stefanprodan.github.io/charts
                condition: redis.enabled
              - name: postgresql
                version: 13.0.0
                repository: oci://registry-1.docker.io/bitnamicharts
                condition: postgresql.enabled,global.postgresql.enabled
              - name: common
                version: 2.0.0
                repository: file://../common
              - name: mongodb
                version: 14.0.0
                repository: "@bitnami"
            """
        let umbrella = "apiVersion: v2\nname: carts\nversion: 0.0.1\ndependencies:\n  - name: carts\n    version: 1.2.1\n    repository: oci://public.ecr.aws/aws-containers\n"
        let fixture = LinkFixture(files: [
            (".faultline.yaml", KustomizeImagesTests.cluster), ("charts/shop/Chart.yaml", chart),
            ("charts/shop/values.yaml", "image: ghcr.io/acme/shop:1\nredis:\n  enabled: false\n"),
            ("charts/shop/values-prod.yaml", "redis:\n  enabled: true\npostgresql:\n  enabled: false\n"),
            ("charts/carts/Chart.yaml", umbrella),
        ])
        let topology = fixture.linked().topology
        func deliver(_ id: String) -> [String] {
            topology[id]?.requirements.filter { $0.phase == .deliver }.flatMap(\.alternatives).sorted() ?? ["no release"]
        }
        #expect(deliver("helm:charts/shop/values.yaml") == ["registry:docker.io"])
        #expect(deliver("helm:charts/shop/values-prod.yaml") == ["url:stefanprodan.github.io"])
        #expect(topology["helm:charts/shop/values-prod.yaml"]?.requirements.first { $0.phase == .deliver }?.provenance?.line == 7)
        #expect(deliver("helm:charts/carts/Chart.yaml") == ["registry:public.ecr.aws"])
        #expect(topology["helm:charts/shop/Chart.yaml"] == nil)
    }

    /// A Helm 2 chart (`apiVersion: v1`) lists its dependencies in `requirements.yaml`, which
    /// Helm 3 still reads: they are the chart's as `Chart.yaml`'s are (microservices-demo moved
    /// its nginx-ingress dependency to another repository there, and the check saw nothing).
    /// Beside a `Chart.yaml` with dependencies of its own, the chart has both, one release.
    @Test func aHelm2ChartsRequirementsAreItsDependencies() throws {
        let requirements = "dependencies:\n  - name: nginx-ingress\n    version: 0.4.2\n    repository: https://kubernetes.github.io/ingress-nginx\n"
        let fixture = LinkFixture(files: [
            (".faultline.yaml", KustomizeImagesTests.cluster),
            ("deploy/helm-chart/Chart.yaml", "apiVersion: v1\nname: sock-shop\nversion: 0.2.0\n"),
            ("deploy/helm-chart/requirements.yaml", requirements),
            ("deploy/helm-chart/values.yaml", "image: weaveworksdemos/front-end:0.3.12\n"),
            ("charts/both/Chart.yaml", "apiVersion: v2\nname: both\nversion: 1.0.0\ndependencies:\n  - {name: redis, repository: oci://registry-1.docker.io/bitnamicharts}\n"),
            ("charts/both/requirements.yaml", "dependencies:\n  - {name: redis, repository: https://old.example.com/charts}\n  - {name: kafka, repository: https://bitnami.github.io/charts}\n"),
        ])
        let topology = fixture.linked().topology
        let shop = try #require(topology["helm:deploy/helm-chart/values.yaml"]).requirements.filter { $0.phase == .deliver }
        #expect(shop.contains { $0.alternatives == ["url:kubernetes.github.io"] && $0.provenance?.path == "deploy/helm-chart/requirements.yaml" })
        let both = try #require(topology["helm:charts/both/Chart.yaml"]).requirements.filter { $0.phase == .deliver }.flatMap(\.alternatives)
        #expect(both.sorted() == ["registry:docker.io", "url:bitnami.github.io"])
        #expect(topology["helm:charts/both/requirements.yaml"] == nil)
        #expect(HelmValuesReader().accepts(path: "deploy/helm-chart/requirements.yaml"))
    }

    /// A manifest named like a chart's file is still applied by `kubectl apply -f` or a
    /// kustomization: its objects are read (renaming one so hid its new dependency), and a
    /// `requirements.yaml` with no `Chart.yaml` beside it lists no chart's dependencies.
    @Test(arguments: ["deploy/requirements.yaml", "deploy/Chart.yaml"])
    func aManifestNamedLikeAChartFileIsReadAsObjects(path: String) throws {
        let manifest = LinkerTests.deployment("web", image: "ghcr.io/acme/web:1", extra: "") + LinkerTests.service("web")
            + "\n---\ndependencies:\n  - {name: x, repository: https://acme.github.io/charts}\n"
        let topology = LinkFixture(files: [(".faultline.yaml", KustomizeImagesTests.cluster), (path, manifest)]).linked().topology
        #expect(topology["k8s:Deployment/shop/web"] != nil && topology["k8s:Service/shop/web"] != nil)
        #expect(topology["helm:deploy/requirements.yaml"] == nil)
    }

    /// A Flux base holding a release and its source, placed in a namespace by each overlay:
    /// each copy finds its own source. A source of another API group is no Flux source.
    @Test func aFluxSourceIsFoundInTheOverlaysNamespace() throws {
        let base = """
            apiVersion: source.toolkit.fluxcd.io/v1
            kind: HelmRepository
            metadata: {name: podinfo}
            spec:
              url: https://stefanprodan.github.io/podinfo
            ---
            apiVersion: helm.toolkit.fluxcd.io/v2
            kind: HelmRelease
            metadata: {name: web}
            spec:
              chart: {spec: {chart: podinfo, sourceRef: {kind: HelmRepository, name: podinfo}}}
              values:
                ingress: {enabled: true}
            """
        let fixture = LinkFixture(files: [
            (".faultline.yaml", KustomizeImagesTests.cluster), ("base/release.yaml", base),
            ("base/kustomization.yaml", "resources: [release.yaml]\n"),
            ("staging/kustomization.yaml", "namespace: staging\nresources: [../base]\n"),
            ("production/kustomization.yaml", "namespace: production\nresources: [../base]\n"),
        ])
        let topology = fixture.linked().topology
        for namespace in ["staging", "production"] {
            let release = try #require(topology["k8s:HelmRelease/\(namespace)/web"])
            #expect(release.requirements.filter { $0.phase == .deliver }.flatMap(\.alternatives) == ["url:stefanprodan.github.io"])
        }
        let other = "apiVersion: example.com/v1\nkind: HelmRepository\nmetadata: {name: x}\nspec: {url: https://x.github.io/c}\n"
        #expect(KubernetesReader().read(path: "x.yaml", bytes: Array(other.utf8)).chartSources.isEmpty)
    }

    /// A Chart.yaml's dependencies are read up to a bound, counted against the values bound,
    /// and a chart a Terraform release installs is no release of its own.
    @Test func chartDependenciesAreBounded() throws {
        let many = "apiVersion: v2\nname: app\ndependencies:\n" + (0..<500).map { "  - {name: d\($0), repository: https://h\($0).github.io/c}" }.joined(separator: "\n") + "\n"
        let facts = HelmValuesReader().read(path: "charts/app/Chart.yaml", bytes: Array(many.utf8))
        #expect(facts.chart?.dependencies.count == HelmValuesReader.maximumDependencies)
        let fixture = TerraformFixture([
            "infra/charts/app/Chart.yaml": many,
            "infra/main.tf": "resource \"helm_release\" \"app\" {\n  count = 1000\n  name = \"app\"\n  chart = \"./charts/app\"\n}\n"
                + "resource \"helm_release\" \"more\" {\n  count = 1000\n  name = \"more\"\n  chart = \"./charts/app\"\n}\n",
        ])
        let releases = fixture.topology.ids.filter { $0.hasPrefix("tf:infra/helm_release.") }
        #expect(releases.count == TopologyBuilder.helmValuesLimit / HelmValuesReader.maximumDependencies)
        #expect(fixture.diagnostics.contains { $0.summary.contains("the Helm releases of this commit name more than") })
        #expect(fixture.component("helm:infra/charts/app/Chart.yaml") == nil)
    }

    /// A release faces users by its values, and needs the images they name.
    @Test func aReleaseObjectIsAWorkloadOfItsOwn() throws {
        let fixture = LinkFixture(files: [(".faultline.yaml", KustomizeImagesTests.cluster), ("apps/web.yaml", Self.argo)])
        let topology = fixture.linked().topology
        let release = try #require(topology["k8s:Application/shop/web"])
        #expect(release.isEntrypoint)
        #expect(release.requirements.flatMap(\.alternatives) == ["image:123456789012.dkr.ecr.us-east-1.amazonaws.com/web"])
        #expect(fixture.down(in: "service:aws/us-east-1/ecr") == ["k8s:Application/shop/web"])
    }
}
