@testable import Faultline
import Foundation
import Git
import Readers
import Testing
import TestSupport

@Suite("Audit link-ahead")
struct AuditLinkAheadTests {
    /// A scratch repository's first-parent commits and a walk over them.
    static func walk(_ s: Scratch) throws -> (repository: Repository, commits: [ObjectID], walker: AuditWalker) {
        let repository = try Repository(at: s.path("repo"))
        let commits = try repository.history(try repository.range("HEAD"), firstParent: true).commits
        return (repository, commits, AuditWalker(repository: repository))
    }

    /// Walks a history twice, once linking ahead as `faultline audit` does and once linking
    /// every state in place, and compares the two walks at every commit.
    @Test("states linked ahead give the walk the topology, exposures and diagnostics it would link itself")
    func linkAheadChangesNothing() throws {
        let s = try AuditShardTests.history()
        // More commits where the S3 dependency comes and goes, so several links run ahead in a row.
        var assets = AuditFixture.bucket
        for n in 1...6 {
            assets = assets == "/static/" ? AuditFixture.bucket : "/static/"
            try s.write("k8s/more-\(n).yaml", AuditFixture.manifest(assets: assets, replicas: n).replacing("name: ui", with: "name: more-\(n)"))
            try s.commit("More \(n)")
        }
        let repository = try Repository(at: s.path("repo"))
        let commits = try repository.history(try repository.range("HEAD"), firstParent: true).commits
        let ahead = AuditWalker(repository: repository), inPlace = AuditWalker(repository: repository)
        var prefetched = 0
        for (position, id) in commits.enumerated() {
            if position >= prefetched {
                prefetched = position + (try ahead.prefetch(commits[position..<min(position + 4, commits.count)]))
            }
            try ahead.linkAhead(commits, from: position, end: prefetched)
            let moved = try ahead.move(to: id), expected = try inPlace.move(to: id)
            // Compared first, so a failure names the commit instead of printing two topologies.
            let sameTopology = ahead.topology == inPlace.topology, sameExposures = ahead.exposures.byID == inPlace.exposures.byID
            #expect(sameTopology, "commit \(position): the topologies differ")
            #expect(sameExposures, "commit \(position): the exposures differ")
            #expect(moved.topologyChanged == expected.topologyChanged, "commit \(position)")
            #expect(moved.diagnostics == expected.diagnostics, "commit \(position)")
        }
        #expect(ahead.counters.links == inPlace.counters.links)
        // The history breaks a file twice: links past those are not foreseen, the rest are.
        #expect(ahead.counters.linkedAhead >= ahead.counters.links / 2, "\(ahead.counters)")
        #expect(inPlace.counters.linkedAhead == 0)
    }

    /// A commit that only bumps a replica count changes facts the linker does not read: the
    /// walk does not link it again, and what it holds is what linking would give.
    @Test func aReplicaBumpIsNotLinkedAgain() throws {
        let s = try AuditFixture.make()
        try s.write("k8s/ui.yaml", AuditFixture.manifest(replicas: 5))
        try s.commit("Scale the UI")
        try s.write("k8s/ui.yaml", AuditFixture.manifest(assets: AuditFixture.bucket, replicas: 5))
        try s.commit("Assets from S3")
        let (repository, commits, walker) = try Self.walk(s)
        _ = try walker.move(to: commits[0])
        let links = walker.counters.links
        let scaled = try walker.move(to: commits[1])
        #expect(walker.counters.links == links && !scaled.topologyChanged)
        let fresh = AuditWalker(repository: repository)
        _ = try fresh.move(to: commits[1])
        #expect(walker.topology == fresh.topology && walker.exposures.byID == fresh.exposures.byID)
        let moved = try walker.move(to: commits[2])
        #expect(walker.counters.links == links + 1 && moved.topologyChanged)
        #expect(walker.exposures.byID.values.contains { $0.scenario == AuditFixture.s3Scenario })
    }

    /// A release bumping an image's tag changes only the note naming it: the walk does not
    /// link it again, and its exposures, chains and lines are what a walk linking it gives.
    @Test func aTagBumpIsNotLinkedAgain() throws {
        let s = try AuditFixture.make()
        try s.write("k8s/ui.yaml", WeaveFixture.manifest(tag: "1.1", assets: AuditFixture.bucket))
        try s.commit("Assets from S3")
        try s.write("k8s/ui.yaml", WeaveFixture.manifest(tag: "1.2", assets: AuditFixture.bucket))
        try s.commit("Release 1.2")
        try s.write("k8s/ui.yaml", WeaveFixture.manifest(tag: "1.2@sha256:" + String(repeating: "b", count: 64), assets: AuditFixture.bucket))
        try s.commit("Pin the digest")
        try s.write("k8s/ui.yaml", WeaveFixture.manifest(tag: "${UI_TAG}", assets: AuditFixture.bucket))
        try s.commit("Tag from the deploy job")
        let (repository, commits, walker) = try Self.walk(s)
        _ = try walker.move(to: commits[1])
        let links = walker.counters.links
        #expect(walker.exposures.byID.values.contains { $0.scenario == AuditFixture.s3Scenario })
        for position in 2...3 {
            let released = try walker.move(to: commits[position])
            #expect(walker.counters.links == links && !released.topologyChanged, "commit \(position)")
            let fresh = AuditWalker(repository: repository)
            _ = try fresh.move(to: commits[position])
            #expect(walker.exposures.byID == fresh.exposures.byID, "commit \(position)")
            // What differs is the words of a note: `runs …/weave/ui:1.1` against `…:1.2`.
            #expect(walker.topology != fresh.topology)
            #expect(walker.topology.ids == fresh.topology.ids && AuditTopologyShape(walker.topology) == AuditTopologyShape(fresh.topology))
        }
        // A tag the deploy job sets is not literal: linked again.
        _ = try walker.move(to: commits[4])
        #expect(walker.counters.links == links + 1)
    }

    /// A kustomization's `newTag` bumped is a release too; a `newName` moving the image to
    /// another registry is not, and is linked again.
    @Test func aKustomizeTagBumpIsNotLinkedAgain() throws {
        let s = try AuditFixture.make()
        func kustomization(_ entry: String) -> String {
            "resources: [ui.yaml]\nimages:\n  - name: 123456789012.dkr.ecr.us-east-1.amazonaws.com/weave/ui\n\(entry)\n"
        }
        try s.write("k8s/kustomization.yaml", kustomization("    newTag: \"2.0\""))
        try s.commit("Kustomize the UI")
        try s.write("k8s/kustomization.yaml", kustomization("    newTag: \"2.1\""))
        try s.commit("Release 2.1")
        try s.write("k8s/kustomization.yaml", kustomization("    newName: 123456789012.dkr.ecr.eu-west-1.amazonaws.com/weave/ui\n    newTag: \"2.1\""))
        try s.commit("Pull from eu-west-1")
        let (repository, commits, walker) = try Self.walk(s)
        _ = try walker.move(to: commits[1])
        let links = walker.counters.links
        _ = try walker.move(to: commits[2])
        #expect(walker.counters.links == links)
        let fresh = AuditWalker(repository: repository)
        _ = try fresh.move(to: commits[2])
        #expect(walker.exposures.byID == fresh.exposures.byID && AuditTopologyShape(walker.topology) == AuditTopologyShape(fresh.topology))
        let moved = try walker.move(to: commits[3])
        #expect(walker.counters.links == links + 1 && moved.topologyChanged)
        #expect(walker.topology.ids.contains { $0.contains("eu-west-1") })
    }

    /// The walk asks for each job in turn, linking it itself or a later one the other core has
    /// not started (which the other core then skips): every job still gives its own state's
    /// topology, once.
    @Test func jobsGiveTheirOwnTopologyWhicheverCoreLinksThem() throws {
        let linker = Readers.Linker()
        let ahead = AuditLinkAhead(linker: linker)
        func file(_ path: String, _ text: String) -> FileFacts { KubernetesReader().read(path: path, bytes: Array(text.utf8)) }
        let states = (0..<6).map { n in
            [file("k8s/ui.yaml", AuditFixture.manifest(assets: n % 2 == 0 ? "/static/" : AuditFixture.bucket, replicas: n + 1))]
                + (0..<n).map { file("k8s/more-\($0).yaml", AuditFixture.manifest(replicas: 1).replacing("name: ui", with: "name: more-\($0)")) }
        }
        let commits = try (0..<states.count).map { try #require(ObjectID(hex: String(repeating: "\($0)", count: 40))) }
        for (position, files) in states.enumerated() { ahead.submit(position: position, commit: commits[position], files: files) }
        for (position, files) in states.enumerated() {
            let job = try #require(ahead.take(commits[position]))
            #expect(ahead.topology(of: job) == Readers.Linker().link(files, commit: nil).topology, "state \(position)")
        }
        #expect(ahead.jobs.isEmpty)
    }

    /// Eight jobs ahead on small trees, fewer as topologies grow (80,000 components' worth),
    /// never fewer than three, and three while the size is not known.
    @Test func roomShrinksWithTheTopology() {
        #expect(AuditLinkAhead.room(forTopologiesOf: 0) == 3)
        #expect(AuditLinkAhead.room(forTopologiesOf: 1) == 8)
        #expect(AuditLinkAhead.room(forTopologiesOf: 1_362) == 8)
        #expect(AuditLinkAhead.room(forTopologiesOf: 10_000) == 8)
        #expect(AuditLinkAhead.room(forTopologiesOf: 16_000) == 5)
        #expect(AuditLinkAhead.room(forTopologiesOf: 25_001) == 3)
        #expect(AuditLinkAhead.room(forTopologiesOf: 1_000_000) == 3)
    }
}
