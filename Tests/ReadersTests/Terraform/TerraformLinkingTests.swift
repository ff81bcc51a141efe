import Model
import Testing
@testable import Readers

@Suite struct TerraformLinkingTests {
    static let cdn = """
        provider "aws" { region = "us-east-1" }
        provider "aws" {
          alias  = "replica"
          region = var.replica_region
        }
        variable "replica_region" { default = "us-west-2" }
        resource "aws_s3_bucket" "assets" { bucket = "weave-ui-assets" }
        resource "aws_s3_bucket" "replica" {
          provider = aws.replica
          bucket   = "weave-ui-assets-replica"
        }
        resource "aws_cloudfront_distribution" "ui" {
          origin {
            origin_id   = "primary"
            domain_name = aws_s3_bucket.assets.bucket_regional_domain_name
          }
          origin {
            origin_id   = "failover"
            domain_name = aws_s3_bucket.replica.bucket_regional_domain_name
          }
          GROUP
        }
        """

    static let group = """
        origin_group {
            origin_id = "assets"
            failover_criteria { status_codes = [500, 502, 503, 504] }
            member { origin_id = "primary" }
            member { origin_id = "failover" }
          }
        """

    @Test func removingTheOriginGroupFailoverMakesTheCDNFallWithS3InUSEast1() {
        let before = TerraformFixture(["infra/main.tf": Self.cdn.replacingOccurrences(of: "GROUP", with: Self.group)])
        let after = TerraformFixture(["infra/main.tf": Self.cdn.replacingOccurrences(of: "GROUP", with: "")])
        let cdn = "tf:infra/aws_cloudfront_distribution.ui"
        #expect(before.component(cdn)?.isEntrypoint == true)
        #expect(before.component(cdn)?.requirements.map(\.alternatives) == [["tf:infra/aws_s3_bucket.assets", "tf:infra/aws_s3_bucket.replica"]])
        #expect(!before.isDown(cdn, when: "service:aws/us-east-1/s3"))
        #expect(after.isDown(cdn, when: "service:aws/us-east-1/s3"))
        #expect(after.isDown(cdn, when: "service:aws/us-west-2/s3"))
        #expect(before.isDown(cdn, when: "service:aws/global/cloudfront"))
    }

    /// Requests go where the cache behaviors send them: one aimed at the group is covered by
    /// its failover, one aimed straight at a member (the default, or a path's) bypasses it,
    /// and an origin no behavior uses is not needed. A target not known (a variable without a
    /// value) keeps every group and every origin outside one.
    @Test func cacheBehaviorsDecideWhatTheDistributionNeeds() throws {
        let unused = """
            origin {
                origin_id   = "logs"
                domain_name = "logs.s3.eu-west-1.amazonaws.com"
              }
            """
        func text(_ behaviors: String) -> String {
            Self.cdn.replacingOccurrences(of: "GROUP", with: Self.group + "\n  " + unused + "\n  " + behaviors) + "\nvariable \"target\" { type = string }\n"
        }
        func fixture(_ behaviors: String) -> TerraformFixture { TerraformFixture(["infra/main.tf": text(behaviors)]) }
        let cdn = "tf:infra/aws_cloudfront_distribution.ui"
        let both = ["tf:infra/aws_s3_bucket.assets", "tf:infra/aws_s3_bucket.replica"]
        let toGroup = fixture("default_cache_behavior { target_origin_id = \"assets\" }\n")
        #expect(toGroup.component(cdn)?.requirements.map(\.alternatives) == [both])
        #expect(!toGroup.isDown(cdn, when: "service:aws/us-east-1/s3"))
        #expect(!toGroup.isDown(cdn, when: "service:aws/eu-west-1/s3"))
        let toMember = fixture("default_cache_behavior { target_origin_id = \"primary\" }\n")
        let requirement = try #require(toMember.component(cdn)?.requirements.first)
        #expect(toMember.component(cdn)?.requirements.map(\.alternatives) == [["tf:infra/aws_s3_bucket.assets"]])
        let behaviorLine = text("default_cache_behavior { target_origin_id = \"primary\" }\n").split(separator: "\n", omittingEmptySubsequences: false)
            .firstIndex { $0.contains("default_cache_behavior") }.map { $0 + 1 }
        #expect(requirement.provenance?.line == behaviorLine, "the behavior's line: \(String(describing: requirement.provenance))")
        #expect(toMember.isDown(cdn, when: "service:aws/us-east-1/s3"))
        let pathToMember = fixture("""
            default_cache_behavior { target_origin_id = "assets" }
              ordered_cache_behavior {
                path_pattern     = "/static/*"
                target_origin_id = "primary"
              }

            """)
        #expect(pathToMember.isDown(cdn, when: "service:aws/us-east-1/s3"))
        let unknown = fixture("default_cache_behavior { target_origin_id = var.target }\n")
        #expect(unknown.isDown(cdn, when: "service:aws/eu-west-1/s3"))
        #expect(!unknown.isDown(cdn, when: "service:aws/us-east-1/s3"))
    }

    /// A group failing over to a host of the team's own (not in the catalog, so down in no
    /// scenario) stays up whatever else it holds: adding a bucket as its failover makes it
    /// need nothing.
    @Test func anOriginGroupWithAnUnmodelledMemberStaysUp() {
        let text = Self.cdn.replacingOccurrences(of: "GROUP", with: Self.group)
            .replacingOccurrences(of: "aws_s3_bucket.replica.bucket_regional_domain_name", with: "\"api.shop.acme.io\"")
        let fixture = TerraformFixture(["infra/main.tf": text])
        let cdn = "tf:infra/aws_cloudfront_distribution.ui"
        #expect(fixture.component(cdn)?.requirements.isEmpty == true, "\(String(describing: fixture.component(cdn)?.requirements))")
        #expect(!fixture.isDown(cdn, when: "service:aws/us-east-1/s3"))
        // An address not known here (a data source's, a variable without a value, nothing) is
        // no such host: the group stands on what else it has.
        for unknown in ["data.aws_s3_bucket.backup.bucket_regional_domain_name", "var.backup_domain", "\"\"", "\"10.0.0.1\"", "\"failover.invalid\"", "\"origin.example.com\""] {
            let other = Self.cdn.replacingOccurrences(of: "GROUP", with: Self.group)
                .replacingOccurrences(of: "aws_s3_bucket.replica.bucket_regional_domain_name", with: unknown)
                + "\ndata \"aws_s3_bucket\" \"backup\" { bucket = \"backup\" }\nvariable \"backup_domain\" { type = string }\n"
            let fixture = TerraformFixture(["infra/main.tf": other])
            #expect(fixture.isDown(cdn, when: "service:aws/us-east-1/s3"), "\(unknown)")
        }
    }

    @Test func aReplicaBehindASameRegionAliasIsNoProtection() {
        let text = Self.cdn.replacingOccurrences(of: "GROUP", with: Self.group) + """

            resource "aws_s3_bucket_replication_configuration" "r" {
              bucket = aws_s3_bucket.assets.id
              rule {
                destination { bucket = aws_s3_bucket.replica.arn }
              }
            }
            """
        let fixture = TerraformFixture(["infra/main.tf": text, "infra/terraform.tfvars": "replica_region = \"us-east-1\"\n"])
        let ruleLine = text.split(separator: "\n", omittingEmptySubsequences: false).firstIndex { $0.contains("rule {") }.map { $0 + 1 }
        #expect(fixture.component("tf:infra/aws_s3_bucket.replica")?.sites == [[.regionalService(provider: "aws", region: "us-east-1", service: "s3")]])
        #expect(fixture.isDown("tf:infra/aws_cloudfront_distribution.ui", when: "service:aws/us-east-1/s3"))
        #expect(fixture.diagnostics.contains { $0.severity == .note && $0.summary.contains("same region (us-east-1)") && $0.line == ruleLine })
    }

    @Test func replicationToAnotherRegionIsNotedAsNotFailover() {
        let text = """
            provider "aws" { region = "us-east-1" }
            provider "aws" {
              alias  = "west"
              region = "us-west-2"
            }
            resource "aws_s3_bucket" "dst" {
              provider = aws.west
              bucket   = "dst"
            }
            resource "aws_s3_bucket" "src" {
              bucket = "src"
              replication_configuration {
                rules {
                  destination { bucket = aws_s3_bucket.dst.arn }
                }
              }
            }
            """
        let fixture = TerraformFixture(["main.tf": text])
        #expect(fixture.diagnostics.contains { $0.summary.contains("replication, not failover") && $0.summary.contains("us-west-2") })
    }

    @Test(arguments: [("false", true), ("true", false)])
    func singleAZDatabaseIsAZoneExposure(multiAZ: String, exposed: Bool) {
        let fixture = TerraformFixture(["db/main.tf": """
            provider "aws" { region = "us-east-1" }
            resource "aws_db_instance" "main" {
              multi_az          = \(multiAZ)
              availability_zone = "us-east-1a"
            }
            """])
        let id = "tf:db/aws_db_instance.main"
        #expect(fixture.component(id)?.kind == .database)
        #expect(fixture.isDown(id, when: "zone:aws/us-east-1/us-east-1a") == exposed)
        #expect(fixture.isDown(id, when: "service:aws/us-east-1/rds"))
        // The argument that holds it in one zone is where a finding about it points first.
        #expect(fixture.component(id)?.placedBy?.description == (exposed ? "db/main.tf:3" : nil))
    }

    @Test func aZonalResourceIsHeldThereByItsZoneArgument() {
        let fixture = TerraformFixture(["vm.tf": """
            provider "google" { region = "us-central1" }
            resource "google_compute_instance" "web" {
              name = "web"

              zone = "us-central1-b"
            }
            resource "google_compute_region_instance_group_manager" "pool" {
              name = "pool"
            }
            """])
        #expect(fixture.component("tf:google_compute_instance.web")?.placedBy?.description == "vm.tf:5")
        // Spread over the region's zones: nothing holds it in one.
        #expect(fixture.component("tf:google_compute_region_instance_group_manager.pool")?.placedBy == nil)
    }

    /// The argument holding a database in one zone is its pin line before the region is known
    /// too, so setting the region later is not taken for a new pin.
    @Test func aPinLineIsKeptWhileTheRegionIsUnknown() {
        let fixture = TerraformFixture(["main.tf": "resource \"aws_db_instance\" \"db\" {\n  multi_az = false\n}\n"])
        #expect(fixture.component("tf:aws_db_instance.db")?.placedBy?.description == "main.tf:2")
    }

    /// A module's `multi_az = var.multi_az` points at the line that set the input — through a
    /// module that passes it on, to the root's `multi_az = false` a reviewer changed, or to a
    /// `terraform.tfvars` entry or a variable's default. The same lines whether the module
    /// instance is evaluated or replayed from the run's cache.
    @Test func aPinSetThroughModuleInputsPointsAtTheCallersLine() {
        let files = [
            "prod/main.tf": """
                provider "aws" { region = "us-east-1" }
                module "data" {
                  source   = "../modules/data"
                  multi_az = false
                }
                module "spare" {
                  source = "../modules/data"
                }
                """,
            "modules/data/main.tf": """
                variable "multi_az" { default = true }
                module "db" {
                  source   = "../db"
                  multi_az = var.multi_az
                }
                """,
            "modules/db/main.tf": """
                variable "multi_az" { default = true }
                resource "aws_db_instance" "main" {
                  multi_az = var.multi_az
                }
                """,
            "staging/main.tf": """
                provider "aws" { region = "us-east-1" }
                module "data" {
                  source = "../modules/data"

                  multi_az = "${false}"
                }
                """,
        ]
        let linker = Linker()
        for _ in 0..<2 {
            let topology = linker.link(TerraformFixture.facts(files), commit: nil).topology
            #expect(topology["tf:prod/module.data.module.db.aws_db_instance.main"]?.placedBy?.description == "prod/main.tf:4")
            #expect(topology["tf:staging/module.data.module.db.aws_db_instance.main"]?.placedBy?.description == "staging/main.tf:5")
            // Multi-AZ by default: nothing holds it in one zone.
            #expect(topology["tf:prod/module.spare.module.db.aws_db_instance.main"]?.placedBy == nil)
        }
        let direct = TerraformFixture([
            "main.tf": "provider \"aws\" { region = \"us-east-1\" }\nmodule \"db\" {\n  source = \"./db\"\n}\n",
            "db/main.tf": "variable \"multi_az\" { default = false }\nresource \"aws_db_instance\" \"main\" {\n  multi_az = var.multi_az\n}\n",
        ])
        // Left to its default, it is held there by the default.
        #expect(direct.component("tf:module.db.aws_db_instance.main")?.placedBy?.description == "db/main.tf:1")
        // A root's variable set in terraform.tfvars, and a zone argument inside a block.
        let rooted = TerraformFixture([
            "prod/main.tf": """
                provider "google" { region = "us-central1" }
                variable "availability" { default = "REGIONAL" }
                module "sql" {
                  source = "../sql"
                  availability_type = var.availability
                }
                """,
            "prod/terraform.tfvars": "availability = \"ZONAL\"\n",
            "sql/main.tf": """
                variable "availability_type" {}
                resource "google_sql_database_instance" "db" {
                  settings {
                    tier              = "db-f1-micro"
                    availability_type = var.availability_type
                  }
                }
                """,
        ])
        #expect(rooted.component("tf:prod/module.sql.google_sql_database_instance.db")?.placedBy?.description == "prod/terraform.tfvars:1")
    }

    /// A resource declared again in another file of the module is a located warning naming
    /// the first, which alone is read; so are a module call, a variable and an output.
    @Test func aBlockDeclaredTwiceInAModuleIsAWarningAndTheFirstIsRead() {
        let fixture = TerraformFixture([
            "a.tf": """
                provider "aws" { region = "us-east-1" }
                resource "aws_db_instance" "db" { multi_az = true }
                variable "v" {}
                """,
            "b.tf": """
                resource "aws_db_instance" "db" {
                  multi_az = false
                }
                variable "v" {}
                resource "aws_db_instance" "other" { multi_az = true }
                """,
        ])
        let warnings = fixture.topology.diagnostics.filter { $0.summary.contains("declared again") }
        #expect(warnings.map(\.summary) == [
            "resource aws_db_instance db is declared again (first at a.tf:2), which Terraform refuses",
            "variable v is declared again (first at a.tf:3), which Terraform refuses",
        ])
        #expect(warnings.map(\.path) == ["b.tf", "b.tf"])
        #expect(warnings.map(\.line) == [1, 4])
        #expect(fixture.component("tf:aws_db_instance.db")?.placedBy == nil)
        #expect(!fixture.isDown("tf:aws_db_instance.db", when: "zone:aws/us-east-1/\(TerraformPlacer.unknownZone)"))
        #expect(fixture.component("tf:aws_db_instance.other") != nil)
    }

    @Test func singleAZDatabaseWithoutAZoneIsInAnUnknownZone() {
        let fixture = TerraformFixture(["main.tf": "provider \"aws\" { region = \"eu-west-1\" }\nresource \"aws_db_instance\" \"db\" {}\n"])
        #expect(fixture.isDown("tf:aws_db_instance.db", when: "zone:aws/eu-west-1/unknown-az"))
    }

    @Test(arguments: [("BASIC", true), ("STANDARD_HA", false)])
    func redisTierDecidesWhetherAZoneTakesItDown(tier: String, exposed: Bool) {
        let fixture = TerraformFixture(["cache.tf": """
            provider "google" { region = "us-central1" }
            resource "google_redis_instance" "cache" {
              tier        = "\(tier)"
              location_id = "us-central1-a"
            }
            """])
        let id = "tf:google_redis_instance.cache"
        #expect(fixture.component(id)?.kind == .cache)
        #expect(fixture.isDown(id, when: "zone:gcp/us-central1/us-central1-a") == exposed)
    }

    static let eks = """
        provider "aws" { region = "us-east-1" }
        locals { zones = ["us-east-1a", "us-east-1b", "us-east-1c"] }
        resource "aws_subnet" "private" {
          count             = length(local.zones)
          availability_zone = local.zones[count.index]
        }
        resource "aws_eks_cluster" "main" {
          name = "prod"
          vpc_config { subnet_ids = aws_subnet.private[*].id }
        }
        resource "aws_eks_node_group" "workers" {
          cluster_name = aws_eks_cluster.main.name
          subnet_ids   = [aws_subnet.private[0].id, aws_subnet.private[1].id, aws_subnet.private[2].id]
        }
        """

    static let deployment = """
        apiVersion: apps/v1
        kind: Deployment
        metadata: {name: ui, namespace: weave}
        spec:
          template:
            spec:
              containers: [{name: ui, image: nginx}]
        """

    @Test func anEKSNodeGroupAcrossThreeZonesSurvivesOneAndHostsTheWorkloads() throws {
        let fixture = TerraformFixture(["infra/eks.tf": Self.eks, "k8s/ui.yaml": Self.deployment])
        #expect(fixture.component("tf:infra/aws_subnet.private[2]")?.sites == [[.zone(provider: "aws", region: "us-east-1", zone: "us-east-1c")]])
        let group = try #require(fixture.component("tf:infra/aws_eks_node_group.workers"))
        #expect(group.sites.count == 3)
        #expect(group.requirements.map(\.alternatives) == [["tf:infra/aws_eks_cluster.main"]])
        #expect(!fixture.isDown(group.id, when: "zone:aws/us-east-1/us-east-1a"))
        let workload = try #require(fixture.component("k8s:Deployment/weave/ui"))
        #expect(workload.sites.count == 3)
        #expect(!fixture.isDown(workload.id, when: "zone:aws/us-east-1/us-east-1b"))
        #expect(fixture.isDown(workload.id, when: "region:aws/us-east-1"))
    }

    /// The only cluster, in a region set where Terraform is applied (`provider "aws" {}`),
    /// still hosts the manifests: they run in AWS's unknown region and go down with AWS, with
    /// a warning at the cluster saying how to place it.
    @Test func theOnlyClusterOfAnUnknownRegionStillHostsTheWorkloads() throws {
        let eks = Self.eks.replacingOccurrences(of: "provider \"aws\" { region = \"us-east-1\" }", with: "provider \"aws\" {}")
            .replacingOccurrences(of: "locals { zones = [\"us-east-1a\", \"us-east-1b\", \"us-east-1c\"] }", with: "locals { zones = [] }")
        let fixture = TerraformFixture(["infra/eks.tf": eks, "k8s/ui.yaml": Self.deployment])
        let workload = try #require(fixture.component("k8s:Deployment/weave/ui"))
        #expect(workload.sites == [[.unknown("region/aws")]], "\(workload.sites)")
        #expect(fixture.isDown(workload.id, when: "provider:aws"))
        #expect(fixture.diagnostics.contains { $0.severity == .warning && $0.summary.contains("whose region is not known") && $0.path == "infra/eks.tf" })
        #expect(!fixture.diagnostics.contains { $0.summary.contains("cannot place") }, "\(fixture.diagnostics)")
    }

    @Test func aClusterInFaultlineYAMLWinsOverTerraform() throws {
        let fixture = TerraformFixture([
            "infra/eks.tf": Self.eks, "k8s/ui.yaml": Self.deployment,
            ".faultline.yaml": "clusters:\n  - {name: prod, provider: aws, region: eu-west-1, zones: [eu-west-1a]}\n",
        ])
        let workload = try #require(fixture.component("k8s:Deployment/weave/ui"))
        #expect(workload.sites == [[.zone(provider: "aws", region: "eu-west-1", zone: "eu-west-1a")]])
    }

    @Test func variablesTakeDefaultsThenTfvarsThenAutoTfvarsInLexicalOrder() {
        let main = """
            variable "a" { default = "us-east-1" }
            variable "b" { default = "us-east-1" }
            variable "c" { default = "us-east-1" }
            provider "aws" { region = "eu-west-1" }
            resource "aws_s3_bucket" "a" { region = var.a }
            resource "aws_s3_bucket" "b" { region = var.b }
            resource "aws_s3_bucket" "c" { region = var.c }
            """
        let fixture = TerraformFixture([
            "env/main.tf": main,
            "env/terraform.tfvars": "b = \"us-west-1\"\nc = \"us-west-1\"\n",
            "env/terraform.tfvars.json": "{\"b\": \"sa-east-1\"}",
            "env/a.auto.tfvars": "c = \"ap-south-1\"\n",
            "env/b.auto.tfvars.json": "{\"c\": \"eu-central-1\"}",
        ])
        func region(_ name: String) -> [Site]? { fixture.component("tf:env/aws_s3_bucket.\(name)")?.sites }
        #expect(region("a") == [[.regionalService(provider: "aws", region: "us-east-1", service: "s3")]])
        // terraform.tfvars.json is read after terraform.tfvars, so its value wins.
        #expect(region("b") == [[.regionalService(provider: "aws", region: "sa-east-1", service: "s3")]])
        #expect(region("c") == [[.regionalService(provider: "aws", region: "eu-central-1", service: "s3")]])
    }

    @Test func resourcesUseTheProviderConfigurationTheyName() {
        let fixture = TerraformFixture(["main.tf": """
            provider "aws" { region = "us-east-1" }
            provider "aws" {
              alias  = "west"
              region = "us-west-2"
            }
            resource "aws_ecr_repository" "east" { name = "east" }
            resource "aws_ecr_repository" "west" {
              provider = aws.west
              name     = "west"
            }
            """])
        #expect(fixture.component("tf:aws_ecr_repository.east")?.sites == [[.regionalService(provider: "aws", region: "us-east-1", service: "ecr")]])
        #expect(fixture.component("tf:aws_ecr_repository.west")?.sites == [[.regionalService(provider: "aws", region: "us-west-2", service: "ecr")]])
    }

    @Test func aLocalModuleGetsItsProvidersAndInputs() {
        let fixture = TerraformFixture([
            "infra/main.tf": """
                provider "aws" { region = "us-east-1" }
                provider "aws" {
                  alias  = "west"
                  region = "us-west-2"
                }
                module "copy" {
                  source    = "./modules/bucket"
                  name      = "copy-bucket"
                  providers = { aws = aws.west }
                }
                module "home" {
                  source = "./modules/bucket"
                  name   = "home-bucket"
                }
                module "loop" { source = "../infra" }
                """,
            "infra/modules/bucket/main.tf": """
                variable "name" {}
                resource "aws_s3_bucket" "this" { bucket = var.name }
                output "domain" { value = aws_s3_bucket.this.bucket_regional_domain_name }
                """,
        ])
        #expect(fixture.component("tf:infra/module.copy.aws_s3_bucket.this")?.sites == [[.regionalService(provider: "aws", region: "us-west-2", service: "s3")]])
        #expect(fixture.component("tf:infra/module.home.aws_s3_bucket.this")?.sites == [[.regionalService(provider: "aws", region: "us-east-1", service: "s3")]])
        // The module calling its own folder is a cycle: reported, not followed.
        #expect(fixture.diagnostics.contains { $0.summary.contains("cycle") && $0.path == "infra/main.tf" })
    }

    @Test func aModuleOutputKeepsTheBucketsIdentityForTheCDN() {
        let fixture = TerraformFixture([
            "main.tf": """
                provider "aws" { region = "eu-west-1" }
                module "assets" {
                  source = "./assets"
                  name   = "a"
                }
                resource "aws_cloudfront_distribution" "cdn" {
                  origin {
                    origin_id   = "s3"
                    domain_name = module.assets.domain
                  }
                }
                """,
            "assets/main.tf": """
                variable "name" {}
                resource "aws_s3_bucket" "this" { bucket = var.name }
                output "domain" { value = aws_s3_bucket.this.bucket_regional_domain_name }
                """,
        ])
        #expect(fixture.component("tf:aws_cloudfront_distribution.cdn")?.requirements.map(\.alternatives) == [["tf:module.assets.aws_s3_bucket.this"]])
        #expect(fixture.isDown("tf:aws_cloudfront_distribution.cdn", when: "service:aws/eu-west-1/s3"))
    }


    /// Two root modules calling one module are two deployments: prod's bucket in us-east-1 and
    /// staging's in eu-west-1 are two components, so staging's region does not make prod's
    /// CDN look as if it survived us-east-1.
    @Test func twoRootsCallingOneModuleAreTwoDeployments() {
        func root(_ region: String, cdn: Bool) -> String {
            """
            provider "aws" { region = "\(region)" }
            module "assets" {
              source = "../modules/assets"
              name   = "assets-\(region)"
            }
            """ + (cdn ? """

                resource "aws_cloudfront_distribution" "cdn" {
                  origin {
                    origin_id   = "s3"
                    domain_name = module.assets.domain
                  }
                }
                """ : "")
        }
        let fixture = TerraformFixture([
            "prod/main.tf": root("us-east-1", cdn: true),
            "staging/main.tf": root("eu-west-1", cdn: false),
            "modules/assets/main.tf": """
                variable "name" {}
                resource "aws_s3_bucket" "this" { bucket = var.name }
                output "domain" { value = aws_s3_bucket.this.bucket_regional_domain_name }
                """,
        ])
        #expect(fixture.component("tf:prod/module.assets.aws_s3_bucket.this")?.sites == [[.regionalService(provider: "aws", region: "us-east-1", service: "s3")]])
        #expect(fixture.component("tf:staging/module.assets.aws_s3_bucket.this")?.sites == [[.regionalService(provider: "aws", region: "eu-west-1", service: "s3")]])
        #expect(fixture.component("tf:prod/aws_cloudfront_distribution.cdn")?.requirements.map(\.alternatives) == [["tf:prod/module.assets.aws_s3_bucket.this"]])
        #expect(fixture.isDown("tf:prod/aws_cloudfront_distribution.cdn", when: "service:aws/us-east-1/s3"))
        #expect(!fixture.topology.components.keys.contains { $0.hasPrefix("tf:module.") })
    }
    @Test func aRemoteModuleIsOneOpaqueComponentWithANote() throws {
        let fixture = TerraformFixture(["main.tf": "module \"vpc\" {\n  source  = \"terraform-aws-modules/vpc/aws\"\n  version = \"5.0.0\"\n}\n"])
        let module = try #require(fixture.component("tf:module.vpc"))
        #expect(module.sites.flatMap(\.domains).allSatisfy { $0.kind == .unknown })
        #expect(fixture.diagnostics.filter { $0.severity == .note && $0.summary.contains("does not fetch") }.map(\.line) == [1])
    }

    @Test func countAndForEachAreExpanded() {
        let fixture = TerraformFixture(["main.tf": """
            provider "aws" { region = "us-east-1" }
            variable "buckets" { default = { logs = "eu-west-1", media = "us-west-2" } }
            resource "aws_s3_bucket" "regional" {
              for_each = var.buckets
              bucket   = each.key
              region   = each.value
            }
            resource "aws_instance" "web" {
              count             = 2
              availability_zone = "us-east-1${count.index == 0 ? "a" : "b"}"
            }
            resource "aws_instance" "none" { count = 0 }
            """])
        #expect(fixture.component(#"tf:aws_s3_bucket.regional["media"]"#)?.sites == [[.regionalService(provider: "aws", region: "us-west-2", service: "s3")]])
        #expect(fixture.component(#"tf:aws_s3_bucket.regional["logs"]"#) != nil)
        #expect(fixture.component("tf:aws_instance.web[1]")?.sites == [[.zone(provider: "aws", region: "us-east-1", zone: "us-east-1b")]])
        #expect(fixture.topology.components.keys.filter { $0.hasPrefix("tf:aws_instance.none") }.isEmpty)
    }

    /// A `count` guarded by a switch that is off is zero though the rest of the condition is
    /// known only once applied (terraform-aws-vpc's `local.create_public_subnets && length(…)`),
    /// as cty decides `false && x` and `true || x` whatever `x` is.
    @Test func aCountTheKnownSideOfALogicalOperatorDecidesIsKnown() {
        let fixture = TerraformFixture(["main.tf": """
            provider "aws" { region = "eu-west-1" }
            data "aws_availability_zones" "available" {}
            locals { azs = slice(data.aws_availability_zones.available.names, 0, 3) }
            resource "aws_s3_bucket" "off" {
              count  = false && length(local.azs) > 0 ? 1 : 0
              bucket = "off"
            }
            resource "aws_s3_bucket" "on" {
              count  = true || length(local.azs) > 0 ? 1 : 0
              bucket = "on"
            }
            resource "aws_s3_bucket" "unknown" {
              count  = true && length(local.azs) > 0 ? 1 : 0
              bucket = "unknown"
            }
            """])
        let buckets = fixture.topology.components.keys.filter { $0.hasPrefix("tf:aws_s3_bucket.") }.sorted()
        #expect(buckets == ["tf:aws_s3_bucket.on[0]", "tf:aws_s3_bucket.unknown"])
        #expect(fixture.diagnostics.filter { $0.summary.contains("is not known before apply") }.map(\.summary)
            == ["count of aws_s3_bucket.unknown is not known before apply, so it is read as one instance"])
    }

    /// Terraform converts a whole-number string to the number `count` needs; any other string
    /// is not a count, so the block stays one instance standing for all of them.
    @Test(arguments: [
        (#"count = "3""#, 3),
        (#"count = "${var.node_count}""#, 3),
        (#"count = var.node_count"#, 3),
        (#"count = "three""#, 1),
    ])
    func aCountGivenAsAStringIsExpandedWhenItIsAWholeNumber(count: String, instances: Int) {
        let fixture = TerraformFixture(["main.tf": """
            variable "node_count" { default = "3" }
            resource "aws_instance" "node" { \(count) }
            """])
        #expect(fixture.topology.components.keys.filter { $0.hasPrefix("tf:aws_instance.node") }.count == instances)
        #expect(fixture.diagnostics.contains { $0.summary.contains("count of aws_instance.node is not known") } == (instances == 1))
    }

    /// A pull request can ask for a hundred million instances; past the limit the block is
    /// one instance standing for all of them, with a located warning.
    @Test(arguments: [("count = 100000000", "count", 1), ("count = 1000", "count", 1_000),
                      ("for_each = toset([for i in var.many : \"b${i}\"])", "for_each", 1)])
    func countAndForEachExpandUpToTheLimit(argument: String, name: String, instances: Int) {
        let fixture = TerraformFixture(["main.tf": """
            variable "many" { default = [\((0...1_000).map(String.init).joined(separator: ", "))] }
            resource "aws_s3_bucket" "b" {
              \(argument)
            }
            resource "aws_cloudfront_distribution" "cdn" {
              origin {
                domain_name = \(argument.hasPrefix("count") ? "aws_s3_bucket.b[0]" : "aws_s3_bucket.b[\"b1\"]").bucket_regional_domain_name
                origin_id   = "b"
              }
            }
            """])
        #expect(fixture.topology.components.keys.filter { $0.hasPrefix("tf:aws_s3_bucket.b") }.count == instances)
        // A reference to one instance reaches it, or the instance standing for all of them.
        let origin = instances == 1 ? "tf:aws_s3_bucket.b" : "tf:aws_s3_bucket.b[0]"
        #expect(fixture.component("tf:aws_cloudfront_distribution.cdn")?.requirements.map(\.alternatives) == [[origin]])
        let warning = fixture.diagnostics.first { $0.summary.contains("more than the 1000 Faultline expands") }
        #expect((warning?.line, warning?.severity, warning?.summary.hasPrefix(name)) == (instances == 1 ? (3, .warning, true) : (nil, nil, nil)))
    }

    @Test func anUnknownResourceTypeGivesOneNotePerModule() throws {
        let fixture = TerraformFixture(["main.tf": """
            resource "aws_iam_role" "a" { name = "a" }
            resource "aws_iam_role" "b" { name = "b" }
            data "aws_caller_identity" "me" {}
            """])
        #expect(fixture.diagnostics.filter { $0.summary.contains("aws_iam_role") }.count == 1)
        let role = try #require(fixture.component("tf:aws_iam_role.b"))
        #expect(role.sites.flatMap(\.domains).allSatisfy { $0.kind == .unknown })
        #expect(fixture.topology.components.keys.filter { $0.contains("caller_identity") }.isEmpty)
    }

    @Test func aSyntaxErrorIsLocatedAndTheRestOfTheModuleIsRead() {
        let fixture = TerraformFixture([
            "infra/broken.tf": "resource \"aws_s3_bucket\" \"ok\" { bucket = \"ok\" }\n\nresource \"aws_s3_bucket\" \"bad\" {\n  bucket = \n}\n",
            "infra/main.tf": "provider \"aws\" { region = \"us-east-1\" }\nresource \"aws_s3_bucket\" \"other\" { bucket = \"other\" }\n",
        ])
        #expect(fixture.diagnostics.contains { $0.severity == .error && $0.path == "infra/broken.tf" && $0.line == 4 })
        #expect(fixture.component("tf:infra/aws_s3_bucket.ok")?.sites == [[.regionalService(provider: "aws", region: "us-east-1", service: "s3")]])
        #expect(fixture.component("tf:infra/aws_s3_bucket.other") != nil)
    }

    @Test func aURLNamingATerraformBucketTakesItsRealRegion() throws {
        let fixture = TerraformFixture([
            "infra/main.tf": "provider \"aws\" { region = \"eu-west-1\" }\nresource \"aws_s3_bucket\" \"assets\" { bucket = \"weave-ui-assets\" }\n",
            "k8s/ui.yaml": Self.deployment.replacingOccurrences(
                of: "image: nginx}", with: "image: nginx, env: [{name: ASSETS, value: \"https://weave-ui-assets.s3.amazonaws.com/app.js\"}]}"),
        ])
        let workload = try #require(fixture.component("k8s:Deployment/weave/ui"))
        #expect(workload.requirements.flatMap(\.alternatives).contains("tf:infra/aws_s3_bucket.assets"))
        #expect(!fixture.topology.components.keys.contains { $0.hasPrefix("url:weave-ui-assets") })
        #expect(fixture.isDown("tf:infra/aws_s3_bucket.assets", when: "service:aws/eu-west-1/s3"))
    }

    @Test func overrideFilesReplaceAttributes() {
        let fixture = TerraformFixture([
            "main.tf": "provider \"aws\" { region = \"us-east-1\" }\nresource \"aws_db_instance\" \"db\" { multi_az = false }\n",
            "db_override.tf": "resource \"aws_db_instance\" \"db\" { multi_az = true }\n",
        ])
        #expect(fixture.component("tf:aws_db_instance.db")?.sites.count ?? 0 > 1)
        #expect(!fixture.isDown("tf:aws_db_instance.db", when: "zone:aws/us-east-1/us-east-1a"))
    }

    /// Records of one name with a failover policy answer for one another — when Route 53 can
    /// see the primary fail. Without a health check (an alias not evaluating its target's
    /// health) the primary is always the answer, and a warning says so.
    @Test(arguments: [("evaluate_target_health = true", false), ("evaluate_target_health = false", true), ("health_check_id = \"hc-1\"", false)])
    func route53FailoverRecordsOfOneNameAreAlternatives(check: String, primaryOnly: Bool) throws {
        let fixture = TerraformFixture(["dns.tf": """
            provider "aws" { region = "us-east-1" }
            provider "aws" {
              alias  = "west"
              region = "us-west-2"
            }
            resource "aws_lb" "east" { subnets = [] }
            resource "aws_lb" "west" {
              provider = aws.west
              subnets  = []
            }
            resource "aws_route53_record" "primary" {
              name           = "app.example.com"
              type           = "A"
              set_identifier = "primary"
              failover_routing_policy { type = "PRIMARY" }
              \(check.hasPrefix("health") ? check + "\n  alias { name = aws_lb.east.dns_name }" : "alias {\n    name = aws_lb.east.dns_name\n    \(check)\n  }")
            }
            resource "aws_route53_record" "secondary" {
              name           = "app.example.com"
              type           = "A"
              set_identifier = "secondary"
              failover_routing_policy { type = "SECONDARY" }
              alias { name = aws_lb.west.dns_name }
            }
            """])
        let name = try #require(fixture.component("dns:app.example.com"))
        #expect(name.isEntrypoint)
        #expect(fixture.component("tf:aws_route53_record.primary")?.isEntrypoint == false)
        #expect(fixture.isDown(name.id, when: "region:aws/us-east-1") == primaryOnly)
        #expect(fixture.isDown("tf:aws_route53_record.primary", when: "region:aws/us-east-1"))
        #expect(fixture.diagnostics.contains { $0.severity == .warning && $0.summary.contains("never fails over") } == primaryOnly)
    }

    @Test(arguments: [
        ("US", "provider:gcp", false, "region:gcp/us-central1"),
        ("us-central1", "service:gcp/us-central1/gcs", true, "region:gcp/us-central1"),
        ("NAM4", "service:gcp/us-central1/gcs", false, "region:gcp/us-central1"),
    ])
    func gcsBucketLocations(location: String, domain: String, downWithRegion: Bool, region: String) throws {
        let fixture = TerraformFixture(["gcs.tf": "resource \"google_storage_bucket\" \"b\" {\n  name = \"b\"\n  location = \"\(location)\"\n}\n"])
        let bucket = try #require(fixture.component("tf:google_storage_bucket.b"))
        #expect(bucket.domains.map(\.id).contains(domain))
        #expect(fixture.isDown(bucket.id, when: region) == downWithRegion)
    }

    /// A configurable dual-region is declared under its multi-region (`location = "EU"`): it
    /// lives in its two regions, not everywhere in the EU.
    @Test func aGCSDualRegionLivesInItsTwoRegions() throws {
        let fixture = TerraformFixture(["gcs.tf": """
            resource "google_storage_bucket" "b" {
              name     = "b"
              location = "EU"
              custom_placement_config {
                data_locations = ["EUROPE-WEST1", "EUROPE-WEST4"]
              }
            }
            """])
        let bucket = try #require(fixture.component("tf:google_storage_bucket.b"))
        #expect(bucket.sites == [[.regionalService(provider: "gcp", region: "europe-west1", service: "gcs")],
                                 [.regionalService(provider: "gcp", region: "europe-west4", service: "gcs")]])
        #expect(!fixture.isDown(bucket.id, when: "region:gcp/europe-west1"))
    }

    /// A CloudFront origin on a bucket's `website_endpoint` (AWS provider 4 and later) serves
    /// from the bucket's region.
    @Test func aWebsiteConfigurationServesFromItsBucketsRegion() {
        let fixture = TerraformFixture(["main.tf": """
            provider "aws" { region = "us-east-1" }
            resource "aws_s3_bucket" "site" { bucket = "site" }
            resource "aws_s3_bucket_website_configuration" "site" {
              bucket = aws_s3_bucket.site.id
            }
            resource "aws_cloudfront_distribution" "cdn" {
              origin {
                domain_name = aws_s3_bucket_website_configuration.site.website_endpoint
                origin_id   = "site"
              }
            }
            """])
        #expect(fixture.isDown("tf:aws_cloudfront_distribution.cdn", when: "service:aws/us-east-1/s3"))
        #expect(fixture.component("tf:aws_s3_bucket_website_configuration.site")?.kind == .bucket)
    }

    /// Two origins Terraform only knows at apply still name what they serve from: a registry
    /// module's output names the module (placed nowhere known), and a host built from a
    /// bucket's id and an unknown region names the bucket.
    @Test func originsNameTheirSourcesThroughUnknownParts() {
        let fixture = TerraformFixture(["main.tf": """
            provider "aws" { region = "us-east-1" }
            module "s3" {
              source = "terraform-aws-modules/s3-bucket/aws"
            }
            data "aws_region" "current" {}
            resource "aws_s3_bucket" "site" { bucket = "site" }
            resource "aws_cloudfront_distribution" "cdn" {
              origin {
                domain_name = module.s3.s3_bucket_bucket_regional_domain_name
                origin_id   = "a"
              }
              origin {
                domain_name = "${aws_s3_bucket.site.id}.s3.${data.aws_region.current.name}.amazonaws.com"
                origin_id   = "b"
              }
            }
            """])
        #expect(fixture.component("tf:aws_cloudfront_distribution.cdn")?.requirements.map(\.alternatives) == [
            ["tf:aws_s3_bucket.site"], ["tf:module.s3"],
        ])
        #expect(fixture.isDown("tf:aws_cloudfront_distribution.cdn", when: "service:aws/us-east-1/s3"))
    }

    /// A caller's null for a variable declared `nullable = false` takes its default, as
    /// Terraform does: the instances its count gates are known, not one read for unknown.
    @Test func aNullForANonNullableVariableTakesTheDefault() {
        let module = """
            variable "replica" {
              type     = bool
              default  = true
              nullable = false
            }
            variable "loose" {
              type    = bool
              default = true
            }
            resource "aws_s3_bucket" "replica" {
              count  = var.replica ? 1 : 0
              bucket = "replica"
            }
            resource "aws_s3_bucket" "loose" {
              count  = var.loose == null ? 0 : 1
              bucket = "loose"
            }
            """
        let root = """
            provider "aws" { region = "us-east-1" }
            variable "settings" {
              type    = object({ replica = optional(bool) })
              default = {}
            }
            module "site" {
              source  = "./modules/site"
              replica = var.settings.replica
              loose   = var.settings.replica
            }
            """
        let fixture = TerraformFixture(["main.tf": root, "modules/site/main.tf": module])
        #expect(fixture.component("tf:module.site.aws_s3_bucket.replica[0]") != nil, "\(fixture.topology.ids)")
        // Without `nullable = false`, the null stands: the count is zero.
        #expect(!fixture.topology.ids.contains { $0.contains("aws_s3_bucket.loose") }, "\(fixture.topology.ids)")
        #expect(!fixture.diagnostics.contains { $0.summary.contains("not known before apply") })
    }

    /// Terraform fills an object's `optional(T, D)` attributes before anything reads them:
    /// the region comes from the type's default, and an origin the caller left without an id
    /// gets null, so `coalesce(origin.origin_id, key)` names it and its failover group works.
    @Test func optionalAttributesTakeTheirDefaults() {
        let fixture = TerraformFixture(["main.tf": """
            variable "cfg" {
              type    = object({ region = optional(string, "eu-west-1"), multi_az = optional(bool, true) })
              default = {}
            }
            variable "origins" {
              type = map(object({ domain_name = string, origin_id = optional(string) }))
              default = {
                primary   = { domain_name = "assets-a.s3.us-east-1.amazonaws.com" }
                secondary = { domain_name = "assets-b.s3.us-west-2.amazonaws.com", origin_id = null }
              }
            }
            provider "aws" { region = var.cfg.region }
            resource "aws_s3_bucket" "b" { bucket = "b" }
            resource "aws_db_instance" "db" { multi_az = var.cfg.multi_az }
            resource "aws_cloudfront_distribution" "cdn" {
              dynamic "origin" {
                for_each = var.origins
                content {
                  domain_name = origin.value.domain_name
                  origin_id   = coalesce(origin.value.origin_id, origin.key)
                }
              }
              origin_group {
                origin_id = "group"
                failover_criteria { status_codes = [500] }
                member { origin_id = "primary" }
                member { origin_id = "secondary" }
              }
            }
            """])
        #expect(fixture.component("tf:aws_s3_bucket.b")?.sites == [[.regionalService(provider: "aws", region: "eu-west-1", service: "s3")]])
        #expect(!fixture.isDown("tf:aws_db_instance.db", when: "zone:aws/eu-west-1/eu-west-1a"))
        #expect(fixture.component("tf:aws_cloudfront_distribution.cdn")?.requirements.map(\.alternatives.count) == [2])
        #expect(!fixture.isDown("tf:aws_cloudfront_distribution.cdn", when: "region:aws/us-east-1"))
    }

    /// A remote module's output stands for what only apply knows: its length is unknown, not
    /// the length of the marker standing for it, so the resource is one instance.
    @Test func theLengthOfARemoteModulesOutputIsUnknown() {
        let fixture = TerraformFixture(["main.tf": """
            provider "aws" { region = "us-east-1" }
            module "vpc" { source = "terraform-aws-modules/vpc/aws" }
            resource "aws_route_table_association" "p" {
              count     = length(module.vpc.private_subnets)
              subnet_id = module.vpc.private_subnets[count.index]
            }
            """])
        #expect(fixture.topology.components.keys.filter { $0.hasPrefix("tf:aws_route_table_association.p") } == ["tf:aws_route_table_association.p"])
        #expect(fixture.diagnostics.contains { $0.summary.contains("count of aws_route_table_association.p is not known") })
    }

    @Test(arguments: [("LRS", true), ("ZRS", false), ("GRS", false)])
    func azureStorageRedundancy(tier: String, zonal: Bool) throws {
        let fixture = TerraformFixture(["st.tf": """
            resource "azurerm_storage_account" "s" {
              location                 = "westeurope"
              account_replication_type = "\(tier)"
            }
            """])
        let account = try #require(fixture.component("tf:azurerm_storage_account.s"))
        #expect(account.domains.contains { $0.kind == .zone } == zonal)
        #expect(fixture.isDown(account.id, when: "region:azure/westeurope"))
    }
}

extension TerraformLinkingTests {
    @Test func aDirectoryBucketIsZonal() {
        let fixture = TerraformFixture(["main.tf": """
            provider "aws" { region = "us-east-1" }
            resource "aws_s3_directory_bucket" "fast" {
              bucket = "fast--use1-az4--x-s3"
              location { name = "use1-az4" }
            }
            """])
        #expect(fixture.isDown("tf:aws_s3_directory_bucket.fast", when: "zone:aws/us-east-1/use1-az4"))
    }

    @Test func anUnknownTypeInAModuleCalledTwiceIsNotedOnce() {
        let fixture = TerraformFixture([
            "main.tf": "module \"a\" { source = \"./m\" }\nmodule \"b\" { source = \"./m\" }\n",
            "m/main.tf": "resource \"aws_iam_role\" \"r\" {}\n",
        ])
        #expect(fixture.component("tf:module.a.aws_iam_role.r") != nil && fixture.component("tf:module.b.aws_iam_role.r") != nil)
        #expect(fixture.diagnostics.filter { $0.summary.contains("aws_iam_role") }.count == 1)
    }

    /// Every example calls the module, whose remote module and unknown count each give a note
    /// at one line of the module: said once, not once per example.
    @Test func aNoteAboutAModuleCalledFromSeveralRootsIsSaidOnce() {
        var files = [
            "main.tf": """
                module "kms" { source = "terraform-aws-modules/kms/aws" }
                resource "aws_sqs_queue" "q" { count = length(data.x.y) }
                """,
        ]
        for example in ["a", "b", "c"] { files["examples/\(example)/main.tf"] = "module \"top\" { source = \"../..\" }\n" }
        let fixture = TerraformFixture(files)
        #expect(fixture.topology.components.keys.filter { $0.hasSuffix("module.top.module.kms") }.count == 3)
        #expect(fixture.diagnostics.filter { $0.summary.contains("module kms comes from") }.count == 1)
        #expect(fixture.diagnostics.filter { $0.summary.contains("count of aws_sqs_queue.q") }.count == 1)
    }
}

extension TerraformLinkingTests {
    @Test func aMultiRegionAccessPointNeedsAnyOneOfItsBuckets() {
        let fixture = TerraformFixture(["main.tf": """
            provider "aws" { region = "us-east-1" }
            provider "aws" {
              alias  = "west"
              region = "us-west-2"
            }
            resource "aws_s3_bucket" "east" { bucket = "e" }
            resource "aws_s3_bucket" "west" {
              provider = aws.west
              bucket   = "w"
            }
            resource "aws_s3control_multi_region_access_point" "mrap" {
              details {
                name = "assets"
                region { bucket = aws_s3_bucket.east.id }
                region { bucket = aws_s3_bucket.west.id }
              }
            }
            """])
        let id = "tf:aws_s3control_multi_region_access_point.mrap"
        #expect(fixture.component(id)?.requirements.map(\.alternatives) == [["tf:aws_s3_bucket.east", "tf:aws_s3_bucket.west"]])
        #expect(!fixture.isDown(id, when: "region:aws/us-east-1"))
    }

    @Test func aDynamoDBGlobalTableSurvivesOneRegion() {
        let table = { (replica: String) in
            TerraformFixture(["main.tf": "provider \"aws\" { region = \"us-east-1\" }\nresource \"aws_dynamodb_table\" \"t\" {\n\(replica)\n}\n"])
        }
        #expect(!table("replica { region_name = \"eu-west-1\" }").isDown("tf:aws_dynamodb_table.t", when: "region:aws/us-east-1"))
        #expect(table("").isDown("tf:aws_dynamodb_table.t", when: "region:aws/us-east-1"))
    }

    /// An `aws_dynamodb_table_replica` (the provider's resource for a replica kept apart from
    /// the table) adds its provider's region to the table it names, as an inline `replica`
    /// block's `region_name` does.
    @Test func aDynamoDBTableReplicaResourceMakesTheTableGlobal() throws {
        let providers = "provider \"aws\" { region = \"us-east-1\" }\nprovider \"aws\" {\n  alias = \"west\"\n  region = \"us-west-2\"\n}\n"
        let table = "resource \"aws_dynamodb_table\" \"t\" { name = \"t\" }\n"
        let replica = "resource \"aws_dynamodb_table_replica\" \"w\" {\n  provider = aws.west\n  global_table_arn = aws_dynamodb_table.t.arn\n}\n"
        let fixture = TerraformFixture(["main.tf": providers + table + replica])
        let sites = try #require(fixture.component("tf:aws_dynamodb_table.t")).sites
        #expect(sites.map { $0.domains.map(\.id) } == [["service:aws/us-east-1/dynamodb"], ["service:aws/us-west-2/dynamodb"]])
        #expect(!fixture.isDown("tf:aws_dynamodb_table.t", when: "region:aws/us-east-1"))
        // A replica naming another table leaves this one in its region.
        let other = TerraformFixture(["main.tf": providers + table + replica.replacingOccurrences(of: "aws_dynamodb_table.t.arn", with: "\"arn:aws:dynamodb:us-east-1:1:table/x\"")])
        #expect(other.isDown("tf:aws_dynamodb_table.t", when: "region:aws/us-east-1"))
    }

    @Test(arguments: [("us-central1", false), ("us-central1-a", true)])
    func gkeLocationRegionOrZone(location: String, downWithZoneA: Bool) {
        let fixture = TerraformFixture(["gke.tf": "resource \"google_container_cluster\" \"c\" { location = \"\(location)\" }\n"])
        #expect(fixture.isDown("tf:google_container_cluster.c", when: "zone:gcp/us-central1/us-central1-a") == downWithZoneA)
    }

    /// A GKE cluster or node pool is where the google provider's `GetLocation` puts it: its
    /// `location`, else the legacy `region`, else `zone`, else the provider's `zone`; with none
    /// of them, the zone the provider takes at apply (`GOOGLE_ZONE`) in its region, unknown, and
    /// never every zone of the provider's region.
    @Test(arguments: [
        ("google_container_cluster", "location = \"us-east4\"", "", ["us-east4-a", "us-east4-b", "us-east4-c"]),
        ("google_container_cluster", "region = \"us-east4\"", "", ["us-east4-a", "us-east4-b", "us-east4-c"]),
        ("google_container_cluster", "zone = \"us-east4-b\"", "", ["us-east4-b"]),
        ("google_container_cluster", "location = \"us-east4-b\"\n  region = \"us-west1\"", "", ["us-east4-b"]),
        ("google_container_cluster", "region = \"us-east4\"\n  zone = \"us-west1-b\"", "", ["us-east4-a", "us-east4-b", "us-east4-c"]),
        ("google_container_cluster", "", "\n  zone = \"us-central1-c\"", ["us-central1-c"]),
        ("google_container_cluster", "", "", ["unknown-az"]),
        ("google_container_cluster", "region = \"us-east4\"\n  node_locations = [\"us-east4-a\"]", "", ["us-east4-a"]),
        ("google_container_node_pool", "", "\n  zone = \"us-central1-c\"", ["us-central1-c"]),
        // The provider 1.x's additional_zones are node locations besides the cluster's zone.
        ("google_container_cluster", "zone = \"us-central1-a\"\n  additional_zones = [\"us-central1-b\", \"us-central1-c\"]", "", ["us-central1-a", "us-central1-b", "us-central1-c"]),
    ])
    func gkeIsPlacedAsTheProviderLocatesIt(type: String, arguments: String, providerZone: String, zones: [String]) throws {
        let text = "provider \"google\" {\n  region = \"us-central1\"\(providerZone)\n}\nresource \"\(type)\" \"c\" {\n  \(arguments)\n}\n"
        let fixture = TerraformFixture(["gke.tf": text])
        let sites = try #require(fixture.component("tf:\(type).c")).sites
        #expect(sites.map { $0.domains.map(\.id) } == zones.map { zone in
            let region = zone == "unknown-az" ? "us-central1" : String(zone.dropLast(2))
            return ["zone:gcp/\(region)/\(zone)"]
        })
    }

    @Test func jsonConfigurationIsReadLikeNative() {
        let fixture = TerraformFixture(["main.tf.json": """
            {
              "provider": {"aws": [{"region": "us-east-1"}, {"alias": "west", "region": "us-west-2"}]},
              "variable": {"name": {"default": "assets"}},
              "resource": {"aws_s3_bucket": {"b": {"provider": "aws.west", "bucket": "${var.name}"}}}
            }
            """])
        #expect(fixture.component("tf:aws_s3_bucket.b")?.sites == [[.regionalService(provider: "aws", region: "us-west-2", service: "s3")]])
        #expect(fixture.diagnostics.filter { $0.severity != .note }.isEmpty)
    }

    @Test func anAzureRegistryWithAGeoReplicaSurvivesOneRegion() {
        let fixture = TerraformFixture(["acr.tf": """
            resource "azurerm_container_registry" "r" {
              location = "westeurope"
              georeplications { location = "northeurope" }
            }
            """])
        #expect(!fixture.isDown("tf:azurerm_container_registry.r", when: "region:azure/westeurope"))
    }
}

extension TerraformLinkingTests {
    @Test func anECRArnNamingATerraformRepositoryJoinsIt() throws {
        let terraform = TerraformReader().read(
            path: "infra/ecr.tf", bytes: Array("provider \"aws\" { region = \"us-east-1\" }\nresource \"aws_ecr_repository\" \"app\" { name = \"app\" }\n".utf8))
        var config = FileFacts(path: "deploy/push.conf")
        config.mentions = [Mention(text: "arn:aws:ecr:us-east-1:123456789012:repository/app", line: 3, context: "push target")]
        let topology = Linker().link([terraform, config], commit: nil).topology
        let file = try #require(topology.components["file:deploy/push.conf"])
        #expect(file.requirements.flatMap(\.alternatives) == ["tf:infra/aws_ecr_repository.app"])
    }

    /// A blob URL of a storage account and images from a registry that Terraform declares
    /// are those resources, in their declared regions — not endpoints placed nowhere known.
    @Test func azureStorageAndRegistriesDeclaredInTerraformAreJoined() throws {
        let fixture = TerraformFixture([
            "infra/main.tf": """
                resource "azurerm_storage_account" "assets" {
                  name                     = "ShopAssets"
                  location                 = "westeurope"
                  account_replication_type = "ZRS"
                }
                resource "azurerm_container_registry" "acr" {
                  name     = "shopacr"
                  location = "westeurope"
                  georeplications { location = "northeurope" }
                }
                provider "aws" { region = "us-east-1" }
                resource "aws_ecr_repository" "web" { name = "web" }
                """,
            "k8s/web.yaml": """
                apiVersion: apps/v1
                kind: Deployment
                metadata: {name: web, namespace: shop}
                spec:
                  template:
                    spec:
                      containers:
                        - name: web
                          image: shopacr.azurecr.io/web:1
                          env: [{name: ASSETS, value: "https://shopassets.blob.core.windows.net/static/"}]
                        - name: side
                          image: 123456789012.dkr.ecr.us-east-1.amazonaws.com/web:2
                """,
        ])
        let web = try #require(fixture.component("k8s:Deployment/shop/web"))
        #expect(web.requirements.flatMap(\.alternatives).contains("tf:infra/azurerm_storage_account.assets"))
        #expect(fixture.component("image:shopacr.azurecr.io/web")?.requirements.flatMap(\.alternatives).allSatisfy { $0 == "tf:infra/azurerm_container_registry.acr" } == true)
        #expect(!fixture.isDown("image:shopacr.azurecr.io/web", when: "region:azure/westeurope"))
        let ecrImage = "image:123456789012.dkr.ecr.us-east-1.amazonaws.com/web"
        #expect(fixture.component(ecrImage)?.requirements.flatMap(\.alternatives).allSatisfy { $0 == "tf:infra/aws_ecr_repository.web" } == true)
        #expect(!fixture.topology.components.keys.contains { $0.hasPrefix("url:") || $0.hasPrefix("registry:") })
    }
}

extension TerraformLinkingTests {
    /// (A reference may also be written `resource.TYPE.NAME`.)
    @Test(arguments: [
        ("", true, ""), ("vpc { vpc_id = \"vpc-1\" }", false, ""), ("vpc { vpc_id = \"vpc-1\" }", false, "resource."),
        // The AWS provider before 2.0 made a zone private with `vpc_id`.
        ("vpc_id = \"vpc-1\"", false, ""), ("vpc_id = null", true, ""),
    ])
    func onlyPublicDNSRecordsAreEntrypoints(zoneBody: String, public: Bool, prefix: String) {
        let fixture = TerraformFixture(["dns.tf": """
            resource "aws_route53_zone" "z" {
              name = "example.com"
              \(zoneBody)
            }
            resource "aws_route53_record" "www" {
              zone_id = \(prefix)aws_route53_zone.z.zone_id
              name    = "www"
              type    = "CNAME"
              records = ["ui-assets.s3.us-east-1.amazonaws.com"]
            }
            """])
        #expect(fixture.component("tf:aws_route53_record.www")?.isEntrypoint == `public`)
        #expect(fixture.isDown("tf:aws_route53_record.www", when: "service:aws/us-east-1/s3"))
    }

    /// A zone a data source looks up as private (`private_zone = true`, or by `vpc_id`) holds
    /// no record users reach, also when a module is handed its id.
    @Test(arguments: [
        ("private_zone = true", false), ("private_zone = var.private", false), ("vpc_id = \"vpc-1\"", false),
        ("private_zone = false", true), ("", true), ("private_zone = !var.private", true),
    ])
    func recordsInAZoneADataSourceFindsPrivateAreNotEntrypoints(lookup: String, public: Bool) {
        let fixture = TerraformFixture([
            "dns.tf": """
                variable "private" { default = true }
                data "aws_route53_zone" "z" {
                  name = "example.internal"
                  \(lookup)
                }
                resource "aws_route53_record" "www" {
                  zone_id = data.aws_route53_zone.z.zone_id
                  name    = "www"
                  type    = "CNAME"
                  records = ["ui-assets.s3.us-east-1.amazonaws.com"]
                }
                module "api" {
                  source  = "./api"
                  zone_id = data.aws_route53_zone.z.id
                }
                """,
            "api/main.tf": """
                variable "zone_id" {}
                resource "aws_route53_record" "api" {
                  zone_id = var.zone_id
                  name    = "api"
                  type    = "CNAME"
                  records = ["ui-assets.s3.us-east-1.amazonaws.com"]
                }
                """,
        ])
        #expect(fixture.component("tf:aws_route53_record.www")?.isEntrypoint == `public`)
        #expect(fixture.component("tf:module.api.aws_route53_record.api")?.isEntrypoint == `public`)
        #expect(fixture.isDown("tf:aws_route53_record.www", when: "service:aws/us-east-1/s3"))
    }

    @Test func instancesAndGroupsTakeTheirSubnetsZones() {
        let fixture = TerraformFixture(["vm.tf": """
            provider "aws" { region = "us-east-1" }
            resource "aws_subnet" "a" { availability_zone = "us-east-1a" }
            resource "aws_subnet" "b" { availability_zone = "us-east-1b" }
            resource "aws_instance" "lone" { subnet_id = aws_subnet.a.id }
            resource "aws_autoscaling_group" "web" { vpc_zone_identifier = [aws_subnet.a.id, aws_subnet.b.id] }
            resource "aws_lb" "front" { subnets = [aws_subnet.a.id, aws_subnet.b.id] }
            """])
        #expect(fixture.isDown("tf:aws_instance.lone", when: "zone:aws/us-east-1/us-east-1a"))
        #expect(!fixture.isDown("tf:aws_autoscaling_group.web", when: "zone:aws/us-east-1/us-east-1a"))
        #expect(!fixture.isDown("tf:aws_lb.front", when: "zone:aws/us-east-1/us-east-1b"))
        #expect(fixture.isDown("tf:aws_lb.front", when: "region:aws/us-east-1"))
    }

    @Test func computeEngineInstancesAndGroupsTakeTheirZones() {
        let fixture = TerraformFixture(["gce.tf": """
            provider "google" { region = "us-central1" }
            resource "google_compute_instance" "vm" { zone = "us-central1-a" }
            resource "google_compute_instance" "anywhere" {}
            resource "google_compute_instance_group_manager" "zonal" { zone = "us-central1-b" }
            resource "google_compute_region_instance_group_manager" "spread" { region = "us-central1" }
            resource "google_compute_region_instance_group_manager" "two" {
              region                    = "us-central1"
              distribution_policy_zones = ["us-central1-a", "us-central1-c"]
            }
            """])
        #expect(fixture.component("tf:google_compute_instance.vm")?.sites == [[.zone(provider: "gcp", region: "us-central1", zone: "us-central1-a")]])
        #expect(fixture.isDown("tf:google_compute_instance.anywhere", when: "zone:gcp/us-central1/unknown-az"))
        #expect(fixture.isDown("tf:google_compute_instance_group_manager.zonal", when: "zone:gcp/us-central1/us-central1-b"))
        #expect((fixture.component("tf:google_compute_region_instance_group_manager.spread")?.sites.count ?? 0) > 1)
        #expect(!fixture.isDown("tf:google_compute_region_instance_group_manager.spread", when: "zone:gcp/us-central1/us-central1-a"))
        #expect(fixture.isDown("tf:google_compute_region_instance_group_manager.spread", when: "region:gcp/us-central1"))
        #expect(fixture.component("tf:google_compute_region_instance_group_manager.two")?.sites.count == 2)
        #expect(!fixture.diagnostics.contains { $0.summary.contains("does not know where a resource of type") })
    }

    /// azurerm takes a location's display name for its name (`West Europe` is `westeurope`),
    /// so a respelling moves nothing.
    @Test(arguments: ["West Europe", "WestEurope", "west europe", "WESTEUROPE"])
    func azureLocationsAreNamedAsAzureNamesThem(spelling: String) throws {
        func fixture(_ location: String) -> TerraformFixture {
            TerraformFixture(["azure.tf": """
                resource "azurerm_kubernetes_cluster" "aks" {
                  location = "\(location)"
                  default_node_pool { zones = ["1", "2"] }
                }
                resource "azurerm_linux_virtual_machine" "vm" {
                  location = "\(location)"
                  zone     = "2"
                }
                resource "azurerm_storage_account" "st" { location = "\(location)" }
                resource "azurerm_container_registry" "acr" {
                  location = "\(location)"
                  georeplications { location = "North Europe" }
                }
                resource "azurerm_cosmosdb_account" "db" {
                  location = "\(location)"
                  geo_location {
                    location          = "\(location)"
                    failover_priority = 0
                  }
                }
                resource "azurerm_mssql_database" "sql" { location = "\(location)" }
                resource "azurerm_linux_web_app" "web" { location = "\(location)" }
                """])
        }
        let respelt = fixture(spelling), named = fixture("westeurope")
        #expect(respelt.topology.components.mapValues(\.sites) == named.topology.components.mapValues(\.sites))
        #expect(respelt.isDown("tf:azurerm_linux_virtual_machine.vm", when: "zone:azure/westeurope/westeurope-2"))
        #expect(!respelt.isDown("tf:azurerm_kubernetes_cluster.aks", when: "zone:azure/westeurope/westeurope-2"))
        #expect(respelt.isDown("tf:azurerm_kubernetes_cluster.aks", when: "region:azure/westeurope"))
        #expect(!respelt.isDown("tf:azurerm_container_registry.acr", when: "region:azure/westeurope"))
        #expect(respelt.component("tf:azurerm_container_registry.acr")?.sites.flatMap(\.domains).contains(
            .regionalService(provider: "azure", region: "northeurope", service: "acr")) == true)
        #expect(respelt.isDown("tf:azurerm_cosmosdb_account.db", when: "region:azure/westeurope"))
        #expect(respelt.isDown("tf:azurerm_mssql_database.sql", when: "region:azure/westeurope"))
    }

    @Test func azureVirtualMachinesTakeTheirZones() {
        let fixture = TerraformFixture(["vm.tf": """
            resource "azurerm_linux_virtual_machine" "pinned" {
              location = "westeurope"
              zone     = "2"
            }
            resource "azurerm_linux_virtual_machine_scale_set" "spread" {
              location = "westeurope"
              zones    = ["1", "2", "3"]
            }
            resource "azurerm_kubernetes_cluster" "regional" {
              location = "westeurope"
              default_node_pool { name = "default" }
            }
            """])
        // Without zones, Azure places it in one datacenter it picks: a zone outage can take it down.
        #expect(fixture.component("tf:azurerm_kubernetes_cluster.regional")?.sites == [[.zone(provider: "azure", region: "westeurope", zone: "unknown-az")]])
        #expect(fixture.isDown("tf:azurerm_kubernetes_cluster.regional", when: "zone:azure/westeurope/unknown-az"))
        #expect(fixture.isDown("tf:azurerm_linux_virtual_machine.pinned", when: "zone:azure/westeurope/westeurope-2"))
        #expect(!fixture.isDown("tf:azurerm_linux_virtual_machine_scale_set.spread", when: "zone:azure/westeurope/westeurope-2"))
        #expect(fixture.isDown("tf:azurerm_linux_virtual_machine_scale_set.spread", when: "region:azure/westeurope"))
    }
}

extension TerraformLinkingTests {
    @Test(arguments: [
        ("https://weave-ui-assets.s3.amazonaws.com/app.js", "tf:infra/aws_s3_bucket.assets"),
        ("https://s3.us-east-1.amazonaws.com/weave-ui-assets/app.js", "tf:infra/aws_s3_bucket.assets"),
        ("s3://weave-ui-assets/app.js", "tf:infra/aws_s3_bucket.assets"),
        ("gs://media-bucket/a.png", "tf:infra/google_storage_bucket.media"),
        ("https://storage.googleapis.com/media-bucket/a.png", "tf:infra/google_storage_bucket.media"),
    ])
    func everyFormOfABucketURLJoinsTheTerraformBucket(url: String, id: String) throws {
        let terraform = TerraformReader().read(path: "infra/main.tf", bytes: Array("""
            provider "aws" { region = "eu-west-1" }
            resource "aws_s3_bucket" "assets" { bucket = "weave-ui-assets" }
            resource "google_storage_bucket" "media" {
              name     = "media-bucket"
              location = "EU"
            }
            """.utf8))
        var page = FileFacts(path: "site/index.html")
        page.mentions = [Mention(text: url, line: 7, context: "<img src>")]
        let topology = Linker().link([terraform, page], commit: nil).topology
        let file = try #require(topology.components["file:site/index.html"])
        #expect(file.requirements.flatMap(\.alternatives) == [id])
        #expect(!topology.components.keys.contains { $0.hasPrefix("url:") })
    }
}
