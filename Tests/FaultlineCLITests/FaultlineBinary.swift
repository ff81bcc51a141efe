import Foundation
import TestSupport

/// The built `faultline` executable, run as a user would run it.
enum FaultlineBinary {
    /// The test bundle sits in the build folder beside the executable it was built with.
    static var path: String {
        let bundle = URL(fileURLWithPath: CommandLine.arguments[0]).resolvingSymlinksInPath()
        var folder = bundle.deletingLastPathComponent()
        while !folder.path.isEmpty, folder.path != "/" {
            let candidate = folder.appendingPathComponent("faultline")
            if FileManager.default.isExecutableFile(atPath: candidate.path) { return candidate.path }
            folder = folder.deletingLastPathComponent()
        }
        return "faultline"
    }

    static func run(_ arguments: [String], in scratch: Scratch, dir: String = "repo", environment: [String: String] = [:]) throws
        -> (status: Int32, output: String, errors: String)
    {
        try scratch.execute([path] + arguments, in: dir, environment: environment)
    }
}
