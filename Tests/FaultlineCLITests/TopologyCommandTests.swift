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
}
