import Testing
@testable import Readers
import TestSupport

/// The path helpers the linker calls for every `COPY`, cluster path and owner folder.
@Suite struct LinkerPathTests {
    /// Folders as the first version normalised them, by splitting the characters.
    static func normalizedBySplitting(_ path: String) -> String {
        if path == "." { return "" }
        var parts = path.split(separator: "/").filter { $0 != "." }
        if let last = parts.last, last.utf8.contains(0x2A) { parts.removeLast() }
        return parts.joined(separator: "/")
    }

    @Test func normalizesWrittenFolders() {
        #expect(TopologyBuilder.normalizeFolder("./ui/") == "ui")
        #expect(TopologyBuilder.normalizeFolder(".") == "")
        #expect(TopologyBuilder.normalizeFolder("src/frontend") == "src/frontend")
        #expect(TopologyBuilder.normalizeFolder("/etc//nginx/./conf.d/*.conf") == "etc/nginx/conf.d")
        #expect(TopologyBuilder.normalizeFolder("./") == "")
    }

    /// The byte version must give what splitting gives on every path: generated from the
    /// pieces that matter (slashes, `.`, `..`, globs, non-ASCII and a combining mark after a
    /// slash, which is one character with it).
    @Test func byteVersionAgreesWithSplitting() {
        let pieces = ["/", "/", ".", "..", "a", "src", "*", "*.conf", "é", "\u{301}", "x.y", "//", "./"]
        var generator = SplitMix64(state: 20_261_127)
        var checked = 0, differing: [String] = []
        for _ in 0..<20_000 {
            let count = Int.random(in: 0...7, using: &generator)
            let path = (0..<count).map { _ in pieces.randomElement(using: &generator)! }.joined()
            checked += 1
            if TopologyBuilder.normalizeFolder(path) != Self.normalizedBySplitting(path) { differing.append(path) }
        }
        #expect(checked == 20_000)
        #expect(differing.count == 0, "first ones: \(differing.prefix(5))")
    }
}
