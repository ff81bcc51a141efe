/// Reads Kustomize's kustomization files, which Kustomize finds by their name (`apiVersion`
/// and `kind` are optional in them). A reader of its own, ahead of the Kubernetes reader, so
/// the file's name is part of its facts' cache key: the same text under another name is a
/// manifest, or nothing.
public struct KustomizationReader: FileReader {
    public let name = "kustomization"
    public let version = 13

    public init() {}

    public func accepts(path: String) -> Bool {
        KustomizationReading.fileNames.contains(path.fileName)
    }

    public func read(path: String, bytes: [UInt8]) -> FileFacts {
        var facts = FileFacts(path: path)
        let loaded = YAMLLoader().load(bytes, path: path)
        facts.diagnostics = loaded.diagnostics
        if let document = loaded.documents.first { KustomizationReading.read(document.root, into: &facts) }
        return facts
    }
}
