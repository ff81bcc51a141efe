import Testing
import HCL
@testable import Readers

/// The evaluator's rounds stop early only where going on could change nothing.
@Suite struct TerraformRoundsTests {
    func resource(_ id: String, in result: TerraformEvaluation) -> TerraformResource? {
        result.resources.first { $0.id == id }
    }

    /// Each pass over the locals settles one more link of a chain written backwards: six
    /// passes for six links, which a pass that changes something must not cut short.
    @Test func localsDeclaredInReverseOrderTakeAPassEach() {
        let result = TerraformRootsTests.evaluate([
            "main.tf": """
                locals {
                  a = local.b
                  b = local.c
                  c = local.d
                  d = local.e
                  e = local.f
                  f = "bucket-${var.name}"
                }
                variable "name" { default = "logs" }
                resource "aws_s3_bucket" "this" { bucket = local.a }
                """,
        ])
        #expect(resource("tf:aws_s3_bucket.this", in: result)?.values["bucket"] == .string("bucket-logs"))
    }

    @Test func aModuleWithoutCallsStillNotesAnUnknownCountOnce() {
        let result = TerraformRootsTests.evaluate([
            "main.tf": """
                locals { n = length(data.aws_availability_zones.all.names) }
                resource "aws_subnet" "private" {
                  count      = local.n
                  cidr_block = "10.0.${count.index}.0/24"
                }
                """,
        ])
        let notes = result.diagnostics.filter { $0.summary.contains("count of aws_subnet.private") }
        #expect(notes.count == 1 && notes.first?.line == 3)
        #expect(result.resources.map(\.id) == ["tf:aws_subnet.private"])
    }

    /// Module outputs are known from the last round on: that round is not skipped.
    @Test func resourcesSeeTheOutputsOfTheModulesTheirModuleCalls() {
        let result = TerraformRootsTests.evaluate([
            "main.tf": """
                module "names" { source = "./names" }
                resource "aws_s3_bucket" "this" { acl = module.names.acl }
                """,
            "names/main.tf": """
                output "acl" { value = "from-module" }
                """,
        ])
        #expect(resource("tf:aws_s3_bucket.this", in: result)?.values["acl"] == .string("from-module"))
    }
}
