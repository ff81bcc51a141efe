import Foundation
import HCL
import Model

extension TopologyBuilder {
    /// Terraform resources become components (`tf:TYPE.NAME`, `tf:module.M.TYPE.NAME`), placed
    /// by the resource catalog, with the requirements their arguments spell out: CloudFront
    /// origins and origin groups, Multi-Region Access Points, Route 53 records, node groups on
    /// their clusters. Buckets are remembered by name so URLs elsewhere join them.
    mutating func linkTerraform(_ evaluation: TerraformEvaluation) {
        diagnostics += evaluation.diagnostics
        var byID: [String: TerraformResource] = [:]
        for resource in evaluation.resources where byID[resource.id] == nil { byID[resource.id] = resource }
        let placer = TerraformPlacer(resources: byID, catalog: linker.catalog)

        for resource in evaluation.resources {
            switch resource.type {
            case "aws_s3_bucket", "google_storage_bucket":
                // A name built from another resource's id (random_pet, say) keeps its marker and still joins exact matches.
                if let name = (resource.values["bucket"] ?? resource.values["name"])?.stringValue { terraformBuckets[name] = resource.id }
            case "aws_ecr_repository":
                if let name = TerraformMarker.plainString(resource.values["name"]) {
                    terraformBuckets["ecr:\(name)"] = resource.id
                    declaresRegistries = true
                }
            case "azurerm_storage_account":
                // ACCOUNT.blob.core.windows.net and the account's other service hosts.
                if let name = TerraformMarker.plainString(resource.values["name"]) { terraformBuckets["azure-storage:\(name.lowercased())"] = resource.id }
            case "azurerm_container_registry":
                // NAME.azurecr.io, the registry's login server.
                if let name = TerraformMarker.plainString(resource.values["name"]) {
                    terraformBuckets["acr:\(name.lowercased())"] = resource.id
                    declaresRegistries = true
                }
            case "aws_dynamodb_table", "aws_sqs_queue", "aws_sns_topic", "aws_secretsmanager_secret":
                // Named in a function's settings by its name alone.
                if let name = TerraformMarker.plainString(resource.values["name"]), name.count >= 3 {
                    terraformBuckets[Self.namedKey(kind: resource.type, scope: Self.nameScope(of: resource), name: name)] = resource.id
                    // Across roots and stacks, a name only one resource of the kind has.
                    let anywhere = Self.namedKey(kind: resource.type, scope: "*", name: name)
                    terraformBuckets[anywhere] = terraformBuckets[anywhere] == nil ? resource.id : ""
                }
            case "aws_cloudfront_distribution":
                // A distribution is reached through its aliases (assets.example.com): pages naming
                // one of those hosts depend on the distribution and its origins.
                for alias in resource.values["aliases"]?.tupleValue?.compactMap(\.stringValue) ?? [] {
                    terraformBuckets["host:\(alias.lowercased())"] = resource.id
                }
            default: break
            }
        }

        let routeGroups = Self.route53Groups(evaluation.resources)
        let grouped = Set(routeGroups.values.flatMap { $0.map(\.id) })
        var unknownTypes: Set<String> = []
        var placements: [String: TerraformPlacement] = [:]
        let moduleInputs = Dictionary(evaluation.moduleInputs.map { ($0.prefix, $0) }, uniquingKeysWith: { first, _ in first })
        // Kubernetes objects declared in Terraform are the objects' components (see
        // `Linker.addingKubernetesObjects`), not resources of their own.
        let resources = evaluation.resources.filter { !TerraformKubernetes.declaresObject($0.type) && $0.type != "helm_release" }
        for resource in resources {
            let placement = placer.place(resource)
            placements[resource.id] = placement
            // One note per type per module folder, however many instances call it.
            if !placement.isKnownType, unknownTypes.insert("\(TerraformFolder.folder(of: resource.path))/\(resource.type)").inserted {
                note("Faultline does not know where a resource of type \(resource.type) runs, so it is placed in an unknown domain",
                     detail: "it matters only if something user-facing needs it; name its dependency in .faultline.yaml if so",
                     path: resource.path, line: resource.line)
            }
            for (summary, detail) in placement.notes { note(summary, detail: detail, path: resource.path, line: resource.line) }
            addParts(
                id: resource.id, kind: placement.kind, sites: placement.sites, needed: placement.needed,
                provenance: [provenance(resource.path, resource.line)], isEntrypoint: placement.isEntrypoint && !grouped.contains(resource.id),
                placedBy: placement.placedByArgument.flatMap { argumentProvenance($0, of: resource, inputs: moduleInputs) })
        }
        for module in evaluation.opaqueModules {
            note("module \(module.id.split(separator: ".").last ?? "") comes from \(module.source), which Faultline does not fetch, so it is one component placed nowhere known",
                 detail: "vendor the module into the repository and call it with a ./ path to have its resources read",
                 path: module.path, line: module.line)
            addParts(
                id: module.id, kind: .other, sites: [Site([.unknown("terraform/module/\(module.id.dropFirst(3))")])],
                provenance: [provenance(module.path, module.line)])
        }
        for resource in resources {
            linkTerraformRequirements(of: resource, placer: placer, resources: byID)
        }
        linkRoute53Groups(routeGroups)
        adoptTerraformCluster(evaluation.resources, placements: placements, resources: byID)
    }

    /// The components a value names: resources through their markers, URLs and hosts through
    /// the endpoint classifier (joined to Terraform's buckets by name).
    ///
    /// The endpoints all of a link's values name are bounded (``terraformEndpointLimit``): a
    /// megabyte of URLs read with `file()` into the environment of a thousand `count`
    /// instances would otherwise be millions of requirements from one small change.
    mutating func terraformTargets(_ value: Value?, context: String, path: String, line: Int) -> [String] {
        // A marker without an instance key (count or for_each unknown to the caller) stands for every instance.
        var targets = TerraformMarker.ids(in: value).flatMap { id in has(id) ? [id] : componentIDs(withPrefix: id + "[") }
        // A text with a part unknown but naming no resource may still name an endpoint.
        for text in TerraformMarker.strings(in: value) where !TerraformMarker.holdsMarker(text) || TerraformMarker.ids(in: .string(text)).isEmpty {
            guard terraformEndpointsLeft > 0 || !terraformEndpointsCut else { break }
            var found = endpoints(in: Mention(text: text, line: line, context: context), path: path).map(\.id)
            if found.count > terraformEndpointsLeft {
                found.removeLast(found.count - terraformEndpointsLeft)
                terraformEndpointsCut = true
                warn("Terraform's values name more than \(Self.terraformEndpointLimit) endpoints in this commit; those past it are not read",
                     detail: "no configuration names this many; look for a large file read with file() into many count or for_each instances",
                     path: path, line: line)
            }
            terraformEndpointsLeft -= found.count
            targets += found
        }
        return targets
    }

    /// The integrations' `uri`s of an OpenAPI document written as JSON or YAML text; nil when
    /// the text is neither.
    static func integrationURIs(inText text: String) -> [Value]? {
        var found: [Value] = []
        func walk(_ node: YAMLNode, depth: Int) {
            guard depth < 32 else { return }
            for entry in node.entries ?? [] {
                if entry.key.string == "x-amazon-apigateway-integration", let uri = entry.value["uri"]?.string {
                    found.append(.string(uri))
                } else {
                    walk(entry.value, depth: depth + 1)
                }
            }
            for item in node.items ?? [] { walk(item, depth: depth + 1) }
        }
        // JSON is YAML: one loader reads either.
        let loaded = YAMLLoader().load(text: text, path: "")
        guard loaded.diagnostics.isEmpty, let root = loaded.documents.first?.root, root.entries != nil else { return nil }
        walk(root, depth: 0)
        return found
    }

    /// The `uri`s of the `x-amazon-apigateway-integration` objects an OpenAPI document (as a
    /// value) holds, at any depth (bounded).
    static func integrationURIs(in value: Value, depth: Int = 0) -> [Value] {
        guard depth < 32 else { return [] }
        switch value {
        case .object(let members):
            var found: [Value] = []
            for (key, member) in members {
                if key == "x-amazon-apigateway-integration", case .object(let integration) = member, let uri = integration["uri"] {
                    found.append(uri)
                } else {
                    found += integrationURIs(in: member, depth: depth + 1)
                }
            }
            return found
        case .tuple(let items):
            return items.flatMap { integrationURIs(in: $0, depth: depth + 1) }
        default:
            return []
        }
    }

    /// Whether a text is a DNS host name with at least two labels (`api.shop.acme.io`) that
    /// may resolve: not an IP address (CloudFront refuses those as origins), nor a name of the
    /// reserved domains that never do (`.invalid`, `.test`, `.localhost`, `.example`,
    /// `example.com`, …).
    static func isHostName(_ text: String) -> Bool {
        let lower = text.lowercased()
        let labels = lower.split(separator: ".", omittingEmptySubsequences: false)
        guard let last = labels.last, !last.allSatisfy(\.isNumber) else { return false }
        if ["invalid", "test", "localhost", "example", "local", "internal"].contains(last) { return false }
        if ["example.com", "example.net", "example.org"].contains(where: { lower == $0 || lower.hasSuffix("." + $0) }) { return false }
        return labels.count >= 2 && labels.allSatisfy { label in
            !label.isEmpty && label.count <= 63 && label.first != "-" && label.last != "-"
                && label.utf8.allSatisfy { ($0 >= 0x61 && $0 <= 0x7A) || ($0 >= 0x41 && $0 <= 0x5A) || ($0 >= 0x30 && $0 <= 0x39) || $0 == 0x2D }
        }
    }

    /// The most endpoints Terraform's values name in one link.
    static let terraformEndpointLimit = 100_000

    /// Where an argument of a resource is set: its own line, or — when it passes a module
    /// input on (`multi_az = var.multi_az`) — the line of the `module` block that set the
    /// input, followed up through every caller that passes it on unchanged, to a root's
    /// variable file entry or a variable's default where the value starts. The line a
    /// reviewer changed is there, not in the module.
    func argumentProvenance(
        _ argument: String, of resource: TerraformResource, inputs: [String: TerraformEvaluation.ModuleInputs]
    ) -> Provenance? {
        guard let line = resource.lineIfPresent(of: argument) else { return nil }
        var (path, found) = (resource.path, line)
        // A block (`settings { availability_type = var.x }`) holds the resource in one zone
        // through the zone argument inside it.
        let block = resource.body.blocks(ofType: argument).first?.body
        let inner = block.flatMap { body in Self.innerZoneArguments.lazy.compactMap { body.attribute(named: $0) }.first }
        if let inner { found = inner.range.start.line }
        var variable = (resource.body.attribute(named: argument) ?? inner).flatMap { TerraformModuleEvaluator.forwardedVariable($0.expression) }
        var prefix = resource.modulePrefix
        // Module nesting is bounded (TerraformModuleEvaluator.maximumDepth); so is this walk.
        for _ in 0...TerraformModuleEvaluator.maximumDepth {
            guard let name = variable, let call = inputs[prefix], let input = call.inputs[name] else { break }
            (path, found) = (input.path, input.line)
            variable = input.forwards
            prefix = call.callerPrefix
        }
        return provenance(path, found)
    }

    /// The arguments inside a block that decide a zone (`settings.availability_type`,
    /// `default_node_pool.zones`, `vpc_config.subnet_ids`); a `tier` beside them does not.
    static let innerZoneArguments = ["availability_type", "zone", "zones", "availability_zones", "subnet_ids", "node_locations"]

    private mutating func linkTerraformRequirements(of resource: TerraformResource, placer: TerraformPlacer, resources: [String: TerraformResource]) {
        let path = resource.path
        switch resource.type {
        case "aws_cloudfront_distribution":
            let origins = resource.blocks("origin")
            var targetsByOrigin: [String: [String]] = [:]
            // Origins at a host written out that names nothing modelled: a host of the team's
            // own, not in the catalog, down in no scenario (unlike an address not known here).
            var ownHosts: Set<String> = []
            for (index, origin) in origins.enumerated() {
                let line = resource.line(ofBlock: "origin", at: index)
                let id = TerraformMarker.plainString(origin["origin_id"]) ?? "#\(index)"
                let targets = terraformTargets(origin["domain_name"], context: "CloudFront origin \(id)", path: path, line: line)
                targetsByOrigin[id] = targets
                if targets.isEmpty, let host = TerraformMarker.plainString(origin["domain_name"]), Self.isHostName(host) { ownHosts.insert(id) }
            }
            var grouped: Set<String> = []
            var groupRequirements: [String: Requirement?] = [:]
            for (index, group) in resource.blocks("origin_group").enumerated() where !TerraformResource.objects(group["failover_criteria"]).isEmpty {
                let members = TerraformResource.objects(group["member"]).compactMap { TerraformMarker.plainString($0["origin_id"]) }
                let id = TerraformMarker.plainString(group["origin_id"]) ?? "#group\(index)"
                grouped.formUnion(members)
                let alternatives = members.flatMap { targetsByOrigin[$0] ?? [] }
                // A group with such a host always has it to fail over to; one with no
                // alternative known needs nothing known.
                groupRequirements[id] = members.contains(where: ownHosts.contains) || alternatives.isEmpty ? nil : Requirement(
                    anyOf: alternatives, provenance: provenance(path, resource.line(ofBlock: "origin_group", at: index)),
                    note: "origin group \(id) fails over between \(members.joined(separator: ", "))")
            }
            var originIndexes: [String: Int] = [:]
            for (index, origin) in origins.enumerated() { originIndexes[TerraformMarker.plainString(origin["origin_id"]) ?? "#\(index)"] = index }
            func requireOrigin(_ id: String, at index: Int, line: Int? = nil) {
                for target in targetsByOrigin[id] ?? [] {
                    require(resource.id, Requirement(
                        target, provenance: provenance(path, line ?? resource.line(ofBlock: "origin", at: index)), note: "CloudFront origin \(id)"))
                }
            }
            // Requests go where the cache behaviors send them: a behavior aimed at one member
            // of an origin group bypasses the group's failover. When every behavior's target
            // is known and names an origin or group, those are what the distribution needs;
            // otherwise every group, and every origin outside one.
            let behaviors = resource.blocks("default_cache_behavior").map { ($0, "default_cache_behavior", 0) }
                + resource.blocks("ordered_cache_behavior").enumerated().map { ($1, "ordered_cache_behavior", $0) }
            let aimed = behaviors.map { behavior, block, index in
                (TerraformMarker.plainString(behavior["target_origin_id"]), resource.line(ofBlock: block, at: index))
            }
            if !aimed.isEmpty, aimed.allSatisfy({ target, _ in target.map { groupRequirements.keys.contains($0) || originIndexes[$0] != nil } ?? false }) {
                var seen: Set<String> = []
                for case let (target?, line) in aimed where seen.insert(target).inserted {
                    if let requirement = groupRequirements[target] {
                        if let requirement { require(resource.id, requirement) }
                    } else if let index = originIndexes[target] {
                        requireOrigin(target, at: index, line: grouped.contains(target) ? line : nil)
                    }
                }
            } else {
                for (_, requirement) in groupRequirements.sorted(by: { $0.key < $1.key }) {
                    if let requirement { require(resource.id, requirement) }
                }
                for (index, origin) in origins.enumerated() {
                    let id = TerraformMarker.plainString(origin["origin_id"]) ?? "#\(index)"
                    guard !grouped.contains(id) else { continue }
                    requireOrigin(id, at: index)
                }
            }
        case "aws_s3control_multi_region_access_point":
            let regions = resource.blocks("details").flatMap { TerraformResource.objects($0["region"]) }
            let buckets = regions.flatMap { terraformTargets($0["bucket"], context: "Multi-Region Access Point", path: path, line: resource.line) }
            if !buckets.isEmpty {
                require(resource.id, Requirement(anyOf: buckets, provenance: provenance(path, resource.line), note: "routes to any healthy bucket"))
            }
        case "aws_eks_node_group", "google_container_node_pool":
            let key = resource.type == "aws_eks_node_group" ? "cluster_name" : "cluster"
            for target in TerraformMarker.ids(in: resource.values[key]) where has(target) {
                require(resource.id, Requirement(target, provenance: provenance(path, resource.line(ofAttribute: key)), note: "joins cluster"))
            }
        case "aws_s3_bucket":
            for rule in resource.blocks("replication_configuration").flatMap({ TerraformResource.objects($0["rules"]) }) {
                for destination in TerraformResource.objects(rule["destination"]) {
                    noteReplication(from: resource, to: destination["bucket"], placer: placer, resources: resources, line: resource.line(ofBlock: "replication_configuration"))
                }
            }
        case "aws_s3_bucket_replication_configuration":
            guard let source = TerraformMarker.ids(in: resource.values["bucket"]).compactMap({ resources[$0] }).first else { return }
            for rule in resource.blocks("rule") {
                for destination in TerraformResource.objects(rule["destination"]) {
                    noteReplication(from: source, to: destination["bucket"], placer: placer, resources: resources, line: resource.line(ofBlock: "rule"))
                }
            }
        case "aws_ecr_replication_configuration":
            let regions = resource.blocks("replication_configuration").flatMap { TerraformResource.objects($0["rule"]) }
                .flatMap { TerraformResource.objects($0["destination"]) }.compactMap { TerraformMarker.plainString($0["region"]) }
            if !regions.isEmpty {
                note("ECR replicates to \(regions.joined(separator: ", ")), which is replication, not failover",
                     detail: "pulls name one regional registry host; point workloads at a replica's host to use it in an outage",
                     path: path, line: resource.line)
            }
        case "aws_route53_record":
            var targets: [String] = []
            for alias in resource.blocks("alias") {
                targets += terraformTargets(alias["name"], context: "Route 53 alias", path: path, line: resource.line(ofBlock: "alias"))
            }
            targets += terraformTargets(resource.values["records"], context: "Route 53 record", path: path, line: resource.line(ofAttribute: "records"))
            for target in targets where target != resource.id {
                require(resource.id, Requirement(target, provenance: provenance(path, resource.line), note: "DNS points at it"))
            }
        case "aws_instance":
            requireBootScript(of: resource, from: resource)
        case "aws_autoscaling_group":
            // The launch template or configuration its instances boot from.
            let named = ["launch_template", "launch_configuration", "mixed_instances_policy"].flatMap { TerraformMarker.ids(in: resource.values[$0]) }
            for template in named.compactMap({ resources[$0] }) where template.type == "aws_launch_template" || template.type == "aws_launch_configuration" {
                requireBootScript(of: resource, from: template)
            }
        case "aws_lambda_function":
            requireSettings(of: resource, TerraformResource.objects(resource.blocks("environment").first?["variables"]).first ?? [:],
                            path: path, line: resource.line(ofBlock: "environment"))
        case "aws_lambda_function_url", "aws_lambda_alias":
            requireReferenced(by: resource, "function_name", note: "invokes the function")
        case "aws_api_gateway_rest_api", "aws_apigatewayv2_api":
            // An OpenAPI body's integrations (`x-amazon-apigateway-integration`'s `uri`): what
            // the API answers through — in a body written as text (`jsonencode`, `templatefile`),
            // read as JSON or YAML; in text that is neither, every resource and endpoint it names.
            guard let body = resource.values["body"] else { break }
            let line = resource.line(ofAttribute: "body")
            let uris: [Value] = body.stringValue.map { Self.integrationURIs(inText: $0) ?? [body] } ?? Self.integrationURIs(in: body)
            for uri in uris {
                for target in terraformTargets(uri, context: "OpenAPI integration", path: path, line: line) where target != resource.id {
                    require(resource.id, Requirement(target, provenance: provenance(path, line), note: "OpenAPI body integration"))
                }
            }
        case "aws_api_gateway_base_path_mapping", "aws_apigatewayv2_api_mapping":
            // A custom domain name answers through the APIs its mappings name.
            let line = resource.line
            let apis = (TerraformMarker.ids(in: resource.values["api_id"]) + TerraformMarker.ids(in: resource.values["rest_api_id"])).filter(has)
            for domain in TerraformMarker.ids(in: resource.values["domain_name"]) where has(domain) {
                for api in apis where api != domain {
                    require(domain, Requirement(api, provenance: provenance(path, line), note: "mapping \(TerraformResource.address(resource.id))"))
                }
            }
        case "aws_apigatewayv2_integration", "aws_api_gateway_integration":
            // The API answers through its integrations: a Lambda function, or a URL it proxies to.
            let (apiKey, targetKey) = resource.type == "aws_apigatewayv2_integration" ? ("api_id", "integration_uri") : ("rest_api_id", "uri")
            let line = resource.line(ofAttribute: targetKey)
            let targets = terraformTargets(resource.values[targetKey], context: "API integration", path: path, line: line)
            for api in TerraformMarker.ids(in: resource.values[apiKey]) where has(api) {
                for target in targets where target != api {
                    require(api, Requirement(target, provenance: provenance(path, line), note: "integration \(TerraformResource.address(resource.id))"))
                }
            }
        case "aws_ecs_service":
            requireReferenced(by: resource, "cluster", note: "runs on the cluster")
            for definition in TerraformMarker.ids(in: resource.values["task_definition"]).compactMap({ resources[$0] }) {
                requireContainers(of: resource, in: definition)
            }
        case "google_cloud_run_service", "google_cloud_run_v2_service":
            // v1 holds its containers under `template.spec`, v2 under `template`.
            let template = resource.blocks("template").first ?? [:]
            let spec = TerraformResource.objects(template["spec"]).first ?? template
            for container in TerraformResource.objects(spec["containers"]) {
                let line = resource.line(ofBlock: "template")
                if let image = container["image"]?.stringValue { requireImage(image, of: resource, path: path, line: line) }
                var settings: [String: Value] = [:]
                for variable in TerraformResource.objects(container["env"]) {
                    if let name = TerraformMarker.plainString(variable["name"]), let value = variable["value"] { settings[name] = value }
                }
                requireSettings(of: resource, settings, path: path, line: line)
            }
        case "azurerm_linux_web_app", "azurerm_windows_web_app", "azurerm_app_service",
             "azurerm_linux_function_app", "azurerm_windows_function_app", "azurerm_function_app":
            requireSettings(of: resource, resource.values["app_settings"]?.objectValue ?? [:], path: path, line: resource.line(ofAttribute: "app_settings"))
        default:
            break
        }
    }

    /// What an instance's boot script (`user_data`, `user_data_base64`, written as text or
    /// base64) names — an `aws s3 cp s3://…` of the release, a package mirror — each a
    /// requirement: an instance booting while it is down does not come up to serve.
    private mutating func requireBootScript(of resource: TerraformResource, from source: TerraformResource) {
        // `user_data = null` beside `user_data_base64` (a module passing both) is no script.
        guard let key = ["user_data", "user_data_base64"].first(where: { source.values[$0]?.stringValue != nil }),
              let text = source.values[key]?.stringValue else { return }
        let line = source.line(ofAttribute: key)
        let words = bootScriptWords[text] ?? {
            let found = Self.bootScriptWords(text)
            bootScriptWords[text] = found
            return found
        }()
        for target in terraformTargets(words, context: "user data", path: source.path, line: line) where target != resource.id {
            require(resource.id, Requirement(target, provenance: provenance(source.path, line), note: "boot script (user data)"))
        }
    }

    /// The most of a boot script read: EC2 takes 16 KB of user data; past this, a script
    /// could not be deployed, and reading it for each of many instances would be slow.
    static let bootScriptLimit = 64 << 10

    /// A boot script's words, each read on its own — a word naming a resource of the
    /// repository leaves the URLs beside it readable — less its comment lines (`# moved off
    /// https://…` names nothing the instance needs): the script as written, or decoded when it
    /// is base64 (`base64encode(…)`, `user_data_base64`), which hides the references and URLs
    /// inside it. Nothing past ``bootScriptLimit``.
    static func bootScriptWords(_ written: String) -> Value {
        var text = written
        if text.utf8.count > bootScriptLimit * 2 { text = String(decoding: Array(text.utf8.prefix(bootScriptLimit * 2)), as: UTF8.self) }
        if let decoded = decodedBase64(text) { text = decoded }
        if text.utf8.count > bootScriptLimit { text = String(decoding: Array(text.utf8.prefix(bootScriptLimit)), as: UTF8.self) }
        var words: [Value] = []
        for line in text.split(whereSeparator: \.isNewline) {
            guard !line.drop(while: { $0 == " " || $0 == "\t" }).hasPrefix("#") else { continue }
            for word in line.split(whereSeparator: { $0 == " " || $0 == "\t" }) { words.append(.string(String(word))) }
        }
        return .tuple(words)
    }

    /// The text base64 encodes, when the whole text is base64 of UTF-8.
    static func decodedBase64(_ text: String) -> String? {
        var bytes: [UInt8] = []
        bytes.reserveCapacity(text.utf8.count)
        for byte in text.utf8 {
            switch byte {
            case 0x41...0x5A, 0x61...0x7A, 0x30...0x39, 0x2B, 0x2F, 0x3D: bytes.append(byte)
            case 0x20, 0x09, 0x0A, 0x0D: continue
            default: return nil
            }
        }
        guard bytes.count >= 8, bytes.count % 4 == 0, let data = Data(base64Encoded: Data(bytes)) else { return nil }
        return String(data: data, encoding: .utf8)
    }

    /// The components a resource's settings name (a Lambda function's environment, a web
    /// app's `app_settings`, a container's env), each a requirement located at `path:line`.
    private mutating func requireSettings(of resource: TerraformResource, _ settings: [String: Value], path: String, line: Int) {
        for name in settings.keys.sorted() {
            // Telemetry settings name collectors written to, which a service does not go down
            // with; a runbook's or documentation's link is followed by people, not the service.
            guard !Self.isTelemetry(name), !Self.isDocumentationLink(setting: name) else { continue }
            // A template's variable has a line of its own (`env:NAME`); else the block's.
            let line = resource.argumentLines["env:\(name)"] ?? line
            var targets = terraformTargets(settings[name], context: "env \(name)", path: path, line: line)
            // A setting that is a declared table's, queue's, topic's or secret's name (`TABLE:
            // orders-prod`, as a SAM or Serverless Framework function is usually told) names it.
            if let value = TerraformMarker.plainString(settings[name]) {
                for kind in Self.namedKinds(setting: name) {
                    // The resource's own root or stack first; else the one resource anywhere of that name.
                    let own = terraformBuckets[Self.namedKey(kind: kind, scope: Self.nameScope(of: resource), name: value)]
                    if let named = own ?? terraformBuckets[Self.namedKey(kind: kind, scope: "*", name: value)], !named.isEmpty { targets.append(named) }
                }
            }
            for target in targets where target != resource.id {
                require(resource.id, Requirement(target, provenance: provenance(path, line), note: "env \(name)"))
            }
        }
    }

    /// Where a name given in a setting is looked for: the resource's own CloudFormation stack
    /// (the deployed one, for a nested stack's), or its Terraform root module — two roots or
    /// stacks may each have a table `orders`.
    static func nameScope(of resource: TerraformResource) -> String {
        resource.deployedStack.map { "cfn:\($0)" } ?? "tf:\(resource.root)"
    }

    static func namedKey(kind: String, scope: String, name: String) -> String {
        "name:\(kind)\u{0}\(scope)\u{0}\(name)"
    }

    /// The kinds of resource a setting's name says it names by name: `TABLE_NAME` a DynamoDB
    /// table, `JOBS_QUEUE` a queue, `EVENTS_TOPIC` a topic, `DB_SECRET` a secret. A setting
    /// named otherwise (`STAGE: prod`) names none, whatever its value.
    static func namedKinds(setting: String) -> [String] {
        let upper = setting.uppercased()
        var kinds: [String] = []
        if upper.contains("TABLE") || upper.contains("DYNAMO") { kinds.append("aws_dynamodb_table") }
        if upper.contains("QUEUE") || upper.contains("SQS") { kinds.append("aws_sqs_queue") }
        if upper.contains("TOPIC") || upper.contains("SNS") { kinds.append("aws_sns_topic") }
        if upper.contains("SECRET") { kinds.append("aws_secretsmanager_secret") }
        return kinds
    }

    /// The image a container of a resource runs: a literal reference is an image like a
    /// manifest's; one built from a registry of the repository (`"${aws_ecr_repository.web.repository_url}:1"`)
    /// needs that registry.
    private mutating func requireImage(_ image: String, of resource: TerraformResource, path: String, line: Int) {
        guard image.contains(TerraformMarker.open) else {
            if let id = imageComponent(ImageMention(reference: image, line: line), path: path) {
                require(resource.id, Requirement(id, provenance: provenance(path, line), note: "runs \(image)"))
            }
            return
        }
        let targets = TerraformMarker.ids(in: .string(image))
        for target in targets where has(target) {
            require(resource.id, Requirement(target, provenance: provenance(path, line), note: "runs an image of \(TerraformResource.address(target))"))
        }
        // An ECR image of an account known only once deployed (`${AWS::AccountId}.dkr.ecr.…/web`)
        // still names its repository: the repository of that name the repository declares.
        guard targets.isEmpty else { return }
        let standIn = image.replacingOccurrences(of: TerraformMarker.unknownPart, with: Self.unknownPartStandIn)
        if let endpoint = linker.classifyImage(standIn), endpoint.service == "ecr", endpoint.region?.contains(Self.unknownPartStandIn) == false,
           endpoint.repository?.contains(Self.unknownPartStandIn) == false, let repository = terraformComponent(for: endpoint) {
            require(resource.id, Requirement(repository, provenance: provenance(path, line), note: "runs an image of \(TerraformResource.address(repository))"))
        }
    }

    /// The resources an argument references, each a requirement.
    private mutating func requireReferenced(by resource: TerraformResource, _ key: String, note: String) {
        for target in TerraformMarker.ids(in: resource.values[key]) where has(target) && target != resource.id {
            require(resource.id, Requirement(target, provenance: provenance(resource.path, resource.line(ofAttribute: key)), note: note))
        }
    }

    /// What an ECS service's task definition runs: each container's image and the components
    /// its environment and secrets name. `container_definitions` is JSON (usually `jsonencode(…)`).
    private mutating func requireContainers(of service: TerraformResource, in definition: TerraformResource) {
        guard let json = definition.string("container_definitions"),
              let containers = try? JSONSerialization.jsonObject(with: Data(json.utf8)) as? [[String: Any]] else { return }
        let line = definition.line(ofAttribute: "container_definitions")
        for container in containers {
            if let image = container["image"] as? String { requireImage(image, of: service, path: definition.path, line: line) }
            var settings: [String: Value] = [:]
            for variable in container["environment"] as? [[String: Any]] ?? [] {
                if let name = variable["name"] as? String, let value = variable["value"] as? String { settings[name] = .string(value) }
            }
            // Secrets are fetched when a task starts: from Secrets Manager or SSM, by ARN.
            for secret in container["secrets"] as? [[String: Any]] ?? [] {
                if let name = secret["name"] as? String, let value = secret["valueFrom"] as? String { settings[name] = .string(value) }
            }
            requireSettings(of: service, settings, path: definition.path, line: line)
        }
    }

    /// A note for each replication: to another region it shortens recovery but fails nothing
    /// over; in the same region it is no protection against that region.
    private mutating func noteReplication(
        from source: TerraformResource, to destination: Value?, placer: TerraformPlacer, resources: [String: TerraformResource], line: Int
    ) {
        // The destination is a reference, or an ARN that names the bucket.
        let named = TerraformMarker.strings(in: destination).compactMap { text -> String? in
            if let arn = text.firstRange(ofASCII: ":s3:::") { return terraformBuckets[String(text[arn.upperBound...].prefix { $0 != "/" })] }
            return linker.classifier.classify(text).flatMap { terraformComponent(for: $0) }
        }
        let candidates = (named + TerraformMarker.ids(in: destination)).compactMap { resources[$0] }
        guard let target = candidates.first(where: { $0.type == source.type }) else { return }
        let from = placer.region(of: source) ?? "an unknown region"
        let to = placer.region(of: target) ?? "an unknown region"
        if from == to, placer.region(of: source) != nil {
            note("\(source.id) replicates to \(target.id) in the same region (\(from)), which is no protection against that region",
                 detail: "replicate to a bucket whose provider configuration is in another region", path: source.path, line: line)
        } else {
            note("\(source.id) replicates to \(target.id) in \(to): replication, not failover",
                 detail: "consumers stay on \(from) unless something switches them (a CloudFront origin group, a Multi-Region Access Point)",
                 path: source.path, line: line)
        }
    }

    /// Route 53 records of one name with a routing policy (failover, latency, weighted,
    /// geolocation) answer for one another: the name is the entrypoint, any record will do.
    static func route53Groups(_ resources: [TerraformResource]) -> [String: [TerraformResource]] {
        let policies = ["failover_routing_policy", "latency_routing_policy", "weighted_routing_policy", "geolocation_routing_policy"]
        var groups: [String: [TerraformResource]] = [:]
        for record in resources where record.type == "aws_route53_record" && policies.contains(where: { !record.blocks($0).isEmpty }) {
            guard let name = record.string("name") else { continue }
            groups["\(record.string("type") ?? "")/\(name)", default: []].append(record)
        }
        return groups.filter { $0.value.count > 1 }
    }

    private mutating func linkRoute53Groups(_ groups: [String: [TerraformResource]]) {
        for key in groups.keys.sorted() {
            guard let records = groups[key], let first = records.first else { continue }
            let name = TerraformMarker.plainString(first.values["name"]) ?? records.map(\.id).sorted().joined(separator: "|")
            var requirement = Requirement(anyOf: records.map(\.id), provenance: provenance(first.path, first.line), note: "routing policy answers with any healthy record")
            // A failover primary Route 53 cannot see fail is always healthy: it is always the answer.
            let primaries = records.filter { Self.failoverType(of: $0) == "PRIMARY" }
            if primaries.count == 1, let primary = primaries.first, !Self.isHealthChecked(primary) {
                requirement = Requirement(
                    primary.id, provenance: provenance(primary.path, primary.line),
                    note: "failover primary without a health check: Route 53 always answers with it")
                warn("Route 53 never fails over from \(primary.id): it has no health check, so it is always taken as healthy",
                     detail: "give it a health_check_id (or, for an alias, evaluate_target_health = true)", path: primary.path, line: primary.line)
            }
            addParts(
                id: "dns:\(name)", kind: .dnsRecord, requirements: [requirement],
                provenance: records.map { provenance($0.path, $0.line) }, isEntrypoint: true)
        }
    }

    /// `PRIMARY` or `SECONDARY` for a record of a failover pair (Terraform's `type`,
    /// CloudFormation's `Failover`), upper-cased.
    static func failoverType(of record: TerraformResource) -> String? {
        guard let policy = record.blocks("failover_routing_policy").first else { return nil }
        return TerraformMarker.plainString(policy["type"] ?? policy["value"])?.uppercased()
    }

    /// Whether Route 53 can see a record fail: it has a health check, or it is an alias that
    /// evaluates its target's health. A value not known here counts as one.
    static func isHealthChecked(_ record: TerraformResource) -> Bool {
        if let check = record.values["health_check_id"], check != .null { return true }
        return record.blocks("alias").contains { alias in
            guard let evaluate = alias["evaluate_target_health"], evaluate != .null else { return false }
            return evaluate != .bool(false) && evaluate != .string("false")
        }
    }

    /// When the repository declares exactly one Kubernetes cluster in Terraform and none in
    /// `.faultline.yaml`, the manifests run on it (docs/design.md §2.4), in its node groups' zones.
    private mutating func adoptTerraformCluster(
        _ resources: [TerraformResource], placements: [String: TerraformPlacement], resources byID: [String: TerraformResource]
    ) {
        let declared = resources.filter { TerraformPlacer.clusterTypes.contains($0.type) }
        guard clusters.isEmpty, !declared.isEmpty else { return }
        guard declared.count == 1, let cluster = declared.first else {
            // Several: each root declaring exactly one hosts what is written in its folder (the
            // Kubernetes objects and Helm releases it declares, manifests beside it) and in the
            // folders of the modules it alone calls (a module declaring the cluster and its
            // objects, called from a root of its own). The more specific folder is tried first;
            // the repository's top folder claims nothing.
            let byRoot = Dictionary(grouping: declared, by: \.root)
            var rootsByFolder: [String: Set<String>] = [:]
            for resource in resources { rootsByFolder[KustomizeRenderings.folder(of: resource.path), default: []].insert(resource.root) }
            for (root, list) in byRoot.sorted(by: { $0.key.count > $1.key.count || $0.key.count == $1.key.count && $0.key < $1.key })
                where list.count == 1 && !root.isEmpty
            {
                guard var fact = Self.clusterFact(of: list[0], resources: resources, placements: placements) else { continue }
                let modules = rootsByFolder.filter { folder, roots in
                    roots == [root] && !folder.isEmpty && !Self.path(folder, isUnder: root)
                }.keys.sorted()
                fact.paths = [root] + modules
                clusters.append(fact)
                note("Kubernetes objects in \(fact.paths.joined(separator: ", ")) are placed on \(list[0].id), the only cluster root module \(root) declares",
                     detail: "declare clusters in .faultline.yaml to map manifests differently", path: list[0].path, line: list[0].line)
            }
            return
        }
        guard let fact = Self.clusterFact(of: cluster, resources: resources, placements: placements) else {
            // Its region is set where it is applied: the manifests still run there, and go
            // down with its provider (docs/design.md §1), not in a place of their own.
            let sites = placements[cluster.id]?.sites ?? []
            let providers = Set(sites.flatMap(\.domains).compactMap { domain -> String? in
                if case .unknown(let what) = domain, what.hasPrefix("region/") { return String(what.dropFirst("region/".count)) }
                return nil
            })
            guard providers.count == 1, let provider = providers.first else { return }
            regionlessCluster = (cluster.id, provider, sites)
            warn("Kubernetes manifests are placed on \(cluster.id), the only cluster this repository declares, whose region is not known here, so they go down with \(provider) as a whole",
                 detail: "set the provider's region in Terraform, or declare the cluster in .faultline.yaml with its region and zones",
                 path: cluster.path, line: cluster.line)
            return
        }
        clusters.append(fact)
        note("Kubernetes manifests are placed on \(cluster.id), the only cluster this repository declares",
             detail: "declare clusters in .faultline.yaml to map manifests differently", path: cluster.path, line: cluster.line)
    }

    /// A Terraform cluster as the clusters `.faultline.yaml` declares: its region and the
    /// zones of its node groups (or its own subnets' zones when it has none).
    private static func clusterFact(
        of cluster: TerraformResource, resources: [TerraformResource], placements: [String: TerraformPlacement]
    ) -> ClusterFact? {
        let pools = resources.filter { pool in
            ["aws_eks_node_group", "google_container_node_pool", "azurerm_kubernetes_cluster_node_pool"].contains(pool.type)
                && TerraformMarker.ids(in: .tuple([pool.values["cluster_name"] ?? .null, pool.values["cluster"] ?? .null, pool.values["kubernetes_cluster_id"] ?? .null])).contains(cluster.id)
        }
        let sites = pools.isEmpty ? placements[cluster.id]?.sites ?? [] : pools.flatMap { placements[$0.id]?.sites ?? [] }
        var provider = cluster.provider == "azurerm" ? "azure" : cluster.provider == "google" ? "gcp" : cluster.provider
        var region: String?
        var zones: [String] = []
        for domain in sites.flatMap(\.domains) {
            switch domain {
            case .zone(let p, let r, let z): provider = p; region = r; if !zones.contains(z) { zones.append(z) }
            case .region(let p, let r): provider = p; region = region ?? r
            default: continue
            }
        }
        guard let region else { return nil }
        return ClusterFact(name: cluster.id, provider: provider, region: region, zones: zones.sorted(), line: cluster.line)
    }
}

extension TopologyBuilder {
    /// The Terraform component an endpoint names: an S3 or GCS bucket by name, an ECR
    /// repository by its repository name, so the declared region and replication apply.
    /// The Terraform component serving a host nothing else recognises (a CDN alias).
    func terraformComponent(forHost host: String) -> String? {
        terraformBuckets["host:\(host)"]
    }

    func terraformComponent(for endpoint: Endpoint) -> String? {
        if let bucket = endpoint.bucket, endpoint.service == "s3" || endpoint.service == "gcs" {
            return terraformBuckets[bucket]
        }
        if endpoint.service == "ecr", let repository = endpoint.repository {
            return terraformBuckets["ecr:\(repository)"]
        }
        if endpoint.provider == "azure", let account = endpoint.account?.lowercased() {
            if endpoint.service == "acr" { return terraformBuckets["acr:\(account)"] }
            if EndpointClassifier.azureStorageServices.contains(endpoint.service) {
                return terraformBuckets["azure-storage:\(account)"]
            }
        }
        return nil
    }
}
