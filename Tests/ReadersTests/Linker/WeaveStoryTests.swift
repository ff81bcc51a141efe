import Model
import Testing
@testable import Readers

/// The Weave Cloud story told three ways: each must make the UI require S3 in us-east-1.
@Suite struct WeaveStoryTests {
    static let config = """
        clusters:
          - {name: prod, provider: aws, region: us-east-1, zones: [us-east-1a, us-east-1b, us-east-1c]}
        """

    static func ui(envFrom: Bool = false) -> String {
        """
        apiVersion: apps/v1
        kind: Deployment
        metadata: {name: ui, namespace: weave}
        spec:
          replicas: 3
          template:
            metadata: {labels: {app: ui}}
            spec:
              containers:
                - name: ui
                  image: 123456789012.dkr.ecr.us-east-1.amazonaws.com/weaveworks/ui:2017.02
        \(envFrom ? "          envFrom: [{configMapRef: {name: ui-assets}}]" : "")
        ---
        apiVersion: v1
        kind: Service
        metadata: {name: ui, namespace: weave}
        spec: {type: LoadBalancer, selector: {app: ui}}
        """
    }

    static let dockerfile = "FROM nginx:1.11\nCOPY nginx.conf /etc/nginx/conf.d/default.conf\nCOPY index.html /usr/share/nginx/html/\n"

    func expectS3Dependency(_ files: [(String, String)], chainThrough middle: String) throws {
        let fixture = LinkFixture(files: files)
        let linked = fixture.linked()
        #expect(fixture.down(in: "service:aws/us-east-1/s3") == ["k8s:Service/weave/ui"], "\(linked.topology.diagnostics)")
        #expect(fixture.down(in: "zone:aws/us-east-1/us-east-1a").isEmpty)
        let bucket = try #require(linked.topology["url:weave-ui-assets.s3.amazonaws.com"])
        #expect(bucket.domains.map(\.id) == ["service:aws/us-east-1/s3"])
        #expect(linked.topology.components.values.contains { $0.id == middle && $0.requirements.contains { $0.alternatives.contains(bucket.id) } })
    }

    @Test func anNginxProxyPassToTheBucket() throws {
        try expectS3Dependency([
            (".faultline.yaml", Self.config), ("k8s/ui.yaml", Self.ui()), ("ui/Dockerfile", Self.dockerfile),
            ("ui/nginx.conf", "server {\n  listen 80;\n  location /static/ {\n    proxy_pass https://weave-ui-assets.s3.amazonaws.com/;\n  }\n}\n"),
            ("ui/index.html", "<script src=\"/static/app.js\"></script>\n"),
        ], chainThrough: "file:ui/nginx.conf")
    }

    @Test func scriptTagsInTheImagesBuildFolder() throws {
        try expectS3Dependency([
            (".faultline.yaml", Self.config), ("k8s/ui.yaml", Self.ui()), ("ui/Dockerfile", Self.dockerfile),
            ("ui/nginx.conf", "server { listen 80; root /usr/share/nginx/html; }\n"),
            ("ui/index.html", "<html><head>\n<script src=\"https://weave-ui-assets.s3.amazonaws.com/app.4f2a.js\"></script>\n</head></html>\n"),
        ], chainThrough: "file:ui/index.html")
    }

    @Test func aConfigMapEnvVarReadThroughEnvFrom() throws {
        let configMap = """
            apiVersion: v1
            kind: ConfigMap
            metadata: {name: ui-assets, namespace: weave}
            data:
              ASSETS_BASE_URL: https://weave-ui-assets.s3.amazonaws.com/
            """
        try expectS3Dependency([
            (".faultline.yaml", Self.config), ("k8s/ui.yaml", Self.ui(envFrom: true)), ("k8s/assets.yaml", configMap),
        ], chainThrough: "k8s:ConfigMap/weave/ui-assets")
    }

    /// Argo Rollouts runs the UI under progressive delivery: the Rollout's pod template is read
    /// like a Deployment's (its image, env and placement), and the Service selects its pods.
    @Test func anArgoRolloutsEnvValue() throws {
        let rollout = """
            apiVersion: argoproj.io/v1alpha1
            kind: Rollout
            metadata: {name: ui, namespace: weave}
            spec:
              replicas: 3
              strategy:
                canary: {stableService: ui, steps: [{setWeight: 20}, {pause: {}}]}
              selector: {matchLabels: {app: ui}}
              template:
                metadata: {labels: {app: ui}}
                spec:
                  containers:
                    - name: ui
                      image: 123456789012.dkr.ecr.us-east-1.amazonaws.com/weaveworks/ui:2017.02
                      env:
                        - {name: ASSETS_URL, value: "https://weave-ui-assets.s3.amazonaws.com/"}
            ---
            apiVersion: v1
            kind: Service
            metadata: {name: ui, namespace: weave}
            spec: {type: LoadBalancer, selector: {app: ui}}
            """
        try expectS3Dependency([(".faultline.yaml", Self.config), ("k8s/ui.yaml", rollout)], chainThrough: "k8s:Rollout/weave/ui")
        let linked = LinkFixture(files: [(".faultline.yaml", Self.config), ("k8s/ui.yaml", rollout)]).linked()
        #expect(!linked.topology.diagnostics.contains { $0.summary.contains("selects no workload") || $0.summary.contains("not modelled") })
        #expect(linked.topology["k8s:Rollout/weave/ui"]?.sites.count == 3)
    }

    /// A Rollout running a Deployment's template (`workloadRef`) has no pods of its own to read:
    /// the Deployment's are the ones the Service selects.
    @Test func aRolloutWithAWorkloadRefIsReadThroughItsDeployment() throws {
        let rollout = """
            apiVersion: argoproj.io/v1alpha1
            kind: Rollout
            metadata: {name: ui-rollout, namespace: weave}
            spec:
              replicas: 3
              workloadRef: {apiVersion: apps/v1, kind: Deployment, name: ui}
              strategy: {blueGreen: {activeService: ui}}
            """
        let linked = LinkFixture(files: [(".faultline.yaml", Self.config), ("k8s/ui.yaml", Self.ui()), ("k8s/rollout.yaml", rollout)]).linked()
        #expect(linked.topology["k8s:Rollout/weave/ui-rollout"] == nil)
        #expect(linked.topology["k8s:Service/weave/ui"]?.requirements.flatMap(\.alternatives) == ["k8s:Deployment/weave/ui"])
        #expect(!linked.topology.diagnostics.contains { $0.path == "k8s/rollout.yaml" })
    }

    /// On Knative the UI needs no Service or Ingress of the repository: a Knative Service
    /// answers at a public URL of its own, so it is the entrypoint, unless labelled
    /// cluster-local. An OpenShift DeploymentConfig's pod template is read like a Deployment's.
    @Test func aKnativeServiceFacesUsersItselfAndADeploymentConfigRunsItsTemplate() throws {
        func knative(_ labels: String) -> String {
            """
            apiVersion: serving.knative.dev/v1
            kind: Service
            metadata: {name: ui, namespace: weave\(labels)}
            spec:
              template:
                spec:
                  containers:
                    - image: 123456789012.dkr.ecr.us-east-1.amazonaws.com/weaveworks/ui:2017.02
                      env: [{name: ASSETS_URL, value: "https://weave-ui-assets.s3.amazonaws.com/"}]
            """
        }
        let fixture = LinkFixture(files: [(".faultline.yaml", Self.config), ("k8s/ui.yaml", knative(""))])
        let linked = fixture.linked()
        let id = "k8s:Service.serving.knative.dev/weave/ui"
        #expect(fixture.down(in: "service:aws/us-east-1/s3") == [id], "\(linked.topology.diagnostics)")
        #expect(linked.topology[id]?.isEntrypoint == true)
        #expect(linked.topology[id]?.sites.count == 3)
        #expect(linked.topology["k8s:Service/weave/ui"] == nil)
        let local = LinkFixture(files: [
            (".faultline.yaml", Self.config), ("k8s/ui.yaml", knative(", labels: {networking.knative.dev/visibility: cluster-local}")),
            // Another entrypoint, so the engine does not take every top component for one.
            ("k8s/web.yaml", "apiVersion: v1\nkind: Service\nmetadata: {name: web, namespace: weave}\nspec: {type: LoadBalancer, externalName: x}\n"),
        ])
        #expect(local.linked().topology[id]?.isEntrypoint == false)
        #expect(local.down(in: "service:aws/us-east-1/s3").isEmpty)

        let deploymentConfig = """
            apiVersion: apps.openshift.io/v1
            kind: DeploymentConfig
            metadata: {name: ui, namespace: weave}
            spec:
              replicas: 3
              selector: {app: ui}
              template:
                metadata: {labels: {app: ui}}
                spec:
                  containers:
                    - name: ui
                      image: 123456789012.dkr.ecr.us-east-1.amazonaws.com/weaveworks/ui:2017.02
                      env: [{name: ASSETS_URL, value: "https://weave-ui-assets.s3.amazonaws.com/"}]
            ---
            apiVersion: v1
            kind: Service
            metadata: {name: ui, namespace: weave}
            spec: {type: LoadBalancer, selector: {app: ui}}
            """
        try expectS3Dependency([(".faultline.yaml", Self.config), ("k8s/ui.yaml", deploymentConfig)], chainThrough: "k8s:DeploymentConfig/weave/ui")
    }

    @Test func theDeliveryPathRunsThroughCircleCIAndDockerHub() throws {
        let circle = """
            version: 2.1
            jobs:
              build:
                docker: [{image: cimg/base:2024.01}]
                steps:
                  - checkout
                  - setup_remote_docker
                  - run: docker build -t 123456789012.dkr.ecr.us-east-1.amazonaws.com/weaveworks/ui:latest ui
            """
        let fixture = LinkFixture(files: [
            (".faultline.yaml", Self.config), ("k8s/ui.yaml", Self.ui()), ("ui/Dockerfile", Self.dockerfile),
            ("ui/index.html", "<p>hi</p>\n"), (".circleci/config.yml", circle),
        ])
        let topology = fixture.linked().topology
        let image = try #require(topology["image:123456789012.dkr.ecr.us-east-1.amazonaws.com/weaveworks/ui"])
        let deliver = image.requirements(.deliver).flatMap(\.alternatives)
        #expect(deliver.contains("ci:circleci") && deliver.contains("image:docker.io/library/nginx"))
        // S3 us-east-1 takes CircleCI and Docker Hub down: no fix can ship, though users are served.
        let outcome = OutageEngineProbe.outcome(fixture.linked(), "service:aws/us-east-1/s3")
        #expect(outcome.serve.isEmpty)
        #expect(outcome.deliver == ["k8s:Service/weave/ui"])
    }
}
