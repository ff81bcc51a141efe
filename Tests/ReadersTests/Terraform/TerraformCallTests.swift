import Testing
import HCL
import Model
@testable import Readers

/// A run evaluates each distinct module instance once: an instance whose folders, inputs,
/// providers and callers are those of an earlier evaluation gives back what that found, and
/// every evaluation equals one made without any earlier ones.
@Suite struct TerraformCallTests {
    /// A module's reach stops where evaluation stops (`maximumDepth` calls below it): in a
    /// chain of folders each calling the next, each reaches a few, not every one after it.
    @Test func aModulesReachStopsAtTheEvaluationDepth() {
        let count = 30
        var files: [String: String] = ["main.tf": "module \"m\" { source = \"./m0\" }\n"]
        for index in 0..<count {
            files["m\(index)/main.tf"] = (index + 1 < count ? "module \"n\" { source = \"../m\(index + 1)\" }\n" : "")
                + "resource \"aws_s3_bucket\" \"b\" { bucket = \"b\(index)\" }\n"
        }
        let folders = TerraformFolder.modules(of: TerraformFixture.facts(files)).folders
        let reach = TerraformModuleReach(root: "", folders: folders)
        #expect(reach.reached.map(\.path).contains("m\(TerraformModuleEvaluator.maximumDepth)"))
        #expect(reach.reached.count == TerraformModuleEvaluator.maximumDepth + 2, "\(reach.reached.map(\.path))")
        // The buckets found are those a reach of every folder after found (counted with it):
        // each root evaluates eight calls down, and the folders past them are roots of their own.
        let fixture = TerraformFixture(files)
        #expect(fixture.topology.ids.filter { $0.hasSuffix("aws_s3_bucket.b") }.count == 35)
    }

    /// A module with a child, called by two examples; the child's buckets come from its input.
    static let base: [String: String] = [
        "main.tf": """
            variable "name" { default = "shared" }
            resource "aws_s3_bucket" "top" { bucket = "${var.name}-top" }
            module "child" {
              source = "./modules/child"
              name   = var.name
            }
            output "bucket" { value = module.child.bucket }
            """,
        "modules/child/main.tf": """
            variable "name" {}
            variable "n" { default = 2 }
            resource "aws_s3_bucket" "b" {
              count  = var.n
              bucket = "${var.name}-${count.index}"
            }
            resource "aws_sqs_queue" "q" { count = length(data.x.y) }
            output "bucket" { value = aws_s3_bucket.b[0].bucket }
            """,
        "examples/one/main.tf": """
            module "m" { source = "../.." }
            provider "aws" { region = "us-east-1" }
            resource "aws_sqs_queue" "one" { name = module.m.bucket }
            """,
        "examples/two/main.tf": """
            module "m" {
              source = "../.."
              name   = "two"
            }
            resource "aws_sqs_queue" "two" { name = "two" }
            """,
    ]

    static func evaluate(_ files: [String: String], calls: TerraformCallCache? = nil) -> TerraformEvaluation {
        var evaluator = TerraformModuleEvaluator(folders: TerraformFolder.folders(of: TerraformFixture.facts(files)), calls: calls)
        evaluator.evaluateRoots()
        return evaluator.result
    }

    /// What an evaluation found, in order, as far as the linker reads it.
    static func summary(_ evaluation: TerraformEvaluation) -> [String] {
        func fields(_ values: [String: Value]) -> String {
            values.keys.sorted().map { "\($0)=\(values[$0]!)" }.joined(separator: " ")
        }
        return evaluation.resources.map { "\($0.id) \($0.path):\($0.line) \(fields($0.values)) \(fields($0.providerValues))" }
            + evaluation.opaqueModules.map { "opaque \($0.id) \($0.source) \($0.path):\($0.line)" }
            + evaluation.diagnostics.map(\.description)
    }

    /// The base, then one change after another, and back to the base.
    static let states: [[String: String]] = {
        var states = [Self.base]
        var state = Self.base
        // An example's own resource, then the input it gives the module.
        state["examples/one/main.tf"] = state["examples/one/main.tf"]!.replacingOccurrences(of: "\"one\" { name", with: "\"uno\" { name")
        states.append(state)
        state["examples/two/main.tf"] = state["examples/two/main.tf"]!.replacingOccurrences(of: "\"two\"\n", with: "\"deux\"\n")
        states.append(state)
        // The child module itself, and a line moved in it.
        state["modules/child/main.tf"] = state["modules/child/main.tf"]!.replacingOccurrences(of: "default = 2", with: "default = 3")
        states.append(state)
        state["modules/child/main.tf"] = "\n" + state["modules/child/main.tf"]!
        states.append(state)
        // The child's folder gone (a warning where it is called), then an opaque module.
        state["modules/child/main.tf"] = nil
        states.append(state)
        state["main.tf"] = state["main.tf"]!.replacingOccurrences(of: "./modules/child", with: "terraform-aws-modules/child/aws")
        states.append(state)
        // Back to the start: every call is as it was first.
        states.append(Self.base)
        return states
    }()

    @Test func everyEvaluationEqualsOneWithoutEarlierOnes() {
        let calls = TerraformCallCache(limit: 1_000)
        for (index, files) in Self.states.enumerated() {
            let replayed = Self.summary(Self.evaluate(files, calls: calls))
            let fresh = Self.summary(Self.evaluate(files))
            #expect(replayed == fresh, "state \(index)")
            #expect(!fresh.isEmpty)
        }
    }

    /// A replayed call marks every folder it reaches as visited, even one an earlier sibling
    /// had visited when it was first evaluated: a folder left unmarked would be read again as
    /// a root (the fallback for folders only a cycle reaches).
    @Test func aReplayedCallMarksEveryFolderItReaches() {
        let shared = """
            module "c" { source = "../c" }
            """
        var files: [String: String] = [
            "main.tf": """
                module "a" { source = "./a" }
                module "b" { source = "./b" }
                """,
            "a/main.tf": shared,
            "b/main.tf": shared,
            "c/main.tf": """
                resource "aws_sqs_queue" "c" { name = "c" }
                """,
        ]
        let calls = TerraformCallCache(limit: 1_000)
        _ = Self.evaluate(files, calls: calls)
        // Without `a`, the call of `b` is replayed: it reaches `c`, which `a` reached first before.
        files["a/main.tf"] = nil
        files["main.tf"] = """
            module "b" { source = "./b" }
            """
        let replayed = Self.summary(Self.evaluate(files, calls: calls))
        #expect(replayed == Self.summary(Self.evaluate(files)))
        #expect(replayed.filter { $0.hasPrefix("tf:") }.map { $0.prefix { $0 != " " } } == ["tf:module.b.module.c.aws_sqs_queue.c"])
    }

    /// Each part of a call tells instances apart: two calls of one folder with the same inputs
    /// under two names (the prefix), the provider configuration a child inherits, and the
    /// callers (a cycle depends on them alone).
    @Test func everyPartOfACallTellsInstancesApart() {
        let siblings: [String: String] = [
            "main.tf": """
                module "a" { source = "./c" }
                module "b" { source = "./c" }
                """,
            "c/main.tf": """
                resource "aws_sqs_queue" "q" { name = "q" }
                """,
        ]
        var regions = siblings
        regions["main.tf"] = "provider \"aws\" { region = \"us-east-1\" }\n" + siblings["main.tf"]!
        var moved = regions
        moved["main.tf"] = regions["main.tf"]!.replacingOccurrences(of: "us-east-1", with: "eu-west-1")
        // `z` calls `x`: a cycle when `x` is among its callers, not when `y` is.
        let cycle: [String: String] = [
            "main.tf": "module \"a\" { source = \"./x\" }\n",
            "x/main.tf": "module \"b\" { source = \"../z\" }\n",
            "y/main.tf": "module \"b\" { source = \"../z\" }\n",
            "z/main.tf": "module \"c\" { source = \"../x\" }\nresource \"aws_sqs_queue\" \"q\" { name = \"q\" }\n",
        ]
        var otherCaller = cycle
        otherCaller["main.tf"] = "module \"a\" { source = \"./y\" }\n"
        let calls = TerraformCallCache(limit: 1_000)
        for (index, files) in [siblings, regions, moved, cycle, otherCaller].enumerated() {
            let replayed = Self.summary(Self.evaluate(files, calls: calls))
            #expect(replayed == Self.summary(Self.evaluate(files)), "state \(index)")
        }
        let ids = Self.evaluate(siblings, calls: calls).resources.map(\.id)
        #expect(ids == ["tf:module.a.aws_sqs_queue.q", "tf:module.b.aws_sqs_queue.q"])
    }

    /// Inputs are compared by their bytes: a child given `é` spelt as `e` and a combining
    /// accent (equal as Swift compares strings) finds its resources with that spelling.
    @Test func inputsSpeltDifferentlyAreDifferentCalls() {
        func files(_ name: String) -> [String: String] {
            [
                "main.tf": "module \"c\" {\n  source = \"./c\"\n  name   = \"\(name)\"\n}\n",
                "c/main.tf": "variable \"name\" {}\nresource \"aws_s3_bucket\" \"b\" { bucket = var.name }\n",
            ]
        }
        let calls = TerraformCallCache(limit: 1_000)
        _ = Self.evaluate(files("caf\u{e9}"), calls: calls)
        let bucket = Self.evaluate(files("cafe\u{301}"), calls: calls).resources.first?.values["bucket"]?.stringValue
        #expect(bucket.map { Array($0.unicodeScalars) } == Array("cafe\u{301}".unicodeScalars))
    }

    /// Evaluations sharing a cache too small for one of them, on every core, in any order:
    /// each still equals one without the cache.
    @Test func aSmallCacheSharedByConcurrentEvaluationsChangesNothing() {
        let all = Self.states
        let fresh = all.map { Self.summary(Self.evaluate($0)) }
        for limit in [1, 2, 5] {
            let calls = TerraformCallCache(limit: limit, keepsLastGeneration: true)
            let order = (0..<200).map { $0 % all.count }
            let same = order.concurrentMap { index in Self.summary(Self.evaluate(all[index], calls: calls)) == fresh[index] }
            #expect(same.allSatisfy { $0 }, "limit \(limit)")
        }
    }

    @Test func onlyTheCallsAChangeReachesAreEvaluatedAgain() {
        let calls = TerraformCallCache(limit: 1_000)
        _ = Self.evaluate(Self.base, calls: calls)
        // Each example's root, the module it calls, and that module's child.
        #expect(calls.count == 6)
        // The same files again, read afresh: every instance is replayed.
        _ = Self.evaluate(Self.base, calls: calls)
        #expect(calls.count == 6)
        // A resource of one example: that example's root only; what it calls keeps its inputs.
        var files = Self.base
        files["examples/one/main.tf"]! += "\nresource \"aws_sqs_queue\" \"extra\" { name = \"extra\" }\n"
        _ = Self.evaluate(files, calls: calls)
        #expect(calls.count == 7)
        // The input example two gives the module: its root, the module and the child (whose
        // name input follows).
        files["examples/two/main.tf"] = files["examples/two/main.tf"]!.replacingOccurrences(of: "\"two\"\n", with: "\"deux\"\n")
        _ = Self.evaluate(files, calls: calls)
        #expect(calls.count == 10)
        // A trailing blank line changes nothing an evaluation reads.
        files["modules/child/main.tf"]! += "\n"
        _ = Self.evaluate(files, calls: calls)
        #expect(calls.count == 10)
        // Lines moved in the child module's folder: every call reaching it, in both examples.
        files["modules/child/main.tf"] = "\n" + files["modules/child/main.tf"]!
        _ = Self.evaluate(files, calls: calls)
        #expect(calls.count == 16)
    }
}

/// The caches shared by the links of a run stay bounded.
@Suite struct SharedCacheTests {
    @Test func aPlainCacheIsEmptiedAtItsLimit() {
        let cache = SharedCache<Int, Int>(limit: 3)
        for key in 0..<3 { cache.store(key, for: key) }
        cache.store(3, for: 3)
        #expect(cache.count == 1)
        #expect(cache.value(for: 0) == nil)
        #expect(cache.value(for: 3) == 3)
    }

    @Test func aGenerationalCacheKeepsTheLastGenerationUntilTheNext() {
        let cache = SharedCache<Int, Int>(limit: 3, keepsLastGeneration: true)
        for key in 0..<3 { cache.store(key, for: key) }
        // The fourth entry moves the first three aside, where they are still found.
        cache.store(3, for: 3)
        #expect(cache.count == 4)
        #expect(cache.value(for: 3) == 3)
        // A lookup brings an entry back into the current generation, so it outlives the next move.
        #expect(cache.value(for: 1) == 1)
        cache.store(4, for: 4)
        // 3, 1 and 4 fill the current generation; the next entry moves them aside and drops 0 and 2.
        cache.store(5, for: 5)
        #expect(cache.value(for: 0) == nil)
        #expect(cache.value(for: 2) == nil)
        #expect(cache.value(for: 1) == 1)
        #expect(cache.value(for: 4) == 4)
        // 5, 1 and 4 current; 3 aside (the ones brought back left it).
        #expect(cache.count == 4)
        #expect(cache.value(for: 3) == 3)
    }

    @Test func storingAKeyItHoldsDoesNotStartAGeneration() {
        let cache = SharedCache<Int, Int>(limit: 2, keepsLastGeneration: true)
        cache.store(0, for: 0)
        cache.store(1, for: 1)
        cache.store(10, for: 1)
        #expect(cache.value(for: 1) == 10)
        // 2 sets 0 and 1 aside; 4 drops them (had storing 1 again moved a generation, 1
        // would have been current at 3's move, and still be found).
        cache.store(2, for: 2)
        cache.store(3, for: 3)
        cache.store(4, for: 4)
        #expect(cache.value(for: 0) == nil)
        #expect(cache.value(for: 1) == nil)
    }

    @Test func aRaisedLimitHoldsMore() {
        let cache = SharedCache<Int, Int>(limit: 2)
        cache.raiseLimit(to: 5)
        cache.raiseLimit(to: 3)
        for key in 0..<5 { cache.store(key, for: key) }
        #expect(cache.count == 5)
        cache.store(5, for: 5)
        #expect(cache.count == 1)
    }
}
