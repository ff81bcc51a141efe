import Foundation
import TestSupport

/// A repository built at test time for audits: a UI on a three-zone us-east-1 cluster whose
/// assets are served either from its own image or from an S3 bucket in us-east-1.
enum AuditFixture {
    static let config = WeaveFixture.config
    static let bucket = WeaveFixture.bucket
    static let s3Scenario = "service:aws/us-east-1/s3"

    static func manifest(assets: String = "/static/", replicas: Int = 3) -> String {
        WeaveFixture.manifest(replicas: replicas, assets: assets)
    }

    /// A repository whose first commit is the safe layout.
    static func make() throws -> Scratch { try WeaveFixture.make() }

    /// Commits everything as the given author at the given time (seconds since 1970, UTC).
    @discardableResult
    static func commit(_ s: Scratch, _ message: String, author: String, email: String, time: Int) throws -> String {
        try s.git("add", "-A")
        try s.run(
            ["git", "commit", "-q", "--allow-empty", "-m", message],
            environment: ["GIT_AUTHOR_NAME": author, "GIT_AUTHOR_EMAIL": email, "GIT_AUTHOR_DATE": "@\(time) +0000"])
        return try s.git("rev-parse", "HEAD")
    }
}

extension AuditFixture {
    /// `git mv`, creating the destination's folder first.
    static func rename(_ s: Scratch, _ from: String, _ to: String) throws {
        let folder = (s.path("repo/" + to) as NSString).deletingLastPathComponent
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        try s.git("mv", from, to)
    }
}
