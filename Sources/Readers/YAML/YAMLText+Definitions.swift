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
    /// and the chunk is parsed as before. A string spanning lines cannot hide another object
    /// behind these lines: that object's own top-level `kind:` would be a first-column line
    /// outside the set.
    static func isCustomResourceDefinition(_ text: String) -> Bool {
        var text = text
        return text.withUTF8 { bytes in
            var seen = Set<Int>()
            var lineStart = 0
            var first = true
            while lineStart < bytes.count {
                let lineEnd = ByteSearch.firstIndex(of: 0x0A, in: bytes, lineStart..<bytes.count) ?? bytes.count
                var end = lineEnd
                // Trailing blanks and a CR are no part of the line.
                while end > lineStart, bytes[end - 1] == 0x20 || bytes[end - 1] == 0x0D { end -= 1 }
                let line = bytes[lineStart..<end]
                defer { lineStart = lineEnd + 1 }
                guard let head = line.first, head != 0x20, head != 0x23 else { continue }
                defer { first = false }
                if first, line.elementsEqual([0x2D, 0x2D, 0x2D]) { continue }
                guard let index = definitionLines.firstIndex(where: { line.elementsEqual($0) }) else { return false }
                // The two forms of `apiVersion` and of `status` are one key each.
                let key = index == 1 ? 0 : index == 6 ? 5 : index
                guard seen.insert(key).inserted else { return false }
            }
            return seen.contains(0) && seen.contains(2)
        }
    }
}
