import Foundation
import Testing
import TestSupport
@testable import Git

/// The tree walk `diff(detectRenames: false)` uses must report exactly what libgit2's
/// `git_diff_tree_to_tree` reports (typechanges included, no renames).
@Suite struct TreeWalkTests {
    /// Names that sort around each other in git's tree order (`a` as a folder sorts as `a/`,
    /// after `a-b` and `a.b`, before `a0`), nested up to three deep.
    static let names = ["a", "a-b", "a.b", "a0", "ab", "b", "é"]

    struct Entry {
        let mode: String
        let id: String
    }

    /// A random tree: up to `size` files, each a regular file, an executable, a symlink or a
    /// submodule with one of a few contents, and no path that is both a file and a folder.
    static func randomTree(size: Int, blobs: [String], using generator: inout some RandomNumberGenerator) -> [String: Entry] {
        var tree: [String: Entry] = [:]
        for _ in 0..<Int.random(in: 0...size, using: &generator) {
            let depth = Int.random(in: 1...3, using: &generator)
            let path = (0..<depth).map { _ in names.randomElement(using: &generator)! }.joined(separator: "/")
            let clashes = tree.keys.contains { $0.hasPrefix(path + "/") || path.hasPrefix($0 + "/") }
            guard !clashes else { continue }
            let mode = ["100644", "100644", "100755", "120000", "160000"].randomElement(using: &generator)!
            let id = mode == "160000" ? String(repeating: "ab", count: 20) : blobs.randomElement(using: &generator)!
            tree[path] = Entry(mode: mode, id: id)
        }
        return tree
    }

    @Test func agreesWithLibgit2OnGeneratedTrees() throws {
        let s = try Scratch()
        try s.initRepository()
        let blobs = try ["one\n", "two\n", "three\n"].map { try s.git("hash-object", "-w", "--stdin", input: $0) }
        var generator = SplitMix64(state: 20_261_127)
        var commits: [String] = []
        var previous: [String: Entry] = [:]
        for index in 0..<40 {
            // Half the trees are edits of the one before (a few entries changed), half are new.
            var tree = Self.randomTree(size: 14, blobs: blobs, using: &generator)
            if index % 2 == 1 {
                tree = previous
                for (path, entry) in Self.randomTree(size: 4, blobs: blobs, using: &generator).sorted(by: { $0.key < $1.key })
                where !tree.keys.contains(where: { $0.hasPrefix(path + "/") || path.hasPrefix($0 + "/") }) {
                    tree[path] = entry
                }
                for path in tree.keys.sorted().shuffled(using: &generator).prefix(2) { tree.removeValue(forKey: path) }
            }
            previous = tree
            let index = s.path("index-\(index)")
            let lines = tree.map { "\($1.mode) \($1.id)\t\($0)" }.joined(separator: "\n")
            if !tree.isEmpty {
                try s.run(["git", "update-index", "--add", "--index-info"], input: lines + "\n", environment: ["GIT_INDEX_FILE": index])
            }
            let treeID = try s.run(["git", "write-tree"], environment: ["GIT_INDEX_FILE": index])
            commits.append(try s.git("commit-tree", treeID, "-m", "tree \(commits.count)"))
        }
        let repository = try Repository(at: s.path("repo"))
        let ids = commits.map { ObjectID(hex: $0)! }
        var pairs: [(ObjectID?, ObjectID)] = ids.map { (nil, $0) }
        for index in ids.indices.dropFirst() { pairs.append((ids[index - 1], ids[index])) }
        for _ in 0..<60 { pairs.append((ids.randomElement(using: &generator), ids.randomElement(using: &generator)!)) }
        var compared = 0, changes = 0, kinds = Set<TreeChange.Status>()
        for (old, new) in pairs {
            let walked = try repository.diff(from: old, to: new, detectRenames: false)
            let expected = try repository.diffWithLibgit2(from: old, to: new, detectRenames: false)
            #expect(walked == expected, "\(old?.short ?? "empty")..\(new.short)")
            compared += 1
            changes += walked.count
            kinds.formUnion(walked.map(\.status))
        }
        #expect(compared == 139 && changes > 500)
        // Every kind a walk without rename detection can report came up.
        #expect(kinds == [.added, .deleted, .modified, .typeChanged])
    }

    /// With `FAULTLINE_DIFF_CORPUS` set to repositories (separated by `:`), every commit of each
    /// is compared with each of its parents (a root with the empty tree) both ways.
    @Test func agreesWithLibgit2OnACorpus() throws {
        guard let corpus = ProcessInfo.processInfo.environment["FAULTLINE_DIFF_CORPUS"] else { return }
        var compared = 0
        for path in corpus.split(separator: ":").map(String.init) {
            let repository = try Repository(at: path)
            let s = try Scratch()
            let listing = try s.run(["git", "-C", path, "rev-list", "--all", "--parents"], in: "")
            for line in listing.split(separator: "\n") {
                let ids = line.split(separator: " ").compactMap { ObjectID(hex: String($0)) }
                guard let commit = ids.first else { continue }
                let parents: [ObjectID?] = ids.count == 1 ? [nil] : Array(ids.dropFirst())
                for parent in parents {
                    guard (try? repository.contains(parent ?? commit)) == true else { continue }
                    let walked = try repository.diff(from: parent, to: commit, detectRenames: false)
                    let expected = try repository.diffWithLibgit2(from: parent, to: commit, detectRenames: false)
                    #expect(walked == expected, "\(path) \(parent?.short ?? "empty")..\(commit.short)")
                    compared += 1
                }
            }
        }
        print("tree walk compared with libgit2 on \(compared) commit pairs")
    }
}
