/// Paths inside a repository, as a file names another file relative to its folder.
public enum RepositoryPath {
    /// `relative` taken from `folder` (repository-relative, empty for the top) with `.` and
    /// `..` taken out: the repository path it names, empty for the top; nil when it is absolute
    /// or leaves the repository.
    public static func resolve(_ relative: some StringProtocol, from folder: [Substring]) -> String? {
        guard relative.utf8.first != UInt8(ascii: "/") else { return nil }
        var parts = folder
        for part in relative.split(separator: "/", omittingEmptySubsequences: true) {
            switch part {
            case ".": continue
            case "..":
                guard !parts.isEmpty else { return nil }
                parts.removeLast()
            default: parts.append(Substring(part))
            }
        }
        return parts.joined(separator: "/")
    }

    /// `resolve(_:from:)` from a folder written as a path.
    public static func resolve(_ relative: some StringProtocol, from folder: String) -> String? {
        resolve(relative, from: folder.split(separator: "/"))
    }
}
