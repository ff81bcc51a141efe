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
        #expect(bucket.kind == .bucket && bucket.provenance.first?.path == "infra/ui.yaml" && bucket.provenance.first?.line == 7)
        let distribution = try #require(fixture.component("cfn:weave-ui/Distribution"))
        #expect(distribution.isEntrypoint)
        #expect(distribution.requirements.flatMap(\.alternatives) == ["cfn:weave-ui/AssetsBucket"])
        #expect(distribution.requirements.first?.provenance?.line == 17)
        #expect(fixture.isDown("cfn:weave-ui/Distribution", when: "service:aws/us-east-1/s3"))
        #expect(!fixture.isDown("cfn:weave-ui/Distribution", when: "service:aws/us-west-2/s3"))
        #expect(fixture.diagnostics.isEmpty, "\(fixture.diagnostics)")
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

    /// Without a declared stack the region is unknown: one note for the template, and the
    /// resources in the unknown region domain, never dropped.
    @Test func aTemplateWithoutAStackIsInAnUnknownRegion() throws {
        let fixture = TerraformFixture(["infra/ui.yaml": Self.assets])
        let bucket = try #require(fixture.component("cfn:infra/ui.yaml/AssetsBucket"), "\(fixture.topology.ids)")
        #expect(bucket.sites.flatMap(\.domains).map(\.id) == ["unknown:region/aws"])
        let notes = fixture.diagnostics.filter { $0.summary.contains("region") }
        #expect(notes.count == 1 && notes.first?.path == "infra/ui.yaml" && notes.first?.severity == .note, "\(fixture.diagnostics)")
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
                Properties: {Name: app.example.com, Type: A, Failover: PRIMARY, AliasTarget: {DNSName: !GetAtt Balancer.DNSName}}
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

            """
        let facts = RepoConfigReader().read(path: ".faultline.yaml", bytes: Array(config.utf8))
        let lines = facts.diagnostics.filter { $0.severity == .error }.map(\.line)
        #expect(lines == [2, 3, 4, 6], "\(facts.diagnostics)")
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
              image: public.ecr.aws/sam/build-python3.12
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
    }
}
