import Foundation
import Testing
import TestSupport

/// A Service behind a Gateway API route starts reading its assets from S3 in us-east-1: the
/// check fails for what faces users — the route when its Gateway is kept elsewhere, the
/// Gateway when the repository declares it.
@Suite struct CheckGatewayAPITests {
    static func manifest(assets: String?) -> String {
        """
        apiVersion: apps/v1
        kind: Deployment
        metadata: {name: web, namespace: shop}
        spec:
          replicas: 3
          template:
            metadata:
              labels: {app: web}
            spec:
              containers:
                - name: web
                  image: 123456789012.dkr.ecr.us-east-1.amazonaws.com/shop/web:1.0
        \(assets.map { "          env: [{name: ASSETS_URL, value: \"\($0)\"}]" } ?? "")
        ---
        apiVersion: v1
        kind: Service
        metadata: {name: web, namespace: shop}
        spec:
          selector: {app: web}
        ---
        apiVersion: gateway.networking.k8s.io/v1
        kind: HTTPRoute
        metadata: {name: web, namespace: shop}
        spec:
          parentRefs: [{name: public, namespace: infra}]
          hostnames: [shop.example.com]
          rules:
            - backendRefs: [{name: web, port: 80}]
        """
    }

    static let gateway = """
        apiVersion: gateway.networking.k8s.io/v1
        kind: Gateway
        metadata: {name: public, namespace: infra}
        spec:
          gatewayClassName: aws-alb
          listeners: [{name: https, protocol: HTTPS, port: 443}]
        """

    @Test(arguments: [(false, "k8s:HTTPRoute/shop/web"), (true, "k8s:Gateway/infra/public")])
    func assetsMovedToS3AreANewExposureOfWhatFacesUsers(declaresGateway: Bool, entrypoint: String) throws {
        let s = try Scratch()
        try s.initRepository()
        try s.write(".faultline.yaml", WeaveFixture.config)
        try s.write("k8s/web.yaml", Self.manifest(assets: nil))
        if declaresGateway { try s.write("infra/gateway.yaml", Self.gateway) }
        try s.commit("shop behind a Gateway API route")
        try s.write("k8s/web.yaml", Self.manifest(assets: "https://assets.s3.us-east-1.amazonaws.com"))
        try s.commit("Serve the shop's assets from S3")
        let result = try FaultlineBinary.run(["check", "--base", "HEAD~1", "--format", "json"], in: s)
        #expect(result.status == 1, "\(result.output)\n\(result.errors)")
        let report = try #require(try JSONSerialization.jsonObject(with: Data(result.output.utf8)) as? [String: Any])
        let findings = try #require(report["findings"] as? [[String: Any]])
        let s3 = findings.filter { ($0["scenario"] as? [String: Any])?["id"] as? String == "service:aws/us-east-1/s3" }
        #expect(s3.map { $0["entrypoint"] as? String } == [entrypoint])
        #expect(s3.map { $0["rule"] as? String } == ["single-region"] && s3.map { $0["change"] as? String } == ["added"])
        #expect((s3.first?["chain"] as? [String])?.first == entrypoint)
    }
}
