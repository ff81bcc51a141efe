import Foundation
import Testing
import TestSupport

@Suite struct TopologyCommandTests {
    static let cdn = """
        provider "aws" { region = "us-east-1" }
        provider "aws" {
          alias  = "west"
          region = "us-west-2"
        }
        resource "aws_s3_bucket" "assets" { bucket = "ui-assets" }
        resource "aws_s3_bucket" "replica" {
          provider = aws.west
          bucket   = "ui-assets-replica"
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
            failover_criteria { status_codes = [500] }
            member { origin_id = "primary" }
            member { origin_id = "failover" }
          }
        """

    @Test func terraformIsReadFromTheCommitAndDroppingFailoverFailsTheCheck() throws {
        let s = try Scratch()
        try s.initRepository()
        try s.write("infra/cdn.tf", Self.cdn.replacingOccurrences(of: "GROUP", with: Self.group))
        try s.commit("CDN with an origin group")
        try s.write("infra/cdn.tf", Self.cdn.replacingOccurrences(of: "GROUP", with: ""))
        try s.commit("Drop the failover origin group")

        let topology = try FaultlineBinary.run(["topology", "HEAD~1"], in: s)
        #expect(topology.status == 0)
        #expect(topology.output.contains("tf:infra/aws_cloudfront_distribution.ui"))
        #expect(topology.output.contains("tf:infra/aws_s3_bucket.assets or tf:infra/aws_s3_bucket.replica"))

        let check = try FaultlineBinary.run(["check", "--base", "HEAD~1", "--head", "HEAD"], in: s)
        #expect(check.status == 1)
        #expect(check.output.contains("service:aws/us-east-1/s3"))
        #expect(check.output.contains("infra/cdn.tf"))
    }

    /// A Terragrunt estate: the UI reads assets from a bucket a unit declares through a
    /// module, in the region a `region.hcl` the unit reads names. Moving that region to
    /// us-east-1 — one line in a file no reader takes on its own — fails the check.
    @Test func aTerragruntUnitsRegionMovedFailsTheCheck() throws {
        let s = try Scratch()
        try s.initRepository()
        try s.write(".faultline.yaml", "clusters:\n  - {name: prod, provider: aws, region: us-west-2, zones: [us-west-2a, us-west-2b, us-west-2c]}\n")
        try s.write("modules/assets/main.tf", """
            variable "region" {}
            provider "aws" {
              region = var.region
            }
            resource "aws_s3_bucket" "assets" {
              bucket = "acme-ui-assets"
            }

            """)
        try s.write("live/prod/region.hcl", "locals {\n  aws_region = \"us-west-2\"\n}\n")
        try s.write("live/prod/assets/terragrunt.hcl", """
            locals {
              region = read_terragrunt_config(find_in_parent_folders("region.hcl")).locals.aws_region
            }
            terraform {
              source = "../../../modules//assets"
            }
            inputs = {
              region = local.region
            }

            """)
        try s.write("k8s/ui.yaml", CheckCommandTests.deployment("ui", env: "{name: ASSETS, value: \"https://acme-ui-assets.s3.amazonaws.com/\"}")
            + "\n---\napiVersion: v1\nkind: Service\nmetadata: {name: ui, namespace: shop}\nspec: {type: LoadBalancer, selector: {app: ui}}\n")
        try s.commit("UI assets in the cluster's region")
        try s.write("live/prod/region.hcl", "locals {\n  aws_region = \"us-east-1\"\n}\n")
        try s.commit("Move prod to us-east-1")

        let topology = try FaultlineBinary.run(["topology"], in: s)
        #expect(topology.output.contains("tf:live/prod/assets/module.terragrunt.aws_s3_bucket.assets"), "\(topology.output)")
        let check = try FaultlineBinary.run(["check", "--base", "HEAD~1"], in: s)
        #expect(check.status == 1, "\(check.output)")
        #expect(check.output.contains("service:aws/us-east-1/s3"))
        // Back to us-west-2 is a move of the dependency, not a new one out of nowhere.
        let back = try FaultlineBinary.run(["check", "--base", "HEAD", "--head", "HEAD~1"], in: s)
        #expect(back.output.contains("service:aws/us-west-2/s3") && back.output.contains("moved here from service:aws/us-east-1/s3"), "\(back.output)")
    }
}
