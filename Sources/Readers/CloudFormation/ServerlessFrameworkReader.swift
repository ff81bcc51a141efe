import Foundation
import Model

/// Reads a Serverless Framework service (`serverless.yml`) as the CloudFormation stack the
/// Framework deploys for it (docs/cloudformation.md, "Serverless Framework"): the stack
/// `SERVICE-STAGE` in `provider.region` (the Framework's default `us-east-1` when not set),
/// each function a Lambda function `NameLambdaFunction` with the provider's environment and VPC
/// under its own, its `http` events the REST API `ApiGatewayRestApi`, its `httpApi` events the
/// HTTP API `HttpApi`, `url: true` its function URL, and `resources.Resources` read as the
/// template's own. The file is turned into a template here, and stacks are linked like any other.
///
/// Variables are resolved as far as the file says: `${self:…}` (paths in this file),
/// `${sls:stage}`, `${aws:region}`, and the fallback of `${opt:…, 'x'}` and `${env:…, 'x'}`;
/// `${cf:STACK.OUTPUT}` (and `${cf(REGION):…}`) is another stack's output, left in the text
/// as a placeholder the stacks' evaluation fills in (see ``CloudFormationStackOutput``);
/// anything else (`${ssm:…}`, `${file(…)}`, an option without a fallback) is unknown.
public struct ServerlessFrameworkReader: FileReader {
    public let name = "serverless-framework"
    public let version = 4

    public init() {}

    static let names: Set<String> = ["serverless.yml", "serverless.yaml"]

    public func accepts(path: String) -> Bool { Self.names.contains(String(path.fileName)) }

    public func read(path: String, bytes: [UInt8]) -> FileFacts {
        var facts = FileFacts(path: path)
        var loader = YAMLLoader()
        loader.cloudFormationTags = true
        loader.refusesTemplates = false
        let loaded = loader.load(bytes, path: path)
        facts.diagnostics = loaded.diagnostics
        guard let root = loaded.documents.first?.root, root.entries != nil else { return facts }
        var resolver = Resolver(root: root)
        let provider = root["provider"]
        // `provider: aws` or `provider: {name: aws, …}`.
        let providerName = (provider?.string ?? provider?["name"]?.string).map { resolver.literal($0) ?? TerraformMarker.unknownPart } ?? "aws"
        guard providerName == "aws" else {
            facts.diagnostics.append(Diagnostic(
                .note, "the service's provider is not AWS, so its functions are not read",
                detail: "Faultline reads Serverless Framework services on AWS only", path: path, line: provider?.line ?? 1))
            return facts
        }
        let service = (root["service"]?.string ?? root["service"]?["name"]?.string).flatMap { resolver.literal($0) }
        let stage = resolver.stage
        var config = SamConfigFact()
        config.templateFile = String(path.fileName)
        config.region = resolver.region
        let stackName = provider?["stackName"]?.string.map { resolver.literal($0) } ?? service.flatMap { name in stage.map { "\(name)-\($0)" } }
        config.stackName = stackName
        config.line = provider?["region"]?.line ?? root["service"]?.line ?? 1
        facts.samConfig = config

        var template = CloudFormationFact()
        var globals: [YAMLEntry] = []
        if let environment = provider?["environment"] { globals.append(Self.entry("Environment", Self.mapping(["Variables": resolver.resolve(environment)], line: environment.line))) }
        if let vpc = provider?["vpc"], let subnets = resolver.resolve(vpc)["subnetIds"] {
            globals.append(Self.entry("VpcConfig", Self.mapping(["SubnetIds": resolver.resolve(subnets)], line: subnets.line)))
        }
        if !globals.isEmpty { template.globals = Self.mapping(["Function": YAMLNode(.mapping(globals), line: provider?.line ?? 1)], line: provider?.line ?? 1) }

        // A REST or HTTP API of another service (`provider.apiGateway.restApiId`,
        // `provider.httpApi.id`) takes the events; the service's own `ApiGatewayRestApi` or
        // `HttpApi` stands for it, so the functions behind it still face users.
        if let functions = root["functions"], functions.entries == nil, !functions.isNull {
            facts.diagnostics.append(Diagnostic(
                .note, "functions is not a mapping of functions (a list of files, a variable), so the service's functions are not read",
                detail: "write the functions in this file, or name their dependencies in .faultline.yaml", path: path, line: functions.line))
        }
        var usesREST = false, usesHTTP = false, usesWebSocket = false
        for function in root["functions"]?.entries ?? [] {
            guard let name = function.key.string else { continue }
            let body = function.value
            var properties: [String: YAMLNode] = [:]
            if let environment = body["environment"] { properties["Environment"] = Self.mapping(["Variables": resolver.resolve(environment)], line: environment.line) }
            if let vpc = body["vpc"], let subnets = resolver.resolve(vpc)["subnetIds"] { properties["VpcConfig"] = Self.mapping(["SubnetIds": subnets], line: vpc.line) }
            if let url = body["url"], url.string != "false", !url.isNull { properties["FunctionUrlConfig"] = Self.mapping([:], line: url.line) }
            var events: [String: YAMLNode] = [:]
            for (index, event) in (body["events"]?.items ?? []).enumerated() {
                if let http = event["http"] {
                    usesREST = true
                    let api = Self.mapping(["Ref": .scalar("ApiGatewayRestApi", line: http.line)], line: http.line)
                    events["Http\(index)"] = Self.mapping([
                        "Type": .scalar("Api", line: http.line), "Properties": Self.mapping(["RestApiId": api], line: http.line),
                    ], line: http.line)
                } else if let http = event["httpApi"] ?? event["websocket"] {
                    let isWebSocket = event["websocket"] != nil
                    if isWebSocket { usesWebSocket = true } else { usesHTTP = true }
                    let own = Self.mapping(["Ref": .scalar(isWebSocket ? "WebsocketsApi" : "HttpApi", line: http.line)], line: http.line)
                    events["\(isWebSocket ? "WebSocket" : "HttpApi")\(index)"] = Self.mapping([
                        "Type": .scalar("HttpApi", line: http.line), "Properties": Self.mapping(["ApiId": own], line: http.line),
                    ], line: http.line)
                }
            }
            if !events.isEmpty { properties["Events"] = Self.mapping(events, line: body["events"]?.line ?? function.key.line) }
            template.resources.append(.init(
                logicalID: Self.logicalID(of: name) + "LambdaFunction", type: "AWS::Serverless::Function",
                properties: Self.mapping(properties, line: function.key.line), condition: nil, line: function.key.line))
        }
        let line = root["functions"]?.line ?? 1
        if usesREST {
            // `endpointType: PRIVATE` keeps the API inside a VPC.
            let endpoint = provider?["endpointType"]?.string.flatMap { resolver.literal($0) }
            let properties = endpoint.map { Self.mapping(["EndpointConfiguration": Self.mapping(["Types": YAMLNode(.sequence([.scalar($0.uppercased(), line: line)]), line: line)], line: line)], line: line) }
            template.resources.append(.init(logicalID: "ApiGatewayRestApi", type: "AWS::ApiGateway::RestApi", properties: properties, condition: nil, line: line))
        }
        if usesHTTP { template.resources.append(.init(logicalID: "HttpApi", type: "AWS::ApiGatewayV2::Api", properties: nil, condition: nil, line: line)) }
        if usesWebSocket { template.resources.append(.init(logicalID: "WebsocketsApi", type: "AWS::ApiGatewayV2::Api", properties: nil, condition: nil, line: line)) }

        // `resources:` is CloudFormation, with the Framework's variables resolved first.
        if let resources = root["resources"] {
            let own = resolver.resolve(resources)
            if own.entries == nil, !own.isNull {
                facts.diagnostics.append(Diagnostic(
                    .note, "resources is not a mapping (a list of files, a variable), so the service's own CloudFormation is not read",
                    detail: "write the resources in this file, or name their dependencies in .faultline.yaml", path: path, line: resources.line))
            }
            for entry in own["Resources"]?.entries ?? [] {
                guard let id = entry.key.string else { continue }
                guard let type = entry.value["Type"]?.string, !type.isEmpty else {
                    facts.diagnostics.append(Diagnostic(
                        .note, "resource \(id) is not written out here (a file or variable), so it is not read",
                        detail: "name its dependents' needs in .faultline.yaml if it matters", path: path, line: entry.key.line))
                    continue
                }
                template.resources.append(CloudFormationReader.resource(id, type: type, entry))
            }
            template.conditions = own["Conditions"]
            template.mappings = own["Mappings"]
            template.outputs = own["Outputs"]
        }
        if resolver.limitReached {
            facts.diagnostics.append(Diagnostic(
                .warning, "the file's variables nest or repeat past what Faultline resolves (ten levels, 4 MB of text, a million nodes); what they make past it is not known",
                detail: "no service needs this many; look for variables naming each other in a loop of lists", path: path, line: root["custom"]?.line ?? 1))
        }
        facts.cloudFormation = template
        return facts
    }

    /// The Framework's logical id of a function: its name with a capital first letter, `-`
    /// written `Dash` and `_` written `Underscore` (`get-user` → `GetDashuser`).
    static func logicalID(of name: String) -> String {
        var result = ""
        for (index, character) in name.enumerated() {
            switch character {
            case "-": result += "Dash"
            case "_": result += "Underscore"
            default: result += index == 0 ? character.uppercased() : String(character)
            }
        }
        return result
    }

    static func entry(_ key: String, _ value: YAMLNode) -> YAMLEntry {
        YAMLEntry(key: .scalar(key, line: value.line), value: value)
    }

    static func mapping(_ fields: [String: YAMLNode], line: Int) -> YAMLNode {
        YAMLNode(.mapping(fields.keys.sorted().map { entry($0, fields[$0]!) }), line: line)
    }

    /// The Framework's variables in this file's values.
    struct Resolver {
        let root: YAMLNode
        /// Nesting left for the file's own mappings and lists.
        private var nodeDepthLeft = 64
        /// Nesting left for variables naming variables.
        private var variableDepthLeft = 10
        /// Characters variables may still make: a few lines naming each other many times would
        /// otherwise make gigabytes.
        private var charactersLeft = 4 << 20
        /// Each variable's value, worked out once.
        private var values: [String: String] = [:]
        /// Each `${self:…}` standing for a mapping or list, resolved once, with how many nodes it holds.
        private var nodes: [String: (node: YAMLNode, size: Int)] = [:]
        /// Nodes resolving may still make: lists of references to lists would otherwise double
        /// at each level.
        private var nodesLeft = 1_000_000
        /// Counts the times a value could not be worked out for a limit or a loop: a value
        /// worked out meanwhile depends on where it was asked for, and is not kept.
        private var incomplete = 0
        /// Whether a limit (nesting, nodes, text) left something unresolved: said once.
        private(set) var limitReached = false
        private var inProgress: Set<String> = []

        init(root: YAMLNode) {
            self.root = root
        }

        var stage: String? {
            mutating get {
                guard let written = root["provider"]?["stage"]?.string else { return "dev" }
                return literal(written)
            }
        }

        var region: String? {
            mutating get {
                guard let written = root["provider"]?["region"]?.string else { return "us-east-1" }
                return literal(written)
            }
        }

        /// A node with every scalar's variables resolved; a scalar that is one `${self:…}`
        /// naming a mapping or list becomes that node.
        mutating func resolve(_ node: YAMLNode) -> YAMLNode {
            resolveCounting(node).node
        }

        /// The resolved node and how many nodes it holds, each charged to ``nodesLeft``; a
        /// reference resolved before is charged again for its whole size, since what it
        /// becomes holds it whole again.
        private mutating func resolveCounting(_ node: YAMLNode) -> (node: YAMLNode, size: Int) {
            let unknown = YAMLNode(.scalar(YAMLScalar(TerraformMarker.unknownPart, style: .doubleQuoted)), line: node.line, column: node.column)
            guard nodeDepthLeft > 0, nodesLeft > 0 else {
                incomplete += 1
                limitReached = true
                return (unknown, 1)
            }
            nodeDepthLeft -= 1
            defer { nodeDepthLeft += 1 }
            var result = node
            var size = 1
            switch node.content {
            case .scalar(var scalar):
                nodesLeft -= 1
                guard scalar.text.contains("${") else { return (node, 1) }
                if let whole = wholeReference(scalar.text), let target = lookUp(whole), target.scalar == nil {
                    if let known = nodes[whole] {
                        nodesLeft -= known.size
                        guard nodesLeft > 0 else {
                            incomplete += 1
                            limitReached = true
                            return (unknown, 1)
                        }
                        return known
                    }
                    guard inProgress.insert(whole).inserted else {
                        incomplete += 1
                        return (unknown, 1)
                    }
                    defer { inProgress.remove(whole) }
                    let before = incomplete
                    let found = resolveCounting(target)
                    if incomplete == before { nodes[whole] = found }
                    return found
                }
                scalar.text = text(scalar.text)
                scalar.style = scalar.style == .plain ? .doubleQuoted : scalar.style
                result.content = .scalar(scalar)
            case .sequence(let items):
                nodesLeft -= 1
                var resolved: [YAMLNode] = []
                for item in items {
                    let found = resolveCounting(item)
                    resolved.append(found.node)
                    size += found.size
                }
                result.content = .sequence(resolved)
            case .mapping(let entries):
                nodesLeft -= 1
                var resolved: [YAMLEntry] = []
                for entry in entries {
                    let found = resolveCounting(entry.value)
                    resolved.append(YAMLEntry(key: entry.key, value: found.node))
                    size += found.size + 1
                }
                result.content = .mapping(resolved)
            }
            return (result, size)
        }

        /// `self:a.b` when the text is exactly `${self:a.b}`.
        func wholeReference(_ text: String) -> String? {
            guard text.hasPrefix("${self:"), text.hasSuffix("}"), text.filter({ $0 == "$" }).count == 1 else { return nil }
            return String(text.dropFirst("${self:".count).dropLast())
        }

        /// The node at a dotted path of the file.
        func lookUp(_ path: String) -> YAMLNode? {
            var node: YAMLNode? = root
            for part in path.split(separator: ".") { node = node?[String(part)] }
            return node
        }

        /// A text with its variables resolved; one that cannot be is the unknown marker.
        mutating func text(_ text: String) -> String {
            guard text.contains("${") else { return text }
            guard variableDepthLeft > 0 else {
                incomplete += 1
                limitReached = true
                return TerraformMarker.unknownPart
            }
            variableDepthLeft -= 1
            defer { variableDepthLeft += 1 }
            var result = "", rest = Substring(text)
            while let open = rest.range(of: "${") {
                result += rest[..<open.lowerBound]
                // Variables nest (`${opt:stage, ${self:custom.stage}}`): find the matching brace.
                var depth = 0, close: Substring.Index?
                var index = open.lowerBound
                while index < rest.endIndex {
                    if rest[index...].hasPrefix("${") { depth += 1; index = rest.index(index, offsetBy: 2); continue }
                    if rest[index] == "}" { depth -= 1; if depth == 0 { close = index; break } }
                    index = rest.index(after: index)
                }
                guard let close else { return result + TerraformMarker.unknownPart }
                let found = value(String(rest[open.upperBound..<close]))
                charactersLeft -= found.utf8.count
                guard charactersLeft > 0 else {
                    incomplete += 1
                    limitReached = true
                    return result + TerraformMarker.unknownPart
                }
                result += found
                rest = rest[rest.index(after: close)...]
            }
            return result + rest
        }

        /// One variable's value, once per variable: `self:`, `sls:stage`, `aws:region`, or a
        /// fallback after a comma; a variable that names itself is not known.
        mutating func value(_ variable: String) -> String {
            if let known = values[variable] { return known }
            guard inProgress.insert(variable).inserted else {
                incomplete += 1
                return TerraformMarker.unknownPart
            }
            defer { inProgress.remove(variable) }
            let before = incomplete
            let found = evaluate(variable)
            if incomplete == before { values[variable] = found }
            return found
        }

        private mutating func evaluate(_ variable: String) -> String {
            var source = variable, fallback: String?
            if let comma = topLevelComma(in: variable) {
                source = variable[..<comma].trimmingCharacters(in: .whitespaces)
                fallback = variable[variable.index(after: comma)...].trimmingCharacters(in: .whitespaces)
            }
            // A variable inside the name (`self:custom.${sls:stage}.region`) first.
            if source.contains("${") { source = text(source) }
            if source.hasPrefix("self:"), let node = lookUp(String(source.dropFirst(5))), let found = node.string {
                return text(found)
            }
            if source == "sls:stage" || source == "self:provider.stage" { if let stage { return stage } }
            if source == "aws:region" || source == "self:provider.region" { if let region { return region } }
            // Another stack's output, or the fallback when no stack of the commit gives it.
            if let output = CloudFormationStackOutput(variable: source, region: region) {
                return output.placeholder(fallback: fallback.map { resolveFallback($0) })
            }
            guard let fallback else { return TerraformMarker.unknownPart }
            return resolveFallback(fallback)
        }

        private mutating func resolveFallback(_ fallback: String) -> String {
            if (fallback.hasPrefix("'") && fallback.hasSuffix("'") || fallback.hasPrefix("\"") && fallback.hasSuffix("\"")), fallback.count >= 2 {
                return String(fallback.dropFirst().dropLast())
            }
            if fallback.hasPrefix("${") { return text(fallback) }
            return fallback.contains(":") ? value(fallback) : fallback
        }

        /// A text the reader itself decides by (a provider's name, the service, stage, region,
        /// stack name): nil when a variable in it is not known here, or is another stack's
        /// output, known only when stacks are linked.
        mutating func literal(_ written: String) -> String? {
            let resolved = text(written)
            guard !resolved.contains(TerraformMarker.unknownPart), !resolved.contains("${"), !CloudFormationStackOutput.mayHold(resolved) else { return nil }
            return resolved
        }

        func topLevelComma(in text: String) -> String.Index? {
            var depth = 0
            for index in text.indices {
                switch text[index] {
                case "{": depth += 1
                case "}": depth -= 1
                case "," where depth == 0: return index
                default: continue
                }
            }
            return nil
        }
    }
}
