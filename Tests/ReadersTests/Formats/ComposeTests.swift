import Model
import Simulation
import Testing

@testable import Readers

/// Docker Compose files: read into their services, and part of the topology on the machines
/// `.faultline.yaml` says run them.
@Suite struct ComposeTests {
    static let compose = """
        services:
          web:
            image: nginx:1.25
            ports: ["80:80"]
            depends_on: [api]
            environment:
              ASSETS_URL: https://weave-ui-assets.s3.us-east-1.amazonaws.com/
          api:
            image: ghcr.io/acme/api:1
            environment:
              - DATABASE_URL=postgres://db:5432/app
          db:
            image: postgres:16
            ports: ["127.0.0.1:5432:5432"]
        """

    static let override = """
        services:
          api:
            environment:
              QUEUE: https://sqs.us-west-2.amazonaws.com/123456789012/jobs
        """

    static let config = """
        version: 1
        hosts:
          - name: web-1
            provider: aws
            region: us-east-1
            zone: us-east-1a
            compose: [deploy/compose.yaml, ./deploy/compose.prod.yaml]
        """

    @Test func readsServices() throws {
        #expect(ComposeReader().accepts(path: "deploy/docker-compose.prod.yml"))
        #expect(ComposeReader().accepts(path: "compose.yaml"))
        #expect(!ComposeReader().accepts(path: "k8s/composer.yaml"))
        #expect(ReaderRegistry.reader(for: "docker-compose.yml")?.name == "compose")
        let facts = ComposeReader().read(path: "compose.yaml", bytes: Array(Self.compose.utf8))
        let services = try #require(facts.compose?.services)
        #expect(services.map(\.name) == ["web", "api", "db"])
        #expect(services[0].image?.reference == "nginx:1.25")
        #expect(services[0].published == 4)
        #expect(services[0].dependsOn.map(\.name) == ["api"])
        #expect(services[0].environment.flatMap(\.mentions).map(\.context) == ["env ASSETS_URL"])
        #expect(services[1].environment.flatMap(\.mentions).map(\.text) == ["postgres://db:5432/app"])
        #expect(services[2].published == nil)
        let ports = """
            services:
              a: {ports: ["8080"]}
              b: {ports: [{target: 80, published: 8080}]}
              c: {ports: [{target: 80, host_ip: 127.0.0.1}]}
              d: {ports: ["[::1]:8080:80"], expose: ["9000"]}
              e: {depends_on: {db: {condition: service_healthy}}, command: ["--upstream", "https://api.example.com"]}
            """
        let more = try #require(ComposeReader().read(path: "compose.yaml", bytes: Array(ports.utf8)).compose?.services)
        #expect(more.map { $0.published != nil } == [true, true, false, false, false])
        #expect(more[4].dependsOn.map(\.name) == ["db"])
        #expect(more[4].commandMentions.map(\.context) == ["command"])
        #expect(ComposeReader.withDefault("${API_IMAGE:-ghcr.io/acme/api:1}") == "ghcr.io/acme/api:1")
        #expect(ComposeReader.withDefault("${API_IMAGE-nginx}") == "nginx")
        #expect(ComposeReader.withDefault("${REGISTRY}/api:${TAG:-1}") == "${REGISTRY}/api:${TAG:-1}")
    }

    @Test func hostsAreCheckedInTheConfiguration() throws {
        let text = """
            hosts:
              - name: web-1
                compose: []
              - name: "bad name"
                compose: [compose.yaml]
              - name: ok
                zone: us-east-1a
                compose: compose.yaml
              - name: ok
                provider: aws
                region: us-east-1
                compose: [compose.yaml]
                color: blue
              - name: ok
                compose: [other.yaml]
            """
        let facts = RepoConfigReader().read(path: ".faultline.yaml", bytes: Array(text.utf8))
        let errors = facts.diagnostics.filter { $0.severity == .error }.map { "\($0.line ?? 0): \($0.summary)" }
        #expect(errors.contains("2: host web-1 lists no compose files"))
        #expect(errors.contains("4: a host name is letters, digits, '-', '_' and '.', not 'bad name'"))
        #expect(errors.contains("6: host ok has a zone but no region"))
        #expect(errors.contains { $0.hasPrefix("13: unknown key 'color'") })
        #expect(errors.contains("14: host ok is declared twice"))
    }

    /// The seed's story on one machine: the UI publishes a port, needs its API and the bucket
    /// of its assets; the machine and its zone take everything down.
    @Test func servicesRunOnTheirMachine() throws {
        let fixture = LinkFixture(files: [
            (".faultline.yaml", Self.config), ("deploy/compose.yaml", Self.compose), ("deploy/compose.prod.yaml", Self.override),
            ("docker-compose.yml", Self.compose),
        ])
        let topology = fixture.linked().topology
        let web = try #require(topology["compose:web-1/web"])
        #expect(web.isEntrypoint)
        #expect(web.sites.flatMap(\.domains).map(\.id) == ["host:web-1", "zone:aws/us-east-1/us-east-1a"])
        #expect(web.requirements.flatMap(\.alternatives).sorted() == [
            "compose:web-1/api", "image:docker.io/library/nginx", "url:weave-ui-assets.s3.us-east-1.amazonaws.com",
        ])
        let api = try #require(topology["compose:web-1/api"])
        #expect(!api.isEntrypoint)
        #expect(api.requirements.contains { $0.alternatives == ["compose:web-1/db"] })
        let queue = try #require(api.requirements.first { $0.alternatives == ["url:sqs.us-west-2.amazonaws.com"] })
        #expect(queue.provenance?.path == "deploy/compose.prod.yaml")
        #expect(topology.entrypoints == ["compose:web-1/web"])
        // The file no host runs is not part of the topology.
        #expect(topology.ids.filter { $0.hasPrefix("compose:") }.count == 3)
        #expect(fixture.down(in: "host:web-1") == ["compose:web-1/web"])
        #expect(fixture.down(in: "zone:aws/us-east-1/us-east-1a") == ["compose:web-1/web"])
        #expect(fixture.down(in: "service:aws/us-east-1/s3") == ["compose:web-1/web"])
        #expect(fixture.down(in: "service:aws/us-west-2/sqs") == ["compose:web-1/web"])
        #expect(fixture.down(in: "zone:aws/us-east-1/us-east-1b").isEmpty)
    }

    @Test func aMissingComposeFileIsAWarning() {
        let config = "hosts:\n  - name: web-1\n    compose: [deploy/compose.yaml]\n"
        let topology = LinkFixture(files: [(".faultline.yaml", config)]).linked().topology
        #expect(topology.diagnostics.contains {
            $0.severity == .warning && $0.path == ".faultline.yaml" && $0.line == 2
                && $0.summary == "host web-1 runs deploy/compose.yaml, which is not a Compose file of this commit"
        })
    }

    /// Many hosts running one file of services that all depend on each other: each host may
    /// add its share of the bound, a host past it is left out whole, and a small host listed
    /// after them is still read.
    @Test func composeRequirementsAreBounded() {
        let names = (0..<50).map { "s\($0)" }
        let compose = "services:\n" + names.map { "  \($0): {image: nginx, depends_on: [\(names.joined(separator: ", "))]}" }.joined(separator: "\n") + "\n"
        let small = "services:\n  web: {image: nginx, ports: [\"80:80\"]}\n"
        let config = "hosts:\n" + (0..<100).map { "  - name: h\($0)\n    compose: [compose.yaml]" }.joined(separator: "\n")
            + "\n  - name: real\n    compose: [small/compose.yaml]\n"
        let topology = LinkFixture(files: [(".faultline.yaml", config), ("compose.yaml", compose), ("small/compose.yaml", small)]).linked().topology
        let services = topology.ids.filter { $0.hasPrefix("compose:") }
        #expect(services.contains("compose:real/web"))
        let added = services.reduce(0) { $0 + 1 + (topology[$1]?.requirements.count ?? 0) }
        #expect(added <= TopologyBuilder.composeLimit)
        // Hosts are read or left out whole: no service needs one that is not there.
        #expect(Set(services.map { $0.split(separator: "/")[0] }).allSatisfy { host in services.filter { $0.hasPrefix(host + "/") }.count == 50 || host == "compose:real" })
        #expect(topology.diagnostics.contains { $0.summary.contains("than its share of the \(TopologyBuilder.composeLimit)") })
    }

    /// Overrides: a later file's value for a key replaces the earlier one's; the override file
    /// `docker compose up` merges by itself joins a host listing one default-named file.
    @Test func overridesReplaceByKey() throws {
        let base = "services:\n  web:\n    image: nginx\n    ports: [\"80:80\"]\n    environment:\n      ASSETS: https://dev-assets.s3.us-west-2.amazonaws.com/\n    links: [\"cache:redis\"]\n  cache:\n    image: redis\n  sidecar:\n    image: envoyproxy/envoy:v1\n    network_mode: \"service:web\"\n  edge:\n    image: traefik\n    network_mode: host\n  admin:\n    image: nginx\n    ports: [\"${BIND:-127.0.0.1}:8080:80\"]\n"
        let prod = "services:\n  web:\n    environment:\n      ASSETS: https://prod-assets.s3.eu-west-1.amazonaws.com/\n"
        let config = "hosts:\n  - name: h\n    compose: [compose.yaml]\n"
        let topology = LinkFixture(files: [(".faultline.yaml", config), ("compose.yaml", base), ("compose.override.yaml", prod)]).linked().topology
        let web = try #require(topology["compose:h/web"])
        let needs = web.requirements.flatMap(\.alternatives)
        #expect(needs.contains("url:prod-assets.s3.eu-west-1.amazonaws.com"))
        #expect(!needs.contains("url:dev-assets.s3.us-west-2.amazonaws.com"))
        #expect(needs.contains("compose:h/cache"))
        #expect(topology["compose:h/sidecar"]?.requirements.flatMap(\.alternatives).contains("compose:h/web") == true)
        #expect(topology["compose:h/edge"]?.isEntrypoint == true)
        #expect(topology["compose:h/admin"]?.isEntrypoint == false)
        let odd = "services:\n  \"bad\\nname\": {image: nginx}\n"
        let facts = ComposeReader().read(path: "compose.yaml", bytes: Array(odd.utf8))
        #expect(facts.compose?.services.isEmpty == true)
        #expect(facts.diagnostics.contains { $0.summary.contains("is not one Compose accepts") })
    }
}
