extension Body {
    /// One line per attribute (`name = <expression dump>`) and per block
    /// (`type "label" {` … `}`), attributes first, indented two spaces per level.
    public var dump: String {
        var lines: [String] = []
        append(to: &lines, indent: "")
        return lines.joined(separator: "\n")
    }

    private func append(to lines: inout [String], indent: String) {
        for attribute in attributes {
            lines.append("\(indent)\(attribute.name) = \(attribute.expression.dump)")
        }
        for block in blocks {
            let labels = block.labels.map { " " + Value.quote($0) }.joined()
            lines.append("\(indent)\(block.type)\(labels) {")
            block.body.append(to: &lines, indent: indent + "  ")
            lines.append("\(indent)}")
        }
    }
}
