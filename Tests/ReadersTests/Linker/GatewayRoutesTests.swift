import Model
import Testing
@testable import Readers

/// Gateway API routes link like Ingresses; a Gateway of the repository faces users through them.
@Suite struct GatewayRoutesTests {
    static let cluster = """
        clusters:
          - {name: prod, provider: aws, region: us-west-2, zones: [us-west-2a, us-west-2b, us-west-2c]}
        """

    /// The backend `api` reads a bucket in us-east-1; `web` reads nothing.
    static let workloads = LinkerTests.deployment("api", readingConfigMap: "none", env: "{name: ASSETS, value: \"https://assets.s3.us-east-1.amazonaws.com/\"}")
        + LinkerTests.service("api") + "---\n" + LinkerTests.deployment("web", image: "gcr.io/shop/web:1") + LinkerTests.service("web")

    static func route(parents: String, backends: String, kind: String = "HTTPRoute") -> String {
        """
        apiVersion: gateway.networking.k8s.io/v1
        kind: \(kind)
        metadata: {name: shop, namespace: shop}
        spec:
          parentRefs: [\(parents)]
          rules:
          - backendRefs: [\(backends)]
        """
    }

    static let gateway = """
        apiVersion: gateway.networking.k8s.io/v1
        kind: Gateway
        metadata: {name: edge, namespace: infra}
        spec:
          gatewayClassName: eks-alb
          listeners: [{name: http, port: 80, protocol: HTTP}]
        """

    @Test func readsRoutesAndGateways() throws {
        let text = Self.route(
            parents: "{name: edge, namespace: infra}, {kind: Service, name: mesh}",
            backends: "{name: api, port: 80}, {name: canary, weight: 0}, {name: other, namespace: legacy}, {kind: ServiceImport, group: multicluster.x-k8s.io, name: far}")
            + "\n---\n" + Self.gateway + "\n---\napiVersion: gateway.networking.k8s.io/v1beta1\nkind: ReferenceGrant\nmetadata: {name: g, namespace: legacy}\n"
        let facts = KubernetesReader().read(path: "k8s/routes.yaml", bytes: Array(text.utf8))
        let route = try #require(facts.routes.first)
        #expect(route.id == "k8s:HTTPRoute/shop/shop")
        #expect(route.parents == [
            .init(kind: "Gateway", namespace: "infra", name: "edge", line: 5), .init(kind: "Service", namespace: "shop", name: "mesh", line: 5),
        ])
        #expect(route.backends == [.init(namespace: "shop", name: "api", line: 7), .init(namespace: "legacy", name: "other", line: 7)])
        #expect(facts.gateways == [GatewayFact(namespace: "infra", name: "edge", line: 9, className: "eks-alb")])
        #expect(facts.diagnostics.map(\.summary) == [
            "HTTPRoute shop/shop sends traffic to ServiceImport far, which is not a Service, so it is not followed",
        ])
    }

    /// A route whose Gateway the platform team keeps elsewhere is the entrypoint: its users go
    /// down with the bucket its backend reads.
    @Test func aRouteToAGatewayElsewhereFacesUsers() {
        let fixture = LinkFixture(files: [
            (".faultline.yaml", Self.cluster), ("k8s/apps.yaml", Self.workloads),
            ("k8s/route.yaml", Self.route(parents: "{name: shared, namespace: platform}", backends: "{name: web}, {name: api}")),
        ])
        #expect(fixture.down(in: "service:aws/us-east-1/s3") == ["k8s:HTTPRoute/shop/shop"])
        let web = LinkFixture(files: [
            (".faultline.yaml", Self.cluster), ("k8s/apps.yaml", Self.workloads),
            ("k8s/route.yaml", Self.route(parents: "{name: shared, namespace: platform}", backends: "{name: web}, {name: api, weight: 0}")),
        ])
        #expect(web.down(in: "service:aws/us-east-1/s3").isEmpty)
    }

    /// With the Gateway in the repository, the Gateway is the entrypoint and its route is
    /// not one too (one finding, not two); a mesh route is no entrypoint.
    @Test func aGatewayOfTheRepositoryFacesUsersThroughItsRoutes() throws {
        let fixture = LinkFixture(files: [
            (".faultline.yaml", Self.cluster), ("k8s/apps.yaml", Self.workloads), ("k8s/gateway.yaml", Self.gateway),
            ("k8s/route.yaml", Self.route(parents: "{name: edge, namespace: infra}", backends: "{name: api}")),
            ("k8s/mesh.yaml", Self.route(parents: "{kind: Service, name: web}", backends: "{name: api}", kind: "GRPCRoute")),
        ])
        #expect(fixture.down(in: "service:aws/us-east-1/s3") == ["k8s:Gateway/infra/edge"])
        let topology = fixture.linked().topology
        #expect(topology["k8s:HTTPRoute/shop/shop"]?.isEntrypoint == false)
        #expect(topology["k8s:GRPCRoute/shop/shop"]?.isEntrypoint == false)
        #expect(topology["k8s:Gateway/infra/edge"]?.requirements.flatMap(\.alternatives) == ["k8s:HTTPRoute/shop/shop"])
        // Located at the parentRef that attaches the route, not at the route's first line.
        #expect(topology["k8s:Gateway/infra/edge"]?.requirements.map { $0.provenance?.description } == ["k8s/route.yaml:5"])
    }

    /// A Gateway with no route attached still faces users, needing nothing, as an Ingress with
    /// no backend does: a router left with nothing to route to.
    @Test func aGatewayWithNoRouteIsAnEntrypointNeedingNothing() throws {
        let topology = LinkFixture(files: [
            (".faultline.yaml", Self.cluster), ("k8s/apps.yaml", Self.workloads), ("k8s/gateway.yaml", Self.gateway),
        ]).linked().topology
        #expect(topology.entrypoints == ["k8s:Gateway/infra/edge"])
        let gateway = try #require(topology["k8s:Gateway/infra/edge"])
        #expect(gateway.kind == .ingress && gateway.requirements.isEmpty)
    }

    @Test func aBackendNotInTheRepositoryIsALocatedWarning() throws {
        let linked = LinkFixture(files: [
            (".faultline.yaml", Self.cluster), ("k8s/apps.yaml", Self.workloads),
            ("k8s/route.yaml", Self.route(parents: "{name: shared}", backends: "{name: gone}")),
        ]).linked()
        let warning = try #require(linked.topology.diagnostics.first { $0.summary.contains("gone") })
        #expect(warning.summary == "HTTPRoute shop/shop routes to Service shop/gone, which is not in this repository")
        #expect(warning.path == "k8s/route.yaml")
        #expect(warning.line == 7)
        #expect(linked.addresses.contains { $0.service == "shop/gone" && !$0.resolves })
    }
}

/// Istio's Gateway and VirtualService link like the Gateway API's: a VirtualService bound to a
/// Gateway needs the Services its routes send traffic to, and the Gateway faces users.
@Suite struct IstioRoutingTests {
    static func virtualService(gateways: String, routes: String) -> String {
        """
        apiVersion: networking.istio.io/v1beta1
        kind: VirtualService
        metadata: {name: shop, namespace: shop}
        spec:
          hosts: [shop.example.com]
          gateways: [\(gateways)]
          http:
          - match: [{uri: {prefix: /api}}]
            route: [\(routes)]
        """
    }

    static let gateway = """
        apiVersion: networking.istio.io/v1beta1
        kind: Gateway
        metadata: {name: public, namespace: istio-system}
        spec:
          selector: {istio: ingressgateway}
          servers: [{port: {number: 443, name: https, protocol: HTTPS}, hosts: ["*"]}]
        """

    @Test func readsDestinationsAndGateways() throws {
        let text = Self.virtualService(
            gateways: "istio-system/public, mesh, edge",
            routes: "{destination: {host: api}}, {destination: {host: web.shop.svc.cluster.local}, weight: 90}, {destination: {host: canary}, weight: 0}, {destination: {host: Assets.S3.amazonaws.com}}, {destination: {host: db.data.svc.corp.internal}}")
            + "\n---\n" + Self.gateway
        let facts = KubernetesReader().read(path: "k8s/istio.yaml", bytes: Array(text.utf8))
        let route = try #require(facts.routes.first)
        #expect(route.id == "k8s:VirtualService/shop/shop")
        #expect(route.parents == [.init(kind: "Gateway", namespace: "istio-system", name: "public", line: 6), .init(kind: "Gateway", namespace: "shop", name: "edge", line: 6)])
        #expect(route.backends == [.init(namespace: "shop", name: "api", line: 9), .init(namespace: "shop", name: "web", line: 9), .init(namespace: "data", name: "db", line: 9)])
        #expect(route.hosts.map(\.text) == ["assets.s3.amazonaws.com"])
        #expect(facts.gateways.map(\.id) == ["k8s:Gateway/istio-system/public"])
        #expect(facts.gateways.first?.selector == ["istio": "ingressgateway"])
        #expect(facts.diagnostics.isEmpty, "\(facts.diagnostics)")
    }

    /// The Gateway is the entrypoint; it goes down with the bucket the `api` Service's pods
    /// read, with a destination written `NAME.NAMESPACE`, and with a bucket a route sends
    /// traffic to directly; a mesh-only VirtualService faces no users.
    @Test func aGatewaysUsersGoDownWithWhatItsRoutesNeed() {
        let ingressGateway = LinkerTests.deployment("istio-ingressgateway", image: "gcr.io/istio-release/proxyv2:1.20.0")
            .replacingOccurrences(of: "namespace: shop", with: "namespace: istio-system")
            .replacingOccurrences(of: "app: istio-ingressgateway", with: "istio: ingressgateway")
        let files: [(String, String)] = [
            (".faultline.yaml", GatewayRoutesTests.cluster), ("k8s/apps.yaml", GatewayRoutesTests.workloads),
            ("k8s/gateway.yaml", Self.gateway), ("k8s/ingressgateway.yaml", ingressGateway),
        ]
        let viaAPI = LinkFixture(files: files + [("k8s/vs.yaml", Self.virtualService(gateways: "istio-system/public", routes: "{destination: {host: api.shop.svc.cluster.local}}"))])
        #expect(viaAPI.down(in: "service:aws/us-east-1/s3") == ["k8s:Gateway/istio-system/public"], "\(viaAPI.linked().topology.diagnostics)")
        let gateway = viaAPI.linked().topology["k8s:Gateway/istio-system/public"]
        #expect(Set(gateway?.requirements.map(\.alternatives) ?? []) == [["k8s:VirtualService/shop/shop"], ["k8s:Deployment/istio-system/istio-ingressgateway"]])
        #expect(viaAPI.linked().topology["k8s:VirtualService/shop/shop"]?.isEntrypoint == false)
        #expect(!viaAPI.linked().topology.diagnostics.contains { $0.summary.contains("selects no workload") })
        // Gateway pods the repository does not hold (a chart installs them): a note says so.
        let podless = LinkFixture(files: Array(files.dropLast()) + [("k8s/vs.yaml", Self.virtualService(gateways: "istio-system/public", routes: "{destination: {host: api}}"))])
        let note = podless.linked().topology.diagnostics.first { $0.summary.hasPrefix("Gateway istio-system/public selects no workload of this repository (istio=ingressgateway)") }
        #expect(note?.severity == .note)
        #expect(note?.line == 1)
        // `api.shop` is not expanded by Istio: it reaches no Service, and a warning says so.
        let dotted = LinkFixture(files: files + [("k8s/vs.yaml", Self.virtualService(gateways: "istio-system/public", routes: "{destination: {host: api.shop}}"))])
        #expect(dotted.down(in: "service:aws/us-east-1/s3").isEmpty)
        #expect(dotted.linked().topology.diagnostics.contains { $0.summary == "VirtualService shop/shop routes to host api.shop, which Istio does not expand to Service shop/api" })

        let web = LinkFixture(files: files + [("k8s/vs.yaml", Self.virtualService(gateways: "istio-system/public", routes: "{destination: {host: web}}"))])
        #expect(web.down(in: "service:aws/us-east-1/s3").isEmpty)
        let direct = LinkFixture(files: files + [(
            "k8s/vs.yaml", Self.virtualService(gateways: "istio-system/public", routes: "{destination: {host: web}}, {destination: {host: ui-assets.s3.amazonaws.com}}"),
        )])
        #expect(direct.down(in: "service:aws/us-east-1/s3") == ["k8s:Gateway/istio-system/public"])

        let mesh = LinkFixture(files: [
            (".faultline.yaml", GatewayRoutesTests.cluster), ("k8s/apps.yaml", GatewayRoutesTests.workloads),
            ("k8s/vs.yaml", Self.virtualService(gateways: "mesh", routes: "{destination: {host: api}}")),
        ])
        #expect(mesh.linked().topology["k8s:VirtualService/shop/shop"]?.isEntrypoint == false)
        // A Gateway kept elsewhere: the VirtualService faces users itself.
        let elsewhere = LinkFixture(files: [
            (".faultline.yaml", GatewayRoutesTests.cluster), ("k8s/apps.yaml", GatewayRoutesTests.workloads),
            ("k8s/vs.yaml", Self.virtualService(gateways: "istio-system/public", routes: "{destination: {host: api}}")),
        ])
        #expect(elsewhere.down(in: "service:aws/us-east-1/s3").contains("k8s:VirtualService/shop/shop"))
    }
}

/// Many routers on one selection of workloads need one component standing for it, so the
/// topology grows with the routers plus the workloads rather than their product; what goes
/// down is the same.
@Suite struct SharedSelectionTests {
    @Test func servicesSharingASelectorNeedOneSelection() throws {
        let workloads = (0..<3).map { "apiVersion: apps/v1\nkind: Deployment\nmetadata: {name: web\($0), namespace: shop}\nspec:\n  template:\n    metadata: {labels: {app: web}}\n    spec:\n      containers: [{name: c, image: gcr.io/acme/web:1}]\n" }
        func services(_ count: Int) -> [String] {
            (0..<count).map { "apiVersion: v1\nkind: Service\nmetadata: {name: web\($0), namespace: shop}\nspec: {type: LoadBalancer, selector: {app: web}}\n" }
        }
        let few = LinkFixture(files: [(".faultline.yaml", LinkerTests.cluster), ("k8s/all.yaml", (workloads + services(8)).joined(separator: "---\n"))])
        #expect(few.linked().topology["k8s:Service/shop/web0"]?.requirements.flatMap(\.alternatives) == ["k8s:Deployment/shop/web0", "k8s:Deployment/shop/web1", "k8s:Deployment/shop/web2"])
        let many = LinkFixture(files: [(".faultline.yaml", LinkerTests.cluster), ("k8s/all.yaml", (workloads + services(9)).joined(separator: "---\n"))])
        let topology = many.linked().topology
        #expect(topology["k8s:Service/shop/web0"]?.requirements.flatMap(\.alternatives) == ["k8s:Selection/shop/app=web"])
        let selection = try #require(topology["k8s:Selection/shop/app=web"])
        #expect(selection.requirements.flatMap(\.alternatives) == ["k8s:Deployment/shop/web0", "k8s:Deployment/shop/web1", "k8s:Deployment/shop/web2"])
        #expect(many.down(in: "region:gcp/us-central1").count == 9)
        #expect(many.down(in: "zone:gcp/us-central1/us-central1-a").isEmpty)
    }
}
