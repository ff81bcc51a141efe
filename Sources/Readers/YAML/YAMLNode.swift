/// One node of a YAML document, independent of the parser that produced it.
///
/// Scalars stay text: `yes`, `no`, `on` and `off` are strings, as YAML 1.2 and Kubernetes read
/// them, and only the typed accessors interpret a scalar. Every node carries the 1-based line
/// and column where it starts, so readers can point a finding at the exact place.
public struct YAMLNode: Hashable, Sendable, Codable {
    /// What a node holds.
    public enum Content: Hashable, Sendable, Codable {
        case scalar(YAMLScalar)
        case sequence([YAMLNode])
        /// Entries in document order; keys keep their own location.
        case mapping([YAMLEntry])
    }

    public var content: Content
    /// 1-based line where the node starts. A node reached through an alias reports the
    /// location of the anchored node it copies.
    public var line: Int
    /// 1-based column, counted in Unicode scalars.
    public var column: Int
    /// The local tag written on a sequence or mapping (`!reset []`), kept only when the loader
    /// is asked to (``YAMLLoader/keepsCollectionTags``); a scalar keeps its own in its scalar.
    public var tag: String?

    public init(_ content: Content, line: Int, column: Int = 1) {
        self.content = content
        self.line = line
        self.column = column
    }

    /// A plain scalar node, mostly for tests and synthesised values.
    public static func scalar(_ text: String, line: Int, column: Int = 1) -> YAMLNode {
        YAMLNode(.scalar(YAMLScalar(text)), line: line, column: column)
    }

    /// The node with every mapping entry whose key starts with `prefix` left out, at any depth.
    func removingEntries(withKeyPrefix prefix: String) -> YAMLNode {
        var node = self
        switch content {
        case .scalar: return self
        case .sequence(let items): node.content = .sequence(items.map { $0.removingEntries(withKeyPrefix: prefix) })
        case .mapping(let entries):
            node.content = .mapping(entries.compactMap { entry in
                if entry.key.string?.hasPrefix(prefix) == true { return nil }
                return YAMLEntry(key: entry.key, value: entry.value.removingEntries(withKeyPrefix: prefix))
            })
        }
        return node
    }

    /// The scalar, or nil for a sequence or mapping.
    public var scalar: YAMLScalar? {
        if case .scalar(let scalar) = content { return scalar }
        return nil
    }

    /// The scalar's text; nil for collections and for null (`null`, `~`, empty plain scalar).
    public var string: String? {
        guard let scalar, !scalar.isNull else { return nil }
        return scalar.text
    }

    /// A decimal integer scalar (`42`, `-3`, `+7`); quoted or `!!str`-tagged numbers are
    /// strings, not integers.
    public var int: Int? {
        guard let scalar, scalar.isUntypedPlain else { return nil }
        return Int(scalar.text)
    }

    /// `true` or `false` written as plain, untagged scalars; `yes`, `on`, `"true"` are not
    /// booleans.
    public var bool: Bool? {
        guard let scalar, scalar.isUntypedPlain else { return nil }
        switch scalar.text {
        case "true": return true
        case "false": return false
        default: return nil
        }
    }

    /// The local tag written on the node, a scalar or (when the loader keeps them) a collection.
    public var writtenTag: String? { scalar?.tag ?? tag }

    /// Whether the node is a null scalar.
    public var isNull: Bool { scalar?.isNull ?? false }

    /// The items of a sequence, or nil for other nodes.
    public var items: [YAMLNode]? {
        if case .sequence(let items) = content { return items }
        return nil
    }

    /// The entries of a mapping in document order, or nil for other nodes.
    public var entries: [YAMLEntry]? {
        if case .mapping(let entries) = content { return entries }
        return nil
    }

    /// The value under a scalar key of a mapping; the last one wins if a key repeats.
    public subscript(key: String) -> YAMLNode? {
        entry(key)?.value
    }

    /// The entry under a scalar key, with the key's own location.
    public func entry(_ key: String) -> YAMLEntry? {
        entries?.last { $0.key.scalar?.text == key }
    }

    /// The item at `index` of a sequence, or nil when out of range or not a sequence.
    public subscript(index: Int) -> YAMLNode? {
        guard let items, items.indices.contains(index) else { return nil }
        return items[index]
    }
}
