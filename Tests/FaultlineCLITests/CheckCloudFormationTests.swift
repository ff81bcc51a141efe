import Foundation
import Testing
import TestSupport

/// `check` on CloudFormation: the Weave story told in a template deployed by GitHub Actions.
@Suite struct CheckCloudFormationTests {
    static let workflow = """
        name: deploy
        on: push
        jobs:
          deploy:
            runs-on: ubuntu-latest
            env: {AWS_REGION: us-east-1}
            steps:
              - uses: actions/checkout@v4
              - run: aws cloudformation deploy --template-file infra/ui.yaml --stack-name weave-ui

        """

    static func template(origin: String, extra: String = "") -> String {
        """
        AWSTemplateFormatVersion: "2010-09-09"
        Resources:
          Distribution:
            Type: AWS::CloudFront::Distribution
            Properties:
              DistributionConfig:
                Enabled: true
                Origins:
                  - Id: assets
                    DomainName: \(origin)
        \(extra)
        """
    }

    static let bucket = """
          AssetsBucket:
            Type: AWS::S3::Bucket
            Properties:
              BucketName: weave-ui-assets

        """

    @Test func movingTheOriginToABucketFailsABenignEditPassesABrokenTemplateIsUnreadable() throws {
        let s = try Scratch()
        try s.initRepository()
        try s.write(".github/workflows/deploy.yml", Self.workflow)
        try s.write("infra/ui.yaml", Self.template(origin: "ui.example.net"))
        try s.commit("CloudFront in front of the UI servers")
        try s.write("infra/ui.yaml", Self.template(origin: "!GetAtt AssetsBucket.RegionalDomainName", extra: Self.bucket))
        try s.commit("assets from S3")
        let moved = try FaultlineBinary.run(["check", "--base", "HEAD~1"], in: s)
        #expect(moved.status == 1, "\(moved.output)")
        #expect(moved.output.contains("single-region: cfn:weave-ui/Distribution now goes down when service:aws/us-east-1/s3 fails"), "\(moved.output)")
        #expect(moved.output.contains("at infra/ui.yaml:9"), "\(moved.output)")

        // A benign edit of the template passes.
        try s.write("infra/ui.yaml", Self.template(origin: "!GetAtt AssetsBucket.RegionalDomainName", extra: Self.bucket).replacingOccurrences(of: "Enabled: true", with: "Enabled: true\n        Comment: assets"))
        try s.commit("comment")
        let benign = try FaultlineBinary.run(["check", "--base", "HEAD~1"], in: s)
        #expect(benign.status == 0, "\(benign.output)")

        // A JSON file too large to be a template is no problem of the change.
        try s.write("data/countries.geo.json", "{\"features\": [" + String(repeating: "{\"type\": \"Feature\"},", count: 300_000) + "{}]}")
        try s.commit("data")
        let data = try FaultlineBinary.run(["check", "--base", "HEAD~1"], in: s)
        #expect(data.status == 0, "\(data.output)")

        // A declared stack's template that can no longer be read as one is no pass.
        try s.write(".faultline.yaml", "stacks:\n  - {template: infra/stack.json, region: us-east-1, name: web}\n")
        try s.write("infra/stack.json", #"{"Resources": {"Q": {"Type": "AWS::SQS::Queue"}}}"#)
        try s.commit("a JSON stack")
        try s.write("infra/stack.json", "{\"Resources\": " + String(repeating: " ", count: 6 << 20) + "{}}")
        try s.commit("too large")
        let large = try FaultlineBinary.run(["check", "--base", "HEAD~1"], in: s)
        #expect(large.status == 2, "\(large.output)")
        #expect(large.output.contains("infra/stack.json"), "\(large.output)")

        // A template that does not parse is an unreadable changed file.
        try s.write("infra/ui.yaml", "AWSTemplateFormatVersion: \"2010-09-09\"\nResources:\n  Bucket: {Type: AWS::S3::Bucket\n")
        try s.commit("broken")
        let broken = try FaultlineBinary.run(["check", "--base", "HEAD~1"], in: s)
        #expect(broken.status == 2, "\(broken.output)")
        #expect(broken.output.contains("infra/ui.yaml:"), "\(broken.output)")
    }
}
