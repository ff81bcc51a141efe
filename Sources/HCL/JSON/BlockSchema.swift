/// Which keys of a JSON object are blocks, and how many labels each has.
///
/// The JSON syntax cannot tell `"tags": {…}` (an attribute) from `"versioning": {…}` (a block)
/// on its own; the caller, who knows the configuration language, says. Keys not named here are
/// attributes. Terraform's top level is
/// `["resource": 2, "data": 2, "module": 1, "provider": 1, "variable": 1, "output": 1, "locals": 0, "terraform": 0]`.
public struct BlockSchema: Hashable, Sendable {
    /// One kind of block: its label count and, optionally, the schema of its body.
    public struct BlockType: Hashable, Sendable {
        public var labels: Int
        public var body: BlockSchema?

        public init(labels: Int, body: BlockSchema? = nil) {
            self.labels = labels
            self.body = body
        }
    }

    public var blockTypes: [String: BlockType]

    public init(blockTypes: [String: BlockType]) {
        self.blockTypes = blockTypes
    }

    /// A schema from block type names to label counts, with no nested block types.
    public init(labels: [String: Int]) {
        self.blockTypes = labels.mapValues { BlockType(labels: $0) }
    }
}
