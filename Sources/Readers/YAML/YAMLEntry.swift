/// One key/value pair of a YAML mapping; the key is a full node so its line is known.
public struct YAMLEntry: Hashable, Sendable, Codable {
    public var key: YAMLNode
    public var value: YAMLNode

    public init(key: YAMLNode, value: YAMLNode) {
        self.key = key
        self.value = value
    }
}
