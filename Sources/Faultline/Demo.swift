import Foundation
import Git
import Model
import Report
import Simulation

/// `faultline demo`: the Weave Cloud story of 28 February 2017, built as a real repository in a
/// temporary folder through libgit2 (nothing but the binary is needed), then checked twice.
public enum Demo {
    /// The repository, and the two checks: the change that moved the assets to one S3 bucket
    /// (which must fail) and the fix (which must pass).
    public struct Outcome {
        public let path: String
        public let regression: CheckResult
        public let fix: CheckResult
        /// What S3 us-east-1 going down does to the commit that moved the assets.
        public let outage: (suite: OutageSuite, assessment: Assessment, topology: Topology)
    }

    public static func run(in folder: String, today: String) throws(FaultlineError) -> Outcome {
        let repository: Repository
        var commits: [ObjectID] = []
        do {
            repository = try Repository.create(at: folder)
            for (index, step) in steps.enumerated() {
                let author = Signature(name: "Weave Cloud SRE", email: "sre@example.com", time: 1_488_200_000 + Int64(index) * 3_600, offsetMinutes: 0)
                commits.append(try repository.commit(files: step.files, message: step.message, author: author))
            }
            try repository.checkoutHead()
        } catch {
            throw .git(error)
        }
        let analyzer = Analyzer(repository: repository)
        let request = CheckRequest(repo: folder, environment: [:], today: today)
        let regression = try Check.compare(analyzer: analyzer, base: commits[0], baseSource: "--base HEAD~2", head: commits[1], request: request)
        let fix = try Check.compare(analyzer: analyzer, base: commits[1], baseSource: "--base HEAD~1", head: commits[2], request: request)
        let scenario = "service:aws/us-east-1/s3"
        let (suite, assessments) = try analyzer.assess([regression.head], scenarios: [scenario])
        return Outcome(path: folder, regression: regression, fix: fix, outage: (suite, assessments[0], regression.head.topology))
    }

    struct Step {
        let message: String
        let files: [NewFile]
    }

    static let config = NewFile(path: ".faultline.yaml", text: """
        # The cluster the manifests deploy to: three zones of us-east-1.
        version: 1
        clusters:
          - name: prod
            provider: aws
            region: us-east-1
            zones: [us-east-1a, us-east-1b, us-east-1c]

        """)

    static let manifests = NewFile(path: "k8s/ui.yaml", text: """
        apiVersion: apps/v1
        kind: Deployment
        metadata:
          name: ui
          namespace: weave
        spec:
          replicas: 3
          selector:
            matchLabels: {app: ui}
          template:
            metadata:
              labels: {app: ui}
            spec:
              containers:
                - name: ui
                  image: 123456789012.dkr.ecr.us-east-1.amazonaws.com/weaveworks/ui:2017.02.27
                  ports: [{containerPort: 80}]
        ---
        apiVersion: v1
        kind: Service
        metadata: {name: ui, namespace: weave}
        spec:
          selector: {app: ui}
          ports: [{port: 80}]
        ---
        apiVersion: networking.k8s.io/v1
        kind: Ingress
        metadata: {name: ui, namespace: weave}
        spec:
          rules:
            - host: cloud.weave.works
              http:
                paths:
                  - path: /
                    pathType: Prefix
                    backend: {service: {name: ui, port: {number: 80}}}

        """)

    static let dockerfile = NewFile(path: "ui/Dockerfile", text: """
        FROM nginx:1.11
        COPY nginx.conf /etc/nginx/conf.d/default.conf
        COPY index.html /usr/share/nginx/html/index.html
        COPY static/ /usr/share/nginx/html/static/

        """)

    static let circleci = NewFile(path: ".circleci/config.yml", text: """
        version: 2.1
        jobs:
          build:
            docker:
              - image: cimg/base:2017.02
            steps:
              - checkout
              - setup_remote_docker
              - run: docker build -t 123456789012.dkr.ecr.us-east-1.amazonaws.com/weaveworks/ui:$CIRCLE_SHA1 ui
              - run: docker push 123456789012.dkr.ecr.us-east-1.amazonaws.com/weaveworks/ui:$CIRCLE_SHA1
        workflows:
          ship:
            jobs: [build]

        """)

    static func nginx(assets: String?) -> NewFile {
        let location = assets.map { "  location /static/ {\n    proxy_pass \($0)/;\n  }\n" } ?? "  location /static/ {\n    root /usr/share/nginx/html;\n  }\n"
        return NewFile(path: "ui/nginx.conf", text: "server {\n  listen 80;\n  root /usr/share/nginx/html;\n\(location)}\n")
    }

    static func index(assets: String) -> NewFile {
        NewFile(path: "ui/index.html", text: """
            <!doctype html>
            <html>
              <head>
                <title>Weave Cloud</title>
                <link rel="stylesheet" href="\(assets)/app.3f9c.css">
              </head>
              <body>
                <div id="app"></div>
                <script src="\(assets)/app.8d1e.js"></script>
              </body>
            </html>

            """)
    }

    static let bucket = "https://weave-ui-assets.s3.amazonaws.com"
    static let cdn = "https://assets.weave.works"

    /// Terraform for the fix: the bucket replicated to us-west-2 behind a CloudFront origin group.
    static let terraform = NewFile(path: "terraform/cdn.tf", text: """
        provider "aws" {
          region = "us-east-1"
        }

        provider "aws" {
          alias  = "west"
          region = "us-west-2"
        }

        resource "aws_s3_bucket" "assets" {
          bucket = "weave-ui-assets"
        }

        resource "aws_s3_bucket" "assets_west" {
          provider = aws.west
          bucket   = "weave-ui-assets-west"
        }

        resource "aws_s3_bucket_replication_configuration" "assets" {
          bucket = aws_s3_bucket.assets.id
          role   = "arn:aws:iam::123456789012:role/replication"
          rule {
            id     = "to-west"
            status = "Enabled"
            destination {
              bucket = aws_s3_bucket.assets_west.arn
            }
          }
        }

        resource "aws_cloudfront_distribution" "ui" {
          enabled = true
          aliases = ["assets.weave.works"]

          origin_group {
            origin_id = "assets"
            failover_criteria {
              status_codes = [500, 502, 503, 504]
            }
            member { origin_id = "east" }
            member { origin_id = "west" }
          }

          origin {
            origin_id   = "east"
            domain_name = aws_s3_bucket.assets.bucket_regional_domain_name
          }

          origin {
            origin_id   = "west"
            domain_name = aws_s3_bucket.assets_west.bucket_regional_domain_name
          }

          default_cache_behavior {
            target_origin_id       = "assets"
            viewer_protocol_policy = "redirect-to-https"
            allowed_methods        = ["GET", "HEAD"]
            cached_methods         = ["GET", "HEAD"]
          }

          restrictions {
            geo_restriction { restriction_type = "none" }
          }

          viewer_certificate { cloudfront_default_certificate = true }
        }

        """)

    static let steps = [
        Step(message: "UI: serve the assets from the nginx image", files: [
            config, manifests, dockerfile, circleci, nginx(assets: nil), index(assets: "/static"),
            NewFile(path: "ui/static/app.8d1e.js", text: "console.log('weave');\n"),
        ]),
        Step(message: "UI: load the assets from S3 so rolling upgrades never mix versions", files: [
            config, manifests, dockerfile, circleci, nginx(assets: bucket), index(assets: bucket),
            NewFile(path: "ui/static/.keep", text: ""),
        ]),
        Step(message: "UI: serve the assets through CloudFront with a us-west-2 failover origin", files: [
            config, manifests, dockerfile, circleci, nginx(assets: cdn), index(assets: cdn), terraform,
            NewFile(path: "ui/static/.keep", text: ""),
        ]),
    ]
}
