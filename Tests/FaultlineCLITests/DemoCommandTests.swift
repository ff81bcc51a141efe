import Foundation
import Testing
import TestSupport

@Suite struct DemoCommandTests {
    @Test func tellsTheStoryAndLeavesARepositoryToRerunCommandsOn() throws {
        let s = try Scratch()
        let result = try FaultlineBinary.run(["demo", "--into", s.path("weave")], in: s, dir: "")
        #expect(result.status == 0, "\(result.errors)")
        #expect(result.output.contains("FAIL: 1 error") && result.output.contains("single-region"))
        #expect(result.output.contains("service:aws/us-east-1/s3"))
        #expect(result.output.contains("cannot ship a fix") && result.output.contains("ci:circleci"))
        #expect(result.output.contains("PASS") && result.output.contains("no longer goes down when service:aws/us-east-1/s3 fails"))
        // The CloudFront distribution is itself in the global service: not its own dependency.
        #expect(result.output.contains("tf:terraform/aws_cloudfront_distribution.ui now goes down if service:aws/global/cloudfront fails globally: it is itself served from there"))
        for line in result.output.split(separator: "\n") {
            guard let entrypoint = line.split(separator: " ").dropFirst(2).first, let root = line.split(separator: "newly depends on ").dropFirst().first
            else { continue }
            #expect(!root.hasPrefix(entrypoint), "\(line)")
        }
        #expect(try s.git("log", "--format=%s", in: "weave").split(separator: "\n").count == 3)
        #expect(try s.git("status", "--porcelain", in: "weave").isEmpty)
        // The repository is real: the same check from the command line fails with exit 1.
        let again = try FaultlineBinary.run(["check", "--base", "HEAD~2", "--head", "HEAD~1"], in: s, dir: "weave")
        #expect(again.status == 1)
    }

    @Test func refusesAFolderThatExists() throws {
        let s = try Scratch()
        try s.initRepository("taken")
        try s.commit("x", in: "taken")
        let result = try FaultlineBinary.run(["demo", "--into", s.path("taken")], in: s, dir: "")
        #expect(result.status == 2 && result.errors.contains("not empty"))
        #expect(try s.git("log", "--format=%s", in: "taken") == "x")
    }
}
