/// One document of a YAML stream (the text between `---` markers) that parsed.
public struct YAMLDocument: Hashable, Sendable {
    /// 0-based position of the document in its file, counting documents that failed too,
    /// so `index` stays stable when a neighbouring document is broken.
    public var index: Int
    /// 1-based line where the document's text starts (its `---` marker, if it has one).
    public var startLine: Int
    public var root: YAMLNode

    public init(index: Int, startLine: Int, root: YAMLNode) {
        self.index = index
        self.startLine = startLine
        self.root = root
    }
}
