import Foundation
import PackagePlugin

/// Compiles every file under the package's `Policies/` folder into the target that uses it.
///
/// The build command's inputs are every file, so an edit regenerates the source, and every
/// folder under `Policies/`, whose modification time changes when an entry is added or
/// removed. SwiftPM does not re-plan the build (and so re-run this plugin) when a data file
/// appears, so the tool lists the folder itself at build time rather than trusting the file
/// list planned here; the folder inputs are what make it run. One gap remains: edits to a
/// file added since the build was last planned are picked up at the next re-plan (a change to
/// Package.swift or to the set of source files, or `swift package clean`).
@main
struct EmbedPolicies: BuildToolPlugin {
    func createBuildCommands(context: PluginContext, target: Target) async throws -> [Command] {
        let root = context.package.directoryURL.appending(path: "Policies", directoryHint: .isDirectory)
        let (files, folders) = Self.contents(of: root)
        let output = context.pluginWorkDirectoryURL.appending(path: "BuiltinPolicies+Files.swift")
        let tool = try context.tool(named: "embed-policies")
        return [
            .buildCommand(
                displayName: "Embedding Policies/ into BuiltinPolicies",
                executable: tool.url,
                arguments: [output.path(percentEncoded: false), root.path(percentEncoded: false)],
                inputFiles: [root] + folders + files,
                outputFiles: [output]
            )
        ]
    }

    /// Every regular file and every folder below `root`, hidden ones excluded, sorted so the
    /// plan is stable.
    private static func contents(of root: URL) -> (files: [URL], folders: [URL]) {
        let keys: [URLResourceKey] = [.isRegularFileKey, .isDirectoryKey]
        guard
            let walker = FileManager.default.enumerator(
                at: root, includingPropertiesForKeys: keys, options: [.skipsHiddenFiles])
        else { return ([], []) }
        var files: [URL] = []
        var folders: [URL] = []
        for case let url as URL in walker {
            let values = try? url.resourceValues(forKeys: Set(keys))
            if values?.isRegularFile == true { files.append(url) }
            if values?.isDirectory == true { folders.append(url) }
        }
        return (files.sorted { $0.path < $1.path }, folders.sorted { $0.path < $1.path })
    }
}
