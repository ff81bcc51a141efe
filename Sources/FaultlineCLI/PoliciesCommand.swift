import ArgumentParser
import Faultline
import Foundation
import Model
import Policy

/// `faultline policies`: what rules are in force, and whether rule files are valid.
struct PoliciesCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "policies",
        abstract: "List the policy rules in force, or validate rule files.",
        subcommands: [List.self, Validate.self]
    )

    /// `faultline policies list`.
    struct List: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "List the rules in force: id, severity, change, phase, scenario kinds and where each is defined.",
            discussion: """
                The built-in pack, then the repository's .faultline/policies/ at --revision (check \
                reads it at the base commit), then --policies, each overriding the one before by \
                rule id. Problems in the rule files are printed to standard error; a rule whose \
                file has an error is listed as invalid, and the exit status is 2, as check would \
                refuse to run.
                """
        )

        @Option(name: .long, help: "A folder inside the repository to read.")
        var repo: String = "."

        @Option(name: .long, help: "The commit whose .faultline/policies/ to read.")
        var revision: String = "HEAD"

        @Option(name: .long, help: "A folder of extra policy rule files (.yaml).")
        var policies: String?

        func run() throws {
            let sources: PolicySources
            do {
                sources = try PolicySources.load(repo: repo, revision: revision, policies: policies)
            } catch {
                throw error.exit()
            }
            print(PolicyTable.render(sources), terminator: "")
            for diagnostic in sources.pack.diagnostics { Terminal.error(diagnostic.description) }
            if sources.pack.hasErrors {
                Terminal.error("rules marked invalid come from files with errors; check and audit refuse to run until they are fixed")
                throw ExitCode(ExitStatus.usage)
            }
        }
    }

    /// `faultline policies validate`.
    struct Validate: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Check a folder of policy rule files and print every problem with its file and line.",
            discussion: """
                Without a folder, validates the repository's .faultline/policies/ in the working \
                tree, so rules can be checked before they are committed. Exit 0 when no file has \
                an error (warnings are printed), 2 when any has.
                """
        )

        @Option(name: .long, help: "A folder inside the repository (used when no folder is given).")
        var repo: String = "."

        @Argument(help: "The folder of .yaml rule files to validate.")
        var folder: String?

        func run() throws {
            let found: PolicySources.Validation?
            do {
                if let folder { found = try PolicySources.validate(folder: folder) } else { found = try PolicySources.validateRepository(repo: repo) }
            } catch {
                throw error.exit()
            }
            guard let result = found else {
                print("no .faultline/policies/ folder in the working tree; nothing to validate")
                return
            }
            for diagnostic in result.diagnostics { print(diagnostic.description) }
            print("\(count(result.files, "file")), \(count(result.rules.count, "rule")): "
                + "\(count(result.errors, "error")), \(count(result.warnings, "warning"))")
            if result.errors > 0 { throw ExitCode(ExitStatus.usage) }
        }

        func count(_ number: Int, _ noun: String) -> String { "\(number) \(noun)\(number == 1 ? "" : "s")" }
    }
}

/// The rules in force as an aligned table.
enum PolicyTable {
    static func render(_ sources: PolicySources) -> String {
        let header = ["RULE", "SEVERITY", "CHANGE", "PHASE", "KINDS", "DEFINED"]
        let rows = sources.pack.rules.map { rule in
            let defined = "\((sources.origins[rule.id] ?? .builtin).rawValue) \(rule.source)"
            // What was read of an invalid rule is partly defaults, so only where it is defined is shown.
            if sources.pack.isInvalid(rule) { return [rule.id, "invalid", "-", "-", "-", defined] }
            return [
                rule.id, rule.enabled ? rule.severity.rawValue : "off", rule.selectsExposures ? rule.change.rawValue : "-",
                rule.selectsExposures ? rule.phase?.rawValue ?? "both" : "-",
                rule.selectsExposures ? (rule.kinds.isEmpty ? "all" : rule.kinds.joined(separator: ",")) : "-",
                defined,
            ]
        }
        let widths = header.indices.map { column in ([header] + rows).map { $0[column].count }.max() ?? 0 }
        return ([header] + rows).map { row in
            row.enumerated().map { column, cell in column == row.count - 1 ? cell : cell.padding(widths[column] + 1) }.joined()
        }.joined(separator: "\n") + "\n"
    }
}
