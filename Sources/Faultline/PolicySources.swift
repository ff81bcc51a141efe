import Foundation
import Git
import Model
import Policy

/// The policy files of a repository and the command line, loaded the way `check` loads them:
/// the built-in pack, then the repository's `.faultline/policies/`, then `--policies`, each
/// overriding the one before by rule id.
public struct PolicySources: Sendable {
    /// Where a rule in force was defined.
    public enum Origin: String, Sendable, CaseIterable {
        case builtin = "built-in"
        case repository
        case commandLine = "--policies"
    }

    /// The rules in force and every diagnostic of every file read.
    public let pack: PolicyPack
    /// For each rule id, the layer whose file defined the rule in force.
    public let origins: [String: Origin]
    /// How many policy files each layer read.
    public let fileCounts: [Origin: Int]

    /// Loads the layers `check` would use with `revision` as its base.
    public static func load(repo: String, revision: String = "HEAD", policies: String?) throws(FaultlineError) -> PolicySources {
        let analyzer = try Analyzer(path: repo)
        let commit = try analyzer.resolve(revision)
        let layers: [(Origin, [(path: String, text: String)])] = [
            (.builtin, []),
            (.repository, try Check.repositoryPolicies(in: analyzer.repository, at: commit)),
            (.commandLine, try policies.map { folder throws(FaultlineError) in try Check.folderPolicies(folder) } ?? []),
        ]
        var pack = PolicyPack.builtin()
        var origins = Dictionary(uniqueKeysWithValues: pack.rules.map { ($0.id, Origin.builtin) })
        var counts: [Origin: Int] = [.builtin: 0]
        for (origin, files) in layers where origin != .builtin {
            pack.add(files: files)
            counts[origin] = files.count
            // A layer's rules replace earlier ones of the same id, so the last layer defining
            // an id is where the rule in force comes from.
            var layer = PolicyPack(rules: [])
            layer.add(files: files)
            for rule in layer.rules { origins[rule.id] = origin }
        }
        return PolicySources(pack: pack, origins: origins, fileCounts: counts)
    }

    /// Reads a folder of rule files on their own, for `policies validate`: how many files, their
    /// rules and every diagnostic, sorted by file and line.
    public static func validate(folder: String) throws(FaultlineError) -> (files: Int, rules: [Rule], diagnostics: [Diagnostic]) {
        let files = try Check.folderPolicies(folder)
        var pack = PolicyPack(rules: [])
        pack.add(files: files)
        return (files.count, pack.rules, pack.diagnostics.sorted())
    }

    /// The repository's `.faultline/policies/` folder in its working tree, for `policies
    /// validate` without a folder: the rules being edited, before they are committed.
    public static func repositoryFolder(repo: String) throws(FaultlineError) -> String {
        let analyzer = try Analyzer(path: repo)
        guard let workTree = analyzer.repository.workingDirectory else {
            throw .unreadablePolicies("\(analyzer.repository.gitDirectory) (a bare repository has no .faultline/policies/ folder to validate)")
        }
        return (workTree as NSString).appendingPathComponent(".faultline/policies")
    }
}
