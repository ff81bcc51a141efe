import CLibgit2

/// A file to write into a commit's tree.
public struct NewFile: Sendable {
    public let path: String
    public let bytes: [UInt8]

    public init(path: String, text: String) {
        self.path = path
        self.bytes = Array(text.utf8)
    }
}

extension Repository {
    /// Creates an empty repository (with a work tree) whose first branch is `branch`.
    public static func create(at path: String, branch: String = "main") throws(GitError) -> Repository {
        Libgit2.ensureInitialised()
        var handle: OpaquePointer?
        let code = git_repository_init(&handle, path, 0)
        guard code == 0, let handle else { throw .last("init of \(path)", code) }
        let headCode = git_repository_set_head(handle, "refs/heads/\(branch)")
        git_repository_free(handle)
        guard headCode == 0 else { throw .last("setting HEAD of \(path)", headCode) }
        return try Repository(at: path)
    }

    /// Commits a tree holding exactly `files` on top of HEAD (or as the first commit), moves
    /// HEAD's branch to it and returns its id.
    @discardableResult
    public func commit(files: [NewFile], message: String, author: Signature) throws(GitError) -> ObjectID {
        var root = TreeNode()
        for file in files { root.insert(file.path.split(separator: "/").map(String.init), file.bytes) }
        let tree = try write(root)
        var signature: UnsafeMutablePointer<git_signature>?
        var code = git_signature_new(&signature, author.name, author.email, author.time, Int32(author.offsetMinutes))
        guard code == 0, let signature else { throw .last("signature", code) }
        defer { git_signature_free(signature) }
        let parent = try resolveCommitIfPresent("HEAD")
        var treeOID = tree.oid
        var treeHandle: OpaquePointer?
        code = git_tree_lookup(&treeHandle, pointer, &treeOID)
        guard code == 0, let treeHandle else { throw .last("tree lookup", code) }
        defer { git_tree_free(treeHandle) }
        var parentHandle: OpaquePointer?
        if let parent {
            var oid = parent.oid
            code = git_commit_lookup(&parentHandle, pointer, &oid)
            guard code == 0 else { throw .last("parent lookup", code) }
        }
        defer { if let parentHandle { git_commit_free(parentHandle) } }
        var result = git_oid()
        var parents: [OpaquePointer?] = parentHandle.map { [$0] } ?? []
        code = parents.withUnsafeMutableBufferPointer { buffer in
            git_commit_create(&result, pointer, "HEAD", signature, signature, "UTF-8", message, treeHandle, buffer.count, buffer.baseAddress)
        }
        guard code == 0 else { throw .last("commit", code) }
        return ObjectID(result)
    }

    /// Makes the work tree and index match HEAD, overwriting what is there.
    public func checkoutHead() throws(GitError) {
        var options = git_checkout_options()
        git_checkout_options_init(&options, UInt32(GIT_CHECKOUT_OPTIONS_VERSION))
        options.checkout_strategy = GIT_CHECKOUT_FORCE.rawValue
        let code = git_checkout_head(pointer, &options)
        guard code == 0 else { throw .last("checkout of HEAD", code) }
    }

    private func write(_ node: TreeNode) throws(GitError) -> ObjectID {
        var builder: OpaquePointer?
        var code = git_treebuilder_new(&builder, pointer, nil)
        guard code == 0, let builder else { throw .last("tree builder", code) }
        defer { git_treebuilder_free(builder) }
        for (name, bytes) in node.files.sorted(by: { $0.key < $1.key }) {
            var oid = git_oid()
            code = bytes.withUnsafeBytes { git_blob_create_from_buffer(&oid, pointer, $0.baseAddress, $0.count) }
            guard code == 0 else { throw .last("writing blob \(name)", code) }
            code = git_treebuilder_insert(nil, builder, name, &oid, GIT_FILEMODE_BLOB)
            guard code == 0 else { throw .last("adding \(name) to a tree", code) }
        }
        for (name, child) in node.folders.sorted(by: { $0.key < $1.key }) {
            var oid = try write(child).oid
            code = git_treebuilder_insert(nil, builder, name, &oid, GIT_FILEMODE_TREE)
            guard code == 0 else { throw .last("adding folder \(name) to a tree", code) }
        }
        var result = git_oid()
        code = git_treebuilder_write(&result, builder)
        guard code == 0 else { throw .last("writing a tree", code) }
        return ObjectID(result)
    }
}

/// A folder of files being assembled into a tree.
private struct TreeNode {
    var files: [String: [UInt8]] = [:]
    var folders: [String: TreeNode] = [:]

    mutating func insert(_ components: [String], _ bytes: [UInt8]) {
        guard let first = components.first else { return }
        if components.count == 1 {
            files[first] = bytes
        } else {
            folders[first, default: TreeNode()].insert(Array(components.dropFirst()), bytes)
        }
    }
}
