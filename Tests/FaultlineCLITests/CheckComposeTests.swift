import Foundation
import Testing
import TestSupport

/// `check` on Docker Compose services: the machines are the base's, so a change cannot drop a
/// host, or the file it runs, from its own check.
@Suite struct CheckComposeTests {
    static let config = """
        version: 1
        hosts:
          - name: web-1
            provider: aws
            region: us-east-1
            zone: us-east-1a
            compose: [compose.yaml]
        """

    static func compose(assets: String) -> String {
        "services:\n  web:\n    image: ghcr.io/acme/web:1\n    ports: [\"80:80\"]\n    environment:\n      ASSETS_URL: \(assets)\n"
    }

    static func make() throws -> Scratch {
        let s = try Scratch()
        try s.initRepository()
        try s.write(".faultline.yaml", config)
        try s.write("compose.yaml", compose(assets: "/static"))
        try s.commit("web on one machine")
        return s
    }

    @Test func aServiceMovedToABucketInAnotherRegionFails() throws {
        let s = try Self.make()
        try s.write("compose.yaml", Self.compose(assets: "https://weave-ui-assets.s3.us-west-2.amazonaws.com/"))
        try s.commit("assets from S3")
        let result = try FaultlineBinary.run(["check", "--base", "HEAD~1"], in: s)
        #expect(result.status == 1, "\(result.output)")
        #expect(result.output.contains("service:aws/us-west-2/s3"))
        #expect(result.output.contains("compose:web-1/web"))
    }

    /// Renaming the file the host runs, in the same change as the exposure, is an error, not
    /// a pass with the service's exposures "resolved".
    @Test func renamingTheHostsFileIsAnError() throws {
        let s = try Self.make()
        try s.git("rm", "-q", "compose.yaml")
        try s.write("docker-compose.yml", Self.compose(assets: "https://weave-ui-assets.s3.us-west-2.amazonaws.com/"))
        try s.commit("rename and move assets")
        let result = try FaultlineBinary.run(["check", "--base", "HEAD~1"], in: s)
        #expect(result.status == 2, "\(result.output)")
        #expect(result.output.contains("host web-1 runs compose.yaml, which this change removes or renames"))
    }

    /// Dropping the host from `.faultline.yaml` does not drop it from the change's own check;
    /// a rename that updates the host is followed.
    @Test func theBasesHostsApply() throws {
        let s = try Self.make()
        try s.write(".faultline.yaml", "version: 1\n")
        try s.write("compose.yaml", Self.compose(assets: "https://weave-ui-assets.s3.us-west-2.amazonaws.com/"))
        try s.commit("drop the host")
        let dropped = try FaultlineBinary.run(["check", "--base", "HEAD~1"], in: s)
        #expect(dropped.status == 1, "\(dropped.output)")
        #expect(dropped.output.contains("service:aws/us-west-2/s3"))

        let r = try Self.make()
        try r.git("rm", "-q", "compose.yaml")
        try r.write("deploy/compose.yaml", Self.compose(assets: "/static"))
        try r.write(".faultline.yaml", Self.config.replacingOccurrences(of: "[compose.yaml]", with: "[deploy/compose.yaml]"))
        try r.commit("move the file, and the host with it")
        let moved = try FaultlineBinary.run(["check", "--base", "HEAD~1"], in: r)
        #expect(moved.status == 0, "\(moved.output)")
    }

    /// A change that only moves the host to other lines of `.faultline.yaml` edits nothing.
    @Test func movingTheHostsLinesIsNoEdit() throws {
        let s = try Self.make()
        try s.write(".faultline.yaml", "# machines\n\n" + Self.config)
        try s.commit("comment")
        let result = try FaultlineBinary.run(["check", "--base", "HEAD~1", "--format", "json"], in: s)
        #expect(result.status == 0, "\(result.output)")
        #expect(!result.output.contains("this change edits hosts"))
    }

    /// A change to the project's `.env` alone moves the machine's bucket: the check reads it
    /// and fails at the env file's line.
    @Test func aChangeToTheEnvFileAloneFails() throws {
        let s = try Scratch()
        try s.initRepository()
        try s.write(".faultline.yaml", Self.config)
        try s.write("compose.yaml", Self.compose(assets: "https://${ASSETS_BUCKET}.s3.${ASSETS_REGION:-us-west-2}.amazonaws.com/"))
        try s.write(".env", "ASSETS_BUCKET=weave-ui-assets\n")
        try s.commit("web on one machine, assets in us-west-2")
        try s.write(".env", "ASSETS_BUCKET=weave-ui-assets\nASSETS_REGION=us-east-1\n")
        try s.commit("assets from us-east-1")
        let result = try FaultlineBinary.run(["check", "--base", "HEAD~1", "--format", "json"], in: s)
        #expect(result.status == 1, "\(result.output)")
        #expect(result.output.contains("service:aws/us-east-1/s3"))
        #expect(result.output.contains("compose:web-1/web"))
    }
}
