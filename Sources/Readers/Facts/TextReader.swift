/// Reads the text of a file another file of the commit reads: a Terraform module with `file()`
/// or `templatefile()` (see `TerraformFiles`), Compose as an env file (see `ComposeFiles`). It
/// is offered no path on its own: the commit reader hands it the paths those files name.
public struct TextReader: FileReader {
    public let name = "read-text"
    public let version = 1

    public init() {}

    /// Reading the blob again is as cheap as decoding a stored copy of its text.
    public var persistsFacts: Bool { false }

    public func accepts(path: String) -> Bool { false }

    public func read(path: String, bytes: [UInt8]) -> FileFacts {
        var facts = FileFacts(path: path)
        facts.readText = String(decoding: bytes, as: UTF8.self)
        return facts
    }
}
