import Model
import Simulation
import Testing

@testable import Readers

/// Changing what a root module declares needs its state store: a fix to a bucket in
/// us-west-2 does not ship while the state bucket's region is down.
@Suite struct TerraformDeliveryTests {
    /// A CloudFront distribution serving a us-west-2 bucket, from a root whose state is kept in
    /// us-east-1.
    static func site(backend: String) -> String {
        """
        terraform {
          required_version = ">= 1.5"
        \(backend)
        }
        provider "aws" {
          region = "us-west-2"
        }
        resource "aws_s3_bucket" "assets" {
          bucket = "weave-ui-assets"
        }
        resource "aws_cloudfront_distribution" "ui" {
          origin {
            domain_name = aws_s3_bucket.assets.bucket_regional_domain_name
            origin_id   = "assets"
          }
        }

        """
    }

    static func undeliverable(_ fixture: TerraformFixture, when domain: String) -> [String] {
        guard let target = FailureDomain(id: domain) else { return [] }
        return fixture.engine.outcome(of: Scenario(target)).undeliverable
    }

    @Test func anS3StateBucketAndLockTableAreNeededToShip() throws {
        let backend = """
              backend "s3" {
                bucket         = "acme-terraform-state"
                key            = "web/terraform.tfstate"
                region         = "us-east-1"
                dynamodb_table = "terraform-locks"
              }
            """
        let fixture = TerraformFixture(["infra/main.tf": Self.site(backend: backend)])
        let cdn = try #require(fixture.component("tf:infra/aws_cloudfront_distribution.ui"))
        #expect(cdn.isEntrypoint)
        let deliver = cdn.requirements.filter { $0.phase == .deliver }
        #expect(deliver.flatMap(\.alternatives) == ["url:acme-terraform-state.s3.us-east-1.amazonaws.com", "url:dynamodb.us-east-1.amazonaws.com"])
        #expect(deliver.allSatisfy { $0.provenance?.path == "infra/main.tf" && $0.provenance?.line == 3 })
        #expect(fixture.component("tf:infra/aws_s3_bucket.assets")?.requirements.filter { $0.phase == .deliver }.count == 2)
        // Serving goes on in us-east-1's outage; shipping a fix does not.
        #expect(!fixture.isDown("tf:infra/aws_cloudfront_distribution.ui", when: "service:aws/us-east-1/s3"))
        #expect(Self.undeliverable(fixture, when: "service:aws/us-east-1/s3").contains("tf:infra/aws_cloudfront_distribution.ui"))
        #expect(Self.undeliverable(fixture, when: "service:aws/us-east-1/dynamodb").contains("tf:infra/aws_cloudfront_distribution.ui"))
        #expect(!Self.undeliverable(fixture, when: "service:aws/us-west-2/dynamodb").contains("tf:infra/aws_cloudfront_distribution.ui"))
    }

    /// A state bucket the repository declares is that resource, with its replication.
    @Test func aDeclaredStateBucketIsTheResource() throws {
        let backend = """
              backend "s3" {
                bucket = "weave-ui-assets"
                region = "us-west-2"
              }
            """
        let fixture = TerraformFixture(["infra/main.tf": Self.site(backend: backend)])
        let cdn = try #require(fixture.component("tf:infra/aws_cloudfront_distribution.ui"))
        #expect(cdn.requirements.filter { $0.phase == .deliver }.flatMap(\.alternatives) == ["tf:infra/aws_s3_bucket.assets"])
        // The bucket needs no requirement on itself.
        #expect(fixture.component("tf:infra/aws_s3_bucket.assets")?.requirements.isEmpty == true)
    }

    /// The Kubernetes objects and Helm releases a root declares are applied with its state too.
    @Test func kubernetesObjectsAndReleasesOfARootNeedItsState() throws {
        let main = """
            terraform {
              backend "s3" {
                bucket = "acme-terraform-state"
                region = "us-east-1"
              }
            }
            module "app" {
              source = "../modules/app"
            }
            resource "helm_release" "web" {
              name  = "web"
              chart = "oci://ghcr.io/acme/charts/web"
            }

            """
        let app = """
            resource "kubernetes_deployment_v1" "api" {
              metadata {
                name = "api"
              }
              spec {
                template {
                  metadata {
                    labels = { app = "api" }
                  }
                  spec {
                    container {
                      name  = "api"
                      image = "ghcr.io/acme/api:1"
                    }
                  }
                }
              }
            }
            """
        let fixture = TerraformFixture(["infra/main.tf": main, "modules/app/main.tf": app])
        let state = "url:acme-terraform-state.s3.us-east-1.amazonaws.com"
        let api = try #require(fixture.component("k8s:Deployment/default/api"))
        #expect(api.requirements.filter { $0.phase == .deliver }.flatMap(\.alternatives) == [state])
        let web = try #require(fixture.component("tf:infra/helm_release.web"))
        #expect(web.requirements.filter { $0.phase == .deliver }.flatMap(\.alternatives).sorted() == ["registry:ghcr.io", state])
    }

    /// The JSON syntax says the same: `"backend": {"s3": {…}}` in a `terraform` object, and
    /// HCP Terraform's `"cloud"`, are where the state is kept.
    @Test func backendsWrittenInJSONAreRead() throws {
        let json = """
            {
              "terraform": {
                "required_version": ">= 1.5",
                "backend": {
                  "s3": {"bucket": "acme-terraform-state", "key": "web/terraform.tfstate", "region": "us-east-1", "dynamodb_table": "terraform-locks"}
                }
              },
              "provider": {"aws": {"region": "us-west-2"}},
              "resource": {"aws_s3_bucket": {"assets": {"bucket": "weave-ui-assets"}}}
            }
            """
        let cloud = """
            {"terraform": [{"cloud": {"organization": "acme", "workspaces": {"name": "web"}}}],
             "resource": {"aws_s3_bucket": {"assets": {"bucket": "staging-assets"}}}}
            """
        let fixture = TerraformFixture(["infra/main.tf.json": json, "staging/main.tf.json": cloud])
        let bucket = try #require(fixture.component("tf:infra/aws_s3_bucket.assets"))
        let deliver = bucket.requirements.filter { $0.phase == .deliver }
        #expect(deliver.flatMap(\.alternatives) == ["url:acme-terraform-state.s3.us-east-1.amazonaws.com", "url:dynamodb.us-east-1.amazonaws.com"])
        #expect(deliver.allSatisfy { $0.provenance?.path == "infra/main.tf.json" && $0.provenance?.line == 5 })
        #expect(Self.undeliverable(fixture, when: "service:aws/us-east-1/s3").contains("tf:infra/aws_s3_bucket.assets"))
        let staging = try #require(fixture.component("tf:staging/aws_s3_bucket.assets"))
        #expect(staging.requirements.filter { $0.phase == .deliver }.flatMap(\.alternatives) == ["url:app.terraform.io"])
    }

    /// Other roots keep their own state; HCP Terraform is a SaaS of its own; settings given
    /// at `terraform init` and backends Faultline does not read are named in a note.
    @Test func eachRootHasItsOwnBackend() throws {
        let staging = Self.site(backend: "  cloud {\n    organization = \"acme\"\n    workspaces { name = \"web\" }\n  }")
        let partial = Self.site(backend: "  backend \"s3\" {}")
        let consul = Self.site(backend: "  backend \"consul\" {\n    path = \"web\"\n  }")
        let fixture = TerraformFixture(["staging/main.tf": staging, "dev/main.tf": partial, "qa/main.tf": consul])
        let cdn = try #require(fixture.component("tf:staging/aws_cloudfront_distribution.ui"))
        #expect(cdn.requirements.filter { $0.phase == .deliver }.flatMap(\.alternatives) == ["url:app.terraform.io"])
        #expect(fixture.component("url:app.terraform.io")?.sites.flatMap(\.domains).map(\.id) == ["saas:hcp-terraform"])
        #expect(Self.undeliverable(fixture, when: "saas:hcp-terraform") == ["tf:staging/aws_cloudfront_distribution.ui", "tf:staging/aws_s3_bucket.assets"])
        for root in ["dev", "qa"] {
            #expect(fixture.component("tf:\(root)/aws_cloudfront_distribution.ui")?.requirements.contains { $0.phase == .deliver } == false)
        }
        #expect(fixture.diagnostics.contains { $0.path == "dev/main.tf" && $0.summary.contains("the s3 backend's bucket is not written here") })
        #expect(fixture.diagnostics.contains { $0.path == "qa/main.tf" && $0.summary.contains("the consul backend is not read") })
    }

    /// The pipeline that runs `terraform apply` on a root is on the delivery path of what the
    /// root declares: its CI system and the images its jobs run in — CircleCI in
    /// `hashicorp/terraform` from Docker Hub, both down in us-east-1's S3 outage of 2017.
    @Test func aPipelineApplyingTheRootIsNeededToShip() throws {
        let circle = """
            version: 2.1
            jobs:
              apply:
                docker:
                  - image: hashicorp/terraform:1.9
                steps:
                  - checkout
                  - run: terraform -chdir=infra init
                  - run: |
                      export TF_IN_AUTOMATION=1
                      terraform -chdir=infra apply -auto-approve
              plan:
                docker:
                  - image: cimg/base:current
                steps:
                  - run: cd staging && terraform plan
            """
        let fixture = TerraformFixture([
            "infra/main.tf": Self.site(backend: ""), "staging/main.tf": Self.site(backend: ""), ".circleci/config.yml": circle,
        ])
        let cdn = try #require(fixture.component("tf:infra/aws_cloudfront_distribution.ui"))
        let deliver = cdn.requirements.filter { $0.phase == .deliver }
        // The images of the applying job, not the plan job's.
        #expect(deliver.flatMap(\.alternatives).sorted() == ["ci:circleci", "image:docker.io/hashicorp/terraform"])
        #expect(deliver.first { $0.alternatives == ["ci:circleci"] }?.provenance?.line == 11)
        #expect(deliver.flatMap(\.alternatives).contains("image:docker.io/hashicorp/terraform"))
        #expect(!fixture.isDown("tf:infra/aws_cloudfront_distribution.ui", when: "service:aws/us-east-1/s3"))
        #expect(Self.undeliverable(fixture, when: "service:aws/us-east-1/s3").contains("tf:infra/aws_cloudfront_distribution.ui"))
        #expect(Self.undeliverable(fixture, when: "saas:dockerhub").contains("tf:infra/aws_s3_bucket.assets"))
        // `terraform plan` changes nothing; the staging root is applied by no pipeline.
        #expect(fixture.component("tf:staging/aws_cloudfront_distribution.ui")?.requirements.contains { $0.phase == .deliver } == false)
    }

    /// GitHub Actions (`working-directory`, dflook's apply action) and GitLab CI (`cd` in a
    /// job's script); a folder that is not literal, or holds no root, is named in a note.
    @Test func appliesAreFoundInEachCISystem() throws {
        let github = """
            on: push
            jobs:
              prod:
                runs-on: ubuntu-latest
                defaults:
                  run:
                    working-directory: envs/prod
                steps:
                  - uses: hashicorp/setup-terraform@v3
                  - run: terraform apply -auto-approve
              staging:
                runs-on: ubuntu-latest
                steps:
                  - uses: dflook/terraform-apply@v1
                    with:
                      path: envs/staging
              matrix:
                runs-on: ubuntu-latest
                steps:
                  - run: terraform -chdir=envs/${{ matrix.env }} apply
                  - run: terraform -chdir=docs apply
            """
        let gitlab = """
            apply:
              image: registry.gitlab.com/gitlab-org/terraform-images/stable:latest
              script:
                - cd envs/dev
                - tofu apply -auto-approve
            """
        let fixture = TerraformFixture([
            "envs/prod/main.tf": Self.site(backend: ""), "envs/staging/main.tf": Self.site(backend: ""), "envs/dev/main.tf": Self.site(backend: ""),
            ".github/workflows/apply.yml": github, ".gitlab-ci.yml": gitlab,
        ])
        func deliver(_ root: String) -> [String] {
            fixture.component("tf:\(root)/aws_s3_bucket.assets")?.requirements.filter { $0.phase == .deliver }.flatMap(\.alternatives) ?? []
        }
        #expect(deliver("envs/prod") == ["ci:github-actions"])
        #expect(deliver("envs/staging") == ["ci:github-actions"])
        #expect(deliver("envs/dev").sorted() == ["ci:gitlab", "image:registry.gitlab.com/gitlab-org/terraform-images/stable"])
        let notes = fixture.diagnostics.filter { $0.path == ".github/workflows/apply.yml" }.map(\.summary)
        #expect(notes.contains("terraform apply in envs/${{ matrix.env }}, which is not a literal folder, so the root module it applies is not known"))
        #expect(notes.contains("terraform apply in docs, which holds no Terraform root module this commit declares"))
    }

    @Test func scannerFindsApplies() {
        func applies(_ script: String, in folder: String = ".") -> [String] {
            var scanner = DockerBuildScanner(workingDirectory: folder, rootSpellings: ["$GITHUB_WORKSPACE"])
            _ = scanner.builds(in: script, firstLine: 1)
            return scanner.applies.map(\.folder)
        }
        #expect(applies("terraform apply -auto-approve") == ["."])
        #expect(applies("terraform -chdir=infra/prod apply") == ["infra/prod"])
        #expect(applies("terraform -chdir=../prod apply", in: "infra/staging") == ["infra/prod"])
        #expect(applies("cd infra && terraform apply tfplan") == ["infra"])
        #expect(applies("TF_LOG=debug sudo tofu apply") == ["."])
        #expect(applies("terraform -chdir=$GITHUB_WORKSPACE/infra apply") == ["infra"])
        #expect(applies("terraform -chdir=$ROOT apply") == ["$ROOT"])
        #expect(applies("terraform plan -out tfplan\nterraform init\nterraform -chdir=x destroy").isEmpty)
    }

    /// A workflow of many applying jobs, each line repeated, in front of a root of a thousand
    /// resources: each root needs each pipeline's CI system once, and only the images of the
    /// jobs that apply it.
    @Test func appliesAreNeededOncePerPipelineAndJob() throws {
        var jobs = ""
        for index in 0..<50 {
            jobs += "  lint\(index):\n    runs-on: ubuntu-latest\n    container: ghcr.io/acme/lint\(index):1\n    steps:\n      - run: make lint\n"
        }
        let apply = String(repeating: "          terraform -chdir=infra apply -auto-approve\n", count: 200)
        jobs += "  apply:\n    runs-on: ubuntu-latest\n    container: hashicorp/terraform:1.9\n    steps:\n      - run: |\n\(apply)"
        let fixture = TerraformFixture([
            "infra/main.tf": "resource \"aws_sqs_queue\" \"q\" {\n  count = 1000\n  name = \"q${count.index}\"\n}\n",
            ".github/workflows/apply.yml": "on: push\njobs:\n" + jobs,
        ])
        let queue = try #require(fixture.component("tf:infra/aws_sqs_queue.q[999]"))
        #expect(queue.requirements.filter { $0.phase == .deliver }.flatMap(\.alternatives).sorted() == ["ci:github-actions", "image:docker.io/hashicorp/terraform"])
    }

    /// An override file's backend replaces the module's, wherever it is written; one backend
    /// a root; an s3 backend without a region, or on a host Faultline cannot place, is noted.
    @Test func backendOverridesAndIncompleteBackends() throws {
        let fixture = TerraformFixture([
            "prod/main.tf": Self.site(backend: "  required_providers {\n    aws = { source = \"hashicorp/aws\" }\n  }"),
            "prod/versions.tf": "terraform {\n  backend \"s3\" {\n    bucket = \"state-east\"\n    region = \"us-east-1\"\n  }\n}\n",
            "prod/backend_override.tf": "terraform {\n  backend \"s3\" {\n    bucket = \"state-eu\"\n    region = \"eu-west-1\"\n  }\n}\n",
            "dev/main.tf": Self.site(backend: "  backend \"s3\" {\n    bucket = \"state\"\n    dynamodb_table = \"locks\"\n  }"),
            "minio/main.tf": Self.site(backend: "  backend \"s3\" {\n    bucket = \"state\"\n    region = \"us-east-1\"\n    endpoints = { s3 = \"https://minio.internal.example\" }\n  }"),
            "twice/main.tf": Self.site(backend: "  backend \"gcs\" {\n    bucket = \"a\"\n  }"),
            "twice/more.tf": "terraform {\n  backend \"local\" {}\n}\n",
        ])
        let prod = try #require(fixture.component("tf:prod/aws_cloudfront_distribution.ui"))
        let deliver = prod.requirements.filter { $0.phase == .deliver }
        #expect(deliver.flatMap(\.alternatives) == ["url:state-eu.s3.eu-west-1.amazonaws.com"])
        #expect(deliver.first?.provenance?.path == "prod/backend_override.tf")
        #expect(deliver.first?.provenance?.line == 2)
        for root in ["dev", "minio"] {
            #expect(fixture.component("tf:\(root)/aws_cloudfront_distribution.ui")?.requirements.contains { $0.phase == .deliver } == false)
        }
        #expect(fixture.diagnostics.contains { $0.path == "dev/main.tf" && $0.summary.contains("the s3 backend's region is not written here") })
        #expect(fixture.diagnostics.contains { $0.path == "minio/main.tf" && $0.summary.contains("where Faultline cannot place it") })
        #expect(fixture.diagnostics.contains { $0.path == "twice/more.tf" && $0.summary.contains("another backend") })
    }

    /// Only the images of the job that applies: a lint job's image is not on the root's path.
    @Test func onlyTheApplyingJobsImagesCount() throws {
        let gitlab = """
            default:
              image: alpine:3.20
            lint:
              image: node:20
              script: [npm run lint]
            apply:
              script:
                - terraform -chdir=infra apply -auto-approve
            """
        let circle = """
            version: 2.1
            executors:
              tf:
                docker:
                  - image: hashicorp/terraform:1.9
            jobs:
              build:
                docker: [{image: cimg/node:20.1}]
                steps: [checkout]
              apply:
                executor: tf
                steps:
                  - run: terraform -chdir=infra apply -auto-approve
            """
        let fixture = TerraformFixture(["infra/main.tf": Self.site(backend: ""), ".gitlab-ci.yml": gitlab, ".circleci/config.yml": circle])
        let cdn = try #require(fixture.component("tf:infra/aws_cloudfront_distribution.ui"))
        #expect(cdn.requirements.filter { $0.phase == .deliver }.flatMap(\.alternatives).sorted() == [
            "ci:circleci", "ci:gitlab", "image:docker.io/hashicorp/terraform", "image:docker.io/library/alpine",
        ])
    }

    /// Shell forms: keywords before a command, a subshell's `cd`, CircleCI's templates, and a
    /// script of thousands of `pushd`s.
    @Test func scannerFollowsShellForms() {
        func applies(_ script: String) -> [String] {
            var scanner = DockerBuildScanner(workingDirectory: ".", rootSpellings: [])
            _ = scanner.builds(in: script, firstLine: 1)
            return scanner.applies.map(\.folder)
        }
        #expect(applies("if [ -n \"$CI\" ]; then terraform -chdir=infra/prod apply; fi") == ["infra/prod"])
        #expect(applies("for d in a b; do terraform -chdir=infra/$d apply; done") == ["infra/$d"])
        #expect(applies("(cd infra/stage && terraform plan)\nterraform -chdir=infra/prod apply") == ["infra/prod"])
        #expect(applies("terraform -chdir=<< parameters.dir >> apply -auto-approve") == ["<< parameters.dir >>"])
        #expect(applies("sudo -E terraform apply") == ["."])
        let pushes = String(repeating: "pushd infra\n", count: 20_000) + "terraform apply\n"
        #expect(applies(pushes).count == 1)
        // Every `cd` is followed, however many; a `case` pattern closes no subshell.
        var scanner = DockerBuildScanner(workingDirectory: ".", rootSpellings: [])
        let script = (0..<70).map { "cd svc\($0) && docker build -t ghcr.io/acme/svc\($0):1 . && cd .." }.joined(separator: "\n")
        #expect(scanner.builds(in: script, firstLine: 1).map(\.context) == (0..<70).map { "svc\($0)" })
        var cased = DockerBuildScanner(workingDirectory: ".", rootSpellings: [])
        let subshell = "( cd web\ncase \"$ENV\" in prod) echo p ;; esac\ndocker build -t ghcr.io/a/web . )\ndocker build -t ghcr.io/a/root ."
        #expect(cased.builds(in: subshell, firstLine: 1).map(\.context) == ["web", "."])
    }

    /// A `data "http"` source is fetched at every plan: what it names is on the delivery path.
    @Test func dataHTTPSourcesAreFetchedToShip() throws {
        let fetch = """
            data "http" "plugin" {
              url = "https://raw.githubusercontent.com/aws-neuron/aws-neuron-sdk/v2.20.0/src/k8/k8s-neuron-device-plugin.yml"
            }
            variable "policy_url" {
              default = "https://policies.example.com/p.json"
            }
            data "http" "policy" {
              url = var.policy_url
            }

            """
        let fixture = TerraformFixture(["infra/main.tf": Self.site(backend: "") + fetch])
        let cdn = try #require(fixture.component("tf:infra/aws_cloudfront_distribution.ui"))
        let deliver = cdn.requirements.filter { $0.phase == .deliver }
        #expect(deliver.flatMap(\.alternatives) == ["url:raw.githubusercontent.com"])
        #expect(deliver.first?.provenance?.line == 18)
        #expect(Self.undeliverable(fixture, when: "saas:github").contains("tf:infra/aws_cloudfront_distribution.ui"))
    }
}

