import HCL
import Model
import Testing

@testable import Readers

/// `file()` and `templatefile()`: a module reads files of the commit, and what they hold is
/// part of the module.
@Suite struct TerraformFileFunctionsTests {
    static let provider = "provider \"aws\" {\n  region = \"us-east-1\"\n}\n"

    /// Paths resolve from the file's folder as Terraform resolves them; none leaves the
    /// repository, none is absolute, and a Windows separator is no path. A file's reads are
    /// the same when asked again (they are kept by folder and reads).
    @Test func pathsResolveFromTheFolderAndStayInTheRepository() {
        let cases: [(String, String, String?)] = [
            ("files/a.json", "env/prod", "env/prod/files/a.json"),
            ("./a//b/../c.tpl", "env/prod", "env/prod/a/c.tpl"),
            ("../../root.hcl", "env/prod", "root.hcl"),
            ("../../../root.hcl", "env/prod", nil),
            ("..", "env", nil),
            ("/etc/passwd", "env", nil),
            ("a\\b.txt", "env", nil),
            ("", "env", nil),
            ("a.txt", "", "a.txt"),
        ]
        for (relative, folder, expected) in cases {
            #expect(TerraformFiles.resolve(relative, from: folder) == expected, "\(relative) from \(folder)")
        }
        let fact = TerraformFileFact(role: .terragrunt, body: Body(range: SourceRange(at: SourcePosition(line: 1, column: 1, byte: 0))), reads: ["../../root.hcl", "../../../root.hcl", "../env.hcl", "tpl/x.json"])
        let first = TerraformFiles.reads(of: fact, at: "live/prod/app/terragrunt.hcl")
        #expect(first == ["live/prod/app/tpl/x.json", "live/prod/env.hcl", "live/root.hcl", "root.hcl"])
        #expect(TerraformFiles.reads(of: fact, at: "live/prod/app/terragrunt.hcl") == first)
        #expect(TerraformFiles.reads(of: fact, at: "other/terragrunt.hcl") == ["env.hcl", "other/tpl/x.json"])
    }

    /// An ECS service in two zones behind a load balancer, whose task definition is `DEFINITION`.
    static func service(definition: String) -> String {
        provider + """
            resource "aws_subnet" "a" { availability_zone = "us-east-1a" }
            resource "aws_subnet" "b" { availability_zone = "us-east-1b" }
            resource "aws_ecs_cluster" "main" { name = "main" }
            resource "aws_ecr_repository" "web" { name = "web" }
            resource "aws_ecs_task_definition" "web" {
              family = "web"
              container_definitions = \(definition)
            }
            resource "aws_ecs_service" "web" {
              cluster = aws_ecs_cluster.main.id
              task_definition = aws_ecs_task_definition.web.arn
              network_configuration { subnets = [aws_subnet.a.id, aws_subnet.b.id] }
              load_balancer {
                container_name = "web"
                container_port = 80
              }
            }
            """
    }

    static let definitionJSON = """
        [{"name": "web", "image": "nginx:1.25",
          "environment": [{"name": "ASSETS_URL", "value": "https://web-assets.s3.amazonaws.com/"}]}]
        """

    /// The task definition's containers, read from a JSON file beside the module.
    @Test func aTaskDefinitionReadWithFileRunsItsImagesAndNeedsItsEnvironment() throws {
        let fixture = TerraformFixture([
            "infra/main.tf": Self.service(definition: "file(\"${path.module}/task-definitions/web.json\")"),
            "infra/task-definitions/web.json": Self.definitionJSON,
        ])
        let web = "tf:infra/aws_ecs_service.web"
        let needs = try #require(fixture.component(web)).requirements.flatMap(\.alternatives)
        #expect(needs.contains("image:docker.io/library/nginx"))
        #expect(needs.contains("url:web-assets.s3.amazonaws.com"))
        #expect(fixture.isDown(web, when: "service:aws/us-east-1/s3"))
        // Without the file, as before: the containers are unknown.
        let without = TerraformFixture(["infra/main.tf": Self.service(definition: "file(\"${path.module}/task-definitions/web.json\")")])
        let unknown = try #require(without.component(web)).requirements.flatMap(\.alternatives)
        #expect(!unknown.contains("url:web-assets.s3.amazonaws.com"))
        #expect(!without.isDown(web, when: "service:aws/us-east-1/s3"))
    }

    /// A template filled in with the module's values: the image names the repository's ECR
    /// repository, and a `%{ for }` directive writes the environment.
    @Test func aTemplateFileIsFilledInWithItsVariables() throws {
        let template = """
            [{"name": "web", "image": "${image}",
              "environment": [
            %{ for name, value in environment ~}
                {"name": "${name}", "value": "${value}"}
            %{ endfor ~}
              ]}]
            """
        let call = """
            templatefile("${path.module}/templates/web.json.tftpl", {
                image = "${aws_ecr_repository.web.repository_url}:1"
                environment = { ASSETS_URL = "https://web-assets.s3.amazonaws.com/" }
              })
            """
        let fixture = TerraformFixture(["infra/main.tf": Self.service(definition: call), "infra/templates/web.json.tftpl": template])
        let needs = try #require(fixture.component("tf:infra/aws_ecs_service.web")).requirements.flatMap(\.alternatives)
        #expect(needs.contains("tf:infra/aws_ecr_repository.web"))
        #expect(needs.contains("url:web-assets.s3.amazonaws.com"))
    }

    /// A variable known only at apply (a data source's repository) leaves the rest of the
    /// template known, as `jsonencode` does.
    @Test func aTemplateWithAnUnknownVariableKeepsWhatItKnows() throws {
        let template = #"[{"name": "web", "image": "${image}", "environment": [{"name": "ASSETS_URL", "value": "${assets}"}]}]"#
        let call = """
            templatefile("${path.module}/web.json.tftpl", {
                image = "${data.aws_ecr_repository.web.repository_url}:1"
                assets = "https://web-assets.s3.amazonaws.com/"
              })
            """
        let fixture = TerraformFixture(["infra/main.tf": Self.service(definition: call), "infra/web.json.tftpl": template])
        #expect(fixture.isDown("tf:infra/aws_ecs_service.web", when: "service:aws/us-east-1/s3"))
    }

    /// A condition on a variable known only at apply is not decided: the part it governs
    /// stands as unknown, not as one of its branches.
    @Test func aConditionOnAnUnknownVariableIsNotDecided() throws {
        let bucket = "https://web-assets.s3.amazonaws.com/"
        let template = #"[{"name": "web", "image": "nginx:1.25", "environment": [{"name": "ASSETS_URL", "value": "%{ if use_cdn == "true" }https://cdn.example.com/%{ else }\#(bucket)%{ endif }"}]}]"#
        let call = #"templatefile("${path.module}/web.json.tftpl", { use_cdn = var.use_cdn })"#
        let main = "variable \"use_cdn\" {\n  type = string\n}\n" + Self.service(definition: call)
        let fixture = TerraformFixture(["infra/main.tf": main, "infra/web.json.tftpl": template])
        let needs = try #require(fixture.component("tf:infra/aws_ecs_service.web")).requirements.flatMap(\.alternatives)
        #expect(needs.contains("image:docker.io/library/nginx"))
        #expect(!needs.contains("url:web-assets.s3.amazonaws.com"))
        // Known, the condition picks its branch.
        let known = TerraformFixture(["infra/main.tf": main.replacingOccurrences(of: "var.use_cdn", with: "\"false\""), "infra/web.json.tftpl": template])
        #expect(known.isDown("tf:infra/aws_ecs_service.web", when: "service:aws/us-east-1/s3"))
    }

    /// A path argument that is not literal text and `path.*` is not worked out while reading:
    /// a thousand costly arguments cost nothing.
    @Test func onlyLiteralPathsAreRead() {
        let body = NativeSyntax.parse("""
            locals {
              a = file("${path.module}/a.json")
              b = file(join("", [for i in range(99999) : "a"]))
              c = file(format("%s/c.json", path.module))
            }
            """).body
        #expect(TerraformFiles.reads(of: body) == ["./a.json"])
    }

    /// Decoding draws from the evaluation's budget by size: a thousand distinct large texts
    /// stop at the budget, with its warning, instead of being decoded one by one.
    @Test func decodingDrawsFromTheBudget() throws {
        let main = """
            locals {
              same = [for i in range(1000) : yamldecode(file("${path.module}/big.yaml"))]
              distinct = [for i in range(1000) : yamldecode("${file("${path.module}/big.yaml")}${i}")]
            }
            """
        // Large texts of small values: a large value would stop the `for` by its size first.
        let fixture = TerraformFixture(["infra/main.tf": main, "infra/big.yaml": "# " + String(repeating: "x", count: 100_000) + "\na: 1\nb: "])
        #expect(fixture.diagnostics.contains { $0.summary.contains("took more than") })
        #expect(TerraformYAML.decode("a: " + String(repeating: "x", count: 10)) == .object(["a": .string("xxxxxxxxxx")]))
    }

    /// Templates draw from the evaluation's budget: a template looping over a large range,
    /// filled in for many instances, stops at the budget with its warning.
    @Test func templatesDrawFromTheEvaluationsBudget() throws {
        let main = """
            resource "aws_ecs_task_definition" "web" {
              count = 1000
              family = "web"
              container_definitions = templatefile("${path.module}/loop.tftpl", { n = 50000 })
            }
            """
        let fixture = TerraformFixture(["infra/main.tf": main, "infra/loop.tftpl": "%{ for i in range(n) }${i}%{ endfor }"])
        #expect(fixture.diagnostics.contains { $0.summary.contains("took more than") })
    }

    /// A file of many URLs read into the environment of many instances names at most
    /// `terraformEndpointLimit` endpoints, with a warning, not a requirement for each.
    @Test func endpointsNamedByValuesAreBounded() throws {
        let urls = (0..<200).map { "https://bucket-\($0).s3.amazonaws.com/" }.joined(separator: " ")
        let main = Self.provider + """
            resource "aws_lambda_function" "f" {
              count = 600
              function_name = "f${count.index}"
              environment {
                variables = { URLS = file("${path.module}/urls.txt") }
              }
            }
            """
        let fixture = TerraformFixture(["infra/main.tf": main, "infra/urls.txt": urls])
        let edges = fixture.topology.components.values.reduce(0) { $0 + $1.requirements.count }
        #expect(edges <= TopologyBuilder.terraformEndpointLimit + 600)
        #expect(edges >= TopologyBuilder.terraformEndpointLimit)
        #expect(fixture.diagnostics.contains { $0.summary.contains("endpoints in this commit; those past it are not read") })
    }

    /// A module called from an environment's folder reads a file beside itself: `path.module`
    /// is the module's folder relative to the root, and paths resolve from the root.
    @Test func aCalledModuleReadsTheFileBesideIt() throws {
        let module = Self.service(definition: "file(\"${path.module}/web.json\")")
            .replacingOccurrences(of: Self.provider, with: "")
        let fixture = TerraformFixture([
            "envs/prod/main.tf": Self.provider + "module \"web\" {\n  source = \"../../modules/web\"\n}\n",
            "modules/web/main.tf": module,
            "modules/web/web.json": Self.definitionJSON,
        ])
        let needs = try #require(fixture.component("tf:envs/prod/module.web.aws_ecs_service.web")).requirements.flatMap(\.alternatives)
        #expect(needs.contains("url:web-assets.s3.amazonaws.com"))
    }

    /// A path known only once the module is evaluated is not read, nor one outside the
    /// repository, nor a file the commit does not have; each such call stays unknown.
    @Test func pathsThatCannotBeReadStayUnknown() throws {
        let body = NativeSyntax.parse("""
            locals {
              a = file("${path.module}/a.json")
              b = templatefile("templates/b.tftpl", {})
              c = file("${path.root}/../shared/c.json")
              d = file("${path.module}/${var.name}.json")
              e = file("/etc/passwd")
              f = jsondecode(file("./f.json"))
            }
            """).body
        let reads = TerraformFiles.reads(of: body)
        #expect(reads == ["./a.json", "./f.json", "templates/b.tftpl", "./../shared/c.json", "/etc/passwd"].sorted())
        #expect(TerraformFiles.mayRead(Array("x = templatefile (\"a\", {})".utf8)))
        #expect(TerraformFiles.mayRead(Array("x = file\t(\"a\")".utf8)))
        #expect(!TerraformFiles.mayRead(Array("profile = \"a\"\nfilename = \"file\"".utf8)))
        let fact = TerraformFileFact(role: .configuration, body: body, reads: reads)
        #expect(TerraformFiles.reads(of: fact, at: "infra/main.tf") == ["infra/a.json", "infra/f.json", "infra/templates/b.tftpl", "shared/c.json"].sorted())
        #expect(TerraformFiles.reads(of: fact, at: "main.tf") == ["a.json", "f.json", "templates/b.tftpl"])
        #expect(TerraformFiles.modulePath("modules/web", root: "envs/prod") == "../../modules/web")
        #expect(TerraformFiles.modulePath("envs/prod/web", root: "envs/prod") == "web")
        #expect(TerraformFiles.modulePath("", root: "") == ".")

        let missing = TerraformFixture(["infra/main.tf": Self.service(definition: "file(\"${path.module}/${var.name}.json\")"), "infra/web.json": Self.definitionJSON])
        #expect(!missing.isDown("tf:infra/aws_ecs_service.web", when: "service:aws/us-east-1/s3"))
    }
}
