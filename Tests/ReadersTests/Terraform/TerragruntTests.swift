import Model
import Simulation
import Testing

@testable import Readers

/// Terragrunt units read as the Terraform runs Terragrunt makes of them: the module a unit's
/// source names is called from the unit's folder with its inputs, its `remote_state` is the
/// root's backend, and what `include`, `read_terragrunt_config` and `generate` bring in counts.
@Suite struct TerragruntTests {
    static let module = """
        variable "region" {}
        variable "bucket" {}

        provider "aws" {
          region = var.region
        }

        resource "aws_s3_bucket" "assets" {
          bucket = var.bucket
        }

        """

    static let root = """
        remote_state {
          backend = "s3"
          config = {
            bucket = "acme-tf-state"
            key    = "${path_relative_to_include()}/terraform.tfstate"
            region = "eu-west-1"
          }
        }

        """

    static let unit = """
        include "root" {
          path = find_in_parent_folders("root.hcl")
        }

        locals {
          region = read_terragrunt_config(find_in_parent_folders("region.hcl")).locals.aws_region
        }

        terraform {
          source = "../../../modules//app"
        }

        inputs = {
          region = local.region
          bucket = "acme-assets"
        }

        """

    static func live(unit: String = unit, region: String = "us-east-1", more: [String: String] = [:]) -> [String: String] {
        [
            "modules/app/main.tf": module,
            "live/root.hcl": root,
            "live/prod/region.hcl": "locals {\n  aws_region = \"\(region)\"\n}\n",
            "live/prod/app/terragrunt.hcl": unit,
        ].merging(more) { $1 }
    }

    static let bucket = "tf:live/prod/app/module.terragrunt.aws_s3_bucket.assets"

    @Test func theUnitCallsItsModuleWithInputsFromTheFilesItReads() throws {
        let fixture = TerraformFixture(Self.live())
        let bucket = try #require(fixture.component(Self.bucket), "\(fixture.topology.ids)")
        #expect(fixture.isDown(Self.bucket, when: "service:aws/us-east-1/s3"))
        #expect(!fixture.isDown(Self.bucket, when: "service:aws/us-west-2/s3"))
        // The module is called, so it is no root of its own with unknown variables.
        #expect(!fixture.topology.ids.contains { $0.hasPrefix("tf:modules/") })
        // The state bucket the included root.hcl names is needed to ship, located there.
        let deliver = bucket.requirements.filter { $0.phase == .deliver }
        #expect(deliver.flatMap(\.alternatives) == ["url:acme-tf-state.s3.eu-west-1.amazonaws.com"])
        #expect(deliver.first?.provenance?.path == "live/root.hcl" && deliver.first?.provenance?.line == 1)
        #expect(fixture.diagnostics.filter { $0.severity != .note }.isEmpty, "\(fixture.diagnostics)")

        let moved = TerraformFixture(Self.live(region: "us-west-2"))
        #expect(moved.isDown(Self.bucket, when: "service:aws/us-west-2/s3"))
        #expect(!moved.isDown(Self.bucket, when: "service:aws/us-east-1/s3"))
    }

    /// The provider Terragrunt writes with `generate` places the module's resources; the
    /// unit's own `remote_state` wins over the included one's, and inputs merge key by key.
    @Test func generatedProvidersAndTheUnitsOwnBlocksWin() throws {
        let parent = Self.root + """
            inputs = {
              bucket = "acme-shared-assets"
            }

            generate "provider" {
              path      = "provider.tf"
              if_exists = "overwrite"
              contents  = <<EOF
            provider "aws" {
              region = "eu-central-1"
            }
            EOF
            }

            """
        let module = """
            variable "bucket" {}

            resource "aws_s3_bucket" "assets" {
              bucket = var.bucket
            }

            """
        let unit = """
            include {
              path = find_in_parent_folders("root.hcl")
            }

            terraform {
              source = "../../../modules//app"
            }

            remote_state {
              backend = "gcs"
              config = {
                bucket = "acme-state"
              }
            }

            """
        let fixture = TerraformFixture(Self.live(unit: unit, more: ["live/root.hcl": parent, "modules/app/main.tf": module]))
        let bucket = try #require(fixture.component(Self.bucket), "\(fixture.topology.ids)")
        #expect(fixture.isDown(Self.bucket, when: "service:aws/eu-central-1/s3"))
        let deliver = bucket.requirements.filter { $0.phase == .deliver }
        #expect(deliver.flatMap(\.alternatives).contains { $0.contains("acme-state") }, "\(deliver)")
        #expect(!deliver.flatMap(\.alternatives).contains { $0.contains("acme-tf-state") })
        #expect(deliver.allSatisfy { $0.provenance?.path == "live/prod/app/terragrunt.hcl" })
    }

    /// What cannot be known without running anything stays unknown: an include nothing
    /// resolves is a note at its line, a command's output is never produced, and a
    /// configuration only included (no module source, no Terraform files beside it) is no unit.
    @Test func whatIsNotKnownStaysUnknown() throws {
        let unit = """
            include "env" {
              path = "${get_terragrunt_dir()}/../env.hcl"
            }

            terraform {
              source = "../../../modules//app"
            }

            inputs = {
              region = run_cmd("sh", "-c", "echo us-east-1")
              bucket = "acme-assets"
            }

            """
        let fixture = TerraformFixture(Self.live(unit: unit, more: ["live/terragrunt.hcl": Self.root]))
        #expect(fixture.component(Self.bucket) != nil)
        #expect(!fixture.isDown(Self.bucket, when: "service:aws/us-east-1/s3"))
        #expect(fixture.diagnostics.contains {
            $0.path == "live/prod/app/terragrunt.hcl" && $0.line == 1 && $0.summary.hasPrefix("this include is not read")
        }, "\(fixture.diagnostics)")
        // The top terragrunt.hcl is a configuration units include, not a root.
        #expect(!fixture.topology.ids.contains { $0.hasPrefix("tf:live/tf") || $0 == "tf:live" })
        #expect(fixture.topology.ids.filter { $0.hasPrefix("tf:") } == [Self.bucket])
    }

    /// Terragrunt's own example layout: a `root.hcl` every unit includes, reading the region
    /// from the `region.hcl` above each unit and writing the provider with it, and a shared
    /// `_envcommon` file each unit includes by a path built from the root's folder.
    @Test func theUsualLayoutOfRootEnvcommonAndRegionFilesIsFollowed() throws {
        let root = """
            locals {
              region_vars = read_terragrunt_config(find_in_parent_folders("region.hcl"))
              aws_region  = local.region_vars.locals.aws_region
            }

            generate "provider" {
              path      = "provider.tf"
              if_exists = "overwrite_terragrunt"
              contents  = <<EOF
            provider "aws" {
              region = "${local.aws_region}"
            }
            EOF
            }

            remote_state {
              backend = "s3"
              config = {
                bucket = "${get_env("TG_BUCKET_PREFIX", "")}acme-state-${local.aws_region}"
                key    = "${path_relative_to_include()}/tf.tfstate"
                region = local.aws_region
              }
            }

            """
        let common = """
            locals {
              base_source_url = "${dirname(find_in_parent_folders("root.hcl"))}/modules//app"
            }

            inputs = {
              bucket = "acme-assets"
            }

            """
        let unit = """
            include "root" {
              path = find_in_parent_folders("root.hcl")
            }

            include "envcommon" {
              path   = "${dirname(find_in_parent_folders("root.hcl"))}/_envcommon/app.hcl"
              expose = true
            }

            terraform {
              source = include.envcommon.locals.base_source_url
            }

            """
        let module = """
            variable "bucket" {}

            resource "aws_s3_bucket" "assets" {
              bucket = var.bucket
            }

            """
        let fixture = TerraformFixture([
            "root.hcl": root, "_envcommon/app.hcl": common, "prod/region.hcl": "locals {\n  aws_region = \"eu-west-1\"\n}\n",
            "prod/app/terragrunt.hcl": unit, "modules/app/main.tf": module,
        ])
        let id = "tf:prod/app/module.terragrunt.aws_s3_bucket.assets"
        let bucket = try #require(fixture.component(id), "\(fixture.topology.ids) \(fixture.diagnostics)")
        #expect(fixture.isDown(id, when: "service:aws/eu-west-1/s3"))
        let deliver = bucket.requirements.filter { $0.phase == .deliver }
        #expect(deliver.flatMap(\.alternatives) == ["url:acme-state-eu-west-1.s3.eu-west-1.amazonaws.com"], "\(deliver)")
        #expect(deliver.first?.provenance?.path == "root.hcl" && deliver.first?.provenance?.line == 16)
        #expect(fixture.diagnostics.filter { $0.severity != .note }.isEmpty, "\(fixture.diagnostics)")
        let reads = try TerraformFiles.reads(of: #require(TerraformReader().read(path: "prod/app/terragrunt.hcl", bytes: Array(unit.utf8)).terraform), at: "prod/app/terragrunt.hcl")
        #expect(reads.contains("_envcommon/app.hcl") && reads.contains("prod/region.hcl") && reads.contains("root.hcl"))
    }

    /// A module fetched from elsewhere is one opaque component, as a remote module call is.
    @Test func aRemoteSourceIsNotFetched() {
        let unit = """
            terraform {
              source = "git::https://github.com/acme/modules.git//app?ref=v1.2.0"
            }

            inputs = {
              region = "us-east-1"
            }

            """
        let fixture = TerraformFixture(["live/prod/app/terragrunt.hcl": unit])
        #expect(fixture.diagnostics.contains { $0.summary.contains("which Faultline does not fetch") && $0.path == "live/prod/app/terragrunt.hcl" }, "\(fixture.diagnostics)")
    }

    /// The files a unit may read: each parent folder's file of a name it looks for, and the
    /// literal paths it includes or reads.
    @Test func readsAreTheCandidatesOfItsLookups() throws {
        let facts = TerraformReader().read(path: "live/prod/app/terragrunt.hcl", bytes: Array(Self.unit.utf8))
        let fact = try #require(facts.terraform)
        #expect(fact.role == .terragrunt)
        let reads = TerraformFiles.reads(of: fact, at: "live/prod/app/terragrunt.hcl")
        #expect(reads.contains("live/root.hcl") && reads.contains("live/prod/root.hcl") && reads.contains("root.hcl"))
        #expect(reads.contains("live/prod/region.hcl") && reads.contains("region.hcl"))
        #expect(!reads.contains("live/prod/app/region.hcl"), "a lookup starts in the parent folder")
        #expect(TerraformReader().accepts(path: "live/terragrunt.hcl") && !TerraformReader().accepts(path: "live/root.hcl"))
        let broken = TerraformReader().read(path: "live/prod/app/terragrunt.hcl", bytes: Array("inputs = {\n  region = \n".utf8))
        #expect(broken.diagnostics.contains { $0.severity == .error && $0.line != nil })
    }

    /// A `region.hcl` that does not parse is an error located in it, and the lookup stops
    /// there: it does not go on to the `region.hcl` of a folder further up.
    @Test func aBrokenFileStopsTheLookupAndIsAnError() throws {
        let fixture = TerraformFixture(Self.live(more: [
            "live/prod/region.hcl": "locals {\n  aws_region = \n}\n",
            "live/region.hcl": "locals {\n  aws_region = \"eu-west-1\"\n}\n",
        ]))
        #expect(fixture.component(Self.bucket) != nil)
        #expect(!fixture.isDown(Self.bucket, when: "service:aws/eu-west-1/s3"))
        #expect(fixture.diagnostics.contains { $0.severity == .error && $0.path == "live/prod/region.hcl" && $0.line == 2 }, "\(fixture.diagnostics)")
    }

    /// Each file `read_terragrunt_config` reads is evaluated once, and locals once each in the
    /// order they use each other, however they are written: a file reading itself sixty times
    /// and two thousand locals chained backwards still give their values.
    @Test func readsAndLocalsAreEvaluatedOnce() throws {
        let reads = (0..<60).map { "  r\($0) = read_terragrunt_config(\"a.hcl\")" }.joined(separator: "\n")
        let unit = """
            locals {
              region = read_terragrunt_config("a.hcl").locals.aws_region
            }
            terraform {
              source = "../../../modules//app"
            }
            inputs = {
              region = local.region
              bucket = "acme-assets"
            }

            """
        let looping = TerraformFixture(Self.live(unit: unit, more: [
            "live/prod/app/a.hcl": "locals {\n  aws_region = \"eu-west-1\"\n\(reads)\n}\n",
        ]))
        #expect(looping.isDown(Self.bucket, when: "service:aws/eu-west-1/s3"))
        let chained = (0..<2_000).map { "  l\($0) = local.l\($0 + 1)" }.joined(separator: "\n") + "\n  l2000 = \"eu-central-1\""
        let backwards = unit.replacingOccurrences(of: "  region = read_terragrunt_config(\"a.hcl\").locals.aws_region", with: "  region = local.l0\n" + chained)
        #expect(TerraformFixture(Self.live(unit: backwards)).isDown(Self.bucket, when: "service:aws/eu-central-1/s3"))
    }

    /// A unit without a source runs the Terraform files beside it, its inputs their variables'
    /// values, which a `terraform.tfvars` there overrides; a module call's own arguments among
    /// the inputs (`count`) set nothing; `./` and `../` alone are local sources.
    @Test func inputsOfAUnitWithoutASourceAndOddKeys() throws {
        let unit = """
            inputs = {
              region = "eu-west-1"
              count  = 0
            }

            """
        let beside = TerraformFixture(["live/prod/app/terragrunt.hcl": unit, "live/prod/app/main.tf": Self.module])
        let id = "tf:live/prod/app/aws_s3_bucket.assets"
        #expect(beside.isDown(id, when: "service:aws/eu-west-1/s3"), "\(beside.topology.ids) \(beside.diagnostics)")
        let overridden = TerraformFixture([
            "live/prod/app/terragrunt.hcl": unit, "live/prod/app/main.tf": Self.module,
            "live/prod/app/terraform.tfvars": "region = \"us-west-2\"\n",
        ])
        #expect(overridden.isDown(id, when: "service:aws/us-west-2/s3"))

        let counted = TerraformFixture(Self.live(unit: Self.unit.replacingOccurrences(of: "  bucket = \"acme-assets\"", with: "  bucket = \"acme-assets\"\n  count  = 0")))
        #expect(counted.component(Self.bucket) != nil, "\(counted.topology.ids)")
        let parent = TerraformFixture([
            "app/main.tf": Self.module, "app/live/terragrunt.hcl": "terraform {\n  source = \"../\"\n}\ninputs = {\n  region = \"eu-west-1\"\n}\n",
        ])
        #expect(parent.isDown("tf:app/live/module.terragrunt.aws_s3_bucket.assets", when: "service:aws/eu-west-1/s3"), "\(parent.topology.ids)")
    }

    /// Only what `generate` writes into a file Terraform loads counts; what cannot be read is
    /// said, at the `generate` block.
    @Test func generateCountsOnlyForTerraformFiles() {
        func unit(path: String, contents: String) -> String {
            """
            terraform {
              source = "../../../modules//app"
            }
            generate "provider" {
              path     = "\(path)"
              contents = <<EOF
            \(contents)
            EOF
            }
            inputs = {
              bucket = "acme-assets"
            }

            """
        }
        let module = "variable \"bucket\" {}\nresource \"aws_s3_bucket\" \"assets\" {\n  bucket = var.bucket\n}\n"
        let provider = "provider \"aws\" {\n  region = \"ap-south-1\"\n}"
        let loaded = TerraformFixture(Self.live(unit: unit(path: "provider.tf", contents: provider), more: ["modules/app/main.tf": module]))
        #expect(loaded.isDown(Self.bucket, when: "service:aws/ap-south-1/s3"))
        let example = TerraformFixture(Self.live(unit: unit(path: "examples/provider.tf.example", contents: provider), more: ["modules/app/main.tf": module]))
        #expect(!example.isDown(Self.bucket, when: "service:aws/ap-south-1/s3"))
        let broken = TerraformFixture(Self.live(unit: unit(path: "provider.tf", contents: "provider \"aws\" {"), more: ["modules/app/main.tf": module]))
        #expect(broken.diagnostics.contains { $0.summary.contains("does not parse as HCL") && $0.line == 4 }, "\(broken.diagnostics)")
        let json = TerraformFixture(Self.live(unit: unit(path: "provider.tf.json", contents: "{}"), more: ["modules/app/main.tf": module]))
        #expect(json.diagnostics.contains { $0.summary.contains("writes JSON") })
    }

    /// A broken file that held the unit's source leaves no unit, and its error is still said;
    /// a file that spends its budget leaves the other units known, and the warning is its own;
    /// a unit's locals see what it includes.
    @Test func problemsStayWithTheirFiles() throws {
        let broken = TerraformFixture(Self.live(
            unit: "include \"common\" {\n  path = \"../../common.hcl\"\n}\ninputs = {\n  region = \"us-east-1\"\n}\n",
            more: ["live/common.hcl": "terraform {\n  source = \n}\n"]))
        #expect(broken.diagnostics.contains { $0.severity == .error && $0.path == "live/common.hcl" && $0.line == 2 }, "\(broken.diagnostics)")

        let hostile = TerraformFixture(Self.live(more: [
            "live/aa/terragrunt.hcl": "locals {\n  x = [for i in range(1500) : length([for j in range(1500) : i])]\n}\n",
        ]))
        #expect(hostile.isDown(Self.bucket, when: "service:aws/us-east-1/s3"), "\(hostile.diagnostics)")
        #expect(hostile.diagnostics.contains { $0.path == "live/aa/terragrunt.hcl" && $0.summary.contains("more steps") })

        let viaInclude = Self.unit
            .replacingOccurrences(of: "  region = read_terragrunt_config(find_in_parent_folders(\"region.hcl\")).locals.aws_region",
                                  with: "  region = include.root.locals.aws_region")
        let root = "locals {\n  aws_region = \"eu-west-1\"\n}\n" + Self.root
        let included = TerraformFixture(Self.live(unit: viaInclude, more: ["live/root.hcl": root]))
        #expect(included.isDown(Self.bucket, when: "service:aws/eu-west-1/s3"), "\(included.diagnostics)")
    }

    @Test(arguments: [("live/prod/app", "live", "prod/app"), ("live", "live/prod/app", "../.."), ("a", "a", "."), ("x/y", "z", "../x/y")])
    func relativePaths(to: String, from: String, expected: String) {
        #expect(Terragrunt.relative(from: from, to: to) == expected)
    }
}
