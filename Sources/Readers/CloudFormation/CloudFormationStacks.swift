import Foundation
import HCL
import Model

/// The stacks a commit's CloudFormation templates are deployed as, and their resources.
///
/// A template's stacks are those `.faultline.yaml` declares for it (`stacks:`), else the one a
/// `samconfig.toml` (or `.yaml`) in its folder deploys with `sam deploy`, else those the CI
/// pipelines deploy it as, else — unless another template nests it — one stack in a region
/// Faultline does not know, named by the template's path. Each stack gives its own
/// components, `cfn:STACK/LogicalId`, so a template deployed in two regions is two sets; a
/// nested stack's are `cfn:PARENT/LogicalId/…`, in its parent's region.
enum CloudFormationStacks {
    struct Stack {
        var template: String
        /// The component ids' prefix: the stack's name, else the template's path.
        var id: String
        var name: String?
        var region: String?
        var parameters: [String: String]
        /// Where the stack was declared, for notes.
        var source: String
    }

    /// The stacks of every template of a commit.
    static func stacks(of files: [FileFacts]) -> [Stack] {
        let templates = files.filter { $0.cloudFormation != nil }
        guard !templates.isEmpty else { return [] }
        let declared = files.flatMap { file in (file.config?.stacks ?? []).map { (file.path, $0) } }
        var samConfigs: [String: (path: String, config: SamConfigFact)] = [:]
        for file in files {
            guard let config = file.samConfig else { continue }
            let folder = TerraformFolder.folder(of: file.path)
            let template = config.templateFile ?? "template.yaml"
            if let path = TerraformFiles.resolve(template, from: folder) { samConfigs[path] = (file.path, config) }
            // `sam deploy` also finds `template.yml` when no file is named.
            if config.templateFile == nil, let path = TerraformFiles.resolve("template.yml", from: folder) { samConfigs[path] = (file.path, config) }
        }
        let deploys = self.deploys(in: files)
        // Templates other templates nest are deployed through them, unless something deploys them too.
        var nested: Set<String> = []
        for file in templates {
            for resource in file.cloudFormation?.resources ?? [] {
                if let child = nestedTemplate(of: resource, in: file.path), child != file.path { nested.insert(child) }
            }
        }
        var stacks: [Stack] = []
        for file in templates {
            let mine = declared.filter { $0.1.template == file.path }
            if !mine.isEmpty {
                for (configPath, stack) in mine {
                    stacks.append(Stack(template: file.path, id: stack.name ?? file.path, name: stack.name, region: stack.region,
                                        parameters: stack.parameters, source: "\(configPath):\(stack.line)"))
                }
            } else if let (configPath, config) = samConfigs[file.path] {
                stacks.append(Stack(template: file.path, id: config.stackName ?? file.path, name: config.stackName, region: config.region,
                                    parameters: config.parameters, source: "\(configPath):\(config.line)"))
            } else if let mine = deploys[file.path] {
                // The stacks CI deploys it as, once each.
                var seen: Set<[String?]> = []
                let distinct = mine.filter { seen.insert([$0.deploy.stackName, $0.deploy.region]).inserted }
                for (path, _, deploy) in distinct {
                    stacks.append(Stack(template: file.path, id: deploy.stackName ?? file.path, name: deploy.stackName, region: deploy.region,
                                        parameters: [:], source: "\(path):\(deploy.line)"))
                }
            } else if !nested.contains(file.path) {
                stacks.append(Stack(template: file.path, id: file.path, name: nil, region: nil, parameters: [:], source: ""))
            }
        }
        return distinguished(stacks)
    }

    /// The stacks with ids of their own: CloudFormation names stacks per region and account,
    /// so one name may be two stacks (a template deployed to two regions, or two templates
    /// whose samconfig both keep SAM's default `sam-app`). Those sharing an id get the region
    /// (`sam-app@us-east-1`) where that tells them apart, else the template's path too.
    static func distinguished(_ stacks: [Stack]) -> [Stack] {
        let byID = Dictionary(grouping: stacks.indices, by: { stacks[$0].id })
        var result = stacks
        for (id, indices) in byID where indices.count > 1 {
            let regions = indices.map { stacks[$0].region ?? "unknown-region" }
            let byRegion = Set(regions).count == indices.count
            for (index, region) in zip(indices, regions) {
                result[index].id = byRegion ? "\(id)@\(region)" : "\(id)@\(region)@\(stacks[index].template)"
            }
        }
        return result
    }

    /// The stacks the commit's pipelines deploy, by template path.
    static func deploys(in files: [FileFacts]) -> [String: [(path: String, system: String, deploy: StackDeploy)]] {
        var found: [String: [(path: String, system: String, deploy: StackDeploy)]] = [:]
        for file in files {
            for pipeline in file.pipelines {
                for deploy in pipeline.deploys { found[template(of: deploy), default: []].append((file.path, pipeline.system, deploy)) }
            }
        }
        return found
    }

    /// The template a deploy deploys: what `sam build` wrote to `.aws-sam/build/` comes from
    /// the `template.yaml` of the folder it ran in.
    static func template(of deploy: StackDeploy) -> String {
        guard let range = deploy.template.range(of: ".aws-sam/build/") else { return deploy.template }
        let folder = deploy.template[..<range.lowerBound].trimmingCharacters(in: CharacterSet(charactersIn: "/"))
        return folder.isEmpty || folder == "." ? "template.yaml" : "\(folder)/template.yaml"
    }

    /// The Terraform resources standing for every stack's resources, and the notes about them.
    static func resources(of files: [FileFacts], catalog: Catalog) -> (resources: [TerraformResource], diagnostics: [Diagnostic]) {
        var missing: [Diagnostic] = []
        for file in files {
            for stack in file.config?.stacks ?? [] where !files.contains(where: { $0.path == stack.template && $0.cloudFormation != nil }) {
                if files.contains(where: { $0.path == stack.template }) {
                    // The file is there but gave no template: too large, binary, not parsed.
                    missing.append(Diagnostic(
                        .error, "stack \(stack.name ?? stack.template)'s template could not be read as a CloudFormation template",
                        detail: "a template is YAML or JSON of at most 1 MB with AWSTemplateFormatVersion or typed Resources; declared at \(file.path):\(stack.line)",
                        path: stack.template, line: 1))
                } else {
                    missing.append(Diagnostic(
                        .warning, "stack \(stack.name ?? stack.template) names \(stack.template), which is no file of this commit",
                        detail: "check the path (from the repository's root)", path: file.path, line: stack.line))
                }
            }
        }
        let stacks = stacks(of: files)
        guard !stacks.isEmpty else { return ([], missing) }
        let templates = Dictionary(files.compactMap { file in file.cloudFormation.map { (file.path, $0) } }, uniquingKeysWith: { first, _ in first })
        // Stacks importing what others export (or reading their outputs, `${cf:…}`) are
        // translated again with what the last round found, until that stays the same: one
        // round more per link of a chain of exports made of imports. Only stacks that import
        // are translated again; a commit without imports takes one round.
        var shared = Shared()
        var translated = stacks.map { translate($0, templates: templates, shared: shared, catalog: catalog) }
        var combined = combine(translated)
        for round in 2...(maximumRounds + 1) {
            guard let first = translated.lazy.compactMap(\.firstImport).first, combined.shared != shared else { break }
            guard round <= maximumRounds else {
                // Where an export still changed in the last round.
                let changed = translated.lazy.flatMap(\.exported).first { combined.shared.exports[$0.key] != shared.exports[$0.key] }
                combined.diagnostics.append(Diagnostic(
                    .warning, "exports made of imports still changed after \(maximumRounds) rounds (a chain of more than \(maximumRounds - 1) re-exports, or an export feeding itself), so imports of them are read as far as those rounds got",
                    detail: "an export that imports itself, through other stacks or not, cannot be created", path: changed?.template ?? first.path,
                    line: changed?.line ?? first.line))
                break
            }
            shared = combined.shared
            for index in translated.indices where translated[index].firstImport != nil {
                translated[index] = translate(stacks[index], templates: templates, shared: shared, catalog: catalog)
            }
            combined = combine(translated)
        }
        return (combined.resources, missing + combined.diagnostics)
    }

    /// The most rounds of translation `Fn::ImportValue` takes.
    static let maximumRounds = 8

    /// What stacks give one another: exports by region and name, and the outputs of named
    /// stacks (for `${cf:…}`).
    struct Shared: Equatable {
        var exports: [CloudFormationExport: Value] = [:]
        var outputs: [CloudFormationStackOutput: Value] = [:]
    }

    /// The stacks' translations together, in order: their resources and notes, and what they
    /// share, the first stack exporting a name keeping it (CloudFormation refuses the next).
    private static func combine(_ translated: [Translator]) -> (resources: [TerraformResource], diagnostics: [Diagnostic], shared: Shared) {
        var resources: [TerraformResource] = []
        var diagnostics: [Diagnostic] = []
        var shared = Shared()
        var exporters: [CloudFormationExport: String] = [:]
        // Stacks whose region is not known may be in different regions: one name exported by
        // two of them is no clash, but no import can tell which it means.
        var ambiguous: Set<CloudFormationExport> = []
        for translator in translated {
            resources += translator.resources
            diagnostics += translator.diagnostics
            for export in translator.exported {
                if exporters[export.key] != nil, export.key.region == nil {
                    ambiguous.insert(export.key)
                } else if let first = exporters[export.key] {
                    let summary = first == export.stack
                        ? "stack \(export.stack) exports \(export.key.name) twice"
                        : "stack \(export.stack) exports \(export.key.name), which stack \(first) exports too in \(export.key.region ?? "the same unknown region")"
                    diagnostics.append(Diagnostic(
                        .warning, summary,
                        detail: "CloudFormation refuses an export name taken in the region; imports of it are read as stack \(first)'s",
                        path: export.template, line: export.line))
                } else {
                    exporters[export.key] = export.stack
                    shared.exports[export.key] = export.value
                }
            }
            shared.outputs.merge(translator.outputs) { first, _ in first }
        }
        for key in ambiguous { shared.exports[key] = nil }
        return (resources, diagnostics, shared)
    }

    /// One stack translated, importing from `shared`.
    private static func translate(_ stack: Stack, templates: [String: CloudFormationFact], shared: Shared, catalog: Catalog) -> Translator {
        var translator = Translator(templates: templates, catalog: catalog, shared: shared)
        let region = stack.region.flatMap { $0.isEmpty ? nil : $0 }
        if let region {
            if catalog.provider("aws")?.region(region) == nil {
                translator.diagnostics.append(Diagnostic(
                    .warning, "stack \(stack.id) is deployed to \(region), which is not an AWS region Faultline's catalog knows",
                    detail: "check the region's name (us-east-1, eu-west-1, …); its resources are placed there as written",
                    path: String(stack.source.prefix { $0 != ":" }), line: Int(stack.source.split(separator: ":").last ?? "") ?? 1))
            }
        } else {
            let file = String(stack.source.prefix { $0 != ":" })
            let source = file.isEmpty ? "" : "\(file) deploys it without naming a region\(file.fileName.hasPrefix("samconfig") ? " (of samconfig, Faultline reads the default environment)" : ""); "
            translator.diagnostics.append(Diagnostic(
                .note, "the region a stack of this template is deployed to is not known, so its resources are placed in an unknown region",
                detail: source + "declare the stack in .faultline.yaml (stacks: [{template: \(stack.template), region: us-east-1}]) or keep a samconfig.toml beside it",
                path: stack.template, line: 1))
        }
        _ = translator.translate(stack, region: region, depth: 0, parents: [], deployed: (stack.id, stack.template))
        return translator
    }

    /// The most levels of nested stacks followed.
    static let maximumNesting = 8

    /// The local template a nested stack (`AWS::CloudFormation::Stack`'s `TemplateURL`,
    /// `AWS::Serverless::Application`'s `Location`) names, relative to the repository root; nil
    /// for a URL, an application of the Serverless Application Repository, or a value that is
    /// not literal.
    static func nestedTemplate(of resource: CloudFormationFact.Resource, in path: String) -> String? {
        let key: String
        switch resource.type {
        case "AWS::CloudFormation::Stack": key = "TemplateURL"
        case "AWS::Serverless::Application": key = "Location"
        default: return nil
        }
        guard let location = resource.properties?[key]?.string, !location.contains("://"), !location.hasPrefix("s3."), !location.contains("$") else { return nil }
        return TerraformFiles.resolve(location, from: TerraformFolder.folder(of: path))
    }

    /// Translates stacks, nested ones first so their outputs are known to their parent.
    private struct Translator {
        let templates: [String: CloudFormationFact]
        let catalog: Catalog
        /// What the stacks export and output, as the last round found it.
        let shared: Shared
        var exports: [CloudFormationExport: Value] { shared.exports }
        var resources: [TerraformResource] = []
        var diagnostics: [Diagnostic] = []
        /// What the stack and its nested stacks export, in order, and where.
        var exported: [(key: CloudFormationExport, value: Value, stack: String, template: String, line: Int)] = []
        /// What the stack outputs, by its name (a nested stack's are its parent's to read).
        var outputs: [CloudFormationStackOutput: Value] = [:]
        /// Where the first `Fn::ImportValue` (or `${cf:…}`) is, when there is one.
        var firstImport: (path: String, line: Int)?

        init(templates: [String: CloudFormationFact], catalog: Catalog, shared: Shared) {
            self.templates = templates
            self.catalog = catalog
            self.shared = shared
        }

        /// The stack's resources, added; its outputs returned.
        mutating func translate(_ stack: Stack, region: String?, depth: Int, parents: [String], deployed: (id: String, template: String)) -> [String: Value] {
            guard let template = templates[stack.template] else { return [:] }
            var ids: [String: String] = [:]
            for resource in template.resources { ids[resource.logicalID] = CloudFormationResources.id(stack: stack.id, logicalID: resource.logicalID) }
            for logicalID in CloudFormationResources.implicitIDs(of: template) { ids[logicalID] = CloudFormationResources.id(stack: stack.id, logicalID: logicalID) }
            // An instance of an Aurora (or DocumentDB, Neptune) cluster is reached as the cluster:
            // `!GetAtt WriterInstance.Endpoint.Address` names the cluster it serves.
            for resource in template.resources where CloudFormationResources.clusterInstanceTypes.contains(resource.type) {
                guard let cluster = resource.properties?["DBClusterIdentifier"]?["Ref"]?.string, let clusterID = ids[cluster] else { continue }
                ids[resource.logicalID] = clusterID
            }
            let zones = region.flatMap { catalog.provider("aws")?.region($0)?.zones }
            let declared = Set(template.parameters.map(\.name))
            for name in stack.parameters.keys.sorted() where !declared.contains(name) && depth == 0 && !stack.source.isEmpty {
                diagnostics.append(Diagnostic(
                    .warning, "stack \(stack.id) gives parameter \(name), which \(stack.template) does not declare",
                    detail: "check the parameter's name; CloudFormation refuses a value for a parameter the template lacks",
                    path: String(stack.source.prefix { $0 != ":" }), line: Int(stack.source.split(separator: ":").last ?? "") ?? 1))
            }
            var evaluator = CloudFormationEvaluator(
                template: template, overrides: stack.parameters, region: region, stackName: stack.name, zones: zones, ids: ids)
            evaluator.exports = shared.exports
            evaluator.stackOutputs = shared.outputs
            // Nested stacks: each a stack of its own, in the same region, with the parameters
            // this one gives it.
            for resource in template.resources {
                guard let child = CloudFormationStacks.nestedTemplate(of: resource, in: stack.template) else { continue }
                if let condition = resource.condition, evaluator.condition(condition) == false { continue }
                guard templates[child] != nil else {
                    diagnostics.append(Diagnostic(
                        .warning, "nested stack \(resource.logicalID) names \(child), which is not a template of this commit, so its resources are not read",
                        detail: "check the path; it is relative to this template's folder", path: stack.template, line: resource.line))
                    continue
                }
                guard depth < CloudFormationStacks.maximumNesting, !parents.contains(child), child != stack.template else {
                    diagnostics.append(Diagnostic(
                        .warning, "nested stack \(resource.logicalID) is nested more than \(CloudFormationStacks.maximumNesting) levels deep or in a loop, so it is not read",
                        detail: "a template may not contain itself", path: stack.template, line: resource.line))
                    continue
                }
                var parameters: [String: String] = [:]
                for entry in resource.properties?["Parameters"]?.entries ?? [] {
                    guard let name = entry.key.string, let value = evaluator.value(entry.value) else { continue }
                    parameters[name] = CloudFormationEvaluator.text(value)
                }
                let nested = Stack(template: child, id: "\(stack.id)/\(resource.logicalID)", name: nil, region: region,
                                   parameters: parameters, source: "\(stack.template):\(resource.line)")
                evaluator.nestedOutputs[resource.logicalID] = translate(nested, region: region, depth: depth + 1, parents: parents + [stack.template], deployed: deployed)
            }
            var translation = CloudFormationResources(template: template, evaluator: evaluator, stackID: stack.id, path: stack.template, region: region, deployed: deployed)
            translation.translateAll()
            // A parameter without a value is worth a note only where a resource needs it (an
            // output passing a parameter on is no such need).
            let unresolved = translation.unresolvedParameters
            // Outputs before the other notes: their values take from the budget, and one made
            // of an import is an import of this stack's too.
            let (given, exports) = translation.outputs()
            resources += translation.resources
            for parameter in template.parameters where unresolved.contains(parameter.name) {
                diagnostics.append(Diagnostic(
                    .note, "parameter \(parameter.name) has no default and stack \(stack.id) gives it no value, so what it sets is not known",
                    detail: depth == 0
                        ? "give the stack its value under parameters: in .faultline.yaml's stacks entry (or samconfig's parameter_overrides)"
                        : "the parent stack's Parameters for this nested stack do not give it literally",
                    path: stack.template, line: parameter.line))
            }
            for problem in translation.problems {
                diagnostics.append(Diagnostic(.warning, problem.summary, detail: "in stack \(stack.id)", path: stack.template, line: problem.line))
            }
            if !translation.unplaced.isEmpty {
                let list = translation.unplaced.sorted { $0.key < $1.key }.map { $0.value > 1 ? "\($0.key) (\($0.value))" : $0.key }
                diagnostics.append(Diagnostic(
                    .note, "Faultline does not place resources of \(list.count == 1 ? "type" : "types") \(list.joined(separator: ", ")), so they are not part of the topology",
                    detail: "they matter only if something user-facing needs them; name such a dependency in .faultline.yaml",
                    path: stack.template, line: 1))
            }
            noteImports(of: translation, exporting: exports, stack: stack, region: region)
            // A deployed stack's outputs are read by name (`${cf:NAME.Output}`).
            if depth == 0, let name = stack.name {
                for (key, value) in given { outputs[CloudFormationStackOutput(region: region, stack: name, output: key)] = value }
            }
            return given
        }

        /// Keeps what the stack exports, and says which of its imports no stack answered.
        private mutating func noteImports(
            of translation: CloudFormationResources, exporting own: [(name: String, value: Value, line: Int)], stack: Stack, region: String?
        ) {
            for export in own {
                exported.append((CloudFormationExport(region: region, name: export.name), export.value, stack.id, stack.template, export.line))
            }
            guard translation.imports else { return }
            if firstImport == nil { firstImport = (stack.template, translation.missingImports.first?.line ?? translation.missingOutputs.first?.line ?? 1) }
            var read: Set<CloudFormationStackOutput> = []
            for (output, line) in translation.missingOutputs where read.insert(output).inserted {
                diagnostics.append(Diagnostic(
                    .note, "stack \(stack.id) reads output \(output.output) of stack \(output.stack) (${cf:…}), which no stack of this commit gives\(output.region.map { " in \($0)" } ?? ""), so what it stands for is not known",
                    detail: "a stack's outputs are read when its template or serverless.yml is in the repository and its name is known (stacks: in .faultline.yaml, samconfig, the CI deploy or the service and stage); else name the dependency in .faultline.yaml if it matters",
                    path: stack.template, line: line))
            }
            var said: Set<String> = []
            for (name, line) in translation.missingImports where said.insert(name ?? "").inserted {
                guard let name else {
                    diagnostics.append(Diagnostic(
                        .note, "stack \(stack.id) imports a value whose export name Faultline cannot work out, so what it stands for is not known",
                        detail: "the name is made of something known only once deployed; a literal name, or parameters with values, let it be found",
                        path: stack.template, line: line))
                    continue
                }
                // The last round's exports: the same as this one's once the rounds are done.
                let elsewhere = exports.keys.filter { $0.name == name && $0.region != region }.map { $0.region ?? "an unknown region" }.sorted().first
                let detail = elsewhere.map { found in
                    "an export of that name is in \(found); exports are per region (a stack whose region is not known is declared with one under stacks: in .faultline.yaml)"
                } ?? "a stack exporting it is read when its template is in the repository and its name is known (stacks: in .faultline.yaml, samconfig or the CI deploy); else name the dependency in .faultline.yaml if it matters"
                diagnostics.append(Diagnostic(
                    .note, "stack \(stack.id) imports \(name), which no stack of this commit exports\(region.map { " in \($0)" } ?? ""), so what it stands for is not known",
                    detail: detail, path: stack.template, line: line))
            }
        }
    }
}
