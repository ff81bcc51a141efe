import Foundation
import HCL
import Model

/// The resource catalog: turns a Terraform resource's arguments into a component kind and
/// sites. Placement needs logic per type (`multi_az`, storage redundancy tiers, location forms),
/// so this is Swift rather than data; the regions and zones it expands come from the catalog
/// under `Policies/catalog/`.
struct TerraformPlacer: Sendable {
    let resources: [String: TerraformResource]
    let catalog: Catalog
    /// Where ECS services' target groups lead, worked out once.
    let balancers: LoadBalancerIndex
    /// The zones of resources of `count` or `for_each` (subnets), by each prefix of their id
    /// that ends before a `[`: a subnet named without its key stands for all its instances.
    let zonesOfInstances: [String: [String]]
    /// The `aws_dynamodb_table_replica` resources naming each table by its `global_table_arn`.
    let replicasOfTables: [String: [TerraformResource]]

    init(resources: [String: TerraformResource], catalog: Catalog) {
        self.resources = resources
        self.catalog = catalog
        balancers = LoadBalancerIndex(resources)
        var zones: [String: [String]] = [:]
        for (id, resource) in resources {
            guard let zone = resource.string("availability_zone") else { continue }
            var index = id.startIndex
            while let open = id[index...].firstIndex(of: "[") {
                zones[String(id[..<open]), default: []].append(zone)
                index = id.index(after: open)
            }
        }
        zonesOfInstances = zones
        var replicas: [String: [TerraformResource]] = [:]
        for resource in resources.values where resource.type == "aws_dynamodb_table_replica" {
            for table in TerraformMarker.ids(in: resource.values["global_table_arn"]) { replicas[table, default: []].append(resource) }
        }
        // In id order, so the table's sites do not follow the dictionary's.
        replicasOfTables = replicas.mapValues { $0.sorted { $0.id < $1.id } }
    }

    /// The zone name used when a zonal resource does not say which zone it is in.
    static let unknownZone = "unknown-az"

    /// The Kubernetes cluster types a repository's manifests may run on.
    static let clusterTypes: Set<String> = ["aws_eks_cluster", "google_container_cluster", "azurerm_kubernetes_cluster"]

    func place(_ resource: TerraformResource) -> TerraformPlacement {
        var placement = placeByType(resource)
        // Held in one zone — or placed nowhere known yet, where the same argument will hold it
        // in one zone once the region is known: the line is the same in both commits.
        if placement.sites.count == 1, placement.sites[0].domains.contains(where: { $0.kind == .zone || $0.kind == .unknown }) {
            placement.placedByArgument = Self.zoneArguments.first { resource.lineIfPresent(of: $0) != nil }
        }
        return placement
    }

    /// The arguments that can hold a resource in one zone, most telling first: a finding about a
    /// zonal database points at its `multi_az = false` before its `availability_zone`.
    static let zoneArguments = [
        "multi_az", "multi_az_enabled", "automatic_failover_enabled", "az_mode", "availability_type", "settings", "tier",
        "availability_zone", "availability_zones", "preferred_cache_cluster_azs", "preferred_availability_zones", "zone", "zones",
        "node_locations", "location_id", "distribution_policy_zones", "default_node_pool", "location", "subnet_id", "subnet_ids",
        "vpc_zone_identifier", "subnets", "subnet_mapping", "vpc_config", "network_configuration",
    ]

    private func placeByType(_ resource: TerraformResource) -> TerraformPlacement {
        switch resource.type {
        // A bucket's website configuration serves from the bucket, in its region (a
        // CloudFront origin names its `website_endpoint`).
        case "aws_s3_bucket", "aws_s3_bucket_website_configuration": return regional(resource, "s3", kind: .bucket)
        case "aws_s3_directory_bucket":
            // S3 Express One Zone (or a Local Zone): always one zone, named by its AZ *ID*, the same
            // in every account; an ID only known at apply is the unknown zone.
            let zone = TerraformMarker.plainString(resource.blocks("location").first?["name"])
            return multiAZ(resource, "s3express", kind: .bucket, spread: false, zones: zone.map { [$0] })
        case "aws_cloudfront_distribution":
            return TerraformPlacement(kind: .cdn, sites: [Site([.globalService(provider: "aws", service: "cloudfront")])], isEntrypoint: true)
        case "aws_s3control_multi_region_access_point":
            // Its sites are the buckets it routes to, which are its requirement's alternatives.
            return TerraformPlacement(kind: .bucket, sites: [])
        case "aws_db_instance":
            let spread = resource.bool("multi_az") == true
            return multiAZ(resource, "rds", kind: .database, spread: spread,
                           zones: spread ? subnetGroupZones(resource) : resource.string("availability_zone").map { [$0] })
        case "aws_rds_cluster":
            // Aurora keeps its storage in three zones and fails the writer over on its own.
            return multiAZ(resource, "rds", kind: .database, spread: true, zones: strings(resource.values["availability_zones"]) ?? subnetGroupZones(resource))
        case "aws_dynamodb_table":
            var placement = regional(resource, "dynamodb", kind: .database)
            for replica in resource.blocks("replica") {
                guard let region = TerraformMarker.plainString(replica["region_name"]) else { continue }
                placement.sites.append(Site([.regionalService(provider: "aws", region: region, service: "dynamodb")]))
            }
            // A replica kept as a resource of its own is in its provider's region, as a block's is
            // in its `region_name`: the provider reads either form as the same global table.
            for replica in replicasOfTables[resource.id] ?? [] {
                guard let region = region(of: replica) else { continue }
                placement.sites.append(Site([.regionalService(provider: "aws", region: region, service: "dynamodb")]))
            }
            return placement
        case "aws_dynamodb_table_replica":
            // Part of the table it names (see above); nothing runs here of its own.
            return TerraformPlacement(kind: .other, sites: [])
        case "aws_elasticache_replication_group", "aws_elasticache_cluster":
            let spread = resource.bool("multi_az_enabled") == true || resource.bool("automatic_failover_enabled") == true
                || resource.string("az_mode") == "cross-az"
            let zones = strings(resource.values["preferred_cache_cluster_azs"]) ?? strings(resource.values["preferred_availability_zones"])
                ?? resource.string("availability_zone").map { [$0] }
            return multiAZ(resource, "elasticache", kind: .cache, spread: spread, zones: zones)
        case "aws_instance":
            let zones = resource.string("availability_zone").map { [$0] } ?? zones(ofSubnets: resource.values["subnet_id"])
            var placement = zonal(resource, kind: .vmGroup, zones: zones.isEmpty ? [Self.unknownZone] : Array(zones.prefix(1)))
            // Registered with a target group users reach (`aws_lb_target_group_attachment`), it serves them.
            placement.isEntrypoint = attachedTargetFacesUsers(resource)
            return placement
        case "aws_autoscaling_group":
            let zones = strings(resource.values["availability_zones"]) ?? zones(ofSubnets: resource.values["vpc_zone_identifier"])
            var placement = zonal(resource, kind: .vmGroup, zones: zones)
            // Behind a load balancer users reach, it serves them.
            placement.isEntrypoint = autoScalingGroupFacesUsers(resource)
            return placement
        case "aws_subnet":
            return zonal(resource, kind: .other, zones: [resource.string("availability_zone") ?? Self.unknownZone])
        case "aws_eks_cluster":
            let subnets = resource.blocks("vpc_config").first?["subnet_ids"]
            return zonal(resource, kind: .cluster, zones: zones(ofSubnets: subnets))
        case "aws_eks_node_group":
            return zonal(resource, kind: .nodeGroup, zones: zones(ofSubnets: resource.values["subnet_ids"]))
        case "aws_lb", "aws_alb", "aws_elb":
            let mapped = resource.blocks("subnet_mapping").map { $0["subnet_id"] ?? .unknown }
            let zones = strings(resource.values["availability_zones"]) ?? zones(ofSubnets: resource.values["subnets"]) + zones(ofSubnets: .tuple(mapped))
            return zonal(resource, kind: .loadBalancer, zones: zones)
        case "aws_ecr_repository": return regional(resource, "ecr", kind: .registry)
        case "aws_s3_bucket_replication_configuration", "aws_ecr_replication_configuration", "aws_apigatewayv2_integration",
             "aws_api_gateway_integration", "aws_ecs_task_definition", "aws_lb_listener", "aws_alb_listener", "aws_lb_listener_rule",
             "aws_alb_listener_rule", "aws_lb_target_group", "aws_alb_target_group", "aws_db_subnet_group", "aws_autoscaling_attachment",
             "aws_lb_target_group_attachment", "aws_launch_template", "aws_launch_configuration", "aws_api_gateway_base_path_mapping",
             "aws_apigatewayv2_api_mapping":
            // Settings of other resources, read by the module pass for its notes; nothing runs here.
            return TerraformPlacement(kind: .other, sites: [])
        case "aws_route53_record", "aws_route53_zone":
            // Records in a private hosted zone do not face users: a zone with `vpc` blocks (or,
            // before the AWS provider's 2.0, a `vpc_id`), or one a data source looks up as private.
            let zoneIDs = TerraformMarker.ids(in: resource.values["zone_id"])
            let zone = zoneIDs.compactMap { resources[$0] }.first
            let isPrivate = zoneIDs.contains(where: TerraformMarker.namesPrivateZone)
                || zone.map { !$0.blocks("vpc").isEmpty || ($0.values["vpc_id"].map { $0 != .null } ?? false) } ?? false
            return TerraformPlacement(kind: .dnsRecord, sites: [Site([.globalService(provider: "aws", service: "route53")])],
                                      isEntrypoint: resource.type == "aws_route53_record" && !isPrivate)
        case "google_container_cluster", "google_container_node_pool":
            return gke(resource)
        case "google_compute_instance", "google_compute_instance_group_manager":
            // One zone: the resource's `zone`, else the provider's.
            let zone = TerraformMarker.plainString(resource.values["zone"]) ?? TerraformMarker.plainString(resource.providerValues["zone"])
            return gcpZones(resource, kind: .vmGroup, zones: zone.map { [$0] } ?? [Self.unknownZone])
        case "google_compute_region_instance_group_manager":
            // Spread over `distribution_policy_zones`, else over every zone of its region.
            return gcpZones(resource, kind: .vmGroup, zones: strings(resource.values["distribution_policy_zones"]) ?? [])
        case "google_storage_bucket": return gcsBucket(resource)
        case "google_sql_database_instance":
            let settings = resource.blocks("settings").first ?? [:]
            let spread = settings["availability_type"]?.stringValue == "REGIONAL"
            let zone = TerraformResource.objects(settings["location_preference"]).first?["zone"]?.stringValue
            return gcpZonal(resource, "cloudsql", kind: .database, spread: spread, zones: zone.map { [$0] })
        case "google_redis_instance":
            let spread = resource.string("tier") == "STANDARD_HA"
            let zones = [resource.string("location_id"), resource.string("alternative_location_id")].compactMap { $0 }
            return gcpZonal(resource, "memorystore", kind: .cache, spread: spread, zones: zones.isEmpty ? nil : (spread ? zones : Array(zones.prefix(1))))
        case "google_artifact_registry_repository":
            guard let location = gcpRegion(resource, keys: ["location"]) else { return unknownRegion(resource, kind: .registry) }
            if ["us", "europe", "asia"].contains(location.lowercased()) {
                return TerraformPlacement(kind: .registry, sites: [Site([.provider("gcp")])])
            }
            return TerraformPlacement(kind: .registry, sites: [Site([.regionalService(provider: "gcp", region: location, service: "artifactregistry")])])
        case "azurerm_kubernetes_cluster":
            let pool = resource.blocks("default_node_pool").first ?? [:]
            let zones = strings(pool["zones"]) ?? strings(pool["availability_zones"]) ?? []
            return azureZonal(resource, kind: .cluster, zones: zones)
        case "azurerm_linux_virtual_machine", "azurerm_windows_virtual_machine", "azurerm_virtual_machine":
            // A VM pinned to a zone is in that zone; one without is in a zone Azure picks.
            let zone = TerraformMarker.plainString(resource.values["zone"]) ?? strings(resource.values["zones"])?.first
            return azureZonal(resource, kind: .vmGroup, zones: zone.map { [$0] } ?? [])
        case "azurerm_linux_virtual_machine_scale_set", "azurerm_windows_virtual_machine_scale_set", "azurerm_orchestrated_virtual_machine_scale_set":
            return azureZonal(resource, kind: .vmGroup, zones: strings(resource.values["zones"]) ?? [])
        case "azurerm_storage_account": return azureStorage(resource)
        case "azurerm_container_registry":
            guard let location = region(of: resource) else { return unknownRegion(resource, kind: .registry) }
            let replicas = resource.blocks("georeplications").compactMap { TerraformMarker.plainString($0["location"]).map(Self.azureRegion(ofLocation:)) }
            // The global login server routes pulls to a healthy replica.
            let sites = ([location] + replicas).map { Site([.regionalService(provider: "azure", region: $0, service: "acr")]) }
            return TerraformPlacement(kind: .registry, sites: sites)
        case "azurerm_mssql_database": return azureSQL(resource)
        // Serverless and managed runtimes: regional services, spread over the zones of their
        // subnets when they run in a VPC.
        case "aws_lambda_function":
            var placement = inSubnets(resource, "lambda", kind: .workload, subnets: resource.blocks("vpc_config").first?["subnet_ids"])
            placement.isEntrypoint = attachedTargetFacesUsers(resource)
            return placement
        case "aws_lambda_alias":
            // A name for a version of a function: it runs where the function does.
            return regional(resource, "lambda", kind: .workload)
        case "aws_lambda_function_url":
            // Public unless it asks for IAM signatures; either way it answers requests itself.
            return TerraformPlacement(kind: .loadBalancer, sites: regional(resource, "lambda", kind: .loadBalancer).sites, isEntrypoint: true)
        case "aws_api_gateway_domain_name", "aws_apigatewayv2_domain_name":
            // A custom domain name answers for the APIs its mappings name (see the linker);
            // the record aliasing it, or the APIs, face users.
            return regional(resource, "apigateway", kind: .loadBalancer)
        case "aws_apigatewayv2_api", "aws_api_gateway_rest_api":
            var placement = regional(resource, "apigateway", kind: .loadBalancer)
            // A private REST API answers inside a VPC only.
            let types = resource.blocks("endpoint_configuration").first.flatMap { strings($0["types"]) } ?? []
            placement.isEntrypoint = !types.contains("PRIVATE")
            return placement
        case "aws_ecs_cluster": return regional(resource, "ecs", kind: .cluster)
        case "aws_ecs_service":
            var placement = inSubnets(resource, "ecs", kind: .workload, subnets: resource.blocks("network_configuration").first?["subnets"])
            // Behind a load balancer it serves whoever that faces.
            placement.isEntrypoint = ecsServiceFacesUsers(resource)
            return placement
        case "aws_sqs_queue": return regional(resource, "sqs", kind: .other)
        case "aws_sns_topic": return regional(resource, "sns", kind: .other)
        case "aws_kinesis_stream": return regional(resource, "kinesis", kind: .other)
        case "aws_secretsmanager_secret": return regional(resource, "secretsmanager", kind: .other)
        case "aws_ssm_parameter": return regional(resource, "ssm", kind: .other)
        case "aws_kms_key": return regional(resource, "kms", kind: .other)
        case "aws_cognito_user_pool": return regional(resource, "cognito-idp", kind: .other)
        case "aws_sfn_state_machine": return regional(resource, "states", kind: .workload)
        case "aws_appsync_graphql_api":
            var placement = regional(resource, "appsync", kind: .loadBalancer)
            placement.isEntrypoint = resource.string("visibility") != "PRIVATE"
            return placement
        case "aws_efs_file_system":
            // One Zone storage is in its zone; Standard storage in every zone of the region.
            guard let zone = resource.string("availability_zone_name") else { return regional(resource, "efs", kind: .bucket) }
            return multiAZ(resource, "efs", kind: .bucket, spread: false, zones: [zone])
        case "aws_msk_cluster":
            return inSubnets(resource, "kafka", kind: .database, subnets: resource.blocks("broker_node_group_info").first?["client_subnets"])
        case "aws_mq_broker":
            let zones = zones(ofSubnets: resource.values["subnet_ids"])
            let single = resource.string("deployment_mode") == "SINGLE_INSTANCE" || resource.values["deployment_mode"] == nil
            return multiAZ(resource, "mq", kind: .database, spread: !single, zones: zones.isEmpty ? nil : single ? Array(zones.prefix(1)) : zones)
        case "aws_docdb_cluster", "aws_neptune_cluster":
            let service = resource.type == "aws_docdb_cluster" ? "docdb" : "neptune"
            return multiAZ(resource, service, kind: .database, spread: true, zones: strings(resource.values["availability_zones"]) ?? subnetGroupZones(resource))
        case "aws_memorydb_cluster": return regional(resource, "memorydb", kind: .cache)
        case "aws_opensearch_domain", "aws_elasticsearch_domain":
            let config = resource.blocks("cluster_config").first ?? [:]
            let spread = config["zone_awareness_enabled"] == .bool(true)
            let zones = zones(ofSubnets: resource.blocks("vpc_options").first?["subnet_ids"])
            return multiAZ(resource, "es", kind: .database, spread: spread, zones: zones.isEmpty ? nil : spread ? zones : Array(zones.prefix(1)))
        case "aws_kinesis_firehose_delivery_stream": return regional(resource, "firehose", kind: .other)
        case "aws_db_proxy":
            return inSubnets(resource, "rds", kind: .database, subnets: resource.values["vpc_subnet_ids"])
        case "google_cloud_run_service", "google_cloud_run_v2_service":
            guard let region = gcpRegion(resource, keys: ["location"]) else { return unknownRegion(resource, kind: .workload) }
            let site = Site([.regionalService(provider: "gcp", region: region, service: "run")])
            return TerraformPlacement(kind: .workload, sites: [site], isEntrypoint: !Self.cloudRunIsInternal(resource))
        case "google_cloudfunctions_function", "google_cloudfunctions2_function":
            guard let region = gcpRegion(resource, keys: ["region", "location"]) else { return unknownRegion(resource, kind: .workload) }
            let site = Site([.regionalService(provider: "gcp", region: region, service: "cloudfunctions")])
            return TerraformPlacement(kind: .workload, sites: [site], isEntrypoint: resource.bool("trigger_http") == true)
        case "google_pubsub_topic":
            return TerraformPlacement(kind: .other, sites: [Site([.globalService(provider: "gcp", service: "pubsub")])])
        case "azurerm_linux_web_app", "azurerm_windows_web_app", "azurerm_app_service":
            var placement = regional(resource, "appservice", kind: .workload)
            placement.isEntrypoint = resource.bool("public_network_access_enabled") != false
            return placement
        case "azurerm_linux_function_app", "azurerm_windows_function_app", "azurerm_function_app":
            return regional(resource, "functions", kind: .workload)
        case "azurerm_cosmosdb_account": return cosmosDB(resource)
        default:
            return TerraformPlacement(kind: .other, sites: [Site([.unknown("terraform/\(resource.type)")])], isKnownType: false)
        }
    }

    // MARK: Regions

    /// The AWS region a resource lives in: its own `region` (AWS provider ≥ 6) or its provider
    /// configuration's.
    func region(of resource: TerraformResource) -> String? {
        switch resource.provider {
        case "google": gcpRegion(resource, keys: ["region", "location", "zone"])
        case "azurerm": TerraformMarker.plainString(resource.values["location"]).map(Self.azureRegion(ofLocation:))
        default: TerraformMarker.plainString(resource.values["region"]) ?? TerraformMarker.plainString(resource.providerValues["region"])
        }
    }

    /// The cloud a resource's Terraform provider deploys to, as failure domains name it:
    /// `azurerm_…` resources are Azure's, `google_…` ones GCP's.
    static func cloud(of resource: TerraformResource) -> String {
        switch resource.provider {
        case "azurerm": "azure"
        case "google": "gcp"
        default: resource.provider
        }
    }

    func regional(_ resource: TerraformResource, _ service: String, kind: Component.Kind) -> TerraformPlacement {
        guard let region = region(of: resource) else { return unknownRegion(resource, kind: kind) }
        return TerraformPlacement(kind: kind, sites: [Site([.regionalService(provider: Self.cloud(of: resource), region: region, service: service)])])
    }

    func unknownRegion(_ resource: TerraformResource, kind: Component.Kind) -> TerraformPlacement {
        // A CloudFormation stack's region is one note for the whole template (`CloudFormationStacks`).
        if resource.deployedStack != nil {
            return TerraformPlacement(kind: kind, sites: [Site([.unknown("region/\(Self.cloud(of: resource))")])])
        }
        return TerraformPlacement(
            kind: kind, sites: [Site([.unknown("region/\(Self.cloud(of: resource))")])],
            notes: [("the region of \(resource.id) is not known statically, so it is placed in an unknown region",
                     "set region on its provider configuration (or the resource) from a literal, a variable default or a tfvars file")])
    }

    /// A resource spread over zones (any one will do) or held in one zone, plus its regional service.
    func multiAZ(_ resource: TerraformResource, _ service: String, kind: Component.Kind, spread: Bool, zones: [String]?) -> TerraformPlacement {
        guard let region = region(of: resource) else { return unknownRegion(resource, kind: kind) }
        let regional = FailureDomain.regionalService(provider: resource.provider, region: region, service: service)
        if spread {
            let chosen = zones ?? catalog.provider(resource.provider)?.region(region)?.zones ?? []
            guard chosen.count > 1 else { return TerraformPlacement(kind: kind, sites: [Site([regional])]) }
            return TerraformPlacement(kind: kind, sites: chosen.map { Site([regional, .zone(provider: resource.provider, region: region, zone: $0)]) })
        }
        let zone = zones?.first ?? Self.unknownZone
        return TerraformPlacement(kind: kind, sites: [Site([regional, .zone(provider: resource.provider, region: region, zone: zone)])])
    }

    /// One site per zone; with no zones known, the region.
    func zonal(_ resource: TerraformResource, kind: Component.Kind, zones: [String]) -> TerraformPlacement {
        guard let region = region(of: resource) ?? zones.compactMap(Self.awsRegion(ofZone:)).first else {
            return unknownRegion(resource, kind: kind)
        }
        let unique = Array(Set(zones)).sorted()
        guard !unique.isEmpty else { return TerraformPlacement(kind: kind, sites: [Site([.region(provider: resource.provider, region: region)])]) }
        return TerraformPlacement(kind: kind, sites: unique.map { Site([.zone(provider: resource.provider, region: region, zone: $0)]) })
    }

    /// `us-east-1` from `us-east-1a`.
    static func awsRegion(ofZone zone: String) -> String? {
        guard let last = zone.last, last.isLetter, zone.count > 1, zone.dropLast().last?.isNumber == true else { return nil }
        return String(zone.dropLast())
    }

    /// The zones of the subnets a value names: markers of `aws_subnet` resources, or zone names.
    func zones(ofSubnets value: Value?) -> [String] {
        var zones: [String] = []
        for id in TerraformMarker.ids(in: value) {
            if let subnet = resources[id], let zone = subnet.string("availability_zone") { zones.append(zone) }
            // A subnet of `count` or `for_each` named without its key stands for all its instances.
            zones += zonesOfInstances[id] ?? []
        }
        return Array(Set(zones)).sorted()
    }

    /// The zones of the subnets of the DB subnet group a database names, when the repository
    /// declares the group and its subnets' zones are known.
    func subnetGroupZones(_ resource: TerraformResource) -> [String]? {
        guard let group = TerraformMarker.ids(in: resource.values["db_subnet_group_name"]).compactMap({ resources[$0] })
            .first(where: { $0.type == "aws_db_subnet_group" }) else { return nil }
        let zones = zones(ofSubnets: group.values["subnet_ids"])
        return zones.isEmpty ? nil : zones
    }

    func strings(_ value: Value?) -> [String]? {
        guard case .tuple(let items) = value else { return nil }
        let strings = items.compactMap { TerraformMarker.plainString($0) }
        return strings.count == items.count ? strings : nil
    }

    /// A regional service's resource running in a VPC's subnets: one site per subnet zone
    /// (any one will do), each with the service; outside a VPC, the service in its region.
    func inSubnets(_ resource: TerraformResource, _ service: String, kind: Component.Kind, subnets: Value?) -> TerraformPlacement {
        guard let region = region(of: resource) else { return unknownRegion(resource, kind: kind) }
        let regional = FailureDomain.regionalService(provider: resource.provider, region: region, service: service)
        let zones = Array(Set(zones(ofSubnets: subnets))).sorted()
        guard !zones.isEmpty else { return TerraformPlacement(kind: kind, sites: [Site([regional])]) }
        return TerraformPlacement(kind: kind, sites: zones.map { Site([regional, .zone(provider: resource.provider, region: region, zone: $0)]) })
    }

    /// Whether a Cloud Run service takes traffic from inside its project's networks only
    /// (`ingress = "INGRESS_TRAFFIC_INTERNAL_ONLY"`, or the v1 annotation `internal`). One
    /// open to Cloud Load Balancing (`INGRESS_TRAFFIC_INTERNAL_LOAD_BALANCER`,
    /// `internal-and-cloud-load-balancing`) serves whoever that load balancer faces: users.
    static func cloudRunIsInternal(_ resource: TerraformResource) -> Bool {
        if let ingress = resource.string("ingress") { return ingress.uppercased() == "INGRESS_TRAFFIC_INTERNAL_ONLY" }
        let annotations = resource.blocks("metadata").first?["annotations"]?.objectValue
        return annotations?["run.googleapis.com/ingress"]?.stringValue?.lowercased() == "internal"
    }

    /// Whether an ECS service answers users: it has a `load_balancer` block, and not every one
    /// of them leads only to internal load balancers nothing in front of users reaches (a
    /// classic ELB by `elb_name`, a registry ALB module, or a target group every listener
    /// forwarding to which belongs to such a load balancer). A target group no listener names,
    /// or one a listener of an unknown load balancer forwards to, faces users.
    func ecsServiceFacesUsers(_ service: TerraformResource) -> Bool {
        service.blocks("load_balancer").contains { block in
            var leadsTo: [String?] = TerraformMarker.ids(in: block["elb_name"]).map { resources[$0] == nil ? nil : $0 }
            for id in TerraformMarker.ids(in: block["target_group_arn"]) {
                // A target group of a registry ALB module (`module.alb.target_groups["web"].arn`)
                // names the load balancer itself.
                if let balancer = resources[id], LoadBalancerIndex.balancerTypes.contains(balancer.type) {
                    leadsTo.append(id)
                } else {
                    leadsTo += balancers.byTargetGroup[id] ?? []
                }
            }
            return leadsTo.isEmpty || leadsTo.contains { id in
                guard let id, let balancer = resources[id] else { return true }
                return balancer.bool("internal") != true || balancers.isFronted(id)
            }
        }
    }

    /// Whether an auto scaling group answers users: a target group it registers with
    /// (`target_group_arns`) or a classic ELB it names (`load_balancers`) leads to a load
    /// balancer that is not internal, or that something in front of users reaches — as for
    /// an ECS service; a target group no listener of the repository names counts as facing
    /// users. A group naming neither serves no one through a load balancer.
    func autoScalingGroupFacesUsers(_ group: TerraformResource) -> Bool {
        let attached = balancers.attachments[group.id] ?? []
        let groups = TerraformMarker.ids(in: group.values["target_group_arns"]) + attached
        // A classic ELB named by a literal name: the repository's of that name, else one it does not declare.
        let literal = TerraformMarker.strings(in: group.values["load_balancers"]).filter { !TerraformMarker.holdsMarker($0) }
        let classic = TerraformMarker.ids(in: group.values["load_balancers"]) + literal.compactMap { name in
            resources.values.first { $0.type == "aws_elb" && $0.string("name") == name }?.id
        }
        let unknown = literal.contains { name in !resources.values.contains { $0.type == "aws_elb" && $0.string("name") == name } }
        guard !groups.isEmpty || !classic.isEmpty || unknown else { return false }
        var leadsTo: [String?] = classic.map { resources[$0] == nil ? nil : $0 } + (unknown ? [nil] : [])
        for id in groups {
            if let balancer = resources[id], LoadBalancerIndex.balancerTypes.contains(balancer.type) {
                leadsTo.append(id)
            } else {
                leadsTo += balancers.byTargetGroup[id] ?? [nil]
            }
        }
        return leadsTo.contains { id in
            guard let id, let balancer = resources[id] else { return true }
            return balancer.bool("internal") != true || balancers.isFronted(id)
        }
    }

    /// Whether an instance or a function an `aws_lb_target_group_attachment` registers with a
    /// target group answers users: a listener of the repository forwards that group from a
    /// load balancer of the repository that is not internal, or that something in front of
    /// users reaches. Unlike an auto scaling group's, a target group no listener names does
    /// not count: an attachment alone must not make a workload the commit's entrypoint.
    func attachedTargetFacesUsers(_ target: TerraformResource) -> Bool {
        let groups = balancers.attachments[target.id] ?? []
        return groups.flatMap { balancers.byTargetGroup[$0] ?? [] }.contains { id in
            guard let id, let balancer = resources[id] else { return false }
            return balancer.bool("internal") != true || balancers.isFronted(id)
        }
    }

    /// A Cosmos DB account: one site per `geo_location`. With automatic failover any of them
    /// will do; without it, writes need the region of failover priority 0.
    func cosmosDB(_ resource: TerraformResource) -> TerraformPlacement {
        let locations = resource.blocks("geo_location").compactMap { block -> (String, Int)? in
            guard let location = TerraformMarker.plainString(block["location"]).map(Self.azureRegion(ofLocation:)) else { return nil }
            guard case .number(let priority)? = block["failover_priority"] else { return (location, 0) }
            return (location, NSDecimalNumber(decimal: priority).intValue)
        }
        guard let first = locations.min(by: { $0.1 < $1.1 }) else { return regional(resource, "cosmosdb", kind: .database) }
        // Writes accepted in every region, or failed over automatically: any region will do.
        let failsOver = ["automatic_failover_enabled", "enable_automatic_failover", "multiple_write_locations_enabled",
                         "enable_multiple_write_locations"].contains { resource.bool($0) == true }
        let chosen = failsOver ? locations.map { $0.0 } : [first.0]
        return TerraformPlacement(kind: .database, sites: chosen.map { Site([.regionalService(provider: "azure", region: $0, service: "cosmosdb")]) })
    }

    // MARK: Google Cloud

    /// A GCP region from the first of `keys` that is set (a zone's region is its name without
    /// the last `-x`), or the provider's.
    func gcpRegion(_ resource: TerraformResource, keys: [String]) -> String? {
        for key in keys {
            guard let value = TerraformMarker.plainString(resource.values[key]) else { continue }
            return Self.gcpRegion(ofLocation: value)
        }
        return (TerraformMarker.plainString(resource.providerValues["region"])
            ?? TerraformMarker.plainString(resource.providerValues["zone"])).map(Self.gcpRegion(ofLocation:))
    }

    /// `us-central1` from `us-central1-a`; anything else unchanged.
    static func gcpRegion(ofLocation location: String) -> String {
        let parts = location.split(separator: "-")
        if parts.count == 3, parts[2].count == 1 { return parts.prefix(2).joined(separator: "-") }
        return location
    }

    /// A Compute Engine resource in the given zones (an empty list: every zone of its region),
    /// its region taken from its `zone`, `region` or provider.
    func gcpZones(_ resource: TerraformResource, kind: Component.Kind, zones: [String]) -> TerraformPlacement {
        let named = zones.first { $0 != Self.unknownZone }
        guard let region = named.map(Self.gcpRegion(ofLocation:)) ?? gcpRegion(resource, keys: ["region", "zone"]) else {
            return unknownRegion(resource, kind: kind)
        }
        let chosen = zones.isEmpty ? catalog.provider("gcp")?.region(region)?.zones ?? [] : zones
        guard !chosen.isEmpty else { return TerraformPlacement(kind: kind, sites: [Site([.region(provider: "gcp", region: region)])]) }
        return TerraformPlacement(kind: kind, sites: Array(Set(chosen)).sorted().map { Site([.zone(provider: "gcp", region: region, zone: $0)]) })
    }

    /// A GKE cluster or node pool where the google provider's `GetLocation` puts it: its
    /// `location`, else the legacy `region`, else `zone`, else the provider's `zone`. With none
    /// of them the provider takes a zone from its environment at apply (`GOOGLE_ZONE`): one zone,
    /// unknown, of the provider's region, never all of them.
    func gke(_ resource: TerraformResource) -> TerraformPlacement {
        let kind: Component.Kind = resource.type == "google_container_cluster" ? .cluster : .nodeGroup
        let written = ["location", "region", "zone"].first { resource.values[$0].map { $0 != .null } ?? false }
        let location: String
        switch written {
        case let key?:
            if let known = TerraformMarker.plainString(resource.values[key]) {
                location = known
            } else if key == "zone" {
                return gcpZones(resource, kind: kind, zones: [Self.unknownZone])
            } else {
                // Known only at apply: the provider's region stands for it.
                guard let region = TerraformMarker.plainString(resource.providerValues["region"]) else { return unknownRegion(resource, kind: kind) }
                location = region
            }
        case nil:
            guard let zone = TerraformMarker.plainString(resource.providerValues["zone"]) else {
                return gcpZones(resource, kind: kind, zones: [Self.unknownZone])
            }
            location = zone
        }
        let region = Self.gcpRegion(ofLocation: location)
        var zones = strings(resource.values["node_locations"]) ?? []
        // The provider 1.x's `additional_zones` are node locations besides the cluster's zone.
        if zones.isEmpty, let additional = strings(resource.values["additional_zones"]), !additional.isEmpty, location != region {
            zones = [location] + additional.filter { $0 != location }
        }
        if zones.isEmpty {
            // A zonal cluster runs in its zone; a regional one in every zone of its region.
            zones = location != region ? [location] : catalog.provider("gcp")?.region(region)?.zones ?? []
        }
        guard !zones.isEmpty else { return TerraformPlacement(kind: kind, sites: [Site([.region(provider: "gcp", region: region)])]) }
        return TerraformPlacement(kind: kind, sites: zones.map { Site([.zone(provider: "gcp", region: region, zone: $0)]) })
    }

    /// Predefined dual-regions (cloud.google.com/storage/docs/locations).
    static let dualRegions: [String: [String]] = [
        "NAM4": ["us-central1", "us-east1"], "EUR4": ["europe-north1", "europe-west4"],
        "ASIA1": ["asia-northeast1", "asia-northeast2"], "EUR5": ["europe-west1", "europe-west2"],
        "EUR7": ["europe-west3", "europe-west10"], "EUR8": ["europe-west6", "europe-west8"],
    ]

    func gcsBucket(_ resource: TerraformResource) -> TerraformPlacement {
        guard let location = TerraformMarker.plainString(resource.values["location"])?.uppercased() else {
            return unknownRegion(resource, kind: .bucket)
        }
        // A configurable dual-region names its two regions under the multi-region it belongs
        // to (`location = "EU"`), so it is read before the multi-region case.
        let custom = TerraformResource.objects(resource.values["custom_placement_config"]).first.flatMap { strings($0["data_locations"]) }
        if custom == nil, ["US", "EU", "ASIA"].contains(location) {
            // A multi-region bucket survives the loss of one region, as the classifier has it for gcr.io.
            return TerraformPlacement(kind: .bucket, sites: [Site([.provider("gcp")])])
        }
        if let regions = custom ?? Self.dualRegions[location] {
            return TerraformPlacement(kind: .bucket, sites: regions.map { Site([.regionalService(provider: "gcp", region: $0.lowercased(), service: "gcs")]) })
        }
        return TerraformPlacement(kind: .bucket, sites: [Site([.regionalService(provider: "gcp", region: location.lowercased(), service: "gcs")])])
    }

    func gcpZonal(_ resource: TerraformResource, _ service: String, kind: Component.Kind, spread: Bool, zones: [String]?) -> TerraformPlacement {
        guard let region = gcpRegion(resource, keys: ["region", "location_id"]) else { return unknownRegion(resource, kind: kind) }
        let regional = FailureDomain.regionalService(provider: "gcp", region: region, service: service)
        if spread {
            let chosen = (zones?.count ?? 0) > 1 ? zones ?? [] : catalog.provider("gcp")?.region(region)?.zones ?? []
            guard chosen.count > 1 else { return TerraformPlacement(kind: kind, sites: [Site([regional])]) }
            return TerraformPlacement(kind: kind, sites: chosen.map { Site([regional, .zone(provider: "gcp", region: region, zone: $0)]) })
        }
        return TerraformPlacement(kind: kind, sites: [Site([regional, .zone(provider: "gcp", region: region, zone: zones?.first ?? Self.unknownZone)])])
    }

    // MARK: Azure

    /// The region an Azure location names, as azurerm takes it: `West Europe`, `WestEurope`
    /// and `westeurope` are all `westeurope` (lower case, without blanks).
    static func azureRegion(ofLocation location: String) -> String {
        String(location.lowercased().filter { $0 != " " })
    }

    /// Azure zones are numbers per region; Kubernetes labels them `REGION-N`, and so does Faultline.
    func azureZonal(_ resource: TerraformResource, kind: Component.Kind, zones: [String]) -> TerraformPlacement {
        guard let region = region(of: resource) else { return unknownRegion(resource, kind: kind) }
        // Without zones it is "regional" in Azure's words: in one datacenter Azure picks, which
        // a zone's outage can take down — one zone not known, as locally redundant storage is.
        guard !zones.isEmpty else {
            return TerraformPlacement(kind: kind, sites: [Site([.zone(provider: "azure", region: region, zone: Self.unknownZone)])])
        }
        return TerraformPlacement(kind: kind, sites: zones.map { Site([.zone(provider: "azure", region: region, zone: "\(region)-\($0)")]) })
    }

    func azureStorage(_ resource: TerraformResource) -> TerraformPlacement {
        guard let region = region(of: resource) else { return unknownRegion(resource, kind: .bucket) }
        let regional = FailureDomain.regionalService(provider: "azure", region: region, service: "blob")
        let tier = resource.string("account_replication_type")?.uppercased() ?? "LRS"
        switch tier {
        case "LRS":
            // Locally redundant storage keeps its copies in one datacenter, so in one zone.
            return TerraformPlacement(kind: .bucket, sites: [Site([regional, .zone(provider: "azure", region: region, zone: Self.unknownZone)])])
        case "GRS", "RAGRS", "GZRS", "RAGZRS":
            return TerraformPlacement(
                kind: .bucket, sites: [Site([regional])],
                notes: [("\(resource.id) is geo-replicated (\(tier)), which is replication, not failover",
                         "failing over to the paired region is an account failover someone starts; consumers stay down until then")])
        default:
            return TerraformPlacement(kind: .bucket, sites: [Site([regional])])
        }
    }

    func azureSQL(_ resource: TerraformResource) -> TerraformPlacement {
        let server = TerraformMarker.ids(in: resource.values["server_id"]).compactMap { resources[$0] }.first
        guard let region = region(of: resource) ?? server.flatMap({ region(of: $0) }) else {
            return unknownRegion(resource, kind: .database)
        }
        let regional = FailureDomain.regionalService(provider: "azure", region: region, service: "sql")
        if resource.bool("zone_redundant") == true { return TerraformPlacement(kind: .database, sites: [Site([regional])]) }
        return TerraformPlacement(kind: .database, sites: [Site([regional, .zone(provider: "azure", region: region, zone: Self.unknownZone)])])
    }
}

/// Which load balancers forward to each target group (through listeners and listener rules),
/// and which load balancers or listeners something in front of users names: a CloudFront VPC
/// origin, an API Gateway VPC link or integration, a Global Accelerator endpoint. Built in one
/// pass over a module tree's resources, and only when it has ECS services.
struct LoadBalancerIndex: Sendable {
    static let balancerTypes: Set<String> = ["aws_lb", "aws_alb", "aws_elb"]

    /// Target group id → the load balancers forwarding to it; nil for a listener whose load
    /// balancer is not a resource of the repository (a data source, a variable).
    var byTargetGroup: [String: [String?]] = [:]
    /// Auto scaling group id → the target groups and classic ELBs `aws_autoscaling_attachment`s
    /// register it with; instance or function id → the target groups
    /// `aws_lb_target_group_attachment`s register it with.
    var attachments: [String: [String]] = [:]
    private var listenersOf: [String: [String]] = [:]
    private var fronted: Set<String> = []

    init(_ resources: [String: TerraformResource]) {
        guard resources.values.contains(where: {
            ["aws_ecs_service", "aws_autoscaling_group", "aws_lb_target_group_attachment", "aws_alb_target_group_attachment"].contains($0.type)
        }) else { return }
        var balancerOfListener: [String: [String?]] = [:]
        var rules: [TerraformResource] = []
        for resource in resources.values {
            switch resource.type {
            case "aws_lb_listener", "aws_alb_listener":
                let owners = TerraformMarker.ids(in: resource.values["load_balancer_arn"]).filter { resources[$0] != nil }
                let leads: [String?] = owners.isEmpty ? [nil] : owners
                balancerOfListener[resource.id] = leads
                for owner in owners { listenersOf[owner, default: []].append(resource.id) }
                for group in TerraformMarker.ids(in: .tuple(resource.blocks("default_action").map { .object($0) })) {
                    byTargetGroup[group, default: []] += leads
                }
            case "aws_lb_listener_rule", "aws_alb_listener_rule":
                rules.append(resource)
            case "aws_lb_target_group_attachment", "aws_alb_target_group_attachment":
                let groups = TerraformMarker.ids(in: resource.values["target_group_arn"])
                for target in TerraformMarker.ids(in: resource.values["target_id"]) { attachments[target, default: []] += groups }
            case "aws_autoscaling_attachment":
                let targets = ["lb_target_group_arn", "alb_target_group_arn", "elb"].flatMap { TerraformMarker.ids(in: resource.values[$0]) }
                for group in TerraformMarker.ids(in: resource.values["autoscaling_group_name"]) { attachments[group, default: []] += targets }
            case let type where type.hasPrefix("aws_cloudfront") || type.hasPrefix("aws_apigatewayv2") || type.hasPrefix("aws_api_gateway")
                || type.hasPrefix("aws_globalaccelerator"):
                fronted.formUnion(TerraformMarker.ids(in: .object(resource.values)))
            default:
                continue
            }
        }
        for rule in rules {
            let listeners = TerraformMarker.ids(in: rule.values["listener_arn"])
            let leads: [String?] = listeners.isEmpty ? [nil] : listeners.flatMap { balancerOfListener[$0] ?? [nil] }
            for group in TerraformMarker.ids(in: .tuple(rule.blocks("action").map { .object($0) })) {
                byTargetGroup[group, default: []] += leads
            }
        }
    }

    /// Whether something in front of users reaches the load balancer or one of its listeners.
    func isFronted(_ balancer: String) -> Bool {
        fronted.contains(balancer) || (listenersOf[balancer] ?? []).contains(where: fronted.contains)
    }
}
