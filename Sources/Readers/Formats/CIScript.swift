/// Where the shell scripts of CI configuration files are and which line they start on.
enum CIScript {
    /// The file line of a script's first line: a block scalar (`run: |`) starts on the line
    /// after its indicator.
    static func firstLine(of node: YAMLNode) -> Int {
        switch node.scalar?.style {
        case .literal, .folded: node.line + 1
        default: node.line
        }
    }

    /// The script strings of a node written as one string or a list of them, lists nested
    /// as GitLab allows; anything else is left out.
    static func scripts(in node: YAMLNode?) -> [YAMLNode] {
        guard let node else { return [] }
        if node.string != nil { return [node] }
        return node.items?.flatMap { scripts(in: $0) } ?? []
    }

    /// An image named as a string or as a mapping's `key` (`image: {name: …}`).
    static func image(in node: YAMLNode?, key: String) -> ImageMention? {
        guard let node else { return nil }
        let value = node.string != nil ? node : node[key]
        guard let value, let reference = value.string, !reference.isEmpty else { return nil }
        return ImageMention(reference: reference, line: value.line)
    }
}
