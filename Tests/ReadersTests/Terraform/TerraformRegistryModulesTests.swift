import Model
import Testing

@testable import Readers

/// Calls of well-known registry modules are read as the resource each stands for.
@Suite struct TerraformRegistryModulesTests {
    @Test(
        arguments: [
            ("terraform-aws-modules/s3-bucket/aws", "terraform-aws-modules/s3-bucket/aws"),
            ("registry.terraform.io/terraform-aws-modules/S3-Bucket/aws", "terraform-aws-modules/s3-bucket/aws"),
            ("git::https://github.com/terraform-aws-modules/terraform-aws-s3-bucket.git?ref=v4.1.0", "terraform-aws-modules/s3-bucket/aws"),
            ("github.com/terraform-aws-modules/terraform-aws-s3-bucket", "terraform-aws-modules/s3-bucket/aws"),
            ("git@github.com:terraform-aws-modules/terraform-aws-lambda.git", "terraform-aws-modules/lambda/aws"),
            ("terraform-google-modules/cloud-storage/google//modules/simple_bucket", "terraform-google-modules/cloud-storage/google//modules/simple_bucket"),
            ("git::https://example.com/infra/modules.git//s3", nil),
            ("./modules/s3", nil),
        ] as [(String, String?)])
    func sourcesAreReadAsRegistryAddresses(source: String, address: String?) {
        #expect(TerraformRegistryModules.address(of: source) == address)
    }

    static let seed = """
        provider "aws" { region = "us-east-1" }
        provider "aws" {
          alias  = "west"
          region = "us-west-2"
        }
        module "assets" {
          source  = "terraform-aws-modules/s3-bucket/aws"
          version = "~> 4.0"
          bucket  = "ui-assets"
        }
        module "replica" {
          source    = "terraform-aws-modules/s3-bucket/aws"
          providers = { aws = aws.west }
          bucket    = "ui-assets-west"
        }
        module "cdn" {
          source = "terraform-aws-modules/cloudfront/aws"
          origin = {
            primary = { domain_name = module.assets.s3_bucket_bucket_regional_domain_name }
            west    = { domain_name = module.replica.s3_bucket_bucket_regional_domain_name }
          }
          GROUP
        }
        """

    /// The seed's change made with terraform-aws-modules: the bucket is in us-east-1 and the
    /// distribution goes down with the region; an origin group over a replica in another
    /// region is the fix.
    @Test func aDistributionOfModulesGoesDownWithItsBucketsRegionUntilAnOriginGroupFailsOver() {
        let single = TerraformFixture(["main.tf": Self.seed.replacingOccurrences(of: "GROUP", with: "")])
        #expect(single.component("tf:module.assets")?.sites == [[.regionalService(provider: "aws", region: "us-east-1", service: "s3")]])
        #expect(single.component("tf:module.replica")?.sites == [[.regionalService(provider: "aws", region: "us-west-2", service: "s3")]])
        #expect(single.component("tf:module.cdn")?.isEntrypoint == true)
        #expect(single.isDown("tf:module.cdn", when: "region:aws/us-east-1"))
        #expect(!single.diagnostics.contains { $0.summary.contains("does not fetch") })
        let group = """
            origin_group = {
              failover = {
                failover_status_codes      = [500, 502, 503, 504]
                primary_member_origin_id   = "primary"
                secondary_member_origin_id = "west"
              }
            }
            """
        let failover = TerraformFixture(["main.tf": Self.seed.replacingOccurrences(of: "GROUP", with: group)])
        #expect(!failover.isDown("tf:module.cdn", when: "region:aws/us-east-1"))
        #expect(failover.isDown("tf:module.cdn", when: "provider:aws"))
        // The module's cache behaviors say where requests go: to the group, or past it.
        for (target, down) in [("failover", false), ("primary", true)] {
            let aimed = TerraformFixture(["main.tf": Self.seed.replacingOccurrences(
                of: "GROUP", with: group + "\ndefault_cache_behavior = { target_origin_id = \"\(target)\" }\n")])
            #expect(aimed.isDown("tf:module.cdn", when: "region:aws/us-east-1") == down, "\(target)")
        }
    }

    /// A function's environment and subnets, a call switched off, instances of `count`, and a
    /// module Faultline does not know.
    @Test func functionsSwitchesInstancesAndUnknownModules() {
        let text = """
            provider "aws" { region = "eu-west-1" }
            resource "aws_subnet" "a" { availability_zone = "eu-west-1a" }
            resource "aws_subnet" "b" { availability_zone = "eu-west-1b" }
            module "orders" {
              source = "terraform-aws-modules/dynamodb-table/aws"
              name   = "orders"
            }
            module "api" {
              source                = "terraform-aws-modules/lambda/aws"
              function_name         = "api"
              environment_variables = { TABLE = module.orders.dynamodb_table_id }
              vpc_subnet_ids        = [aws_subnet.a.id, aws_subnet.b.id]
            }
            module "off" {
              source        = "terraform-aws-modules/s3-bucket/aws"
              create_bucket = false
              bucket        = "never"
            }
            module "queues" {
              source = "terraform-aws-modules/sqs/aws"
              count  = 2
              name   = "q${count.index}"
            }
            module "network" { source = "cloudposse/label/null" }
            """
        let fixture = TerraformFixture(["main.tf": text])
        let api = fixture.component("tf:module.api")
        #expect(api?.sites.count == 2)
        #expect(api?.requirements.flatMap(\.alternatives) == ["tf:module.orders"])
        // Located at the call's `environment_variables`, the line a reviewer changes.
        let line = text.split(separator: "\n", omittingEmptySubsequences: false).firstIndex { $0.contains("environment_variables") }.map { $0 + 1 }
        #expect(api?.requirements.first?.provenance?.line == line)
        #expect(fixture.isDown("tf:module.api", when: "service:aws/eu-west-1/dynamodb"))
        #expect(!fixture.isDown("tf:module.api", when: "zone:aws/eu-west-1/eu-west-1a"))
        #expect(fixture.component("tf:module.off") == nil)
        #expect(fixture.component("tf:module.queues[0]")?.sites == [[.regionalService(provider: "aws", region: "eu-west-1", service: "sqs")]])
        #expect(fixture.component("tf:module.queues[1]") != nil)
        #expect(fixture.component("tf:module.network")?.sites == [[.unknown("terraform/module/module.network")]])
        #expect(fixture.diagnostics.contains { $0.summary.hasPrefix("module network comes from cloudposse/label/null") })
    }

    /// An instance in its subnet's zone; a GKE cluster in its zones; Cloud SQL spread over two
    /// zones only when regional.
    @Test func instancesClustersAndDatabasesArePlacedByTheirArguments() {
        let aws = TerraformFixture(["main.tf": """
            provider "aws" { region = "us-east-1" }
            resource "aws_subnet" "a" { availability_zone = "us-east-1a" }
            module "bastion" {
              source    = "terraform-aws-modules/ec2-instance/aws"
              subnet_id = aws_subnet.a.id
            }
            """])
        #expect(aws.component("tf:module.bastion")?.sites == [[.zone(provider: "aws", region: "us-east-1", zone: "us-east-1a")]])
        let gcp = { (sql: String) in
            TerraformFixture(["main.tf": """
                module "gke" {
                  source  = "terraform-google-modules/kubernetes-engine/google//modules/private-cluster"
                  name    = "prod"
                  region  = "europe-west1"
                  zones   = ["europe-west1-b", "europe-west1-c"]
                }
                module "db" {
                  source = "terraform-google-modules/sql-db/google//modules/postgresql"
                  name   = "orders"
                  region = "europe-west1"
                  zone   = "europe-west1-b"
                  \(sql)
                }
                """])
        }
        let zonal = gcp("")
        #expect(zonal.component("tf:module.gke")?.sites.count == 2)
        #expect(zonal.component("tf:module.gke")?.kind == .cluster)
        #expect(zonal.isDown("tf:module.db", when: "zone:gcp/europe-west1/europe-west1-b"))
        let regional = gcp("availability_type = \"REGIONAL\"")
        #expect(!regional.isDown("tf:module.db", when: "zone:gcp/europe-west1/europe-west1-b"))
    }

    /// What runs in a registry VPC's subnets runs in their zones: one zone is a single point
    /// of failure, two are not.
    @Test func whatRunsInAVPCModulesSubnetsRunsInTheirZones() {
        let text = { (zones: String) in """
            provider "aws" { region = "us-east-1" }
            module "vpc" {
              source          = "terraform-aws-modules/vpc/aws"
              azs             = [\(zones)]
              private_subnets = ["10.0.1.0/24", "10.0.2.0/24"]
              public_subnets  = ["10.0.101.0/24"]
            }
            module "api" {
              source         = "terraform-aws-modules/lambda/aws"
              function_name  = "api"
              vpc_subnet_ids = module.vpc.private_subnets
            }
            """
        }
        let one = TerraformFixture(["main.tf": text("\"us-east-1a\"")])
        // The second subnet adds no zone: it stands for the first.
        #expect(one.component("tf:module.vpc.private_subnets[0]")?.sites == [[.zone(provider: "aws", region: "us-east-1", zone: "us-east-1a")]])
        #expect(one.component("tf:module.vpc.private_subnets[1]") == nil)
        #expect(one.component("tf:module.vpc.public_subnets[0]") != nil)
        #expect(one.component("tf:module.vpc") == nil)
        #expect(one.isDown("tf:module.api", when: "zone:aws/us-east-1/us-east-1a"))
        let two = TerraformFixture(["main.tf": text("\"us-east-1a\", \"us-east-1b\"")])
        #expect(two.component("tf:module.api")?.sites.count == 2)
        #expect(!two.isDown("tf:module.api", when: "zone:aws/us-east-1/us-east-1a"))
        #expect(two.isDown("tf:module.api", when: "service:aws/us-east-1/lambda"))
        // Switched off, it creates nothing, and is not an unknown module either.
        let off = TerraformFixture(["main.tf": text("\"us-east-1a\"").replacingOccurrences(of: "azs ", with: "create_vpc = false\n  azs ")])
        #expect(off.component("tf:module.vpc") == nil)
        #expect(off.component("tf:module.vpc.private_subnets[0]") == nil)
        #expect(!off.diagnostics.contains { $0.summary.contains("does not fetch") })
    }

    /// Outputs of calls with `for_each` or `count` name their instance; those of a module
    /// Faultline does not know name its one component, whatever instance is asked for.
    @Test func outputsOfInstancesNameThem() {
        let fixture = TerraformFixture(["main.tf": """
            provider "aws" { region = "us-east-1" }
            module "assets" {
              source   = "git::https://github.com/terraform-aws-modules/terraform-aws-s3-bucket.git?ref=v4.1.0"
              for_each = toset(["a", "b"])
              bucket   = "assets-${each.key}"
            }
            module "media" {
              source = "acme/media-bucket/aws"
              count  = 2
            }
            module "cdn" {
              source = "terraform-aws-modules/cloudfront/aws"
              count  = 1
              origin = {
                a     = { domain_name = module.assets["a"].s3_bucket_bucket_regional_domain_name }
                media = { domain_name = module.media[1].domain }
              }
            }
            resource "aws_route53_record" "www" {
              name = "www"
              type = "A"
              alias { name = module.cdn[0].cloudfront_distribution_domain_name }
            }
            """])
        #expect(fixture.component("tf:module.cdn[0]")?.requirements.flatMap(\.alternatives) == ["tf:module.assets[\"a\"]", "tf:module.media"])
        #expect(fixture.component("tf:aws_route53_record.www")?.requirements.flatMap(\.alternatives) == ["tf:module.cdn[0]"])
        #expect(fixture.isDown("tf:aws_route53_record.www", when: "service:aws/us-east-1/s3"))
    }

    /// terraform-aws-modules' ECS: the cluster and its services, each running its containers'
    /// images and needing what their environment and secrets name, in its subnets' zones,
    /// facing users through a public ALB module and not through an internal one.
    @Test func ecsServicesOfTheModuleRunTheirContainers() {
        let text = { (isInternal: String) in """
            provider "aws" { region = "us-east-1" }
            resource "aws_subnet" "a" { availability_zone = "us-east-1a" }
            resource "aws_subnet" "b" { availability_zone = "us-east-1b" }
            data "aws_secretsmanager_secret" "db" { name = "db" }
            module "queue" {
              source = "terraform-aws-modules/sqs/aws"
              name   = "jobs"
            }
            module "alb" {
              source   = "terraform-aws-modules/alb/aws"
              internal = \(isInternal)
            }
            module "ecs" {
              source       = "terraform-aws-modules/ecs/aws"
              cluster_name = "shop"
              services = {
                web = {
                  subnet_ids = [aws_subnet.a.id, aws_subnet.b.id]
                  load_balancer = {
                    service = { target_group_arn = module.alb.target_groups["web"].arn, container_name = "web", container_port = 80 }
                  }
                  container_definitions = {
                    web = {
                      image       = "ghcr.io/acme/web:1"
                      environment = [{ name = "QUEUE", value = module.queue.queue_url }]
                      secrets     = [{ name = "DB", valueFrom = data.aws_secretsmanager_secret.db.arn }]
                    }
                  }
                }
              }
            }
            module "worker" {
              source      = "terraform-aws-modules/ecs/aws//modules/service"
              cluster_arn = module.ecs.cluster_arn
              container_definitions = { worker = { image = "ghcr.io/acme/worker:1" } }
            }
            """
        }
        let fixture = TerraformFixture(["main.tf": text("false")])
        let web = "tf:module.ecs.services[\"web\"]"
        let needs = fixture.component(web)?.requirements.flatMap(\.alternatives) ?? []
        #expect(needs.contains("tf:module.ecs"))
        #expect(needs.contains("image:ghcr.io/acme/web"))
        #expect(needs.contains("tf:module.queue"))
        #expect(fixture.component(web)?.sites.count == 2)
        #expect(fixture.component(web)?.isEntrypoint == true)
        #expect(fixture.component("tf:module.ecs")?.kind == .cluster)
        #expect(fixture.component("tf:module.worker")?.requirements.flatMap(\.alternatives).contains("image:ghcr.io/acme/worker") == true)
        #expect(fixture.component("tf:module.worker")?.requirements.flatMap(\.alternatives).contains("tf:module.ecs") == true)
        #expect(fixture.isDown(web, when: "service:aws/us-east-1/sqs"))
        #expect(!fixture.isDown(web, when: "zone:aws/us-east-1/us-east-1a"))
        let inside = TerraformFixture(["main.tf": text("true")])
        #expect(inside.component(web)?.isEntrypoint == false)
    }

    /// Cloud SQL as the `sql-db` modules default: in us-central1 unless `region` says
    /// otherwise, MySQL regional and PostgreSQL zonal unless `availability_type` says
    /// otherwise; neither module has a `create` switch.
    @Test func cloudSQLModulesDefaultAsTheirSourcesDo() {
        let fixture = TerraformFixture(["main.tf": """
            provider "google" { region = "europe-west1" }
            module "orders" {
              source = "terraform-google-modules/sql-db/google//modules/mysql"
              name   = "orders"
            }
            module "users" {
              source = "terraform-google-modules/sql-db/google//modules/postgresql"
              name   = "users"
              region = "europe-west1"
              zone   = "europe-west1-b"
              create = false
            }
            """])
        #expect(fixture.isDown("tf:module.orders", when: "region:gcp/us-central1"))
        #expect(!fixture.isDown("tf:module.orders", when: "region:gcp/europe-west1"))
        #expect(!fixture.isDown("tf:module.orders", when: "zone:gcp/us-central1/us-central1-a"))
        #expect(fixture.isDown("tf:module.users", when: "zone:gcp/europe-west1/europe-west1-b"))
    }

    /// A load balancer's `subnet_mapping`, a bucket's `custom_placement_config` and the GKE
    /// `…-update-variant` cluster submodules place as their sources have them.
    @Test func subnetMappingsDualRegionsAndUpdateVariantsArePlaced() {
        let fixture = TerraformFixture(["main.tf": """
            provider "aws" { region = "us-east-1" }
            resource "aws_subnet" "a" { availability_zone = "us-east-1a" }
            resource "aws_subnet" "b" { availability_zone = "us-east-1b" }
            module "alb" {
              source         = "terraform-aws-modules/alb/aws"
              subnet_mapping = [{ subnet_id = aws_subnet.a.id }, { subnet_id = aws_subnet.b.id }]
            }
            module "media" {
              source                  = "terraform-google-modules/cloud-storage/google//modules/simple_bucket"
              name                    = "media"
              location                = "EU"
              custom_placement_config = { data_locations = ["EUROPE-WEST1", "EUROPE-WEST4"] }
            }
            """])
        #expect(fixture.component("tf:module.alb")?.sites == [
            [.zone(provider: "aws", region: "us-east-1", zone: "us-east-1a")], [.zone(provider: "aws", region: "us-east-1", zone: "us-east-1b")],
        ])
        #expect(fixture.component("tf:module.media")?.sites == [
            [.regionalService(provider: "gcp", region: "europe-west1", service: "gcs")], [.regionalService(provider: "gcp", region: "europe-west4", service: "gcs")],
        ])
    }

    @Test(arguments: ["private-cluster-update-variant", "beta-private-cluster-update-variant", "beta-public-cluster-update-variant", "safer-cluster-update-variant"])
    func gkeUpdateVariantsAreClusters(submodule: String) {
        let fixture = TerraformFixture(["main.tf": """
            module "gke" {
              source   = "terraform-google-modules/kubernetes-engine/google//modules/\(submodule)"
              name     = "prod"
              regional = false
              zones    = ["europe-west1-b", "europe-west1-c"]
            }
            """])
        #expect(fixture.component("tf:module.gke")?.kind == .cluster)
        #expect(fixture.component("tf:module.gke")?.sites == [
            [.zone(provider: "gcp", region: "europe-west1", zone: "europe-west1-b")], [.zone(provider: "gcp", region: "europe-west1", zone: "europe-west1-c")],
        ])
    }

    /// The ECS module runs each of its `services` on its own cluster: an entry's `cluster_arn`
    /// is not one of the map's attributes, and Terraform drops it.
    @Test func ecsServicesRunOnTheModulesCluster() {
        let fixture = TerraformFixture(["main.tf": """
            provider "aws" { region = "us-east-1" }
            resource "aws_ecs_cluster" "other" { name = "other" }
            module "ecs" {
              source       = "terraform-aws-modules/ecs/aws"
              cluster_name = "shop"
              services = {
                web = {
                  cluster_arn           = aws_ecs_cluster.other.arn
                  container_definitions = { web = { image = "ghcr.io/acme/web:1" } }
                }
              }
            }
            """])
        let needs = fixture.component("tf:module.ecs.services[\"web\"]")?.requirements.flatMap(\.alternatives) ?? []
        #expect(needs.contains("tf:module.ecs"))
        #expect(!needs.contains("tf:aws_ecs_cluster.other"))
    }

    /// A call's `region` (AWS provider 6) is the region its resource is managed in, over its
    /// provider's; the ECS module's services are in the module's.
    @Test(arguments: [
        "terraform-aws-modules/rds/aws", "terraform-aws-modules/rds-aurora/aws", "terraform-aws-modules/dynamodb-table/aws",
        "terraform-aws-modules/ecr/aws", "terraform-aws-modules/sqs/aws", "terraform-aws-modules/sns/aws",
        "terraform-aws-modules/alb/aws", "terraform-aws-modules/autoscaling/aws", "terraform-aws-modules/ecs/aws",
        "terraform-aws-modules/ecs/aws//modules/service",
    ])
    func aCallsRegionPlacesItsResource(source: String) {
        let fixture = TerraformFixture(["main.tf": """
            provider "aws" { region = "us-east-1" }
            module "it" {
              source   = "\(source)"
              region   = "eu-west-1"
              services = { web = { container_definitions = { web = { image = "ghcr.io/acme/web:1" } } } }
            }
            """])
        #expect(fixture.isDown("tf:module.it", when: "region:aws/eu-west-1"))
        #expect(!fixture.isDown("tf:module.it", when: "region:aws/us-east-1"))
        if source == "terraform-aws-modules/ecs/aws" {
            #expect(fixture.isDown("tf:module.it.services[\"web\"]", when: "region:aws/eu-west-1"))
            #expect(!fixture.isDown("tf:module.it.services[\"web\"]", when: "region:aws/us-east-1"))
        }
    }
}
