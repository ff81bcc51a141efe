import Foundation
import Testing

@testable import Readers
import TestSupport

/// One line per endpoint, listing only what is set, so a table row reads like the answer.
func summary(_ endpoint: Endpoint?) -> String? {
    guard let endpoint else { return nil }
    var parts = [endpoint.saas.map { "saas:\($0)" } ?? "\(endpoint.provider ?? "-")/\(endpoint.service)"]
    if endpoint.saas != nil, let provider = endpoint.provider { parts.append("provider=\(provider)") }
    if let partition = endpoint.partition, partition != "aws" { parts.append("partition=\(partition)") }
    if let region = endpoint.region { parts.append("region=\(region)") }
    if let zone = endpoint.zone { parts.append("zone=\(zone)") }
    if let location = endpoint.location { parts.append("location=\(location)") }
    if endpoint.isGlobal { parts.append("global") }
    if let bucket = endpoint.bucket { parts.append("bucket=\(bucket)") }
    if let account = endpoint.account { parts.append("account=\(account)") }
    if let repository = endpoint.repository { parts.append("repo=\(repository)") }
    if let tag = endpoint.tag { parts.append("tag=\(tag)") }
    if let digest = endpoint.digest { parts.append("digest=\(digest.prefix(13))") }
    return parts.joined(separator: " ")
}

@Suite struct EndpointClassifierTests {
    static let classifier = EndpointClassifier()

    /// URLs, hosts, URIs and ARNs through the general entry point.
    @Test(
        arguments: [
            // S3 virtual-hosted and path-style, regional.
            (
                "https://weave-ui-assets.s3.us-east-1.amazonaws.com/static/app.js",
                "aws/s3 region=us-east-1 bucket=weave-ui-assets"
            ),
            (
                "https://s3.eu-west-1.amazonaws.com/weave-ui-assets/index.html",
                "aws/s3 region=eu-west-1 bucket=weave-ui-assets"
            ),
            ("weave-ui-assets.s3.ap-southeast-2.amazonaws.com", "aws/s3 region=ap-southeast-2 bucket=weave-ui-assets"),
            (
                "https://assets.example.com.s3.us-west-2.amazonaws.com/logo.png",
                "aws/s3 region=us-west-2 bucket=assets.example.com"
            ),
            // Legacy global endpoint: served from us-east-1 whatever the bucket is called.
            ("https://weave-ui-assets.s3.amazonaws.com/static", "aws/s3 region=us-east-1 bucket=weave-ui-assets"),
            (
                "https://s3.amazonaws.com/weave-ui-assets/static/app.js",
                "aws/s3 region=us-east-1 bucket=weave-ui-assets"
            ),
            ("https://us-east-1.s3.amazonaws.com/", "aws/s3 region=us-east-1 bucket=us-east-1"),
            ("https://my-eu-west-1-bucket.s3.amazonaws.com/x", "aws/s3 region=us-east-1 bucket=my-eu-west-1-bucket"),
            ("https://s3.amazonaws.com/eu-west-1/x", "aws/s3 region=us-east-1 bucket=eu-west-1"),
            ("https://s3-eu-west-1.s3.amazonaws.com/k", "aws/s3 region=us-east-1 bucket=s3-eu-west-1"),
            ("http://s3-external-1.amazonaws.com/logs-bucket/2017/02/28", "aws/s3 region=us-east-1 bucket=logs-bucket"),
            ("https://bucket.s3-external-1.amazonaws.com", "aws/s3 region=us-east-1 bucket=bucket"),
            // China and GovCloud partitions.
            ("https://assets.s3.cn-north-1.amazonaws.com.cn/a.js", "aws/s3 partition=aws-cn region=cn-north-1 bucket=assets"),
            ("https://s3.dualstack.cn-northwest-1.amazonaws.com.cn/assets", "aws/s3 partition=aws-cn region=cn-northwest-1 bucket=assets"),
            ("https://assets.s3.cn-north-1.amazonaws.com/a.js", nil),
            ("https://assets.s3.us-east-1.amazonaws.com.cn/a.js", nil),
            ("123456789012.dkr.ecr.us-gov-west-1.amazonaws.com", "aws/ecr partition=aws-us-gov region=us-gov-west-1 account=123456789012"),
            // Legacy dash-region form.
            ("https://backups.s3-eu-west-1.amazonaws.com/db.tar", "aws/s3 region=eu-west-1 bucket=backups"),
            ("https://s3-ap-northeast-1.amazonaws.com/backups/db.tar", "aws/s3 region=ap-northeast-1 bucket=backups"),
            // Dual-stack and FIPS.
            ("https://data.s3.dualstack.us-east-2.amazonaws.com/", "aws/s3 region=us-east-2 bucket=data"),
            ("https://s3.dualstack.eu-central-1.amazonaws.com/data/x", "aws/s3 region=eu-central-1 bucket=data"),
            (
                "https://data.s3-fips.us-gov-west-1.amazonaws.com",
                "aws/s3 partition=aws-us-gov region=us-gov-west-1 bucket=data"
            ),
            ("https://s3-fips.dualstack.us-east-1.amazonaws.com/data", "aws/s3 region=us-east-1 bucket=data"),
            // Website endpoints, dash and dot forms.
            (
                "http://www.weave.works.s3-website-us-east-1.amazonaws.com",
                "aws/s3 region=us-east-1 bucket=www.weave.works"
            ),
            ("http://site.s3-website.eu-central-1.amazonaws.com/", "aws/s3 region=eu-central-1 bucket=site"),
            ("http://site.s3-website-ap-southeast-2.amazonaws.com", "aws/s3 region=ap-southeast-2 bucket=site"),
            ("s3-website.eu-west-1.amazonaws.com", "aws/s3 region=eu-west-1"),
            // Access points, Multi-Region Access Points, Transfer Acceleration.
            (
                "https://finance-123456789012.s3-accesspoint.us-west-2.amazonaws.com/report.csv",
                "aws/s3 region=us-west-2 bucket=finance account=123456789012"
            ),
            (
                "https://finance-123456789012.s3-accesspoint.dualstack.eu-west-1.amazonaws.com",
                "aws/s3 region=eu-west-1 bucket=finance account=123456789012"
            ),
            ("https://mfzwi23gnjvgw.mrap.accesspoint.s3-global.amazonaws.com/k", "aws/s3 global bucket=mfzwi23gnjvgw"),
            ("https://uploads.s3-accelerate.amazonaws.com/f", "aws/s3 global bucket=uploads"),
            ("https://uploads.s3-accelerate.dualstack.amazonaws.com/f", "aws/s3 global bucket=uploads"),
            // S3 Express One Zone: zonal, with the AZ ID.
            (
                "https://ui-cache--use1-az4--x-s3.s3express-use1-az4.us-east-1.amazonaws.com/k",
                "aws/s3express region=us-east-1 zone=use1-az4 bucket=ui-cache--use1-az4--x-s3"
            ),
            (
                "https://logs--usw2-az1--x-s3.s3express-usw2-az1.us-west-2.amazonaws.com",
                "aws/s3express region=us-west-2 zone=usw2-az1 bucket=logs--usw2-az1--x-s3"
            ),
            // s3:// URIs and ARNs.
            ("s3://weave-ui-assets/static/app.js", "aws/s3 bucket=weave-ui-assets"),
            ("s3://Weave-UI-Assets/x", nil),
            ("s3://my..bucket/x", nil),
            // Go CDK's parameters: a bucket on an S3-compatible store of the deployment is no
            // AWS bucket; one on AWS's own endpoint, or given a region, is placed there.
            ("s3://profiles?region=us-east-1&endpoint=seaweedfs:8333&s3ForcePathStyle=true", nil),
            ("s3://uploads?endpoint=http%3A%2F%2Fminio.internal%3A9000", nil),
            ("s3://uploads?endpoint=https://s3.eu-west-1.amazonaws.com", "aws/s3 region=eu-west-1 bucket=uploads"),
            ("s3://uploads?region=eu-central-1", "aws/s3 region=eu-central-1 bucket=uploads"),
            ("s3://uploads?region=moon-1", "aws/s3 bucket=uploads"),
            ("s3://b?region=us-east-1&endpoint=https%3A%2F%2Fs3%2Eus-east-1%2Eamazonaws%2Ecom", "aws/s3 region=us-east-1 bucket=b"),
            // The first value counts, an empty one too (AWS's default), and names are decoded.
            ("s3://bkt?region=us-east-1&endpoint=&endpoint=minio:9000", "aws/s3 region=us-east-1 bucket=bkt"),
            ("s3://bkt?region=us-east-1&endpoint&endpoint=minio:9000", "aws/s3 region=us-east-1 bucket=bkt"),
            ("s3://bkt?region=us-east-1&%65ndpoint=minio:9000", nil),
            ("arn:aws:s3:::bucket.-name", nil),
            ("arn:aws:s3:::weave-ui-assets", "aws/s3 bucket=weave-ui-assets"),
            ("arn:aws:s3:::weave-ui-assets/static/*", "aws/s3 bucket=weave-ui-assets"),
            (
                "arn:aws:s3:us-west-2:123456789012:accesspoint/finance",
                "aws/s3 region=us-west-2 bucket=finance account=123456789012"
            ),
            (
                "arn:aws-cn:s3:cn-north-1:123456789012:accesspoint/ap",
                "aws/s3 partition=aws-cn region=cn-north-1 bucket=ap account=123456789012"
            ),
            (
                "arn:aws:dynamodb:eu-west-1:123456789012:table/sessions",
                "aws/dynamodb region=eu-west-1 account=123456789012"
            ),
            ("arn:aws:iam::123456789012:role/deploy", "aws/iam global account=123456789012"),
            (
                "arn:aws:ecr:us-east-1:123456789012:repository/weave/ui",
                "aws/ecr region=us-east-1 account=123456789012 repo=weave/ui"
            ),
            ("arn:aws:sqs:my-bucket-1:123456789012:q", nil),
            ("arn:aws:s3:eu-west-1:123:accesspoint/x", nil),
            // CloudFront and other global services.
            ("https://d111111abcdef8.cloudfront.net/static/app.js", "aws/cloudfront global"),
            ("https://iam.amazonaws.com/?Action=ListUsers", "aws/iam global"),
            ("route53.amazonaws.com", "aws/route53 global"),
            ("https://sts.amazonaws.com", "aws/sts global"),
            ("https://sts.eu-west-1.amazonaws.com", "aws/sts region=eu-west-1"),
            // ECR and ECR Public.
            ("123456789012.dkr.ecr.us-east-1.amazonaws.com", "aws/ecr region=us-east-1 account=123456789012"),
            (
                "https://123456789012.dkr.ecr.cn-north-1.amazonaws.com.cn/v2/",
                "aws/ecr partition=aws-cn region=cn-north-1 account=123456789012"
            ),
            ("public.ecr.aws", "aws/ecr-public global"),
            // Other regional AWS hosts.
            ("https://sqs.us-east-2.amazonaws.com/123456789012/jobs", "aws/sqs region=us-east-2"),
            ("dynamodb-fips.us-gov-east-1.amazonaws.com", "aws/dynamodb partition=aws-us-gov region=us-gov-east-1"),
            ("https://dynamodb.cn-northwest-1.amazonaws.com.cn", "aws/dynamodb partition=aws-cn region=cn-northwest-1"),
            ("weave-prod-1234567890.us-east-1.elb.amazonaws.com", "aws/elb region=us-east-1"),
            ("k8s-weave-ui-0a1b2c3d4e-1234567890.elb.eu-west-1.amazonaws.com", "aws/elb region=eu-west-1"),
            ("users.c9akciq32.us-east-1.rds.amazonaws.com:5432", "aws/rds region=us-east-1"),
            (
                "postgres://app:secret@users.c9akciq32.eu-west-2.rds.amazonaws.com:5432/users",
                "aws/rds region=eu-west-2"
            ),
            // An API's invoke URL is in API Gateway's domain, where its resources are placed.
            ("https://a1b2c3d4e5.execute-api.us-west-2.amazonaws.com/prod/items", "aws/apigateway region=us-west-2"),
            ("https://abcdefghijklmnop.lambda-url.eu-north-1.on.aws/", "aws/lambda region=eu-north-1"),
            ("ec2-54-210-167-204.compute-1.amazonaws.com", "aws/ec2 region=us-east-1"),
            ("ec2-3-8-1-2.eu-west-2.compute.amazonaws.com", "aws/ec2 region=eu-west-2"),
            ("https://0123456789ABCDEF.gr7.us-east-1.eks.amazonaws.com", "aws/eks region=us-east-1"),
            ("https://sqs.eusc-de-east-1.amazonaws.eu", "aws/sqs partition=aws-eusc region=eusc-de-east-1"),
            // Regions the catalog does not list yet are kept when they have the partition's shape.
            ("https://bucket.s3.eu-east-7.amazonaws.com", "aws/s3 region=eu-east-7 bucket=bucket"),
            ("https://us-moon1-docker.pkg.dev", "gcp/artifactregistry region=us-moon1"),
            // Case, ports, userinfo and trailing dots.
            (
                "HTTPS://Weave-UI-Assets.S3.US-EAST-1.AmazonAWS.com./app.js",
                "aws/s3 region=us-east-1 bucket=weave-ui-assets"
            ),
            ("https://user:pw@s3.eu-west-1.amazonaws.com:443/bucket-a/k", "aws/s3 region=eu-west-1 bucket=bucket-a"),
            // Google Cloud Storage.
            ("https://storage.googleapis.com/weave-assets/index.html", "gcp/gcs bucket=weave-assets"),
            ("https://weave-assets.storage.googleapis.com/index.html", "gcp/gcs bucket=weave-assets"),
            ("https://storage.cloud.google.com/weave-assets/a.png", "gcp/gcs bucket=weave-assets"),
            ("gs://weave-assets/builds/1.tar", "gcp/gcs bucket=weave-assets"),
            // Artifact Registry and gcr.io hosts.
            (
                "https://us-central1-docker.pkg.dev/weave-prod/images",
                "gcp/artifactregistry region=us-central1 account=weave-prod"
            ),
            ("europe-west4-npm.pkg.dev", "gcp/artifactregistry region=europe-west4"),
            ("us-docker.pkg.dev", "gcp/artifactregistry location=us"),
            ("europe-python.pkg.dev", "gcp/artifactregistry location=europe"),
            ("gcr.io", "gcp/artifactregistry location=us"),
            ("https://eu.gcr.io/v2/", "gcp/artifactregistry location=europe"),
            ("asia.gcr.io", "gcp/artifactregistry location=asia"),
            ("mirror.gcr.io", "gcp/artifactregistry location=us"),
            // Azure Storage, static websites, ACR, AKS.
            ("https://weaveassets.blob.core.windows.net/static/app.js", "azure/blob account=weaveassets"),
            ("https://weavelake.dfs.core.windows.net/raw", "azure/dfs account=weavelake"),
            ("weaveshare.file.core.windows.net", "azure/file account=weaveshare"),
            ("https://weavejobs.queue.core.windows.net", "azure/queue account=weavejobs"),
            ("weavestate.table.core.windows.net", "azure/table account=weavestate"),
            ("https://weavesite.z6.web.core.windows.net/", "azure/web account=weavesite"),
            ("weaveregistry.azurecr.io", "azure/acr account=weaveregistry"),
            ("weaveregistry.westeurope.geo.azurecr.io", "azure/acr region=westeurope account=weaveregistry"),
            ("weaveregistry.eastus2.data.azurecr.io", "azure/acr region=eastus2 account=weaveregistry"),
            ("https://weave-aks-dns-1a2b3c4d.hcp.westus2.azmk8s.io:443", "azure/aks region=westus2"),
            // SaaS hosts from the catalog.
            ("https://circleci.com/gh/weaveworks/service-ui", "saas:circleci"),
            ("https://github.com/weaveworks/service-ui.git", "saas:github"),
            ("https://raw.githubusercontent.com/weaveworks/ui/master/install.sh", "saas:github"),
            ("registry.npmjs.org", "saas:npm"),
            ("https://hub.docker.com/r/weaveworks/ui", "saas:dockerhub"),
            ("https://gitlab.com/weave/ui", "saas:gitlab"),
            // Services a running application calls.
            ("https://api.stripe.com/v1/charges", "saas:stripe"),
            ("https://js.stripe.com/v3/", "saas:stripe"),
            ("https://api-m.paypal.com/v2/checkout/orders", "saas:paypal"),
            ("https://checkout-test.adyen.com/v71", "saas:adyen"),
            ("https://1797aa-checkout-live.adyenpayments.com/checkout/v71", "saas:adyen"),
            ("https://weave.eu.auth0.com/.well-known/openid-configuration", "saas:auth0"),
            ("https://weave.okta.com/oauth2/default", "saas:okta"),
            ("https://latency-dsn.algolia.net/1/indexes/*/queries", "saas:algolia"),
            ("https://api.openai.com/v1/chat/completions", "saas:openai"),
            ("https://api.anthropic.com/v1/messages", "saas:anthropic"),
            ("https://cdn.contentful.com/spaces/abc/entries", "saas:contentful"),
            ("https://images.ctfassets.net/abc/hero.png", "saas:contentful"),
            ("https://weave-api.herokuapp.com/v1", "saas:heroku"),
            ("https://weave-ui.vercel.app", "saas:vercel"),
            ("https://weave-ui.netlify.app", "saas:netlify"),
            // Managed databases and brokers whose host names the region.
            ("postgresql://u:p@ep-cool-123-pooler.c-5.us-east-2.aws.neon.tech/db", "saas:neon provider=aws region=us-east-2"),
            ("ep-cool-123.eastus2.azure.neon.tech", "saas:neon provider=azure region=eastus2"),
            ("pkc-4r087.us-central1.gcp.confluent.cloud:9092", "saas:confluent-cloud provider=gcp region=us-central1"),
            ("https://psrc-x2k4.eu-west-1.aws.confluent.cloud", "saas:confluent-cloud provider=aws region=eu-west-1"),
            ("https://api.confluent.cloud/iam/v2", "saas:confluent-cloud"),
            ("pkc-4r087.mars-north-9.aws.confluent.cloud", "saas:confluent-cloud"),
            ("https://abc123.eu-central-1.aws.clickhouse.cloud:8443", "saas:clickhouse-cloud provider=aws region=eu-central-1"),
            ("free-tier14.aws-us-east-1.cockroachlabs.cloud:26257", "saas:cockroach-cloud provider=aws region=us-east-1"),
            ("tart-rhino-11897.j77.gcp-us-central1.cockroachlabs.cloud", "saas:cockroach-cloud provider=gcp region=us-central1"),
            ("mongodb+srv://u:p@cluster0.abcde.mongodb.net/shop", "saas:mongodb-atlas"),
            ("https://xyzcompany.supabase.co/rest/v1", "saas:supabase"),
            // Near misses: none of these may match.
            ("https://s3.amazonaws.com.evil.example/bucket/x", nil),
            ("weave-ui-assets.s3.amazonaws.com.evil.example", nil),
            ("https://dynamodb.amazonaws.com.cn.example", nil),
            ("notgcr.io", nil),
            ("https://gcr.io.evil.com/v2/", nil),
            ("https://example.com/s3.amazonaws.com/bucket", nil),
            ("https://cdn.example.com/weave-ui-assets/s3/us-east-1/app.js", nil),
            ("https://stripe.com/docs/api", nil),
            ("https://api.stripe.com.evil.example/v1", nil),
            ("https://herokuapp.com", nil),
            ("ep-cool-123.us-east-2.aws.neon.tech.evil.example", nil),
            ("us-east-2.aws.neon.tech", nil),
            ("ep-cool-123.us-east-2.moon.neon.tech", nil),
            ("ep-cool-123.mars-north-9.aws.neon.tech", nil),
            ("free-tier14.awsus-east-1.cockroachlabs.cloud", nil),
            ("https://notvercel.app", nil),
            // Left out of the catalog: telemetry, alert sinks, senders and flag services do not
            // stop a service when they fail.
            ("https://o123.ingest.sentry.io/456", nil),
            ("https://http-intake.logs.datadoghq.com", nil),
            ("https://hooks.slack.com/services/T000/B000/XXXX", nil),
            ("https://events.pagerduty.com/v2/enqueue", nil),
            ("smtp.sendgrid.net", nil),
            ("https://api.twilio.com/2010-04-01/Accounts", nil),
            ("https://clientsdk.launchdarkly.com", nil),
            ("https://evil-amazonaws.com/s3/bucket", nil),
            ("https://bucket.s3.mars-north-1.amazonaws.com", nil),
            ("https://bucket.s3.my-bucket-1.amazonaws.com", nil),
            ("https://sqs.not-a-region.amazonaws.com", nil),
            ("https://s3-notaregion.amazonaws.com/x", nil),
            ("https://bucket.s3-website.mars-1.amazonaws.com", nil),
            ("https://x.s3express-use1-az4.us-east-1.amazonaws.com", nil),
            ("https://alias.accesspoint.s3-global.amazonaws.com", nil),
            ("https://finance.s3-accesspoint.us-west-2.amazonaws.com", nil),
            ("12345.dkr.ecr.us-east-1.amazonaws.com", nil),
            ("https://abc.execute-api.nowhere.amazonaws.com", nil),
            ("https://d111111abcdef8.cloudfront.net.evil.example", nil),
            ("cloudfront.net", nil),
            ("https://us-central-docker.pkg.dev", nil),
            ("https://us-central1-evil.pkg.dev", nil),
            ("https://weaveassets.blob.core.windows.net.evil.example", nil),
            ("https://weave.blob.core.windows.com", nil),
            ("https://WEAVE_ASSETS.blob.core.windows.net", nil),
            ("https://weaveregistry.west-europe.geo.azurecr.io", nil),
            ("https://notgithub.com/x", nil),
            ("https://github.com.evil.example/x", nil),
            ("https://example.com", nil),
            // RFC 2606 names, placeholders in charts' defaults, are no catalog's hosts.
            ("https://api.example.org/v1", nil),
            ("registry.example.net/app:1", nil),
            ("minio.example", nil),
            ("https://s3.example.com", nil),
            ("localhost:5000/weave/ui", nil),
            ("nginx", nil),
            ("", nil),
        ] as [(String, String?)])
    func classifies(input: String, expected: String?) {
        #expect(summary(Self.classifier.classify(input)) == expected)
    }

    /// Image references per distribution/reference: registry, repository, tag and digest.
    @Test(
        arguments: [
            ("nginx", "saas:dockerhub repo=library/nginx"),
            ("nginx:1.25-alpine", "saas:dockerhub repo=library/nginx tag=1.25-alpine"),
            ("weaveworks/ui:master-1a2b3c", "saas:dockerhub repo=weaveworks/ui tag=master-1a2b3c"),
            ("docker.io/library/nginx:1.25", "saas:dockerhub repo=library/nginx tag=1.25"),
            ("index.docker.io/weaveworks/scope", "saas:dockerhub repo=weaveworks/scope"),
            ("registry-1.docker.io/library/redis:7", "saas:dockerhub repo=library/redis tag=7"),
            ("quay.io/weaveworks/ui:master-1a2b3c", "saas:quay repo=weaveworks/ui tag=master-1a2b3c"),
            ("ghcr.io/fluxcd/source-controller:v1.3.0", "saas:ghcr repo=fluxcd/source-controller tag=v1.3.0"),
            (
                "registry.k8s.io/ingress-nginx/controller:v1.10.1@sha256:e24f39d3eed6bcc239a56f20098878845f62baa34b9f2be2fd2c38ce9fb0f29e",
                "saas:registry-k8s-io repo=ingress-nginx/controller tag=v1.10.1 digest=sha256:e24f39"
            ),
            ("registry.gitlab.com/weave/ui/app:latest", "saas:gitlab repo=weave/ui/app tag=latest"),
            ("mcr.microsoft.com/dotnet/aspnet:8.0", "azure/mcr global repo=dotnet/aspnet tag=8.0"),
            ("public.ecr.aws/nginx/nginx:stable", "aws/ecr-public global repo=nginx/nginx tag=stable"),
            (
                "123456789012.dkr.ecr.us-east-1.amazonaws.com/weave/ui:1.4.2",
                "aws/ecr region=us-east-1 account=123456789012 repo=weave/ui tag=1.4.2"
            ),
            (
                "123456789012.dkr.ecr.eu-west-1.amazonaws.com/ui@sha256:0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef",
                "aws/ecr region=eu-west-1 account=123456789012 repo=ui digest=sha256:012345"
            ),
            (
                "us-central1-docker.pkg.dev/weave-prod/images/ui:v3",
                "gcp/artifactregistry region=us-central1 account=weave-prod repo=weave-prod/images/ui tag=v3"
            ),
            (
                "europe-docker.pkg.dev/weave-prod/images/ui",
                "gcp/artifactregistry location=europe account=weave-prod repo=weave-prod/images/ui"
            ),
            ("gcr.io/weave-prod/ui:abc123", "gcp/artifactregistry location=us repo=weave-prod/ui tag=abc123"),
            ("eu.gcr.io/weave-prod/ui", "gcp/artifactregistry location=europe repo=weave-prod/ui"),
            ("weaveregistry.azurecr.io/ui:2", "azure/acr account=weaveregistry repo=ui tag=2"),
            ("localhost:5000/weave/ui:dev", nil),
            ("registry.example.com/weave/ui:1", nil),
            ("Weave/UI", nil),
            ("nginx:bad tag", nil),
            ("nginx@sha256:short", nil),
            ("quay.io//ui", nil),
        ] as [(String, String?)])
    func classifiesImages(input: String, expected: String?) {
        #expect(summary(Self.classifier.classify(image: input)) == expected)
    }

    @Test func imageReferencesOnRegistryHostsAreImagesInGeneralText() {
        let endpoint = Self.classifier.classify("quay.io/weaveworks/ui:master-1a2b3c")
        #expect(endpoint?.evidence == .image)
        #expect(endpoint?.repository == "weaveworks/ui")
        #expect(Self.classifier.classify("https://quay.io/repository/weaveworks/ui")?.evidence == .url)
        #expect(Self.classifier.classify("weave-ui-assets.s3.amazonaws.com")?.evidence == .host)
        #expect(Self.classifier.classify("s3://b-1/k")?.evidence == .s3URI)
        #expect(Self.classifier.classify("gs://b-1/k")?.evidence == .gsURI)
        #expect(Self.classifier.classify("arn:aws:s3:::b-1")?.evidence == .arn)
    }

    /// The failure domains each endpoint implies (docs/design.md §1).
    @Test(
        arguments: [
            ("https://weave-ui-assets.s3.amazonaws.com/static", ["service:aws/us-east-1/s3"]),
            (
                "https://ui-cache--use1-az4--x-s3.s3express-use1-az4.us-east-1.amazonaws.com",
                ["service:aws/us-east-1/s3express", "zone:aws/us-east-1/use1-az4"]
            ),
            ("https://d111111abcdef8.cloudfront.net", ["service:aws/global/cloudfront"]),
            ("s3://weave-ui-assets", []),
            ("gcr.io/weave-prod/ui", ["provider:gcp"]),
            ("us-central1-docker.pkg.dev/p/r/i", ["service:gcp/us-central1/artifactregistry"]),
            ("quay.io/weaveworks/ui", ["saas:quay"]),
            ("docker.io/library/nginx", ["saas:dockerhub"]),
            ("https://circleci.com/gh/weaveworks", ["saas:circleci"]),
            ("ep-cool-123.us-east-2.aws.neon.tech", ["saas:neon", "region:aws/us-east-2"]),
            ("weaveregistry.westeurope.geo.azurecr.io", ["service:azure/westeurope/acr"]),
            ("https://weaveassets.blob.core.windows.net/x", []),
        ] as [(String, [String])])
    func domainIDs(input: String, expected: [String]) throws {
        let endpoint = try #require(Self.classifier.classify(input) ?? Self.classifier.classify(image: input))
        #expect(endpoint.domainIDs == expected)
        #expect(endpoint.domainIDs.allSatisfy(DomainIDSyntax.isWellFormed))
    }
}

@Test func endpointsSurviveAJSONRoundTrip() throws {
    let endpoint = try #require(EndpointClassifier().classify(image: "123456789012.dkr.ecr.us-east-1.amazonaws.com/weave/ui:1.4.2"))
    let decoded = try JSONDecoder().decode(Endpoint.self, from: JSONEncoder().encode(endpoint))
    #expect(decoded == endpoint)
    #expect(decoded.evidence == .image)
}

@Suite struct EndpointClassifierRobustnessTests {
    static let pieces = [
        "s3", "s3-website", "s3-accesspoint", "dualstack", "us-east-1", "eu-west-1", "cn-north-1", "us-gov-west-1",
        "amazonaws", "com", "cn", "eu", "bucket", "my-eu-west-1-bucket", "123456789012", "dkr", "ecr", "elb", "rds",
        "execute-api", "storage", "googleapis", "pkg", "dev", "us-docker", "gcr", "io", "azurecr", "westeurope", "geo",
        "blob", "core", "windows", "net", "cloudfront", "evil", "example", "--use1-az4--x-s3", "s3express-use1-az4", "",
    ]
    static let separators = [".", ".", ".", "/", ":", "-", "@"]
    static let prefixes = ["", "", "https://", "s3://", "gs://", "arn:aws:s3:::", "docker://"]

    /// Random assemblies of real endpoint parts never crash, and any region the classifier
    /// reports is one the catalog lists or that fits the provider's pattern.
    @Test(arguments: [11, 12, 13])
    func randomHostsAreClassifiedSafely(seed: UInt64) {
        let classifier = EndpointClassifier()
        var generator = SplitMix64(state: seed)
        for _ in 0..<2_000 {
            var text = Self.prefixes.randomElement(using: &generator) ?? ""
            for index in 0..<Int.random(in: 1...7, using: &generator) {
                if index > 0 { text += Self.separators.randomElement(using: &generator) ?? "." }
                text += Self.pieces.randomElement(using: &generator) ?? ""
            }
            for endpoint in [classifier.classify(text), classifier.classify(image: text)].compactMap({ $0 }) {
                if let region = endpoint.region, let provider = endpoint.provider {
                    #expect(classifier.isRegion(region, provider: provider), "\(text)")
                }
                #expect(endpoint.domainIDs.allSatisfy(DomainIDSyntax.isWellFormed), "\(text)")
                #expect(endpoint.host == endpoint.host.lowercased(), "\(text)")
            }
        }
    }
}
