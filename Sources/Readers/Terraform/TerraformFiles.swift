import HCL

/// Terraform's `file()` and `templatefile()`: which files a module reads, and reading them.
///
/// A reader sees one file, so a `.tf` file says which paths it reads (`TerraformFileFact.reads`)
/// and the commit reader reads those files' text as well (`TerraformTextReader`). The module
/// evaluator then gives `file()` and `templatefile()` the text of the commit being evaluated —
/// never anything outside it. A path known only once the module is evaluated
/// (`"${path.module}/${var.name}.json"`) is not read, and the call is unknown.
public enum TerraformFiles {
    /// The functions whose first argument is a file the module reads.
    static let readingFunctions: Set<String> = ["file", "templatefile"]

    /// The paths a file's `file()` and `templatefile()` calls read, relative to its folder, in
    /// order. Each path argument is evaluated with `path.module`, `path.root` and `path.cwd`
    /// all `.`, the file's folder: a root module's, as most configurations that read files
    /// are. Relative, not resolved: one blob's facts serve every path it is found at.
    static func reads(of body: Body) -> [String] {
        var context = EvaluationContext()
        context.variables["path"] = .object(["module": .string("."), "root": .string("."), "cwd": .string(".")])
        var paths = Set<String>()
        for call in body.calls(named: readingFunctions) {
            guard let argument = call.arguments.first, case .string(let relative) = argument.evaluate(in: context) else { continue }
            paths.insert(relative)
        }
        return paths.sorted()
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

    /// The repository paths a Terraform file at `path` reads (see ``reads(of:)``).
    public static func reads(of fact: TerraformFileFact, at path: String) -> [String] {
        guard !fact.reads.isEmpty else { return [] }
        let folder = TerraformFolder.folder(of: path)
        return fact.reads.compactMap { resolve($0, from: folder) }.sorted()
    }

    /// A path as Terraform resolves it from a folder (repository-relative, empty for the top),
    /// with `.` and `..` taken out; nil for an absolute path or one leaving the repository.
    static func resolve(_ relative: String, from folder: String) -> String? {
        guard !relative.isEmpty, !relative.hasPrefix("/"), !relative.contains("\\") else { return nil }
        var parts = folder.split(separator: "/").map(String.init)
        for part in relative.split(separator: "/", omittingEmptySubsequences: true) {
            switch part {
            case ".": continue
            case "..":
                guard !parts.isEmpty else { return nil }
                parts.removeLast()
            default: parts.append(String(part))
            }
        }
        return parts.isEmpty ? nil : parts.joined(separator: "/")
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
    /// but not `templatefile`, as Terraform allows; markers pass through it as through any
    /// template of the module, and an unknown variable stands as the markers' `unknownPart`.
    /// A template draws from the module's `budget`: a file could otherwise loop a template
    /// over a large range once for every call.
    static func functions(
        texts: [String: String], root: String, markers: (open: Character, unknownPart: String)?, budget: EvaluationBudget
    ) -> [String: HCLFunction] {
        guard !texts.isEmpty else { return StandardFunctions.all }
        @Sendable func text(_ argument: Value) -> String? {
            guard case .string(let relative) = argument, let path = resolve(relative, from: root) else { return nil }
            return texts[path]
        }
        var functions = StandardFunctions.all
        let file = HCLFunction("file") { arguments in
            guard arguments.count == 1, let text = text(arguments[0]) else { return .unknown }
            return .string(text)
        }
        functions["file"] = file
        var templateFunctions = StandardFunctions.all
        templateFunctions["file"] = file
        let sendableMarkers = markers.map { SendableMarkers(open: $0.open, unknownPart: $0.unknownPart) }
        functions["templatefile"] = HCLFunction("templatefile") { [templateFunctions] arguments in
            guard arguments.count == 2, let source = text(arguments[0]), case .object(let variables) = arguments[1] else { return .unknown }
            let (template, problems) = NativeSyntax.parseTemplate(source)
            guard !problems.contains(where: { $0.severity == .error }) else { return .unknown }
            var context = EvaluationContext(variables: variables, functions: templateFunctions)
            context.budget = budget
            if let markers = sendableMarkers {
                // A task definition naming a data source's ARN still says what it knows, as
                // `jsonencode` of partly unknown values does: each unknown stands as `unknownPart`.
                context.variables = variables.mapValues { $0.replacingUnknowns(with: .string(markers.unknownPart)) }
                context.markers = (markers.open, markers.unknownPart)
            }
            return template.evaluate(in: context)
        }
        return functions
    }

    private struct SendableMarkers: Sendable {
        let open: Character
        let unknownPart: String
    }
}

/// Reads the text of a file a Terraform module reads with `file()` or `templatefile()`. It is
/// offered no path on its own: the commit reader hands it the paths a commit's Terraform
/// files name (see `TerraformFiles`).
public struct TerraformTextReader: FileReader {
    public let name = "terraform-file"
    public let version = 1

    public init() {}

    /// Reading the blob again is as cheap as decoding a stored copy of its text.
    public var persistsFacts: Bool { false }

    public func accepts(path: String) -> Bool { false }

    public func read(path: String, bytes: [UInt8]) -> FileFacts {
        var facts = FileFacts(path: path)
        facts.terraformText = String(decoding: bytes, as: UTF8.self)
        return facts
    }
}
