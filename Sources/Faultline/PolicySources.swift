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
            (.repository, try Check.repositoryPolicies(in: analyzer.repository, at: commit, role: .revision)),
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

    /// What `policies validate` found in a folder of rule files.
    public struct Validation: Sendable {
        /// How many `.yaml` / `.yml` files were read.
        public let files: Int
        /// The rules they define, a later file replacing an earlier one's rule of the same id.
        public let rules: [Rule]
        /// Every problem, sorted by file and line.
        public let diagnostics: [Diagnostic]

        public var errors: Int { diagnostics.filter { $0.severity == .error }.count }
        public var warnings: Int { diagnostics.filter { $0.severity == .warning }.count }
    }

    /// Reads a folder of rule files on their own, for `policies validate`.
    public static func validate(folder: String) throws(FaultlineError) -> Validation {
        validate(files: try Check.folderPolicies(folder))
    }

    /// Validates the repository's `.faultline/policies/` in its working tree: the rules being
    /// edited, before they are committed. Paths are repository-relative, as `check` prints
    /// them. Nil when the folder does not exist.
    public static func validateRepository(repo: String) throws(FaultlineError) -> Validation? {
        let analyzer = try Analyzer(path: repo)
        guard let workTree = analyzer.repository.workingDirectory else {
            throw .unreadablePolicies("\(analyzer.repository.gitDirectory) (a bare repository has no .faultline/policies/ folder to validate)")
        }
        let folder = (workTree as NSString).appendingPathComponent(".faultline/policies")
        guard FileManager.default.fileExists(atPath: folder) else { return nil }
        let files = try Check.folderPolicies(folder).map { file in
            (path: ".faultline/policies/" + (file.path as NSString).lastPathComponent, text: file.text)
        }
        return validate(files: files)
    }

    static func validate(files: [(path: String, text: String)]) -> Validation {
        var pack = PolicyPack(rules: [])
        pack.add(files: files)
        return Validation(files: files.count, rules: pack.rules, diagnostics: pack.diagnostics.sorted())
    }
}
