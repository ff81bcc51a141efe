/// The policy pack and catalog shipped inside the binary, read from `Policies/` at build time.
///
/// An installed `faultline` needs no data files beside it: the build embeds every file under
/// `Policies/` (see the `EmbedPolicies` plugin), keyed by its path relative to that folder,
/// e.g. `catalog/aws.yaml`.
public enum BuiltinPolicies {
    /// One embedded file: its path relative to `Policies/` and its text.
    public struct File: Hashable, Sendable {
        /// Path relative to `Policies/`, `/`-separated, e.g. `catalog/saas.yaml`.
        public let path: String
        public let contents: String

        public init(path: String, contents: String) {
            self.path = path
            self.contents = contents
        }
    }

    /// Every embedded file, sorted by path.
    public static var all: [File] { generatedFiles }

    /// Every embedded file's contents keyed by its path relative to `Policies/`.
    public static var files: [String: String] {
        Dictionary(uniqueKeysWithValues: generatedFiles.map { ($0.path, $0.contents) })
    }

    /// The embedded files whose path starts with `prefix`, e.g. `catalog/`, sorted by path.
    public static func files(under prefix: String) -> [File] {
        generatedFiles.filter { $0.path.hasPrefix(prefix) }
    }
}
