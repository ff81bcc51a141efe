import Foundation
import HCL
import Model

/// A stack's resources as the Terraform resources that stand for them: `AWS::S3::Bucket` is
/// an `aws_s3_bucket` with `bucket` set from `BucketName`, and so on, so one placement and one
/// set of requirement rules serve both (docs/cloudformation.md lists the types).
///
/// Each resource is a component `cfn:STACK/LogicalId`, placed in the stack's region.
struct CloudFormationResources {
    private(set) var resources: [TerraformResource] = []
    /// Types the template declares that are not part of the topology and are worth saying so.
    private(set) var unplaced: [String: Int] = [:]

    private var evaluator: CloudFormationEvaluator
    private let template: CloudFormationFact
    private let stackID: String
    private let path: String
    private let region: String?
    /// The stack that is deployed: this one, or the outermost parent of a nested one.
    private let deployed: (id: String, template: String)

    init(template: CloudFormationFact, evaluator: CloudFormationEvaluator, stackID: String, path: String, region: String?, deployed: (id: String, template: String)) {
        self.template = template
        self.deployed = deployed
        self.evaluator = evaluator
        self.stackID = stackID
        self.path = path
        self.region = region
    }

    /// The component id of a logical id of the stack.
    static func id(stack: String, logicalID: String) -> String { "cfn:\(stack)/\(logicalID)" }

    /// The resources of the template that the stack creates: those without a condition or
    /// whose condition holds or is not known.
    mutating func translateAll() {
        let functions = template.resources.filter { $0.type == "AWS::Serverless::Function" }
        for resource in template.resources {
            if let condition = resource.condition, evaluator.condition(condition) == false { continue }
            translate(resource)
        }
        // SAM makes one API for the functions whose Api or HttpApi events name none.
        var implicit: Set<String> = []
        for function in functions {
            if let condition = function.condition, evaluator.condition(condition) == false { continue }
            for event in function.properties?["Events"]?.entries ?? [] {
                guard let type = event.value["Type"]?.string, type == "Api" || type == "HttpApi" else { continue }
                let named = event.value["Properties"]?[type == "Api" ? "RestApiId" : "ApiId"]
                if named == nil { implicit.insert(type) }
            }
        }
        if implicit.contains("Api") {
            var api = make("aws_api_gateway_rest_api", logicalID: "ServerlessRestApi", line: functions.first?.line ?? 1)
            if let configuration = template.globals?["Api"]?["EndpointConfiguration"], let types = endpointTypes(configuration) {
                api.values["endpoint_configuration"] = .tuple([.object(["types": types])])
            }
            resources.append(api)
        }
        if implicit.contains("HttpApi") {
            resources.append(make("aws_apigatewayv2_api", logicalID: "ServerlessHttpApi", line: functions.first?.line ?? 1))
        }
    }

    /// The stack's outputs, for a parent reading them, and its exports, for other stacks'
    /// `Fn::ImportValue`.
    mutating func outputs() -> (outputs: [String: Value], exports: [(name: String, value: Value, line: Int)]) { evaluator.outputs() }

    /// Whether the stack imports anything, and the imports nothing answered.
    var imports: Bool { evaluator.imports }
    var missingImports: [(name: String?, line: Int)] { evaluator.missingImports }
    var missingOutputs: [(output: CloudFormationStackOutput, line: Int)] { evaluator.missingOutputs }

    /// Parameters the stack's values needed and has no value for.
    var unresolvedParameters: Set<String> { evaluator.unresolvedParameters }

    /// Lookups CloudFormation would refuse, and limits reached.
    var problems: [(summary: String, line: Int)] {
        evaluator.problems + ownProblems
            + (evaluator.isBudgetSpent ? [("the template's substitutions and joins make more than \(CloudFormationEvaluator.byteBudget >> 20) MB of text; what they make past it is not known", 1)] : [])
    }
    private var ownProblems: [(summary: String, line: Int)] = []

    /// The logical ids SAM adds to a template's own (the implicit APIs), so references to them resolve.
    static func implicitIDs(of template: CloudFormationFact) -> [String] {
        var ids: [String] = []
        for function in template.resources where function.type == "AWS::Serverless::Function" {
            for event in function.properties?["Events"]?.entries ?? [] {
                guard let type = event.value["Type"]?.string else { continue }
                if type == "Api", event.value["Properties"]?["RestApiId"] == nil, !ids.contains("ServerlessRestApi") { ids.append("ServerlessRestApi") }
                if type == "HttpApi", event.value["Properties"]?["ApiId"] == nil, !ids.contains("ServerlessHttpApi") { ids.append("ServerlessHttpApi") }
            }
            if function.properties?["FunctionUrlConfig"] != nil { ids.append(function.logicalID + "Url") }
        }
        return ids
    }

    private func make(_ type: String, logicalID: String, line: Int) -> TerraformResource {
        var resource = TerraformResource(
            type: type, name: logicalID, modulePrefix: "", instanceKey: "", values: [:],
            body: Body(range: SourceRange(at: SourcePosition(line: line, column: 1, byte: 0))),
            providerKey: "aws", providerValues: region.map { ["region": .string($0)] } ?? [:], path: path, line: line)
        resource.root = TerraformFolder.folder(of: path)
        resource.callID = Self.id(stack: stackID, logicalID: logicalID)
        resource.deployedStack = deployed.id
        resource.deployedTemplate = deployed.template
        return resource
    }

    /// Reads a resource's properties into a Terraform resource of `type`.
    private struct Reader {
        var resource: TerraformResource
        let properties: YAMLNode?

        /// The line of a property (a dotted path), when the template writes it.
        func line(_ key: String) -> Int? {
            var node = properties
            for part in key.split(separator: ".") { node = node?[String(part)] }
            return node?.line
        }

        /// The lines of the items of a list property.
        func itemLines(_ key: String) -> [Int] {
            var node = properties
            for part in key.split(separator: ".") { node = node?[String(part)] }
            return node?.items?.map(\.line) ?? []
        }
    }

    /// A property's value, by a dotted path: the first part is evaluated (once per node), the
    /// rest looked up in what it gives, so a function anywhere on the path counts
    /// (`VpcConfig: !If [UseVpc, {SubnetIds: …}, !Ref AWS::NoValue]`).
    private mutating func value(_ properties: YAMLNode?, _ key: String) -> Value? {
        let parts = key.split(separator: ".").map(String.init)
        guard let first = parts.first, let node = properties?[first] else { return nil }
        let cacheKey = "\(node.line):\(node.column):\(first)"
        let top: Value?
        if let cached = evaluated[cacheKey] {
            top = cached
        } else {
            top = evaluator.value(node)
            evaluated[cacheKey] = top
        }
        var current = top
        for part in parts.dropFirst() {
            guard case .object(let fields)? = current else { return nil }
            current = fields[part]
        }
        return current
    }

    /// Top-level properties evaluated so far, by their node's place and name.
    private var evaluated: [String: Value?] = [:]
    /// Environment variables SAM's `Globals` may still add to functions: a template of
    /// thousands of functions and global variables would otherwise copy them all into each.
    private var globalVariablesLeft = 1_000_000

    /// Sets `argument` from a property (a dotted path), recording its line.
    private mutating func set(_ reader: inout Reader, _ argument: String, from key: String, as convert: (Value) -> Value? = { $0 }) {
        guard let found = value(reader.properties, key), let converted = convert(found) else { return }
        reader.resource.values[argument] = converted
        if let line = reader.line(key) { reader.resource.argumentLines[argument] = line }
    }

    /// A nested block (a tuple of objects) from a property, with the line of each item.
    private mutating func setBlocks(_ reader: inout Reader, _ block: String, from key: String, _ convert: ([String: Value]) -> [String: Value]) {
        guard case .tuple(let items)? = value(reader.properties, key) else { return }
        reader.resource.values[block] = .tuple(items.compactMap(\.objectValue).map { .object(convert($0)) })
        reader.resource.blockLines[block] = reader.itemLines(key)
    }

    /// An API's OpenAPI body written in the template (`DefinitionBody`, `Body`), as Terraform's
    /// `body`: the integrations it names are the API's needs. One kept elsewhere (`AWS::Include`,
    /// `DefinitionUri`, `BodyS3Location`) is not read: a warning says its integrations are not known.
    private mutating func readOpenAPIBody(_ reader: inout Reader, of resource: CloudFormationFact.Resource) {
        let properties = resource.properties
        for key in ["DefinitionBody", "Body"] {
            guard let node = properties?[key] else { continue }
            if let include = node["Fn::Transform"] {
                let location = include["Parameters"]?["Location"]?.string ?? "another file"
                ownProblems.append(("the OpenAPI body of \(resource.logicalID) is included from \(location), which is not read, so the integrations it names are not the API's needs", node.line))
            } else {
                set(&reader, "body", from: key)
            }
            return
        }
        for key in ["DefinitionUri", "BodyS3Location"] where properties?[key] != nil {
            ownProblems.append(("the OpenAPI body of \(resource.logicalID) is kept in \(key), which is not read, so the integrations it names are not the API's needs", properties?[key]?.line ?? resource.line))
        }
    }

    /// One block (`vpc_config { subnet_ids = … }`) holding one argument from a property.
    private mutating func setBlock(_ reader: inout Reader, _ block: String, _ argument: String, from key: String) {
        guard let found = value(reader.properties, key) else { return }
        reader.resource.values[block] = .tuple([.object([argument: found])])
        if let line = reader.line(key) {
            reader.resource.blockLines[block] = [line]
            reader.resource.argumentLines[argument] = line
        }
    }

    static func boolean(_ value: Value) -> Value? {
        switch value {
        case .bool: value
        case .string(let text): text.lowercased() == "true" ? .bool(true) : text.lowercased() == "false" ? .bool(false) : nil
        default: nil
        }
    }

    /// Instances of clusters that stand for their cluster.
    static let clusterInstanceTypes: Set<String> = ["AWS::RDS::DBInstance", "AWS::DocDB::DBInstance", "AWS::Neptune::DBInstance"]

    /// Resource types that configure others or are plumbing no outage takes a service down
    /// through by itself: not components, and not worth a note.
    static func isQuiet(_ type: String) -> Bool {
        let prefixes = [
            "AWS::IAM::", "AWS::Logs::", "AWS::CloudWatch::", "AWS::Events::", "AWS::CDK::", "AWS::CertificateManager::",
            "AWS::EC2::SecurityGroup", "AWS::EC2::VPC", "AWS::EC2::Route", "AWS::EC2::InternetGateway", "AWS::EC2::NatGateway",
            "AWS::EC2::EIP", "AWS::EC2::SubnetRouteTableAssociation", "AWS::EC2::NetworkAcl", "AWS::EC2::SubnetNetworkAclAssociation",
            "AWS::EC2::LaunchTemplate", "AWS::EC2::KeyPair", "AWS::AutoScaling::LaunchConfiguration", "AWS::AutoScaling::ScalingPolicy",
            "AWS::AutoScaling::ScheduledAction", "AWS::AutoScaling::LifecycleHook", "AWS::ApplicationAutoScaling::",
            "AWS::Lambda::Permission", "AWS::Lambda::Version", "AWS::Lambda::EventSourceMapping", "AWS::Lambda::LayerVersion",
            "AWS::Lambda::EventInvokeConfig", "AWS::ApiGateway::Deployment", "AWS::ApiGateway::Stage", "AWS::ApiGateway::Resource",
            "AWS::ApiGateway::Account", "AWS::ApiGateway::Authorizer", "AWS::ApiGateway::ApiKey", "AWS::ApiGateway::UsagePlan",
            "AWS::ApiGateway::BasePathMapping", "AWS::ApiGateway::DomainName", "AWS::ApiGateway::Model", "AWS::ApiGateway::RequestValidator",
            "AWS::ApiGateway::GatewayResponse", "AWS::ApiGateway::UsagePlanKey", "AWS::ApiGateway::DocumentationPart",
            "AWS::ApiGatewayV2::Stage", "AWS::ApiGatewayV2::Route", "AWS::ApiGatewayV2::Deployment", "AWS::ApiGatewayV2::Authorizer",
            "AWS::ApiGatewayV2::DomainName", "AWS::ApiGatewayV2::ApiMapping", "AWS::S3::BucketPolicy", "AWS::SNS::Subscription",
            "AWS::SNS::TopicPolicy", "AWS::SQS::QueuePolicy", "AWS::KMS::Alias", "AWS::ElasticLoadBalancingV2::TargetGroup",
            "AWS::ElasticLoadBalancingV2::ListenerCertificate", "AWS::CloudFront::OriginAccessControl", "AWS::CloudFront::CloudFrontOriginAccessIdentity",
            "AWS::CloudFront::CachePolicy", "AWS::CloudFront::OriginRequestPolicy", "AWS::CloudFront::ResponseHeadersPolicy", "AWS::CloudFront::Function",
            "AWS::CloudFormation::WaitCondition", "AWS::CloudFormation::WaitConditionHandle", "AWS::ECS::CapacityProvider",
            "AWS::ECS::ClusterCapacityProviderAssociations", "AWS::ServiceDiscovery::", "AWS::RDS::DBSubnetGroup", "AWS::RDS::DBParameterGroup",
            "AWS::RDS::DBClusterParameterGroup", "AWS::ElastiCache::SubnetGroup", "AWS::ElastiCache::ParameterGroup", "AWS::EKS::Addon",
            "AWS::EKS::AccessEntry", "AWS::SecretsManager::SecretTargetAttachment", "AWS::SecretsManager::RotationSchedule",
            "AWS::SecretsManager::ResourcePolicy", "AWS::DynamoDB::", "AWS::Cognito::UserPoolClient", "AWS::Cognito::UserPoolDomain",
            "AWS::WAFv2::", "AWS::Route53::HealthCheck", "AWS::ECR::RegistryPolicy", "AWS::ECR::ReplicationConfiguration", "Custom::",
            "AWS::Scheduler::", "AWS::Pipes::", "AWS::Serverless::Connector", "AWS::Serverless::LayerVersion", "AWS::CodeBuild::",
            "AWS::CodePipeline::", "AWS::CodeDeploy::", "AWS::EFS::MountTarget", "AWS::EFS::AccessPoint", "AWS::AppSync::Resolver",
            "AWS::AppSync::DataSource", "AWS::AppSync::FunctionConfiguration", "AWS::AppSync::GraphQLSchema", "AWS::AppSync::ApiKey",
            "AWS::MSK::Configuration", "AWS::DocDB::DBInstance", "AWS::Neptune::DBInstance", "AWS::AmazonMQ::Configuration", "AWS::DocDB::DBClusterParameterGroup", "AWS::Neptune::DBClusterParameterGroup",
            "AWS::Neptune::DBParameterGroup", "AWS::MemoryDB::SubnetGroup", "AWS::MemoryDB::ParameterGroup", "AWS::MemoryDB::ACL",
            "AWS::MemoryDB::User", "AWS::RDS::DBProxyTargetGroup", "AWS::SSM::Document", "AWS::SSM::Association", "AWS::Config::",
            "AWS::CloudTrail::", "AWS::GuardDuty::", "AWS::SecurityHub::", "AWS::Budgets::", "AWS::Backup::", "AWS::Glue::", "AWS::Athena::",
        ]
        return prefixes.contains { type.hasPrefix($0) }
    }

    /// The endpoint types an `EndpointConfiguration` gives (`PRIVATE`, `{Type: REGIONAL}`,
    /// `{Types: [EDGE]}`), evaluated, so a parameter or a condition choosing them counts.
    private mutating func endpointTypes(_ configuration: YAMLNode) -> Value? {
        switch evaluator.value(configuration) {
        case .string(let text)?: return .tuple([.string(text)])
        case .object(let fields)?:
            if case .string(let type)? = fields["Type"] { return .tuple([.string(type)]) }
            if case .tuple(let types)? = fields["Types"] { return .tuple(types.filter { $0.stringValue != nil }) }
            return nil
        default: return nil
        }
    }

    // swiftlint:disable:next function_body_length cyclomatic_complexity
    private mutating func translate(_ resource: CloudFormationFact.Resource) {
        let properties = resource.properties
        func reader(_ type: String) -> Reader { Reader(resource: make(type, logicalID: resource.logicalID, line: resource.line), properties: properties) }
        var r: Reader
        switch resource.type {
        case "AWS::S3::Bucket":
            r = reader("aws_s3_bucket")
            set(&r, "bucket", from: "BucketName")
            if case .tuple(let rules)? = value(properties, "ReplicationConfiguration.Rules") {
                let converted: [Value] = rules.compactMap(\.objectValue).map { rule in
                    let destination = rule["Destination"]?.objectValue?["Bucket"] ?? .unknown
                    return .object(["destination": .tuple([.object(["bucket": destination])])])
                }
                r.resource.values["replication_configuration"] = .tuple([.object(["rules": .tuple(converted)])])
                if let line = r.line("ReplicationConfiguration") { r.resource.blockLines["replication_configuration"] = [line] }
            }
        case "AWS::CloudFront::Distribution":
            r = reader("aws_cloudfront_distribution")
            set(&r, "aliases", from: "DistributionConfig.Aliases")
            setBlocks(&r, "origin", from: "DistributionConfig.Origins") { origin in
                var block: [String: Value] = [:]
                block["origin_id"] = origin["Id"]
                block["domain_name"] = origin["DomainName"]
                return block
            }
            setBlocks(&r, "origin_group", from: "DistributionConfig.OriginGroups.Items") { group in
                var block: [String: Value] = ["origin_id": group["Id"] ?? .null]
                if let criteria = group["FailoverCriteria"] { block["failover_criteria"] = .tuple([criteria]) }
                let members = group["Members"]?.objectValue?["Items"]?.tupleValue ?? []
                block["member"] = .tuple(members.compactMap(\.objectValue).map { .object(["origin_id": $0["OriginId"] ?? .null]) })
                return block
            }
            // The origin or group each behavior sends requests to.
            if let behavior = value(r.properties, "DistributionConfig.DefaultCacheBehavior") {
                r.resource.values["default_cache_behavior"] = .tuple([.object(["target_origin_id": behavior.objectValue?["TargetOriginId"] ?? .unknown])])
                if let line = r.line("DistributionConfig.DefaultCacheBehavior") { r.resource.blockLines["default_cache_behavior"] = [line] }
            }
            setBlocks(&r, "ordered_cache_behavior", from: "DistributionConfig.CacheBehaviors") { behavior in
                ["target_origin_id": behavior["TargetOriginId"] ?? .unknown]
            }
        case "AWS::RDS::DBInstance":
            // An instance of an Aurora cluster is placed by its cluster, and stands for it.
            guard properties?["DBClusterIdentifier"] == nil else { return }
            r = reader("aws_db_instance")
            set(&r, "multi_az", from: "MultiAZ", as: Self.boolean)
            set(&r, "availability_zone", from: "AvailabilityZone")
            set(&r, "db_subnet_group_name", from: "DBSubnetGroupName")
        case "AWS::RDS::DBCluster":
            r = reader("aws_rds_cluster")
            set(&r, "availability_zones", from: "AvailabilityZones")
            set(&r, "db_subnet_group_name", from: "DBSubnetGroupName")
        case "AWS::RDS::DBSubnetGroup":
            r = reader("aws_db_subnet_group")
            set(&r, "subnet_ids", from: "SubnetIds")
        case "AWS::DynamoDB::Table", "AWS::Serverless::SimpleTable":
            r = reader("aws_dynamodb_table")
            set(&r, "name", from: "TableName")
        case "AWS::DynamoDB::GlobalTable":
            r = reader("aws_dynamodb_table")
            set(&r, "name", from: "TableName")
            // The stack's own region is one of the replicas, and the table's first site.
            setBlocks(&r, "replica", from: "Replicas") { replica in ["region_name": replica["Region"] ?? .unknown] }
            if case .tuple(let replicas)? = r.resource.values["replica"], let region {
                r.resource.values["replica"] = .tuple(replicas.filter { $0.objectValue?["region_name"]?.stringValue != region })
            }
        case "AWS::ElastiCache::ReplicationGroup":
            r = reader("aws_elasticache_replication_group")
            set(&r, "multi_az_enabled", from: "MultiAZEnabled", as: Self.boolean)
            set(&r, "automatic_failover_enabled", from: "AutomaticFailoverEnabled", as: Self.boolean)
            set(&r, "preferred_cache_cluster_azs", from: "PreferredCacheClusterAZs")
        case "AWS::ElastiCache::CacheCluster":
            r = reader("aws_elasticache_cluster")
            set(&r, "az_mode", from: "AZMode")
            set(&r, "availability_zone", from: "PreferredAvailabilityZone")
            set(&r, "preferred_availability_zones", from: "PreferredAvailabilityZones")
        case "AWS::EC2::Instance":
            r = reader("aws_instance")
            set(&r, "availability_zone", from: "AvailabilityZone")
            set(&r, "subnet_id", from: "SubnetId")
            set(&r, "user_data", from: "UserData")
        case "AWS::EC2::LaunchTemplate":
            r = reader("aws_launch_template")
            set(&r, "user_data", from: "LaunchTemplateData.UserData")
        case "AWS::AutoScaling::LaunchConfiguration":
            r = reader("aws_launch_configuration")
            set(&r, "user_data", from: "UserData")
        case "AWS::EC2::Subnet":
            r = reader("aws_subnet")
            set(&r, "availability_zone", from: "AvailabilityZone")
        case "AWS::AutoScaling::AutoScalingGroup":
            r = reader("aws_autoscaling_group")
            set(&r, "availability_zones", from: "AvailabilityZones")
            set(&r, "vpc_zone_identifier", from: "VPCZoneIdentifier")
            set(&r, "target_group_arns", from: "TargetGroupARNs")
            set(&r, "load_balancers", from: "LoadBalancerNames")
            set(&r, "launch_template", from: "LaunchTemplate")
            set(&r, "launch_configuration", from: "LaunchConfigurationName")
            set(&r, "mixed_instances_policy", from: "MixedInstancesPolicy")
        case "AWS::EKS::Cluster":
            r = reader("aws_eks_cluster")
            set(&r, "name", from: "Name")
            setBlock(&r, "vpc_config", "subnet_ids", from: "ResourcesVpcConfig.SubnetIds")
        case "AWS::EKS::Nodegroup":
            r = reader("aws_eks_node_group")
            set(&r, "cluster_name", from: "ClusterName")
            set(&r, "subnet_ids", from: "Subnets")
        case "AWS::ElasticLoadBalancingV2::LoadBalancer", "AWS::ElasticLoadBalancing::LoadBalancer":
            r = reader(resource.type.hasSuffix("V2::LoadBalancer") ? "aws_lb" : "aws_elb")
            set(&r, "subnets", from: "Subnets")
            set(&r, "availability_zones", from: "AvailabilityZones")
            setBlocks(&r, "subnet_mapping", from: "SubnetMappings") { ["subnet_id": $0["SubnetId"] ?? .unknown] }
            set(&r, "internal", from: "Scheme") { .bool($0.stringValue == "internal") }
        case "AWS::ElasticLoadBalancingV2::Listener":
            r = reader("aws_lb_listener")
            set(&r, "load_balancer_arn", from: "LoadBalancerArn")
            setBlocks(&r, "default_action", from: "DefaultActions") { $0 }
        case "AWS::ElasticLoadBalancingV2::ListenerRule":
            r = reader("aws_lb_listener_rule")
            set(&r, "listener_arn", from: "ListenerArn")
            setBlocks(&r, "action", from: "Actions") { $0 }
        case "AWS::ECR::Repository":
            r = reader("aws_ecr_repository")
            set(&r, "name", from: "RepositoryName")
        case "AWS::Route53::HostedZone":
            r = reader("aws_route53_zone")
            set(&r, "name", from: "Name")
            setBlocks(&r, "vpc", from: "VPCs") { $0 }
        case "AWS::Route53::RecordSet":
            r = reader("aws_route53_record")
            readRecord(&r)
        case "AWS::Route53::RecordSetGroup":
            // One record per entry, `Group[0]`, sharing the group's zone.
            let count = properties?["RecordSets"]?.items?.count ?? 0
            groupZoneName = value(properties, "HostedZoneName")?.stringValue
            defer { groupZoneName = nil }
            for index in 0..<count {
                var record = Reader(
                    resource: make("aws_route53_record", logicalID: "\(resource.logicalID)[\(index)]", line: properties?["RecordSets"]?[index]?.line ?? resource.line),
                    properties: properties?["RecordSets"]?[index])
                readRecord(&record)
                if record.resource.values["zone_id"] == nil, let zone = value(properties, "HostedZoneId") { record.resource.values["zone_id"] = zone }
                resources.append(record.resource)
            }
            return
        case "AWS::Lambda::Function":
            r = reader("aws_lambda_function")
            set(&r, "function_name", from: "FunctionName")
            setBlock(&r, "vpc_config", "subnet_ids", from: "VpcConfig.SubnetIds")
            setBlock(&r, "environment", "variables", from: "Environment.Variables")
            for entry in properties?["Environment"]?["Variables"]?.entries ?? [] {
                if let key = entry.key.string { r.resource.argumentLines["env:\(key)"] = entry.key.line }
            }
        case "AWS::Serverless::Function":
            r = reader("aws_lambda_function")
            set(&r, "function_name", from: "FunctionName")
            readServerlessFunction(&r, resource)
        case "AWS::Lambda::Url":
            r = reader("aws_lambda_function_url")
            set(&r, "function_name", from: "TargetFunctionArn")
        case "AWS::Lambda::Alias":
            r = reader("aws_lambda_alias")
            set(&r, "function_name", from: "FunctionName")
        case "AWS::ApiGateway::RestApi", "AWS::Serverless::Api":
            r = reader("aws_api_gateway_rest_api")
            let configuration = properties?["EndpointConfiguration"] ?? (resource.type == "AWS::Serverless::Api" ? template.globals?["Api"]?["EndpointConfiguration"] : nil)
            if let configuration, let types = endpointTypes(configuration) {
                r.resource.values["endpoint_configuration"] = .tuple([.object(["types": types])])
                r.resource.blockLines["endpoint_configuration"] = [configuration.line]
            }
            readOpenAPIBody(&r, of: resource)
        case "AWS::ApiGatewayV2::Api", "AWS::Serverless::HttpApi":
            r = reader("aws_apigatewayv2_api")
            readOpenAPIBody(&r, of: resource)
        case "AWS::ApiGateway::DomainName":
            r = reader("aws_api_gateway_domain_name")
        case "AWS::ApiGatewayV2::DomainName":
            r = reader("aws_apigatewayv2_domain_name")
        case "AWS::ApiGateway::BasePathMapping", "AWS::ApiGateway::BasePathMappingV2":
            r = reader("aws_api_gateway_base_path_mapping")
            set(&r, "domain_name", from: resource.type == "AWS::ApiGateway::BasePathMapping" ? "DomainName" : "DomainNameArn")
            set(&r, "api_id", from: "RestApiId")
        case "AWS::ApiGatewayV2::ApiMapping":
            r = reader("aws_apigatewayv2_api_mapping")
            set(&r, "domain_name", from: "DomainName")
            set(&r, "api_id", from: "ApiId")
        case "AWS::ApiGatewayV2::Integration":
            r = reader("aws_apigatewayv2_integration")
            set(&r, "api_id", from: "ApiId")
            set(&r, "integration_uri", from: "IntegrationUri")
        case "AWS::ApiGateway::Method":
            guard properties?["Integration"]?["Uri"] != nil else { return }
            r = reader("aws_api_gateway_integration")
            set(&r, "rest_api_id", from: "RestApiId")
            set(&r, "uri", from: "Integration.Uri")
        case "AWS::ECS::Cluster":
            r = reader("aws_ecs_cluster")
        case "AWS::ECS::Service":
            r = reader("aws_ecs_service")
            set(&r, "cluster", from: "Cluster")
            set(&r, "task_definition", from: "TaskDefinition")
            setBlock(&r, "network_configuration", "subnets", from: "NetworkConfiguration.AwsvpcConfiguration.Subnets")
            setBlocks(&r, "load_balancer", from: "LoadBalancers") { balancer in
                var block: [String: Value] = [:]
                block["target_group_arn"] = balancer["TargetGroupArn"]
                block["elb_name"] = balancer["LoadBalancerName"]
                return block
            }
        case "AWS::ECS::TaskDefinition":
            r = reader("aws_ecs_task_definition")
            readContainers(&r)
        case "AWS::SQS::Queue":
            r = reader("aws_sqs_queue")
            set(&r, "name", from: "QueueName")
        case "AWS::SNS::Topic":
            r = reader("aws_sns_topic")
            set(&r, "name", from: "TopicName")
        case "AWS::Kinesis::Stream": r = reader("aws_kinesis_stream")
        case "AWS::SecretsManager::Secret":
            r = reader("aws_secretsmanager_secret")
            set(&r, "name", from: "Name")
        case "AWS::SSM::Parameter": r = reader("aws_ssm_parameter")
        case "AWS::KMS::Key": r = reader("aws_kms_key")
        case "AWS::Cognito::UserPool": r = reader("aws_cognito_user_pool")
        case "AWS::StepFunctions::StateMachine", "AWS::Serverless::StateMachine": r = reader("aws_sfn_state_machine")
        case "AWS::AppSync::GraphQLApi", "AWS::Serverless::GraphQLApi":
            r = reader("aws_appsync_graphql_api")
            set(&r, "visibility", from: "Visibility")
        case "AWS::EFS::FileSystem":
            r = reader("aws_efs_file_system")
            set(&r, "availability_zone_name", from: "AvailabilityZoneName")
        case "AWS::MSK::Cluster":
            r = reader("aws_msk_cluster")
            setBlock(&r, "broker_node_group_info", "client_subnets", from: "BrokerNodeGroupInfo.ClientSubnets")
        case "AWS::AmazonMQ::Broker":
            r = reader("aws_mq_broker")
            set(&r, "deployment_mode", from: "DeploymentMode")
            set(&r, "subnet_ids", from: "SubnetIds")
        case "AWS::DocDB::DBCluster", "AWS::Neptune::DBCluster":
            r = reader(resource.type == "AWS::DocDB::DBCluster" ? "aws_docdb_cluster" : "aws_neptune_cluster")
            set(&r, "availability_zones", from: "AvailabilityZones")
            set(&r, "db_subnet_group_name", from: "DBSubnetGroupName")
        case "AWS::DocDB::DBSubnetGroup", "AWS::Neptune::DBSubnetGroup":
            r = reader("aws_db_subnet_group")
            set(&r, "subnet_ids", from: "SubnetIds")
        case "AWS::MemoryDB::Cluster": r = reader("aws_memorydb_cluster")
        case "AWS::OpenSearchService::Domain", "AWS::Elasticsearch::Domain":
            r = reader("aws_opensearch_domain")
            let config = resource.type == "AWS::OpenSearchService::Domain" ? "ClusterConfig" : "ElasticsearchClusterConfig"
            setBlock(&r, "cluster_config", "zone_awareness_enabled", from: "\(config).ZoneAwarenessEnabled")
            if case .object(var block)? = r.resource.values["cluster_config"]?.tupleValue?.first, let flag = block["zone_awareness_enabled"] {
                block["zone_awareness_enabled"] = Self.boolean(flag) ?? flag
                r.resource.values["cluster_config"] = .tuple([.object(block)])
            }
            setBlock(&r, "vpc_options", "subnet_ids", from: "VPCOptions.SubnetIds")
        case "AWS::KinesisFirehose::DeliveryStream": r = reader("aws_kinesis_firehose_delivery_stream")
        case "AWS::RDS::DBProxy":
            r = reader("aws_db_proxy")
            set(&r, "vpc_subnet_ids", from: "VpcSubnetIds")
        case "AWS::S3Express::DirectoryBucket":
            r = reader("aws_s3_directory_bucket")
            if let location = value(properties, "LocationName") { r.resource.values["location"] = .tuple([.object(["name": location])]) }
        default:
            // A nested stack of a template in the repository is read as a stack of its own.
            if CloudFormationStacks.nestedTemplate(of: resource, in: path) != nil { return }
            if !Self.isQuiet(resource.type) { unplaced[resource.type, default: 0] += 1 }
            return
        }
        resources.append(r.resource)
    }

    /// The hosted zone a RecordSetGroup's records share by name.
    private var groupZoneName: String?

    /// The component of the template's hosted zone of a name (`example.com.` and
    /// `example.com` alike).
    private mutating func zoneNamed(_ name: String?) -> String? {
        guard let name else { return nil }
        func normalized(_ text: String) -> String { text.lowercased().hasSuffix(".") ? String(text.lowercased().dropLast()) : text.lowercased() }
        for zone in template.resources where zone.type == "AWS::Route53::HostedZone" {
            guard let zoneName = value(zone.properties, "Name")?.stringValue, normalized(zoneName) == normalized(name) else { continue }
            return Self.id(stack: stackID, logicalID: zone.logicalID)
        }
        return nil
    }

    private mutating func readRecord(_ r: inout Reader) {
        set(&r, "name", from: "Name")
        set(&r, "type", from: "Type")
        set(&r, "records", from: "ResourceRecords")
        set(&r, "zone_id", from: "HostedZoneId")
        if let alias = value(r.properties, "AliasTarget.DNSName") {
            var block: [String: Value] = ["name": alias]
            block["evaluate_target_health"] = value(r.properties, "AliasTarget.EvaluateTargetHealth")
            r.resource.values["alias"] = .tuple([.object(block)])
            if let line = r.line("AliasTarget") { r.resource.blockLines["alias"] = [line] }
        }
        set(&r, "health_check_id", from: "HealthCheckId")
        // A zone named by its name: the template's hosted zone of that name, if it has one.
        if r.resource.values["zone_id"] == nil, let zone = zoneNamed(value(r.properties, "HostedZoneName")?.stringValue ?? groupZoneName) {
            r.resource.values["zone_id"] = .string(TerraformMarker.marker(zone))
        }
        for (key, block) in [("Failover", "failover_routing_policy"), ("Region", "latency_routing_policy"), ("Weight", "weighted_routing_policy"), ("GeoLocation", "geolocation_routing_policy")] {
            guard let policy = value(r.properties, key) else { continue }
            r.resource.values[block] = .tuple([.object(["value": policy])])
        }
    }

    /// A SAM function: its own properties over the template's `Globals.Function`, its events'
    /// APIs calling it, and its function URL.
    private mutating func readServerlessFunction(_ r: inout Reader, _ resource: CloudFormationFact.Resource) {
        let globals = template.globals?["Function"]
        // Environment variables merge key by key; the function's win.
        var variables: [String: Value] = [:]
        if case .object(let fields)? = value(globals, "Environment.Variables") {
            globalVariablesLeft -= fields.count
            if globalVariablesLeft >= 0 {
                variables = fields
            } else if globalVariablesLeft + fields.count >= 0 {
                ownProblems.append(("SAM's Globals would add more than a million environment variables to this template's functions; those past it are not read", globals?.line ?? resource.line))
            }
        }
        if case .object(let fields)? = value(r.properties, "Environment.Variables") { variables.merge(fields) { $1 } }
        // Each variable at its own line: the function's, else the one `Globals` gives.
        for node in [globals?["Environment"]?["Variables"], r.properties?["Environment"]?["Variables"]] {
            for entry in node?.entries ?? [] { if let key = entry.key.string { r.resource.argumentLines["env:\(key)"] = entry.key.line } }
        }
        if !variables.isEmpty {
            r.resource.values["environment"] = .tuple([.object(["variables": .object(variables)])])
            r.resource.blockLines["environment"] = [r.line("Environment") ?? globals?["Environment"]?.line ?? resource.line]
        }
        // Maps merge key by key, the function's own winning, as SAM merges them.
        var vpc = value(globals, "VpcConfig")?.objectValue ?? [:]
        vpc.merge(value(r.properties, "VpcConfig")?.objectValue ?? [:]) { $1 }
        if let subnets = vpc["SubnetIds"] {
            r.resource.values["vpc_config"] = .tuple([.object(["subnet_ids": subnets])])
            r.resource.blockLines["vpc_config"] = [r.line("VpcConfig") ?? globals?["VpcConfig"]?.line ?? resource.line]
        }
        let function = Self.id(stack: stackID, logicalID: resource.logicalID)
        for event in r.properties?["Events"]?.entries ?? [] {
            guard let name = event.key.string, let type = event.value["Type"]?.string, type == "Api" || type == "HttpApi" else { continue }
            let apiKey = type == "Api" ? "RestApiId" : "ApiId"
            let api = event.value["Properties"]?[apiKey].flatMap { evaluator.value($0) }
                ?? .string(TerraformMarker.marker(Self.id(stack: stackID, logicalID: type == "Api" ? "ServerlessRestApi" : "ServerlessHttpApi")))
            var integration = make(type == "Api" ? "aws_api_gateway_integration" : "aws_apigatewayv2_integration",
                                   logicalID: "\(resource.logicalID).\(name)", line: event.key.line)
            integration.values[type == "Api" ? "rest_api_id" : "api_id"] = api
            integration.values[type == "Api" ? "uri" : "integration_uri"] = .string(TerraformMarker.marker(function))
            resources.append(integration)
        }
        if let url = r.properties?["FunctionUrlConfig"] {
            var resourceURL = make("aws_lambda_function_url", logicalID: resource.logicalID + "Url", line: url.line)
            resourceURL.values["function_name"] = .string(TerraformMarker.marker(function))
            resources.append(resourceURL)
        }
    }

    /// An ECS task definition's containers as Terraform's `container_definitions` JSON: each
    /// image, environment entry and secret.
    private mutating func readContainers(_ r: inout Reader) {
        guard case .tuple(let containers)? = value(r.properties, "ContainerDefinitions") else { return }
        var definitions: [[String: Any]] = []
        for container in containers.compactMap(\.objectValue) {
            var definition: [String: Any] = [:]
            if let image = container["Image"] { definition["image"] = CloudFormationEvaluator.text(image) }
            definition["environment"] = (container["Environment"]?.tupleValue ?? []).compactMap(\.objectValue).compactMap { entry -> [String: String]? in
                guard let name = entry["Name"]?.stringValue, let value = entry["Value"] else { return nil }
                return ["name": name, "value": CloudFormationEvaluator.text(value)]
            }
            definition["secrets"] = (container["Secrets"]?.tupleValue ?? []).compactMap(\.objectValue).compactMap { entry -> [String: String]? in
                guard let name = entry["Name"]?.stringValue, let value = entry["ValueFrom"] else { return nil }
                return ["name": name, "valueFrom": CloudFormationEvaluator.text(value)]
            }
            definitions.append(definition)
        }
        guard let data = try? JSONSerialization.data(withJSONObject: definitions, options: [.sortedKeys]) else { return }
        r.resource.values["container_definitions"] = .string(String(decoding: data, as: UTF8.self))
        if let line = r.line("ContainerDefinitions") { r.resource.argumentLines["container_definitions"] = line }
    }
}
