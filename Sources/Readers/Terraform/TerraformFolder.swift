import HCL
import Model

/// One Terraform module as written: the configuration files of one folder (not its
/// subfolders), with override files merged in, and the variable files beside them.
struct TerraformFolder: Equatable, Sendable {
    /// A top-level block and the file it came from.
    struct Declaration: Equatable, Sendable {
        var block: Block
        var path: String
        var line: Int { block.range.start.line }
    }

    /// The folder, repository-relative; empty for the root.
    let path: String
    private(set) var declarations: [Declaration] = []
    /// `terraform.tfvars[.json]` first, then `*.auto.tfvars[.json]` in lexical order.
    private(set) var variableFiles: [(path: String, body: Body)] = []
    /// Blocks declaring again what an earlier one of the folder declares (a resource, data
    /// source, module call, variable or output of the same name), each with the first one:
    /// Terraform refuses such a configuration, and only the first is read.
    private(set) var duplicates: [(again: Declaration, first: Declaration)] = []
    /// The text of each file the folder's `file()` and `templatefile()` calls read (repository
    /// path → text), as the commit has them: part of what a module call's evaluation reads.
    private(set) var texts: [String: String] = [:]
    /// Notes about the folder's Terragrunt unit (an include that is not read, inputs not known).
    var notes: [Diagnostic] = []
    /// The index in `declarations` of each uniquely named block, by type and labels.
    private var named: [String: Int] = [:]

    /// The block types whose labels must be unique in a module.
    static let uniquelyNamed: Set<String> = ["resource", "data", "module", "variable", "output"]

    /// The folders of a commit's Terraform files, with the texts they read. Files arrive
    /// sorted by path, which gives the lexical order Terraform applies `*.auto.tfvars` in.
    static func folders(of files: [FileFacts]) -> [String: TerraformFolder] {
        modules(of: files).folders
    }

    /// ``folders(of:)``, and the problems of the Terragrunt files the units read (a file that
    /// does not parse, a unit that spent its budget), which no folder may be left to say.
    static func modules(of files: [FileFacts]) -> (folders: [String: TerraformFolder], problems: [Diagnostic]) {
        var folders: [String: TerraformFolder] = [:]
        var terragruntProblems: [Diagnostic] = []
        var overrides: [String: [(String, Body)]] = [:]
        var autoValues: [String: [(String, Body)]] = [:]
        var texts: [String: String] = [:]
        var terragrunt: [Terragrunt.Configuration] = []
        for file in files { if let text = file.readText { texts[file.path] = text } }
        for file in files.sorted(by: { $0.path < $1.path }) {
            guard let fact = file.terraform else { continue }
            let folder = Self.folder(of: file.path)
            var module = folders[folder] ?? TerraformFolder(path: folder)
            let reads = TerraformFiles.reads(of: fact, at: file.path)
            for path in reads { if let text = texts[path] { module.texts[path] = text } }
            switch fact.role {
            case .configuration:
                for block in fact.body.blocks { module.declare(Declaration(block: block, path: file.path)) }
            case .override:
                overrides[folder, default: []].append((file.path, fact.body))
            case .variableValues:
                // `terraform.tfvars`, then `terraform.tfvars.json` (path order), whose values win.
                module.variableFiles.append((file.path, fact.body))
            case .autoVariableValues:
                autoValues[folder, default: []].append((file.path, fact.body))
            case .terragrunt:
                terragrunt.append(.init(path: file.path, body: fact.body, readPaths: reads))
                continue
            }
            folders[folder] = module
        }
        for (folder, files) in autoValues { folders[folder]?.variableFiles += files }
        // A Terragrunt unit calls its module from its folder (or, without a source, makes the
        // Terraform files beside it a root) and keeps its state where `remote_state` says.
        if !terragrunt.isEmpty {
            let configured = Set(folders.filter { !$0.value.declarations.isEmpty }.keys)
            let (units, problems) = Terragrunt.units(terragrunt, texts: texts, terraformFolders: configured)
            terragruntProblems = problems
            for (folder, unit) in units {
                var module = folders[folder] ?? TerraformFolder(path: folder)
                for declaration in unit.declarations { module.declare(declaration) }
                // Terragrunt's `TF_VAR_…` come before every variable file.
                if let variables = unit.variables { module.variableFiles.insert(variables, at: 0) }
                module.notes += unit.notes
                folders[folder] = module
            }
        }
        // Override files are merged after every ordinary file, in lexical order, as Terraform does.
        for (folder, files) in overrides {
            for (path, body) in files {
                for block in body.blocks { folders[folder]?.merge(override: block, from: path) }
            }
        }
        return (folders, terragruntProblems)
    }

    /// Adds a block of an ordinary configuration file, unless it declares again what an
    /// earlier block declares.
    mutating func declare(_ declaration: Declaration) {
        let block = declaration.block
        if Self.uniquelyNamed.contains(block.type) {
            let key = ([block.type] + block.labels).joined(separator: "\u{0}")
            if let first = named[key] {
                duplicates.append((declaration, declarations[first]))
                return
            }
            named[key] = declarations.count
        }
        declarations.append(declaration)
    }

    static func folder(of path: String) -> String {
        path.split(separator: "/").dropLast().joined(separator: "/")
    }

    /// Merges an override block into the block it names: its attributes replace the original's
    /// of the same name, and its nested blocks of a type replace all the original's of that type.
    /// `locals` entries simply come later, so they win.
    mutating func merge(override block: Block, from path: String) {
        var block = block
        // A `backend` or `cloud` block in an override replaces the module's, wherever its
        // `terraform` block is (either kind replaces the other), and keeps the override's path.
        if block.type == "terraform" {
            let isState: (Block) -> Bool = { $0.type == "backend" || $0.type == "cloud" }
            let state = block.body.blocks.filter(isState)
            if !state.isEmpty {
                for index in declarations.indices where declarations[index].block.type == "terraform" {
                    declarations[index].block.body.blocks.removeAll(where: isState)
                }
                var own = block
                own.body.attributes = []
                own.body.blocks = state
                declarations.append(Declaration(block: own, path: path))
                block.body.blocks.removeAll(where: isState)
                guard !block.body.blocks.isEmpty || !block.body.attributes.isEmpty else { return }
            }
        }
        guard block.type != "locals",
              let index = declarations.firstIndex(where: { $0.block.type == block.type && $0.block.labels == block.labels })
        else {
            declarations.append(Declaration(block: block, path: path))
            return
        }
        var merged = declarations[index].block
        for attribute in block.body.attributes {
            merged.body.attributes.removeAll { $0.name == attribute.name }
            merged.body.attributes.append(attribute)
        }
        let replacedTypes = Set(block.body.blocks.map(\.type))
        merged.body.blocks.removeAll { replacedTypes.contains($0.type) }
        merged.body.blocks += block.body.blocks
        declarations[index].block = merged
    }

    static func == (lhs: TerraformFolder, rhs: TerraformFolder) -> Bool {
        lhs.path == rhs.path && lhs.declarations == rhs.declarations && lhs.texts == rhs.texts
            && lhs.duplicates.elementsEqual(rhs.duplicates) { $0.again == $1.again && $0.first == $1.first }
            && lhs.variableFiles.elementsEqual(rhs.variableFiles) { $0.path == $1.path && $0.body == $1.body }
    }

    func blocks(ofType type: String) -> [Declaration] {
        declarations.filter { $0.block.type == type }
    }
}
