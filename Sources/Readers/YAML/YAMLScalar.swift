/// The text of a YAML scalar and how it was written.
///
/// The style matters: `"true"` is a string while a plain `true` is a boolean, and a quoted
/// `"null"` is not null.
public struct YAMLScalar: Hashable, Sendable, Codable {
    /// How a scalar was written in the source.
    public enum Style: String, Hashable, Sendable, Codable {
        case plain, singleQuoted, doubleQuoted, literal, folded
    }

    public var text: String
    public var style: Style
    /// An explicit tag such as `!!str` or `!Ref`, when one was written.
    public var tag: String?

    public init(_ text: String, style: Style = .plain, tag: String? = nil) {
        self.text = text
        self.style = style
        self.tag = tag
    }

    /// Written plain with no explicit tag, so its type comes from how it reads.
    var isUntypedPlain: Bool { style == .plain && tag == nil }

    /// `null`, `Null`, `NULL`, `~` or nothing at all, written plain and untagged.
    public var isNull: Bool {
        guard style == .plain, tag == nil || tag == "tag:yaml.org,2002:null" else { return false }
        switch text {
        case "", "~", "null", "Null", "NULL": return true
        default: return false
        }
    }
}
