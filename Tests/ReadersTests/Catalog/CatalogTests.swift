import BuiltinPolicies
import Model
import Testing

@testable import Readers

@Suite struct CatalogTests {
    @Test func everyEmbeddedCatalogFileLoadsCleanly() {
        let (catalog, diagnostics) = Catalog.loadBuiltin()
        #expect(diagnostics.isEmpty, "\(diagnostics.map(\.description))")
        #expect(Set(catalog.providers.map(\.id)).isSuperset(of: ["aws", "gcp", "azure"]))
        let files = BuiltinPolicies.files(under: "catalog/").filter { $0.path.hasSuffix(".yaml") }
        #expect(files.count >= 4)
        for file in files {
            let loaded = YAMLLoader().load(text: file.contents, path: file.path)
            #expect(loaded.diagnostics.isEmpty, "\(file.path)")
            #expect(!loaded.documents.isEmpty, "\(file.path)")
        }
    }

    @Test func regionListsFollowTheReference() throws {
        let catalog = Catalog.builtin
        let aws = try #require(catalog.provider("aws"))
        #expect(aws.partitions.map(\.id) == ["aws", "aws-cn", "aws-us-gov", "aws-eusc"])
        #expect(aws.region("us-east-1")?.zones?.first == "us-east-1a")
        #expect(aws.region("us-east-1")?.partition == "aws")
        #expect(aws.region("cn-north-1")?.partition == "aws-cn")
        #expect(aws.region("us-gov-west-1")?.partition == "aws-us-gov")
        #expect(aws.region("us-west-1")?.zones == nil)
        #expect(aws.regions.count == 39)
        let gcp = try #require(catalog.provider("gcp"))
        #expect(
            gcp.region("us-central1")?.zones == ["us-central1-a", "us-central1-b", "us-central1-c", "us-central1-f"])
        #expect(gcp.region("us-east1")?.zones == ["us-east1-b", "us-east1-c", "us-east1-d"])
        #expect(gcp.region("europe-west1")?.zones == ["europe-west1-b", "europe-west1-c", "europe-west1-d"])
        #expect(gcp.multiRegions == ["us", "europe", "asia"])
        let azure = try #require(catalog.provider("azure"))
        #expect(azure.region("eastus2") != nil)
        #expect(azure.regions.allSatisfy { $0.zones == nil })
    }

    @Test func everySaaSHostingDomainIsWellFormedAndExists() throws {
        let catalog = Catalog.builtin
        #expect(
            Set(catalog.saas.map(\.id)).isSuperset(of: [
                "dockerhub", "quay", "circleci", "github", "github-actions", "gitlab", "ghcr", "npm",
            ]))
        for saas in catalog.saas {
            #expect(saas.needed <= max(saas.sites.count, 1), "\(saas.id)")
            for id in saas.hostingDomainIDs {
                let parts = try #require(DomainIDSyntax.parts(of: id), "\(saas.id): \(id)")
                let provider = try #require(catalog.provider(parts.segments[0]), "\(saas.id): \(id)")
                if parts.segments.count > 1, parts.segments[1] != "global" {
                    #expect(provider.region(parts.segments[1]) != nil, "\(saas.id): \(id)")
                }
            }
        }
    }

    /// Every SaaS is reachable from some host (an entry no host names is dead data), and the
    /// application services a running service calls are there, but not those it keeps serving
    /// without (telemetry, alert sinks, senders, flag services); Heroku runs on AWS.
    @Test func everySaaSHasAHostAndApplicationServicesAreListed() throws {
        let catalog = Catalog.builtin
        let named = Set(catalog.endpoints.compactMap { endpoint -> String? in
            if case .saas(let id) = endpoint.target { return id }
            return nil
        })
        for saas in catalog.saas { #expect(named.contains(saas.id), "\(saas.id) has no host") }
        #expect(named.isSuperset(of: ["stripe", "paypal", "auth0", "okta", "algolia", "openai", "heroku", "vercel", "neon", "mongodb-atlas"]))
        #expect(try #require(catalog.saas("heroku")).hostingDomainIDs == ["provider:aws"])
        #expect(try #require(catalog.saas("stripe")).hostingDomainIDs.isEmpty)
        for sink in ["sentry", "datadog", "newrelic", "honeycomb", "segment", "slack", "pagerduty", "sendgrid", "twilio", "launchdarkly"] {
            #expect(catalog.saas(sink) == nil)
        }
    }

    /// The 2017 story: Docker Hub, quay.io and CircleCI all fail with S3 in us-east-1.
    @Test(arguments: ["dockerhub", "quay", "circleci"])
    func deliverySaaSFailWithS3InUSEast1(id: String) throws {
        let saas = try #require(Catalog.builtin.saas(id))
        #expect(saas.hostingDomainIDs.contains("service:aws/us-east-1/s3"))
        #expect(saas.hostingDomainIDs.contains("region:aws/us-east-1"))
        // Every site is needed, so the us-east-1 site alone takes the service down.
        #expect(saas.needed == saas.sites.count)
    }

    @Test func circleCIRunsInFourRegionsOfTwoProviders() throws {
        let circleci = try #require(Catalog.builtin.saas("circleci"))
        #expect(circleci.sites.count == 4)
        #expect(circleci.hostingDomainIDs.contains("region:aws/us-east-2"))
        #expect(circleci.hostingDomainIDs.contains("region:gcp/us-east1"))
        #expect(circleci.hostingDomainIDs.contains("region:gcp/us-central1"))
    }

    @Test func everyEndpointEntryResolves() {
        let catalog = Catalog.builtin
        for endpoint in catalog.endpoints {
            switch endpoint.target {
            case .saas(let id): #expect(catalog.saas(id) != nil, "\(endpoint.host)")
            case .service(let provider, _, _): #expect(catalog.provider(provider) != nil, "\(endpoint.host)")
            }
        }
        #expect(catalog.endpoint(forHost: "d123.cloudfront.net")?.host == "*.cloudfront.net")
        #expect(catalog.endpoint(forHost: "cloudfront.net") == nil)
        #expect(
            catalog.endpoint(forHost: "gcr.io")?.target
                == .service(provider: "gcp", service: "artifactregistry", placement: .multiRegion("us")))
    }

    @Test(
        arguments: [
            ("provider:aws", true), ("region:aws/us-east-1", true), ("zone:aws/us-east-1/us-east-1a", true),
            ("service:aws/us-east-1/s3", true), ("service:aws/global/cloudfront", true), ("saas:dockerhub", true),
            ("host:compose-1", true), ("region:aws", false), ("region:aws/US-EAST-1", false), ("service:aws/s3", false),
            ("saas:", false), ("cloud:aws", false), ("provider:aws/x", false), ("region:aws//", false),
            ("dockerhub", false),
        ] as [(String, Bool)])
    func domainIDShape(id: String, wellFormed: Bool) {
        #expect(DomainIDSyntax.isWellFormed(id) == wellFormed)
    }

    /// Every mistake in the fixture is reported at its line, and the good entries are kept.
    @Test func badEntriesGiveLocatedDiagnostics() throws {
        let text = String(decoding: try FixtureFiles.bytes("catalog/broken.yaml"), as: UTF8.self)
        let (catalog, diagnostics) = CatalogLoader().load([(path: "Policies/catalog/broken.yaml", text: text)])
        let found = diagnostics.map { "\($0.line ?? 0): \($0.summary)" }
        let expected: [(Int, String)] = [
            (11, "region 'moon-base-1' does not match the region pattern"),
            (12, "region 'us-east-1' of 'aws' is listed twice"),
            (13, "a provider has no 'id'"),
            (14, "provider 'aws' is defined twice"),
            (23, "'region:aws' in 'circleci' is not a well-formed domain id"),
            (24, "'needed' of 'circleci' must be a whole number"),
            (26, "'confidence' of 'quay' must be one of"),
            (29, "SaaS 'dockerhub' is defined twice"),
            (32, "unknown key 'sities' in a SaaS entry"),
            (36, "'bad host!' is not a host name"),
            (38, "endpoint 'iam.amazonaws.com' needs exactly one of"),
            (39, "endpoint 'quay.io' is listed twice"),
            (19, "SaaS 'circleci' is hosted in region:aws/us-west-9, but 'aws' has no region 'us-west-9'"),
            (
                19,
                "SaaS 'circleci' is hosted in zone:aws/us-east-1/us-east-1z, but region 'us-east-1' has no zone 'us-east-1z'"
            ),
            (25, "SaaS 'quay' is hosted in region:gcp/us-east1, but there is no provider 'gcp'"),
            (35, "endpoint 'ghcr.io' refers to something unknown: there is no SaaS 'ghcr'"),
            (37, "endpoint 'gcr.io' refers to something unknown: there is no provider 'gcp'"),
            (40, "'*.{region}.neon.tech' is not a host pattern"),
            (41, "host pattern '*.{region}.{provider}.db.example' needs 'saas'"),
        ]
        for (line, summary) in expected {
            #expect(
                diagnostics.contains {
                    $0.line == line && $0.summary.hasPrefix(summary) && $0.path == "Policies/catalog/broken.yaml"
                },
                "missing \(line): \(summary) in \(found)")
        }
        #expect(diagnostics.count == expected.count, "\(found)")
        #expect(catalog.providers.map(\.id) == ["aws"])
        #expect(catalog.provider("aws")?.regions.map(\.id) == ["us-east-1", "moon-base-1"])
        #expect(catalog.saas.map(\.id) == ["dockerhub", "circleci", "quay", "travis"])
        #expect(catalog.endpoints.map(\.host) == ["quay.io", "ghcr.io", "gcr.io", "*.{region}.{provider}.kafka.example"])
    }

    @Test func aFileThatIsNotYAMLIsReportedNotThrown() {
        let (catalog, diagnostics) = CatalogLoader().load([
            (path: "Policies/catalog/a.yaml", text: "providers: [\n"),
            (path: "Policies/catalog/b.yaml", text: "- just a list\n"),
            (path: "Policies/catalog/c.yaml", text: "saas: {id: x}\n"),
        ])
        #expect(catalog == Catalog())
        #expect(
            diagnostics.map(\.path) == [
                "Policies/catalog/a.yaml", "Policies/catalog/b.yaml", "Policies/catalog/c.yaml",
            ])
        #expect(diagnostics.allSatisfy { $0.severity == .error && $0.line != nil })
    }
}

/// Docker Hub's official images: the embedded list holds the usual ones, and an entry that is
/// not a bare name is reported where it is.
@Suite struct OfficialImagesCatalogTests {
    @Test func theEmbeddedListHoldsTheUsualOfficialImages() throws {
        let official = try #require(Catalog.builtin.saas("dockerhub")?.officialImages)
        for name in ["nginx", "redis", "postgres", "busybox", "alpine", "node", "python", "golang", "hello-world", "rocket.chat"] {
            #expect(official.contains(name), "\(name)")
        }
        #expect(!official.contains("store-admin"))
        #expect(official.allSatisfy(ImageReference.isBareName))
    }

    @Test func anEntryThatIsNotABareNameIsReported() {
        let text = """
            saas:
              - id: dockerhub
                officialImages: [nginx, grafana/grafana, Redis, {a: b}]
              - id: quay
                officialImages: nginx
            """
        let (catalog, diagnostics) = CatalogLoader().load([(path: "c.yaml", text: text)])
        #expect(catalog.saas("dockerhub")?.officialImages == ["nginx"])
        #expect(diagnostics.map { "\($0.line ?? 0): \($0.summary)" } == [
            "3: 'grafana/grafana' in the official images of 'dockerhub' is not a bare image name",
            "3: 'Redis' in the official images of 'dockerhub' is not a bare image name",
            "3: '?' in the official images of 'dockerhub' is not a bare image name",
            "5: 'officialImages' of 'quay' must be a list",
        ])
    }
}
