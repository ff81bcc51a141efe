import HCL
import Model
import Synchronization

/// Terraform's `file()` and `templatefile()`: which files a module reads, and reading them.
///
/// A reader sees one file, so a `.tf` file says which paths it reads (`TerraformFileFact.reads`)
/// and the commit reader reads those files' text as well (`TextReader`). The module
/// evaluator then gives `file()` and `templatefile()` the text of the commit being evaluated —
/// never anything outside it. A path known only once the module is evaluated
/// (`"${path.module}/${var.name}.json"`) is not read, and the call is unknown.
public enum TerraformFiles {
    /// The functions whose first argument is a file the module reads.
    static let readingFunctions: Set<String> = ["file", "templatefile"]

    /// The paths a file's `file()` and `templatefile()` calls read, relative to its folder, in
    /// order: each path argument that is a string of literal text and `path.module`,
    /// `path.root` or `path.cwd`, all taken as `.`, the file's folder — a root module's, as
    /// most configurations that read files are. Relative, not resolved: one blob's facts serve
    /// every path it is found at. Nothing is evaluated: a file of a thousand calls with costly
    /// arguments costs no more than reading them.
    static func reads(of body: Body) -> [String] {
        var paths = Set<String>()
        for call in body.calls(named: readingFunctions) {
            guard let argument = call.arguments.first, let relative = staticPath(argument) else { continue }
            paths.insert(relative)
        }
        return paths.sorted()
    }

    /// The text of a path argument made of literal text and `path.*` (as `.`), else nil.
    static func staticPath(_ expression: Expression) -> String? {
        switch expression.kind {
        case .literal(.string(let text)): return text
        case .template(let parts):
            var text = ""
            for part in parts {
                guard let piece = staticPath(part) else { return nil }
                text += piece
            }
            return text
        case .templateWrap(let inner), .parentheses(let inner): return staticPath(inner)
        case .getAttribute(let base, let name):
            guard case .variable("path") = base.kind, ["module", "root", "cwd"].contains(name) else { return nil }
            return "."
        default: return nil
        }
    }

    /// Whether a file's text may call `file()` or `templatefile()`: a `file` followed, after
    /// blanks, by `(`. Most files do not, and they are spared a walk over every expression.
    static func mayRead(_ bytes: [UInt8]) -> Bool {
        let needle = Array("file".utf8)
        return bytes.withUnsafeBufferPointer { buffer in
            var start = 0
            while let found = ByteSearch.firstIndex(of: needle, in: buffer, start..<buffer.count) {
                var next = found + needle.count
                while next < buffer.count, buffer[next] == 0x20 || buffer[next] == 0x09 { next += 1 }
                if next < buffer.count, buffer[next] == UInt8(ascii: "(") { return true }
                start = found + 1
            }
            return false
        }
    }

    /// The repository paths the Terragrunt units among `files` may read as text.
    public static func terragruntReads(of files: some Sequence<FileFacts>) -> Set<String> {
        var paths = Set<String>()
        for file in files {
            guard let fact = file.terraform, fact.role == .terragrunt else { continue }
            paths.formUnion(reads(of: fact, at: file.path))
        }
        return paths
    }

    /// The error of a text that does not parse as HCL, located at its first error: for a file
    /// a Terragrunt unit reads (a `region.hcl`), what the unit reads from it is then not known.
    public static func hclProblem(in text: FileFacts) -> Diagnostic? {
        guard let content = text.readText else { return nil }
        return Terragrunt.parseProblem(NativeSyntax.parse(content), path: text.path)
    }

    /// The repository paths a Terraform file at `path` reads (see ``reads(of:)``).
    public static func reads(of fact: TerraformFileFact, at path: String) -> [String] {
        guard !fact.reads.isEmpty else { return [] }
        let folder = TerraformFolder.folder(of: path)
        // Asked for every file at every commit an audit reads, and a Terragrunt unit's reads
        // are its lookups in every parent folder: a hundred or more paths a unit.
        return resolvedReads.value(for: FolderReads(folder: folder, reads: fact.reads)) {
            let parts = folder.split(separator: "/")
            return fact.reads.compactMap { resolve($0, from: parts) }.sorted()
        }
    }

    private struct FolderReads: Hashable {
        let folder: String
        let reads: [String]
    }

    private static let resolvedReads = SharedCache<FolderReads, [String]>(limit: 20_000)

    /// A path as Terraform resolves it from a folder (repository-relative, empty for the top),
    /// with `.` and `..` taken out; nil for an absolute path or one leaving the repository.
    static func resolve(_ relative: String, from folder: String) -> String? {
        resolve(relative, from: folder.split(separator: "/"))
    }

    /// `resolve(_:from:)` from a folder already split into its names.
    static func resolve(_ relative: String, from folder: [Substring]) -> String? {
        guard !relative.isEmpty, !relative.utf8.contains(UInt8(ascii: "\\")), let path = RepositoryPath.resolve(relative, from: folder), !path.isEmpty else {
            return nil
        }
        return path
    }

    /// `path.module` in a module at `folder` evaluated as part of the root module at `root`:
    /// the folder relative to the root, as Terraform gives it (`.` for the root itself,
    /// `modules/web` or `../modules/web` for a module it calls).
    static func modulePath(_ folder: String, root: String) -> String {
        let from = root.split(separator: "/"), to = folder.split(separator: "/")
        var shared = 0
        while shared < min(from.count, to.count), from[shared] == to[shared] { shared += 1 }
        let steps = Array(repeating: "..", count: from.count - shared) + to[shared...].map(String.init)
        return steps.isEmpty ? "." : steps.joined(separator: "/")
    }

    /// `file` and `templatefile` for a module at whose root (`root`) relative paths start,
    /// reading the texts of `texts` (repository path → text); any other path is unknown.
    /// A template sees only the variables passed to it and the standard functions, with `file`
    /// but not `templatefile`, as Terraform allows. With markers, each of the template's
    /// top-level parts that is not known — an interpolation of an unknown variable, a `%{ if }`
    /// on one — stands as the markers' `unknownPart` and the rest is kept, as `jsonencode` of
    /// partly unknown values does; a condition on an unknown is never decided. A template is
    /// parsed once per path, and draws from the module's `budget`: a file could otherwise loop
    /// a template over a large range once for every call.
    static func functions(
        texts: [String: String], root: String, markers: (open: Character, unknownPart: String)?, budget: EvaluationBudget
    ) -> [String: HCLFunction] {
        let decoding = TerraformYAML.functions(budget: budget)
        guard !texts.isEmpty else { return decoding }
        @Sendable func read(_ argument: Value) -> (path: String, text: String)? {
            guard case .string(let relative) = argument, let path = resolve(relative, from: root), let text = texts[path] else { return nil }
            return (path, text)
        }
        var functions = decoding
        let file = HCLFunction("file") { arguments in
            guard arguments.count == 1, let (_, text) = read(arguments[0]) else { return .unknown }
            return .string(text)
        }
        functions["file"] = file
        var templateFunctions = decoding
        templateFunctions["file"] = file
        let sendableMarkers = markers.map { SendableMarkers(open: $0.open, unknownPart: $0.unknownPart) }
        let parsed = ParsedTemplates()
        functions["templatefile"] = HCLFunction("templatefile") { [templateFunctions] arguments in
            guard arguments.count == 2, let (path, source) = read(arguments[0]), case .object(let variables) = arguments[1],
                  source.utf8.count <= Value.maxStringBytes, let template = parsed.template(at: path, source)
            else { return .unknown }
            var context = EvaluationContext(variables: variables, functions: templateFunctions)
            context.budget = budget
            guard let markers = sendableMarkers else { return template.evaluate(in: context) }
            let unknownPart = markers.unknownPart
            context.markers = (markers.open, unknownPart)
            let parts = if case .template(let parts) = template.kind { parts } else { [template] }
            var text = ""
            for part in parts {
                text += part.evaluate(in: context).asString ?? unknownPart
                if text.utf8.count > Value.maxStringBytes { return .unknown }
            }
            return .string(text)
        }
        return functions
    }

    private struct SendableMarkers: Sendable {
        let open: Character
        let unknownPart: String
    }

    /// Templates parsed once per path for one module instance's calls; nil for one that
    /// does not parse.
    private final class ParsedTemplates: Sendable {
        private let parsed = Mutex<[String: Expression?]>([:])

        func template(at path: String, _ source: String) -> Expression? {
            if let known = parsed.withLock({ $0[path] }) { return known }
            let (template, problems) = NativeSyntax.parseTemplate(source)
            let result = problems.contains { $0.severity == .error } ? nil : template
            parsed.withLock { $0[path] = result }
            return result
        }
    }
}
