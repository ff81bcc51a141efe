import CLibgit2

/// A reference and the commit it ends at (tags peeled); nil when it points at no commit.
public struct Reference: Hashable, Sendable {
    /// The full name, e.g. `refs/remotes/origin/main`.
    public let name: String
    public let commit: ObjectID?
}

extension Repository {
    /// The references matching a glob such as `refs/remotes/*`, sorted by name.
    public func references(matching glob: String) throws(GitError) -> [Reference] {
        var iterator: OpaquePointer?
        var code = git_reference_iterator_glob_new(&iterator, pointer, glob)
        guard code == 0, let iterator else { throw .last("listing references \(glob)", code) }
        defer { git_reference_iterator_free(iterator) }
        var result: [Reference] = []
        while true {
            var reference: OpaquePointer?
            code = git_reference_next(&reference, iterator)
            if code == GIT_ITEROVER.rawValue { break }
            guard code == 0, let reference else { throw .last("listing references \(glob)", code) }
            defer { git_reference_free(reference) }
            let name = String(cString: git_reference_name(reference))
            var peeled: OpaquePointer?
            // A symbolic ref (origin/HEAD) resolves through its target; a tag peels to its commit.
            if git_reference_peel(&peeled, reference, GIT_OBJECT_COMMIT) == 0, let peeled {
                result.append(Reference(name: name, commit: ObjectID(git_object_id(peeled).pointee)))
                git_object_free(peeled)
            } else {
                result.append(Reference(name: name, commit: nil))
            }
        }
        return result.sorted { $0.name < $1.name }
    }

    /// The name a symbolic reference points at (`refs/remotes/origin/HEAD` → `refs/remotes/origin/main`),
    /// or nil when the reference is absent or not symbolic.
    public func symbolicTarget(of name: String) -> String? {
        var reference: OpaquePointer?
        guard git_reference_lookup(&reference, pointer, name) == 0, let reference else { return nil }
        defer { git_reference_free(reference) }
        return git_reference_symbolic_target(reference).map { String(cString: $0) }
    }

    /// A configuration value as git would read it for this repository (local, global, system),
    /// or nil when unset.
    public func configString(_ key: String) throws(GitError) -> String? {
        var config: OpaquePointer?
        var code = git_repository_config_snapshot(&config, pointer)
        guard code == 0, let config else { throw .last("reading configuration", code) }
        defer { git_config_free(config) }
        var buffer = git_buf()
        defer { git_buf_dispose(&buffer) }
        code = git_config_get_string_buf(&buffer, config, key)
        if code == GIT_ENOTFOUND.rawValue { return nil }
        guard code == 0, let text = buffer.ptr else { throw .last("reading configuration \(key)", code) }
        return String(cString: text)
    }
}
