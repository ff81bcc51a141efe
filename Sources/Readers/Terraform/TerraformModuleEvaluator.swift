import Foundation
import HCL
import Model

/// Evaluates Terraform modules the way `terraform plan` would see them statically: variables
/// (defaults, then `terraform.tfvars`, then `*.auto.tfvars` in lexical order, or a caller's
/// inputs), locals, provider configurations, `count` and `for_each`, and local child modules
/// read from the same commit. Nothing outside the commit is ever read.
struct TerraformModuleEvaluator {
    /// Deeper nesting of local modules is not followed; real configurations stay far below it.
    static let maximumDepth = 8

    let folders: [String: TerraformFolder]
    /// Module instances evaluated earlier in the run, by everything they read: a change to
    /// one module re-evaluates the instances it reaches and replays the rest.
    let calls: TerraformCallCache?
    private(set) var result = TerraformEvaluation()
    /// Folders evaluated at least once, as a root or as a called module.
    private var visited: Set<String> = []
    /// The folders each folder reaches, worked out once per evaluator.
    private var reaches: [String: TerraformModuleReach] = [:]
    /// How many module instances (roots included) this evaluation looked up in `calls`.
    private(set) var instancesAsked = 0

    init(folders: [String: TerraformFolder], calls: TerraformCallCache? = nil, budget: EvaluationBudget = EvaluationBudget(steps: Self.steps)) {
        self.folders = folders
        self.calls = calls
        self.budget = budget
    }

    /// The steps (`for` and splat iterations, function calls) one evaluation of a commit's
    /// Terraform may take, all its modules together; see ``EvaluationBudget``.
    static let steps = 1_000_000
    /// What every expression of this evaluation draws from.
    let budget: EvaluationBudget

    /// Evaluates every root module: a folder with configuration that no other folder calls as a
    /// local module.
    mutating func evaluateRoots() {
        for folder in folders.values.sorted(by: { $0.path < $1.path }) {
            for (again, first) in folder.duplicates {
                let name = ([again.block.type] + again.block.labels).joined(separator: " ")
                result.diagnostics.append(Diagnostic(
                    .warning, "\(name) is declared again (first at \(first.path):\(first.line)), which Terraform refuses",
                    detail: "Faultline reads the first declaration only", path: again.path, line: again.line))
            }
        }
        var called: Set<String> = []
        for (path, folder) in folders {
            for child in Self.calledFolders(of: folder) where child != path { called.insert(child) }
        }
        // The roots no folder calls share nothing: each is evaluated on its own, on every core
        // (a module repository's examples each call the whole module), and their findings
        // are joined in path order, as one evaluation after another would list them.
        let roots = folders.keys.filter { !called.contains($0) && folders[$0]?.declarations.isEmpty == false }.sorted()
        let shared = folders
        let calls = calls
        let budget = budget
        var evaluations = roots.concurrentMap { path in
            var evaluator = TerraformModuleEvaluator(folders: shared, calls: calls, budget: budget)
            evaluator.evaluateRoot(path)
            return evaluator
        }
        // Roots reading other roots' states (`data "terraform_remote_state"`) are evaluated
        // again with those roots' outputs, until the outputs they read stay the same.
        var given: [String: [String: Value]] = [:]
        let readsStates = evaluations.contains { !$0.result.remoteStateReads.isEmpty }
        for round in 0...TerraformRemoteState.maximumRounds where readsStates {
            let states = TerraformRemoteState.outputs(of: evaluations.map { ($0.rootPath ?? "", $0.rootOutputs, $0.result.backends) })
            var again: [Int] = []
            for (index, evaluator) in evaluations.enumerated() {
                guard let root = evaluator.rootPath, !evaluator.result.remoteStateReads.isEmpty else { continue }
                let read = TerraformRemoteState.data(evaluator.result.remoteStateReads, states: states)
                if read != given[root] ?? [:] {
                    given[root] = read
                    again.append(index)
                }
            }
            guard !again.isEmpty else { break }
            guard round < TerraformRemoteState.maximumRounds else {
                let first = evaluations[again[0]].result.remoteStateReads.first
                result.diagnostics.append(Diagnostic(
                    .warning, "the outputs roots read from each other's states still changed after \(TerraformRemoteState.maximumRounds) rounds (a chain of more than \(TerraformRemoteState.maximumRounds) roots, or roots feeding each other), so they are read as far as those rounds got",
                    detail: "roots reading states in a loop cannot be applied from scratch", path: first?.path ?? roots[again[0]], line: first?.line))
                break
            }
            let reads = given
            let redone = again.concurrentMap { index in
                var evaluator = TerraformModuleEvaluator(folders: shared, calls: calls, budget: budget)
                evaluator.evaluateRoot(roots[index], remoteStates: reads[roots[index]] ?? [:])
                return evaluator
            }
            for (index, evaluator) in zip(again, redone) { evaluations[index] = evaluator }
        }
        let states = readsStates ? Set(TerraformRemoteState.outputs(of: evaluations.map { ($0.rootPath ?? "", $0.rootOutputs, $0.result.backends) }).keys) : []
        for evaluator in evaluations {
            instancesAsked += evaluator.instancesAsked
            result.diagnostics += TerraformRemoteState.notes(evaluator.result.remoteStateReads, states: states)
            result.resources += evaluator.result.resources
            result.opaqueModules += evaluator.result.opaqueModules
            result.moduleInputs += evaluator.result.moduleInputs
            result.backends += evaluator.result.backends
            result.fetches += evaluator.result.fetches
            result.diagnostics += evaluator.result.diagnostics
            visited.formUnion(evaluator.visited)
        }
        // Folders only reachable through a cycle of calls are read as roots too, after the others.
        for path in folders.keys.filter(called.contains).sorted() where !visited.contains(path) {
            evaluateRoot(path)
        }
        if budget.isSpent, let first = roots.first {
            result.diagnostics.append(Diagnostic(
                .warning, "evaluating this commit's Terraform took more than \(budget.steps) steps, so what was left is read as unknown",
                detail: "no configuration needs this much computing; look for `for` expressions over large ranges",
                path: folders[first]?.declarations.first?.path ?? first, line: nil))
        }
    }

    /// The root module this evaluator evaluated, and its outputs.
    private(set) var rootPath: String?
    private(set) var rootOutputs: Value = .unknown

    /// Evaluates a folder as a root module, with its `tfvars` files as inputs and the outputs
    /// of the states its `terraform_remote_state` sources read (by their names).
    private mutating func evaluateRoot(_ path: String, remoteStates: [String: Value] = [:]) {
        guard let folder = folders[path], !folder.declarations.isEmpty else { return }
        rootPath = path
        var budgeted = EvaluationContext()
        budgeted.budget = budget
        let readsStates = folder.blocks(ofType: "data").contains { $0.block.labels.first == TerraformRemoteState.type }
        // A Terragrunt unit without a source passes a dependency's output as a variable's value.
        if readsStates { budgeted.variables["data"] = .object([TerraformRemoteState.type: .object(remoteStates)]) }
        var inputs: [String: Value] = [:]
        var lines = Self.defaultLines(of: folder)
        for file in folder.variableFiles {
            for attribute in file.body.attributes {
                inputs[attribute.name] = attribute.expression.evaluate(in: budgeted)
                lines[attribute.name] = .init(path: file.path, line: attribute.range.start.line, forwards: nil)
            }
        }
        result.moduleInputs.append(.init(prefix: Self.rootPrefix(path), callerPrefix: "", inputs: lines))
        result.backends += Self.backends(of: folder)
        result.diagnostics += folder.notes
        result.fetches += Self.fetches(ofRoot: path, folders: folders)
        // A root reading remote states is evaluated afresh: what it reads is not among what
        // the instance cache keys its evaluations by, and its reads are recorded as it goes.
        if readsStates {
            inputs[TerraformRemoteState.input] = .object(remoteStates)
            rootOutputs = evaluate(folder, prefix: Self.rootPrefix(path), inputs: inputs, providers: [:], stack: [path])
        } else {
            rootOutputs = evaluate(folder: path, prefix: Self.rootPrefix(path), inputs: inputs, providers: [:], stack: [path])
        }
    }

    /// The URLs the `data "http"` sources of a root module and the folders its local calls
    /// reach fetch, where written as literals: Terraform reads them on every plan and apply.
    static func fetches(ofRoot root: String, folders: [String: TerraformFolder]) -> [TerraformEvaluation.Fetch] {
        var fetches: [TerraformEvaluation.Fetch] = []
        for reached in TerraformModuleReach(root: root, folders: folders).reached {
            for declaration in reached.folder?.blocks(ofType: "data") ?? [] where declaration.block.labels.first == "http" {
                guard let attribute = declaration.block.body.attribute(named: "url"), let url = attribute.expression.staticString,
                      url.hasPrefix("https://") || url.hasPrefix("http://") else { continue }
                fetches.append(.init(root: root, url: url, path: declaration.path, line: attribute.range.start.line))
            }
        }
        return fetches
    }

    /// Where a root module keeps its state: the `backend` or `cloud` block of its `terraform`
    /// blocks, whose settings Terraform takes only as literals (anything else is left out).
    static func backends(of folder: TerraformFolder) -> [TerraformEvaluation.Backend] {
        var backends: [TerraformEvaluation.Backend] = []
        for declaration in folder.blocks(ofType: "terraform") {
            for block in declaration.block.body.blocks where block.type == "backend" || block.type == "cloud" {
                let type = block.type == "cloud" ? "cloud" : block.labels.first ?? ""
                var settings: [String: String] = [:]
                for attribute in block.body.attributes {
                    switch attribute.expression.evaluate(in: EvaluationContext()) {
                    case .string(let text): settings[attribute.name] = text
                    case .object(let fields):
                        // `endpoints = { s3 = "…", dynamodb = "…" }`
                        for (key, field) in fields { if case .string(let text) = field { settings["\(attribute.name).\(key)"] = text } }
                    default: break
                    }
                }
                backends.append(.init(
                    root: folder.path, type: type, settings: settings, path: declaration.path, line: block.range.start.line))
            }
        }
        return backends
    }

    /// What a root module's addresses start with in component ids: nothing for the repository's
    /// top folder, else the folder and a slash (`tf:prod/aws_s3_bucket.assets`). Roots are
    /// separate deployments — `prod/` and `staging/` calling one module in two regions are two
    /// buckets, not one bucket in both regions — so the same address in two roots must not be
    /// one component.
    static func rootPrefix(_ path: String) -> String {
        path.isEmpty ? "" : path + "/"
    }

    /// The folders a folder's local module calls with a literal source name, resolved against
    /// it, as `callModules` follows them.
    static func calledFolders(of folder: TerraformFolder) -> [String] {
        folder.blocks(ofType: "module").compactMap { call in
            guard let source = call.block.body.attribute(named: "source")?.expression.staticString, isLocal(source) else { return nil }
            return resolve(source, from: folder.path)
        }
    }

    /// Where each variable of a module with a default gets it: the `default` argument's line,
    /// which a caller's argument or a variable file then replaces.
    static func defaultLines(of folder: TerraformFolder?) -> [String: TerraformEvaluation.InputLine] {
        var lines: [String: TerraformEvaluation.InputLine] = [:]
        for declaration in folder?.blocks(ofType: "variable") ?? [] {
            guard let name = declaration.block.labels.first, let value = declaration.block.body.attribute(named: "default") else { continue }
            lines[name] = .init(path: declaration.path, line: value.range.start.line, forwards: nil)
        }
        return lines
    }

    /// The variable an expression is, when it is one as written (`var.multi_az`,
    /// `"${var.multi_az}"`): an argument that passes a module's input on unchanged.
    static func forwardedVariable(_ expression: HCL.Expression) -> String? {
        switch expression.kind {
        case .getAttribute(let base, let name):
            if case .variable("var") = base.kind { return name }
            return nil
        case .templateWrap(let inner), .parentheses(let inner): return forwardedVariable(inner)
        default: return nil
        }
    }

    static func isLocal(_ source: String) -> Bool {
        source.hasPrefix("./") || source.hasPrefix("../")
    }

    /// The folder a local source names, relative to the calling folder, with `.` and `..` resolved.
    static func resolve(_ source: String, from folder: String) -> String {
        var parts = folder.split(separator: "/").map(String.init)
        for part in source.split(separator: "/").map(String.init) {
            switch part {
            case ".", "": continue
            case "..": if !parts.isEmpty { parts.removeLast() }
            default: parts.append(part)
            }
        }
        return parts.joined(separator: "/")
    }

    /// The state of one module instance while it is evaluated.
    private struct Scope {
        var variables: [String: Value] = [:]
        var locals: [String: Value] = [:]
        var modules: [String: Value] = [:]
        /// `data`, when the root reads remote states: their outputs (see `TerraformRemoteState`).
        var data: Value?
        /// Each resource's value by type, then name (see ``setRoots(_:)``).
        private(set) var resourceRoots: [String: [String: Value]] = [:]
        /// The same as one value per type, which every context shares: built when the roots
        /// change, not for each expression (building it per context was about a third of
        /// evaluating a large module).
        private var resourceTypes: [String: Value] = [:]
        private let path: Value
        /// The standard functions, with `file` and `templatefile` reading the folder's texts.
        private let functions: [String: HCLFunction]
        private let budget: EvaluationBudget
        /// The root module's folder.
        let root: String
        private static let terraform: Value = .object(["workspace": .string("default")])
        private static let markers = (open: TerraformMarker.open, unknownPart: TerraformMarker.unknownPart)

        /// A scope for an instance of `folder` evaluated as part of the root module at `root`:
        /// `path.module` is the folder relative to the root, as in Terraform, and relative
        /// paths start at the root.
        init(folder: TerraformFolder, root: String, budget: EvaluationBudget) {
            path = .object([
                "module": .string(TerraformFiles.modulePath(folder.path, root: root)), "root": .string("."), "cwd": .string("."),
            ])
            functions = TerraformFiles.functions(texts: folder.texts, root: root, markers: Self.markers, budget: budget)
            self.budget = budget
            self.root = root
        }

        mutating func setRoots(_ change: (inout [String: [String: Value]]) -> Void) {
            change(&resourceRoots)
            resourceTypes = resourceRoots.mapValues { .object($0) }
        }

        /// What an expression in the module sees. `extra` (an instance's `count` or `each`)
        /// comes first, then `var`, `local`, `module`, `path` and `terraform`, then the
        /// resource types.
        func context(_ extra: [String: Value] = [:]) -> EvaluationContext {
            var variables: [String: Value] = [
                "var": .object(self.variables), "local": .object(locals), "module": .object(modules), "path": path,
                "terraform": Self.terraform,
            ]
            if let data { variables["data"] = data }
            // `resource.aws_s3_bucket.assets` is another way to write `aws_s3_bucket.assets`.
            variables["resource"] = .object(resourceTypes)
            if !extra.isEmpty { variables.merge(extra) { $1 } }
            var context = EvaluationContext(variables: variables, sharedVariables: resourceTypes, functions: functions)
            context.markers = Self.markers
            context.budget = budget
            return context
        }
    }

    /// One instance of a block with `count` or `for_each`: its address suffix and the names it binds.
    private struct Instance {
        var key: String
        var bindings: [String: Value]
        /// How the instance is reached from its block's root value.
        var index: Value?
    }

    /// Evaluates one module instance and returns its outputs; an instance the run has
    /// evaluated with the same inputs (see `TerraformCall`) gives back what it found then.
    private mutating func evaluate(
        folder path: String, prefix: String, inputs: [String: Value], providers: [String: [String: Value]], stack: [String]
    ) -> Value {
        guard let folder = folders[path] else { return .unknown }
        guard let calls else { return evaluate(folder, prefix: prefix, inputs: inputs, providers: providers, stack: stack) }
        let reach = reaches[path] ?? TerraformModuleReach(root: path, folders: folders)
        reaches[path] = reach
        let call = TerraformCall(reach: reach, prefix: prefix, inputs: inputs, providers: providers, stack: stack)
        instancesAsked += 1
        if let known = calls.value(for: call) {
            result.resources += known.found.resources
            result.opaqueModules += known.found.opaqueModules
            result.moduleInputs += known.found.moduleInputs
            result.diagnostics += known.found.diagnostics
            visited.formUnion(known.visited)
            return known.outputs
        }
        let start = (
            resources: result.resources.count, opaque: result.opaqueModules.count, inputs: result.moduleInputs.count,
            diagnostics: result.diagnostics.count)
        // The folders this call visits, whether or not the evaluation visited them before it:
        // a replay elsewhere must mark every one (a folder left unmarked is read as a root).
        let visitedBefore = visited
        visited = []
        let outputs = evaluate(folder, prefix: prefix, inputs: inputs, providers: providers, stack: stack)
        let visitedByCall = visited
        visited = visitedBefore.union(visitedByCall)
        let found = TerraformEvaluation(
            resources: Array(result.resources[start.resources...]), opaqueModules: Array(result.opaqueModules[start.opaque...]),
            moduleInputs: Array(result.moduleInputs[start.inputs...]), diagnostics: Array(result.diagnostics[start.diagnostics...]))
        // An evaluation cut short by the budget is not one to replay for another commit.
        if !budget.isSpent { calls.store(TerraformCallEvaluation(outputs: outputs, found: found, visited: visitedByCall), for: call) }
        return outputs
    }

    private mutating func evaluate(
        _ folder: TerraformFolder, prefix: String, inputs: [String: Value], providers inherited: [String: [String: Value]], stack: [String]
    ) -> Value {
        let path = folder.path
        visited.insert(path)
        var scope = Scope(folder: folder, root: stack.first ?? path, budget: budget)
        var remoteStates: [String: Value] = [:]
        if let states = inputs[TerraformRemoteState.input] { remoteStates[TerraformRemoteState.type] = states }
        var defaults = EvaluationContext()
        defaults.budget = budget
        var types: [String: HCL.Expression] = [:]
        // `nullable = false`: a caller's null takes the default instead, as Terraform does.
        var notNullable: Set<String> = []
        for declaration in folder.blocks(ofType: "variable") {
            guard let name = declaration.block.labels.first else { continue }
            types[name] = declaration.block.body.attribute(named: "type")?.expression
            let defaultValue = declaration.block.body.attribute(named: "default")?.expression.evaluate(in: defaults)
            scope.variables[name] = defaultValue ?? .unknown
            if let defaultValue, defaultValue != .null,
               case .bool(false)? = declaration.block.body.attribute(named: "nullable")?.expression.evaluate(in: defaults) {
                notNullable.insert(name)
            }
        }
        for (name, value) in inputs where scope.variables[name] != nil && !(value == .null && notNullable.contains(name)) {
            scope.variables[name] = value
        }
        // Values take their declared type: `optional(string, "us-east-1")` fills in what an
        // object leaves out, as Terraform does before anything reads the variable.
        for (name, type) in types {
            if let value = scope.variables[name] { scope.variables[name] = TerraformType.convert(value, to: type) }
        }
        let localExpressions = folder.blocks(ofType: "locals").flatMap(\.block.body.attributes)
        let resources = folder.blocks(ofType: "resource").filter { $0.block.labels.count == 2 }

        // Identities first: they need no evaluation, and everything else may reference them.
        scope.setRoots { roots in
            for declaration in resources {
                let (type, name) = (declaration.block.labels[0], declaration.block.labels[1])
                roots[type, default: [:]][name] = .unknown
            }
        }
        var providers = inherited
        var instances: [TerraformResource] = []
        // Round 0 finds the resources' own values, so that locals built from them are known
        // when round 1 calls the child modules; round 2 sees the modules' outputs.
        for round in 0..<3 {
            Self.settle(localExpressions, in: &scope)
            let zones = Self.privateZones(of: folder, prefix: prefix, in: scope.context())
            var data = remoteStates
            if !zones.isEmpty { data["aws_route53_zone"] = .object(zones) }
            scope.data = data.isEmpty ? nil : .object(data)
            providers = inherited
            for declaration in folder.blocks(ofType: "provider") {
                guard let name = declaration.block.labels.first else { continue }
                let values = Self.values(of: declaration.block.body, in: scope.context())
                let key = values["alias"]?.stringValue.map { "\(name).\($0)" } ?? name
                providers[key] = values
            }
            instances = []
            for declaration in resources {
                instances += resourceInstances(declaration, prefix: prefix, scope: scope, providers: providers, reporting: round == 2)
            }
            // Grouped once: filtering every instance for each declaration was quadratic in
            // the folder's resources.
            var own: [String: [String: [TerraformResource]]] = [:]
            for instance in instances { own[instance.type, default: [:]][instance.name, default: []].append(instance) }
            scope.setRoots { roots in
                for declaration in resources {
                    let (type, name) = (declaration.block.labels[0], declaration.block.labels[1])
                    roots[type, default: [:]][name] = Self.root(of: own[type]?[name] ?? [], declaration: declaration)
                }
            }
            if round == 1 {
                for attribute in localExpressions { scope.locals[attribute.name] = attribute.expression.evaluate(in: scope.context()) }
                scope.modules = callModules(of: folder, prefix: prefix, scope: scope, providers: providers, stack: stack)
            }
        }
        result.resources += instances
        if stack.count == 1, inputs[TerraformRemoteState.input] != nil {
            result.remoteStateReads += TerraformRemoteState.reads(of: folder, root: path) { scope.context($0) }
        } else if stack.count > 1 {
            result.diagnostics += TerraformRemoteState.childNotes(of: folder)
        }
        var outputs: [String: Value] = [:]
        // A Terragrunt unit's state holds its source module's outputs.
        if stack.count == 1, folder.blocks(ofType: "module").contains(where: { $0.block.labels.first == Terragrunt.callName && $0.path.hasSuffix(Terragrunt.fileName) }),
           case .object(let unit)? = scope.modules[Terragrunt.callName]
        {
            outputs = unit
        }
        for declaration in folder.blocks(ofType: "output") {
            guard let name = declaration.block.labels.first else { continue }
            outputs[name] = declaration.block.body.attribute(named: "value")?.expression.evaluate(in: scope.context()) ?? .unknown
        }
        return .object(outputs)
    }

    /// The hosted zones the folder's `data "aws_route53_zone"` sources look up as private
    /// (`private_zone = true`, or a `vpc_id`), by name, each with its `zone_id` and `id` a
    /// marker saying so: a record in one faces no users. A source with `count` or `for_each`
    /// is left unknown, as are the others' values.
    private static func privateZones(of folder: TerraformFolder, prefix: String, in context: EvaluationContext) -> [String: Value] {
        var zones: [String: Value] = [:]
        for declaration in folder.blocks(ofType: "data") where declaration.block.labels.count == 2 && declaration.block.labels[0] == "aws_route53_zone" {
            let body = declaration.block.body
            guard body.attribute(named: "count") == nil, body.attribute(named: "for_each") == nil else { continue }
            let lookup = body.attribute(named: "private_zone")?.expression.evaluate(in: context)
            let vpc = body.attribute(named: "vpc_id")?.expression.evaluate(in: context)
            guard lookup == .bool(true) || lookup == .string("true") || (vpc != nil && vpc != .null) else { continue }
            let name = declaration.block.labels[1]
            let marker = Value.string(TerraformMarker.marker(TerraformMarker.privateZone("\(prefix)data.aws_route53_zone.\(name)")))
            zones[name] = .object(["zone_id": marker, "id": marker])
        }
        return zones
    }

    /// The value other blocks see for a resource: its own known attributes, with markers for
    /// the attributes that identify it; a tuple for `count`, an object for `for_each`.
    private static func root(of instances: [TerraformResource], declaration: TerraformFolder.Declaration) -> Value {
        func value(_ instance: TerraformResource) -> Value {
            var fields = instance.values
            fields.reserveCapacity(fields.count + TerraformMarker.identityAttributes.count)
            let marker = Value.string(TerraformMarker.marker(instance.id))
            for attribute in TerraformMarker.identityAttributes { fields[attribute] = marker }
            for (block, attributes) in TerraformMarker.nestedIdentityAttributes {
                guard let written = fields[block] else { continue }
                fields[block] = TerraformMarker.marking(written, attributes, with: marker)
            }
            return .object(fields)
        }
        let body = declaration.block.body
        // One instance standing for all of them (its count or for_each unknown, or too many):
        // whichever instance a reference picks is that one, so the reference is its marker.
        if body.attribute(named: "count") != nil || body.attribute(named: "for_each") != nil,
            let only = instances.first, instances.count == 1, only.instanceKey.isEmpty
        {
            return .string(TerraformMarker.marker(only.id))
        }
        if body.attribute(named: "count") != nil {
            return instances.allSatisfy({ !$0.instanceKey.isEmpty }) ? .tuple(instances.map(value)) : .unknown
        }
        if body.attribute(named: "for_each") != nil {
            guard instances.allSatisfy({ !$0.instanceKey.isEmpty }) else { return .unknown }
            var fields: [String: Value] = [:]
            for instance in instances {
                let key = String(instance.instanceKey.dropFirst(2).dropLast(2))
                fields[key] = value(instance)
            }
            return .object(fields)
        }
        return instances.first.map(value) ?? .unknown
    }

    private mutating func resourceInstances(
        _ declaration: TerraformFolder.Declaration, prefix: String, scope: Scope, providers: [String: [String: Value]], reporting: Bool
    ) -> [TerraformResource] {
        let (type, name) = (declaration.block.labels[0], declaration.block.labels[1])
        let body = declaration.block.body
        let providerKey = Self.providerKey(body.attribute(named: "provider")?.expression) ?? String(type.prefix { $0 != "_" })
        let instances = expand(body, scope: scope, what: "\(type).\(name)", path: declaration.path, reporting: reporting)
        return instances.map { instance in
            var resource = TerraformResource(
                type: type, name: name, modulePrefix: prefix, instanceKey: instance.key,
                values: Self.values(of: body, in: scope.context(instance.bindings)), body: body,
                providerKey: providerKey, providerValues: providers[providerKey] ?? [:],
                path: declaration.path, line: declaration.line)
            resource.root = scope.root
            return resource
        }
    }

    /// `aws.west` from `provider = aws.west` (or the JSON form `"aws.west"`).
    static func providerKey(_ expression: HCL.Expression?) -> String? {
        guard let expression else { return nil }
        if let path = expression.traversalPath { return path.joined(separator: ".") }
        if case .templateWrap(let inner) = expression.kind, let path = inner.traversalPath { return path.joined(separator: ".") }
        return expression.staticString
    }

    /// The most instances one `count` or `for_each` is expanded into; more stand for one.
    static let maxInstances = 1_000

    /// The instances `count` or `for_each` make, or one instance when there is neither. When
    /// the value is not statically known, or makes more than ``maxInstances``, there is one
    /// instance standing for all of them.
    private mutating func expand(_ body: Body, scope: Scope, what: String, path: String, reporting: Bool) -> [Instance] {
        func tooMany(_ n: Int, _ argument: Attribute) -> [Instance] {
            // Past the budget instead, the evaluation's own warning says what happened.
            if reporting, n > Self.maxInstances {
                result.diagnostics.append(Diagnostic(
                    .warning, "\(argument.name) of \(what) makes \(n) instances, more than the \(Self.maxInstances) Faultline expands, so it is read as one instance",
                    detail: "a topology of that many copies says no more about outages than one; check the value is what you meant",
                    path: path, line: argument.range.start.line))
            }
            let unknown: Value = .object(argument.name == "count" ? ["index": .unknown] : ["key": .unknown, "value": .unknown])
            return [Instance(key: "", bindings: [argument.name == "count" ? "count" : "each": unknown])]
        }
        if let count = body.attribute(named: "count") {
            // Terraform converts a whole-number string such as `"3"` to the number `count` needs.
            if let n = count.expression.evaluate(in: scope.context()).asInt, n >= 0 {
                // Instances are work too: modules of 1,000 instances nested eight deep would not end.
                if n > Self.maxInstances || !budget.canSpend(n) { return tooMany(n, count) }
                return (0..<n).map { Instance(key: "[\($0)]", bindings: ["count": .object(["index": .int($0)])], index: .int($0)) }
            }
            if reporting {
                result.diagnostics.append(Diagnostic(
                    .note, "count of \(what) is not known before apply, so it is read as one instance",
                    detail: "use a value from variables, locals or literals to let Faultline see every instance", path: path,
                    line: count.range.start.line))
            }
            return [Instance(key: "", bindings: ["count": .object(["index": .unknown])])]
        }
        if let forEach = body.attribute(named: "for_each") {
            let value = forEach.expression.evaluate(in: scope.context())
            var pairs: [(String, Value)]?
            switch value {
            case .object(let fields): pairs = fields.keys.sorted().compactMap { key in fields[key].map { (key, $0) } }
            case .tuple(let items):
                let keys = items.compactMap(\.stringValue)
                if keys.count == items.count { pairs = Array(Set(keys)).sorted().map { ($0, .string($0)) } }
            default: break
            }
            if let pairs {
                if pairs.count > Self.maxInstances || !budget.canSpend(pairs.count) { return tooMany(pairs.count, forEach) }
                return pairs.map { key, value in
                    Instance(key: "[\"\(key)\"]", bindings: ["each": .object(["key": .string(key), "value": value])], index: .string(key))
                }
            }
            if reporting {
                result.diagnostics.append(Diagnostic(
                    .note, "for_each of \(what) is not known before apply, so it is read as one instance",
                    detail: "use a map or set from variables, locals or literals to let Faultline see every instance", path: path,
                    line: forEach.range.start.line))
            }
            return [Instance(key: "", bindings: ["each": .object(["key": .unknown, "value": .unknown])])]
        }
        return [Instance(key: "", bindings: [:])]
    }

    /// A body as a value: attributes evaluated, nested blocks as tuples of objects under their
    /// type, `dynamic` blocks expanded when their `for_each` is known.
    static func values(of body: Body, in context: EvaluationContext) -> [String: Value] {
        var fields: [String: Value] = [:]
        for attribute in body.attributes {
            fields[attribute.name] = attribute.expression.evaluate(in: context)
        }
        var nested: [String: [Value]] = [:]
        for block in body.blocks {
            if block.type == "dynamic", let type = block.labels.first {
                guard let content = block.body.blocks(ofType: "content").first else { continue }
                let iterator = block.body.attribute(named: "iterator")?.expression.traversalPath?.first ?? type
                let collection = block.body.attribute(named: "for_each")?.expression.evaluate(in: context)
                let items: [(Value, Value)]
                switch collection {
                case .object(let map): items = map.keys.sorted().compactMap { key in map[key].map { (.string(key), $0) } }
                case .tuple(let list): items = list.enumerated().map { (.int($0.offset), $0.element) }
                default: continue
                }
                // Each block made is work: a pull request's nested dynamic blocks draw from the budget.
                guard context.budget?.canSpend(items.count) ?? (items.count <= Self.maxInstances) else { continue }
                for (key, value) in items {
                    var inner = context
                    inner.variables[iterator] = .object(["key": key, "value": value])
                    nested[type, default: []].append(.object(values(of: content.body, in: inner)))
                }
            } else {
                nested[block.type, default: []].append(.object(values(of: block.body, in: context)))
            }
        }
        for (type, items) in nested where fields[type] == nil { fields[type] = .tuple(items) }
        return fields
    }

    /// The arguments of a module call that Terraform reads itself, not the module.
    static let callMeta: Set<String> = ["source", "version", "count", "for_each", "providers", "depends_on"]

    /// The provider configurations a module call passes on: the caller's default ones, and
    /// aliased ones only through its `providers` argument.
    static func childProviders(of body: Body, from providers: [String: [String: Value]]) -> [String: [String: Value]] {
        var childProviders = providers.filter { !$0.key.contains(".") }
        if case .object(let items) = body.attribute(named: "providers")?.expression.kind {
            for item in items {
                guard let key = Self.providerKey(item.key), let value = Self.providerKey(item.value) else { continue }
                childProviders[key] = providers[value] ?? [:]
            }
        }
        return childProviders
    }

    /// A call of a registry module Faultline knows (`TerraformRegistryModules`): each instance
    /// is one resource of the module's type with the call's arguments, identified as the call
    /// (`tf:module.assets`); returns the outputs the caller sees, each naming its instance.
    private mutating func readRegistryModule(
        _ model: TerraformRegistryModules.Model, source: String, name: String, declaration: TerraformFolder.Declaration, prefix: String, scope: Scope,
        providers: [String: [String: Value]]
    ) -> Value {
        let body = declaration.block.body
        let providerKey = String(model.type.prefix { $0 != "_" })
        var named: [(Instance, Value)] = []
        for instance in expand(body, scope: scope, what: "module.\(name)", path: declaration.path, reporting: true) {
            var inputs: [String: Value] = [:]
            for attribute in body.attributes where !Self.callMeta.contains(attribute.name) {
                inputs[attribute.name] = attribute.expression.evaluate(in: scope.context(instance.bindings))
            }
            for nested in body.blocks { inputs[nested.type] = .object(Self.values(of: nested.body, in: scope.context(instance.bindings))) }
            let callID = "tf:\(prefix)module.\(name)\(instance.key)"
            if let parts = model.parts?(inputs, callID) {
                if parts.switchedOff { continue }
                // Nothing it can place (a VPC whose zones are not known): one opaque component, as
                // for any module Faultline does not know.
                guard !parts.resources.isEmpty else {
                    result.opaqueModules.append(.init(id: callID, source: source, path: declaration.path, line: declaration.line, root: scope.root))
                    named.append((instance, .string(TerraformMarker.marker(callID))))
                    continue
                }
                for part in parts.resources {
                    var resource = TerraformResource(
                        type: part.type, name: name, modulePrefix: prefix, instanceKey: instance.key, values: part.values, body: body,
                        providerKey: providerKey, providerValues: providers[providerKey] ?? [:], path: declaration.path, line: declaration.line)
                    resource.callID = part.id
                    resource.root = scope.root
                    result.resources.append(resource)
                }
                // The outputs it names; the others are not known.
                named.append((instance, .object(parts.outputs)))
                continue
            }
            guard let values = model.arguments(inputs) else { continue }
            var resource = TerraformResource(
                type: model.type, name: name, modulePrefix: prefix, instanceKey: instance.key, values: values, body: body,
                providerKey: providerKey, providerValues: providers[providerKey] ?? [:], path: declaration.path, line: declaration.line)
            resource.callID = callID
            resource.root = scope.root
            resource.callArguments = model.lines
            result.resources.append(resource)
            named.append((instance, .string(TerraformMarker.marker(resource.id))))
        }
        if body.attribute(named: "count") != nil {
            return named.allSatisfy({ !$0.0.key.isEmpty }) ? .tuple(named.map(\.1)) : .unknown
        }
        if body.attribute(named: "for_each") != nil {
            var fields: [String: Value] = [:]
            for (instance, value) in named { if let key = instance.index?.stringValue { fields[key] = value } }
            return .object(fields)
        }
        return named.first?.1 ?? .unknown
    }

    /// Module calls ordered so that a call comes after the calls its arguments read
    /// (`module.NAME`), otherwise in the order written; a cycle is broken where it is entered.
    static func dependencyOrder(_ calls: [TerraformFolder.Declaration], locals: [Attribute] = []) -> [TerraformFolder.Declaration] {
        var indexByName: [String: Int] = [:]
        for (index, call) in calls.enumerated() {
            if let name = call.block.labels.first, indexByName[name] == nil { indexByName[name] = index }
        }
        let modulesThroughLocals = modulesRead(through: locals)
        let reads: [[Int]] = calls.map { call in
            var read: [Int] = []
            for attribute in call.block.body.attributes {
                for reference in attribute.expression.references where reference.path.count >= 2 {
                    let names = reference.path[0] == "module" ? [reference.path[1]]
                        : reference.path[0] == "local" ? (modulesThroughLocals[reference.path[1]] ?? []) : []
                    read += names.compactMap { indexByName[$0] }
                }
            }
            return read
        }
        // Depth first, without recursion: a call is placed once everything it reads is.
        var ordered: [TerraformFolder.Declaration] = []
        var seen = [Bool](repeating: false, count: calls.count)
        for root in calls.indices where !seen[root] {
            seen[root] = true
            var stack: [(index: Int, next: Int)] = [(root, 0)]
            while let top = stack.last {
                if top.next < reads[top.index].count {
                    stack[stack.count - 1].next += 1
                    let dependency = reads[top.index][top.next]
                    if !seen[dependency] {
                        seen[dependency] = true
                        stack.append((dependency, 0))
                    }
                } else {
                    ordered.append(calls[top.index])
                    stack.removeLast()
                }
            }
        }
        return ordered
    }

    /// How many evaluations of locals a folder's module calls may cause between them.
    static let maximumLocalReevaluations = 50_000

    /// Evaluates the locals until a pass changes nothing, at most three passes.
    private static func settle(_ locals: [Attribute], in scope: inout Scope) {
        for _ in 0..<3 {
            var changed = false
            for attribute in locals {
                let value = attribute.expression.evaluate(in: scope.context())
                if scope.locals[attribute.name] != value {
                    scope.locals[attribute.name] = value
                    changed = true
                }
            }
            // A pass is a function of the scope alone: one that changed nothing would
            // change nothing again.
            if !changed { break }
        }
    }

    /// The module calls each local reads, directly or through other locals, sorted.
    static func modulesRead(through locals: [Attribute]) -> [String: [String]] {
        var direct: [String: (modules: Set<String>, locals: Set<String>)] = [:]
        for attribute in locals {
            var entry = direct[attribute.name] ?? ([], [])
            for reference in attribute.expression.references where reference.path.count >= 2 {
                if reference.path[0] == "module" { entry.modules.insert(reference.path[1]) }
                if reference.path[0] == "local" { entry.locals.insert(reference.path[1]) }
            }
            direct[attribute.name] = entry
        }
        guard direct.values.contains(where: { !$0.modules.isEmpty }) else { return [:] }
        // Depth first with memory, without recursion: each local is resolved once, after the
        // locals it reads. Terraform refuses cycles; one here is cut where it closes.
        var memo: [String: Set<String>] = [:]
        var entered: Set<String> = []
        for root in direct.keys.sorted() where memo[root] == nil {
            var stack: [(name: String, pending: [String])] = [(root, Array(direct[root]?.locals ?? []))]
            entered.insert(root)
            while let top = stack.last {
                if let next = top.pending.last {
                    stack[stack.count - 1].pending.removeLast()
                    if memo[next] == nil, direct[next] != nil, entered.insert(next).inserted {
                        stack.append((next, Array(direct[next]?.locals ?? [])))
                    }
                    continue
                }
                var modules = direct[top.name]?.modules ?? []
                for local in direct[top.name]?.locals ?? [] { modules.formUnion(memo[local] ?? []) }
                memo[top.name] = modules
                stack.removeLast()
            }
        }
        return memo.filter { !$0.value.isEmpty }.mapValues { $0.sorted() }
    }

    /// Evaluates the module calls of a module instance, recursing into local sources, and
    /// returns each call's outputs by name.
    private mutating func callModules(
        of folder: TerraformFolder, prefix: String, scope: Scope, providers: [String: [String: Value]], stack: [String]
    ) -> [String: Value] {
        var outputs: [String: Value] = [:]
        // A call's arguments may read another call's outputs (`cluster_arn = module.cluster.arn`):
        // each call sees the outputs of those called before it, in dependency order.
        var scope = scope
        let locals = folder.blocks(ofType: "locals").flatMap(\.block.body.attributes)
        // The locals reading each call's outputs, directly or through other locals, in the
        // order written: after the call they are out of date until evaluated again.
        var readers: [String: [Int]] = [:]
        let modulesByLocal = Self.modulesRead(through: locals)
        if !modulesByLocal.isEmpty {
            for (index, local) in locals.enumerated() {
                for module in modulesByLocal[local.name] ?? [] { readers[module, default: []].append(index) }
            }
        }
        var stale: Set<Int> = []
        // Evaluating locals again is bounded per folder: a chain of thousands of calls each
        // read through its own local stays linear, and a hostile one stops being followed.
        var reevaluations = 0
        for declaration in Self.dependencyOrder(folder.blocks(ofType: "module"), locals: locals) {
            guard let name = declaration.block.labels.first else { continue }
            defer {
                scope.modules[name] = outputs[name]
                stale.formUnion(readers[name] ?? [])
            }
            let readsLocals = declaration.block.body.attributes.contains { attribute in
                attribute.expression.references.contains { $0.path.first == "local" }
            }
            if readsLocals, !stale.isEmpty, reevaluations < Self.maximumLocalReevaluations {
                let out = stale.sorted().map { locals[$0] }
                reevaluations += out.count
                Self.settle(out, in: &scope)
                stale = []
            }
            let body = declaration.block.body
            let id = "tf:\(prefix)module.\(name)"
            guard let source = body.attribute(named: "source")?.expression.staticString else {
                result.diagnostics.append(Diagnostic(.warning, "module \(name) has no literal source, so it is not read", path: declaration.path, line: declaration.line))
                outputs[name] = .unknown
                continue
            }
            guard Self.isLocal(source) else {
                if let model = TerraformRegistryModules.model(for: source) {
                    outputs[name] = readRegistryModule(
                        model, source: source, name: name, declaration: declaration, prefix: prefix, scope: scope,
                        providers: Self.childProviders(of: body, from: providers))
                    continue
                }
                result.opaqueModules.append(.init(id: id, source: source, path: declaration.path, line: declaration.line, root: stack.first ?? folder.path))
                // Its outputs are unknown, but each names the module: a marker, any attribute
                // or element of which is the marker again, so a CloudFront origin on
                // `module.s3.bucket_regional_domain_name` (or `module.s3[0].…`) needs the module's component.
                outputs[name] = .string(TerraformMarker.marker(id))
                continue
            }
            let child = Self.resolve(source, from: folder.path)
            guard folders[child] != nil else {
                result.diagnostics.append(Diagnostic(
                    .warning, "module \(name) reads \(source), which has no Terraform files in this commit",
                    detail: "Faultline reads local modules from the same commit only", path: declaration.path, line: declaration.line))
                outputs[name] = .unknown
                continue
            }
            guard !stack.contains(child), stack.count < Self.maximumDepth else {
                result.diagnostics.append(Diagnostic(
                    .warning, "module \(name) would read \(source) again (a cycle) or nest deeper than \(Self.maximumDepth) modules, so it is not followed",
                    path: declaration.path, line: declaration.line))
                outputs[name] = .unknown
                continue
            }
            let childProviders = Self.childProviders(of: body, from: providers)
            let instances = expand(body, scope: scope, what: "module.\(name)", path: declaration.path, reporting: true)
            var results: [(Instance, Value)] = []
            var lines = Self.defaultLines(of: folders[child])
            for attribute in body.attributes where !Self.callMeta.contains(attribute.name) {
                lines[attribute.name] = .init(
                    path: declaration.path, line: attribute.range.start.line, forwards: Self.forwardedVariable(attribute.expression))
            }
            for instance in instances {
                var inputs: [String: Value] = [:]
                for attribute in body.attributes where !Self.callMeta.contains(attribute.name) {
                    inputs[attribute.name] = attribute.expression.evaluate(in: scope.context(instance.bindings))
                }
                let childPrefix = "\(prefix)module.\(name)\(instance.key)."
                result.moduleInputs.append(.init(prefix: childPrefix, callerPrefix: prefix, inputs: lines))
                let value = evaluate(
                    folder: child, prefix: childPrefix, inputs: inputs, providers: childProviders,
                    stack: stack + [child])
                results.append((instance, value))
            }
            if body.attribute(named: "count") != nil, results.allSatisfy({ !$0.0.key.isEmpty }) {
                outputs[name] = .tuple(results.map(\.1))
            } else if body.attribute(named: "for_each") != nil, results.allSatisfy({ !$0.0.key.isEmpty }) {
                var fields: [String: Value] = [:]
                for (instance, value) in results { if let key = instance.index?.stringValue { fields[key] = value } }
                outputs[name] = .object(fields)
            } else {
                outputs[name] = results.first?.1 ?? .unknown
            }
        }
        return outputs
    }
}
