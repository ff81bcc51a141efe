import ArgumentParser
import Git

/// `faultline files`: lists a revision's files straight from the object database.
struct FilesCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "files",
        abstract: "List the files of a revision as Faultline reads them (no checkout).",
        discussion: """
            Each line: kind, size in bytes, path. Kinds: file, executable, symlink, submodule. \
            With --classify a column says what Faultline would do with the content: text (read), \
            binary, lfs-pointer (the content lives in an LFS store, never fetched), too-large \
            (over --max-blob-size, not loaded), missing (not in the repository: a partial \
            clone), or external for a submodule.
            """
    )

    @Option(name: .long, help: "A folder inside the repository to read.")
    var repo: String = "."

    @Flag(name: .long, help: "Read each blob and say whether Faultline can read it.")
    var classify = false

    @OptionGroup var blobLimit: BlobLimitOptions

    @Argument(help: "The revision to list.")
    var revision: String = "HEAD"

    func run() throws {
        do {
            let repository = try Repository(at: repo)
            let commit = try repository.resolveCommit(revision)
            var out = ""
            for entry in try repository.files(of: commit) {
                let size = entry.size.map(String.init) ?? "-"
                out += "\(entry.kind.rawValue.padding(10))\(size.leftPadding(10))  "
                if classify { out += try contentClass(of: entry, in: repository).padding(12) }
                out += entry.path + "\n"
            }
            print(out, terminator: "")
        } catch {
            throw error.exit()
        }
    }

    private func contentClass(of entry: TreeEntry, in repository: Repository) throws(GitError) -> String {
        guard entry.kind != .submodule else { return "external" }
        let blob: Blob
        do {
            blob = try repository.blob(entry.id, limit: blobLimit.limit)
        } catch {
            // A partial clone lacks some blobs: the row says so, and the listing goes on, as
            // `check` and `topology` read such a commit with a note per missing file.
            if case .missingObject = error { return "missing" }
            throw error
        }
        switch blob.content {
        case .text: return "text"
        case .binary: return "binary"
        case .lfsPointer: return "lfs-pointer"
        case .tooLarge: return "too-large"
        }
    }
}

extension String {
    func padding(_ width: Int) -> String { count >= width ? self + " " : self + String(repeating: " ", count: width - count) }
    func leftPadding(_ width: Int) -> String { count >= width ? self : String(repeating: " ", count: width - count) + self }
}
