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

    /// A call's arguments see the outputs of the calls they read, whatever order the calls
    /// are written in (terraform-aws-modules' `cluster_arn = module.ecs_cluster.arn`); calls
    /// reading each other are still evaluated, once each.
    @Test func aModuleCallSeesTheOutputsOfTheCallsItReads() {
        let result = TerraformRootsTests.evaluate([
            "main.tf": """
                module "service" {
                  source = "./service"
                  cluster_arn = module.cluster.arn
                }
                module "cluster" {
                  source = "./cluster"
                  name = module.names.cluster
                }
                module "names" { source = "./names" }
                module "a" {
                  source = "./names"
                  x = module.b.cluster
                }
                module "b" {
                  source = "./names"
                  x = module.a.cluster
                }
                """,
            "service/main.tf": """
                variable "cluster_arn" { type = string }
                resource "aws_ecs_service" "this" { cluster = var.cluster_arn }
                """,
            "cluster/main.tf": """
                variable "name" {}
                resource "aws_ecs_cluster" "this" { name = var.name }
                output "arn" { value = aws_ecs_cluster.this.arn }
                """,
            "names/main.tf": """
                variable "x" { default = null }
                output "cluster" { value = "shop" }
                """,
        ])
        let service = resource("tf:module.service.aws_ecs_service.this", in: result)
        #expect(TerraformMarker.ids(in: service?.values["cluster"]) == ["tf:module.cluster.aws_ecs_cluster.this"])
        #expect(resource("tf:module.cluster.aws_ecs_cluster.this", in: result)?.values["name"] == .string("shop"))
    }

    /// A call may read another's output through a local (`cluster_arn = local.cluster_arn`).
    @Test func aModuleCallSeesOutputsThroughLocals() {
        let result = TerraformRootsTests.evaluate([
            "main.tf": """
                locals {
                  arn     = local.cluster.arn
                  cluster = module.cluster
                }
                module "service" {
                  source = "./service"
                  cluster_arn = local.arn
                }
                module "cluster" { source = "./cluster" }
                """,
            "service/main.tf": """
                variable "cluster_arn" {}
                resource "aws_ecs_service" "this" { cluster = var.cluster_arn }
                """,
            "cluster/main.tf": """
                resource "aws_ecs_cluster" "this" { name = "shop" }
                output "arn" { value = aws_ecs_cluster.this.arn }
                """,
        ])
        let service = resource("tf:module.service.aws_ecs_service.this", in: result)
        #expect(TerraformMarker.ids(in: service?.values["cluster"]) == ["tf:module.cluster.aws_ecs_cluster.this"])
    }

    @Test func callsAreOrderedAfterWhatTheyRead() throws {
        let folder = try #require(TerraformFolder.folders(of: TerraformFixture.facts(["main.tf": """
            module "c" { x = module.b.y }
            module "b" { x = module.a.y }
            module "a" {}
            module "d" { x = module.d.y }
            module "e" { x = module.f.y }
            module "f" { x = module.e.y }
            module "g" { x = local.b }
            locals {
              b = local.a
              a = [module.h.y]
            }
            module "h" {}
            """]))[""])
        let locals = folder.blocks(ofType: "locals").flatMap(\.block.body.attributes)
        let order = TerraformModuleEvaluator.dependencyOrder(folder.blocks(ofType: "module"), locals: locals).compactMap(\.block.labels.first)
        #expect(order == ["a", "b", "c", "d", "f", "e", "h", "g"])
    }

    /// A long chain of locals (and a cycle, which Terraform refuses) is resolved once each.
    @Test func localsReachingModulesAreResolvedOnce() throws {
        var text = "locals {\n"
        for index in 0..<20_000 { text += "  l\(index) = local.l\(index + 1)\n" }
        text += "  l20000 = module.end.x\n  c1 = local.c2\n  c2 = local.c1\n}\nmodule \"end\" {}\n"
        let folder = try #require(TerraformFolder.folders(of: TerraformFixture.facts(["main.tf": text]))[""])
        let read = TerraformModuleEvaluator.modulesRead(through: folder.blocks(ofType: "locals").flatMap(\.block.body.attributes))
        #expect(read.count == 20_001)
        #expect(read["l0"] == ["end"])
        #expect(read["c1"] == nil)
    }
}
