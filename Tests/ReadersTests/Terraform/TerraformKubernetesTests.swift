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
            resource "kubernetes_namespace_v1" "team" {
              metadata { generate_name = "team-" }
            }
            resource "kubectl_manifest" "settings" {
              yaml_body = <<-YAML
                apiVersion: v1
                kind: ConfigMap
                metadata:
                  name: settings
                  namespace: ${kubernetes_namespace_v1.team.id}
                data:
                  url: \(Self.bucket)
                YAML
            }
            """
        let fixture = TerraformFixture(["infra/main.tf": Self.cluster + objects])
        #expect(!fixture.topology.components.keys.contains { $0.hasPrefix("k8s:ConfigMap/") })
        let notes = fixture.diagnostics.filter { $0.summary.contains("object is not read: its name or namespace is known only at apply") }
        #expect(notes.map(\.line) == [14, 21, 31])
        #expect(!fixture.diagnostics.contains { $0.summary.contains("has no metadata.name") })
    }

    /// A Deployment pinned to one zone by a required node affinity runs in that zone only; a
    /// projected ConfigMap volume is a need, as in YAML.
    @Test func affinityAndProjectedVolumesReadAsInYAML() throws {
        let objects = """
            resource "kubernetes_config_map_v1" "settings" {
              metadata {
                name = "settings"
                namespace = "weave"
              }
              data = { url = "\(Self.bucket)" }
            }
            resource "kubernetes_deployment_v1" "ui" {
              metadata {
                name = "ui"
                namespace = "weave"
              }
              spec {
                selector {
                  match_labels = { app = "ui" }
                }
                template {
                  metadata {
                    labels = { app = "ui" }
                  }
                  spec {
                    affinity {
                      node_affinity {
                        required_during_scheduling_ignored_during_execution {
                          node_selector_term {
                            match_expressions {
                              key = "topology.kubernetes.io/zone"
                              operator = "In"
                              values = ["us-east-1a"]
                            }
                          }
                        }
                      }
                    }
                    container {
                      name = "ui"
                      image = "nginx:1.25"
                    }
                    volume {
                      name = "settings"
                      projected {
                        sources {
                          config_map {
                            name = "settings"
                          }
                        }
                      }
                    }
                  }
                }
              }
            }
            """
        let fixture = TerraformFixture(["infra/main.tf": Self.cluster + objects])
        let ui = try #require(fixture.component("k8s:Deployment/weave/ui"))
        #expect(ui.sites.count == 1)
        #expect(fixture.isDown("k8s:Deployment/weave/ui", when: "zone:aws/us-east-1/us-east-1a"))
        #expect(ui.requirements.flatMap(\.alternatives).contains("k8s:ConfigMap/weave/settings"))
    }

    /// kubectl's YAML with a value known only at apply (an IRSA role's ARN) is read without it;
    /// `override_namespace` places the object; `yamldecode(file(…))` gives a manifest; a
    /// `.tf.json` block given once as an object is read.
    @Test func kubectlValuesNamespacesYAMLDecodeAndJSONSyntax() throws {
        let objects = """
            resource "aws_iam_role" "web" { name = "web" }
            resource "kubectl_manifest" "web" {
              override_namespace = "prod"
              yaml_body = <<-YAML
                apiVersion: apps/v1
                kind: Deployment
                metadata:
                  name: web
                  annotations:
                    eks.amazonaws.com/role-arn: ${aws_iam_role.web.arn}
                spec:
                  template:
                    metadata:
                      labels: {app: web}
                    spec:
                      containers:
                        - name: web
                          image: nginx:1.25
                          env:
                            - name: ASSETS_URL
                              value: \(Self.bucket)
                YAML
            }
            resource "kubernetes_manifest" "service" {
              manifest = yamldecode(file("${path.module}/service.yaml"))
            }
            """
        let service = "apiVersion: v1\nkind: Service\nmetadata:\n  name: web\n  namespace: prod\nspec:\n  type: LoadBalancer\n  selector: {app: web}\n  ports:\n    - port: 80\n"
        let json = #"""
            {"resource": {"kubernetes_deployment_v1": {"api": {
              "metadata": {"name": "api", "namespace": "prod"},
              "spec": {"template": {"metadata": {"labels": {"app": "api"}},
                "spec": {"container": {"name": "api", "image": "ghcr.io/acme/api:1"}}}}}}}}
            """#
        let fixture = TerraformFixture(["infra/main.tf": Self.cluster + objects, "infra/service.yaml": service, "infra/api.tf.json": json])
        let web = try #require(fixture.component("k8s:Deployment/prod/web"))
        #expect(web.requirements.flatMap(\.alternatives).contains("url:weave-ui-assets.s3.amazonaws.com"))
        let entry = try #require(fixture.component("k8s:Service/prod/web"))
        #expect(entry.isEntrypoint)
        #expect(fixture.isDown("k8s:Service/prod/web", when: "service:aws/us-east-1/s3"))
        let api = try #require(fixture.component("k8s:Deployment/prod/api"))
        #expect(api.requirements.flatMap(\.alternatives).contains { $0.hasPrefix("image:ghcr.io/acme/api") })
    }

    /// Objects Terraform declares name a bounded number of endpoints: a template of URLs
    /// filled in for many instances stops, with a warning, instead of growing without end.
    @Test func endpointsOfDeclaredObjectsAreBounded() throws {
        let urls = (0..<200).map { "  u\($0): https://host\($0).s3.amazonaws.com/x" }.joined(separator: "\n")
        let template = "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: cm-${i}\ndata:\n" + urls + "\n"
        let main = """
            resource "kubectl_manifest" "cm" {
              count = 600
              yaml_body = templatefile("${path.module}/cm.tpl", { i = count.index })
            }
            """
        let fixture = TerraformFixture(["infra/main.tf": main, "infra/cm.tpl": template])
        let configMaps = fixture.topology.components.keys.filter { $0.hasPrefix("k8s:ConfigMap/") }
        #expect(configMaps.count < 600)
        #expect(fixture.diagnostics.contains { $0.summary.contains("the Kubernetes objects Terraform declares name more than") })
    }

    /// A value naming another Terraform resource (a database's address) is a need of the
    /// workload, in typed resources and in kubectl YAML alike.
    @Test func valuesNamingTerraformResourcesAreNeeds() throws {
        let objects = """
            resource "aws_db_instance" "main" {
              identifier = "main"
              availability_zone = "us-east-1a"
            }
            resource "kubernetes_deployment_v1" "api" {
              metadata {
                name = "api"
              }
              spec {
                template {
                  metadata {
                    labels = { app = "api" }
                  }
                  spec {
                    container {
                      name = "api"
                      image = "nginx:1.25"
                      env {
                        name = "DB_HOST"
                        value = aws_db_instance.main.address
                      }
                    }
                  }
                }
              }
            }
            resource "kubectl_manifest" "worker" {
              yaml_body = <<-YAML
                apiVersion: apps/v1
                kind: Deployment
                metadata:
                  name: worker
                spec:
                  template:
                    metadata:
                      labels: {app: worker}
                    spec:
                      containers:
                        - name: worker
                          image: nginx:1.25
                          env:
                            - name: DB_URL
                              value: postgres://${aws_db_instance.main.address}:5432/app
                YAML
            }
            """
        let fixture = TerraformFixture(["infra/main.tf": Self.cluster + objects])
        let proxy = """
            resource "google_sql_database_instance" "main" {
              name = "main"
              region = "us-central1"
              settings {
                tier = "db-f1-micro"
              }
            }
            resource "kubernetes_deployment_v1" "wordpress" {
              metadata {
                name = "wordpress"
              }
              spec {
                template {
                  metadata {
                    labels = { app = "wordpress" }
                  }
                  spec {
                    container {
                      name = "cloud-sql-proxy"
                      image = "gcr.io/cloud-sql-connectors/cloud-sql-proxy:2"
                      args = ["--port=3306", google_sql_database_instance.main.connection_name]
                    }
                  }
                }
              }
            }
            """
        let sql = TerraformFixture(["gcp/main.tf": proxy])
        let wordpress = try #require(sql.component("k8s:Deployment/default/wordpress"))
        #expect(wordpress.requirements.flatMap(\.alternatives).contains("tf:gcp/google_sql_database_instance.main"))
        for id in ["k8s:Deployment/default/api", "k8s:Deployment/default/worker"] {
            let workload = try #require(fixture.component(id))
            #expect(workload.requirements.flatMap(\.alternatives).contains("tf:infra/aws_db_instance.main"), "\(id)")
            #expect(fixture.isDown(id, when: "zone:aws/us-east-1/us-east-1a"), "\(id)")
        }
    }

    /// Of several roots each declaring one cluster, a root calling a module that declares the
    /// cluster and its Kubernetes objects hosts them (the module's folder is the root's alone),
    /// as terraform-google-kubernetes-engine's examples are called from its test fixtures.
    @Test func objectsAModuleDeclaresRunOnTheClusterOfTheRootCallingIt() throws {
        let app = """
            resource "google_container_cluster" "gke" {
              name     = "c1"
              location = "us-central1-a"
            }
            resource "kubernetes_pod" "web" {
              metadata {
                name   = "web"
                labels = { app = "web" }
              }
              spec {
                container {
                  image = "nginx:1.27"
                  name  = "web"
                }
              }
            }
            """
        let fixture = TerraformFixture([
            "examples/app/main.tf": app,
            "test/fixture/main.tf": "provider \"google\" { region = \"us-central1\" }\nmodule \"example\" { source = \"../../examples/app\" }\n",
            "other/main.tf": "resource \"google_container_cluster\" \"other\" {\n  name     = \"c2\"\n  location = \"europe-west1-b\"\n}\n",
        ])
        #expect(fixture.isDown("k8s:Pod/default/web", when: "zone:gcp/us-central1/us-central1-a"))
        #expect(!fixture.isDown("k8s:Pod/default/web", when: "zone:gcp/europe-west1/europe-west1-b"))
        #expect(fixture.diagnostics.contains { $0.summary == "Kubernetes objects in test/fixture, examples/app are placed on tf:test/fixture/module.example.google_container_cluster.gke, the only cluster root module test/fixture declares" })
    }

    /// A replication controller, whose selector is the labels themselves, is read as its
    /// manifest is: the Service selects it and it needs its image, in both spellings.
    @Test(arguments: ["kubernetes_replication_controller_v1", "kubernetes_replication_controller"])
    func replicationControllersAreWorkloads(type: String) throws {
        let objects = """
            resource "kubernetes_service_v1" "web" {
              metadata {
                name = "web"
                namespace = "shop"
              }
              spec {
                type = "LoadBalancer"
                selector = { run = "web" }
                port {
                  port = 80
                  target_port = 80
                }
              }
            }
            resource "\(type)" "web" {
              metadata {
                name = "web"
                namespace = "shop"
                labels = { run = "web" }
              }
              spec {
                selector = { run = "web" }
                template {
                  metadata {
                    labels = { run = "web" }
                  }
                  spec {
                    container {
                      name = "web"
                      image = "nginx:1.25"
                      env {
                        name = "ASSETS_URL"
                        value = "\(Self.bucket)"
                      }
                    }
                  }
                }
              }
            }
            """
        let fixture = TerraformFixture(["infra/main.tf": Self.cluster + objects])
        let web = try #require(fixture.component("k8s:ReplicationController/shop/web"))
        #expect(web.provenance.first?.path == "infra/main.tf")
        #expect(web.requirements.flatMap(\.alternatives).contains("image:docker.io/library/nginx"))
        #expect(fixture.component("tf:infra/\(type).web") == nil)
        let service = try #require(fixture.component("k8s:Service/shop/web"))
        #expect(service.isEntrypoint)
        #expect(fixture.isDown("k8s:Service/shop/web", when: "service:aws/us-east-1/s3"))
    }

    /// Names in the provider's schema become the API's.
    @Test func providerNamesBecomeTheAPIs() {
        #expect(TerraformKubernetes.apiName("container_port") == "containerPort")
        #expect(TerraformKubernetes.plural(of: "container", in: "spec") == "containers")
        #expect(TerraformKubernetes.plural(of: "volume_mount", in: "container") == "volumeMounts")
        #expect(TerraformKubernetes.plural(of: "port", in: "service") == nil)
        #expect(TerraformKubernetes.apiName("image") == "image")
        #expect(TerraformKubernetes.apiName("cluster_ip") == "clusterIP")
        #expect(TerraformKubernetes.plural(of: "required_during_scheduling_ignored_during_execution", in: "node_affinity") == nil)
        #expect(TerraformKubernetes.plural(of: "required_during_scheduling_ignored_during_execution", in: "pod_anti_affinity") != nil)
        #expect(TerraformYAML.decode("a: 1\nb: [true, x, '2']\nc: ~") == .object(["a": .number(1), "b": .tuple([.bool(true), .string("x"), .string("2")]), "c": .null]))
    }
}
