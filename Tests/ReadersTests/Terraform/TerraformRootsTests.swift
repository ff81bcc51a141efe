import Testing
import HCL
import Model
@testable import Readers

/// Root modules are evaluated side by side; what they find is listed as one evaluation after
/// another, in path order, would list it.
@Suite struct TerraformRootsTests {
    static func evaluate(_ files: [String: String]) -> TerraformEvaluation {
        var evaluator = TerraformModuleEvaluator(folders: TerraformFolder.folders(of: TerraformFixture.facts(files)))
        evaluator.evaluateRoots()
        return evaluator.result
    }

    /// Twelve examples calling one module, the first ones the largest (so they finish last
    /// when evaluated side by side), each with a note-worthy `count`; and two folders that
    /// only call each other, read as a root once.
    static let files: [String: String] = {
        var files: [String: String] = [
            "main.tf": """
                variable "n" { default = 1 }
                resource "aws_s3_bucket" "shared" {
                  count  = var.n
                  bucket = "shared-${count.index}"
                }
                """,
            "cycle/a/main.tf": """
                resource "aws_sqs_queue" "a" { name = "a" }
                module "b" { source = "../b" }
                """,
            "cycle/b/main.tf": """
                resource "aws_sqs_queue" "b" { name = "b" }
                module "a" { source = "../a" }
                """,
        ]
        for index in 0..<12 {
            let buckets = (0..<(12 - index) * 20).map { "resource \"aws_s3_bucket\" \"b\($0)\" { bucket = \"e\(index)-\($0)\" }" }
            files["examples/e\(String(format: "%02d", index))/main.tf"] = """
                module "m" {
                  source = "../.."
                  n      = \(index + 1)
                }
                resource "aws_sqs_queue" "q" { count = length(data.x.y) }
                \(buckets.joined(separator: "\n"))
                """
        }
        return files
    }()

    /// A folder no call instantiates (`count = 0`, an empty `for_each`) is still read, as a
    /// root of its own: otherwise a change could hide a root behind one such call.
    @Test(arguments: ["count = 0", "for_each = {}", "count = 1"])
    func aFolderNoCallInstantiatesIsStillRead(instances: String) {
        let result = Self.evaluate([
            "tools/main.tf": """
                module "prod" {
                  source = "../prod"
                  \(instances)
                }
                """,
            "prod/main.tf": """
                resource "aws_s3_bucket" "b" { bucket = "b" }
                """,
        ])
        let expected = instances == "count = 1" ? ["tf:tools/module.prod[0].aws_s3_bucket.b"] : ["tf:prod/aws_s3_bucket.b"]
        #expect(result.resources.map(\.id) == expected)
    }

    @Test func rootsAreListedInPathOrderWhateverFinishesFirst() {
        let result = Self.evaluate(Self.files)
        // Runs of resources by folder: a module's own come after those of the modules it
        // calls; the examples (roots) in path order, then the folders only a cycle reaches,
        // from the first by path (which calls the other).
        var runs: [String] = []
        for resource in result.resources {
            let folder = resource.path.split(separator: "/").dropLast().joined(separator: "/")
            if runs.last != folder { runs.append(folder) }
        }
        let examples = (0..<12).map { "examples/e\(String(format: "%02d", $0))" }
        #expect(runs == examples.flatMap { ["", $0] } + ["cycle/b", "cycle/a"])
        // Each example's call gives the module its own input: n buckets for n = 1 … 12.
        #expect(result.resources.filter { $0.path == "main.tf" }.count == (1...12).reduce(0, +))
        // One note per example about its unknown count, in example order.
        let notes = result.diagnostics.filter { $0.summary.contains("count of aws_sqs_queue.q") }.compactMap(\.path)
        #expect(notes == examples.map { "\($0)/main.tf" })
        let queues = result.resources.filter { $0.path.hasPrefix("cycle/") }.map(\.id)
        // The cycle is entered at cycle/a, so its addresses are that root's.
        #expect(queues == ["tf:cycle/a/module.b.aws_sqs_queue.b", "tf:cycle/a/aws_sqs_queue.a"])
    }

    @Test func theSameFilesEvaluateTheSameEveryTime() {
        let first = Self.evaluate(Self.files)
        for _ in 0..<5 {
            let again = Self.evaluate(Self.files)
            #expect(again.resources.map(\.id) == first.resources.map(\.id))
            #expect(again.diagnostics == first.diagnostics)
        }
    }

    /// The roots of a commit draw from one budget; spent, the evaluation says so once, at the
    /// first root.
    @Test func theRootsShareOneBudgetAndSayWhenItIsSpent() {
        let expensive = """
            locals { l = range(40) }
            resource "aws_s3_bucket" "b" {
              count  = 4
              bucket = "b${count.index}"
              tags   = { n = length([for i in local.l : [for j in local.l : i]]) }
            }
            """
        func run(_ steps: Int) -> TerraformEvaluation {
            let files = ["a/main.tf": expensive, "b/main.tf": expensive]
            var evaluator = TerraformModuleEvaluator(folders: TerraformFolder.folders(of: TerraformFixture.facts(files)), budget: EvaluationBudget(steps: steps))
            evaluator.evaluateRoots()
            return evaluator.result
        }
        let warning = "evaluating this commit's Terraform took more than"
        #expect(!run(500_000).diagnostics.contains { $0.summary.hasPrefix(warning) })
        let spent = run(5_000)
        #expect(spent.diagnostics.filter { $0.summary.hasPrefix(warning) }.count == 1)
        #expect(spent.diagnostics.first { $0.summary.hasPrefix(warning) }?.path == "a/main.tf")
    }

    /// Instances and dynamic blocks draw from the budget as well: past it, a `count` stands for
    /// all its instances at once.
    @Test func instancesAndDynamicBlocksDrawFromTheBudget() {
        let files = ["main.tf": """
            resource "aws_s3_bucket" "b" {
              count  = 100
              bucket = "b${count.index}"
              dynamic "rule" {
                for_each = [1, 2, 3]
                content { id = rule.value }
              }
            }
            """]
        func instances(_ steps: Int) -> Int {
            var evaluator = TerraformModuleEvaluator(folders: TerraformFolder.folders(of: TerraformFixture.facts(files)), budget: EvaluationBudget(steps: steps))
            evaluator.evaluateRoots()
            return evaluator.result.resources.count
        }
        #expect(instances(100_000) == 100)
        #expect(instances(50) == 1)
    }
}
