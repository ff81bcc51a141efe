/// A root variable an expression reads, with the attribute names that follow it statically:
/// `aws_s3_bucket.assets.arn` is `["aws_s3_bucket", "assets", "arn"]`. The path stops at the
/// first index or splat (`aws_instance.web[0].id` gives `["aws_instance", "web"]`), which is
/// enough to name what is referenced.
public struct Reference: Hashable, Sendable, CustomStringConvertible {
    public var path: [String]
    /// The source of the referenced path.
    public var range: SourceRange

    public init(path: [String], range: SourceRange) {
        self.path = path
        self.range = range
    }

    /// The dotted path, e.g. `var.region`.
    public var description: String { path.joined(separator: ".") }
}
