@testable import Faultline
import Foundation
import Git
import Readers
import Report
import Testing
import TestSupport

/// Files a Terraform module reads with `file()` and `templatefile()`: `check` reads them with
/// the commit, and the audit moves them with its state.
@Suite("Terraform file() texts")
struct AuditTerraformTextsTests {
    static let bucket = "https://weave-ui-assets.s3.amazonaws.com/"

    /// An ECS service in three zones of us-east-1 behind a load balancer, its containers given by `definition`.
    static func main(definition: String) -> String {
        """
        provider "aws" {
          region = "us-east-1"
        }
        resource "aws_subnet" "a" { availability_zone = "us-east-1a" }
        resource "aws_subnet" "b" { availability_zone = "us-east-1b" }
        resource "aws_subnet" "c" { availability_zone = "us-east-1c" }
        resource "aws_ecs_cluster" "main" { name = "main" }
        resource "aws_ecs_task_definition" "ui" {
          family = "ui"
          container_definitions = \(definition)
        }
        resource "aws_ecs_service" "ui" {
          cluster = aws_ecs_cluster.main.id
          task_definition = aws_ecs_task_definition.ui.arn
          network_configuration { subnets = [aws_subnet.a.id, aws_subnet.b.id, aws_subnet.c.id] }
          load_balancer {
            container_name = "ui"
            container_port = 80
          }
        }
        """
    }

    static func containers(assets: String) -> String {
        #"[{"name": "ui", "image": "public.ecr.aws/weave/ui:1", "environment": [{"name": "ASSETS_URL", "value": "\#(assets)"}]}]"#
    }

    static let template = #"[{"name": "ui", "image": "public.ecr.aws/weave/ui:1", "environment": [{"name": "ASSETS_URL", "value": "${assets}"}]}]"#

    /// Commits: 0 the file read holds `/static/`; 1 only the file read changes to the bucket
    /// (introduces); 2 `main.tf` switches to a template, unchanged since commit 0, filled
    /// with `/static/` (resolves); 3 only the template changes to the bucket (introduces);
    /// 4 a README; 5 the template is deleted (resolves: unknown containers need nothing).
    static func history() throws -> (Scratch, [String]) {
        let s = try Scratch()
        try s.initRepository()
        var commits: [String] = []
        try s.write("infra/main.tf", main(definition: #"file("${path.module}/containers/ui.json")"#))
        try s.write("infra/containers/ui.json", containers(assets: "/static/"))
        try s.write("infra/containers/ui.json.tftpl", template.replacing("${assets}", with: bucket))
        commits.append(try s.commit("UI on ECS, assets in the image"))
        try s.write("infra/containers/ui.json", containers(assets: bucket))
        commits.append(try s.commit("Assets from S3"))
        try s.write("infra/main.tf", main(definition: #"templatefile("${path.module}/containers/ui.json.tftpl", { assets = "/static/" })"#))
        try s.write("infra/containers/ui.json.tftpl", template)
        commits.append(try s.commit("Containers from a template"))
        try s.write("infra/containers/ui.json.tftpl", template.replacing("${assets}", with: bucket))
        commits.append(try s.commit("Template: assets from S3"))
        try s.write("README.md", "docs\n")
        commits.append(try s.commit("Docs"))
        try FileManager.default.removeItem(atPath: s.path("repo/infra/containers/ui.json.tftpl"))
        commits.append(try s.commit("Template removed"))
        return (s, commits)
    }

    static func s3(_ exposures: [AuditExposure]) -> [AuditExposure] {
        exposures.filter { $0.scenario == "service:aws/us-east-1/s3" }
    }

    @Test("the audit sees a change to a file Terraform reads, and a file newly read without a change of its own")
    func auditFollowsTheFilesRead() throws {
        let (s, commits) = try Self.history()
        // Commit 2 changes the template and starts reading it in one go; commit 3 changes only it.
        let report = try Audit.report(AuditRequest(repo: s.path("repo")))
        let introducing = report.steps.filter { !Self.s3($0.introduced).isEmpty }.map(\.commit.id)
        let resolving = report.steps.filter { !Self.s3($0.resolved).isEmpty }.map(\.commit.id)
        #expect(introducing == [commits[1], commits[3]])
        #expect(resolving == [commits[2], commits[5]])
        let step = try #require(report.steps.first { $0.commit.id == commits[1] })
        let exposure = try #require(Self.s3(step.introduced).first)
        #expect(exposure.entrypoint == "tf:infra/aws_ecs_service.ui")
    }

    /// At every commit the walk's topology is the one a fresh read of the commit links, with
    /// and without linking ahead, also when the state starts again from a commit's tree.
    @Test("the walk's state equals a fresh read of each commit, linked ahead or not")
    func walkEqualsAFreshRead() throws {
        let (s, _) = try Self.history()
        // A texts-only history of its own: the file read changes, then an unchanged file is newly read.
        try s.write("infra/main.tf", Self.main(definition: #"file("${path.module}/containers/ui.json")"#))
        try s.commit("Back to the JSON file")
        try s.write("infra/containers/ui.json", Self.containers(assets: "/static/"))
        try s.commit("JSON: assets in the image")
        let repository = try Repository(at: s.path("repo"))
        let commits = try repository.history(try repository.range("HEAD"), firstParent: true).commits
        let ahead = AuditWalker(repository: repository), inPlace = AuditWalker(repository: repository)
        let fresh = CommitReader(repository: repository)
        var prefetched = 0
        for (position, id) in commits.enumerated() {
            if position >= prefetched {
                prefetched = position + (try ahead.prefetch(commits[position..<min(position + 4, commits.count)]))
            }
            try ahead.linkAhead(commits, from: position, end: prefetched)
            _ = try ahead.move(to: id)
            _ = try inPlace.move(to: id)
            let expected = inPlace.linker.link(try fresh.facts(of: id), commit: nil).topology
            let sameAhead = ahead.topology == expected, sameInPlace = inPlace.topology == expected
            #expect(sameAhead, "commit \(position): linked ahead")
            #expect(sameInPlace, "commit \(position): in place")
        }
        // Texts the diffs change move ahead too: only the commit that starts reading an
        // unchanged file (its tree is the walk's to look in) is linked in place.
        #expect(ahead.counters.linkedAhead == ahead.counters.links - 1, "\(ahead.counters)")
        // Starting again from the middle of the history reads the texts from the tree.
        let restarted = AuditWalker(repository: repository)
        _ = try restarted.move(to: commits[3])
        #expect(restarted.topology == inPlace.linker.link(try fresh.facts(of: commits[3]), commit: nil).topology)
    }

    @Test("a file Terraform reads as text that is binary is a warning located at that file, which fails nothing")
    func aBinaryFileReadAsTextIsAnError() throws {
        let (s, commits) = try Self.history()
        try s.write("infra/main.tf", Self.main(definition: #"file("${path.module}/containers/ui.bin")"#))
        try s.write("infra/containers/ui.bin", Data([0x00, 0x01, 0x02, 0xff, 0x00]))
        let head = try s.commit("Containers from a binary file")
        let result = try Check.run(CheckRequest(repo: s.path("repo"), base: commits[5], head: head, environment: [:], today: "2026-11-29"))
        let problem = try #require((result.unreadable + result.diagnostics).first { $0.path == "infra/containers/ui.bin" })
        #expect(problem.severity == .warning)
        #expect(problem.summary.contains("Terraform's file() or templatefile() or a Compose env file reads it as text"))
        #expect(!result.unreadableFails || result.unreadable.isEmpty)
        #expect(!result.evaluation.fails)
        // The audit reports it at the commit that brings it.
        let report = try Audit.report(AuditRequest(repo: s.path("repo")))
        let step = try #require(report.steps.first { $0.commit.id == head })
        #expect(step.diagnostics.contains { $0.path == "infra/containers/ui.bin" && $0.severity == .warning })
    }

    @Test("check reads the files Terraform reads, at base and head")
    func checkReadsTheFilesRead() throws {
        let (s, commits) = try Self.history()
        let repository = try Repository(at: s.path("repo"))
        let reader = CommitReader(repository: repository)
        let facts = try reader.facts(of: try #require(ObjectID(hex: commits[1])))
        let json = try #require(facts.first { $0.path == "infra/containers/ui.json" })
        #expect(json.readText == Self.containers(assets: Self.bucket))
        // The template is not read at commit 1: nothing reads it yet.
        #expect(!facts.contains { $0.path == "infra/containers/ui.json.tftpl" })
        // Only the template changes: the check fails on the bucket it brings in.
        let result = try Check.run(CheckRequest(repo: s.path("repo"), base: commits[2], head: commits[3], environment: [:], today: "2026-11-29"))
        #expect(result.evaluation.fails)
        #expect(result.evaluation.findings.contains { $0.scenario.id == "service:aws/us-east-1/s3" })
    }
}
