@testable import Faultline
import Foundation
import Readers
import Report
import Testing
import TestSupport

/// The env files Compose hosts read: a commit changing only one is a change to the machines
/// running it, for the audit as for `check`.
@Suite("Compose env files in the audit")
struct AuditComposeTextsTests {
    static let config = "version: 1\nhosts:\n  - {name: web-1, provider: aws, region: us-west-2, compose: [deploy/compose.yaml]}\n"
    static let compose = "services:\n  web:\n    image: ghcr.io/acme/web:1\n    ports: [\"80:80\"]\n    environment:\n      ASSETS_URL: https://${ASSETS_BUCKET}.s3.${ASSETS_REGION:-us-east-1}.amazonaws.com/\n"

    /// Commits: 0 the project's `.env` names a bucket in us-west-2; 1 only `.env` changes,
    /// leaving the region to the Compose file's default, us-east-1 (introduces); 2 a README;
    /// 3 only `.faultline.yaml` changes: the host reads `prod.env` instead, which names
    /// us-west-2 (resolves only if the newly named file is read).
    @Test("a change to an env file alone introduces and resolves")
    func envFileChanges() throws {
        let s = try Scratch()
        try s.initRepository()
        var commits: [String] = []
        try s.write(".faultline.yaml", Self.config)
        try s.write("deploy/compose.yaml", Self.compose)
        try s.write("deploy/.env", "ASSETS_BUCKET=weave-ui-assets\nASSETS_REGION=us-west-2\n")
        try s.write("deploy/prod.env", "ASSETS_BUCKET=weave-ui-assets-west\nASSETS_REGION=us-west-2\n")
        commits.append(try s.commit("web on one machine"))
        try s.write("deploy/.env", "ASSETS_BUCKET=weave-ui-assets\n")
        commits.append(try s.commit("assets from us-east-1"))
        try s.write("README.md", "docs\n")
        commits.append(try s.commit("docs"))
        try s.write(".faultline.yaml", Self.config.replacing("compose: [deploy/compose.yaml]", with: "compose: [deploy/compose.yaml], env_file: deploy/prod.env"))
        commits.append(try s.commit("the host reads prod.env"))
        let report = try Audit.report(AuditRequest(repo: s.path("repo")))
        func east(_ exposures: [AuditExposure]) -> [AuditExposure] { exposures.filter { $0.scenario == "service:aws/us-east-1/s3" } }
        #expect(report.steps.filter { !east($0.introduced).isEmpty }.map(\.commit.id) == [commits[1]])
        #expect(report.steps.filter { !east($0.resolved).isEmpty }.map(\.commit.id) == [commits[3]])
        let exposure = try #require(report.steps.first { $0.commit.id == commits[1] }.flatMap { east($0.introduced).first })
        #expect(exposure.entrypoint == "compose:web-1/web")
    }
}
