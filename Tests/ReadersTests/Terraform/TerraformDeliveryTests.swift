import Model
import Simulation
import Testing

@testable import Readers

/// Changing what a root module declares needs its state store: a fix to a bucket in
/// us-west-2 does not ship while the state bucket's region is down.
@Suite struct TerraformDeliveryTests {
    /// A CloudFront distribution serving a us-west-2 bucket, from a root whose state is kept in
    /// us-east-1.
    static func site(backend: String) -> String {
        """
        terraform {
          required_version = ">= 1.5"
        \(backend)
        }
        provider "aws" {
          region = "us-west-2"
        }
        resource "aws_s3_bucket" "assets" {
          bucket = "weave-ui-assets"
        }
        resource "aws_cloudfront_distribution" "ui" {
          origin {
            domain_name = aws_s3_bucket.assets.bucket_regional_domain_name
            origin_id   = "assets"
          }
        }

        """
    }

    static func undeliverable(_ fixture: TerraformFixture, when domain: String) -> [String] {
        guard let target = FailureDomain(id: domain) else { return [] }
        return fixture.engine.outcome(of: Scenario(target)).undeliverable
    }

    @Test func anS3StateBucketAndLockTableAreNeededToShip() throws {
        let backend = """
              backend "s3" {
                bucket         = "acme-terraform-state"
                key            = "web/terraform.tfstate"
                region         = "us-east-1"
                dynamodb_table = "terraform-locks"
              }
            """
        let fixture = TerraformFixture(["infra/main.tf": Self.site(backend: backend)])
        let cdn = try #require(fixture.component("tf:infra/aws_cloudfront_distribution.ui"))
        #expect(cdn.isEntrypoint)
        let deliver = cdn.requirements.filter { $0.phase == .deliver }
        #expect(deliver.flatMap(\.alternatives) == ["url:acme-terraform-state.s3.us-east-1.amazonaws.com", "url:dynamodb.us-east-1.amazonaws.com"])
        #expect(deliver.allSatisfy { $0.provenance?.path == "infra/main.tf" && $0.provenance?.line == 3 })
        #expect(fixture.component("tf:infra/aws_s3_bucket.assets")?.requirements.filter { $0.phase == .deliver }.count == 2)
        // Serving goes on in us-east-1's outage; shipping a fix does not.
        #expect(!fixture.isDown("tf:infra/aws_cloudfront_distribution.ui", when: "service:aws/us-east-1/s3"))
        #expect(Self.undeliverable(fixture, when: "service:aws/us-east-1/s3").contains("tf:infra/aws_cloudfront_distribution.ui"))
        #expect(Self.undeliverable(fixture, when: "service:aws/us-east-1/dynamodb").contains("tf:infra/aws_cloudfront_distribution.ui"))
        #expect(!Self.undeliverable(fixture, when: "service:aws/us-west-2/dynamodb").contains("tf:infra/aws_cloudfront_distribution.ui"))
    }

    /// A state bucket the repository declares is that resource, with its replication.
    @Test func aDeclaredStateBucketIsTheResource() throws {
        let backend = """
              backend "s3" {
                bucket = "weave-ui-assets"
                region = "us-west-2"
              }
            """
        let fixture = TerraformFixture(["infra/main.tf": Self.site(backend: backend)])
        let cdn = try #require(fixture.component("tf:infra/aws_cloudfront_distribution.ui"))
        #expect(cdn.requirements.filter { $0.phase == .deliver }.flatMap(\.alternatives) == ["tf:infra/aws_s3_bucket.assets"])
        // The bucket needs no requirement on itself.
        #expect(fixture.component("tf:infra/aws_s3_bucket.assets")?.requirements.isEmpty == true)
    }

    /// Other roots keep their own state; HCP Terraform is a SaaS of its own; settings given
    /// at `terraform init` and backends Faultline does not read are named in a note.
    @Test func eachRootHasItsOwnBackend() throws {
        let staging = Self.site(backend: "  cloud {\n    organization = \"acme\"\n    workspaces { name = \"web\" }\n  }")
        let partial = Self.site(backend: "  backend \"s3\" {}")
        let consul = Self.site(backend: "  backend \"consul\" {\n    path = \"web\"\n  }")
        let fixture = TerraformFixture(["staging/main.tf": staging, "dev/main.tf": partial, "qa/main.tf": consul])
        let cdn = try #require(fixture.component("tf:staging/aws_cloudfront_distribution.ui"))
        #expect(cdn.requirements.filter { $0.phase == .deliver }.flatMap(\.alternatives) == ["url:app.terraform.io"])
        #expect(fixture.component("url:app.terraform.io")?.sites.flatMap(\.domains).map(\.id) == ["saas:hcp-terraform"])
        #expect(Self.undeliverable(fixture, when: "saas:hcp-terraform") == ["tf:staging/aws_cloudfront_distribution.ui", "tf:staging/aws_s3_bucket.assets"])
        for root in ["dev", "qa"] {
            #expect(fixture.component("tf:\(root)/aws_cloudfront_distribution.ui")?.requirements.contains { $0.phase == .deliver } == false)
        }
        #expect(fixture.diagnostics.contains { $0.path == "dev/main.tf" && $0.summary.contains("the s3 backend's bucket is not written here") })
        #expect(fixture.diagnostics.contains { $0.path == "qa/main.tf" && $0.summary.contains("the consul backend is not read") })
    }
}
