import ArgumentParser
import Git

/// `faultline files`: lists a revision's files straight from the object database.
struct FilesCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "files",
        abstract: "List the files of a revision as Faultline reads them (no checkout).",
        discussion: "Each line: kind, size in bytes, path. Kinds: file, executable, symlink, submodule."
    )

    @Option(name: .long, help: "A folder inside the repository to read.")
    var repo: String = "."

    @Argument(help: "The revision to list.")
    var revision: String = "HEAD"

    func run() throws {
        do {
            let repository = try Repository(at: repo)
            let commit = try repository.resolveCommit(revision)
            var out = ""
            for entry in try repository.files(of: commit) {
                let size = entry.size.map(String.init) ?? "-"
                out += "\(entry.kind.rawValue.padding(10))\(size.leftPadding(10))  \(entry.path)\n"
            }
            print(out, terminator: "")
        } catch {
            throw error.exit()
        }
    }
}

extension String {
    func padding(_ width: Int) -> String { count >= width ? self + " " : self + String(repeating: " ", count: width - count) }
    func leftPadding(_ width: Int) -> String { count >= width ? self : String(repeating: " ", count: width - count) + self }
}
