import HCL
import Model
import Synchronization

/// Terragrunt units (`terragrunt.hcl`) read as the Terraform runs Terragrunt makes of them
/// (docs/terraform.md, "Terragrunt").
///
/// A unit's `terraform { source = "../../modules//app" }` with its `inputs` is a call of that
/// module from the unit's folder, so the module is evaluated with the unit's values (and is no
/// root of its own); its `remote_state` is the backend of that root; the `provider` and
/// `terraform` blocks its `generate` blocks write are the root's. An `include` merges the
/// named configuration in as Terragrunt's default shallow merge does (the unit's own
/// `terraform`, `remote_state` and `generate` blocks win, `inputs` merge key by key).
/// Expressions are evaluated here, with Terraform's functions and these of Terragrunt's:
/// `find_in_parent_folders`, `read_terragrunt_config`, `path_relative_to_include`,
/// `path_relative_from_include`, `get_env` (its default only: the environment is not the
/// repository's). The others (`get_terragrunt_dir`, `get_aws_account_id`, `run_cmd`, …) are
/// unknown; nothing is ever run. An input that is a `dependency`'s output is read from the
/// unit the dependency names, when the roots are evaluated (`TerragruntDependency`).
enum Terragrunt {
    static let fileName = "terragrunt.hcl"
    /// The name the synthesized module call has in the unit's folder.
    static let callName = "terragrunt"
    /// How far up `find_in_parent_folders` looks for a file it names, and how deep
    /// `read_terragrunt_config` follows configurations reading configurations.
    static let parentLevels = 16
    static let readDepth = 4

    /// The paths, relative to a `terragrunt.hcl`'s folder, of the files it may read as text:
    /// every parent folder's file of each name a `find_in_parent_folders("NAME")` gives
    /// literally (`root.hcl`, `region.hcl`), and the literal relative paths an `include` or
    /// `read_terragrunt_config` names. Path-independent, as Terraform's reads are.
    static func reads(of body: Body) -> [String] {
        var paths = Set<String>()
        func inParents(_ name: String) {
            var prefix = ""
            for _ in 0..<parentLevels {
                prefix += "../"
                paths.insert(prefix + name)
            }
        }
        for call in body.calls(named: ["find_in_parent_folders", "read_terragrunt_config"]) {
            guard let argument = call.arguments.first else { continue }
            if let name = argument.staticString, !name.isEmpty, !name.hasPrefix("/") {
                if call.name == "read_terragrunt_config" { paths.insert(name) } else { inParents(name) }
            } else if call.name == "read_terragrunt_config", let rest = underParent(argument) {
                inParents(rest)
            }
        }
        let includes = body.blocks(ofType: "include")
        for include in includes {
            guard let expression = include.body.attribute(named: "path")?.expression else { continue }
            if let path = expression.staticString, !path.hasPrefix("/") { paths.insert(path) }
            if let rest = underParent(expression) { inParents(rest) }
        }
        // What an included file looks up is looked up from the unit's folder, and that file's
        // text is not known here: the names Terragrunt's layouts give such files are read.
        if !includes.isEmpty || !body.calls(named: ["read_terragrunt_config"]).isEmpty {
            for name in conventionalNames { inParents(name) }
        }
        return paths.sorted()
    }

    /// The files of the usual Terragrunt layouts that a configuration a unit includes looks up
    /// (`read_terragrunt_config(find_in_parent_folders("region.hcl"))` in `root.hcl`).
    static let conventionalNames = ["root.hcl", "account.hcl", "region.hcl", "env.hcl", "environment.hcl", "common.hcl", "global.hcl", "project.hcl"]

    /// `REST` of a path written `"${dirname(find_in_parent_folders("NAME"))}/REST"`, the way
    /// Terragrunt's layouts name a shared file beside the root one (`_envcommon/mysql.hcl`).
    static func underParent(_ expression: Expression) -> String? {
        guard case .template(let parts) = expression.kind, parts.count == 2,
              case .functionCall("dirname", let outer, _) = Self.unwrapped(parts[0]).kind, outer.count == 1,
              case .functionCall("find_in_parent_folders", _, _) = outer[0].kind,
              let rest = parts[1].staticString, rest.hasPrefix("/"), rest.count > 1
        else { return nil }
        return String(rest.dropFirst())
    }

    private static func unwrapped(_ expression: Expression) -> Expression {
        if case .templateWrap(let inner) = expression.kind { return unwrapped(inner) }
        if case .parentheses(let inner) = expression.kind { return unwrapped(inner) }
        return expression
    }

    /// One configuration file Terragrunt reads: a unit's `terragrunt.hcl`, or a file one reads.
    struct Configuration: Sendable {
        let path: String
        let body: Body
        /// For a unit, the repository paths it may read (``reads(of:)`` resolved from its
        /// folder, as ``TerraformFiles/reads(of:at:)`` gives them); empty for a file a unit
        /// includes, whose own lookups are made from the unit's folder.
        let readPaths: [String]
        var folder: String { TerraformFolder.folder(of: path) }
    }

    /// What a unit stands for in its folder: the declarations to add, and notes.
    struct Unit {
        var declarations: [TerraformFolder.Declaration] = []
        /// For a unit without a source, its inputs as values of the variables of the Terraform
        /// files beside it (Terragrunt passes them as `TF_VAR_…`, which variable files override).
        var variables: (path: String, body: Body)?
        var notes: [Diagnostic] = []
    }

    /// The declarations each unit's folder gets, by folder. `units` are the `terragrunt.hcl`
    /// files; `texts` the files read as text (by path), parsed here when a unit names them;
    /// `terraformFolders` the folders holding Terraform configuration files.
    static func units(_ units: [Configuration], texts: [String: String], terraformFolders: Set<String>) -> (units: [String: Unit], problems: [Diagnostic]) {
        var bodies: [String: Body] = [:]
        for unit in units { bodies[unit.path] = unit.body }
        var broken: [Diagnostic] = []
        for path in Set(units.flatMap(\.readPaths)).sorted() where bodies[path] == nil {
            guard let text = texts[path] else { continue }
            let parsed = NativeSyntax.parse(text)
            if let problem = parseProblem(parsed, path: path) { broken.append(problem) } else { bodies[path] = parsed.body }
        }
        // A file that does not parse is still there: a lookup stops at it (what it says is
        // unknown) rather than going on to another folder's file of the name.
        let shared = Files(bodies: bodies, broken: Set(broken.compactMap(\.path)), budget: EvaluationBudget(steps: 1), reads: ReadConfigs())
        var result: [String: Unit] = [:]
        var problems = broken
        // Each unit has its own budget, so one file that spends it leaves the other units known;
        // all of them together have ten such budgets, so a costly file every unit includes
        // cannot cost a unit's budget as many times as there are units.
        var left = 10 * evaluationSteps
        for unit in units {
            let files = shared.with(budget: EvaluationBudget(steps: max(0, min(evaluationSteps, left))))
            defer { left -= files.budget.spent }
            let synthesized = files.unit(unit, hasTerraformFiles: terraformFolders.contains(unit.folder))
            if let synthesized { result[unit.folder] = synthesized }
            if files.budget.isSpent {
                problems.append(Diagnostic(
                    .warning, "evaluating this Terragrunt unit took more steps than a check allows; what was left is unknown",
                    detail: "look for read_terragrunt_config chains or for expressions over large ranges in it and the files it reads",
                    path: unit.path, line: 1))
            }
        }
        return (result, problems)
    }

    /// The error of a file a unit reads that does not parse as HCL, located at its first error.
    /// What the units read from it is then not known, and a change making it so is an
    /// `unreadable-file` error, as a broken `terragrunt.hcl` is.
    static func parseProblem(_ parsed: ParseResult, path: String) -> Diagnostic? {
        guard let error = parsed.diagnostics.first(where: { $0.severity == .error }) else { return nil }
        return Diagnostic(
            .error, error.message,
            detail: "Terragrunt would refuse this file; what the units reading it set is not known",
            path: path, line: error.range.start.line)
    }

    /// What evaluating one unit may spend, with the files it includes and reads (and ten times
    /// this all units of a link together): a pull request's `.hcl` files could otherwise make a
    /// check run for hours.
    static let evaluationSteps = 2_000_000

    /// The configurations at hand, and the evaluation of their expressions.
    struct Files: Sendable {
        let bodies: [String: Body]
        /// Files a unit reads that do not parse.
        let broken: Set<String>
        var budget: EvaluationBudget
        /// `read_terragrunt_config`'s answers, shared by the units of a link.
        let reads: ReadConfigs

        /// The same files, evaluated under another budget.
        func with(budget: EvaluationBudget) -> Files {
            var copy = self
            copy.budget = budget
            return copy
        }

        /// Whether a file is there for a lookup (parsed or not).
        func exists(_ path: String) -> Bool { bodies[path] != nil || broken.contains(path) }

        /// The evaluation context of a configuration in `folder` (the unit's, for an included
        /// file), with its locals and, for a unit, what it includes.
        func context(folder: String, includeFolder: String?, locals: [String: Value], include: [String: Value] = [:], depth: Int) -> EvaluationContext {
            var context = EvaluationContext(
                variables: ["local": .object(locals), "include": .object(include), "dependency": .unknown, "dependencies": .unknown],
                functions: StandardFunctions.all.merging(functions(folder: folder, includeFolder: includeFolder, depth: depth)) { $1 })
            context.budget = budget
            return context
        }

        /// A configuration's `locals`, each evaluated once, after the locals it uses (written
        /// before or after it); one in a cycle is unknown. Each sees only the locals it names
        /// (all of them, unknown until evaluated, when it uses `local` whole), so a file of many
        /// locals costs in proportion to its size.
        func locals(of body: Body, folder: String, includeFolder: String?, include: [String: Value] = [:], depth: Int) -> [String: Value] {
            let attributes = body.blocks(ofType: "locals").flatMap(\.body.attributes)
            var byName: [String: Attribute] = [:]
            for attribute in attributes where byName[attribute.name] == nil { byName[attribute.name] = attribute }
            var context = context(folder: folder, includeFolder: includeFolder, locals: [:], include: include, depth: depth)
            var values: [String: Value] = [:]
            var visiting: Set<String> = []
            var uses: [String: (names: [String], whole: Bool)] = [:]
            // Depth first without recursion: a file's locals chained a thousand deep must not
            // exhaust the stack.
            for attribute in attributes where values[attribute.name] == nil {
                var stack: [(name: String, expanded: Bool)] = [(attribute.name, false)]
                while let (name, expanded) = stack.popLast() {
                    guard values[name] == nil, let local = byName[name] else { continue }
                    if expanded {
                        visiting.remove(name)
                        let used = uses[name] ?? ([], false)
                        var seen: [String: Value] = [:]
                        if used.whole {
                            for other in byName.keys { seen[other] = values[other] ?? .unknown }
                        } else {
                            for other in used.names where byName[other] != nil { seen[other] = values[other] ?? .unknown }
                        }
                        context.variables["local"] = .object(seen)
                        values[name] = local.expression.evaluate(in: context)
                        continue
                    }
                    guard visiting.insert(name).inserted else {
                        values[name] = .unknown
                        continue
                    }
                    stack.append((name, true))
                    var names: [String] = [], whole = false
                    for reference in local.expression.references where reference.path.first == "local" {
                        guard reference.path.count > 1 else {
                            whole = true
                            continue
                        }
                        names.append(reference.path[1])
                    }
                    uses[name] = (names, whole)
                    for used in (whole ? Array(byName.keys) : names) where values[used] == nil && byName[used] != nil && !visiting.contains(used) {
                        stack.append((used, false))
                    }
                }
            }
            return values
        }

        /// Terragrunt's functions as evaluated in `folder`. Paths are relative to it.
        func functions(folder: String, includeFolder: String?, depth: Int) -> [String: HCLFunction] {
            let files = self
            return [
                "find_in_parent_folders": HCLFunction("find_in_parent_folders") { arguments in
                    let name = arguments.first?.stringValue ?? Terragrunt.fileName
                    var parts = folder.split(separator: "/").map(String.init)
                    var up = ""
                    while !parts.isEmpty {
                        parts.removeLast()
                        up += "../"
                        let candidate = (parts + [name]).joined(separator: "/")
                        if files.exists(candidate) { return .string(up + name) }
                    }
                    return arguments.count > 1 ? arguments[1] : .unknown
                },
                "read_terragrunt_config": HCLFunction("read_terragrunt_config") { arguments in
                    guard let relative = arguments.first?.stringValue, let path = TerraformFiles.resolve(relative, from: folder) else {
                        return .unknown
                    }
                    guard let body = files.bodies[path] else {
                        // Not there: Terragrunt gives the default; there but broken: unknown.
                        return !files.broken.contains(path) && arguments.count > 1 ? arguments[1] : .unknown
                    }
                    guard depth < Terragrunt.readDepth else { return .unknown }
                    // By depth too: what a file reads further is cut off deeper down.
                    return files.reads.value(for: "\(depth)\u{0}\(path)", keep: { !files.budget.isSpent }) {
                        let own = TerraformFolder.folder(of: path)
                        let locals = files.locals(of: body, folder: own, includeFolder: nil, depth: depth + 1)
                        let context = files.context(folder: own, includeFolder: nil, locals: locals, depth: depth + 1)
                        var fields: [String: Value] = ["locals": .object(locals)]
                        if let inputs = body.attribute(named: "inputs") { fields["inputs"] = inputs.expression.evaluate(in: context) }
                        return .object(fields)
                    }
                },
                "path_relative_to_include": HCLFunction("path_relative_to_include") { _ in
                    .string(Terragrunt.relative(from: includeFolder ?? folder, to: folder))
                },
                "path_relative_from_include": HCLFunction("path_relative_from_include") { _ in
                    .string(Terragrunt.relative(from: folder, to: includeFolder ?? folder))
                },
                "get_env": HCLFunction("get_env") { arguments in arguments.count > 1 ? arguments[1] : .unknown },
                // Terraform's, which Terragrunt's layouts use on the paths above.
                "dirname": HCLFunction("dirname") { arguments in
                    guard let path = arguments.first?.stringValue else { return .unknown }
                    let parts = path.split(separator: "/", omittingEmptySubsequences: false).dropLast()
                    return .string(parts.isEmpty ? "." : parts.joined(separator: "/"))
                },
                "basename": HCLFunction("basename") { arguments in
                    guard let path = arguments.first?.stringValue else { return .unknown }
                    return .string(path.split(separator: "/").last.map(String.init) ?? path)
                },
            ]
        }

        /// What one `terragrunt.hcl` stands for, or nil when it is no unit: no module source of
        /// its own or included, and no Terraform files beside it (a configuration units include).
        func unit(_ unit: Configuration, hasTerraformFiles: Bool) -> Unit? {
            let folder = unit.folder
            // Terragrunt reads the includes before the locals: an include's path sees no local,
            // and the unit's locals see what it includes.
            var result = Unit()
            var included: [(name: String, configuration: Configuration, line: Int)] = []
            for block in unit.body.blocks(ofType: "include") {
                let context = context(folder: folder, includeFolder: nil, locals: [:], depth: 0)
                let line = block.range.start.line
                guard let value = block.body.attribute(named: "path")?.expression.evaluate(in: context).stringValue,
                      let path = TerraformFiles.resolve(value, from: folder), let body = bodies[path]
                else {
                    result.notes.append(Diagnostic(
                        .note, "this include is not read, so what it sets is not known",
                        detail: "Faultline reads terragrunt.hcl files, the files find_in_parent_folders(\"NAME\") names literally and the usual layout's (docs/terraform.md, Terragrunt); a file that does not parse is an error of its own",
                        path: unit.path, line: line))
                    continue
                }
                included.append((block.labels.first ?? "", Configuration(path: path, body: body, readPaths: []), line))
            }
            let includeFolder = included.first?.configuration.folder
            // Each included file's locals are its own, its paths the unit's.
            var parents: [(configuration: Configuration, context: EvaluationContext, line: Int)] = []
            var exposed: [String: Value] = [:]
            for (name, configuration, line) in included {
                let own = locals(of: configuration.body, folder: folder, includeFolder: configuration.folder, depth: 0)
                let context = context(folder: folder, includeFolder: configuration.folder, locals: own, depth: 0)
                var fields: [String: Value] = ["locals": .object(own)]
                if let inputs = configuration.body.attribute(named: "inputs") { fields["inputs"] = inputs.expression.evaluate(in: context) }
                exposed[name] = .object(fields)
                parents.append((configuration, context, line))
            }
            let own = locals(of: unit.body, folder: folder, includeFolder: includeFolder, include: exposed, depth: 0)
            let context = context(folder: folder, includeFolder: includeFolder, locals: own, include: exposed, depth: 0)
            let layers = parents.map { (path: $0.configuration.path, body: $0.configuration.body, context: $0.context, inputsLine: $0.line) }
                + [(path: unit.path, body: unit.body, context: context, inputsLine: nil as Int?)]

            // The module source: the last layer's that has one.
            var source: (value: Value, attribute: Attribute, path: String)?
            var inputs: [String: (value: Value, line: Int)] = [:]
            // Inputs that are a dependency's output (`dependency.vpc.outputs.id`), read from
            // that unit's state when the roots are evaluated (`TerraformRemoteState`).
            var deferred: [String: (expression: Expression, dependency: String)] = [:]
            var dependencies: [String: (block: Block, context: EvaluationContext, path: String)] = [:]
            var remoteState: (block: Block, context: EvaluationContext, path: String)?
            var generated: [String: (block: Block, context: EvaluationContext, path: String)] = [:]
            for layer in layers {
                for block in layer.body.blocks(ofType: "terraform") {
                    if let attribute = block.body.attribute(named: "source") {
                        source = (attribute.expression.evaluate(in: layer.context), attribute, layer.path)
                    }
                }
                if let block = layer.body.blocks(ofType: "remote_state").last { remoteState = (block, layer.context, layer.path) }
                for block in layer.body.blocks(ofType: "dependency") { if let name = block.labels.first { dependencies[name] = (block, layer.context, layer.path) } }
                for block in layer.body.blocks(ofType: "generate") { generated[block.labels.first ?? ""] = (block, layer.context, layer.path) }
                guard let attribute = layer.body.attribute(named: "inputs") else { continue }
                let lines = Self.itemLines(attribute)
                guard case .object(let fields) = attribute.expression.evaluate(in: layer.context) else {
                    result.notes.append(Diagnostic(
                        .note, "these inputs are not known before apply, so the module's variables keep their defaults",
                        path: unit.path, line: layer.inputsLine ?? attribute.range.start.line))
                    continue
                }
                let items = Self.itemExpressions(attribute)
                for (key, value) in fields {
                    inputs[key] = (value, layer.inputsLine ?? lines[key] ?? attribute.range.start.line)
                    deferred[key] = items[key].flatMap(TerragruntDependency.reference)
                }
            }
            guard source != nil || hasTerraformFiles else { return nil }

            // Every input is a variable's value: a key that is a module call's own argument
            // (`count`, `providers`) names no variable a module can declare.
            let values = inputs.keys.sorted().compactMap { key -> Attribute? in
                guard !TerraformModuleEvaluator.callMeta.contains(key), let input = inputs[key] else { return nil }
                if let reference = deferred[key] {
                    let range = Terragrunt.range(line: input.line)
                    return Attribute(name: key, expression: reference.expression, nameRange: range, range: range)
                }
                return Terragrunt.attribute(key, input.value, at: Terragrunt.range(line: input.line))
            }
            // A dependency an input reads is a remote state source of the unit, naming the
            // dependency's folder (a unit is the root of its folder).
            for name in Set(deferred.values.map(\.dependency)).sorted() {
                guard var (block, context, path) = dependencies[name] else { continue }
                let range = block.range
                // In a dependency's path, `get_terragrunt_dir()` is the unit's folder: `.` from it.
                context.functions["get_terragrunt_dir"] = HCLFunction("get_terragrunt_dir") { _ in .string(".") }
                let folderPath = block.body.attribute(named: "config_path")?.expression.evaluate(in: context).stringValue
                    .flatMap { $0.hasPrefix("/") ? nil : TerraformRemoteState.inRepository($0, from: folder) }
                result.declarations.append(.init(block: TerragruntDependency.source(name: name, folder: folderPath, at: range), path: path))
            }
            if let source {
                let range = source.attribute.range
                let attributes = [Terragrunt.attribute("source", Self.moduleSource(source.value), at: range)] + values
                let block = Terragrunt.block("module", [Terragrunt.callName], attributes: attributes, at: range)
                result.declarations.append(.init(block: block, path: source.path))
            } else if !values.isEmpty {
                result.variables = (unit.path, Body(attributes: values, blocks: [], range: Terragrunt.range(line: 1)))
            }
            if let remoteState, let backend = remoteState.block.body.attribute(named: "backend")?.expression.evaluate(in: remoteState.context).stringValue {
                let range = remoteState.block.range
                var settings: [Attribute] = []
                if case .object(let fields) = remoteState.block.body.attribute(named: "config")?.expression.evaluate(in: remoteState.context) {
                    for key in fields.keys.sorted() {
                        settings.append(Terragrunt.attribute(key, fields[key] ?? .unknown, at: range))
                    }
                }
                let state = Terragrunt.block("backend", [backend], attributes: settings, at: range)
                let terraform = Terragrunt.block("terraform", [], blocks: [state], at: range)
                result.declarations.append(.init(block: terraform, path: remoteState.path))
            }
            for label in generated.keys.sorted() {
                guard let (block, context, path) = generated[label] else { continue }
                if block.body.attribute(named: "disable")?.expression.evaluate(in: context) == .bool(true) { continue }
                // Only a file Terraform loads counts: `provider.tf`, not `provider.tf.example`.
                let written = block.body.attribute(named: "path")?.expression.evaluate(in: context).stringValue
                if let written, !written.hasSuffix(".tf"), !written.hasSuffix(".tofu"), !written.hasSuffix(".tf.json") { continue }
                guard let written, !written.hasSuffix(".json"),
                      let contents = block.body.attribute(named: "contents")?.expression.evaluate(in: context).stringValue
                else {
                    let why = switch written {
                    case nil: "where generate \"\(label)\" writes is not known before Terragrunt runs"
                    case let file? where file.hasSuffix(".json"): "generate \"\(label)\" writes JSON, which is not read here"
                    default: "what generate \"\(label)\" writes is not known before Terragrunt runs"
                    }
                    result.notes.append(Diagnostic(.note, why + ", so it is not read", path: path, line: block.range.start.line))
                    continue
                }
                let parsed = NativeSyntax.parse(contents)
                guard !parsed.diagnostics.contains(where: { $0.severity == .error }) else {
                    result.notes.append(Diagnostic(
                        .note, "what generate \"\(label)\" writes does not parse as HCL, so it is not read", path: path,
                        line: block.range.start.line))
                    continue
                }
                for written in parsed.body.blocks where written.type == "provider" || written.type == "terraform" {
                    result.declarations.append(.init(block: Self.literal(written, at: block.range), path: path))
                }
            }
            return result
        }

        /// The line of each item of an `inputs = { … }` written as an object, by key.
        /// The expression of each item of an `inputs = { … }` written as an object.
        static func itemExpressions(_ attribute: Attribute) -> [String: Expression] {
            guard case .object(let items) = attribute.expression.kind else { return [:] }
            var expressions: [String: Expression] = [:]
            for item in items {
                let key = item.key.staticString ?? item.key.traversalPath.flatMap { $0.count == 1 ? $0[0] : nil }
                if let key { expressions[key] = item.value }
            }
            return expressions
        }

        static func itemLines(_ attribute: Attribute) -> [String: Int] {
            guard case .object(let items) = attribute.expression.kind else { return [:] }
            var lines: [String: Int] = [:]
            for item in items {
                let key = item.key.staticString ?? item.key.traversalPath.flatMap { $0.count == 1 ? $0[0] : nil }
                if let key { lines[key] = item.value.range.start.line }
            }
            return lines
        }

        /// A module source as Terraform gets it: a local one without Terragrunt's `//`, which
        /// only marks where the module's folder starts inside what is copied.
        static func moduleSource(_ value: Value) -> Value {
            guard case .string(let text) = value, TerraformModuleEvaluator.isLocal(text) else { return value }
            // `./` and `../` alone stay local: `.` would read as a registry address.
            let joined = text.split(separator: "/", omittingEmptySubsequences: true).joined(separator: "/")
            return .string(TerraformModuleEvaluator.isLocal(joined) ? joined : joined + "/")
        }

        /// A block written by a `generate` block, with every value evaluated and every line that
        /// of the `generate` block: its own lines are of a text that is in no file.
        static func literal(_ block: Block, at range: SourceRange) -> Block {
            let context = EvaluationContext()
            let attributes = block.body.attributes.map { Terragrunt.attribute($0.name, $0.expression.evaluate(in: context), at: range) }
            return Terragrunt.block(block.type, block.labels, attributes: attributes, blocks: block.body.blocks.map { literal($0, at: range) }, at: range)
        }
    }

    /// An attribute holding a value Terragrunt's evaluation gave, located at `range`.
    static func attribute(_ name: String, _ value: Value, at range: SourceRange) -> Attribute {
        Attribute(name: name, expression: Expression(.literal(value), range: range), nameRange: range, range: range)
    }

    static func block(_ type: String, _ labels: [String], attributes: [Attribute] = [], blocks: [Block] = [], at range: SourceRange) -> Block {
        Block(
            type: type, labels: labels, body: Body(attributes: attributes, blocks: blocks, range: range), typeRange: range,
            labelRanges: labels.map { _ in range }, range: range)
    }

    /// The start of a line, where a value that came from elsewhere is located.
    static func range(line: Int) -> SourceRange {
        SourceRange(at: SourcePosition(line: line, column: 1, byte: 0))
    }

    /// `read_terragrunt_config`'s answers by path, shared by the evaluations of one run. A file
    /// reading itself, directly or through others, gets unknown.
    final class ReadConfigs: Sendable {
        private struct State {
            var values: [String: Value] = [:]
            var pending: Set<String> = []
        }

        private let state = Mutex(State())

        /// The value for `key`, computed once; kept for the next unit only when `keep` says so
        /// after computing (a value cut short by a spent budget is not).
        func value(for key: String, keep: () -> Bool, _ compute: () -> Value) -> Value {
            let known: Value? = state.withLock { state in
                if let value = state.values[key] { return value }
                return state.pending.insert(key).inserted ? nil : .unknown
            }
            if let known { return known }
            let value = compute()
            let kept = keep()
            state.withLock { state in
                if kept { state.values[key] = value }
                state.pending.remove(key)
            }
            return value
        }
    }

    /// `to` as a path relative to `from` (both repository folders): `prod/app`, `../..`, `.`.
    static func relative(from: String, to: String) -> String {
        let a = from.split(separator: "/"), b = to.split(separator: "/")
        var shared = 0
        while shared < min(a.count, b.count), a[shared] == b[shared] { shared += 1 }
        let parts = Array(repeating: "..", count: a.count - shared) + b[shared...].map(String.init)
        return parts.isEmpty ? "." : parts.joined(separator: "/")
    }
}

