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
            """)
        #expect(values.images.map(\.setting) == ["image", "sidecarImage", "images"])
        #expect(values.images.map(\.resolved) == ["docker.io/bitnami/redis:7.2", "quay.io/prometheus/node-exporter:v1.8", "us-central1-docker.pkg.dev/shop/images"])
        #expect(values.images.map(\.line) == [3, 6, 12])
        #expect(values.mentions.isEmpty)
        #expect(values.settings.isEmpty)
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
    @Test func anEnvironmentsValuesRecordWhatTheySet() throws {
        let values = try Self.read("image: {registry: ecr.example}\nassets: {baseUrl: /static}\nreplicas: 3\n", path: "charts/web/values-prod.yaml")
        #expect(values.settings == ["image", "assets.baseUrl", "replicas"])
        #expect(values.images.first?.registry == "ecr.example")
        #expect(values.images.first?.resolved == nil)
    }

    /// A file so named that holds Kubernetes objects is a manifest.
    @Test func aManifestNamedLikeValuesIsReadAsAManifest() {
        let facts = HelmValuesReader().read(path: "deploy/values.yaml", bytes: Array(LinkerTests.deployment("a", image: "nginx").utf8))
        #expect(facts.helmValues == nil)
        #expect(facts.workloads.map(\.id) == ["k8s:Deployment/shop/a"])
    }
}
