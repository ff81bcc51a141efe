extension YAMLText {
    /// The top-level lines a CustomResourceDefinition is written with, each allowed once.
    private static let definitionLines: [[UInt8]] = [
        "apiVersion: apiextensions.k8s.io/v1", "apiVersion: apiextensions.k8s.io/v1beta1",
        "kind: CustomResourceDefinition", "metadata:", "spec:", "status:", "status: {}",
    ].map { Array($0.utf8) }

    /// Whether a chunk is one CustomResourceDefinition, told from its top-level lines alone:
    /// every line that starts at the first column (past blank and comment lines, and a bare
    /// `---` first) is one of `definitionLines`, each key at most once, with the `apiVersion`
    /// and `kind` among them. Such a document declares an API, never anything that runs, and is
    /// often the largest text of a repository (hundreds of kilobytes of OpenAPI schema, changed
    /// at every release of an operator), so the Kubernetes reader passes over it unparsed.
    ///
    /// Anything else at the first column — a flow collection, a directive, `...`, a second
    /// `kind:`, a key of another object, a line of a string that spans lines — answers false
    /// and the chunk is parsed as before. The first line with content must be one of the set,
    /// so the document's own mapping starts at the first column; a string spanning lines then
    /// cannot hide another object behind these lines, since that object's own `kind:` would
    /// be a first-column line outside the set. Line breaks YAML takes besides LF and CRLF (a
    /// lone CR, NEL, the Unicode line and paragraph separators) answer false too: lines are
    /// told apart here by LF alone.
    static func isCustomResourceDefinition(_ text: String) -> Bool {
        var text = text
        return text.withUTF8 { bytes in
            var seen = Set<Int>()
            var lineStart = 0
            var afterStart = false
            while lineStart < bytes.count {
                let lineEnd = ByteSearch.firstIndex(of: 0x0A, in: bytes, lineStart..<bytes.count) ?? bytes.count
                var end = lineEnd
                // Trailing blanks and a CR are no part of the line.
                while end > lineStart, bytes[end - 1] == 0x20 || bytes[end - 1] == 0x0D { end -= 1 }
                let line = bytes[lineStart..<end]
                defer { lineStart = lineEnd + 1 }
                guard let head = line.first, head != 0x23 else { continue }
                // Indented lines are the document's own, once its mapping has started at the
                // first column.
                if head == 0x20 {
                    guard !seen.isEmpty else { return false }
                    continue
                }
                // A bare `---` only before everything else.
                if seen.isEmpty, !afterStart, line.elementsEqual([0x2D, 0x2D, 0x2D]) {
                    afterStart = true
                    continue
                }
                guard let index = definitionLines.firstIndex(where: { line.elementsEqual($0) }) else { return false }
                // The two forms of `apiVersion` and of `status` are one key each.
                let key = index == 1 ? 0 : index == 6 ? 5 : index
                guard seen.insert(key).inserted else { return false }
            }
            // Checked last: most documents are told apart at their first line, and this looks
            // at every byte.
            return seen.contains(0) && seen.contains(2) && !hasOtherLineBreaks(bytes)
        }
    }

    /// Whether the text breaks lines other than with LF or CRLF: a CR alone, NEL (`C2 85`),
    /// LINE SEPARATOR or PARAGRAPH SEPARATOR (`E2 80 A8`, `E2 80 A9`), which YAML's parser
    /// takes as breaks.
    private static func hasOtherLineBreaks(_ bytes: UnsafeBufferPointer<UInt8>) -> Bool {
        for index in bytes.indices {
            switch bytes[index] {
            case 0x0D where index + 1 == bytes.count || bytes[index + 1] != 0x0A: return true
            case 0xC2 where index + 1 < bytes.count && bytes[index + 1] == 0x85: return true
            case 0xE2 where index + 2 < bytes.count && bytes[index + 1] == 0x80 && (bytes[index + 2] == 0xA8 || bytes[index + 2] == 0xA9): return true
            default: continue
            }
        }
        return false
    }
}
