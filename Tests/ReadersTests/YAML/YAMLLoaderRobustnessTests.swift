import Model
import Testing

@testable import Readers
import TestSupport

@Suite struct YAMLLoaderRobustnessTests {
    /// Bytes that matter to YAML's grammar, plus a tab, a NUL and an invalid UTF-8 byte.
    static let significant: [UInt8] = Array(":-?[]{},&*!|>'\"%@`#\n\t \u{0}".utf8) + [0xFF, 0xC3]

    /// Mutated manifests never crash or throw; every diagnostic is located inside the file.
    @Test(arguments: [1, 2, 3, 4])
    func mutatedInputIsDiagnosedNotCrashed(seed: UInt64) throws {
        let original = try FixtureFiles.bytes("yaml/weave-ui.yaml")
        var generator = SplitMix64(state: seed)
        for round in 0..<150 {
            var bytes = original
            for _ in 0..<Int.random(in: 1...4, using: &generator) {
                let position = Int.random(in: 0..<bytes.count, using: &generator)
                let byte = Self.significant.randomElement(using: &generator) ?? 0x20
                switch Int.random(in: 0..<3, using: &generator) {
                case 0: bytes.insert(byte, at: position)
                case 1: bytes[position] = byte
                default: bytes.remove(at: position)
                }
            }
            let lines = bytes.reduce(1) { $1 == 0x0A ? $0 + 1 : $0 }
            let result = YAMLLoader().load(bytes, path: "k8s/mutated.yaml")
            for diagnostic in result.diagnostics {
                let line = try #require(diagnostic.line, "seed \(seed) round \(round): \(diagnostic)")
                #expect((1...lines).contains(line), "seed \(seed) round \(round): \(diagnostic)")
                #expect(diagnostic.path == "k8s/mutated.yaml")
            }
            for document in result.documents {
                #expect((1...lines).contains(document.root.line), "seed \(seed) round \(round)")
            }
        }
    }

    @Test(arguments: [(500, false), (100_000, true)])
    func deepNestingIsBounded(depth: Int, refused: Bool) {
        let text = "a: " + String(repeating: "[", count: depth) + String(repeating: "]", count: depth) + "\n"
        let result = YAMLLoader().load(text: text, path: "deep.yaml")
        #expect(result.documents.isEmpty == refused)
        #expect(
            result.diagnostics.first?.summary.hasPrefix("collections nest more than 1000 levels")
                == (refused ? true : nil))
        #expect(result.diagnostics.first?.line == (refused ? 1 : nil))
    }

    @Test func manyDocumentsKeepTheirLines() {
        let text = (0..<2_000).map { "---\nkind: K\(String($0))\n" }.joined()
        let result = YAMLLoader().load(text: text, path: "many.yaml")
        #expect(result.documents.count == 2_000)
        #expect(result.documents.last?.root["kind"]?.line == 4_000)
        #expect(result.documents.last?.root["kind"]?.string == "K1999")
    }
}
