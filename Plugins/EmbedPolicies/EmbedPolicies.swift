import Foundation
import PackagePlugin

/// Compiles every file under the package's `Policies/` folder into the target that uses it.
///
/// Each file is listed as an input of the build command, so editing, adding or removing a
/// policy or catalog file regenerates the Swift source on the next build. SwiftPM re-runs
/// this plugin on every build, which is what picks up files added since the last one.
@main
struct EmbedPolicies: BuildToolPlugin {
    func createBuildCommands(context: PluginContext, target: Target) async throws -> [Command] {
        let root = context.package.directoryURL.appending(path: "Policies", directoryHint: .isDirectory)
        let files = Self.regularFiles(under: root)
        let output = context.pluginWorkDirectoryURL.appending(path: "BuiltinPolicies+Files.swift")
        let tool = try context.tool(named: "embed-policies")
        return [
            .buildCommand(
                displayName: "Embedding \(files.count) files from Policies/",
                executable: tool.url,
                arguments: [output.path(percentEncoded: false), root.path(percentEncoded: false)]
                    + files.map { $0.path(percentEncoded: false) },
                inputFiles: files,
                outputFiles: [output]
            )
        ]
    }

    /// Every regular file below `root`, hidden files excluded, sorted so the command is stable.
    private static func regularFiles(under root: URL) -> [URL] {
        let keys: [URLResourceKey] = [.isRegularFileKey]
        guard
            let walker = FileManager.default.enumerator(
                at: root, includingPropertiesForKeys: keys, options: [.skipsHiddenFiles])
        else { return [] }
        var files: [URL] = []
        for case let url as URL in walker {
            if (try? url.resourceValues(forKeys: Set(keys)))?.isRegularFile == true {
                files.append(url)
            }
        }
        return files.sorted { $0.path < $1.path }
    }
}
