import Model
import Testing
@testable import Readers

/// A linker gives back the components of its last link whose drafts are unchanged (and its ids
/// and domains when they stand): an audit's consecutive links then share what did not change.
/// Whatever it reuses, each link equals a fresh linker's.
@Suite struct LinkerReuseTests {
    static func config(zones: [String] = ["us-east-1a", "us-east-1b", "us-east-1c"]) -> String {
        """
        version: 1
        clusters:
          - {name: prod, provider: aws, region: us-east-1, zones: [\(zones.joined(separator: ", "))]}
        """
    }

    static func app(_ name: String, tag: String = "1.0", assets: String = "/static/") -> String {
        """
        apiVersion: apps/v1
        kind: Deployment
        metadata: {name: \(name), namespace: web}
        spec:
          template:
            metadata:
              labels: {app: \(name)}
            spec:
              containers:
                - name: \(name)
                  image: 123456789012.dkr.ecr.us-east-1.amazonaws.com/web/\(name):\(tag)
                  env:
                    - {name: ASSETS, value: "\(assets)"}
        ---
        apiVersion: v1
        kind: Service
        metadata: {name: \(name), namespace: web}
        spec:
          selector: {app: \(name)}
        """
    }

    static func facts(_ files: [(String, String)]) -> [FileFacts] {
        files.compactMap { path, text in ReaderRegistry.reader(for: path)?.read(path: path, bytes: Array(text.utf8)) }
    }

    /// States an audit could pass through: a tag bump, a new app, a new dependency, the
    /// cluster losing a zone (every workload's sites change, its id does not), an app removed,
    /// and back to the start.
    static let states: [[(String, String)]] = [
        [(".faultline.yaml", config()), ("k8s/a.yaml", app("a")), ("k8s/b.yaml", app("b"))],
        [(".faultline.yaml", config()), ("k8s/a.yaml", app("a", tag: "1.1")), ("k8s/b.yaml", app("b"))],
        [(".faultline.yaml", config()), ("k8s/a.yaml", app("a", tag: "1.1")), ("k8s/b.yaml", app("b")), ("k8s/c.yaml", app("c"))],
        [
            (".faultline.yaml", config()), ("k8s/a.yaml", app("a", tag: "1.1")), ("k8s/b.yaml", app("b", assets: "https://b-assets.s3.amazonaws.com/")),
            ("k8s/c.yaml", app("c")),
        ],
        [
            (".faultline.yaml", config(zones: ["us-east-1a", "us-east-1b"])), ("k8s/a.yaml", app("a", tag: "1.1")),
            ("k8s/b.yaml", app("b", assets: "https://b-assets.s3.amazonaws.com/")), ("k8s/c.yaml", app("c")),
        ],
        [(".faultline.yaml", config(zones: ["us-east-1a", "us-east-1b"])), ("k8s/a.yaml", app("a", tag: "1.1")), ("k8s/c.yaml", app("c"))],
        [(".faultline.yaml", config()), ("k8s/a.yaml", app("a")), ("k8s/b.yaml", app("b"))],
    ]

    @Test func eachLinkEqualsAFreshLinkersWhateverItReuses() {
        let linker = Linker()
        for (index, files) in Self.states.enumerated() {
            let facts = Self.facts(files)
            let reused = linker.link(facts, commit: nil).topology, fresh = Linker().link(facts, commit: nil).topology
            #expect(reused == fresh, "state \(index)")
            #expect(reused.domains == fresh.domains && reused.ids == fresh.ids, "state \(index)")
        }
    }

    /// A component no change touched is the last link's own: its parts share storage, so
    /// comparing and freeing them is cheap. One whose draft changed is built anew.
    @Test func anUnchangedComponentIsTheLastLinksOwn() throws {
        let linker = Linker()
        let first = linker.link(Self.facts(Self.states[0]), commit: nil).topology
        let second = linker.link(Self.facts(Self.states[1]), commit: nil).topology
        let untouched = try #require(first["k8s:Deployment/web/b"]), again = try #require(second["k8s:Deployment/web/b"])
        #expect(untouched == again)
        #expect(Self.storage(of: untouched.requirements) == Self.storage(of: again.requirements))
        #expect(Self.storage(of: first.ids) == Self.storage(of: second.ids))
        // The tag bump changed a's requirement (its note names the tag): built anew.
        let bumped = try #require(first["k8s:Deployment/web/a"]), rebuilt = try #require(second["k8s:Deployment/web/a"])
        #expect(bumped != rebuilt)
        #expect(Self.storage(of: bumped.requirements) != Self.storage(of: rebuilt.requirements))
    }

    /// With a commit id, provenance differs between commits: nothing is kept for the next link.
    @Test func aLinkWithACommitIDReusesNothing() throws {
        let linker = Linker()
        let first = linker.link(Self.facts(Self.states[0]), commit: "c0ffee").topology
        let second = linker.link(Self.facts(Self.states[0]), commit: "c0ffee").topology
        let a = try #require(first["k8s:Deployment/web/b"]), b = try #require(second["k8s:Deployment/web/b"])
        #expect(a == b)
        #expect(Self.storage(of: a.requirements) != Self.storage(of: b.requirements))
    }

    static func storage<T>(of array: [T]) -> UnsafeRawPointer? {
        array.withUnsafeBufferPointer { $0.baseAddress.map(UnsafeRawPointer.init) }
    }
}
