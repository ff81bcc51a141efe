import HCL
import Model

/// Reads Terraform and OpenTofu configuration (`*.tf`, `*.tf.json`, `*.tofu`, `*.tofu.json`),
/// variable files (`terraform.tfvars[.json]`, `*.auto.tfvars[.json]`) and Terragrunt units
/// (`terragrunt.hcl`) into their parsed bodies; the module pass in the linker evaluates them
/// together.
public struct TerraformReader: FileReader {
    public let name = "terraform"
    public let version = 5

    public init() {}

    /// A Terraform file's facts are its whole syntax tree, whose encoding is about twenty
    /// times the text; decoding it took longer than parsing the file again (terraform-aws-eks's
    /// audit, alternating: 19.7–20.2 s with a warm cache, 10.8–12.1 s without one), and an
    /// audit of a module's history filled 400 MB with them. So they are parsed each run.
    public var persistsFacts: Bool { false }

    /// The label counts of Terraform's top-level blocks, which the JSON syntax cannot infer,
    /// and of the blocks a `terraform` block holds that the module pass reads: where the state
    /// is kept (`"backend": {"s3": {…}}`, `"cloud": {…}`).
    static let schema = BlockSchema(blockTypes: BlockSchema(labels: [
        "resource": 2, "data": 2, "module": 1, "provider": 1, "variable": 1, "output": 1,
        "locals": 0, "moved": 0, "import": 0, "check": 1, "removed": 0,
    ]).blockTypes.merging(["terraform": .init(labels: 0, body: BlockSchema(labels: ["backend": 1, "cloud": 0]))]) { $1 })

    public func accepts(path: String) -> Bool {
        Self.role(of: path) != nil || path.fileName == Self.stackFileName
    }

    /// A Terragrunt stack, which generates units when `terragrunt stack generate` runs: not
    /// read, and said so, so that a repository of stacks is not taken for an empty one.
    static let stackFileName = "terragrunt.stack.hcl"

    /// A file's role, and whether it is JSON, decide how its bytes are read.
    public func cacheVariant(path: String) -> String {
        (Self.role(of: path).map { "\($0)" } ?? "") + (path.hasSuffix(".json") ? ".json" : "")
    }

    /// What a file is to Terraform, judged by its name alone.
    static func role(of path: String) -> TerraformFileFact.Role? {
        let file = String(path.fileName)
        if file == Terragrunt.fileName { return .terragrunt }
        let base: String
        if let stem = Self.strip(file, [".tf", ".tf.json", ".tofu", ".tofu.json"]) {
            base = stem
        } else if let stem = Self.strip(file, [".tfvars", ".tfvars.json"]) {
            if stem == "terraform" { return .variableValues }
            return stem.hasSuffix(".auto") ? .autoVariableValues : nil
        } else {
            return nil
        }
        guard !base.isEmpty else { return nil }
        return base == "override" || base.hasSuffix("_override") ? .override : .configuration
    }

    private static func strip(_ file: String, _ suffixes: [String]) -> String? {
        // Longest suffix first, so `x.tf.json` is not read as a `.json` file named `x.tf`.
        for suffix in suffixes.sorted(by: { $0.count > $1.count }) where file.hasSuffix(suffix) {
            return String(file.dropLast(suffix.count))
        }
        return nil
    }

    public func read(path: String, bytes: [UInt8]) -> FileFacts {
        var facts = FileFacts(path: path)
        if path.fileName == Self.stackFileName {
            facts.diagnostics.append(Diagnostic(
                .note, "Terragrunt stacks are not read: the units this file generates are not part of the topology",
                detail: "commit the generated units (terragrunt stack generate) if what they deploy matters", path: path, line: 1))
            return facts
        }
        guard let role = Self.role(of: path) else { return facts }
        let result = path.hasSuffix(".json") ? JSONSyntax.parse(bytes, schema: Self.schema) : NativeSyntax.parse(bytes)
        let reads = role == .terragrunt ? Terragrunt.reads(of: result.body)
            : (role == .configuration || role == .override) && TerraformFiles.mayRead(bytes) ? TerraformFiles.reads(of: result.body) : []
        facts.terraform = TerraformFileFact(role: role, body: result.body, reads: reads)
        for problem in result.diagnostics {
            facts.diagnostics.append(Diagnostic(
                problem.severity == .error ? .error : .warning, problem.message,
                detail: problem.detail.isEmpty ? "Terraform would refuse this file; the rest of the module is still read" : problem.detail,
                path: path, line: problem.range.start.line))
        }
        return facts
    }
}
