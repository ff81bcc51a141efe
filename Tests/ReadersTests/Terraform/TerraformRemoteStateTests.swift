import HCL
import Model
import Testing

@testable import Readers

/// `data "terraform_remote_state"`: a root reading the state another root of the repository
/// keeps gets that root's outputs, so what it does with them needs that root's resources.
@Suite struct TerraformRemoteStateTests {
    static let network = """
        terraform {
          backend "s3" {
            bucket = "acme-tfstate"
            key    = "network/terraform.tfstate"
            region = "us-east-1"
          }
        }
        provider "aws" { region = "us-east-1" }
        resource "aws_db_instance" "main" {
          engine   = "postgres"
          multi_az = false
        }
        output "db_address" { value = aws_db_instance.main.address }

        """

    static func app(_ source: String) -> String {
        """
        provider "aws" { region = "us-east-1" }
        variable "state_bucket" { default = "acme-tfstate" }
        \(source)
        resource "aws_lambda_function" "api" {
          function_name = "api"
          environment {
            variables = {
              DB_HOST = data.terraform_remote_state.network.outputs.db_address
            }
          }
        }
        resource "aws_lambda_function_url" "api" {
          function_name      = aws_lambda_function.api.function_name
          authorization_type = "NONE"
        }

        """
    }

    static let s3Source = """
        data "terraform_remote_state" "network" {
          backend = "s3"
          config = {
            bucket = var.state_bucket
            key    = "network/terraform.tfstate"
            region = "us-east-1"
          }
        }
        """

    @Test func aRootReadsTheOutputsOfTheRootKeepingTheState() throws {
        let fixture = TerraformFixture(["network/main.tf": Self.network, "app/main.tf": Self.app(Self.s3Source)])
        let api = try #require(fixture.component("tf:app/aws_lambda_function.api"), "\(fixture.topology.ids)")
        #expect(api.requirements.flatMap(\.alternatives) == ["tf:network/aws_db_instance.main"], "\(api.requirements)")
        #expect(api.requirements.first?.provenance?.path == "app/main.tf")
        #expect(fixture.isDown("tf:app/aws_lambda_function_url.api", when: "service:aws/us-east-1/rds"))
        #expect(!fixture.diagnostics.contains { $0.summary.contains("terraform_remote_state") }, "\(fixture.diagnostics)")
    }

    /// A root without a backend keeps `terraform.tfstate` in its folder, which a `local`
    /// source names by its path from the reading root.
    @Test func localStatesAndChainsOfRoots() throws {
        let network = Self.network.replacingOccurrences(of: "backend \"s3\"", with: "backend \"local\"")
            .replacingOccurrences(of: "bucket = \"acme-tfstate\"\n    key    = \"network/terraform.tfstate\"\n    region = \"us-east-1\"", with: "path = \"state/network.tfstate\"")
        // A middle root passing the address on, read by the app: two rounds.
        let middle = """
            data "terraform_remote_state" "network" {
              backend = "local"
              config  = { path = "../network/state/network.tfstate" }
            }
            output "db" { value = data.terraform_remote_state.network.outputs.db_address }

            """
        let source = """
            data "terraform_remote_state" "network" {
              backend = "local"
              config  = { path = "../middle/terraform.tfstate" }
            }
            """
        let app = Self.app(source).replacingOccurrences(of: "outputs.db_address", with: "outputs.db")
        let fixture = TerraformFixture(["network/main.tf": network, "middle/main.tf": middle, "app/main.tf": app])
        let api = try #require(fixture.component("tf:app/aws_lambda_function.api"), "\(fixture.topology.ids)")
        #expect(api.requirements.flatMap(\.alternatives) == ["tf:network/aws_db_instance.main"], "\(api.requirements) \(fixture.diagnostics)")
    }

    /// A state no root keeps, one named with unknown values and one of another workspace are
    /// notes at their sources; their outputs stay unknown.
    @Test func statesNoRootKeepsAreNotes() throws {
        let sources = """
            data "terraform_remote_state" "network" {
              backend = "s3"
              config  = { bucket = "elsewhere", key = "network/terraform.tfstate" }
            }
            variable "unset" {}
            data "terraform_remote_state" "unknown" {
              backend = "s3"
              config  = { bucket = var.unset, key = "k" }
            }
            data "terraform_remote_state" "staging" {
              backend   = "s3"
              workspace = "staging"
              config    = { bucket = "acme-tfstate", key = "network/terraform.tfstate" }
            }
            """
        let fixture = TerraformFixture(["network/main.tf": Self.network, "app/main.tf": Self.app(sources)])
        let api = try #require(fixture.component("tf:app/aws_lambda_function.api"), "\(fixture.topology.ids)")
        #expect(!api.requirements.flatMap(\.alternatives).contains("tf:network/aws_db_instance.main"), "\(api.requirements)")
        let notes = fixture.diagnostics.filter { $0.summary.contains("terraform_remote_state") }
        #expect(notes.map(\.line) == [3, 8, 12], "\(notes)")
        #expect(notes.allSatisfy { $0.severity == .note && $0.path == "app/main.tf" })
        #expect(notes.first?.summary.contains("s3://elsewhere/network/terraform.tfstate") == true)
    }

    @Test func statesAreNamedByTheirBackends() {
        #expect(TerraformRemoteState.state(type: "s3", settings: ["bucket": "b", "key": "k"], root: "x") == "s3://b/k")
        #expect(TerraformRemoteState.state(type: "s3", settings: ["bucket": "b"], root: "x") == nil)
        #expect(TerraformRemoteState.state(type: "gcs", settings: ["bucket": "b", "prefix": "p"], root: "x") == "gcs://b/p")
        #expect(TerraformRemoteState.state(type: "azurerm", settings: ["storage_account_name": "a", "container_name": "c", "key": "k"], root: "x") == "azurerm://a/c/k")
        #expect(TerraformRemoteState.state(type: "local", settings: [:], root: "envs/prod") == "local:envs/prod/terraform.tfstate")
        #expect(TerraformRemoteState.state(type: "local", settings: ["path": "../net/s.tfstate"], root: "envs/prod") == "local:envs/net/s.tfstate")
        #expect(TerraformRemoteState.state(type: "remote", settings: ["organization": "o"], root: "x") == nil)
    }
}

/// What a review of remote states found: Terragrunt units' states, instances of a source,
/// prefixes, long chains, child modules and local paths.
@Suite struct TerraformRemoteStateReviewTests {
    static let db = """
        resource "aws_db_instance" "main" {
          engine   = "postgres"
          multi_az = false
        }
        output "db_address" { value = aws_db_instance.main.address }

        """

    static func app(_ sources: String, env: String) -> String {
        """
        provider "aws" { region = "us-east-1" }
        \(sources)
        resource "aws_lambda_function" "api" {
          function_name = "api"
          environment {
            variables = {
              \(env)
            }
          }
        }

        """
    }

    /// A unit's state holds its source module's outputs.
    @Test func aTerragruntUnitsStateHoldsItsModulesOutputs() throws {
        let root = """
            remote_state {
              backend = "s3"
              config = {
                bucket = "acme-tfstate"
                key    = "${path_relative_to_include()}/terraform.tfstate"
                region = "us-east-1"
              }
            }
            generate "provider" {
              path      = "provider.tf"
              if_exists = "overwrite"
              contents  = "provider \\"aws\\" { region = \\"us-east-1\\" }"
            }

            """
        let unit = "include \"root\" {\n  path = find_in_parent_folders(\"root.hcl\")\n}\nterraform {\n  source = \"../../modules/network\"\n}\n"
        let source = "data \"terraform_remote_state\" \"network\" {\n  backend = \"s3\"\n  config = { bucket = \"acme-tfstate\", key = \"network/terraform.tfstate\" }\n}"
        let fixture = TerraformFixture([
            "modules/network/main.tf": Self.db, "live/root.hcl": root, "live/network/terragrunt.hcl": unit,
            "app/main.tf": Self.app(source, env: "DB_HOST = data.terraform_remote_state.network.outputs.db_address"),
        ])
        let api = try #require(fixture.component("tf:app/aws_lambda_function.api"), "\(fixture.topology.ids)")
        #expect(api.requirements.flatMap(\.alternatives).contains { $0.hasPrefix("tf:live/network/") && $0.hasSuffix("aws_db_instance.main") },
                "\(api.requirements) \(fixture.diagnostics)")
    }

    /// `count` and `for_each` make instances, each reading its own state; `count = 0` reads
    /// nothing and says nothing.
    @Test func instancesOfASource() throws {
        let sources = """
            data "terraform_remote_state" "byCount" {
              count   = 1
              backend = "local"
              config  = { path = "../network/terraform.tfstate" }
            }
            data "terraform_remote_state" "byKey" {
              for_each = toset(["network"])
              backend  = "local"
              config   = { path = "../${each.key}/terraform.tfstate" }
            }
            variable "use_shared" { default = false }
            data "terraform_remote_state" "shared" {
              count   = var.use_shared ? 1 : 0
              backend = "s3"
              config  = { bucket = "other-org-state", key = "shared.tfstate" }
            }
            """
        let env = """
            A = data.terraform_remote_state.byCount[0].outputs.db_address
                  B = data.terraform_remote_state.byKey["network"].outputs.db_address
            """
        let fixture = TerraformFixture(["network/main.tf": Self.db, "app/main.tf": Self.app(sources, env: env)])
        let api = try #require(fixture.component("tf:app/aws_lambda_function.api"), "\(fixture.topology.ids)")
        let needs = api.requirements.filter { $0.alternatives == ["tf:network/aws_db_instance.main"] }
        #expect(needs.count == 2, "\(api.requirements)")
        #expect(!fixture.diagnostics.contains { $0.summary.contains("terraform_remote_state") }, "\(fixture.diagnostics)")
    }

    /// A chain longer than the rounds is a warning; a source in a called module is a note;
    /// a local path climbing out of the repository, or absolute, matches no root.
    @Test func chainsChildModulesAndPaths() throws {
        var files = ["r0/main.tf": "resource \"aws_db_instance\" \"main\" { engine = \"postgres\" }\noutput \"db\" { value = aws_db_instance.main.address }\n"]
        for index in 1...6 {
            files["r\(index)/main.tf"] = "data \"terraform_remote_state\" \"prev\" {\n  backend = \"local\"\n  config  = { path = \"../r\(index - 1)/terraform.tfstate\" }\n}\noutput \"db\" { value = data.terraform_remote_state.prev.outputs.db }\n"
        }
        let chain = TerraformFixture(files)
        #expect(chain.diagnostics.filter { $0.summary.contains("still changed after 4 rounds") }.count == 1, "\(chain.diagnostics)")

        let module = "data \"terraform_remote_state\" \"network\" {\n  backend = \"local\"\n  config  = { path = \"${path.root}/../network/terraform.tfstate\" }\n}\n"
        let paths = """
            data "terraform_remote_state" "up" {
              backend = "local"
              config  = { path = "../../../network/terraform.tfstate" }
            }
            data "terraform_remote_state" "absolute" {
              backend = "local"
              config  = { path = "/srv/state/network.tfstate" }
            }
            module "svc" { source = "../modules/svc" }
            """
        let fixture = TerraformFixture([
            "network/main.tf": Self.db, "modules/svc/main.tf": module,
            "app/main.tf": Self.app(paths, env: "UP = data.terraform_remote_state.up.outputs.db_address"),
        ])
        let api = try #require(fixture.component("tf:app/aws_lambda_function.api"), "\(fixture.topology.ids)")
        #expect(api.requirements.isEmpty, "\(api.requirements)")
        let notes = fixture.diagnostics.filter { $0.summary.contains("terraform_remote_state") }
        #expect(notes.contains { $0.path == "modules/svc/main.tf" && $0.summary.contains("module another calls") }, "\(notes)")
        #expect(notes.contains { $0.summary.contains("local:../../../network/terraform.tfstate") }, "\(notes)")
        #expect(notes.contains { $0.summary.contains("local:/srv/state/network.tfstate") }, "\(notes)")
    }

    @Test func gcsPrefixesWithOrWithoutASlash() {
        #expect(TerraformRemoteState.state(type: "gcs", settings: ["bucket": "b", "prefix": "network/"], root: "x")
                == TerraformRemoteState.state(type: "gcs", settings: ["bucket": "b", "prefix": "network"], root: "x"))
    }
}

/// Terragrunt `dependency` outputs: an input that is one reads the dependency unit's module
/// outputs, as a remote state of its folder.
@Suite struct TerragruntDependencyTests {
    static let root = """
        generate "provider" {
          path      = "provider.tf"
          if_exists = "overwrite"
          contents  = "provider \\"aws\\" { region = \\"us-east-1\\" }"
        }

        """
    static let db = """
        resource "aws_db_instance" "main" {
          engine   = "postgres"
          multi_az = false
        }
        output "address" { value = aws_db_instance.main.address }

        """
    static let api = """
        variable "db_host" {}
        variable "db_url" { default = "" }
        variable "other" { default = "" }
        resource "aws_lambda_function" "api" {
          function_name = "api"
          environment {
            variables = {
              DB_HOST = var.db_host
              DB_URL  = var.db_url
              OTHER   = var.other
            }
          }
        }
        resource "aws_lambda_function_url" "api" {
          function_name      = aws_lambda_function.api.function_name
          authorization_type = "NONE"
        }

        """

    static func unit(_ body: String) -> String {
        "include \"root\" {\n  path = find_in_parent_folders(\"root.hcl\")\n}\nterraform {\n  source = \"../../modules/api\"\n}\n" + body
    }

    @Test func inputsFromADependencysOutputs() throws {
        let api = Self.unit("""
            dependency "db" {
              config_path  = "../db"
              mock_outputs = { address = "mock" }
            }
            dependency "gone" {
              config_path = "../gone"
            }
            inputs = {
              db_host = dependency.db.outputs.address
              db_url  = "${dependency.db.outputs["address"]}"
              other   = dependency.gone.outputs.url
            }

            """)
        let fixture = TerraformFixture([
            "modules/db/main.tf": Self.db, "modules/api/main.tf": Self.api, "live/root.hcl": Self.root,
            "live/db/terragrunt.hcl": "include \"root\" {\n  path = find_in_parent_folders(\"root.hcl\")\n}\nterraform {\n  source = \"../../modules/db\"\n}\n",
            "live/api/terragrunt.hcl": api,
        ])
        let function = try #require(fixture.component("tf:live/api/module.terragrunt.aws_lambda_function.api"), "\(fixture.topology.ids)")
        let needs = function.requirements.filter { $0.alternatives == ["tf:live/db/module.terragrunt.aws_db_instance.main"] }
        #expect(needs.count == 2, "\(function.requirements) \(fixture.diagnostics)")
        #expect(fixture.isDown("tf:live/api/module.terragrunt.aws_lambda_function_url.api", when: "service:aws/us-east-1/rds"))
        let notes = fixture.diagnostics.filter { $0.summary.contains("dependency") }
        #expect(notes.count == 1 && notes.first?.summary.contains("live/gone") == true && notes.first?.line == 11, "\(fixture.diagnostics)")
    }

    @Test func referencesThatAreNotOutputs() throws {
        func parsed(_ text: String) -> Expression? { NativeSyntax.parseExpression(text).0 }
        #expect(TerragruntDependency.reference(try #require(parsed("dependency.db.outputs.address")))?.dependency == "db")
        #expect(TerragruntDependency.reference(try #require(parsed("dependency.db.mock_outputs.address"))) == nil)
        #expect(TerragruntDependency.reference(try #require(parsed("dependency.db"))) == nil)
        #expect(TerragruntDependency.reference(try #require(parsed("upper(dependency.db.outputs.address)"))) == nil)
        #expect(TerragruntDependency.reference(try #require(parsed("local.db"))) == nil)
    }

    /// What a review found: `get_terragrunt_dir()` in a dependency's path, a unit without a
    /// source, a key Terragrunt computes, an absolute path, a unit another module calls.
    @Test func reviewedForms() throws {
        let dbUnit = "include \"root\" {\n  path = find_in_parent_folders(\"root.hcl\")\n}\nterraform {\n  source = \"../../modules/db\"\n}\n"
        let files = ["modules/db/main.tf": Self.db, "modules/api/main.tf": Self.api, "live/root.hcl": Self.root, "live/db/terragrunt.hcl": dbUnit]
        func needsDB(_ unit: String, extra: [String: String] = [:], id: String = "tf:live/api/module.terragrunt.aws_lambda_function.api") throws -> (Bool, TerraformFixture) {
            let fixture = TerraformFixture(files.merging(["live/api/terragrunt.hcl": unit]) { $1 }.merging(extra) { $1 })
            let function = try #require(fixture.component(id), "\(fixture.topology.ids)")
            return (function.requirements.flatMap(\.alternatives).contains { $0.hasPrefix("tf:live/db/") }, fixture)
        }
        let byDir = Self.unit("dependency \"db\" {\n  config_path = \"${get_terragrunt_dir()}/../db\"\n}\ninputs = {\n  db_host = dependency.db.outputs.address\n}\n")
        #expect(try needsDB(byDir).0)

        // No source: the unit's own Terraform files get the inputs as variables.
        let noSource = "include \"root\" {\n  path = find_in_parent_folders(\"root.hcl\")\n}\ndependency \"db\" {\n  config_path = \"../db\"\n}\ninputs = {\n  db_host = dependency.db.outputs.address\n}\n"
        #expect(try needsDB(noSource, extra: ["live/api/main.tf": Self.api], id: "tf:live/api/aws_lambda_function.api").0)

        // A key Terragrunt would compute is not the root's to compute: unknown.
        let computedKey = Self.unit("locals {\n  k = \"address\"\n}\ndependency \"db\" {\n  config_path = \"../db\"\n}\ninputs = {\n  db_host = dependency.db.outputs[local.k]\n}\n")
        #expect(try !needsDB(computedKey, extra: ["live/api/locals.tf": "locals {\n  k = \"address\"\n}\n"]).0)

        let absolute = Self.unit("dependency \"db\" {\n  config_path = \"/db\"\n}\ninputs = {\n  db_host = dependency.db.outputs.address\n}\n")
        let (found, fixture) = try needsDB(absolute, extra: ["live/api/db/terragrunt.hcl": dbUnit.replacingOccurrences(of: "../../modules", with: "../../../modules")])
        #expect(!found)
        #expect(fixture.diagnostics.contains { $0.summary.contains("names a folder Faultline cannot work out") }, "\(fixture.diagnostics)")

        // A unit whose folder another module calls: its dependency is not read there, said so.
        let called = TerraformFixture(files.merging([
            "live/api/terragrunt.hcl": byDir, "stack/main.tf": "provider \"aws\" {\n  region = \"us-east-1\"\n}\nmodule \"api\" {\n  source = \"../live/api\"\n}\n",
        ]) { $1 })
        #expect(!called.diagnostics.contains { $0.summary.contains(TerragruntDependency.prefix) }, "\(called.diagnostics)")
    }
}
