import Model
import Testing

@testable import Readers

/// Kubernetes objects declared in Terraform join the manifests: placed on the repository's
/// cluster, exposed through their Services and Ingresses, needing what their env names.
@Suite struct TerraformKubernetesTests {
    static let cluster = """
        provider "aws" {
          region = "us-east-1"
        }
        resource "aws_subnet" "a" { availability_zone = "us-east-1a" }
        resource "aws_subnet" "b" { availability_zone = "us-east-1b" }
        resource "aws_subnet" "c" { availability_zone = "us-east-1c" }
        resource "aws_eks_cluster" "main" {
          name = "main"
          vpc_config { subnet_ids = [aws_subnet.a.id, aws_subnet.b.id, aws_subnet.c.id] }
        }

        """

    static let bucket = "https://weave-ui-assets.s3.amazonaws.com/"

    /// The provider's typed resources: a Deployment whose env names the bucket, behind a
    /// LoadBalancer Service.
    @Test func typedResourcesAreReadAsTheirObjects() throws {
        let objects = """
            resource "kubernetes_deployment_v1" "ui" {
              metadata {
                name = "ui"
                namespace = "weave"
                labels = { app = "ui" }
              }
              spec {
                replicas = 3
                selector {
                  match_labels = { app = "ui" }
                }
                template {
                  metadata {
                    labels = { app = "ui" }
                  }
                  spec {
                    container {
                      name = "ui"
                      image = "nginx:1.25"
                      port {
                        container_port = 80
                      }
                      env {
                        name = "ASSETS_URL"
                        value = "\(Self.bucket)"
                      }
                    }
                  }
                }
              }
            }
            resource "kubernetes_ingress_v1" "ui" {
              metadata {
                name = "ui-public"
                namespace = "weave"
              }
              spec {
                rule {
                  http {
                    path {
                      path = "/"
                      path_type = "Prefix"
                      backend {
                        service {
                          name = "ui"
                          port {
                            number = 80
                          }
                        }
                      }
                    }
                  }
                }
              }
            }
            resource "kubernetes_service_v1" "ui" {
              metadata {
                name = "ui"
                namespace = "weave"
              }
              spec {
                type = "LoadBalancer"
                selector = { app = "ui" }
                port {
                  port = 80
                  target_port = 80
                }
              }
            }
            """
        let fixture = TerraformFixture(["infra/main.tf": Self.cluster + objects])
        let ui = try #require(fixture.component("k8s:Deployment/weave/ui"))
        #expect(ui.provenance.first?.path == "infra/main.tf")
        #expect(ui.requirements.flatMap(\.alternatives).contains("url:weave-ui-assets.s3.amazonaws.com"))
        #expect(ui.requirements.flatMap(\.alternatives).contains("image:docker.io/library/nginx"))
        #expect(ui.sites.count == 3)
        let service = try #require(fixture.component("k8s:Service/weave/ui"))
        #expect(service.isEntrypoint)
        #expect(fixture.isDown("k8s:Service/weave/ui", when: "service:aws/us-east-1/s3"))
        #expect(!fixture.isDown("k8s:Service/weave/ui", when: "zone:aws/us-east-1/us-east-1a"))
        let ingress = try #require(fixture.component("k8s:Ingress/weave/ui-public"))
        #expect(ingress.isEntrypoint)
        #expect(ingress.requirements.flatMap(\.alternatives) == ["k8s:Service/weave/ui"])
        #expect(fixture.isDown("k8s:Ingress/weave/ui-public", when: "service:aws/us-east-1/s3"))
    }

    /// `kubernetes_manifest` holds the object as the API writes it; kubectl's `yaml_body` is
    /// YAML text, here read from a file of the commit.
    @Test func manifestsAndKubectlYAMLAreReadAsWritten() throws {
        let manifest = """
            resource "kubernetes_manifest" "ui" {
              manifest = {
                apiVersion = "apps/v1"
                kind = "Deployment"
                metadata = { name = "ui", namespace = "weave" }
                spec = {
                  selector = { matchLabels = { app = "ui" } }
                  template = {
                    metadata = { labels = { app = "ui" } }
                    spec = {
                      containers = [{
                        name = "ui"
                        image = "nginx:1.25"
                        env = [{ name = "ASSETS_URL", value = "\(Self.bucket)" }]
                      }]
                    }
                  }
                }
              }
            }
            resource "kubectl_manifest" "ingress" {
              yaml_body = file("${path.module}/ingress.yaml")
            }

            """
        let ingress = """
            apiVersion: networking.k8s.io/v1
            kind: Ingress
            metadata:
              name: ui
              namespace: weave
            spec:
              rules:
                - http:
                    paths:
                      - path: /
                        pathType: Prefix
                        backend:
                          service:
                            name: ui
                            port:
                              number: 80
            """
        let service = """
            resource "kubernetes_service_v1" "ui" {
              metadata {
                name = "ui"
                namespace = "weave"
              }
              spec {
                selector = { app = "ui" }
                port {
                  port = 80
                }
              }
            }
            """
        let fixture = TerraformFixture([
            "infra/main.tf": (Self.cluster + manifest + service).replacingOccurrences(of: "ingress.yaml", with: "ingress.yaml.tftpl"),
            // Not a manifest of its own: only what kubectl_manifest applies.
            "infra/ingress.yaml.tftpl": ingress,
        ])
        let ui = try #require(fixture.component("k8s:Deployment/weave/ui"))
        #expect(ui.requirements.flatMap(\.alternatives).contains("url:weave-ui-assets.s3.amazonaws.com"))
        let entry = try #require(fixture.component("k8s:Ingress/weave/ui"))
        #expect(entry.isEntrypoint)
        #expect(entry.provenance.first?.path == "infra/main.tf")
        #expect(!fixture.diagnostics.contains { $0.summary.contains("does not know where a resource of type kube") })
        #expect(fixture.component("tf:infra/kubernetes_manifest.ui") == nil)
        #expect(fixture.isDown("k8s:Ingress/weave/ui", when: "service:aws/us-east-1/s3"))
    }

    /// An object whose name or namespace is known only at apply is not read, and a note says so.
    @Test func anObjectNamedOnlyAtApplyIsNotRead() throws {
        let objects = """
            data "kubernetes_namespace_v1" "shared" {
              metadata { name = "shared" }
            }
            resource "kubernetes_config_map_v1" "dashboards" {
              for_each = fileset("${path.module}/dashboards", "*.json")
              metadata {
                name = "dashboard-${each.value}"
              }
              data = { url = "\(Self.bucket)" }
            }
            resource "kubernetes_config_map_v1" "settings" {
              metadata {
                name = "settings"
                namespace = data.kubernetes_namespace_v1.shared.metadata[0].name
              }
              data = { url = "\(Self.bucket)" }
            }
            """
        let fixture = TerraformFixture(["infra/main.tf": Self.cluster + objects])
        #expect(!fixture.topology.components.keys.contains { $0.hasPrefix("k8s:ConfigMap/") })
        let notes = fixture.diagnostics.filter { $0.summary.contains("object is not read: its name or namespace is known only at apply") }
        #expect(notes.map(\.line) == [14, 21])
        #expect(!fixture.diagnostics.contains { $0.summary.contains("has no metadata.name") })
    }

    /// Names in the provider's schema become the API's.
    @Test func providerNamesBecomeTheAPIs() {
        #expect(TerraformKubernetes.apiName("container_port") == "containerPort")
        #expect(TerraformKubernetes.plural(of: "container", in: "spec") == "containers")
        #expect(TerraformKubernetes.plural(of: "volume_mount", in: "container") == "volumeMounts")
        #expect(TerraformKubernetes.plural(of: "port", in: "service") == nil)
        #expect(TerraformKubernetes.apiName("image") == "image")
    }
}
