import Foundation
import HCL
import Testing
@testable import Readers

@Suite struct TerraformReaderTests {
    /// A Terragrunt stack is not read, and a note says so.
    @Test func aTerragruntStackGetsANote() {
        let reader = TerraformReader()
        #expect(reader.accepts(path: "live/prod/terragrunt.stack.hcl"))
        let facts = reader.read(path: "live/prod/terragrunt.stack.hcl", bytes: Array("unit \"vpc\" {\n  source = \"../units/vpc\"\n}\n".utf8))
        #expect(facts.terraform == nil)
        #expect(facts.diagnostics.map(\.summary) == ["Terragrunt stacks are not read: the units this file generates are not part of the topology"])
    }

    @Test(arguments: [
        ("main.tf", TerraformFileFact.Role?.some(.configuration)),
        ("infra/main.tf.json", .configuration),
        ("infra/main.tofu", .configuration),
        ("infra/main.tofu.json", .configuration),
        ("override.tf", .override),
        ("infra/db_override.tf.json", .override),
        ("terraform.tfvars", .variableValues),
        ("env/terraform.tfvars.json", .variableValues),
        ("env/prod.auto.tfvars", .autoVariableValues),
        ("prod.tfvars", nil),
        ("main.tf.bak", nil),
        ("config.json", nil),
    ])
    func acceptsTerraformFilesByName(path: String, role: TerraformFileFact.Role?) {
        #expect(TerraformReader.role(of: path) == role)
        #expect(TerraformReader().accepts(path: path) == (role != nil))
    }

    @Test func readsJSONConfigurationWithTerraformsBlockLabels() throws {
        let facts = TerraformReader().read(path: "main.tf.json", bytes: Array(#"{"resource": {"aws_s3_bucket": {"b": {"bucket": "x"}}}}"#.utf8))
        let block = try #require(facts.terraform?.body.blocks.first)
        #expect(block.type == "resource" && block.labels == ["aws_s3_bucket", "b"])
        #expect(facts.diagnostics.isEmpty)
    }

    @Test func factsSurviveTheCacheEncoding() throws {
        let facts = TerraformReader().read(path: "main.tf", bytes: Array("""
            resource "aws_s3_bucket" "b" {
              bucket = "${var.prefix}-x"
              count  = length([for s in var.list : upper(s) if s != ""])
            }
            """.utf8))
        let decoded = try JSONDecoder().decode(FileFacts.self, from: JSONEncoder().encode(facts))
        #expect(decoded == facts)
        #expect(decoded.terraform?.body.blocks.first?.body.attribute(named: "count")?.expression.range.start.line == 3)
    }
}
