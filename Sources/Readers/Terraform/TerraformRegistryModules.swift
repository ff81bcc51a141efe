import HCL

/// Widely used registry modules, read as the one resource each stands for. Faultline never
/// fetches a module; for these it knows which arguments decide where the resource lives, so a
/// call `module "assets" { source = "terraform-aws-modules/s3-bucket/aws" … }` is the bucket
/// `tf:module.assets`, placed in its provider's region like an `aws_s3_bucket`, instead of a
/// component placed nowhere known. Everything else such a module creates (policies, roles,
/// logging) is left out.
enum TerraformRegistryModules {
    struct Model: Sendable {
        /// The resource type the call is read as.
        let type: String
        /// The resource's arguments from the call's; nil when the call creates nothing
        /// (`create = false`).
        let arguments: @Sendable ([String: Value]) -> [String: Value]?
        /// For a module read as several resources (a VPC's subnets), those resources and the
        /// outputs naming them, from the call's arguments and id; nil for a one-resource module.
        var parts: (@Sendable ([String: Value], String) -> Parts)?
        /// The call's argument each resource argument is read from, where the names differ:
        /// findings point at the line the call sets.
        var lines: [String: String] = [:]

        init(type: String, lines: [String: String] = [:], arguments: @escaping @Sendable ([String: Value]) -> [String: Value]?) {
            self.type = type
            self.lines = lines
            self.arguments = arguments
        }

        init(type: String, parts: @escaping @Sendable ([String: Value], String) -> Parts) {
            self.type = type
            self.arguments = { _ in nil }
            self.parts = parts
        }
    }

    /// Resources a call creates, each with its id, and outputs naming them.
    struct Parts {
        var resources: [(id: String, type: String, values: [String: Value])] = []
        var outputs: [String: Value] = [:]
        /// Whether the call is switched off (`create = false`): it creates nothing.
        var switchedOff = false
    }

    /// terraform-aws-modules' VPC: a subnet for each CIDR of each tier, the `i`th in the `i`th
    /// of `azs` (wrapping around, as the module's `element()` does); its outputs
    /// `private_subnets`, `public_subnets`, … list them, so what runs in `module.vpc.private_subnets`
    /// runs in their zones.
    ///
    /// Subnets past the number of zones add no zone: the `i`th stands for the `i mod n`th, so a
    /// tier is at most one subnet a zone (and at most 16 zones), however many CIDRs it lists.
    static let vpc = Model(type: "aws_subnet", parts: { inputs, id in
        var parts = Parts()
        guard creates(inputs, ["create_vpc"]) else { return Parts(switchedOff: true) }
        guard case .tuple(let listed)? = inputs["azs"], !listed.isEmpty else { return parts }
        let zones = Array(listed.prefix(16))
        for tier in ["private", "public", "database", "elasticache", "intra", "redshift", "outpost"] {
            guard case .tuple(let cidrs)? = inputs["\(tier)_subnets"], !cidrs.isEmpty else { continue }
            let subnets = (0..<min(cidrs.count, zones.count)).map { "\(id).\(tier)_subnets[\($0)]" }
            for (index, subnet) in subnets.enumerated() {
                parts.resources.append((subnet, "aws_subnet", ["availability_zone": zones[index], "cidr_block": cidrs[index]]))
            }
            parts.outputs["\(tier)_subnets"] = .tuple(cidrs.indices.map { .string(TerraformMarker.marker(subnets[$0 % subnets.count])) })
        }
        return parts
    })

    /// The model of a module source, by its registry address (`NAMESPACE/NAME/PROVIDER`,
    /// optionally with `//SUBMODULE`), whatever host, git form or version reference it is
    /// written with.
    static func model(for source: String) -> Model? {
        guard let address = address(of: source) else { return nil }
        return models[address]
    }

    /// `terraform-aws-modules/s3-bucket/aws` from `registry.terraform.io/terraform-aws-modules/s3-bucket/aws`,
    /// `git::https://github.com/terraform-aws-modules/terraform-aws-s3-bucket.git?ref=v4.1.0` or
    /// `github.com/terraform-aws-modules/terraform-aws-s3-bucket`.
    static func address(of source: String) -> String? {
        var text = source.lowercased()
        if let query = text.firstIndex(of: "?") { text = String(text[..<query]) }
        for prefix in ["git::", "https://", "http://", "ssh://"] where text.hasPrefix(prefix) { text.removeFirst(prefix.count) }
        if text.hasPrefix("git@github.com:") { text = "github.com/" + text.dropFirst("git@github.com:".count) }
        if text.hasPrefix("git@") { text.removeFirst("git@".count) }
        var submodule = ""
        if let separator = text.range(of: "//") {
            submodule = String(text[separator.lowerBound...])
            text = String(text[..<separator.lowerBound])
        }
        if text.hasPrefix("registry.terraform.io/") { text.removeFirst("registry.terraform.io/".count) }
        if text.hasSuffix(".git") { text.removeLast(4) }
        let parts = text.split(separator: "/", omittingEmptySubsequences: false).map(String.init)
        guard parts.count == 3, !parts.contains("") else { return nil }
        guard parts[0] == "github.com" else {
            // NAMESPACE/NAME/PROVIDER: letters, digits, `-` and `_` only (a host has dots).
            let plain = parts.allSatisfy { $0.allSatisfy { $0.isLetter || $0.isNumber || $0 == "-" || $0 == "_" } }
            return plain ? text + submodule : nil
        }
        // github.com/OWNER/terraform-PROVIDER-NAME
        let repository = parts[2]
        guard repository.hasPrefix("terraform-") else { return nil }
        let rest = repository.dropFirst("terraform-".count)
        guard let dash = rest.firstIndex(of: "-") else { return nil }
        return "\(parts[1])/\(rest[rest.index(after: dash)...])/\(rest[..<dash])" + submodule
    }

    /// Whether none of the switches is set to false.
    private static func creates(_ inputs: [String: Value], _ switches: [String]) -> Bool {
        !switches.contains { inputs[$0] == .bool(false) }
    }

    /// The arguments named in `keys` (call argument → resource argument) that the call sets.
    private static func renamed(_ inputs: [String: Value], _ keys: [String: String]) -> [String: Value] {
        var values: [String: Value] = [:]
        // In key order, so that of two spellings (`cluster_name`, `name`) the same one wins each run.
        for (from, to) in keys.sorted(by: { $0.key < $1.key }) { if let value = inputs[from], value != .null { values[to] = value } }
        return values
    }

    /// A map of objects (`{ key = { … } }`) or a list of them, as a list; a map's key filled in
    /// under `keyName` where the object does not set it.
    private static func list(_ value: Value?, keyName: String? = nil) -> [[String: Value]] {
        switch value {
        case .tuple(let items): return items.compactMap(\.objectValue)
        case .object(let fields):
            return fields.keys.sorted().compactMap { key in
                guard var object = fields[key]?.objectValue else { return nil }
                if let keyName, object[keyName] == nil || object[keyName] == .null { object[keyName] = .string(key) }
                return object
            }
        default: return []
        }
    }

    /// terraform-aws-modules' ECS service (`//modules/service`): the service (the call's id)
    /// and its task definition (`….task_definition`), whose `container_definitions` (a map of
    /// container name to `image`, `environment`, `secrets`) it runs, in the zones of its
    /// `subnet_ids`, behind its `load_balancer` map.
    static let ecsService = Model(type: "aws_ecs_service", parts: { inputs, id in
        var parts = Parts()
        guard creates(inputs, ["create", "create_service"]) else { return Parts(switchedOff: true) }
        parts.resources = ecsServiceResources(inputs, id: id)
        return parts
    })

    /// terraform-aws-modules' ECS root module: the cluster (the call's id) and each of its
    /// `services`, read like the service module (`tf:module.ecs.services["web"]`) on that
    /// cluster and in its `region` (an entry's `cluster_arn` or `region` is not one of the map's
    /// attributes: Terraform drops it).
    static let ecs = Model(type: "aws_ecs_cluster", parts: { inputs, id in
        var parts = Parts()
        guard creates(inputs, ["create"]) else { return Parts(switchedOff: true) }
        parts.resources.append((id, "aws_ecs_cluster", renamed(inputs, ["cluster_name": "name", "region": "region"])))
        parts.outputs["cluster_arn"] = .string(TerraformMarker.marker(id))
        parts.outputs["cluster_id"] = .string(TerraformMarker.marker(id))
        guard case .object(let services)? = inputs["services"] else { return parts }
        for key in services.keys.sorted() {
            guard var service = services[key]?.objectValue, creates(service, ["create", "create_service"]) else { continue }
            service["cluster_arn"] = .string(TerraformMarker.marker(id))
            service["region"] = inputs["region"]
            parts.resources += ecsServiceResources(service, id: "\(id).services[\"\(key)\"]")
        }
        return parts
    })

    private static func ecsServiceResources(_ inputs: [String: Value], id: String) -> [(id: String, type: String, values: [String: Value])] {
        var resources: [(id: String, type: String, values: [String: Value])] = []
        var service = renamed(inputs, ["cluster_arn": "cluster", "name": "name", "region": "region"])
        if let subnets = inputs["subnet_ids"], subnets != .null { service["network_configuration"] = .object(["subnets": subnets]) }
        let balancers = list(inputs["load_balancer"])
        if !balancers.isEmpty { service["load_balancer"] = .tuple(balancers.map { .object($0) }) }
        if creates(inputs, ["create_task_definition"]) {
            let containers = list(inputs["container_definitions"], keyName: "name").map { container -> Value in
                .object(container.filter { ["name", "image", "environment", "secrets"].contains($0.key) })
            }
            let definition = "\(id).task_definition"
            let json = StandardFunctions.all["jsonencode"]?.implementation([Value.tuple(containers).replacingUnknowns(with: .string(TerraformMarker.unknownPart))]) ?? .unknown
            resources.append((definition, "aws_ecs_task_definition", ["container_definitions": json]))
            service["task_definition"] = .string(TerraformMarker.marker(definition))
        } else if let arn = inputs["task_definition_arn"] {
            service["task_definition"] = arn
        }
        resources.append((id, "aws_ecs_service", service))
        return resources
    }

    static let models: [String: Model] = [
        "terraform-aws-modules/ecs/aws": ecs,
        "terraform-aws-modules/ecs/aws//modules/service": ecsService,
        "terraform-aws-modules/s3-bucket/aws": Model(type: "aws_s3_bucket") { inputs in
            guard creates(inputs, ["create_bucket"]) else { return nil }
            var values = renamed(inputs, ["bucket": "bucket"])
            if let replication = inputs["replication_configuration"]?.objectValue {
                // The module takes `rule` or `rules`, one object or a list.
                let rules = replication["rules"] ?? replication["rule"]
                let list: [Value] = if case .tuple(let items)? = rules { items } else { rules.map { [$0] } ?? [] }
                values["replication_configuration"] = .object(["rules": .tuple(list)])
            }
            return values
        },
        "terraform-aws-modules/rds/aws": Model(type: "aws_db_instance") { inputs in
            guard creates(inputs, ["create_db_instance"]) else { return nil }
            return renamed(inputs, ["identifier": "identifier", "multi_az": "multi_az", "availability_zone": "availability_zone", "region": "region"])
        },
        "terraform-aws-modules/rds-aurora/aws": Model(type: "aws_rds_cluster") { inputs in
            guard creates(inputs, ["create"]) else { return nil }
            return renamed(inputs, ["name": "cluster_identifier", "availability_zones": "availability_zones", "region": "region"])
        },
        "terraform-aws-modules/dynamodb-table/aws": Model(type: "aws_dynamodb_table", lines: ["replica": "replica_regions"]) { inputs in
            guard creates(inputs, ["create_table"]) else { return nil }
            var values = renamed(inputs, ["name": "name", "region": "region"])
            let replicas = list(inputs["replica_regions"])
            if !replicas.isEmpty { values["replica"] = .tuple(replicas.map { .object($0) }) }
            return values
        },
        "terraform-aws-modules/ecr/aws": Model(type: "aws_ecr_repository", lines: ["name": "repository_name"]) { inputs in
            guard creates(inputs, ["create", "create_repository"]) else { return nil }
            return renamed(inputs, ["repository_name": "name", "region": "region"])
        },
        "terraform-aws-modules/sqs/aws": Model(type: "aws_sqs_queue") { inputs in
            creates(inputs, ["create"]) ? renamed(inputs, ["name": "name", "region": "region"]) : nil
        },
        "terraform-aws-modules/sns/aws": Model(type: "aws_sns_topic") { inputs in
            creates(inputs, ["create"]) ? renamed(inputs, ["name": "name", "region": "region"]) : nil
        },
        "terraform-aws-modules/lambda/aws": Model(type: "aws_lambda_function", lines: ["environment": "environment_variables", "vpc_config": "vpc_subnet_ids"]) { inputs in
            guard creates(inputs, ["create", "create_function"]) else { return nil }
            var values = renamed(inputs, ["function_name": "function_name"])
            if let variables = inputs["environment_variables"], variables != .null { values["environment"] = .object(["variables": variables]) }
            if let subnets = inputs["vpc_subnet_ids"], subnets != .null { values["vpc_config"] = .object(["subnet_ids": subnets]) }
            return values
        },
        "terraform-aws-modules/alb/aws": Model(type: "aws_lb") { inputs in
            guard creates(inputs, ["create"]) else { return nil }
            return renamed(inputs, ["name": "name", "internal": "internal", "subnets": "subnets", "subnet_mapping": "subnet_mapping", "region": "region"])
        },
        "terraform-aws-modules/eks/aws": Model(type: "aws_eks_cluster", lines: ["vpc_config": "subnet_ids"]) { inputs in
            guard creates(inputs, ["create"]) else { return nil }
            var values = renamed(inputs, ["cluster_name": "name", "name": "name"])
            if let subnets = inputs["control_plane_subnet_ids"] ?? inputs["subnet_ids"], subnets != .null {
                values["vpc_config"] = .object(["subnet_ids": subnets])
            }
            return values
        },
        "terraform-aws-modules/cloudfront/aws": Model(type: "aws_cloudfront_distribution") { inputs in
            guard creates(inputs, ["create_distribution"]) else { return nil }
            var values: [String: Value] = [:]
            let origins = list(inputs["origin"], keyName: "origin_id")
            if !origins.isEmpty { values["origin"] = .tuple(origins.map { .object($0) }) }
            // `{ key = { failover_status_codes, primary_member_origin_id, secondary_member_origin_id } }`,
            // as the module writes its `origin_group` blocks.
            let groups = list(inputs["origin_group"], keyName: "origin_id").map { group -> Value in
                let members = ["primary_member_origin_id", "secondary_member_origin_id"].compactMap { group[$0] }
                return .object([
                    "origin_id": group["origin_id"] ?? .unknown,
                    "failover_criteria": .tuple([.object(["status_codes": group["failover_status_codes"] ?? .unknown])]),
                    "member": .tuple(members.map { .object(["origin_id": $0]) }),
                ])
            }
            if !groups.isEmpty { values["origin_group"] = .tuple(groups) }
            // Where each cache behavior sends requests (an origin or a group).
            func aimed(_ behavior: [String: Value]) -> Value { .object(["target_origin_id": behavior["target_origin_id"] ?? .unknown]) }
            if let behavior = inputs["default_cache_behavior"]?.objectValue { values["default_cache_behavior"] = .tuple([aimed(behavior)]) }
            if case .tuple(let behaviors)? = inputs["ordered_cache_behavior"] {
                values["ordered_cache_behavior"] = .tuple(behaviors.map { $0.objectValue.map(aimed) ?? .object(["target_origin_id": .unknown]) })
            }
            return values
        },
        "terraform-aws-modules/vpc/aws": vpc,
        "terraform-aws-modules/ec2-instance/aws": Model(type: "aws_instance") { inputs in
            creates(inputs, ["create"]) ? renamed(inputs, ["availability_zone": "availability_zone", "subnet_id": "subnet_id"]) : nil
        },
        "terraform-aws-modules/autoscaling/aws": Model(type: "aws_autoscaling_group") { inputs in
            creates(inputs, ["create"])
                ? renamed(inputs, ["vpc_zone_identifier": "vpc_zone_identifier", "availability_zones": "availability_zones", "region": "region"]) : nil
        },
        "terraform-google-modules/cloud-storage/google//modules/simple_bucket": Model(type: "google_storage_bucket") { inputs in
            renamed(inputs, ["name": "name", "location": "location", "custom_placement_config": "custom_placement_config"])
        },
        "terraform-google-modules/sql-db/google//modules/postgresql": postgreSQL,
        "terraform-google-modules/sql-db/google//modules/mysql": mySQL,
        // The namespace the module was published under before.
        "googlecloudplatform/sql-db/google//modules/postgresql": postgreSQL,
        "googlecloudplatform/sql-db/google//modules/mysql": mySQL,
        "azure/aks/azurerm": Model(type: "azurerm_kubernetes_cluster", lines: ["default_node_pool": "agents_availability_zones"]) { inputs in
            var values = renamed(inputs, ["location": "location"])
            if let zones = inputs["agents_availability_zones"], zones != .null { values["default_node_pool"] = .object(["zones": zones]) }
            return values
        },
    ].merging(gke) { first, _ in first }

    /// Cloud SQL through terraform-google-modules' `sql-db` submodules: `availability_type`
    /// (`REGIONAL` spreads over two zones; `ZONAL` by default for PostgreSQL, `REGIONAL` for
    /// MySQL), `zone`, `region` (`us-central1` by default, not the provider's). They have no
    /// `create` switch.
    static func cloudSQL(availability: String) -> Model {
        Model(type: "google_sql_database_instance", lines: ["settings": "availability_type"]) { inputs in
            var values = renamed(inputs, ["region": "region", "name": "name"])
            if inputs["region"] == nil { values["region"] = .string("us-central1") }
            var settings: [String: Value] = [:]
            let type = inputs["availability_type"] ?? .string(availability)
            if type != .null { settings["availability_type"] = type }
            if let zone = inputs["zone"], zone != .null { settings["location_preference"] = .object(["zone": zone]) }
            values["settings"] = .object(settings)
            return values
        }
    }

    static let postgreSQL = cloudSQL(availability: "ZONAL")
    static let mySQL = cloudSQL(availability: "REGIONAL")

    /// GKE through terraform-google-modules' `kubernetes-engine` (and its cluster submodules):
    /// regional (the default) in `region`, else in the first of `zones`; nodes in `zones`.
    static let gke: [String: Model] = {
        let model = Model(type: "google_container_cluster", lines: ["location": "region", "node_locations": "zones"]) { inputs in
            var values = renamed(inputs, ["name": "name", "zones": "node_locations"])
            if inputs["regional"] == .bool(false) {
                if case .tuple(let zones)? = inputs["zones"], let first = zones.first { values["location"] = first }
            } else if let region = inputs["region"], region != .null {
                values["location"] = region
            }
            return values
        }
        let base = "terraform-google-modules/kubernetes-engine/google"
        let submodules = ["", "//modules/private-cluster", "//modules/beta-private-cluster", "//modules/beta-public-cluster",
                          "//modules/safer-cluster", "//modules/beta-autopilot-private-cluster", "//modules/beta-autopilot-public-cluster",
                          "//modules/private-cluster-update-variant", "//modules/beta-private-cluster-update-variant",
                          "//modules/beta-public-cluster-update-variant", "//modules/safer-cluster-update-variant"]
        return Dictionary(uniqueKeysWithValues: submodules.map { (base + $0, model) })
    }()
}
