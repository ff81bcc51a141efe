import Model

/// Reads CloudFormation and AWS SAM templates (docs/cloudformation.md): their parameters,
/// mappings, conditions and resources, kept as written. What a resource's properties give
/// depends on the stack made of the template (its region, its parameter values), so they are
/// evaluated when the commit is linked (`CloudFormationStacks`), not here.
///
/// JSON templates come through this reader (`*.template`, and `*.json` files whose path says
/// CloudFormation: `template.json`, `app.cfn.json`, `cloudformation/web.json`); YAML ones
/// through the Kubernetes reader, which hands over any YAML file that is a template.
public struct CloudFormationReader: FileReader {
    public let name = "cloudformation"
    public let version = 8

    public init() {}

    /// A `.json` file too large or binary is no template (CloudFormation takes templates of at
    /// most 1 MB): it is skipped without a word. A `.template` file is one, and is reported.
    public func isSpeculative(path: String) -> Bool { path.hasSuffix(".json") }

    public func accepts(path: String) -> Bool {
        if path.hasSuffix(".template") { return true }
        guard path.hasSuffix(".json"), !KubernetesReader.isJSONPatch(path) else { return false }
        let lower = path.lowercased()
        let name = String(lower.fileName)
        // Every other JSON file is looked at (a template may have any name), but for those
        // tools write by the thousand or by the megabyte, which are never templates.
        return !Self.otherJSONNames.contains(name) && !name.hasPrefix("tsconfig") && !name.hasPrefix(".eslintrc")
            && !name.contains("schema") && !name.contains("dashboard") && !name.hasSuffix("-lock.json") && !name.hasSuffix(".lock.json")
            && !Self.otherJSONFolders.contains { lower.hasSegment(startingWith: $0) }
    }

    /// JSON files of package managers, editors and build tools.
    static let otherJSONNames: Set<String> = [
        "package.json", "package-lock.json", "npm-shrinkwrap.json", "composer.json", "composer.lock", "bower.json", "lerna.json",
        "nx.json", "angular.json", "deno.json", "jsconfig.json", "tslint.json", ".babelrc.json", "babel.config.json", "renovate.json",
        ".renovaterc.json", "manifest.json", "appsettings.json", "launchsettings.json", "global.json", "project.json", "vercel.json",
        "firebase.json", "turbo.json", "biome.json", ".prettierrc.json", "cdk.json", "cdk.context.json", "devcontainer.json",
        "settings.json", "extensions.json", "launch.json", "tasks.json", "components.json", "app.json",
    ]

    /// Folders of dependencies, generated output and dashboards.
    static let otherJSONFolders = [
        "node_modules/", "vendor/", "bower_components/", ".vscode/", ".idea/", ".devcontainer/", "dashboards/", "grafana/",
        "cdk.out/", "coverage/", "__snapshots__/",
    ]

    public func read(path: String, bytes: [UInt8]) -> FileFacts {
        guard Self.mayBeTemplate(bytes) else {
            // A Kubernetes manifest written as JSON (kubectl, Argo CD and Kustomize apply
            // `*.json` as they do YAML) is read as one.
            // (Not in a chart's templates/, which Helm renders; not an ARM template.)
            if path.hasSuffix(".json"), !YAMLLoader.isInTemplatesFolder(path), Self.mayBeManifest(bytes) {
                return KubernetesReader().read(path: path, bytes: bytes)
            }
            return FileFacts(path: path)
        }
        // A JSON file naming resource types that does not parse is taken for a broken template.
        return Self.read(path: path, bytes: bytes, reportsUnparsable: true) ?? FileFacts(path: path)
    }

    /// Whether the bytes may hold a template: they name `AWSTemplateFormatVersion`, or both
    /// `Resources` and a resource type (`AWS::…`). A quick scan, so most YAML and JSON files
    /// are not parsed twice.
    static func mayBeTemplate(_ bytes: [UInt8]) -> Bool {
        bytes.withUnsafeBufferPointer { buffer in
            if ByteSearch.firstIndex(of: versionKey, in: buffer, 0..<buffer.count) != nil { return true }
            return ByteSearch.firstIndex(of: resourcesKey, in: buffer, 0..<buffer.count) != nil
                && ByteSearch.firstIndex(of: awsPrefix, in: buffer, 0..<buffer.count) != nil
        }
    }

    /// Whether JSON bytes may be a Kubernetes object: they name `"apiVersion"` and `"kind"`,
    /// and no `"$schema"` (an Azure Resource Manager template names both, and a schema).
    static func mayBeManifest(_ bytes: [UInt8]) -> Bool {
        bytes.withUnsafeBufferPointer { buffer in
            ByteSearch.firstIndex(of: apiVersionKey, in: buffer, 0..<buffer.count) != nil
                && ByteSearch.firstIndex(of: kindKey, in: buffer, 0..<buffer.count) != nil
                && ByteSearch.firstIndex(of: schemaKey, in: buffer, 0..<buffer.count) == nil
        }
    }

    private static let apiVersionKey = Array("\"apiVersion\"".utf8), kindKey = Array("\"kind\"".utf8), schemaKey = Array("\"$schema\"".utf8)
    private static let versionKey = Array("AWSTemplateFormatVersion".utf8)
    private static let resourcesKey = Array("Resources".utf8)
    private static let awsPrefix = Array("AWS::".utf8)

    /// The facts of a template, or nil when the file is no template (its first document has no
    /// `AWSTemplateFormatVersion` and no `Resources` entry with a `Type`).
    static func read(path: String, bytes: [UInt8], reportsUnparsable: Bool = false) -> FileFacts? {
        var loader = YAMLLoader()
        loader.cloudFormationTags = true
        // `{{resolve:ssm:…}}` dynamic references are CloudFormation's, not a Helm template's.
        loader.refusesTemplates = false
        let loaded = loader.load(bytes, path: path)
        guard let root = loaded.documents.first?.root, root.entries != nil else {
            // Unparsable: a template only if its text says so, else not ours to report.
            guard !loaded.diagnostics.isEmpty,
                  reportsUnparsable || bytes.withUnsafeBufferPointer({ ByteSearch.firstIndex(of: versionKey, in: $0, 0..<$0.count) != nil }) else { return nil }
            var facts = FileFacts(path: path)
            facts.diagnostics = loaded.diagnostics
            return facts
        }
        let resources = root["Resources"]
        let declaresTypes = resources?.entries?.contains { $0.value["Type"]?.string?.contains("::") == true } ?? false
        guard root["AWSTemplateFormatVersion"] != nil || declaresTypes else { return nil }
        var facts = FileFacts(path: path)
        facts.diagnostics = loaded.diagnostics
        var template = CloudFormationFact()
        for entry in root["Parameters"]?.entries ?? [] {
            guard let name = entry.key.string else { continue }
            template.parameters.append(.init(name: name, type: entry.value["Type"]?.string, defaultValue: entry.value["Default"], line: entry.key.line))
        }
        template.mappings = root["Mappings"]
        template.conditions = root["Conditions"]
        template.globals = root["Globals"]
        template.outputs = root["Outputs"]
        if let resources, resources.entries == nil, !resources.isNull {
            facts.diagnostics.append(Diagnostic(.error, "Resources must be a mapping of logical ids to resources", path: path, line: resources.line))
        }
        for entry in resources?.entries ?? [] {
            guard let id = entry.key.string else { continue }
            if id.hasPrefix("Fn::ForEach::") {
                facts.diagnostics.append(Diagnostic(
                    .note, "\(id) is not expanded, so the resources it makes are not read",
                    detail: "Faultline does not apply AWS::LanguageExtensions; commit the processed template to have them read",
                    path: path, line: entry.key.line))
                continue
            }
            guard let type = entry.value["Type"]?.string, !type.isEmpty else {
                facts.diagnostics.append(Diagnostic(
                    .error, "resource \(id) has no Type, so CloudFormation would refuse the template",
                    detail: "give it a Type such as AWS::S3::Bucket", path: path, line: entry.key.line))
                continue
            }
            template.resources.append(Self.resource(id, type: type, entry))
        }
        for transform in Self.transforms(root["Transform"]) where transform != "AWS::Serverless-2016-10-31" && transform != "AWS::LanguageExtensions" {
            facts.diagnostics.append(Diagnostic(
                .note, "the template's transform \(transform) is not applied, so what it adds or changes is not read",
                detail: "Faultline reads the template as written (SAM's transform excepted); commit the processed template to have it read",
                path: path, line: root["Transform"]?.line ?? 1))
        }
        facts.cloudFormation = template
        return facts
    }

    /// A `Resources` entry of a known type: its properties (none when null) and condition.
    static func resource(_ id: String, type: String, _ entry: YAMLEntry) -> CloudFormationFact.Resource {
        let properties = entry.value["Properties"].flatMap { $0.isNull ? nil : $0 }
        return .init(logicalID: id, type: type, properties: properties, condition: entry.value["Condition"]?.string, line: entry.key.line)
    }

    /// The names in `Transform` (one name or a list; a macro with parameters is `{Name: …}`).
    static func transforms(_ node: YAMLNode?) -> [String] {
        guard let node else { return [] }
        let items = node.items ?? [node]
        return items.compactMap { $0.string ?? $0["Name"]?.string }
    }
}
