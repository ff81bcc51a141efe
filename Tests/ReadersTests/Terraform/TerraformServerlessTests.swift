import Model
import Testing

@testable import Readers

/// Serverless and managed runtimes: where they run and what they need.
@Suite struct TerraformServerlessTests {
    static let provider = "provider \"aws\" {\n  region = \"us-east-1\"\n}\n"

    /// An HTTP API answering through a Lambda function whose environment names a table and a
    /// bucket: the API is the entrypoint, and it goes down with any of them (not with its
    /// telemetry collector, nor with the bucket its runbook link points to).
    @Test func anAPIGoesDownWithTheFunctionAndWhatItsEnvironmentNames() throws {
        let text = Self.provider + """
            resource "aws_dynamodb_table" "orders" {
              name = "orders"
              hash_key = "id"
            }
            resource "aws_lambda_function" "api" {
              function_name = "api"
              environment {
                variables = {
                  TABLE = aws_dynamodb_table.orders.name
                  ASSETS_URL = "https://shop-assets.s3.eu-west-1.amazonaws.com/"
                  OTEL_EXPORTER_OTLP_ENDPOINT = "https://otlp.eu-west-1.example.com"
                  RUNBOOK_URL = "https://docs-runbooks.s3.eu-west-1.amazonaws.com/api.html"
                }
              }
            }
            resource "aws_apigatewayv2_api" "http" {
              name = "shop"
              protocol_type = "HTTP"
            }
            resource "aws_apigatewayv2_integration" "lambda" {
              api_id = aws_apigatewayv2_api.http.id
              integration_type = "AWS_PROXY"
              integration_uri = aws_lambda_function.api.invoke_arn
            }
            """
        let fixture = TerraformFixture(["infra/main.tf": text])
        let api = "tf:infra/aws_apigatewayv2_api.http", function = "tf:infra/aws_lambda_function.api"
        #expect(fixture.component(api)?.isEntrypoint == true)
        #expect(fixture.component(api)?.requirements.flatMap(\.alternatives) == [function])
        #expect(fixture.component(function)?.sites == [[.regionalService(provider: "aws", region: "us-east-1", service: "lambda")]])
        let needs = try #require(fixture.component(function)).requirements.flatMap(\.alternatives)
        #expect(needs == ["tf:infra/aws_dynamodb_table.orders", "url:shop-assets.s3.eu-west-1.amazonaws.com"])
        let down = ["service:aws/us-east-1/lambda", "service:aws/us-east-1/dynamodb", "region:aws/eu-west-1"].map { fixture.isDown(api, when: $0) }
        #expect(down == [true, true, true])
        #expect(!fixture.diagnostics.contains { $0.summary.contains("does not know where a resource of type") })
    }

    /// An ECS service in two zones' subnets, behind a load balancer: an entrypoint that
    /// survives a zone, and needs its cluster and the images its task definition runs.
    @Test func anECSServiceRunsInItsSubnetsZonesAndNeedsItsImages() throws {
        let text = Self.provider + """
            resource "aws_subnet" "a" { availability_zone = "us-east-1a" }
            resource "aws_subnet" "b" { availability_zone = "us-east-1b" }
            resource "aws_ecs_cluster" "main" { name = "main" }
            resource "aws_ecr_repository" "web" { name = "web" }
            resource "aws_ecs_task_definition" "web" {
              family = "web"
              container_definitions = jsonencode([
                { name = "web", image = "${aws_ecr_repository.web.repository_url}:1",
                  environment = [{ name = "ASSETS_URL", value = "https://web-assets.s3.amazonaws.com/" }] },
                { name = "proxy", image = "nginx:1.25" },
              ])
            }
            resource "aws_ecs_service" "web" {
              cluster = aws_ecs_cluster.main.id
              task_definition = aws_ecs_task_definition.web.arn
              network_configuration { subnets = [aws_subnet.a.id, aws_subnet.b.id] }
              load_balancer {
                container_name = "proxy"
                container_port = 80
              }
            }
            """
        let fixture = TerraformFixture(["infra/main.tf": text])
        let web = "tf:infra/aws_ecs_service.web"
        let service = try #require(fixture.component(web))
        #expect(service.isEntrypoint)
        #expect(service.sites.count == 2)
        let needs = service.requirements.flatMap(\.alternatives)
        #expect(needs.contains("tf:infra/aws_ecs_cluster.main"))
        #expect(needs.contains("tf:infra/aws_ecr_repository.web"))
        #expect(needs.contains("image:docker.io/library/nginx"))
        #expect(needs.contains("url:web-assets.s3.amazonaws.com"))
        let down = ["zone:aws/us-east-1/us-east-1a", "service:aws/us-east-1/s3"].map { fixture.isDown(web, when: $0) }
        #expect(down == [false, true])
    }

    /// Cloud Run faces users unless its ingress is internal; an Azure web app needs what its
    /// settings name; a Cosmos DB account without automatic failover needs its write region.
    @Test func cloudRunAzureAppsAndCosmosDB() throws {
        let run = """
            resource "google_cloud_run_v2_service" "web" {
              location = "europe-west1"
              INGRESS
              template {
                containers {
                  image = "europe-docker.pkg.dev/shop/web/web:1"
                  env {
                    name = "ASSETS_URL"
                    value = "https://storage.googleapis.com/shop-assets-eu/"
                  }
                }
              }
            }
            """
        let open = TerraformFixture(["gcp/main.tf": run.replacingOccurrences(of: "INGRESS", with: "")])
        let component = try #require(open.component("tf:gcp/google_cloud_run_v2_service.web"))
        #expect(component.isEntrypoint)
        #expect(component.sites == [[.regionalService(provider: "gcp", region: "europe-west1", service: "run")]])
        #expect(component.requirements.flatMap(\.alternatives).contains("image:europe-docker.pkg.dev/shop/web/web"))
        let inside = TerraformFixture(["gcp/main.tf": run.replacingOccurrences(of: "INGRESS", with: "ingress = \"INGRESS_TRAFFIC_INTERNAL_ONLY\"")])
        #expect(inside.component("tf:gcp/google_cloud_run_v2_service.web")?.isEntrypoint == false)
        // Open to Cloud Load Balancing: it serves whoever the load balancer faces.
        let balanced = TerraformFixture(["gcp/main.tf": run.replacingOccurrences(of: "INGRESS", with: "ingress = \"INGRESS_TRAFFIC_INTERNAL_LOAD_BALANCER\"")])
        #expect(balanced.component("tf:gcp/google_cloud_run_v2_service.web")?.isEntrypoint == true)
        let v1 = { (ingress: String) in
            TerraformFixture(["gcp/main.tf": """
                resource "google_cloud_run_service" "web" {
                  location = "europe-west1"
                  metadata {
                    annotations = { "run.googleapis.com/ingress" = "\(ingress)" }
                  }
                }
                """]).component("tf:gcp/google_cloud_run_service.web")?.isEntrypoint
        }
        #expect([v1("internal"), v1("internal-and-cloud-load-balancing"), v1("all")] == [false, true, true])

        let azure = """
            resource "azurerm_linux_web_app" "web" {
              location = "westeurope"
              app_settings = {
                ASSETS_URL = "https://shopassets.blob.core.windows.net/static/"
              }
            }
            resource "azurerm_cosmosdb_account" "db" {
              location = "westeurope"
              FAILOVER
              geo_location {
                location = "northeurope"
                failover_priority = 1
              }
              geo_location {
                location = "westeurope"
                failover_priority = 0
              }
            }
            """
        let single = TerraformFixture(["azure/main.tf": azure.replacingOccurrences(of: "FAILOVER", with: "")])
        #expect(single.component("tf:azure/azurerm_linux_web_app.web")?.isEntrypoint == true)
        #expect(single.component("tf:azure/azurerm_linux_web_app.web")?.requirements.flatMap(\.alternatives)
            == ["url:shopassets.blob.core.windows.net"])
        #expect(single.component("tf:azure/azurerm_cosmosdb_account.db")?.sites == [[.regionalService(provider: "azure", region: "westeurope", service: "cosmosdb")]])
        // Azure's domains are `azure`'s, not the Terraform provider's name.
        #expect(single.component("tf:azure/azurerm_linux_web_app.web")?.sites == [[.regionalService(provider: "azure", region: "westeurope", service: "appservice")]])
        let unplaced = TerraformFixture(["azure/main.tf": "variable \"location\" {}\nresource \"azurerm_linux_function_app\" \"f\" {\n  location = var.location\n}\n"])
        #expect(unplaced.component("tf:azure/azurerm_linux_function_app.f")?.sites == [[.unknown("region/azure")]])
        let failover = TerraformFixture(["azure/main.tf": azure.replacingOccurrences(of: "FAILOVER", with: "automatic_failover_enabled = true")])
        #expect(failover.component("tf:azure/azurerm_cosmosdb_account.db")?.sites.count == 2)
        let multiWrite = TerraformFixture(["azure/main.tf": azure.replacingOccurrences(of: "FAILOVER", with: "multiple_write_locations_enabled = true")])
        #expect(multiWrite.component("tf:azure/azurerm_cosmosdb_account.db")?.sites.count == 2)
    }

    /// An API reaching its function through an alias goes down with what the function needs.
    @Test func anAPIReachesItsFunctionThroughAnAlias() {
        let text = Self.provider + """
            resource "aws_sqs_queue" "jobs" { name = "jobs" }
            resource "aws_lambda_function" "api" {
              function_name = "api"
              environment {
                variables = { QUEUE = aws_sqs_queue.jobs.url }
              }
            }
            resource "aws_lambda_alias" "live" {
              function_name = aws_lambda_function.api.function_name
              function_version = aws_lambda_function.api.version
            }
            resource "aws_api_gateway_rest_api" "r" { name = "r" }
            resource "aws_api_gateway_integration" "i" {
              rest_api_id = aws_api_gateway_rest_api.r.id
              uri = aws_lambda_alias.live.invoke_arn
            }
            """
        let fixture = TerraformFixture(["main.tf": text])
        #expect(fixture.component("tf:aws_api_gateway_rest_api.r")?.requirements.flatMap(\.alternatives) == ["tf:aws_lambda_alias.live"])
        #expect(fixture.component("tf:aws_lambda_alias.live")?.requirements.flatMap(\.alternatives) == ["tf:aws_lambda_function.api"])
        #expect(fixture.isDown("tf:aws_api_gateway_rest_api.r", when: "service:aws/us-east-1/sqs"))
    }

    /// A custom domain name answers through the APIs its mappings name, and a record aliasing
    /// it needs it: the public name goes down with the API's region.
    @Test func aCustomDomainNeedsTheAPIsItMaps() {
        let fixture = TerraformFixture(["main.tf": Self.provider + """
            resource "aws_api_gateway_rest_api" "api" { name = "api" }
            resource "aws_api_gateway_domain_name" "d" {
              domain_name = "api.example.com"
              endpoint_configuration { types = ["REGIONAL"] }
            }
            resource "aws_api_gateway_base_path_mapping" "m" {
              api_id      = aws_api_gateway_rest_api.api.id
              domain_name = aws_api_gateway_domain_name.d.domain_name
            }
            resource "aws_route53_record" "api" {
              zone_id = "Z123"
              name    = "api.example.com"
              type    = "A"
              alias {
                name                   = aws_api_gateway_domain_name.d.regional_domain_name
                zone_id                = aws_api_gateway_domain_name.d.regional_zone_id
                evaluate_target_health = true
              }
            }
            """])
        #expect(fixture.component("tf:aws_api_gateway_domain_name.d")?.requirements.flatMap(\.alternatives) == ["tf:aws_api_gateway_rest_api.api"])
        #expect(fixture.component("tf:aws_route53_record.api")?.requirements.flatMap(\.alternatives) == ["tf:aws_api_gateway_domain_name.d"],
                "\(String(describing: fixture.component("tf:aws_route53_record.api")?.requirements))")
        #expect(fixture.isDown("tf:aws_route53_record.api", when: "service:aws/us-east-1/apigateway"))
    }

    /// An HTTP API's custom domain is aliased by the name in its `domain_name_configuration`
    /// (the only one Terraform gives it), with `count` as terraform-aws-modules writes it.
    @Test(arguments: ["", "count = 1"])
    func aRecordAliasingAnHTTPAPIsDomainNeedsIt(count: String) {
        let index = count.isEmpty ? "" : "[0]"
        let fixture = TerraformFixture(["main.tf": Self.provider + """
            resource "aws_apigatewayv2_api" "api" {
              name          = "api"
              protocol_type = "HTTP"
            }
            resource "aws_apigatewayv2_domain_name" "d" {
              \(count)
              domain_name = "api.example.com"
              domain_name_configuration {
                certificate_arn = "arn:aws:acm:us-east-1:123456789012:certificate/abc"
                endpoint_type   = "REGIONAL"
                security_policy = "TLS_1_2"
              }
            }
            resource "aws_apigatewayv2_api_mapping" "m" {
              api_id      = aws_apigatewayv2_api.api.id
              domain_name = aws_apigatewayv2_domain_name.d\(index).id
              stage       = "$default"
            }
            resource "aws_route53_record" "api" {
              zone_id = "Z123"
              name    = "api.example.com"
              type    = "A"
              alias {
                name                   = aws_apigatewayv2_domain_name.d\(index).domain_name_configuration[0].target_domain_name
                zone_id                = aws_apigatewayv2_domain_name.d\(index).domain_name_configuration[0].hosted_zone_id
                evaluate_target_health = false
              }
            }
            """])
        let domain = "tf:aws_apigatewayv2_domain_name.d\(index)"
        #expect(fixture.component("tf:aws_route53_record.api")?.requirements.flatMap(\.alternatives) == [domain],
                "\(String(describing: fixture.component("tf:aws_route53_record.api")?.requirements)) \(fixture.topology.ids)")
        #expect(fixture.isDown("tf:aws_route53_record.api", when: "service:aws/us-east-1/apigateway"))
    }

    /// A load balancer `aws_lb.web` whose listener forwards to target group `web`, and by a
    /// rule to target group `ruled` (with `group`'s settings).
    static func balancer(internal isInternal: String, ruled: String, group: String) -> String {
        """
        resource "aws_lb" "web" { internal = \(isInternal) }
        resource "aws_lb_target_group" "web" { port = 80 }
        resource "aws_lb_target_group" "\(ruled)" { \(group) }
        resource "aws_lb_listener" "http" {
          load_balancer_arn = aws_lb.web.arn
          default_action {
            type = "forward"
            target_group_arn = aws_lb_target_group.web.arn
          }
        }
        resource "aws_lb_listener_rule" "\(ruled)" {
          listener_arn = aws_lb_listener.http.arn
          action {
            type = "forward"
            target_group_arn = aws_lb_target_group.\(ruled).arn
          }
        }

        """
    }

    /// A REST API defined by an OpenAPI body (`jsonencode`) needs the functions its
    /// integrations invoke.
    @Test func anOpenAPIBodyNeedsItsIntegrations() {
        let fixture = TerraformFixture(["main.tf": Self.provider + """
            resource "aws_lambda_function" "items" { function_name = "items" }
            resource "aws_api_gateway_rest_api" "api" {
              name = "api"
              body = jsonencode({
                openapi = "3.0.1"
                info = { description = "see https://github.com/acme/api for the docs" }
                paths = {
                  "/items" = {
                    get = {
                      "x-amazon-apigateway-integration" = {
                        type = "aws_proxy"
                        uri  = aws_lambda_function.items.invoke_arn
                      }
                    }
                  }
                }
              })
            }
            """])
        // Only the integrations: the description's link is no need.
        #expect(fixture.component("tf:aws_api_gateway_rest_api.api")?.requirements.flatMap(\.alternatives) == ["tf:aws_lambda_function.items"],
                "\(String(describing: fixture.component("tf:aws_api_gateway_rest_api.api")?.requirements))")
    }

    /// An instance or a function registered with a target group (`aws_lb_target_group_attachment`)
    /// of a public load balancer serves users; behind an internal one, only the VPC.
    @Test func targetsAttachedToAPublicLoadBalancerFaceUsers() {
        let text = { (isInternal: String) in Self.provider + Self.balancer(internal: isInternal, ruled: "fn", group: "target_type = \"lambda\"") + """
            resource "aws_instance" "web" { availability_zone = "us-east-1a" }
            resource "aws_instance" "spare" { availability_zone = "us-east-1b" }
            resource "aws_lambda_function" "fn" { function_name = "fn" }
            resource "aws_lb_target_group_attachment" "web" {
              target_group_arn = aws_lb_target_group.web.arn
              target_id        = aws_instance.web.id
            }
            resource "aws_lb_target_group_attachment" "fn" {
              target_group_arn = aws_lb_target_group.fn.arn
              target_id        = aws_lambda_function.fn.arn
            }
            """ }
        let facing = TerraformFixture(["main.tf": text("false")])
        #expect(facing.component("tf:aws_instance.web")?.isEntrypoint == true)
        #expect(facing.component("tf:aws_lambda_function.fn")?.isEntrypoint == true)
        #expect(facing.component("tf:aws_instance.spare")?.isEntrypoint == false)
        #expect(facing.isDown("tf:aws_instance.web", when: "zone:aws/us-east-1/us-east-1a"))
        // A target group no listener of the repository forwards makes nothing face users.
        let orphan = TerraformFixture(["main.tf": Self.provider + """
            resource "aws_lb_target_group" "canary" { port = 80 }
            resource "aws_instance" "canary" { availability_zone = "us-east-1a" }
            resource "aws_lb_target_group_attachment" "canary" {
              target_group_arn = aws_lb_target_group.canary.arn
              target_id        = aws_instance.canary.id
            }
            """])
        #expect(orphan.component("tf:aws_instance.canary")?.isEntrypoint == false)
        let inside = TerraformFixture(["main.tf": text("true")])
        #expect(inside.component("tf:aws_instance.web")?.isEntrypoint == false)
        #expect(inside.component("tf:aws_lambda_function.fn")?.isEntrypoint == false)
    }

    /// An ECS service behind internal load balancers only serves the VPC; one behind a public
    /// load balancer, or a target group no listener names, faces users. Its containers'
    /// secrets are needs.
    @Test func anECSServiceFacesUsersThroughAPublicLoadBalancerOnly() {
        let text = { (isInternal: String) in Self.provider + Self.balancer(internal: isInternal, ruled: "admin", group: "port = 81") + """
            resource "aws_secretsmanager_secret" "db" { name = "db" }
            resource "aws_ecs_task_definition" "web" {
              container_definitions = jsonencode([
                { name = "web", image = "nginx:1.25", secrets = [{ name = "DB_PASSWORD", valueFrom = aws_secretsmanager_secret.db.arn }] },
              ])
            }
            resource "aws_ecs_service" "web" {
              task_definition = aws_ecs_task_definition.web.arn
              load_balancer {
                target_group_arn = aws_lb_target_group.web.arn
                container_name = "web"
                container_port = 80
              }
            }
            resource "aws_ecs_service" "admin" {
              load_balancer {
                target_group_arn = aws_lb_target_group.admin.arn
                container_name = "web"
                container_port = 81
              }
            }
            resource "aws_ecs_service" "orphan" {
              load_balancer {
                target_group_arn = "arn:aws:elasticloadbalancing:us-east-1:1:targetgroup/x/1"
                container_name = "web"
                container_port = 80
              }
            }
            """
        }
        let inside = TerraformFixture(["main.tf": text("true")])
        let services = ["web", "admin", "orphan"].map { "tf:aws_ecs_service.\($0)" }
        #expect(services.map { inside.component($0)?.isEntrypoint } == [false, false, true])
        let outside = TerraformFixture(["main.tf": text("false")])
        #expect(services.map { outside.component($0)?.isEntrypoint } == [true, true, true])
        #expect(inside.component("tf:aws_ecs_service.web")?.requirements.flatMap(\.alternatives).contains("tf:aws_secretsmanager_secret.db") == true)
    }

    /// An internal load balancer users reach anyway — through a CloudFront VPC origin, an API
    /// Gateway VPC link — or a target group a listener of an unknown load balancer (a shared
    /// one, read as a data source) also forwards to, faces users.
    @Test func internalLoadBalancersUsersReachAnotherWayFaceUsers() {
        let text = { (extra: String) in Self.provider + """
            resource "aws_lb" "internal" { internal = true }
            data "aws_lb" "shared" { name = "shared-public" }
            resource "aws_lb_target_group" "web" { port = 80 }
            resource "aws_lb_listener" "http" {
              load_balancer_arn = aws_lb.internal.arn
              default_action {
                type             = "forward"
                target_group_arn = aws_lb_target_group.web.arn
              }
            }
            resource "aws_ecs_service" "web" {
              load_balancer {
                target_group_arn = aws_lb_target_group.web.arn
                container_name   = "web"
                container_port   = 80
              }
            }
            \(extra)
            """
        }
        let web = "tf:aws_ecs_service.web"
        #expect(TerraformFixture(["main.tf": text("")]).component(web)?.isEntrypoint == false)
        let cloudFront = """
            resource "aws_cloudfront_vpc_origin" "app" {
              vpc_origin_endpoint_config {
                arn                    = aws_lb.internal.arn
                http_port              = 80
                https_port             = 443
                origin_protocol_policy = "http-only"
              }
            }
            """
        #expect(TerraformFixture(["main.tf": text(cloudFront)]).component(web)?.isEntrypoint == true)
        let vpcLink = """
            resource "aws_apigatewayv2_integration" "app" {
              api_id           = "x"
              integration_type = "HTTP_PROXY"
              integration_uri  = aws_lb_listener.http.arn
              connection_type  = "VPC_LINK"
            }
            """
        #expect(TerraformFixture(["main.tf": text(vpcLink)]).component(web)?.isEntrypoint == true)
        let shared = """
            resource "aws_lb_listener" "shared" {
              load_balancer_arn = data.aws_lb.shared.arn
              default_action {
                type             = "forward"
                target_group_arn = aws_lb_target_group.web.arn
              }
            }
            """
        #expect(TerraformFixture(["main.tf": text(shared)]).component(web)?.isEntrypoint == true)
    }

    /// A task definition naming a data source (known only at apply) still runs its images.
    @Test func aTaskDefinitionWithUnknownPartsStillRunsItsImages() {
        let fixture = TerraformFixture(["main.tf": Self.provider + """
            data "aws_secretsmanager_secret" "db" { name = "db" }
            resource "aws_ecs_task_definition" "web" {
              container_definitions = jsonencode([
                { name = "web", image = "ghcr.io/acme/web:1",
                  secrets = [{ name = "DB", valueFrom = data.aws_secretsmanager_secret.db.arn }],
                  environment = [{ name = "ASSETS", value = "https://assets.s3.amazonaws.com/" }] },
              ])
            }
            resource "aws_ecs_service" "web" { task_definition = aws_ecs_task_definition.web.arn }
            """])
        let needs = fixture.component("tf:aws_ecs_service.web")?.requirements.flatMap(\.alternatives) ?? []
        #expect(needs.contains("image:ghcr.io/acme/web"))
        #expect(needs.contains("url:assets.s3.amazonaws.com"))
    }
}
