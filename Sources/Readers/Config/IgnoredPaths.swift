/// The files `.faultline.yaml`'s `ignore:` leaves out of the topology: patterns as in
/// `.dockerignore` (`testdata/`, `**/examples/**`, `docs/*.yaml`, `!` for an exception), each
/// matching a path or any folder above it. The repository's own configuration and policies
/// are never left out.
public struct IgnoredPaths: Sendable, Equatable {
    /// The patterns as written, in order.
    public let patterns: [String]
    private let compiled: DockerignorePatterns

    public init(_ patterns: [String]) {
        self.patterns = patterns
        compiled = DockerignorePatterns(patterns)
    }

    public static func == (lhs: IgnoredPaths, rhs: IgnoredPaths) -> Bool { lhs.patterns == rhs.patterns }

    /// Whether the file at `path` is left out.
    public func contains(_ path: String) -> Bool {
        guard !patterns.isEmpty, !RepoConfigReader.paths.contains(path), !path.hasPrefix(".faultline/") else { return false }
        return compiled.excludes(path)
    }
}
