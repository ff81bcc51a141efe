import CLibgit2

extension Repository {
    /// Reads a blob, refusing to load one larger than `limit` bytes.
    ///
    /// The size is checked from the object header first, so an oversized blob costs nothing.
    /// Content is raw — no end-of-line conversion or filters, and LFS files stay pointers —
    /// but for its encoding: text is handed over as UTF-8 without a byte order mark (see
    /// ``ByteOrderMark``).
    public func blob(_ id: ObjectID, limit: Int = Repository.defaultBlobLimit) throws(GitError) -> Blob {
        var oid = id.oid
        var size = 0
        var type = GIT_OBJECT_INVALID
        let header = git_odb_read_header(&size, &type, try odb(), &oid)
        guard header == 0 else {
            if header == GIT_ENOTFOUND.rawValue { throw .missingObject(id, shallow: isShallow) }
            throw .last("reading the header of blob \(id.short)", header)
        }
        if size > limit { return Blob(id: id, size: size, content: .tooLarge(limit: limit)) }
        return try withObject(id, GIT_OBJECT_BLOB) { handle in
            let length = Int(git_blob_rawsize(handle))
            let raw = UnsafeRawBufferPointer(start: git_blob_rawcontent(handle), count: length)
            let mark = ByteOrderMark(opening: raw.prefix(4))
            // git's test calls UTF-16 and UTF-32 binary for their mark alone; such a file is
            // tested again once it is UTF-8.
            let isBinary = git_blob_is_binary(handle) == 1
            if isBinary, mark == nil || mark == .utf8 { return Blob(id: id, size: size, content: .binary) }
            var bytes = [UInt8](raw)
            if let mark {
                guard let text = mark.utf8(transcoding: bytes), !isBinary || Self.looksLikeText(text) else {
                    return Blob(id: id, size: size, content: .binary)
                }
                bytes = text
            }
            if let pointer = LFSPointer(bytes) { return Blob(id: id, size: size, content: .lfsPointer(pointer)) }
            return Blob(id: id, size: size, content: .text(bytes))
        }
    }

    /// git's test for text (libgit2's `git_str_is_binary`, over the same first 8,000 bytes):
    /// no NUL, and at most one control character for every 128 printable ones. Used on text
    /// transcoded to UTF-8, which git itself never tests.
    static func looksLikeText(_ bytes: [UInt8]) -> Bool {
        var printable = 0, nonprintable = 0
        for byte in bytes.prefix(8_000) {
            switch byte {
            case 0x00: return false
            // Backspace, form feed and escape count as printable, as in git.
            case 0x08, 0x0C, 0x1B, 0x20..<0x7F, 0x80...: printable += 1
            case 0x09, 0x0A, 0x0B, 0x0D: continue
            default: nonprintable += 1
            }
        }
        return printable >> 7 >= nonprintable
    }
}
