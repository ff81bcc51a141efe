import Model
import Simulation
import Testing

@testable import Readers

/// CloudFormation and SAM templates read as the stacks made of them: each resource a
/// component `cfn:STACK/LogicalId` in the stack's region, placed and linked as the Terraform
/// resource of the same kind is.
@Suite struct CloudFormationTests {
    static let assets = """
        AWSTemplateFormatVersion: "2010-09-09"
        Parameters:
          Env:
            Type: String
            Default: prod
        Resources:
          AssetsBucket:
            Type: AWS::S3::Bucket
            Properties:
              BucketName: !Sub "weave-ui-assets-${Env}"
          Distribution:
            Type: AWS::CloudFront::Distribution
            Properties:
              DistributionConfig:
                Aliases: [ui.example.com]
                Origins:
                  - Id: assets
                    DomainName: !GetAtt AssetsBucket.RegionalDomainName
                Enabled: true

        """

    static let failover = """
        AWSTemplateFormatVersion: "2010-09-09"
        Resources:
          AssetsBucket:
            Type: AWS::S3::Bucket
            Properties:
              BucketName: weave-ui-assets-prod
          Distribution:
            Type: AWS::CloudFront::Distribution
            Properties:
              DistributionConfig:
                Origins:
                  - Id: assets
                    DomainName: !GetAtt [AssetsBucket, RegionalDomainName]
                  - Id: replica
                    DomainName: weave-ui-assets-replica.s3.us-west-2.amazonaws.com
                OriginGroups:
                  Quantity: 1
                  Items:
                    - Id: failover
                      FailoverCriteria:
                        StatusCodes: {Quantity: 1, Items: [503]}
                      Members:
                        Quantity: 2
                        Items:
                          - OriginId: assets
                          - OriginId: replica

        """

    static let replica = """
        Resources:
          ReplicaBucket:
            Type: AWS::S3::Bucket
            Properties:
              BucketName: weave-ui-assets-replica

        """

    static let stacks = """
        stacks:
          - template: infra/ui.yaml
            region: us-east-1
            name: weave-ui
          - template: infra/replica.yaml
            region: us-west-2
            name: weave-ui-replica

        """

    @Test func aStackPlacesItsResourcesInItsRegion() throws {
        let fixture = TerraformFixture(["infra/ui.yaml": Self.assets, ".faultline.yaml": Self.stacks])
        let bucket = try #require(fixture.component("cfn:weave-ui/AssetsBucket"), "\(fixture.topology.ids)")
        // The declared stack whose template the commit lacks is a warning at its entry.
        let missing = fixture.diagnostics.filter { $0.summary.contains("infra/replica.yaml") }
        #expect(missing.count == 1 && missing.first?.path == ".faultline.yaml" && missing.first?.line == 5, "\(fixture.diagnostics)")
        #expect(bucket.kind == .bucket && bucket.provenance.first?.path == "infra/ui.yaml" && bucket.provenance.first?.line == 7)
        let distribution = try #require(fixture.component("cfn:weave-ui/Distribution"))
        #expect(distribution.isEntrypoint)
        #expect(distribution.requirements.flatMap(\.alternatives) == ["cfn:weave-ui/AssetsBucket"])
        #expect(distribution.requirements.first?.provenance?.line == 17)
        #expect(fixture.isDown("cfn:weave-ui/Distribution", when: "service:aws/us-east-1/s3"))
        #expect(!fixture.isDown("cfn:weave-ui/Distribution", when: "service:aws/us-west-2/s3"))
        #expect(fixture.diagnostics.count == 1, "\(fixture.diagnostics)")
    }

    /// The fix of the Weave story: an origin group failing over to a bucket of a stack in
    /// another region, named by its regional host.
    @Test func anOriginGroupFailsOverToAnotherStacksBucket() throws {
        let fixture = TerraformFixture(["infra/ui.yaml": Self.failover, "infra/replica.yaml": Self.replica, ".faultline.yaml": Self.stacks])
        let distribution = try #require(fixture.component("cfn:weave-ui/Distribution"), "\(fixture.topology.ids)")
        #expect(distribution.requirements.count == 1)
        #expect(Set(distribution.requirements.first?.alternatives ?? []) == ["cfn:weave-ui/AssetsBucket", "cfn:weave-ui-replica/ReplicaBucket"])
        #expect(distribution.requirements.first?.provenance?.line == 19)
        #expect(!fixture.isDown("cfn:weave-ui/Distribution", when: "service:aws/us-east-1/s3"))
        #expect(!fixture.isDown("cfn:weave-ui/Distribution", when: "region:aws/us-west-2"))
    }

    /// The cache behaviors say where requests go: the default aimed at the group keeps its
    /// failover; a path's behavior aimed at the us-east-1 member bypasses it.
    @Test(arguments: [("failover", "failover", false), ("failover", "assets", true), ("assets", "failover", true)])
    func cacheBehaviorsAimAtTheGroupOrAMember(defaultTarget: String, pathTarget: String, down: Bool) throws {
        let template = Self.failover + """
                    DefaultCacheBehavior:
                      TargetOriginId: \(defaultTarget)
                      ViewerProtocolPolicy: redirect-to-https
                    CacheBehaviors:
                      - PathPattern: /static/*
                        TargetOriginId: \(pathTarget)
                        ViewerProtocolPolicy: redirect-to-https

            """
        let fixture = TerraformFixture(["infra/ui.yaml": template, "infra/replica.yaml": Self.replica, ".faultline.yaml": Self.stacks])
        #expect(fixture.component("cfn:weave-ui/Distribution") != nil, "\(fixture.topology.ids)")
        #expect(fixture.isDown("cfn:weave-ui/Distribution", when: "service:aws/us-east-1/s3") == down)
    }

    /// Without a declared stack the region is unknown: one note for the template, and the
    /// resources in the unknown region domain, never dropped.
    @Test func aTemplateWithoutAStackIsInAnUnknownRegion() throws {
        let fixture = TerraformFixture(["infra/ui.yaml": Self.assets])
        let bucket = try #require(fixture.component("cfn:infra/ui.yaml/AssetsBucket"), "\(fixture.topology.ids)")
        #expect(bucket.sites.flatMap(\.domains).map(\.id) == ["unknown:region/aws"])
        let notes = fixture.diagnostics.filter { $0.summary.contains("region") }
        #expect(notes.count == 1 && notes.first?.path == "infra/ui.yaml" && notes.first?.severity == .note, "\(fixture.diagnostics)")
    }

    /// An API's endpoint type is evaluated: a parameter defaulting to PRIVATE keeps it from
    /// users, as `Type: PRIVATE` written out does; a condition choosing REGIONAL does not.
    @Test(arguments: [
        ("!Ref EndpointType", false), ("PRIVATE", false), ("!If [Inside, PRIVATE, REGIONAL]", true), ("REGIONAL", true),
    ])
    func anAPIsEndpointTypeIsEvaluated(type: String, facesUsers: Bool) throws {
        let template = """
            Transform: AWS::Serverless-2016-10-31
            Parameters:
              EndpointType: {Type: String, Default: PRIVATE}
            Conditions:
              Inside: !Equals [!Ref EndpointType, REGIONAL]
            Resources:
              MyApi:
                Type: AWS::Serverless::Api
                Properties:
                  StageName: prod
                  EndpointConfiguration:
                    Type: \(type)

            """
        let fixture = TerraformFixture(["template.yaml": template])
        let api = try #require(fixture.component("cfn:template.yaml/MyApi"), "\(fixture.topology.ids)")
        #expect(api.isEntrypoint == facesUsers)
    }

    /// An API defined by an OpenAPI body written in the template needs what its integrations
    /// name; one included from another file is a warning: its integrations are not known.
    @Test func anOpenAPIBodysIntegrationsAreTheAPIsNeeds() throws {
        let template = """
            Transform: AWS::Serverless-2016-10-31
            Resources:
              Fn:
                Type: AWS::Serverless::Function
                Properties: {Handler: index.handler, Runtime: python3.12}
              MyApi:
                Type: AWS::Serverless::Api
                Properties:
                  StageName: prod
                  DefinitionBody:
                    openapi: "3.0.1"
                    paths:
                      /items:
                        get:
                          x-amazon-apigateway-integration:
                            type: aws_proxy
                            httpMethod: POST
                            uri: !Sub arn:aws:apigateway:${AWS::Region}:lambda:path/2015-03-31/functions/${Fn.Arn}/invocations
                      /assets:
                        get:
                          x-amazon-apigateway-integration:
                            type: http_proxy
                            uri: https://assets.s3.us-east-1.amazonaws.com/site
              Included:
                Type: AWS::Serverless::Api
                Properties:
                  StageName: prod
                  DefinitionBody:
                    Fn::Transform:
                      Name: AWS::Include
                      Parameters: {Location: ./api/openapi.yaml}

            """
        let fixture = TerraformFixture(["template.yaml": template])
        let api = try #require(fixture.component("cfn:template.yaml/MyApi"), "\(fixture.topology.ids)")
        let needs = api.requirements.flatMap(\.alternatives)
        #expect(needs.contains("cfn:template.yaml/Fn"), "\(needs)")
        #expect(needs.contains { $0.contains("assets.s3.us-east-1") }, "\(needs)")
        #expect(fixture.diagnostics.contains { $0.severity == .warning && $0.summary.hasPrefix("the OpenAPI body of Included is included from ./api/openapi.yaml") })
    }

    /// A custom domain name needs the API its base path mapping names, and a record aliasing
    /// it needs it.
    @Test func aCustomDomainNeedsItsMappedAPI() throws {
        let template = """
            Resources:
              Api:
                Type: AWS::ApiGateway::RestApi
                Properties: {Name: api}
              Domain:
                Type: AWS::ApiGateway::DomainName
                Properties:
                  DomainName: api.example.com
                  EndpointConfiguration: {Types: [REGIONAL]}
              Mapping:
                Type: AWS::ApiGateway::BasePathMapping
                Properties: {DomainName: !Ref Domain, RestApiId: !Ref Api}
              Record:
                Type: AWS::Route53::RecordSet
                Properties:
                  HostedZoneId: Z123
                  Name: api.example.com
                  Type: A
                  AliasTarget:
                    DNSName: !GetAtt Domain.RegionalDomainName
                    HostedZoneId: !GetAtt Domain.RegionalHostedZoneId

            """
        let fixture = TerraformFixture(["template.yaml": template])
        #expect(fixture.component("cfn:template.yaml/Domain")?.requirements.flatMap(\.alternatives) == ["cfn:template.yaml/Api"], "\(fixture.topology.ids)")
        #expect(fixture.component("cfn:template.yaml/Record")?.requirements.flatMap(\.alternatives) == ["cfn:template.yaml/Domain"])
    }

    /// A function's environment variables each need what they name at their own line, those
    /// `Globals` gives at theirs.
    @Test func aFunctionsVariablesAreLocatedAtTheirLines() throws {
        let template = """
            Transform: AWS::Serverless-2016-10-31
            Globals:
              Function:
                Environment:
                  Variables:
                    PAYMENTS: https://api.stripe.com/v1/
            Resources:
              Api:
                Type: AWS::Serverless::Function
                Properties:
                  Handler: index.handler
                  Environment:
                    Variables:
                      LOG_LEVEL: info
                      ASSETS: https://assets.s3.us-east-1.amazonaws.com/
              Plain:
                Type: AWS::Lambda::Function
                Properties:
                  Environment:
                    Variables:
                      MODE: x
                      CDN: https://d111111abcdef8.cloudfront.net/

            """
        let fixture = TerraformFixture(["template.yaml": template])
        func lines(_ id: String) -> [String: Int] {
            var found: [String: Int] = [:]
            for requirement in fixture.component(id)?.requirements ?? [] {
                for alternative in requirement.alternatives { found[alternative] = requirement.provenance?.line }
            }
            return found
        }
        let api = lines("cfn:template.yaml/Api")
        #expect(api["url:assets.s3.us-east-1.amazonaws.com"] == 15 && api["url:api.stripe.com"] == 6, "\(api)")
        #expect(lines("cfn:template.yaml/Plain")["url:d111111abcdef8.cloudfront.net"] == 22, "\(lines("cfn:template.yaml/Plain"))")
    }

    /// One template deployed as two stacks is two sets of components, each in its region.
    @Test func oneTemplateAsTwoStacks() throws {
        let config = """
            stacks:
              - {template: infra/ui.yaml, region: us-east-1, name: ui-east}
              - {template: infra/ui.yaml, region: eu-west-1, name: ui-west, parameters: {Env: staging}}

            """
        let fixture = TerraformFixture(["infra/ui.yaml": Self.assets, ".faultline.yaml": config])
        #expect(fixture.isDown("cfn:ui-east/AssetsBucket", when: "region:aws/us-east-1"))
        #expect(fixture.isDown("cfn:ui-west/AssetsBucket", when: "region:aws/eu-west-1"))
        #expect(!fixture.isDown("cfn:ui-west/AssetsBucket", when: "region:aws/us-east-1"))
        // A parameter's value reaches the bucket's name: a URL naming it joins that stack's bucket.
        let linker = Linker()
        var facts = TerraformFixture.facts(["infra/ui.yaml": Self.assets, ".faultline.yaml": config])
        var page = FileFacts(path: "web/index.html")
        page.mentions = [Mention(text: "https://weave-ui-assets-staging.s3.amazonaws.com/app.js", line: 3, context: "<script src>")]
        facts.append(page)
        let topology = linker.link(facts, commit: nil).topology
        #expect(topology.ids.contains("cfn:ui-west/AssetsBucket"))
        #expect(!topology.ids.contains("url:weave-ui-assets-staging.s3.amazonaws.com"), "\(topology.ids)")
    }

    /// The short-form tags and the long form in JSON read alike: Ref, GetAtt, Sub (with a
    /// literal `${!…}`), Join, Select over GetAZs, If on a condition, FindInMap by region.
    @Test func intrinsicFunctionsInYAMLAndJSON() throws {
        let yaml = """
            Parameters:
              Env: {Type: String, Default: prod}
            Conditions:
              IsProd: !Equals [!Ref Env, prod]
              IsStaging: !Not [!Condition IsProd]
            Mappings:
              Hosts:
                us-east-1: {Api: "https://api.stripe.com"}
            Resources:
              SubnetA:
                Type: AWS::EC2::Subnet
                Properties:
                  AvailabilityZone: !Select [1, !GetAZs ""]
              Web:
                Type: AWS::EC2::Instance
                Properties:
                  SubnetId: !Ref SubnetA
              Db:
                Type: AWS::RDS::DBInstance
                Properties:
                  MultiAZ: !If [IsProd, "true", false]
              Cache:
                Type: AWS::ElastiCache::ReplicationGroup
                Condition: IsStaging
              Fn:
                Type: AWS::Lambda::Function
                Properties:
                  Environment:
                    Variables:
                      PAYMENTS: !FindInMap [Hosts, !Ref "AWS::Region", Api]
                      DB: !Join ["", ["postgres://", !GetAtt Db.Endpoint.Address, ":5432"]]
                      LITERAL: !Sub "${!NotAVariable}"

            """
        let json = """
            {
              "AWSTemplateFormatVersion": "2010-09-09",
              "Resources": {
                "Queue": {"Type": "AWS::SQS::Queue"},
                "Fn": {
                  "Type": "AWS::Lambda::Function",
                  "Properties": {"Environment": {"Variables": {"QUEUE": {"Fn::GetAtt": ["Queue", "Arn"]}, "HOST": {"Fn::Sub": "${Queue}"}}}}
                }
              }
            }

            """
        let config = """
            stacks:
              - {template: stack.yaml, region: us-east-1, name: app}
              - {template: cfn/queue.json, region: us-west-2, name: jobs}

            """
        let fixture = TerraformFixture(["stack.yaml": yaml, "cfn/queue.json": json, ".faultline.yaml": config])
        #expect(fixture.component("cfn:app/SubnetA")?.sites.flatMap(\.domains).map(\.id) == ["zone:aws/us-east-1/us-east-1b"])
        #expect(fixture.isDown("cfn:app/Web", when: "zone:aws/us-east-1/us-east-1b"))
        #expect(!fixture.isDown("cfn:app/Db", when: "zone:aws/us-east-1/us-east-1a"), "MultiAZ from !If on a true condition")
        #expect(fixture.component("cfn:app/Cache") == nil, "a resource whose condition is false is not created")
        let function = try #require(fixture.component("cfn:app/Fn"), "\(fixture.topology.ids)")
        let needs = Set(function.requirements.flatMap(\.alternatives))
        #expect(needs == ["url:api.stripe.com", "cfn:app/Db"], "\(needs)")
        let jobs = try #require(fixture.component("cfn:jobs/Fn"))
        #expect(Set(jobs.requirements.flatMap(\.alternatives)) == ["cfn:jobs/Queue"])
        #expect(fixture.isDown("cfn:jobs/Queue", when: "service:aws/us-west-2/sqs"))
    }

    /// SAM: an `Api` event without an API of its own is SAM's implicit API, an entrypoint that
    /// needs the function; `Globals` give every function their environment; a function URL
    /// answers itself; `samconfig.toml` names the stack, its region and parameter values.
    @Test func samFunctionsTheirAPIsAndSamconfig() throws {
        let template = """
            AWSTemplateFormatVersion: '2010-09-09'
            Transform: AWS::Serverless-2016-10-31
            Parameters:
              Payments: {Type: String, Default: "https://api.paypal.com"}
            Globals:
              Function:
                Environment:
                  Variables:
                    TABLE: !Ref Orders
            Resources:
              Api:
                Type: AWS::Serverless::Function
                Properties:
                  Environment:
                    Variables:
                      PAYMENTS: !Ref Payments
                  Events:
                    Get:
                      Type: Api
                      Properties: {Path: /orders, Method: get}
              Orders:
                Type: AWS::Serverless::SimpleTable
              Worker:
                Type: AWS::Serverless::Function
                Properties:
                  FunctionUrlConfig: {AuthType: NONE}

            """
        let samconfig = """
            version = 0.1
            [default.deploy.parameters]
            stack_name = "orders"
            region = "eu-west-1"
            parameter_overrides = "Payments=\\"https://api.stripe.com\\" Other=1"

            """
        let fixture = TerraformFixture(["app/template.yaml": template, "app/samconfig.toml": samconfig])
        let api = try #require(fixture.component("cfn:orders/ServerlessRestApi"), "\(fixture.topology.ids)")
        #expect(api.isEntrypoint && api.requirements.flatMap(\.alternatives) == ["cfn:orders/Api"])
        let function = try #require(fixture.component("cfn:orders/Api"))
        #expect(Set(function.requirements.flatMap(\.alternatives)) == ["cfn:orders/Orders", "url:api.stripe.com"])
        #expect(fixture.isDown("cfn:orders/ServerlessRestApi", when: "service:aws/eu-west-1/dynamodb"))
        #expect(fixture.isDown("cfn:orders/ServerlessRestApi", when: "saas:stripe"))
        let url = try #require(fixture.component("cfn:orders/WorkerUrl"))
        #expect(url.isEntrypoint && url.requirements.flatMap(\.alternatives) == ["cfn:orders/Worker"])
        // `.faultline.yaml` wins over samconfig.
        let declared = TerraformFixture(["app/template.yaml": template, "app/samconfig.toml": samconfig,
                                         ".faultline.yaml": "stacks:\n  - {template: app/template.yaml, region: us-east-2}\n"])
        #expect(declared.isDown("cfn:app/template.yaml/Orders", when: "region:aws/us-east-2"))
    }

    /// An ECS service behind an internet-facing load balancer faces users and needs its task
    /// definition's image and environment; a GlobalTable survives one region; failover records
    /// are one DNS entrypoint answered by any healthy record.
    @Test func servicesTablesAndRecords() throws {
        let template = """
            Resources:
              Cluster: {Type: AWS::ECS::Cluster}
              Balancer:
                Type: AWS::ElasticLoadBalancingV2::LoadBalancer
                Properties:
                  Scheme: internet-facing
              Group: {Type: AWS::ElasticLoadBalancingV2::TargetGroup}
              Listener:
                Type: AWS::ElasticLoadBalancingV2::Listener
                Properties:
                  LoadBalancerArn: !Ref Balancer
                  DefaultActions: [{Type: forward, TargetGroupArn: !Ref Group}]
              Task:
                Type: AWS::ECS::TaskDefinition
                Properties:
                  ContainerDefinitions:
                    - Name: web
                      Image: quay.io/acme/web:1.0
                      Environment: [{Name: ASSETS, Value: "https://acme-assets.s3.amazonaws.com"}]
              Service:
                Type: AWS::ECS::Service
                Properties:
                  Cluster: !Ref Cluster
                  TaskDefinition: !Ref Task
                  LoadBalancers: [{TargetGroupArn: !Ref Group, ContainerName: web, ContainerPort: 80}]
              Table:
                Type: AWS::DynamoDB::GlobalTable
                Properties:
                  Replicas: [{Region: us-east-1}, {Region: us-west-2}]
              Primary:
                Type: AWS::Route53::RecordSet
                Properties: {Name: app.example.com, Type: A, Failover: PRIMARY, AliasTarget: {DNSName: !GetAtt Balancer.DNSName, EvaluateTargetHealth: true}}
              Secondary:
                Type: AWS::Route53::RecordSet
                Properties: {Name: app.example.com, Type: A, Failover: SECONDARY, ResourceRecords: [203.0.113.10]}

            """
        let fixture = TerraformFixture(["svc.yaml": template, ".faultline.yaml": "stacks:\n  - {template: svc.yaml, region: us-east-1, name: svc}\n"])
        let service = try #require(fixture.component("cfn:svc/Service"), "\(fixture.topology.ids)")
        #expect(service.isEntrypoint)
        let needs = Set(service.requirements.flatMap(\.alternatives))
        #expect(needs.contains("cfn:svc/Cluster") && needs.contains("url:acme-assets.s3.amazonaws.com") && needs.contains { $0.hasPrefix("image:quay.io/acme/web") }, "\(needs)")
        #expect(fixture.isDown("cfn:svc/Service", when: "saas:quay"))
        #expect(!fixture.isDown("cfn:svc/Table", when: "region:aws/us-east-1"))
        #expect(fixture.isDown("cfn:svc/Table", when: "provider:aws"))
        let dns = try #require(fixture.component("dns:app.example.com"), "\(fixture.topology.ids)")
        #expect(dns.isEntrypoint && Set(dns.requirements.first?.alternatives ?? []) == ["cfn:svc/Primary", "cfn:svc/Secondary"])
        // A primary Route 53 cannot see fail (no EvaluateTargetHealth, no HealthCheckId) is
        // always the answer; a HealthCheckId lets it fail over.
        for (primary, alone) in [("EvaluateTargetHealth: true}}", "EvaluateTargetHealth: false}}"), ("EvaluateTargetHealth: true}}", "EvaluateTargetHealth: false}, HealthCheckId: hc-1}")] {
            let changed = TerraformFixture([
                "svc.yaml": template.replacingOccurrences(of: primary, with: alone), ".faultline.yaml": "stacks:\n  - {template: svc.yaml, region: us-east-1, name: svc}\n",
            ])
            let checked = alone.contains("HealthCheckId")
            #expect(changed.component("dns:app.example.com")?.requirements.first?.alternatives.count == (checked ? 2 : 1), "\(alone)")
        }
    }

    /// What a template cannot say stays visible: a resource without a type is an error at its
    /// line, a transform other than SAM's a note, and types Faultline does not place one note.
    @Test func problemsAreLocated() throws {
        let template = """
            AWSTemplateFormatVersion: "2010-09-09"
            Transform: [AWS::Serverless-2016-10-31, AWS::Include]
            Conditions:
              A: !Condition B
              B: !Condition A
            Resources:
              NoType:
                Properties: {}
              Batch: {Type: AWS::Batch::JobQueue}
              Role: {Type: AWS::IAM::Role}
              Loop:
                Type: AWS::SQS::Queue
                Condition: A

            """
        let fixture = TerraformFixture(["t.yaml": template, ".faultline.yaml": "stacks:\n  - {template: t.yaml, region: us-east-1}\n"])
        let errors = fixture.diagnostics.filter { $0.severity == .error }
        #expect(errors.count == 1 && errors.first?.line == 7 && errors.first?.summary.contains("NoType") == true, "\(fixture.diagnostics)")
        #expect(fixture.diagnostics.contains { $0.summary.contains("AWS::Include") && $0.line == 2 })
        #expect(fixture.diagnostics.contains { $0.summary.contains("AWS::Batch::JobQueue") && !$0.summary.contains("IAM") })
        // A condition that names itself in a loop is not known: the resource is kept.
        #expect(fixture.component("cfn:t.yaml/Loop") != nil)
    }

    /// A Kubernetes manifest that merely mentions a resource type stays a manifest, and a YAML
    /// file of CloudFormation is no manifest.
    @Test func manifestsAndTemplatesAreToldApart() throws {
        let manifest = """
            apiVersion: v1
            kind: ConfigMap
            metadata: {name: templates}
            data:
              stack.yaml: |
                Resources:
                  Bucket: {Type: "AWS::S3::Bucket"}

            """
        let facts = TerraformFixture.facts(["k8s/cm.yaml": manifest, "infra/ui.yaml": Self.assets])
        #expect(facts.first { $0.path == "k8s/cm.yaml" }?.configMaps.count == 1)
        #expect(facts.first { $0.path == "k8s/cm.yaml" }?.cloudFormation == nil)
        #expect(facts.first { $0.path == "infra/ui.yaml" }?.cloudFormation?.resources.map(\.logicalID) == ["AssetsBucket", "Distribution"])
        // JSON files are read only where the path says CloudFormation.
        #expect(CloudFormationReader().accepts(path: "cfn/web.json") && CloudFormationReader().accepts(path: "app.template"))
        #expect(!CloudFormationReader().accepts(path: "package.json") && !CloudFormationReader().accepts(path: "k8s/deploy-patch.json"))
        #expect(CloudFormationReader().read(path: "stack.json", bytes: Array(#"{"name": "x"}"#.utf8)).isEmpty)
        // A Kubernetes manifest written as JSON is read as the manifest it is.
        let json = #"{"apiVersion": "apps/v1", "kind": "Deployment", "metadata": {"name": "ui", "namespace": "weave"}, "spec": {"template": {"spec": {"containers": [{"name": "ui", "image": "quay.io/weaveworks/ui:1"}]}}}}"#
        let deployment = CloudFormationReader().read(path: "k8s/ui.json", bytes: Array(json.utf8))
        #expect(deployment.workloads.map(\.id) == ["k8s:Deployment/weave/ui"])
        #expect(deployment.workloads.first?.images.map(\.reference) == ["quay.io/weaveworks/ui:1"])
    }

    /// A nested stack of a template in the repository is a stack of its own, in its parent's
    /// region, with the parameters the parent gives it; the parent reads its outputs.
    @Test func nestedStacks() throws {
        let parent = """
            Parameters:
              Env: {Type: String, Default: prod}
            Resources:
              Storage:
                Type: AWS::CloudFormation::Stack
                Properties:
                  TemplateURL: ./nested/storage.yaml
                  Parameters:
                    Name: !Sub "assets-${Env}"
              Distribution:
                Type: AWS::CloudFront::Distribution
                Properties:
                  DistributionConfig:
                    Origins:
                      - Id: assets
                        DomainName: !GetAtt Storage.Outputs.Domain
              Remote:
                Type: AWS::CloudFormation::Stack
                Properties:
                  TemplateURL: https://example.com/remote.yaml
              Missing:
                Type: AWS::Serverless::Application
                Properties:
                  Location: nested/missing.yaml
              Self:
                Type: AWS::CloudFormation::Stack
                Properties:
                  TemplateURL: ui.yaml

            """
        let child = """
            Parameters:
              Name: {Type: String}
            Resources:
              Bucket:
                Type: AWS::S3::Bucket
                Properties:
                  BucketName: !Ref Name
            Outputs:
              Domain:
                Value: !GetAtt Bucket.RegionalDomainName

            """
        let files = [
            "infra/ui.yaml": parent, "infra/nested/storage.yaml": child,
            ".faultline.yaml": "stacks:\n  - {template: infra/ui.yaml, region: eu-west-1, name: ui}\n",
            ".github/workflows/deploy.yml": "on: push\njobs:\n  d:\n    runs-on: ubuntu-latest\n    steps:\n      - run: aws cloudformation deploy --template-file infra/ui.yaml --stack-name ui\n",
        ]
        let fixture = TerraformFixture(files)
        let bucket = try #require(fixture.component("cfn:ui/Storage/Bucket"), "\(fixture.topology.ids)")
        #expect(fixture.isDown("cfn:ui/Storage/Bucket", when: "service:aws/eu-west-1/s3"))
        #expect(fixture.component("cfn:ui/Distribution")?.requirements.filter { $0.phase == .serve }.flatMap(\.alternatives) == ["cfn:ui/Storage/Bucket"])
        // Shipped by the pipeline deploying the outer stack.
        #expect(bucket.requirements.contains { $0.phase == .deliver && $0.alternatives == ["ci:github-actions"] })
        // The nested template is no stack of its own in an unknown region.
        #expect(!fixture.topology.ids.contains { $0.hasPrefix("cfn:infra/nested/") })
        // The parameter's value reaches the child: a URL naming the bucket joins it.
        var facts = TerraformFixture.facts(files)
        var page = FileFacts(path: "web/index.html")
        page.mentions = [Mention(text: "https://assets-prod.s3.amazonaws.com/app.js", line: 3, context: "<script src>")]
        facts.append(page)
        #expect(!Linker().link(facts, commit: nil).topology.ids.contains("url:assets-prod.s3.amazonaws.com"))
        let warnings = fixture.diagnostics.filter { $0.severity == .warning }.map(\.line)
        #expect(warnings == [21, 25], "\(fixture.diagnostics)")
        #expect(fixture.diagnostics.contains { $0.summary.contains("AWS::CloudFormation::Stack") }, "the remote nested stack is named in the note")
    }

    @Test func stacksAreCheckedInTheConfiguration() throws {
        let config = """
            stacks:
              - template: a.yaml
              - {template: a.yaml, region: us-east-1, colour: blue}
              - {template: b.yaml, region: us-east-1, name: "not a name"}
              - {template: c.yaml, region: us-east-1}
              - {template: c.yaml, region: us-west-2}
              - {template: c.yaml, region: us-west-2}

            """
        let facts = RepoConfigReader().read(path: ".faultline.yaml", bytes: Array(config.utf8))
        let lines = facts.diagnostics.filter { $0.severity == .error }.map(\.line)
        // One name (or template) in two regions is two stacks; twice in one region, an error.
        #expect(lines == [2, 3, 4, 7], "\(facts.diagnostics)")
    }

    @Test func samconfigForms() throws {
        let toml = """
            version = 0.1
            [default.global.parameters]
            stack_name = 'shop'
            [default.deploy.parameters]
            region = "ap-southeast-2"  # Sydney
            parameter_overrides = ["A=1", "B=\\"two words\\""]

            """
        let config = try #require(SamConfigReader().read(path: "samconfig.toml", bytes: Array(toml.utf8)).samConfig)
        #expect(config.stackName == "shop" && config.region == "ap-southeast-2")
        #expect(config.parameters == ["A": "1", "B": "two words"])
        let yaml = """
            version: 0.1
            default:
              deploy:
                parameters:
                  stack_name: shop
                  region: eu-west-1
                  template_file: stacks/main.yaml
                  parameter_overrides: "Env=prod"

            """
        let other = try #require(SamConfigReader().read(path: "svc/samconfig.yaml", bytes: Array(yaml.utf8)).samConfig)
        #expect(other.region == "eu-west-1" && other.templateFile == "stacks/main.yaml" && other.parameters == ["Env": "prod"])
    }
}

/// Pipelines deploying stacks: they say where a stack is deployed when nothing else does, and
/// shipping a change to the stack's resources needs them.
@Suite struct StackDeployTests {
    static let workflow = """
        name: deploy
        on: push
        env:
          AWS_REGION: us-east-1
        jobs:
          deploy:
            runs-on: ubuntu-latest
            container: amazon/aws-cli:2.15.0
            steps:
              - uses: actions/checkout@v4
              - run: |
                  aws cloudformation deploy --template-file infra/ui.yaml --stack-name weave-ui --no-fail-on-empty-changeset
              - uses: aws-actions/configure-aws-credentials@v4
                with:
                  aws-region: us-west-2
              - uses: aws-actions/aws-cloudformation-github-deploy@v1
                with:
                  name: weave-ui-replica
                  template: infra/replica.yaml

        """

    @Test func aWorkflowNamesTheStacksAndShipsThem() throws {
        let fixture = TerraformFixture([
            "infra/ui.yaml": CloudFormationTests.failover, "infra/replica.yaml": CloudFormationTests.replica,
            ".github/workflows/deploy.yml": Self.workflow,
        ])
        #expect(fixture.isDown("cfn:weave-ui/AssetsBucket", when: "service:aws/us-east-1/s3"), "\(fixture.topology.ids)")
        #expect(fixture.isDown("cfn:weave-ui-replica/ReplicaBucket", when: "service:aws/us-west-2/s3"))
        let bucket = try #require(fixture.component("cfn:weave-ui/AssetsBucket"))
        let deliver = bucket.requirements.filter { $0.phase == .deliver }
        #expect(deliver.map(\.alternatives) == [["ci:github-actions"], ["image:docker.io/amazon/aws-cli"]], "\(deliver)")
        #expect(deliver.first?.provenance?.path == ".github/workflows/deploy.yml" && deliver.first?.provenance?.line == 12)
        let replica = try #require(fixture.component("cfn:weave-ui-replica/ReplicaBucket"))
        #expect(replica.requirements.first { $0.phase == .deliver }?.provenance?.line == 16)
    }

    @Test func deployCommandsInScripts() throws {
        var scanner = DockerBuildScanner(workingDirectory: "services/api", rootSpellings: [])
        let script = """
            export AWS_DEFAULT_REGION=eu-west-1
            sam build
            sam deploy --stack-name api --no-confirm-changeset
            AWS_REGION=ap-south-1 aws cloudformation create-stack --stack-name db --template-body file://../db.yaml
            aws --region us-east-2 cloudformation deploy --template-file=stack.json --stack-name "$STACK"
            aws cloudformation deploy --template-url https://example.com/t.yaml --stack-name remote
            aws s3 cp x s3://y
            sam deploy -t .aws-sam/build/template.yaml --region $REGION
            """
        _ = scanner.builds(in: script, firstLine: 10)
        let deploys = scanner.deploys
        #expect(deploys.map(\.template) == ["services/api/template.yaml", "services/db.yaml", "services/api/stack.json", "services/api/.aws-sam/build/template.yaml"])
        #expect(deploys.map(\.stackName) == ["api", "db", nil, nil])
        #expect(deploys.map(\.region) == ["eu-west-1", "ap-south-1", "us-east-2", nil])
        #expect(deploys.map(\.line) == [12, 13, 14, 17])
        #expect(CloudFormationStacks.template(of: deploys[3]) == "services/api/template.yaml")
    }

    /// A template deployed by a GitLab job in two regions is two stacks, each shipped by it.
    @Test func oneTemplateDeployedToTwoRegions() throws {
        let gitlab = """
            deploy-east:
              image: ghcr.io/acme/east-deployer:1
              variables: {AWS_DEFAULT_REGION: us-east-1}
              script:
                - sam deploy --stack-name orders
            deploy-west:
              image: public.ecr.aws/sam/build-python3.12
              script:
                - sam deploy --stack-name orders --region us-west-2

            """
        let template = """
            Transform: AWS::Serverless-2016-10-31
            Resources:
              Orders: {Type: AWS::Serverless::SimpleTable}

            """
        let fixture = TerraformFixture(["template.yaml": template, ".gitlab-ci.yml": gitlab])
        #expect(fixture.isDown("cfn:orders@us-east-1/Orders", when: "region:aws/us-east-1"), "\(fixture.topology.ids)")
        #expect(fixture.isDown("cfn:orders@us-west-2/Orders", when: "region:aws/us-west-2"))
        #expect(fixture.component("cfn:orders@us-west-2/Orders")?.requirements.contains { $0.alternatives == ["ci:gitlab"] } == true)
        // Each stack ships with the job deploying it to its region, not the other's.
        let east = Set(fixture.component("cfn:orders@us-east-1/Orders")?.requirements.flatMap(\.alternatives) ?? [])
        #expect(east.contains { $0.contains("east-deployer") } && !east.contains { $0.contains("sam/build") }, "\(east)")
    }
}

/// What reviews and a corpus of public templates found: valid templates CloudFormation takes,
/// values that must count, and hostile ones that must stay bounded.
@Suite struct CloudFormationEdgeTests {
    static func stack(_ template: String, _ path: String = "t.yaml", region: String = "us-east-1", more: [String: String] = [:]) -> TerraformFixture {
        TerraformFixture([path: template, ".faultline.yaml": "stacks:\n  - {template: \(path), region: \(region), name: s}\n"].merging(more) { $1 })
    }

    /// SAM's default stack name in two folders is two stacks, told apart by region.
    @Test func twoStacksOfOneNameStayApart() throws {
        let template = "Transform: AWS::Serverless-2016-10-31\nResources:\n  Orders: {Type: AWS::Serverless::SimpleTable}\n"
        let fixture = TerraformFixture([
            "a/template.yaml": template, "a/samconfig.toml": "[default.deploy.parameters]\nstack_name = \"sam-app\"\nregion = \"us-east-1\"\n",
            "b/template.yaml": template, "b/samconfig.toml": "[default.deploy.parameters]\nstack_name = \"sam-app\"\nregion = \"eu-west-1\"\n",
        ])
        #expect(fixture.isDown("cfn:sam-app@us-east-1/Orders", when: "region:aws/us-east-1"), "\(fixture.topology.ids)")
        #expect(!fixture.isDown("cfn:sam-app@us-east-1/Orders", when: "region:aws/eu-west-1"))
        #expect(fixture.isDown("cfn:sam-app@eu-west-1/Orders", when: "region:aws/eu-west-1"))
    }

    @Test func functionsOnAPropertysPathAndListParameters() throws {
        let template = """
            Parameters:
              UseVpc: {Type: String, Default: "yes"}
              Zones: {Type: "List<AWS::EC2::AvailabilityZone::Name>", Default: us-east-1a}
              Names: {Type: CommaDelimitedList, Default: "a, b, c"}
              Env: {Type: "AWS::SSM::Parameter::Value<String>", Default: /app/env}
            Conditions:
              Vpc: !Equals [!Ref UseVpc, "yes"]
              Dev: !Equals [!Ref Env, /app/env]
            Resources:
              SubA:
                Type: AWS::EC2::Subnet
                Properties: {AvailabilityZone: us-east-1b}
              Fn:
                Type: AWS::Lambda::Function
                Properties:
                  VpcConfig: !If [Vpc, {SubnetIds: [!Ref SubA]}, !Ref "AWS::NoValue"]
                  Environment:
                    Variables:
                      SECOND: !Select [1, !Ref Names]
                      DEV: !If [Dev, "https://api.stripe.com", "https://api.paypal.com"]
              Balancer:
                Type: AWS::ElasticLoadBalancing::LoadBalancer
                Properties: {AvailabilityZones: !Ref Zones}

            """
        let fixture = Self.stack(template)
        #expect(fixture.component("cfn:s/Fn")?.sites.flatMap(\.domains).map(\.id).sorted() == ["service:aws/us-east-1/lambda", "zone:aws/us-east-1/us-east-1b"])
        #expect(fixture.component("cfn:s/Balancer")?.sites.flatMap(\.domains).map(\.id) == ["zone:aws/us-east-1/us-east-1a"])
        // An SSM parameter's value is not its path: the condition on it is not known.
        #expect(fixture.component("cfn:s/Fn")?.requirements.flatMap(\.alternatives).contains { $0.contains("stripe") || $0.contains("paypal") } == false)
    }

    @Test func namedHostedZonesAndAuroraInstances() throws {
        let template = """
            Resources:
              Zone:
                Type: AWS::Route53::HostedZone
                Properties: {Name: internal.example.com, VPCs: [{VPCId: vpc-1, VPCRegion: us-east-1}]}
              Record:
                Type: AWS::Route53::RecordSet
                Properties: {HostedZoneName: internal.example.com., Name: db.internal.example.com, Type: CNAME, ResourceRecords: [!GetAtt Writer.Endpoint.Address]}
              SubA: {Type: AWS::EC2::Subnet, Properties: {AvailabilityZone: us-east-1a}}
              SubB: {Type: AWS::EC2::Subnet, Properties: {AvailabilityZone: us-east-1b}}
              Group:
                Type: AWS::RDS::DBSubnetGroup
                Properties: {SubnetIds: [!Ref SubA, !Ref SubB]}
              Cluster:
                Type: AWS::RDS::DBCluster
                Properties: {Engine: aurora-postgresql, DBSubnetGroupName: !Ref Group}
              Writer:
                Type: AWS::RDS::DBInstance
                Properties: {DBClusterIdentifier: !Ref Cluster, Engine: aurora-postgresql}

            """
        let fixture = Self.stack(template)
        let record = try #require(fixture.component("cfn:s/Record"), "\(fixture.topology.ids)")
        #expect(!record.isEntrypoint, "a record of a private zone named by its name")
        #expect(record.requirements.flatMap(\.alternatives) == ["cfn:s/Cluster"], "an Aurora instance stands for its cluster")
        let zones = fixture.component("cfn:s/Cluster")?.sites.flatMap(\.domains).map(\.id).filter { $0.hasPrefix("zone:") }.sorted()
        #expect(zones == ["zone:aws/us-east-1/us-east-1a", "zone:aws/us-east-1/us-east-1b"], "the subnet group's zones")
        #expect(!fixture.diagnostics.contains { $0.summary.contains("AWS::RDS") }, "\(fixture.diagnostics)")
    }

    /// CloudFormation takes the last of a key written twice; `Fn::ForEach` is left unexpanded;
    /// a template named like Helm values is a template; a broken JSON template is an error.
    @Test func templatesCloudFormationTakes() throws {
        let duplicates = """
            Resources:
              Queue: {Type: AWS::SQS::Queue, Properties: {VisibilityTimeout: 30, VisibilityTimeout: 60}}
              Bucket:
                Type: AWS::S3::Bucket
                Properties:
                  BucketName: a
                  BucketName: b
              Bucket:
                Type: AWS::S3::Bucket
                Properties:
                  BucketName: c
              Fn::ForEach::Topics: [Name, [x, y], {"Topic${Name}": {Type: AWS::SNS::Topic}}]

            """
        let facts = KubernetesReader().read(path: "t.yaml", bytes: Array(duplicates.utf8))
        let template = try #require(facts.cloudFormation, "\(facts.diagnostics)")
        #expect(template.resources.map(\.logicalID) == ["Queue", "Bucket"])
        #expect(template.resources.last?.properties?["BucketName"]?.string == "c")
        #expect(facts.diagnostics.filter { $0.severity == .warning }.compactMap(\.line).sorted() == [2, 3, 6], "\(facts.diagnostics)")
        #expect(facts.diagnostics.contains { $0.severity == .note && $0.line == 12 && $0.summary.contains("Fn::ForEach::Topics") })
        #expect(!facts.diagnostics.contains { $0.severity == .error })

        let values = HelmValuesReader().read(path: "stack_values.yaml", bytes: Array("Resources:\n  Q: {Type: AWS::SQS::Queue}\n".utf8))
        #expect(values.cloudFormation?.resources.count == 1 && values.helmValues == nil)

        let broken = CloudFormationReader().read(path: "cfn/app.json", bytes: Array(#"{"Resources": {"B": {"Type": "AWS::S3::Bucket"}"#.utf8))
        #expect(broken.diagnostics.contains { $0.severity == .error }, "\(broken.diagnostics)")
        #expect(CloudFormationReader().accepts(path: "aws/services/SNS/SNSTopic.json"))
        #expect(!CloudFormationReader().accepts(path: "web/node_modules/x/data.json") && !CloudFormationReader().accepts(path: "tsconfig.build.json"))
    }

    /// What a template makes without bound stays bounded: mappings are literals, and the text
    /// substitutions make is budgeted.
    @Test func hostileTemplatesAreBounded() throws {
        var mappings = "Mappings:\n  M:\n"
        for index in 0..<40 {
            mappings += "    k\(index): {v: !Join ['', [!FindInMap [M, k\(index + 1), v], !FindInMap [M, k\(index + 1), v]]]}\n"
        }
        mappings += "    k40: {v: end}\n"
        let chained = Self.stack(mappings + "Resources:\n  Fn:\n    Type: AWS::Lambda::Function\n    Properties:\n      Environment: {Variables: {A: !FindInMap [M, k0, v]}}\n")
        #expect(chained.component("cfn:s/Fn") != nil)

        var sub = "\"https://api.stripe.com\""
        for _ in 0..<16 { sub = "{\"Fn::Sub\": [\"${v}${v}${v}${v}\", {\"v\": \(sub)}]}" }
        let json = "{\"Resources\": {\"Fn\": {\"Type\": \"AWS::Lambda::Function\", \"Properties\": {\"Environment\": {\"Variables\": {\"A\": \(sub)}}}}}}"
        let nested = Self.stack(json, "cfn/t.json")
        #expect(nested.component("cfn:s/Fn") != nil, "\(nested.topology.ids)")
        #expect(nested.diagnostics.contains { $0.summary.contains("MB of text") }, "\(nested.diagnostics)")
    }

    /// An unknown account id leaves the rest of a URL or ARN readable; ARNs of one service in
    /// two regions are two endpoints.
    @Test func unknownPartsAndARNs() throws {
        let template = """
            Resources:
              Fn:
                Type: AWS::Lambda::Function
                Properties:
                  Environment:
                    Variables:
                      JOBS: !Sub 'https://sqs.us-east-2.amazonaws.com/${AWS::AccountId}/jobs'
                      ORDERS: arn:aws:dynamodb:us-east-2:123456789012:table/orders
                      USERS: !Sub arn:aws:dynamodb:eu-west-1:${AWS::AccountId}:table/users
                      NOWHERE: !Sub 'https://sqs.${AWS::AccountId}.amazonaws.com/x'

            """
        let fixture = Self.stack(template)
        let needs = Set(fixture.component("cfn:s/Fn")?.requirements.flatMap(\.alternatives) ?? [])
        #expect(needs == ["url:sqs.us-east-2.amazonaws.com", "url:arn:aws:dynamodb:us-east-2", "url:arn:aws:dynamodb:eu-west-1"], "\(needs)")
        #expect(fixture.isDown("cfn:s/Fn", when: "region:aws/eu-west-1") && fixture.isDown("cfn:s/Fn", when: "region:aws/us-east-2"))
        #expect(!fixture.topology.ids.contains { $0.contains("000000000000") })
    }

    /// An auto scaling group registered with a load balancer users reach serves them, in
    /// CloudFormation as in Terraform; behind an internal one it does not.
    @Test func autoScalingGroupsBehindLoadBalancers() throws {
        func template(scheme: String) -> String {
            """
            Resources:
              Balancer:
                Type: AWS::ElasticLoadBalancingV2::LoadBalancer
                Properties: {Scheme: \(scheme), Subnets: [subnet-1, subnet-2]}
              Group: {Type: AWS::ElasticLoadBalancingV2::TargetGroup}
              Listener:
                Type: AWS::ElasticLoadBalancingV2::Listener
                Properties: {LoadBalancerArn: !Ref Balancer, DefaultActions: [{Type: forward, TargetGroupArn: !Ref Group}]}
              Web:
                Type: AWS::AutoScaling::AutoScalingGroup
                Properties: {AvailabilityZones: [us-east-1a, us-east-1b], TargetGroupARNs: [!Ref Group], MinSize: "2", MaxSize: "4"}
              Classic:
                Type: AWS::ElasticLoadBalancing::LoadBalancer
                Properties: {AvailabilityZones: [us-east-1a]}
              Legacy:
                Type: AWS::AutoScaling::AutoScalingGroup
                Properties: {AvailabilityZones: [us-east-1a], LoadBalancerNames: [!Ref Classic]}
              Workers:
                Type: AWS::AutoScaling::AutoScalingGroup
                Properties: {AvailabilityZones: [us-east-1a]}

            """
        }
        let facing = Self.stack(template(scheme: "internet-facing"))
        #expect(facing.component("cfn:s/Web")?.isEntrypoint == true, "\(facing.topology.ids)")
        #expect(facing.component("cfn:s/Legacy")?.isEntrypoint == true)
        #expect(facing.component("cfn:s/Workers")?.isEntrypoint == false)
        #expect(!facing.diagnostics.contains { $0.summary.contains("aws_lb_listener") }, "\(facing.diagnostics)")
        let inside = Self.stack(template(scheme: "internal"))
        #expect(inside.component("cfn:s/Web")?.isEntrypoint == false)

        let terraform = """
            provider "aws" { region = "us-east-1" }
            resource "aws_lb" "web" { internal = false }
            resource "aws_lb_target_group" "web" {}
            resource "aws_lb_listener" "web" {
              load_balancer_arn = aws_lb.web.arn
              default_action {
                type             = "forward"
                target_group_arn = aws_lb_target_group.web.arn
              }
            }
            resource "aws_autoscaling_group" "web" {
              availability_zones = ["us-east-1a"]
              target_group_arns  = [aws_lb_target_group.web.arn]
            }

            """
        let fixture = TerraformFixture(["main.tf": terraform])
        #expect(fixture.component("tf:aws_autoscaling_group.web")?.isEntrypoint == true, "\(fixture.topology.ids)")
        #expect(fixture.isDown("tf:aws_autoscaling_group.web", when: "zone:aws/us-east-1/us-east-1a"))
    }

    /// What stands for an unknown part never names a bucket, a service, a region or a path-style bucket.
    @Test func unknownPartsNameNothingTheyHide() throws {
        let template = """
            Parameters:
              Bucket: {Type: String}
              Service: {Type: String}
            Resources:
              Fn:
                Type: AWS::Lambda::Function
                Properties:
                  Environment:
                    Variables:
                      A: !Sub "arn:aws:s3:::${Bucket}/*"
                      B: !Sub "arn:aws:${Service}:us-east-1:123456789012:thing"
                      C: !Sub "arn:aws:dynamodb:us-${Service}-1:123456789012:table/t"
                      D: !Sub "https://s3.us-west-2.amazonaws.com/${Bucket}/file"
                      E: !Sub "https://api.stripe.com/v1/${Bucket}"

            """
        let fixture = Self.stack(template)
        #expect(fixture.component("cfn:s/Fn")?.requirements.flatMap(\.alternatives) == ["url:api.stripe.com"], "\(fixture.topology.ids)")
        #expect(!fixture.topology.ids.contains { $0.contains("000000000000") })
        #expect(!fixture.diagnostics.contains { $0.summary.contains("000000000000") }, "\(fixture.diagnostics)")
    }

    /// Duplicate keys found where libyaml says, whatever the line endings and characters before them.
    @Test func duplicatesWithCRLFAndCombiningCharacters() throws {
        let crlf = "{\r\n  \"Resources\": {\r\n    \"Fn\": {\"Type\": \"AWS::Lambda::Function\", \"Properties\": {\"Handler\": \"h\", \"Handler\": \"h2\"}}\r\n  }\r\n}\r\n"
        let facts = CloudFormationReader().read(path: "stack.json", bytes: Array(crlf.utf8))
        #expect(facts.cloudFormation?.resources.first?.properties?["Handler"]?.string == "h2", "\(facts.diagnostics)")
        let accents = "Resources:\n  Q: {Type: AWS::SQS::Queue, Properties: {Name: \"e\u{301}e\u{301}\", Delay: 1, Delay: 2}}\n"
        let other = KubernetesReader().read(path: "t.yaml", bytes: Array(accents.utf8))
        #expect(other.cloudFormation?.resources.first?.properties?["Delay"]?.string == "2", "\(other.diagnostics)")
        let flags = "{\"Resources\": {\"Q\": {\"Type\": \"AWS::SQS::Queue\", \"Properties\": {\"Name\": \"🇫🇷🇩🇪\", \"Delay\": 1, \"Delay\": 2}}}}\n"
        let third = CloudFormationReader().read(path: "stack.json", bytes: Array(flags.utf8))
        #expect(third.cloudFormation?.resources.first?.properties?["Delay"]?.string == "2", "\(third.diagnostics)")
    }

    @Test func autoScalingAttachmentsAndNamedBalancers() throws {
        let terraform = """
            provider "aws" { region = "us-east-1" }
            resource "aws_lb" "web" { internal = false }
            resource "aws_lb_target_group" "web" {}
            resource "aws_lb_listener" "web" {
              load_balancer_arn = aws_lb.web.arn
              default_action {
                type             = "forward"
                target_group_arn = aws_lb_target_group.web.arn
              }
            }
            resource "aws_autoscaling_group" "attached" { availability_zones = ["us-east-1a"] }
            resource "aws_autoscaling_attachment" "web" {
              autoscaling_group_name = aws_autoscaling_group.attached.id
              lb_target_group_arn    = aws_lb_target_group.web.arn
            }
            resource "aws_autoscaling_group" "named" {
              availability_zones = ["us-east-1b"]
              load_balancers     = ["legacy-elb"]
            }

            """
        let fixture = TerraformFixture(["main.tf": terraform])
        #expect(fixture.component("tf:aws_autoscaling_group.attached")?.isEntrypoint == true, "\(fixture.topology.ids)")
        #expect(fixture.component("tf:aws_autoscaling_group.named")?.isEntrypoint == true)
        #expect(!fixture.diagnostics.contains { $0.summary.contains("aws_autoscaling_attachment") })
    }

    /// What instances download while booting is what a group needs to serve from a new
    /// instance: the boot scripts of a launch template, in CloudFormation and Terraform.
    @Test func bootScriptsAreRequirements() throws {
        let template = """
            Resources:
              Release:
                Type: AWS::S3::Bucket
                Properties: {BucketName: acme-releases}
              Template:
                Type: AWS::EC2::LaunchTemplate
                Properties:
                  LaunchTemplateData:
                    UserData:
                      Fn::Base64: !Sub |
                        #!/bin/bash
                        aws s3 cp s3://${Release}/app.zip /opt/app.zip
                        curl -fsSL -o /opt/agent.tgz https://github.com/acme/agent/releases/download/v1/agent.tgz
              Web:
                Type: AWS::AutoScaling::AutoScalingGroup
                Properties:
                  AvailabilityZones: [us-east-1a, us-east-1b]
                  LaunchTemplate: {LaunchTemplateId: !Ref Template, Version: !GetAtt Template.LatestVersionNumber}

            """
        let fixture = Self.stack(template)
        let web = try #require(fixture.component("cfn:s/Web"), "\(fixture.topology.ids)")
        #expect(Set(web.requirements.flatMap(\.alternatives)) == ["cfn:s/Release", "url:github.com"], "\(web.requirements)")
        #expect(fixture.isDown("cfn:s/Web", when: "service:aws/us-east-1/s3"))
        #expect(!fixture.diagnostics.contains { $0.summary.contains("LaunchTemplate") })

        let terraform = """
            provider "aws" { region = "eu-west-1" }
            resource "aws_s3_bucket" "release" { bucket = "acme-releases" }
            resource "aws_launch_template" "web" {
              user_data = base64encode("#!/bin/bash\\naws s3 cp s3://${aws_s3_bucket.release.bucket}/app.zip .\\n")
            }
            resource "aws_autoscaling_group" "web" {
              availability_zones = ["eu-west-1a", "eu-west-1b"]
              launch_template {
                id = aws_launch_template.web.id
              }
            }
            resource "aws_instance" "bastion" {
              availability_zone = "eu-west-1a"
              user_data         = "#!/bin/bash\\ncurl -o /tmp/k https://storage.googleapis.com/acme-keys/k\\n"
            }

            """
        let tf = TerraformFixture(["main.tf": terraform])
        #expect(tf.component("tf:aws_autoscaling_group.web")?.requirements.flatMap(\.alternatives) == ["tf:aws_s3_bucket.release"], "\(tf.topology.ids)")
        #expect(tf.component("tf:aws_autoscaling_group.web")?.requirements.first?.provenance?.line == 4)
        #expect(tf.component("tf:aws_instance.bastion")?.requirements.flatMap(\.alternatives) == ["url:storage.googleapis.com/acme-keys"])
        #expect(!tf.diagnostics.contains { $0.summary.contains("aws_launch_template") })
    }

    /// Comments name nothing an instance needs; words are read on their own, over any line
    /// endings; a null `user_data` beside `user_data_base64` is no script; a literal ELB name of
    /// the repository's internal ELB faces no one.
    @Test func bootScriptEdges() throws {
        let script = "#!/bin/bash\r\n# moved off https://api.stripe.com in 2023\r\naws s3 cp s3://${aws_s3_bucket.rel.bucket}/a.zip . && curl https://api.paypal.com/health\r\n"
        let terraform = """
            provider "aws" { region = "eu-west-1" }
            resource "aws_s3_bucket" "rel" { bucket = "acme-rel" }
            resource "aws_elb" "batch" {
              name               = "batch-internal"
              internal           = true
              availability_zones = ["eu-west-1a"]
            }
            resource "aws_instance" "web" {
              availability_zone = "eu-west-1a"
              user_data         = "\(script.replacingOccurrences(of: "\r\n", with: "\\r\\n"))"
            }
            resource "aws_instance" "both" {
              availability_zone = "eu-west-1a"
              user_data         = null
              user_data_base64  = base64encode("curl https://api.stripe.com/v1")
            }
            resource "aws_autoscaling_group" "batch" {
              availability_zones = ["eu-west-1a"]
              load_balancers     = ["batch-internal"]
            }

            """
        let fixture = TerraformFixture(["main.tf": terraform])
        let web = Set(fixture.component("tf:aws_instance.web")?.requirements.flatMap(\.alternatives) ?? [])
        #expect(web == ["tf:aws_s3_bucket.rel", "url:api.paypal.com"], "\(web) \(fixture.diagnostics)")
        #expect(fixture.component("tf:aws_instance.both")?.requirements.flatMap(\.alternatives) == ["url:api.stripe.com"])
        #expect(fixture.component("tf:aws_autoscaling_group.batch")?.isEntrypoint == false)
        // A script is read up to 64 KB: 6,553 lines of "echo step" and "echo s" of the next.
        let words = TopologyBuilder.bootScriptWords(String(repeating: "echo step\n", count: 100_000)).tupleValue ?? []
        let expected: Int = 2 * ((64 << 10) / 10) + 2
        #expect(words.count == expected)
    }

    /// An ECR image of the stack's own account names the repository of that name.
    @Test func ecrImagesOfAnUnknownAccount() throws {
        let template = """
            Resources:
              Repo:
                Type: AWS::ECR::Repository
                Properties: {RepositoryName: web}
              Task:
                Type: AWS::ECS::TaskDefinition
                Properties:
                  ContainerDefinitions:
                    - {Name: web, Image: !Sub "${AWS::AccountId}.dkr.ecr.${AWS::Region}.amazonaws.com/web:1.2"}
                    - {Name: side, Image: !Sub "${AWS::AccountId}.dkr.ecr.${AWS::Region}.amazonaws.com/other:1"}
              Service:
                Type: AWS::ECS::Service
                Properties: {TaskDefinition: !Ref Task}

            """
        let fixture = Self.stack(template)
        #expect(fixture.component("cfn:s/Service")?.requirements.flatMap(\.alternatives) == ["cfn:s/Repo"], "\(fixture.topology.ids)")
        #expect(fixture.isDown("cfn:s/Service", when: "service:aws/us-east-1/ecr"))
        #expect(!fixture.topology.ids.contains { $0.contains("000000000000") })
    }

    @Test func moreTypesAndQuieterNotes() throws {
        let template = """
            Parameters:
              Unused: {Type: String}
              Used: {Type: String}
            Resources:
              Files:
                Type: AWS::EFS::FileSystem
                Properties: {AvailabilityZoneName: us-east-1c}
              Broker:
                Type: AWS::AmazonMQ::Broker
                Properties: {DeploymentMode: SINGLE_INSTANCE, SubnetIds: [!Ref SubA]}
              SubA: {Type: AWS::EC2::Subnet, Properties: {AvailabilityZone: us-east-1a}}
              Graph:
                Type: AWS::AppSync::GraphQLApi
                Properties: {Name: graph}
              Fn:
                Type: AWS::Lambda::Function
                Properties: {Environment: {Variables: {X: !Ref Used}}}
              Connector: {Type: AWS::Serverless::Connector}

            """
        let fixture = Self.stack(template)
        #expect(fixture.component("cfn:s/Files")?.sites.flatMap(\.domains).map(\.id).contains("zone:aws/us-east-1/us-east-1c") == true)
        #expect(fixture.isDown("cfn:s/Broker", when: "zone:aws/us-east-1/us-east-1a"))
        #expect(fixture.component("cfn:s/Graph")?.isEntrypoint == true)
        let notes = fixture.diagnostics.filter { $0.severity == .note }
        #expect(notes.contains { $0.summary.contains("parameter Used") } && !notes.contains { $0.summary.contains("parameter Unused") }, "\(notes)")
        #expect(!notes.contains { $0.summary.contains("Connector") })
    }
}

/// A Serverless Framework service read as the stack the Framework deploys.
@Suite struct ServerlessFrameworkTests {
    static let service = """
        service: orders
        custom:
          table: orders-${sls:stage}
          env:
            PAYMENTS: https://api.stripe.com
        provider:
          name: aws
          stage: ${opt:stage, 'prod'}
          region: ${opt:region, 'eu-west-1'}
          environment: ${self:custom.env}
        functions:
          create-order:
            handler: handler.create
            environment:
              TABLE: ${self:custom.table}
            events:
              - http: {path: orders, method: post}
          get_order:
            handler: handler.get
            url: true
            environment:
              QUEUE: !Ref Jobs
              SEARCH: https://${ssm:/search/host}/x
          feed:
            handler: handler.feed
            events:
              - httpApi: GET /feed
        resources:
          Resources:
            Jobs:
              Type: AWS::SQS::Queue
              Properties: {QueueName: "${self:custom.table}-jobs"}
            Orders:
              Type: AWS::DynamoDB::Table
              Properties: {TableName: "${self:custom.table}"}

        """

    @Test func functionsEventsAndResources() throws {
        let fixture = TerraformFixture(["api/serverless.yml": Self.service])
        let rest = try #require(fixture.component("cfn:orders-prod/ApiGatewayRestApi"), "\(fixture.topology.ids)")
        #expect(rest.isEntrypoint && rest.requirements.flatMap(\.alternatives) == ["cfn:orders-prod/CreateDashorderLambdaFunction"])
        #expect(fixture.component("cfn:orders-prod/HttpApi")?.requirements.flatMap(\.alternatives) == ["cfn:orders-prod/FeedLambdaFunction"])
        #expect(fixture.component("cfn:orders-prod/GetUnderscoreorderLambdaFunctionUrl")?.isEntrypoint == true)
        let get = Set(fixture.component("cfn:orders-prod/GetUnderscoreorderLambdaFunction")?.requirements.flatMap(\.alternatives) ?? [])
        #expect(get == ["cfn:orders-prod/Jobs", "url:api.stripe.com"], "\(get)")
        // A setting holding a declared table's name needs the table.
        let create = Set(fixture.component("cfn:orders-prod/CreateDashorderLambdaFunction")?.requirements.flatMap(\.alternatives) ?? [])
        #expect(create == ["cfn:orders-prod/Orders", "url:api.stripe.com"], "\(create)")
        #expect(fixture.isDown("cfn:orders-prod/ApiGatewayRestApi", when: "service:aws/eu-west-1/dynamodb"))
        #expect(fixture.isDown("cfn:orders-prod/ApiGatewayRestApi", when: "service:aws/eu-west-1/lambda"))
        #expect(fixture.isDown("cfn:orders-prod/ApiGatewayRestApi", when: "saas:stripe"))
        #expect(!fixture.isDown("cfn:orders-prod/ApiGatewayRestApi", when: "region:aws/us-east-1"))
    }

    @Test func regionsAndProviders() throws {
        // Without a region the Framework deploys to us-east-1; an option without a fallback is not known.
        let plain = TerraformFixture(["serverless.yml": "service: a\nprovider: {name: aws}\nfunctions:\n  f: {handler: h, url: true}\n"])
        #expect(plain.isDown("cfn:a-dev/FLambdaFunctionUrl", when: "region:aws/us-east-1"), "\(plain.topology.ids)")
        let option = TerraformFixture(["serverless.yml": "service: a\nprovider: {name: aws, region: '${opt:region}'}\nfunctions:\n  f: {handler: h, url: true}\n"])
        #expect(option.component("cfn:a-dev/FLambdaFunction")?.sites.flatMap(\.domains).map(\.id) == ["unknown:region/aws"], "\(option.topology.ids)")
        #expect(option.diagnostics.contains { $0.summary.contains("region") && $0.detail.contains("serverless.yml deploys it without naming a region;") }, "\(option.diagnostics)")
        let google = TerraformFixture(["serverless.yml": "service: a\nprovider: {name: google}\nfunctions:\n  f: {handler: h}\n"])
        #expect(google.topology.ids.isEmpty && google.diagnostics.contains { $0.summary.contains("not AWS") })
    }
}

/// What a review of the Serverless Framework reader found.
@Suite struct ServerlessFrameworkEdgeTests {
    @Test func namesAreMatchedWithinTheirStackAndByTheSettingsName() throws {
        func root(_ region: String) -> String {
            """
            provider "aws" { region = "\(region)" }
            resource "aws_dynamodb_table" "orders" { name = "orders" }
            resource "aws_sqs_queue" "prod" { name = "prod" }
            resource "aws_lambda_function" "api" {
              environment {
                variables = { TABLE = "orders", STAGE = "prod" }
              }
            }

            """
        }
        let fixture = TerraformFixture(["dr/main.tf": root("us-west-2"), "prod/main.tf": root("us-east-1")])
        #expect(fixture.component("tf:dr/aws_lambda_function.api")?.requirements.flatMap(\.alternatives) == ["tf:dr/aws_dynamodb_table.orders"], "\(fixture.topology.ids)")
        #expect(fixture.component("tf:prod/aws_lambda_function.api")?.requirements.flatMap(\.alternatives) == ["tf:prod/aws_dynamodb_table.orders"])
        // A name only one root declares is found from another (a Serverless service beside Terraform's tables).
        let split = TerraformFixture([
            "infra/main.tf": "provider \"aws\" { region = \"eu-west-1\" }\nresource \"aws_dynamodb_table\" \"users\" { name = \"users-prod\" }\n",
            "svc/serverless.yml": "service: s\nprovider: {name: aws, stage: prod, environment: {USERS_TABLE: 'users-${sls:stage}'}}\nfunctions:\n  f: {handler: h}\n",
        ])
        #expect(split.component("cfn:s-prod/FLambdaFunction")?.requirements.flatMap(\.alternatives) == ["tf:infra/aws_dynamodb_table.users"], "\(split.topology.ids)")
    }

    @Test func variablesStayBoundedAndResolveInsidePaths() throws {
        var custom = "custom:\n  eu: {region: eu-central-1}\n"
        for index in 0..<9 { custom += "  a\(index): \"" + String(repeating: "${self:custom.a\(index + 1)}", count: 10) + "\"\n" }
        custom += "  a9: x\n"
        let service = custom + """
            service: s
            provider:
              name: aws
              stage: eu
              region: ${self:custom.${sls:stage}.region}
              environment: {A: "${self:custom.a0}", B: "${sls:stage}"}
            functions:
              f: {handler: h, url: true}

            """
        let fixture = TerraformFixture(["serverless.yml": service])
        #expect(fixture.isDown("cfn:s-eu/FLambdaFunctionUrl", when: "region:aws/eu-central-1"), "\(fixture.topology.ids)")
        // Lists of references to lists double at each level: bounded.
        var lists = "service: d\ncustom:\n"
        for index in 0..<30 { lists += "  l\(index): ['${self:custom.l\(index + 1)}', '${self:custom.l\(index + 1)}']\n" }
        lists += "  l30: [x]\nprovider: {name: aws, environment: {X: '${self:custom.l0}'}}\nfunctions:\n  f: {handler: h}\n"
        let doubled = TerraformFixture(["serverless.yml": lists])
        #expect(doubled.component("cfn:d-dev/FLambdaFunction") != nil)
        #expect(doubled.diagnostics.contains { $0.severity == .warning && $0.summary.contains("variables nest or repeat") }, "\(doubled.diagnostics)")
        let circular = TerraformFixture(["serverless.yml": "service: s\nprovider: {name: aws, stage: '${sls:stage}', region: '${opt:region, self:provider.region}'}\nfunctions:\n  f: {handler: h}\n"])
        #expect(!circular.topology.ids.contains { $0.contains("${") }, "\(circular.topology.ids)")
        #expect(!circular.topology.components.values.flatMap(\.sites).flatMap(\.domains).contains { $0.id.contains("${") })
    }

    @Test func eventsAndProviders() throws {
        let service = """
            service: chat
            provider: {name: aws, region: eu-west-1, endpointType: PRIVATE, stackName: chat-stack}
            functions:
              connect:
                handler: h
                events: [{websocket: {route: $connect}}, {http: GET /health}]

            """
        let fixture = TerraformFixture(["serverless.yml": service])
        #expect(fixture.component("cfn:chat-stack/WebsocketsApi")?.isEntrypoint == true, "\(fixture.topology.ids)")
        #expect(fixture.component("cfn:chat-stack/ApiGatewayRestApi")?.isEntrypoint == false, "a PRIVATE REST API faces no users")
        let shared = TerraformFixture(["serverless.yml": "service: s\nprovider: {name: aws, apiGateway: {restApiId: abc123}}\nfunctions:\n  f: {handler: h, events: [{http: GET /x}]}\n"])
        // A shared API of another service is stood for by the service's own: the function behind it faces users.
        #expect(shared.component("cfn:s-dev/ApiGatewayRestApi")?.requirements.flatMap(\.alternatives) == ["cfn:s-dev/FLambdaFunction"], "\(shared.topology.ids)")
        let google = TerraformFixture(["serverless.yml": "service: g\nprovider: google\nfunctions:\n  f: {handler: h}\n"])
        #expect(google.topology.ids.isEmpty)
        let listed = ServerlessFrameworkReader().read(path: "serverless.yml", bytes: Array("service: l\nprovider: {name: aws}\nfunctions:\n  - ${file(fns.yml)}\nresources:\n  - ${file(res.yml)}\n".utf8))
        #expect(listed.diagnostics.filter { $0.severity == .note }.compactMap(\.line) == [4, 6], "\(listed.diagnostics)")
    }
}
