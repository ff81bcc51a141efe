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
    /// module, in the region a `region.hcl` the unit reads names (us-west-2, the cluster's).
    static func terragruntEstate() throws -> Scratch {
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
        return s
    }

    /// Moving that region to us-east-1 — one line in a file no reader takes on its own — fails
    /// the check.
    @Test func aTerragruntUnitsRegionMovedFailsTheCheck() throws {
        let s = try Self.terragruntEstate()
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

    /// A `region.hcl` broken by a change is an unreadable file (exit 2, located), not a
    /// resolution; the audit says so at that commit and keeps the last text it could read.
    @Test func aBrokenFileAUnitReadsIsUnreadableNotAResolution() throws {
        let s = try Self.terragruntEstate()
        try s.write("live/prod/region.hcl", "locals {\n  aws_region = \n}\n")
        try s.commit("Break the region file")
        let check = try FaultlineBinary.run(["check", "--base", "HEAD~1"], in: s)
        #expect(check.status == 2, "\(check.output)")
        #expect(check.output.contains("live/prod/region.hcl:2"), "\(check.output)")
        try s.write("live/prod/region.hcl", "locals {\n  aws_region = \"us-east-1\"\n}\n")
        try s.commit("Move prod to us-east-1")
        let audit = try FaultlineBinary.run(["audit", "--format", "jsonl"], in: s)
        let records = audit.output.split(separator: "\n").compactMap { try? JSONSerialization.jsonObject(with: Data($0.utf8)) as? [String: Any] }
        let commits = records.filter { $0["commit"] != nil }
        let broken = try #require(commits.first { ($0["commit"] as? [String: Any])?["subject"] as? String == "Break the region file" }, "\(audit.output)")
        #expect((broken["diagnostics"] as? [[String: Any]] ?? []).contains { $0["path"] as? String == "live/prod/region.hcl" && $0["line"] as? Int == 2 })
        #expect((broken["introduced"] as? [Any] ?? []).isEmpty && (broken["resolved"] as? [Any] ?? []).isEmpty, "\(broken)")
        let moved = try #require(commits.first { ($0["commit"] as? [String: Any])?["subject"] as? String == "Move prod to us-east-1" })
        #expect((moved["introduced"] as? [[String: Any]] ?? []).contains { $0["scenario"] as? String == "service:aws/us-east-1/s3" }, "\(moved)")
        // A shard starting at the broken commit keeps the same text a whole run keeps.
        var files: [String] = []
        for index in 1...3 {
            let file = s.path("shard-\(index).jsonl")
            #expect(try FaultlineBinary.run(["audit", "--shard", "\(index)/3", "--format", "jsonl", "--output", file], in: s).status == 0)
            files.append(file)
        }
        #expect(try FaultlineBinary.run(["audit", "merge"] + files, in: s).output == audit.output)
        // Moving the folder with a file already broken in it makes nothing newly unreadable.
        try s.write("live/prod/region.hcl", "locals {\n  aws_region = \n}\n")
        try s.commit("Break it again")
        _ = try s.git("mv", "live/prod", "live/production")
        try s.commit("Rename prod")
        #expect(try FaultlineBinary.run(["check", "--base", "HEAD~1"], in: s).status == 0)
        // A unit that newly reads a file broken before the change: unreadable all the same,
        // though the change touches only the unit.
        try s.write("live/production/old.hcl", "locals {\n  aws_region = \n}\n")
        try s.write("live/production/region.hcl", "locals {\n  aws_region = \"us-west-2\"\n}\n")
        try s.commit("An old file, broken")
        let unit = try String(contentsOfFile: s.path("repo/live/production/assets/terragrunt.hcl"), encoding: .utf8)
        try s.write("live/production/assets/terragrunt.hcl", unit.replacingOccurrences(of: "find_in_parent_folders(\"region.hcl\")", with: "find_in_parent_folders(\"old.hcl\")"))
        try s.commit("Read the old file")
        let newlyRead = try FaultlineBinary.run(["check", "--base", "HEAD~1"], in: s)
        #expect(newlyRead.status == 2 && newlyRead.output.contains("live/production/old.hcl:2"), "\(newlyRead.output)")
    }
}
