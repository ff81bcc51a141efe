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
    /// Its variables are substituted from `variables` (see ``substituting(_:variables:)``).
    static func image(in node: YAMLNode?, key: String, variables: [String: String] = [:]) -> ImageMention? {
        guard let node else { return nil }
        let value = node.string != nil ? node : node[key]
        guard let value, let reference = value.string, !reference.isEmpty else { return nil }
        return ImageMention(reference: substituting(reference, variables: variables), line: value.line)
    }

    /// The variables a GitLab CI file or job sets (`variables:`): string, number and boolean
    /// values, and the `{value: …}` form.
    static func variables(_ node: YAMLNode?) -> [String: String] {
        var variables: [String: String] = [:]
        for entry in node?.entries ?? [] {
            guard let key = entry.key.string, let value = entry.value.string ?? entry.value["value"]?.string else { continue }
            variables[key] = value
        }
        return variables
    }

    /// A text with the variables a GitLab CI file sets substituted, `$NAME` and `${NAME}`, a
    /// value naming other variables expanded in turn, as GitLab does. Others — GitLab's
    /// predefined ones (`$CI_REGISTRY`), project settings, those of included files — stay as
    /// written. (GitHub Actions gives a job's `container:` and `services:` no `env` context.)
    static func substituting(_ text: String, variables: [String: String]) -> String {
        guard !variables.isEmpty, text.utf8.contains(0x24) else { return text }
        var text = text
        // A value naming other variables is expanded too, a few levels deep.
        for _ in 0..<4 {
            let next = ComposeInterpolation.interpolate(text) { variables[$0] }.text
            if next == text { break }
            text = next
        }
        return text
    }
}
