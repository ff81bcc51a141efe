import Model
import Testing
@testable import Readers

/// Facts that differ only in what no pass of the linker reads link to the same topology, so an
/// audit need not link them again; anything else does not count as alike.
@Suite struct LinksAlikeTests {
    static let config = """
        version: 1
        clusters:
          - {name: prod, provider: aws, region: us-east-1, zones: [us-east-1a, us-east-1b, us-east-1c]}
        """

    static func manifest(
        replicas: Int = 3, secret: String = "ui-token", spread: String = "topology.kubernetes.io/zone",
        antiAffinity: String = "kubernetes.io/hostname", host: String = "cloud.example.com", tag: String = "1.0", padding: String = ""
    ) -> String {
        """
        \(padding)apiVersion: apps/v1
        kind: Deployment
        metadata: {name: ui, namespace: web}
        spec:
          replicas: \(replicas)
          template:
            metadata:
              labels: {app: ui}
            spec:
              topologySpreadConstraints:
                - {maxSkew: 1, topologyKey: \(spread), whenUnsatisfiable: DoNotSchedule}
              affinity:
                podAntiAffinity:
                  requiredDuringSchedulingIgnoredDuringExecution:
                    - topologyKey: \(antiAffinity)
                      labelSelector: {matchLabels: {app: ui}}
              containers:
                - name: ui
                  image: 123456789012.dkr.ecr.us-east-1.amazonaws.com/web/ui:\(tag)
                  env:
                    - name: TOKEN
                      valueFrom: {secretKeyRef: {name: \(secret), key: token}}
                    - {name: ASSETS, value: "https://ui-assets.s3.amazonaws.com/"}
        ---
        apiVersion: v1
        kind: Service
        metadata: {name: ui, namespace: web}
        spec:
          selector: {app: ui}
        ---
        apiVersion: networking.k8s.io/v1
        kind: Ingress
        metadata: {name: ui, namespace: web}
        spec:
          rules:
            - host: \(host)
              http:
                paths:
                  - {path: /, pathType: Prefix, backend: {service: {name: ui, port: {number: 80}}}}
        """
    }

    static func facts(_ manifest: String) -> FileFacts {
        KubernetesReader().read(path: "k8s/ui.yaml", bytes: Array(manifest.utf8))
    }

    static func topology(_ manifest: String) -> Topology {
        LinkFixture(files: [(".faultline.yaml", config), ("k8s/ui.yaml", manifest)]).linked().topology
    }

    @Test(arguments: [
        manifest(replicas: 5), manifest(secret: "ui-other-token"), manifest(spread: "kubernetes.io/hostname"),
        manifest(antiAffinity: "topology.kubernetes.io/zone"), manifest(host: "app.example.com"),
    ])
    func whatTheLinkerDoesNotReadLinksAlike(_ changed: String) {
        let base = Self.facts(Self.manifest()), other = Self.facts(changed)
        // The reader did see the change: the facts differ, and yet they link alike.
        #expect(base != other)
        #expect(base.linksAlike(other) && other.linksAlike(base))
        #expect(Self.topology(Self.manifest()) == Self.topology(changed))
    }

    @Test(arguments: [manifest(tag: "1.1"), manifest(padding: "# moved down a line\n")])
    func anythingElseDoesNot(_ changed: String) {
        let base = Self.facts(Self.manifest()), other = Self.facts(changed)
        #expect(!base.linksAlike(other))
        #expect(Self.topology(Self.manifest()) != Self.topology(changed))
    }

    /// A Gateway's class says which controller runs it, not what it needs; its name does.
    @Test func aGatewaysClassLinksAlike() {
        func gateway(_ name: String, class: String) -> String {
            "apiVersion: gateway.networking.k8s.io/v1\nkind: Gateway\nmetadata: {name: \(name), namespace: web}\nspec: {gatewayClassName: \(`class`)}\n"
        }
        let base = Self.facts(gateway("public", class: "gke-l7-gxlb")), other = Self.facts(gateway("public", class: "istio"))
        #expect(base != other && base.linksAlike(other))
        #expect(Self.topology(gateway("public", class: "gke-l7-gxlb")) == Self.topology(gateway("public", class: "istio")))
        #expect(!base.linksAlike(Self.facts(gateway("edge", class: "gke-l7-gxlb"))))
    }
}
