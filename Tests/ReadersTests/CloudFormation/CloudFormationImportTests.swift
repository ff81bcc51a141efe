import Model
import Testing

@testable import Readers

/// Cross-stack references: `Fn::ImportValue` gives what a stack of the commit exports under
/// that name in the same region, so a service stack importing its database's address from a
/// data stack needs that database.
@Suite struct CloudFormationImportTests {
    static let data = """
        AWSTemplateFormatVersion: "2010-09-09"
        Resources:
          Database:
            Type: AWS::RDS::DBInstance
            Properties:
              Engine: postgres
              MultiAZ: false
        Outputs:
          Endpoint:
            Value: !GetAtt Database.Endpoint.Address
            Export:
              Name: !Sub "${AWS::StackName}-db-endpoint"

        """

    static let service = """
        Parameters:
          DataStack: {Type: String, Default: shop-data}
        Resources:
          Api:
            Type: AWS::Lambda::Function
            Properties:
              Runtime: python3.12
              Environment:
                Variables:
                  DB_HOST:
                    Fn::ImportValue: !Sub "${DataStack}-db-endpoint"
          Url:
            Type: AWS::Lambda::Url
            Properties:
              TargetFunctionArn: !GetAtt Api.Arn
              AuthType: NONE

        """

    static func config(_ stacks: [(template: String, region: String, name: String)]) -> String {
        "stacks:\n" + stacks.map { "  - {template: \($0.template), region: \($0.region), name: \($0.name)}\n" }.joined()
    }

    @Test func anImportNeedsWhatTheExportNames() throws {
        let fixture = TerraformFixture([
            "infra/data.yaml": Self.data, "infra/service.yaml": Self.service,
            ".faultline.yaml": Self.config([("infra/data.yaml", "us-east-1", "shop-data"), ("infra/service.yaml", "us-east-1", "shop-api")]),
        ])
        let api = try #require(fixture.component("cfn:shop-api/Api"), "\(fixture.topology.ids)")
        #expect(api.requirements.flatMap(\.alternatives).contains("cfn:shop-data/Database"), "\(api.requirements)")
        #expect(api.requirements.first { $0.alternatives == ["cfn:shop-data/Database"] }?.provenance?.line == 10)
        // The user-facing URL goes down with the database's single zone.
        #expect(fixture.isDown("cfn:shop-api/Url", when: "service:aws/us-east-1/rds"))
        #expect(!fixture.diagnostics.contains { $0.summary.contains("imports") }, "\(fixture.diagnostics)")
    }

    /// Exports are per region: a data stack in another region answers nothing, and the note
    /// says where the export is.
    @Test func exportsArePerRegion() throws {
        let fixture = TerraformFixture([
            "infra/data.yaml": Self.data, "infra/service.yaml": Self.service,
            ".faultline.yaml": Self.config([("infra/data.yaml", "eu-west-1", "shop-data"), ("infra/service.yaml", "us-east-1", "shop-api")]),
        ])
        let api = try #require(fixture.component("cfn:shop-api/Api"), "\(fixture.topology.ids)")
        #expect(!api.requirements.flatMap(\.alternatives).contains("cfn:shop-data/Database"))
        let notes = fixture.diagnostics.filter { $0.summary.contains("imports shop-data-db-endpoint") }
        #expect(notes.count == 1 && notes.first?.path == "infra/service.yaml" && notes.first?.line == 11, "\(fixture.diagnostics)")
        #expect(notes.first?.detail.contains("eu-west-1") == true, "\(notes)")
    }

    /// An export made of an import (a shared network stack's value passed on) is followed
    /// through the chain; an import of a name nothing exports, and one whose name is not
    /// known, are notes at their lines.
    @Test func chainsAndMissingExports() throws {
        let relay = """
            Resources:
              Queue: {Type: AWS::SQS::Queue}
            Outputs:
              Database:
                Value: !ImportValue shop-data-db-endpoint
                Export: {Name: relay-db}

            """
        let consumer = """
            Resources:
              Worker:
                Type: AWS::Lambda::Function
                Properties:
                  Environment:
                    Variables:
                      DB: !ImportValue relay-db
                      CACHE: !ImportValue nowhere
                      SECRET: {"Fn::ImportValue": {"Fn::Sub": "${AWS::AccountId}-secret"}}

            """
        let fixture = TerraformFixture([
            "a/consumer.yaml": consumer, "b/relay.yaml": relay, "c/data.yaml": Self.data,
            ".faultline.yaml": Self.config([
                ("a/consumer.yaml", "us-east-1", "consumer"), ("b/relay.yaml", "us-east-1", "relay"), ("c/data.yaml", "us-east-1", "shop-data"),
            ]),
        ])
        let worker = try #require(fixture.component("cfn:consumer/Worker"), "\(fixture.topology.ids)")
        #expect(worker.requirements.flatMap(\.alternatives).contains("cfn:shop-data/Database"), "\(worker.requirements)")
        let notes = fixture.diagnostics.filter { $0.summary.contains("imports") }
        #expect(notes.map(\.line) == [8, 9], "\(notes)")
        #expect(notes.allSatisfy { $0.severity == .note && $0.path == "a/consumer.yaml" })
        #expect(notes.first?.summary.contains("nowhere") == true)
    }

    /// Two stacks exporting one name in a region: CloudFormation refuses the second, and
    /// imports read the first's; an export feeding itself stops after a bounded number of
    /// rounds with a warning.
    @Test func clashesAndLoopsAreBounded() throws {
        let second = Self.data.replacingOccurrences(of: "${AWS::StackName}", with: "shop-data")
        let clash = TerraformFixture([
            "infra/data.yaml": Self.data, "infra/copy.yaml": second, "infra/service.yaml": Self.service,
            ".faultline.yaml": Self.config([
                ("infra/data.yaml", "us-east-1", "shop-data"), ("infra/copy.yaml", "us-east-1", "copy"), ("infra/service.yaml", "us-east-1", "shop-api"),
            ]),
        ])
        let warnings = clash.diagnostics.filter { $0.summary.contains("exports shop-data-db-endpoint") }
        #expect(warnings.count == 1 && warnings.first?.severity == .warning, "\(clash.diagnostics)")
        let api = try #require(clash.component("cfn:shop-api/Api"))
        #expect(api.requirements.flatMap(\.alternatives).filter { $0.hasSuffix("/Database") }.count == 1, "\(api.requirements)")

        let growing = """
            Resources:
              Topic: {Type: AWS::SNS::Topic}
            Outputs:
              Name:
                Value: !Sub ["${Before}-x", {Before: !ImportValue grows}]
                Export: {Name: grows}

            """
        let loop = TerraformFixture(["g.yaml": growing, ".faultline.yaml": Self.config([("g.yaml", "us-east-1", "g")])])
        let loops = loop.diagnostics.filter { $0.summary.contains("still changed after 8 rounds") }
        #expect(loops.count == 1 && loops.first?.path == "g.yaml", "\(loop.diagnostics)")
    }
}

/// A Serverless service reading another stack's outputs (`${cf:STACK.OUTPUT}`) needs what
/// those outputs name, when that stack is the repository's.
@Suite struct ServerlessStackOutputTests {
    static let data = """
        Resources:
          Database:
            Type: AWS::RDS::DBInstance
            Properties: {Engine: postgres, MultiAZ: false}
          Orders:
            Type: AWS::DynamoDB::Table
        Outputs:
          DbHost:
            Value: !GetAtt Database.Endpoint.Address
          OrdersTable:
            Value: !Ref Orders

        """

    static let service = """
        service: shop-api
        provider:
          name: aws
          region: eu-west-1
          stage: prod
          environment:
            DB_URL: postgres://${cf:shop-data-${sls:stage}.DbHost}:5432/shop
        custom:
          table: ${cf:shop-data-prod.OrdersTable}
        functions:
          orders:
            handler: app.handler
            environment:
              TABLE: ${self:custom.table}
              OTHER: ${cf(us-west-2):elsewhere.Thing}
              WRONG: ${cf:shop-data-prod}
            events:
              - httpApi: {path: /orders, method: get}
        resources:
          Resources:
            Alarm:
              Type: AWS::SNS::Topic
              Properties:
                TopicName: !Sub "alarms-${cf:shop-data-prod.OrdersTable}"

        """

    @Test func outputsOfTheRepositorysStacksAreRead() throws {
        let fixture = TerraformFixture([
            "infra/data.yaml": Self.data, "api/serverless.yml": Self.service,
            ".faultline.yaml": "stacks:\n  - {template: infra/data.yaml, region: eu-west-1, name: shop-data-prod}\n",
        ])
        let function = try #require(fixture.component("cfn:shop-api-prod/OrdersLambdaFunction"), "\(fixture.topology.ids)")
        let needs = function.requirements.flatMap(\.alternatives)
        #expect(needs.contains("cfn:shop-data-prod/Database") && needs.contains("cfn:shop-data-prod/Orders"), "\(function.requirements)")
        #expect(fixture.isDown("cfn:shop-api-prod/HttpApi", when: "service:aws/eu-west-1/rds"))
        // The one output no stack gives is a note at its line; `${cf:STACK}` without an output is unknown.
        let notes = fixture.diagnostics.filter { $0.summary.contains("reads output") }
        #expect(notes.count == 1 && notes.first?.line == 15 && notes.first?.summary.contains("us-west-2") == true, "\(fixture.diagnostics)")
    }

    /// Without the data stack's name (no stacks: entry), its outputs are not found: the
    /// function needs nothing of it, and each output read is a note.
    @Test func anUnnamedStackGivesNoOutputs() throws {
        let fixture = TerraformFixture(["infra/data.yaml": Self.data, "api/serverless.yml": Self.service])
        let function = try #require(fixture.component("cfn:shop-api-prod/OrdersLambdaFunction"), "\(fixture.topology.ids)")
        #expect(!function.requirements.flatMap(\.alternatives).contains { $0.hasPrefix("cfn:infra/data.yaml/") }, "\(function.requirements)")
        let notes = fixture.diagnostics.filter { $0.summary.contains("reads output") }
        #expect(Set(notes.compactMap(\.line)) == [7, 14, 15], "\(notes)")
    }

    @Test func variablesThatAreNotOutputs() {
        #expect(CloudFormationStackOutput(variable: "cf:a.b", region: "eu-west-1") == .init(region: "eu-west-1", stack: "a", output: "b"))
        #expect(CloudFormationStackOutput(variable: "cf(us-east-1):a.b", region: "eu-west-1")?.region == "us-east-1")
        #expect(CloudFormationStackOutput(variable: "cf:a", region: nil) == nil)
        #expect(CloudFormationStackOutput(variable: "cf:.b", region: nil) == nil)
        #expect(CloudFormationStackOutput(variable: "ssm:/a/b", region: nil) == nil)
        let output = CloudFormationStackOutput(region: nil, stack: "s", output: "o")
        #expect(CloudFormationStackOutput.pieces(of: "x" + output.placeholder() + "y") == [.text("x"), .output(output, fallback: nil), .text("y")])
        #expect(CloudFormationStackOutput.pieces(of: output.placeholder(fallback: "")) == [.output(output, fallback: "")])
        #expect(CloudFormationStackOutput.pieces(of: "plain") == nil)
    }
}

/// Templates whose stacks' regions are not known (a repository of examples) may export one
/// name each: no clash is claimed, and an import of the name finds neither.
@Suite struct UnknownRegionExportTests {
    @Test func exportsOfStacksInUnknownRegionsDoNotClash() throws {
        let exporting = """
            Resources:
              Queue: {Type: AWS::SQS::Queue}
            Outputs:
              Url:
                Value: !Ref Queue
                Export: {Name: queue}

            """
        let importing = """
            Resources:
              Worker:
                Type: AWS::Lambda::Function
                Properties:
                  Environment: {Variables: {QUEUE: !ImportValue queue}}

            """
        let fixture = TerraformFixture(["a/template.yaml": exporting, "b/template.yaml": exporting, "c/template.yaml": importing])
        #expect(!fixture.diagnostics.contains { $0.severity == .warning }, "\(fixture.diagnostics)")
        let worker = try #require(fixture.component("cfn:c/template.yaml/Worker"), "\(fixture.topology.ids)")
        #expect(!worker.requirements.flatMap(\.alternatives).contains { $0.hasSuffix("/Queue") }, "\(worker.requirements)")
        #expect(fixture.diagnostics.contains { $0.summary.contains("imports queue") && $0.line == 5 })
        // One exporter alone is found, in the same unknown region.
        let single = TerraformFixture(["a/template.yaml": exporting, "c/template.yaml": importing])
        let found = try #require(single.component("cfn:c/template.yaml/Worker"))
        #expect(found.requirements.flatMap(\.alternatives).contains("cfn:a/template.yaml/Queue"), "\(found.requirements)")
    }
}

/// What a review of cross-stack references found.
@Suite struct CrossStackReviewTests {
    static func config(_ stacks: [(String, String)], region: String = "us-east-1") -> String {
        "stacks:\n" + stacks.map { "  - {template: \($0.0), region: \(region), name: \($0.1)}\n" }.joined()
    }

    static let table = """
        Resources:
          Table: {Type: AWS::DynamoDB::Table}
        Outputs:
          Name:
            Value: !Ref Table
            Export: {Name: shop-orders-table}

        """

    /// An output made of an import (a nested stack's, or one read by `${cf:…}`) is an import
    /// of its stack too: it is worked out in the next round.
    @Test func outputsMadeOfImports() throws {
        let parent = """
            Resources:
              Child:
                Type: AWS::CloudFormation::Stack
                Properties: {TemplateURL: child.yaml}
              Fn:
                Type: AWS::Lambda::Function
                Properties:
                  Environment: {Variables: {TABLE: !GetAtt Child.Outputs.Table}}
            Outputs:
              Table:
                Value: !ImportValue shop-orders-table

            """
        let child = "Resources:\n  Topic: {Type: AWS::SNS::Topic}\nOutputs:\n  Table:\n    Value: !ImportValue shop-orders-table\n"
        let service = """
            service: reader
            provider: {name: aws, region: us-east-1, stage: prod}
            functions:
              read:
                handler: x.y
                environment:
                  TABLE: ${cf:shop-app.Table}
                  MISSING: ${cf:nowhere.Thing}
                  FALLBACK: ${cf:nowhere.Host, 'abc123.execute-api.us-west-2.amazonaws.com'}

            """
        let fixture = TerraformFixture([
            "data/table.yaml": Self.table, "app/parent.yaml": parent, "app/child.yaml": child, "sls/serverless.yml": service,
            ".faultline.yaml": Self.config([("data/table.yaml", "shop-data"), ("app/parent.yaml", "shop-app")]),
        ])
        let function = try #require(fixture.component("cfn:shop-app/Fn"), "\(fixture.topology.ids)")
        #expect(function.requirements.flatMap(\.alternatives).contains("cfn:shop-data/Table"), "\(function.requirements)")
        let reader = try #require(fixture.component("cfn:reader-prod/ReadLambdaFunction"), "\(fixture.topology.ids)")
        let needs = reader.requirements.flatMap(\.alternatives)
        #expect(needs.contains("cfn:shop-data/Table"), "\(reader.requirements)")
        // The fallback stands where no stack gives the output; the other is a note.
        #expect(needs.contains { $0.contains("execute-api.us-west-2") }, "\(needs)")
        let notes = fixture.diagnostics.filter { $0.summary.contains("reads output") }
        #expect(notes.map(\.line) == [8], "\(notes)")
    }

    /// A parameter without a value that only an output passes on is no note: no resource needs
    /// it (one an import's name needs is, as before).
    @Test func parametersOnlyOutputsUseAreQuiet() {
        let template = """
            Parameters:
              Passed: {Type: String}
              Parent: {Type: String}
            Resources:
              Fn:
                Type: AWS::Lambda::Function
                Properties:
                  Environment: {Variables: {VPC: !ImportValue {"Fn::Sub": "${Parent}-VPC"}}}
            Outputs:
              Passed:
                Value: !Ref Passed

            """
        let fixture = TerraformFixture(["t.yaml": template, ".faultline.yaml": Self.config([("t.yaml", "s")])])
        let notes = fixture.diagnostics.filter { $0.summary.hasPrefix("parameter ") }.map(\.summary)
        #expect(notes.count == 1 && notes.first?.contains("Parent") == true, "\(fixture.diagnostics)")
    }

    /// The Framework's own names are never another stack's output: the stack is then unnamed.
    @Test func outputsNameNoStackOrRegion() throws {
        let service = """
            service: ${cf:naming.ServiceName}
            provider: {name: aws, region: "${cf:naming.Region}", endpointType: "${cf:naming.Type}"}
            functions:
              api:
                handler: x.y
                events: [{http: {path: /, method: get}}]

            """
        let fixture = TerraformFixture(["serverless.yml": service])
        #expect(fixture.topology.ids.contains("cfn:serverless.yml/ApiLambdaFunction"), "\(fixture.topology.ids)")
        let text = fixture.topology.ids.joined() + fixture.diagnostics.map { $0.summary + $0.detail }.joined()
        #expect(!text.contains("\u{E000}") && !text.contains("\u{1F}"), "\(text)")
    }

    /// Imports are charged to the importing stack's text budget where they are used: a large
    /// export joined many times stops at the budget instead of taking gigabytes.
    @Test func importsCountAgainstTheBudget() throws {
        let comma = String(repeating: ",", count: 64 << 10)
        let exporting = "Resources:\n  T: {Type: AWS::SNS::Topic}\nOutputs:\n  Big:\n    Value: !Join [\"\(comma)\", [" + Array(repeating: "\"\"", count: 300).joined(separator: ", ") + "]]\n    Export: {Name: big}\n"
        let importing = "Resources:\n  Fn:\n    Type: AWS::Lambda::Function\n    Properties:\n      Environment: {Variables: {V: !Join [\"\", [" + Array(repeating: "!ImportValue big", count: 40).joined(separator: ", ") + "]]}}\n"
        let fixture = TerraformFixture(["exp.yaml": exporting, "app.yaml": importing, ".faultline.yaml": Self.config([("exp.yaml", "exp"), ("app.yaml", "app")])])
        #expect(fixture.diagnostics.contains { $0.path == "app.yaml" && $0.summary.contains("MB of text") }, "\(fixture.diagnostics.map(\.summary))")
    }

    /// A chain longer than the rounds is a warning where an export still changed; exports
    /// passing each other's value in a loop are unknown, without a warning; one stack
    /// exporting a name twice says so.
    @Test func longChainsLoopsAndTwiceExported() throws {
        var files = ["s0.yaml": "Resources:\n  Table: {Type: AWS::DynamoDB::Table}\nOutputs:\n  O:\n    Value: !Ref Table\n    Export: {Name: e0}\n"]
        var stacks = [("s0.yaml", "s0")]
        for index in 1...8 {
            files["s\(index).yaml"] = "Resources:\n  T: {Type: AWS::SNS::Topic}\nOutputs:\n  O:\n    Value: !ImportValue e\(index - 1)\n    Export: {Name: e\(index)}\n"
            stacks.append(("s\(index).yaml", "s\(index)"))
        }
        files[".faultline.yaml"] = Self.config(stacks)
        let chain = TerraformFixture(files)
        let warnings = chain.diagnostics.filter { $0.summary.contains("rounds") }
        // The last re-export still changing when the rounds ran out.
        #expect(warnings.count == 1 && warnings.first?.path == "s7.yaml" && warnings.first?.line == 6, "\(chain.diagnostics)")

        let a = "Resources:\n  T: {Type: AWS::SNS::Topic}\nOutputs:\n  X:\n    Value: !ImportValue y\n    Export: {Name: x}\n"
        let b = "Resources:\n  T: {Type: AWS::SNS::Topic}\nOutputs:\n  Y:\n    Value: !ImportValue x\n    Export: {Name: y}\n"
        let loop = TerraformFixture(["a.yaml": a, "b.yaml": b, ".faultline.yaml": Self.config([("a.yaml", "a"), ("b.yaml", "b")])])
        #expect(!loop.diagnostics.contains { $0.severity == .warning }, "\(loop.diagnostics)")

        let twice = Self.table + "  Again:\n    Value: !Ref Table\n    Export: {Name: shop-orders-table}\n"
        let doubled = TerraformFixture(["t.yaml": twice, ".faultline.yaml": Self.config([("t.yaml", "d1")])])
        #expect(doubled.diagnostics.map(\.summary).contains("stack d1 exports shop-orders-table twice"), "\(doubled.diagnostics)")
    }
}
