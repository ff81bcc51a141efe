import Foundation
import Testing
@testable import Faultline
import Model
import Readers

/// The fact cache's binary encoding: every reader's facts come back equal, and damaged bytes
/// are an error, never a crash or a silently different value of another shape.
@Suite struct FactCodingTests {
    /// One input per reader, each exercising optionals, dictionaries, nested lists, numbers and
    /// diagnostics.
    static let inputs: [(path: String, text: String)] = [
        (".faultline.yaml", """
            version: 1
            clusters:
              - {name: prod, provider: aws, region: us-east-1, zones: [us-east-1a, us-east-1b], namespaces: [weave]}
            entrypoints: [k8s:Ingress/weave/front]
            acceptances:
              - {rule: new-regional-spof, scenario: "region:aws/us-east-1", reason: "until Q3", expires: 2027-01-31}
            """),
        ("k8s/ui.yaml", """
            apiVersion: apps/v1
            kind: StatefulSet
            metadata: {name: ui, namespace: weave}
            spec:
              replicas: 2
              template:
                metadata: {labels: {app: ui, tier: "front"}}
                spec:
                  nodeSelector: {topology.kubernetes.io/zone: us-east-1a}
                  containers:
                    - name: ui
                      image: quay.io/weaveworks/ui:1.0@sha256:0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef
                      env:
                        - {name: ASSETS, value: "https://weave-ui-assets.s3.amazonaws.com/app.js"}
                        - {name: EMPTY}
                      envFrom: [{configMapRef: {name: ui-config}}]
              volumeClaimTemplates:
                - metadata: {name: data}
                  spec: {storageClassName: gp3}
            ---
            apiVersion: v1
            kind: Service
            metadata: {name: ui, namespace: weave}
            spec: {type: LoadBalancer, selector: {app: ui}}
            ---
            apiVersion: v1
            kind: ConfigMap
            metadata: {name: ui-config, namespace: weave}
            data: {DB: "postgres://db.abc.eu-west-1.rds.amazonaws.com:5432/x — ünïcødé"}
            ---
            not: [valid
            """),
        ("infra/main.tf", """
            variable "replicas" { default = 3.50 }
            locals { zones = [for z in ["a", "b"] : "us-east-1${z}"] }
            resource "aws_s3_bucket" "assets" {
              bucket = "weave-ui-assets"
              count  = 2
              tags   = { Team = "ui", Size = 1e3, Ratio = -0.125 }
              policy = <<-EOT
                {"Version": "2012-10-17"}
              EOT
            }
            """),
        ("nginx/conf.d/site.conf", """
            server {
              include /etc/nginx/snippets/*.conf;
              location / { proxy_pass https://api.eu-west-1.example.com; }
            }
            """),
        ("ui/Dockerfile", """
            FROM node:20 AS build
            COPY . /src
            FROM nginx:1.27
            COPY --from=build /src/dist /usr/share/nginx/html
            """),
        (".github/workflows/ci.yaml", """
            on: push
            jobs:
              build:
                runs-on: ubuntu-latest
                container: {image: "golang:1.22"}
                steps:
                  - uses: docker/build-push-action@v5
                    with: {context: ui, tags: "quay.io/weaveworks/ui:latest", push: true}
            """),
        ("ui/index.html", """
            <html><script src="https://cdn.example.net/app.js"></script><img srcset="https://a.s3.amazonaws.com/x.png 2x"></html>
            """),
    ]

    static func facts(_ path: String, _ text: String) throws -> FileFacts {
        let reader = try #require(ReaderRegistry.reader(for: path), "no reader takes \(path)")
        var facts = reader.read(path: path, bytes: Array(text.utf8))
        facts.suppressions = SuppressionScanner.scan(path: path, bytes: Array(text.utf8)).0
        return facts
    }

    @Test(arguments: inputs.map(\.path))
    func everyReadersFactsComeBackEqual(path: String) throws {
        let text = try #require(Self.inputs.first { $0.path == path }).text
        let facts = try Self.facts(path, text)
        #expect(!facts.isEmpty)
        let data = try FactCoding.encode(facts)
        #expect(try FactCoding.decode(FileFacts.self, from: data) == facts)
    }

    struct Shapes: Codable, Equatable {
        var optional: String?
        var missing: Int?
        var numbers: [Int?]
        var nested: [[String]]
        var table: [String: [Double]]
        var byNumber: [Int: String]
        var decimal: Decimal
        var domain: FailureDomain
        var flags: [Bool]
        var empty: [String: String]
        var small: Int8
        var unsigned: UInt64
    }

    @Test func optionalsDictionariesDecimalsAndNestedListsComeBackEqual() throws {
        let value = Shapes(
            optional: "", missing: nil, numbers: [1, nil, -3, Int.max, Int.min], nested: [[], ["a", "ü"], [""]],
            table: ["x": [0.5, -1e300], "": []], byNumber: [3: "three", -1: "minus one"],
            decimal: Decimal(string: "-12345678901234567890.125")!, domain: .zone(provider: "aws", region: "us-east-1", zone: "us-east-1a"),
            flags: [true, false], empty: [:], small: -128, unsigned: .max)
        let data = try FactCoding.encode(value)
        #expect(try FactCoding.decode(Shapes.self, from: data) == value)
    }

    @Test func everyTruncationIsAnErrorNotACrash() throws {
        let facts = try Self.facts("k8s/ui.yaml", Self.inputs[1].text)
        let data = try FactCoding.encode(facts)
        for length in stride(from: 0, to: data.count, by: max(1, data.count / 400)) {
            #expect(throws: (any Error).self) { try FactCoding.decode(FileFacts.self, from: data.prefix(length)) }
        }
    }

    @Test func damagedBytesNeverCrash() throws {
        let facts = try Self.facts("infra/main.tf", Self.inputs[2].text)
        let data = try FactCoding.encode(facts)
        var generator = SystemRandomNumberGenerator()
        for _ in 0..<300 {
            var damaged = [UInt8](data)
            for _ in 0..<3 { damaged[Int.random(in: 0..<damaged.count, using: &generator)] = UInt8.random(in: 0...255, using: &generator) }
            // Either an error or some value: what matters is that decoding returns.
            _ = try? FactCoding.decode(FileFacts.self, from: Data(damaged))
        }
    }

    @Test func anotherTypesBytesDoNotDecode() throws {
        let data = try FactCoding.encode(["a", "b"])
        #expect(throws: (any Error).self) { try FactCoding.decode(FileFacts.self, from: data) }
        #expect(throws: (any Error).self) { try FactCoding.decode(FileFacts.self, from: Data()) }
    }
}
