import HCL
import Model
import Testing

@testable import Readers

/// Helm releases Terraform installs (`helm_release`) are read as the releases a Flux
/// `HelmRelease` installs: on the repository's cluster, needing what their values name and
/// their chart repository to be upgraded.
@Suite struct TerraformHelmTests {
    static let bucket = "https://weave-ui-assets.s3.amazonaws.com/"

    /// A local chart's `values.yaml` under a values file read with `file()`, `set` entries
    /// over both, one naming a database Terraform declares.
    @Test func localChartValuesFileAndSetEntries() throws {
        let release = """
            resource "aws_db_instance" "main" {
              identifier = "main"
              engine     = "postgres"
              multi_az   = true
            }
            resource "helm_release" "web" {
              name      = "web"
              namespace = "weave"
              chart     = "${path.module}/../charts/web"
              values    = [file("${path.module}/values/prod.yaml")]
              set {
                name  = "assets.baseUrl"
                value = "\(Self.bucket)"
              }
              set {
                name  = "database.host"
                value = aws_db_instance.main.address
              }
            }
            """
        let fixture = TerraformFixture([
            "infra/main.tf": TerraformKubernetesTests.cluster + release,
            "infra/values/prod.yaml": "ingress:\n  enabled: true\n",
            "charts/web/values.yaml": """
                image:
                  repository: 123456789012.dkr.ecr.us-east-1.amazonaws.com/web
                  tag: "1.0"
                ingress:
                  enabled: false

                """,
        ])
        let web = try #require(fixture.component("tf:infra/helm_release.web"))
        #expect(web.kind == .workload)
        #expect(web.provenance.first?.path == "infra/main.tf")
        #expect(web.sites.count == 3)
        // The values file turns on the ingress the chart's defaults leave off.
        #expect(web.isEntrypoint)
        let needs = web.requirements.filter { $0.phase == .serve }.flatMap(\.alternatives)
        #expect(needs.contains("image:123456789012.dkr.ecr.us-east-1.amazonaws.com/web"))
        #expect(needs.contains("url:weave-ui-assets.s3.amazonaws.com"))
        #expect(needs.contains("tf:infra/aws_db_instance.main"))
        #expect(fixture.isDown("tf:infra/helm_release.web", when: "service:aws/us-east-1/s3"))
        #expect(fixture.isDown("tf:infra/helm_release.web", when: "service:aws/us-east-1/ecr"))
        #expect(!fixture.isDown("tf:infra/helm_release.web", when: "zone:aws/us-east-1/us-east-1a"))
        #expect(!fixture.diagnostics.contains { $0.summary.contains("helm_release") })
    }

    /// A remote chart: no defaults are read, its repository is needed to ship, and a `set`
    /// entry giving the controller a LoadBalancer makes it face users.
    @Test func remoteChartsNeedTheirRepositoryToShip() throws {
        let releases = """
            resource "helm_release" "ingress_nginx" {
              name       = "ingress-nginx"
              repository = "https://kubernetes.github.io/ingress-nginx"
              chart      = "ingress-nginx"
              namespace  = "ingress"
              set {
                name  = "controller.service.type"
                value = "LoadBalancer"
              }
            }
            resource "helm_release" "redis" {
              name  = "redis"
              chart = "oci://registry-1.docker.io/bitnamicharts/redis"
            }
            resource "helm_release" "internal" {
              name       = "internal"
              repository = "oci://123456789012.dkr.ecr.us-east-1.amazonaws.com/charts"
              chart      = "internal"
              values = [yamlencode({ image = { repository = "123456789012.dkr.ecr.us-east-1.amazonaws.com/internal", tag = "2" } })]
            }
            """
        let fixture = TerraformFixture(["infra/main.tf": TerraformKubernetesTests.cluster + releases])
        let nginx = try #require(fixture.component("tf:infra/helm_release.ingress_nginx"))
        #expect(nginx.isEntrypoint)
        #expect(nginx.requirements.map(\.phase) == [.deliver])
        #expect(nginx.requirements.flatMap(\.alternatives) == ["url:kubernetes.github.io"])
        // GitHub Pages, where the chart is published, is GitHub's.
        #expect(fixture.component("url:kubernetes.github.io")?.sites.flatMap(\.domains).map(\.id) == ["saas:github"])
        let redis = try #require(fixture.component("tf:infra/helm_release.redis"))
        #expect(!redis.isEntrypoint)
        #expect(redis.requirements.map(\.phase) == [.deliver])
        #expect(redis.requirements.flatMap(\.alternatives) == ["registry:docker.io"])
        // An OCI chart in the registry the release's image comes from: one registry component.
        let privateChart = try #require(fixture.component("tf:infra/helm_release.internal"))
        let registry = "registry:123456789012.dkr.ecr.us-east-1.amazonaws.com"
        #expect(privateChart.requirements.filter { $0.phase == .deliver }.flatMap(\.alternatives) == [registry])
        #expect(privateChart.requirements.filter { $0.phase == .serve }.flatMap(\.alternatives) == ["image:123456789012.dkr.ecr.us-east-1.amazonaws.com/internal"])
        #expect(fixture.topology.ids.filter { $0.contains("dkr.ecr") }.sorted() == ["image:123456789012.dkr.ecr.us-east-1.amazonaws.com/internal", registry])
    }

    /// Values texts merge as Helm merges values files, `set` entries go over them typed as
    /// Helm types them, and what is known only at apply is left out with a note.
    @Test func valuesMergeAndUnknownsAreNamed() throws {
        let releases = """
            variable "tier" {
              default = "LoadBalancer"
            }
            resource "helm_release" "app" {
              name  = "app"
              chart = "app"
              repository = "https://charts.example.com"
              values = [
                <<-EOT
                service:
                  type: ClusterIP
                image: nginx:1.25
                EOT
                ,
                yamlencode({ service = { port = 80 } }),
                data.aws_ssm_parameter.values.value,
              ]
              set {
                name  = "service.type"
                value = var.tier
              }
              set {
                name  = data.aws_ssm_parameter.setting.name
                value = "x"
              }
            }
            resource "helm_release" "on" {
              name  = "on"
              chart = "on"
              repository = "https://charts.example.com"
              values = [yamlencode({ image = "nginx:1.25" })]
              set {
                name  = "ingress.enabled"
                value = "true"
              }
            }
            resource "helm_release" "off" {
              name  = "off"
              chart = "off"
              repository = "https://charts.example.com"
              values = [yamlencode({ ingress = { enabled = true }, image = "nginx:1.25" })]
              set {
                name  = "ingress.enabled"
                value = "false"
              }
            }
            """
        let fixture = TerraformFixture(["infra/main.tf": TerraformKubernetesTests.cluster + releases])
        let app = try #require(fixture.component("tf:infra/helm_release.app"))
        // The second text keeps the first's type; the set entry replaces it.
        #expect(app.isEntrypoint)
        #expect(app.requirements.flatMap(\.alternatives).contains("image:docker.io/library/nginx"))
        let note = try #require(fixture.diagnostics.first { $0.summary.hasPrefix("helm_release.app:") })
        #expect(note.summary.contains("values known only at apply"))
        #expect(note.summary.contains("a set entry whose name is not a literal path"))
        #expect(note.line == 14)
        // `"true"` and `"false"` are typed as Helm types them: booleans.
        #expect(try #require(fixture.component("tf:infra/helm_release.on")).isEntrypoint)
        let off = try #require(fixture.component("tf:infra/helm_release.off"))
        #expect(!off.isEntrypoint)
    }

    /// `count` instances are releases of their own; a name known only at apply keeps the
    /// release (its component is its Terraform address).
    @Test func instancesAndApplyTimeNames() throws {
        let releases = """
            resource "random_pet" "suffix" {}
            resource "helm_release" "tenant" {
              count      = 2
              name       = "tenant-${random_pet.suffix.id}"
              namespace  = "tenant-${count.index}"
              repository = "oci://ghcr.io/example/charts"
              chart      = "tenant"
              set {
                name  = "ingress.enabled"
                value = true
              }
            }
            """
        let fixture = TerraformFixture(["infra/main.tf": TerraformKubernetesTests.cluster + releases])
        for index in 0..<2 {
            let tenant = try #require(fixture.component("tf:infra/helm_release.tenant[\(index)]"))
            #expect(tenant.isEntrypoint)
            #expect(tenant.requirements.flatMap(\.alternatives) == ["registry:ghcr.io"])
        }
    }

    /// A thousand instances of a release reading one file of URLs read it once, and the
    /// endpoints their values name share the bound of Terraform's values.
    @Test func endpointsOfReleasesAreBounded() throws {
        let urls = (0..<200).map { "  u\($0): https://host\($0).s3.amazonaws.com/x" }.joined(separator: "\n")
        let main = """
            resource "helm_release" "app" {
              count = 1000
              name  = "app-${count.index}"
              chart = "app"
              repository = "https://charts.example.com"
              values = [file("${path.module}/urls.yaml")]
              set {
                name  = "fullnameOverride"
                value = "app-${count.index}"
              }
            }
            """
        let fixture = TerraformFixture(["infra/main.tf": main, "infra/urls.yaml": "urls:\n" + urls + "\n"])
        let releases = fixture.topology.components.keys.filter { $0.hasPrefix("tf:infra/helm_release.app[") }
        #expect(releases.count == TopologyBuilder.terraformEndpointLimit / 200)
        #expect(fixture.diagnostics.contains { $0.summary.contains("the Helm releases Terraform installs name more than") })
    }

    /// The same amplification through a local chart's `values.yaml`, which every instance is
    /// read over: the bound counts every layer.
    @Test func aLocalChartsDefaultsCountTowardsTheBound() throws {
        let urls = (0..<200).map { "  u\($0): https://host\($0).s3.amazonaws.com/x" }.joined(separator: "\n")
        let main = """
            resource "helm_release" "app" {
              count = 1000
              name  = "app-${count.index}"
              chart = "./charts/big"
            }
            """
        let fixture = TerraformFixture(["infra/main.tf": main, "infra/charts/big/values.yaml": "urls:\n" + urls + "\n"])
        let releases = fixture.topology.components.keys.filter { $0.hasPrefix("tf:infra/helm_release.app[") }
        #expect(releases.count == TopologyBuilder.helmValuesLimit / 200)
        #expect(fixture.diagnostics.contains { $0.summary.contains("the Helm releases of this commit name more than") })
        // The chart's own values file is the release's defaults, not a release of its own.
        #expect(fixture.component("helm:infra/charts/big/values.yaml") == nil)
    }

    /// `set` entries whose indices would pad lists with thousands of nulls are not read.
    @Test func listPaddingIsBounded() throws {
        let deep = (0..<20).map { "  set {\n    name = \"k\($0)" + String(repeating: "[999]", count: 63) + "\"\n    value = \"x\"\n  }" }.joined(separator: "\n")
        let main = "resource \"helm_release\" \"app\" {\n  name = \"app\"\n  chart = \"app\"\n  repository = \"oci://ghcr.io/acme\"\n\(deep)\n  set {\n    name = \"ingress.enabled\"\n    value = \"true\"\n  }\n}\n"
        let fixture = TerraformFixture(["infra/main.tf": main])
        let app = try #require(fixture.component("tf:infra/helm_release.app"))
        #expect(app.isEntrypoint)
        #expect(fixture.diagnostics.contains { $0.summary.contains("set entries whose list indices add up to more than 10000 items") })
    }

    /// The provider's repository forms: a `helm repo add` name (not read, with a note), a
    /// bare OCI registry joined with the chart, a folder of charts.
    @Test func repositoryForms() throws {
        let main = """
            resource "helm_release" "alias" {
              name = "alias"
              repository = "bitnami"
              chart = "redis"
              values = [yamlencode({ image = "quay.io/acme/redis:1" })]
            }
            resource "helm_release" "ecr" {
              name = "ecr"
              repository = "oci://123456789012.dkr.ecr.us-east-1.amazonaws.com"
              chart = "web"
            }
            resource "helm_release" "port" {
              name = "port"
              repository = "oci://registry.example.com:5000/"
              chart = "org/web"
            }
            resource "helm_release" "folder" {
              name = "folder"
              repository = "./charts"
              chart = "web"
            }
            """
        let fixture = TerraformFixture([
            "infra/main.tf": main,
            "infra/charts/web/values.yaml": "image:\n  repository: quay.io/acme/web\n  tag: \"1\"\n",
        ])
        func deliver(_ name: String) -> [String] {
            fixture.component("tf:infra/helm_release.\(name)")?.requirements.filter { $0.phase == .deliver }.flatMap(\.alternatives) ?? ["none"]
        }
        #expect(deliver("alias") == [])
        #expect(fixture.diagnostics.contains { $0.summary == "helm_release.alias: the chart repository bitnami, a name given at helm repo add not read" })
        #expect(deliver("ecr") == ["registry:123456789012.dkr.ecr.us-east-1.amazonaws.com"])
        #expect(deliver("port") == ["registry:registry.example.com:5000"])
        #expect(fixture.component("tf:infra/helm_release.folder")?.requirements.flatMap(\.alternatives) == ["image:quay.io/acme/web"])
        #expect(fixture.topology.ids.filter { $0.hasPrefix("registry:docker.io") }.isEmpty)
    }

    /// Helm's typing of `--set` values, blank values texts, and a values file Terraform reads,
    /// which is the release's values and not a release of its own.
    @Test func typingBlankTextsAndReadValuesFiles() throws {
        let main = """
            variable "extra" {
              default = ""
            }
            resource "helm_release" "web" {
              name  = "web"
              chart = "web"
              repository = "https://charts.example.com"
              values = [file("${path.module}/values-web.yaml"), var.extra, "# nothing here\\n"]
              set {
                name  = "ingress.enabled"
                value = "True"
              }
              set_list {
                name  = "replicas"
                value = ["0123", "7"]
              }
            }
            """
        let fixture = TerraformFixture(["infra/main.tf": main, "infra/values-web.yaml": "image: nginx:1.25\n"])
        let web = try #require(fixture.component("tf:infra/helm_release.web"))
        #expect(web.isEntrypoint)
        #expect(web.requirements.flatMap(\.alternatives) == ["image:docker.io/library/nginx"])
        #expect(!fixture.diagnostics.contains { $0.summary.hasPrefix("helm_release.web") })
        #expect(fixture.component("helm:infra/values-web.yaml") == nil)
        #expect(TerraformHelm.autoTyped("0123") == .string("0123"))
        #expect(TerraformHelm.autoTyped("FALSE") == .bool(false))
        #expect(TerraformHelm.autoTyped("+5") == .int(5))
        #expect(TerraformHelm.autoTyped("0") == .int(0))
    }

    /// Several Terraform roots, each with its own cluster: what a root declares runs on that
    /// root's cluster.
    @Test func eachRootsReleasesRunOnItsCluster() throws {
        func root(_ region: String) -> String {
            """
            provider "aws" {
              region = "\(region)"
            }
            resource "aws_subnet" "a" { availability_zone = "\(region)a" }
            resource "aws_subnet" "b" { availability_zone = "\(region)b" }
            resource "aws_eks_cluster" "main" {
              name = "main"
              vpc_config { subnet_ids = [aws_subnet.a.id, aws_subnet.b.id] }
            }
            resource "helm_release" "web" {
              name       = "web"
              repository = "oci://ghcr.io/acme/charts"
              chart      = "web"
            }

            """
        }
        let fixture = TerraformFixture(["prod/main.tf": root("us-east-1"), "staging/main.tf": root("eu-west-1"), "k8s/app.yaml": """
            apiVersion: apps/v1
            kind: Deployment
            metadata: {name: app}
            spec:
              template:
                spec:
                  containers: [{name: app, image: ghcr.io/acme/app:1}]
            """])
        let prod = try #require(fixture.component("tf:prod/helm_release.web"))
        #expect(prod.sites.flatMap(\.domains).map(\.id) == ["zone:aws/us-east-1/us-east-1a", "zone:aws/us-east-1/us-east-1b"])
        let staging = try #require(fixture.component("tf:staging/helm_release.web"))
        #expect(staging.sites.flatMap(\.domains).map(\.id) == ["zone:aws/eu-west-1/eu-west-1a", "zone:aws/eu-west-1/eu-west-1b"])
        // A manifest outside both roots is not guessed onto either.
        #expect(fixture.component("k8s:Deployment/default/app")?.sites.flatMap(\.domains).map(\.id) == ["unknown:cluster"])
        // Nor onto the one root that declares a single cluster, when another declares two.
        let twice = root("us-west-2") + "resource \"aws_eks_cluster\" \"other\" {\n  name = \"other\"\n  vpc_config { subnet_ids = [aws_subnet.a.id] }\n}\n"
        let lone = TerraformFixture(["prod/main.tf": root("us-east-1"), "shared/main.tf": twice, "k8s/app.yaml": """
            apiVersion: apps/v1
            kind: Deployment
            metadata: {name: app}
            spec:
              template:
                spec:
                  containers: [{name: app, image: ghcr.io/acme/app:1}]
            """])
        #expect(lone.component("tf:prod/helm_release.web")?.sites.count == 2)
        #expect(lone.component("tf:shared/helm_release.web")?.sites.flatMap(\.domains).map(\.id) == ["unknown:cluster"])
        #expect(lone.component("k8s:Deployment/default/app")?.sites.flatMap(\.domains).map(\.id) == ["unknown:cluster"])
    }

    @Test func setPaths() {
        typealias Step = TerraformHelm.Step
        #expect(TerraformHelm.setPath("a.b") == [Step.key("a"), .key("b")])
        #expect(TerraformHelm.setPath(#"podAnnotations.eks\.amazonaws\.com/role-arn"#) == [.key("podAnnotations"), .key("eks.amazonaws.com/role-arn")])
        #expect(TerraformHelm.setPath("servers[1].port") == [.key("servers"), .index(1), .key("port")])
        #expect(TerraformHelm.setPath("matrix[0][2]") == [.key("matrix"), .index(0), .index(2)])
        #expect(TerraformHelm.setPath(Array(repeating: "a", count: 64).joined(separator: "."))?.count == 64)
        for malformed in [Array(repeating: "a", count: 65).joined(separator: "."), "", "a..b", ".a", "a.", "[0]", "a[x]", "a[0", "a[0]b", "a[-1]", "a[1000]", "a\\"] {
            #expect(TerraformHelm.setPath(malformed) == nil, "\(malformed)")
        }
        let tree = TerraformHelm.setting(.string("x"), at: [Step.key("list"), .index(2), .key("name")][...], in: .object([:]))
        #expect(tree == .object(["list": .tuple([.null, .null, .object(["name": .string("x")])])]))
        #expect(TerraformHelm.autoTyped("true") == .bool(true))
        #expect(TerraformHelm.autoTyped("42") == .int(42))
        #expect(TerraformHelm.autoTyped("-3") == .int(-3))
        #expect(TerraformHelm.autoTyped("1.5") == .string("1.5"))
        #expect(TerraformHelm.autoTyped("0x10") == .string("0x10"))
        #expect(TerraformHelm.autoTyped("null") == .null)
        let merged = TerraformHelm.merging(
            .object(["a": .object(["b": .int(2)]), "list": .tuple([.int(3)])]),
            over: .object(["a": .object(["b": .int(1), "c": .int(1)]), "list": .tuple([.int(1), .int(2)])]))
        #expect(merged == .object(["a": .object(["b": .int(2), "c": .int(1)]), "list": .tuple([.int(3)])]))
    }
}
