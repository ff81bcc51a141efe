import ArgumentParser
import Foundation
import Git

/// `--max-blob-size`, for the commands that read a commit's files, and
/// `FAULTLINE_MAX_BLOB_SIZE` for where no option can be given: git runs the pre-push hook, and
/// a CI job may run several commands over one repository with a generated manifest over 5 MiB.
struct BlobLimitOptions: ParsableArguments {
    /// The environment variable used when the option is not given.
    static let variable = "FAULTLINE_MAX_BLOB_SIZE"

    @Option(
        name: .long,
        help: ArgumentHelp(
            "The largest file read, in bytes; larger ones are reported as unreadable (default: $FAULTLINE_MAX_BLOB_SIZE, else 5242880).",
            valueName: "bytes"))
    var maxBlobSize: Int?

    func validate() throws {
        if let maxBlobSize, maxBlobSize <= 0 { throw ValidationError("--max-blob-size must be a positive number of bytes") }
        if maxBlobSize == nil, let text = Self.environmentText, Int(text).map({ $0 <= 0 }) ?? true {
            throw ValidationError("\(Self.variable) must be a positive number of bytes, not '\(text)'")
        }
    }

    /// The limit in force: the option, else the environment variable, else the default.
    var limit: Int { maxBlobSize ?? Self.environmentText.flatMap { Int($0) } ?? Repository.defaultBlobLimit }

    /// The variable's value, nil when unset or empty.
    private static var environmentText: String? {
        ProcessInfo.processInfo.environment[variable].flatMap { $0.isEmpty ? nil : $0 }
    }
}
