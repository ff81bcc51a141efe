import CLibgit2

extension Repository {
    /// Reads a blob, refusing to load one larger than `limit` bytes.
    ///
    /// The size is checked from the object header first, so an oversized blob costs nothing.
    /// Content is raw: no end-of-line conversion or filters, and LFS files stay pointers.
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
            if git_blob_is_binary(handle) == 1 { return Blob(id: id, size: size, content: .binary) }
            let length = Int(git_blob_rawsize(handle))
            var bytes = [UInt8](repeating: 0, count: length)
            if length > 0, let raw = git_blob_rawcontent(handle) {
                bytes.withUnsafeMutableBytes { $0.copyMemory(from: UnsafeRawBufferPointer(start: raw, count: length)) }
            }
            if let pointer = LFSPointer(bytes) { return Blob(id: id, size: size, content: .lfsPointer(pointer)) }
            return Blob(id: id, size: size, content: .text(bytes))
        }
    }
}
