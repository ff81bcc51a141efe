import Foundation
import Testing
import TestSupport
@testable import Faultline
import Git
import Readers

/// The reader's in-memory cache of facts stays bounded on a long walk and still serves what
/// the next read asks for.
@Suite struct CommitReaderMemoryTests {
    static func terraform(_ index: Int) -> String {
        """
        resource "aws_s3_bucket" "b\(index)" {
          bucket = "bucket-\(index)"
          tags   = { version = "\(index)" }
        }

        """
    }

    /// Forty versions of one Terraform file, one per commit, and the entries of each.
    static func history(_ s: Scratch) throws -> (Repository, [[TreeEntry]]) {
        try s.initRepository()
        var commits: [String] = []
        for version in 0..<40 {
            try s.write("main.tf", Self.terraform(version))
            try s.write("deploy.yaml", "apiVersion: v1\nkind: ConfigMap\nmetadata: {name: c\(version % 4)}\n")
            commits.append(try s.commit("version \(version)"))
        }
        let repository = try Repository(at: s.path("repo"))
        let trees = try commits.map { commit throws(GitError) in try repository.files(of: ObjectID(hex: commit)!) }
        return (repository, trees)
    }

    @Test func keepsAboutTwoBudgetsAndServesTheNextRead() throws {
        let s = try Scratch()
        let (repository, trees) = try Self.history(s)
        let unbounded = CommitReader(repository: repository)
        let bounded = CommitReader(repository: repository)
        // Each Terraform version is reckoned at eight times its ~90 bytes of text: a budget
        // of 2,000 bytes turns a generation over every two or three reads.
        bounded.memoryBudget = 2_000
        var mostKept = 0
        for entries in trees {
            let expected = try unbounded.facts(of: entries)
            #expect(try bounded.facts(of: entries) == expected)
            mostKept = max(mostKept, bounded.cachedBlobs)
            // What a read kept, the next read finds: nothing is parsed twice in a row.
            let parsed = bounded.parsed
            #expect(try bounded.facts(of: entries) == expected)
            #expect(bounded.parsed == parsed)
        }
        // Unbounded, every version is kept: 40 Terraform files and 4 ConfigMaps.
        #expect(unbounded.cachedBlobs == 44)
        #expect(mostKept < 20, "kept \(mostKept) blobs' facts with a budget of a few")
        // Going back to the first versions parses them again; the answer is the same.
        let parsed = bounded.parsed
        #expect(try bounded.facts(of: trees[0]) == (try unbounded.facts(of: trees[0])))
        #expect(bounded.parsed > parsed)
    }

    @Test func aBlobAskedForAgainStaysWhileOthersAge() throws {
        let s = try Scratch()
        let (repository, trees) = try Self.history(s)
        let reader = CommitReader(repository: repository)
        reader.memoryBudget = 2_000
        let pinned = trees[0]
        _ = try reader.facts(of: pinned)
        for entries in trees.dropFirst() {
            _ = try reader.facts(of: entries)
            // Asked for at every read, the first version is never dropped.
            let parsed = reader.parsed
            _ = try reader.facts(of: pinned)
            #expect(reader.parsed == parsed)
        }
    }

    /// Terraform's facts are parsed again each run instead of being stored on disk; other
    /// readers' facts are stored and served from there.
    @Test func terraformFactsAreNotKeptOnDisk() throws {
        let s = try Scratch()
        let (repository, trees) = try Self.history(s)
        let entries = trees[0]
        let first = FactCache(path: s.path("cache/cache.sqlite"), toolVersion: "1", environment: [:])
        let expected = try CommitReader(repository: repository, persistent: first).facts(of: entries)
        #expect(first.stats.writes == 1)
        let second = FactCache(path: s.path("cache/cache.sqlite"), toolVersion: "1", environment: [:])
        let reader = CommitReader(repository: repository, persistent: second)
        #expect(try reader.facts(of: entries) == expected)
        // The ConfigMap came from the cache; the Terraform file was parsed and not looked up.
        #expect(second.stats.hits == 1 && second.stats.misses == 0 && second.stats.writes == 0)
        #expect(reader.parsed == 1 && reader.reused == 1)
    }

    @Test func costsFollowWhatTheFactsHold() {
        var terraform = FileFacts(path: "main.tf")
        terraform.terraform = TerraformReader().read(path: "main.tf", bytes: Array(Self.terraform(1).utf8)).terraform
        #expect(terraform.terraform != nil)
        let yaml = FileFacts(path: "deploy.yaml")
        #expect(CommitReader.MemoryCache.cost(of: terraform, textBytes: 1_000) == 8_000)
        #expect(CommitReader.MemoryCache.cost(of: yaml, textBytes: 16_000) == 1_256)
        #expect(CommitReader.MemoryCache.cost(of: terraform, encodedBytes: 1_000) == 500)
        #expect(CommitReader.MemoryCache.cost(of: yaml, encodedBytes: 1_000) == 1_256)
        var template = FileFacts(path: "stack.yaml")
        template.cloudFormation = CloudFormationFact()
        #expect(CommitReader.MemoryCache.cost(of: template, textBytes: 1_000) == 8_000)
    }
}

/// Files of one content share their facts, but for readers whose facts depend on the file's
/// name: a Terraform override file is read as one, though a configuration file holds the
/// same text.
@Suite struct CommitReaderVariantTests {
    @Test func oneContentUnderTwoRolesIsReadTwice() throws {
        let s = try Scratch()
        try s.initRepository()
        let text = "resource \"aws_s3_bucket\" \"b\" {\n  bucket = \"b\"\n}\n"
        for path in ["main.tf", "override.tf", "copy/main.tf", "charts/web/values.yaml", "charts/web/values-prod.yaml"] {
            try s.write(path, path.hasSuffix(".yaml") ? "image: nginx:1.25\n" : text)
        }
        let commit = try s.commit("one content, several roles")
        let repository = try Repository(at: s.path("repo"))
        let reader = CommitReader(repository: repository)
        let facts = try reader.facts(of: ObjectID(hex: commit)!)
        let roles = Dictionary(uniqueKeysWithValues: facts.compactMap { file in file.terraform.map { (file.path, $0.role) } })
        #expect(roles == ["main.tf": .configuration, "override.tf": .override, "copy/main.tf": .configuration])
        let values = Dictionary(uniqueKeysWithValues: facts.compactMap { file in file.helmValues.map { (file.path, $0.settings) } })
        #expect(values["charts/web/values.yaml"] == [] && values["charts/web/values-prod.yaml"] == ["image"], "\(values)")
        // The copy of main.tf shares the first reading.
        #expect(reader.parsed == 4, "parsed \(reader.parsed)")
    }

    /// The persistent cache keeps them apart too: a warm run, served from disk, reads a chart's
    /// defaults and another values file of the same content as the cold one did, and one
    /// Compose file in two folders as two builds.
    @Test func theDiskCacheKeepsVariantsApart() throws {
        let s = try Scratch()
        try s.initRepository()
        for path in ["charts/web/values.yaml", "charts/web/values-prod.yaml"] { try s.write(path, "image: nginx:1.25\n") }
        for folder in ["prod", "staging"] { try s.write("\(folder)/compose.yaml", "services:\n  proxy:\n    build: ./proxy\n") }
        let commit = try ObjectID(hex: s.commit("one content, two places"))!
        let repository = try Repository(at: s.path("repo"))
        let cold = try CommitReader(repository: repository, persistent: FactCache(path: s.path("cache/cache.sqlite"), toolVersion: "1", environment: [:]))
            .facts(of: commit)
        let warmCache = FactCache(path: s.path("cache/cache.sqlite"), toolVersion: "1", environment: [:])
        let warm = try CommitReader(repository: repository, persistent: warmCache).facts(of: commit)
        #expect(warmCache.stats.hits == 4 && warmCache.stats.misses == 0, "\(warmCache.stats)")
        #expect(warm == cold)
        let builds = Dictionary(uniqueKeysWithValues: warm.compactMap { file in file.localImages.first.map { (file.path, $0.context) } })
        #expect(builds == ["prod/compose.yaml": "prod/proxy", "staging/compose.yaml": "staging/proxy"])
        let values = Dictionary(uniqueKeysWithValues: warm.compactMap { file in file.helmValues.map { (file.path, $0.settings) } })
        #expect(values["charts/web/values.yaml"] == [] && values["charts/web/values-prod.yaml"] == ["image"], "\(values)")
    }
}
