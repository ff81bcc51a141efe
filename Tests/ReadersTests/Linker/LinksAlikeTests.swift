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

    /// What an audit can tell apart of a topology: everything but the words of requirements'
    /// notes and of the link's diagnostics.
    static func auditView(_ topology: Topology) -> [Component] {
        topology.sortedComponents.map { component in
            Component(
                id: component.id, kind: component.kind, sites: component.sites, needed: component.needed,
                requirements: component.requirements.map { Requirement(anyOf: $0.alternatives, phase: $0.phase, provenance: $0.provenance) },
                provenance: component.provenance, isEntrypoint: component.isEntrypoint, placedBy: component.placedBy)
        }
    }

    /// A release moves images to new tags; where they come from and what runs them stays.
    @Test(arguments: ["1.1", "1.1@sha256:" + String(repeating: "a", count: 64)])
    func anImagesTagLinksAlike(_ tag: String) {
        let base = Self.facts(Self.manifest()), other = Self.facts(Self.manifest(tag: tag))
        #expect(base != other && base.linksAlike(other))
        let before = Self.topology(Self.manifest()), after = Self.topology(Self.manifest(tag: tag))
        // The topologies differ only in the note naming the tag.
        #expect(before != after)
        #expect(Self.auditView(before) == Self.auditView(after))
    }

    @Test(arguments: [manifest(padding: "# moved down a line\n")])
    func anythingElseDoesNot(_ changed: String) {
        let base = Self.facts(Self.manifest()), other = Self.facts(changed)
        #expect(!base.linksAlike(other))
        #expect(Self.topology(Self.manifest()) != Self.topology(changed))
        #expect(Self.auditView(Self.topology(Self.manifest())) != Self.auditView(Self.topology(changed)))
    }

    /// A tag that makes the reference malformed, or a variable, leaves the image unplaced or
    /// placed by name only: such changes are linked again.
    @Test(arguments: ["1.1 beta", "${TAG}", "-bad"])
    func aTagThatChangesWhatParsesDoesNot(_ tag: String) {
        let base = Self.facts(Self.manifest()), other = Self.facts(Self.manifest(tag: tag))
        #expect(!base.linksAlike(other) && !other.linksAlike(base))
    }

    /// Another image name, registry or a local build is another image.
    @Test(arguments: [
        "123456789012.dkr.ecr.us-east-1.amazonaws.com/web/api:1.0", "123456789012.dkr.ecr.eu-west-1.amazonaws.com/web/ui:1.0",
        "ui:1.0", "docker.io/web/ui:1.0",
    ])
    func anotherImageDoesNot(_ reference: String) {
        let base = Self.facts(Self.manifest())
        let other = Self.facts(Self.manifest().replacingOccurrences(of: "123456789012.dkr.ecr.us-east-1.amazonaws.com/web/ui:1.0", with: reference))
        #expect(base != other && !base.linksAlike(other))
    }

    /// Kustomize's `newTag` and `digest` and Helm's `image.tag` bump a release the same way;
    /// one that is no valid tag is linked again (it decides whether the image parses).
    @Test func tagsGivenApartLinkAlike() {
        func kustomization(_ tag: String) -> FileFacts {
            KustomizationReader().read(
                path: "k8s/kustomization.yaml",
                bytes: Array("resources: [ui.yaml]\nimages:\n  - name: web/ui\n    newTag: \"\(tag)\"\n".utf8))
        }
        #expect(kustomization("1.4") != kustomization("1.5") && kustomization("1.4").linksAlike(kustomization("1.5")))
        #expect(!kustomization("1.4").linksAlike(kustomization("1.5 beta")))
        func values(_ tag: String, repository: String = "web/ui") -> FileFacts {
            HelmValuesReader().read(path: "chart/values.yaml", bytes: Array("image:\n  repository: \(repository)\n  tag: \"\(tag)\"\n".utf8))
        }
        #expect(values("1.4") != values("1.5") && values("1.4").linksAlike(values("1.5")))
        #expect(!values("1.4").linksAlike(values("{{ .Chart.AppVersion }}")))
        #expect(!values("1.4").linksAlike(values("1.4", repository: "web/api")))
        // A tag so long that a long name with it would not parse is compared as written.
        let long = String(repeating: "7", count: 100)
        #expect(!values(long).linksAlike(values(long.replacing("7", with: "8"))))
    }

    /// Dependency bots bump the actions a workflow uses and the versions Terraform requires;
    /// neither places anything. Where the state is kept, and a provider's region, do.
    @Test func versionBumpsLinkAlike() {
        func workflow(_ version: String) -> FileFacts {
            GitHubActionsReader().read(
                path: ".github/workflows/ci.yaml",
                bytes: Array("on: push\njobs:\n  build:\n    runs-on: ubuntu-latest\n    steps:\n      - uses: actions/checkout@\(version)\n".utf8))
        }
        #expect(workflow("v4") != workflow("v5") && workflow("v4").linksAlike(workflow("v5")))
        func terraform(provider: String = "7.39.0", core: String = ">= 1.5", region: String = "us-east-1", bucket: String = "state") -> FileFacts {
            TerraformReader().read(path: "infra/main.tf", bytes: Array("""
                terraform {
                  required_version = "\(core)"
                  required_providers {
                    aws = { source = "hashicorp/aws", version = "\(provider)" }
                  }
                  backend "s3" {
                    bucket = "\(bucket)"
                    region = "us-east-1"
                  }
                }
                provider "aws" { region = "\(region)" }
                resource "aws_s3_bucket" "assets" { bucket = "assets" }
                """.utf8))
        }
        let base = terraform()
        #expect(base != terraform(provider: "7.43.0") && base.linksAlike(terraform(provider: "7.43.0")))
        #expect(base.linksAlike(terraform(core: ">= 1.9")))
        #expect(!base.linksAlike(terraform(region: "eu-west-1")))
        #expect(!base.linksAlike(terraform(bucket: "other-state")))
        let link = { (file: FileFacts) in Self.auditView(Linker().link([file], commit: nil).topology) }
        #expect(link(base) == link(terraform(provider: "7.43.0", core: ">= 1.9")))
        #expect(link(base) != link(terraform(region: "eu-west-1")))
        #expect(link(workflow("v4")) == link(workflow("v5")))
    }

    /// A reference that parses keeps its image when its tag and digest are split off as
    /// Kustomize splits them, which is what comparing by name relies on.
    @Test(arguments: [
        "nginx:1.27", "nginx@sha256:" + String(repeating: "d", count: 64), "library/nginx:1.27-alpine@sha256:" + String(repeating: "e", count: 64),
        "localhost:5000/app:dev", "registry.example.com:8443/team/app:v1.2.3", "Registry.Example.com/app:1_0", "ghcr.io/a/b/c:latest",
    ])
    func aNameSplitOffParsesToTheSameImage(_ reference: String) throws {
        let whole = try #require(ImageReference(parsing: reference))
        let name = ImageOverride.split(reference).name
        #expect(ImageReference(parsing: name)?.name == whole.name)
        #expect(whole.tag != nil || whole.digest != nil)
    }

    /// A digest so long that the reference a Kustomize `newName` makes of it would not parse
    /// is compared as written.
    @Test func aVeryLongDigestIsComparedAsWritten() {
        let long = Self.facts(Self.manifest(tag: "1.0@sha256:" + String(repeating: "a", count: 300)))
        let usual = Self.facts(Self.manifest(tag: "1.0@sha256:" + String(repeating: "a", count: 64)))
        #expect(long != usual && !long.linksAlike(usual) && !usual.linksAlike(long))
    }

    /// Docker takes names of at most 255 characters, registry host included.
    @Test func aNameOverDockersLimitIsNoImage() {
        let name = "registry.example.com/" + String(repeating: "a", count: 234)
        #expect(ImageReference(parsing: name + ":1.0") != nil)
        #expect(ImageReference(parsing: name + "a:1.0") == nil)
        #expect(ImageReference(parsing: name + "@sha256:" + String(repeating: "c", count: 64)) != nil)
    }

    /// A Dockerfile's base image and a pipeline's job images go by their names likewise.
    @Test func baseAndJobImagesLinkAlikeAcrossTags() {
        func dockerfile(_ tag: String) -> FileFacts {
            let text = "FROM golang:\(tag) AS build\nRUN go build\nFROM gcr.io/distroless/base\n"
            return DockerfileReader().read(path: "app/Dockerfile", bytes: Array(text.utf8))
        }
        #expect(dockerfile("1.21") != dockerfile("1.22") && dockerfile("1.21").linksAlike(dockerfile("1.22")))
        #expect(!dockerfile("1.21").linksAlike(dockerfile("-bad")))
        func pipeline(_ image: String) -> FileFacts {
            GitLabCIReader().read(path: ".gitlab-ci.yml", bytes: Array("build:\n  image: \(image)\n  script: [make]\n".utf8))
        }
        #expect(pipeline("golang:1.21") != pipeline("golang:1.22") && pipeline("golang:1.21").linksAlike(pipeline("golang:1.22")))
        #expect(!pipeline("golang:1.21").linksAlike(pipeline("quay.io/golang:1.21")))
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
