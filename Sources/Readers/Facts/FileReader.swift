/// Reads one kind of file into facts. Readers are pure: the same path and bytes always give
/// the same facts, which is what lets Faultline cache facts by blob id and read in parallel.
///
/// Problems in the file are diagnostics inside the facts; a reader never throws.
public protocol FileReader: Sendable {
    /// A stable name, part of the fact cache's key.
    var name: String { get }
    /// Bumped whenever the reader's output for the same input may change, invalidating caches.
    var version: Int { get }
    /// Whether this reader handles the file at `path` (repository-relative).
    func accepts(path: String) -> Bool
    /// Extracts the facts of one file.
    func read(path: String, bytes: [UInt8]) -> FileFacts
    /// Whether the persistent fact cache keeps this reader's facts (true unless a reader says
    /// otherwise): not worth it where decoding them costs more than reading the file again.
    var persistsFacts: Bool { get }
    /// Whether the reader takes this file by its extension only to look inside for its format
    /// (any JSON file may be a CloudFormation template): one it cannot read — too large,
    /// binary, an LFS pointer — is then no problem of the commit, just not its format.
    func isSpeculative(path: String) -> Bool
    /// What of a file's path, besides where its facts are located, its facts depend on (a
    /// Terraform file's role: `override.tf`, `terraform.tfvars`): facts are shared between
    /// files of one content, so those of one variant must not stand for another's. By default,
    /// whether the file is in a chart's `templates/` folder, where YAML is read otherwise
    /// (`YAMLText.helmTemplateLine`); else only the locations depend on the path.
    func cacheVariant(path: String) -> String
}

extension FileReader {
    public var persistsFacts: Bool { true }
    public func isSpeculative(path: String) -> Bool { false }
    public func cacheVariant(path: String) -> String { YAMLLoader.isInTemplatesFolder(path) ? "templates" : "" }
}
