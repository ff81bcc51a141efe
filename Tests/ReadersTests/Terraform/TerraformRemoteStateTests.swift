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
