/// A blob as Faultline reads it: its bytes when it is text within the size limit, otherwise
/// what it is instead, so the caller can report it rather than silently skip it.
public struct Blob: Sendable, Hashable {
    /// What a blob turned out to hold.
    public enum Content: Sendable, Hashable {
        /// Text (by git's own test: no NUL and mostly printable in the first 8,000 bytes), as
        /// UTF-8 without a byte order mark: UTF-16 or UTF-32 text with one, which git calls
        /// binary, is transcoded (see ``ByteOrderMark``), its lines where they were.
        case text([UInt8])
        /// Binary content, not loaded beyond libgit2's check; also UTF-16 or UTF-32 with a byte
        /// order mark that is not valid (a code unit cut short, an unpaired surrogate).
        case binary
        /// Larger than the limit it was read with; not loaded.
        case tooLarge(limit: Int)
        /// A Git LFS pointer: the real content lives in an LFS store Faultline never fetches.
        case lfsPointer(LFSPointer)
    }

    public let id: ObjectID
    public let size: Int
    public let content: Content

    public init(id: ObjectID, size: Int, content: Content) {
        self.id = id
        self.size = size
        self.content = content
    }

    /// The bytes when the blob is text, else nil.
    public var text: [UInt8]? {
        if case .text(let bytes) = content { return bytes }
        return nil
    }
}

/// The fields of a Git LFS pointer file (spec v1).
public struct LFSPointer: Sendable, Hashable {
    /// The object id with its hash name, e.g. `sha256:4d7a…`.
    public let oid: String
    /// The real file's size in bytes.
    public let size: Int

    static let versionLine = Array("version https://git-lfs.github.com/spec/v1\n".utf8)
    // The LFS spec caps pointer files at 1,024 bytes; anything larger is an ordinary file.
    static let maximumSize = 1024

    /// Parses a pointer file; nil when the bytes are not one.
    public init?(_ bytes: [UInt8]) {
        guard bytes.count <= LFSPointer.maximumSize, bytes.starts(with: LFSPointer.versionLine) else { return nil }
        var oid: String?
        var size: Int?
        for line in bytes.split(separator: UInt8(ascii: "\n")) {
            let text = String(decoding: line, as: UTF8.self)
            if text.hasPrefix("oid ") { oid = String(text.dropFirst(4)) }
            if text.hasPrefix("size ") { size = Int(text.dropFirst(5)) }
        }
        guard let oid, let size else { return nil }
        self.oid = oid
        self.size = size
    }
}
