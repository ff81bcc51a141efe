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
        let extra = """
            services:
              web:
                env_file: [.env.web, {path: ./secrets.env, required: false}]
                extends: {service: base, file: ../common/services.yml}
                profiles: [debug]
              worker:
                env_file: worker.env
                extends: web
            """
        let read = try #require(ComposeReader().read(path: "app/compose.yaml", bytes: Array(extra.utf8)).compose?.services)
        #expect(read[0].envFiles == [
            ComposeFact.EnvFile(path: ".env.web", line: 3), ComposeFact.EnvFile(path: "./secrets.env", line: 3, required: false),
        ])
        #expect(read[0].extends == ComposeFact.Extends(service: "base", file: "../common/services.yml", line: 4))
        #expect(read[0].profiles == ["debug"])
        #expect(read[1].envFiles.map(\.path) == ["worker.env"])
        #expect(read[1].extends == ComposeFact.Extends(service: "web", file: nil, line: 8))
    }

    /// An env file's variables as a project reads them, with a link's whole budget.
    static func envFile(_ text: String, lookup: @escaping (String) -> String?) -> [ComposeInterpolation.Variable] {
        ComposeInterpolation.EnvFile(text).variables(outer: lookup, outerFirst: false, budget: ComposeInterpolation.SubstitutionBudget(ComposeInterpolation.Scope.outputLimit))
    }

    /// Compose's substitution: defaults, alternatives, errors, escapes, nesting; what is not
    /// known stays as written and is named.
    @Test func interpolation() {
        let variables = ["TAG": "1.4", "EMPTY": "", "REGISTRY": "123456789012.dkr.ecr.us-east-1.amazonaws.com"]
        func run(_ text: String) -> String { ComposeInterpolation.interpolate(text) { variables[$0] }.text }
        #expect(run("${REGISTRY}/api:${TAG}") == "123456789012.dkr.ecr.us-east-1.amazonaws.com/api:1.4")
        #expect(run("$REGISTRY/api:$TAG") == "123456789012.dkr.ecr.us-east-1.amazonaws.com/api:1.4")
        #expect(run("${API_IMAGE:-ghcr.io/acme/api:1}") == "ghcr.io/acme/api:1")
        #expect(run("${API_IMAGE-nginx}") == "nginx")
        #expect(run("${EMPTY:-x}") == "x")
        #expect(run("${EMPTY-x}") == "")
        #expect(run("${TAG:+pinned}") == "pinned")
        #expect(run("${MISSING:+pinned}") == "")
        #expect(run("${MISSING:-${REGISTRY}/web}") == "123456789012.dkr.ecr.us-east-1.amazonaws.com/web")
        #expect(run("$$HOME and $${TAG}") == "$HOME and ${TAG}")
        let unknown = ComposeInterpolation.interpolate("${REGISTRY}/api:${BUILD:?set BUILD} $OTHER") { variables[$0] }
        #expect(unknown.text == "123456789012.dkr.ecr.us-east-1.amazonaws.com/api:${BUILD:?set BUILD} $OTHER")
        #expect(unknown.unresolved == ["BUILD", "OTHER"])
        // An unclosed default is not Compose's syntax: the text stays, its names unresolved.
        #expect(ComposeInterpolation.interpolate("${A:-x") { _ in "v" }.unresolved == ["A"])
        // Values naming each other twice over stop growing at the limit.
        var text = "A0=xxxxxxxxxxxxxxxx\n"
        for index in 1...40 { text += "A\(index)=${A\(index - 1)}${A\(index - 1)}\n" }
        let parsed = Self.envFile(text) { _ in nil }
        #expect(parsed.count == 41)
        #expect(parsed.allSatisfy { $0.value.utf8.count <= ComposeInterpolation.lengthLimit })
        // Chains and loops: at most 16 deep, a loop left as written, and bounded output in all.
        let chain = (0..<5_000).map { "V\($0)=https://bucket\($0).example.org/${V\(max($0 - 1, 0))}" }.joined(separator: "\n")
        let chained = Self.envFile(chain) { _ in nil }
        #expect(chained.count == 5_000)
        #expect(chained.reduce(0) { $0 + $1.value.utf8.count } <= ComposeInterpolation.Scope.outputLimit + 5_000 * 100)
        // A value sees only what is set above it, as Compose reads the file.
        let loop = Self.envFile("A=x${B}\nB=y${A}\n") { _ in nil }
        #expect(loop.map(\.value) == ["x${B}", "yx${B}"])
        let ordered = Self.envFile("REGISTRY=ecr.example\nREGISTRY=${REGISTRY}/acme\nDB_HOST=east\nDB_URL=pg://${DB_HOST}\nDB_HOST=west\n") { _ in nil }
        #expect(ordered.map { "\($0.key)=\($0.value)" } == ["REGISTRY=ecr.example/acme", "DB_URL=pg://east", "DB_HOST=west"])
        // The machine's environment wins over the file's, inside values too.
        let budget = ComposeInterpolation.SubstitutionBudget(1 << 20)
        let scope = ComposeInterpolation.Scope(files: [ComposeInterpolation.EnvFile("TAG=1\nIMAGE=app:${TAG}\n")], environment: ["TAG": "2"], budget: budget)
        #expect(scope.value(of: "IMAGE") == "app:2")
        #expect(scope.value(of: "TAG") == "2")
        // A service's env file: the project's variables win while substituting.
        let service = ComposeInterpolation.EnvFile("DB_HOST=west\nDB_URL=pg://${DB_HOST}\n").variables(outer: { $0 == "DB_HOST" ? "east" : nil }, outerFirst: true, budget: budget)
        #expect(service.map(\.value) == ["west", "pg://east"])
        // One budget for every scope of a link: once spent, values stay as written.
        let small = ComposeInterpolation.SubstitutionBudget(10)
        let spent = ComposeInterpolation.EnvFile("A=0123456789ab\nB=${A}\nC=${A}\n").variables(outer: { _ in nil }, outerFirst: false, budget: small)
        #expect(spent.map(\.value) == ["0123456789ab", "0123456789ab", "${A}"])
    }

    /// Env files as Compose reads them: comments, `export`, quotes, inline comments, earlier
    /// variables, a later line replacing an earlier one, a key alone setting nothing.
    @Test func envFiles() {
        let text = """
            # the registry
            export REGISTRY=123456789012.dkr.ecr.us-east-1.amazonaws.com
            IMAGE=${REGISTRY}/web # the web image
            LITERAL='${REGISTRY} stays'
            QUOTED="https://${BUCKET}.s3.amazonaws.com/\\"x\\""
            MULTI='line one
            line two'
            FROM_SHELL
            TAG=1
            TAG=2
            """
        let variables = Self.envFile(text) { $0 == "BUCKET" ? "assets" : nil }
        let byKey = Dictionary(variables.map { ($0.key, $0) }, uniquingKeysWith: { $1 })
        #expect(variables.map(\.key) == ["REGISTRY", "IMAGE", "LITERAL", "QUOTED", "MULTI", "TAG"])
        #expect(byKey["IMAGE"]?.value == "123456789012.dkr.ecr.us-east-1.amazonaws.com/web")
        #expect(byKey["IMAGE"]?.line == 3)
        #expect(byKey["LITERAL"]?.value == "${REGISTRY} stays")
        #expect(byKey["QUOTED"]?.value == "https://assets.s3.amazonaws.com/\"x\"")
        #expect(byKey["MULTI"]?.value == "line one\nline two")
        #expect(byKey["TAG"]?.value == "2")
        #expect(byKey["TAG"]?.line == 10)
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

    /// Without hosts, Compose files are read but not part of the topology: one note says so.
    @Test func composeFilesWithoutHostsAreNoted() {
        let topology = LinkFixture(files: [("compose.yaml", Self.compose), ("dev/docker-compose.yml", Self.compose)]).linked().topology
        #expect(topology.ids.filter { $0.hasPrefix("compose:") }.isEmpty)
        let notes = topology.diagnostics.filter { $0.summary.contains("no host in .faultline.yaml runs") }
        #expect(notes.map { "\($0.path ?? ""):\($0.line ?? 0)" } == ["compose.yaml:1"])
        #expect(notes.first?.summary.hasPrefix("2 Compose files are read") == true)
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

    /// Compose's merge tags in a later file: `!reset` on a service drops the service, on a key
    /// drops the earlier files' value of it; `!override` replaces the earlier value whole.
    @Test func mergeTagsResetAndOverride() throws {
        let base = """
            services:
              web:
                image: nginx
                ports: ["80:80"]
                depends_on: [cache]
                environment:
                  ASSETS: https://dev-assets.s3.us-west-2.amazonaws.com/
                  DEBUG_URL: https://debug.s3.us-west-2.amazonaws.com/
              cache:
                image: redis
              mailhog:
                image: mailhog/mailhog:v1.0.1
                ports: ["8025:8025"]
            """
        let prod = """
            services:
              web:
                depends_on: !reset []
                environment: !override
                  ASSETS: https://prod-assets.s3.eu-west-1.amazonaws.com/
              mailhog: !reset {}
            """
        let config = "hosts:\n  - name: h\n    compose: [compose.yaml, compose.prod.yaml]\n"
        let topology = LinkFixture(files: [(".faultline.yaml", config), ("compose.yaml", base), ("compose.prod.yaml", prod)]).linked().topology
        #expect(topology["compose:h/mailhog"] == nil)
        let web = try #require(topology["compose:h/web"])
        let needs = web.requirements.flatMap(\.alternatives)
        #expect(needs.contains("url:prod-assets.s3.eu-west-1.amazonaws.com"))
        #expect(!needs.contains("url:dev-assets.s3.us-west-2.amazonaws.com"))
        #expect(!needs.contains("url:debug.s3.us-west-2.amazonaws.com"))
        #expect(!needs.contains("compose:h/cache"))
        #expect(web.isEntrypoint)
        // A whole service overridden keeps only what the later file says of it.
        let replaced = "services:\n  web: !override\n    image: nginx\n"
        let again = LinkFixture(files: [(".faultline.yaml", config), ("compose.yaml", base), ("compose.prod.yaml", replaced)]).linked().topology
        #expect(again["compose:h/web"]?.isEntrypoint == false)
        #expect(again["compose:h/web"]?.requirements.flatMap(\.alternatives).contains("compose:h/cache") == false)
        #expect(again["compose:h/mailhog"] != nil)
    }

    /// The machine's variables: the project's `.env` (beside the first file), replaced by the
    /// host's own env files when it names some, and its `environment:` over all.
    @Test func variablesComeFromTheRepository() throws {
        let compose = """
            services:
              web:
                image: ${REGISTRY}/web:${TAG}
                ports: ["80:80"]
                environment:
                  ASSETS: https://${BUCKET}.s3.${REGION:-us-east-1}.amazonaws.com/
              api:
                image: ghcr.io/acme/api:${TAG}
              job:
                image: ${UNKNOWN_REGISTRY}/job:1
            """
        let dotenv = "REGISTRY=123456789012.dkr.ecr.us-east-1.amazonaws.com\nBUCKET=weave-ui-assets\n"
        let prod = "REGISTRY=123456789012.dkr.ecr.eu-west-1.amazonaws.com\nBUCKET=prod-assets\n"
        let config = """
            hosts:
              - {name: dev, compose: [deploy/compose.yaml]}
              - {name: prod, compose: [deploy/compose.yaml], env_file: deploy/prod.env, environment: {REGION: eu-west-1}}
            """
        let fixture = LinkFixture(files: [
            (".faultline.yaml", config), ("deploy/compose.yaml", compose), ("deploy/.env", dotenv), ("deploy/prod.env", prod),
        ])
        let topology = fixture.linked().topology
        let dev = try #require(topology["compose:dev/web"]).requirements.flatMap(\.alternatives)
        #expect(dev.contains("image:123456789012.dkr.ecr.us-east-1.amazonaws.com/web"))
        #expect(dev.contains("url:weave-ui-assets.s3.us-east-1.amazonaws.com"))
        let prodNeeds = try #require(topology["compose:prod/web"]).requirements.flatMap(\.alternatives)
        #expect(prodNeeds.contains("image:123456789012.dkr.ecr.eu-west-1.amazonaws.com/web"))
        #expect(prodNeeds.contains("url:prod-assets.s3.eu-west-1.amazonaws.com"))
        let assets = try #require(topology["compose:dev/web"]?.requirements.first { $0.alternatives == ["url:weave-ui-assets.s3.us-east-1.amazonaws.com"] })
        #expect(assets.provenance?.path == "deploy/compose.yaml")
        #expect(assets.provenance?.line == 6)
        // A tag the repository does not set leaves the image's name known.
        #expect(topology["compose:dev/api"]?.requirements.flatMap(\.alternatives) == ["image:ghcr.io/acme/api"])
        // A registry it does not set: no image, and a note saying which variable.
        #expect(topology["compose:dev/job"]?.requirements.isEmpty == true)
        #expect(topology.diagnostics.contains {
            $0.severity == .note && $0.path == "deploy/compose.yaml" && $0.line == 10 && $0.summary.contains("$UNKNOWN_REGISTRY")
        })
        #expect(fixture.down(in: "service:aws/us-east-1/s3") == ["compose:dev/web"])
        #expect(fixture.down(in: "service:aws/eu-west-1/s3") == ["compose:prod/web"])
        // A host's env file that is not there is a warning at the host.
        let missing = "hosts:\n  - {name: h, compose: [compose.yaml], env_file: prod.env}\n"
        let alone = LinkFixture(files: [(".faultline.yaml", missing), ("compose.yaml", "services:\n  web: {image: nginx}\n")]).linked().topology
        #expect(alone.diagnostics.contains { $0.severity == .warning && $0.path == ".faultline.yaml" && $0.line == 2 && $0.summary.contains("prod.env") })
    }

    /// A service's env files: their variables come under its `environment:`, located in the env
    /// file; a later env file replaces an earlier one's; a required one that is not in the
    /// commit is a note, an optional one is not.
    @Test func serviceEnvFiles() throws {
        let compose = """
            services:
              api:
                image: ghcr.io/acme/api:1
                env_file: [config/api.env, config/prod.env, {path: config/secrets.env, required: false}, config/missing.env]
                environment:
                  CACHE_URL: redis://cache.internal:6379
            """
        let api = "DATABASE_URL=postgres://app.cluster-abc.us-east-1.rds.amazonaws.com:5432/app\nCACHE_URL=redis://old.example.com\nQUEUE=https://sqs.us-east-1.amazonaws.com/1/jobs\n"
        let prod = "QUEUE=https://sqs.us-west-2.amazonaws.com/1/jobs\n"
        let config = "hosts:\n  - {name: h, compose: [deploy/compose.yaml], provider: aws, region: us-east-1}\n"
        let topology = LinkFixture(files: [
            (".faultline.yaml", config), ("deploy/compose.yaml", compose), ("deploy/config/api.env", api), ("deploy/config/prod.env", prod),
        ]).linked().topology
        let requirements = try #require(topology["compose:h/api"]).requirements
        let database = try #require(requirements.first { $0.alternatives.contains { $0.contains("rds.amazonaws.com") } })
        #expect(database.provenance?.path == "deploy/config/api.env")
        #expect(database.provenance?.line == 1)
        let needs = requirements.flatMap(\.alternatives)
        #expect(needs.contains("url:sqs.us-west-2.amazonaws.com"))
        #expect(!needs.contains("url:sqs.us-east-1.amazonaws.com"))
        #expect(!needs.contains("url:old.example.com"))
        let notes = topology.diagnostics.filter { $0.summary.contains("loads env_file") }
        #expect(notes.map(\.summary) == ["service api loads env_file deploy/config/missing.env, which is not a file of this commit; the endpoints its variables name are not known"])
        #expect(notes.first?.line == 4)
    }

    /// `extends`: in the same file or another (a name Compose does not look for by itself), the
    /// extending service's own settings win, dependencies are not inherited, and a base that is
    /// not there is a warning; profiles the host does not run leave their services out.
    @Test func extendsAndProfiles() throws {
        let common = """
            services:
              base:
                image: 123456789012.dkr.ecr.us-east-1.amazonaws.com/web:1
                depends_on: [db]
                environment:
                  ASSETS: https://assets.s3.us-east-1.amazonaws.com/
                  MODE: base
            """
        let compose = """
            services:
              web:
                extends: {service: base, file: ../common/services.yml}
                ports: ["80:80"]
                environment:
                  MODE: web
              admin:
                extends: web
                image: ghcr.io/acme/admin:1
              debug:
                image: busybox
                profiles: [debug]
              lost:
                extends: nowhere
              db:
                image: postgres:16
            """
        let config = "hosts:\n  - {name: h, compose: [app/compose.yaml]}\n  - {name: d, compose: [app/compose.yaml], profiles: [debug]}\n"
        let topology = LinkFixture(files: [(".faultline.yaml", config), ("app/compose.yaml", compose), ("common/services.yml", common)]).linked().topology
        let web = try #require(topology["compose:h/web"])
        #expect(web.isEntrypoint)
        let needs = web.requirements.flatMap(\.alternatives)
        #expect(needs.contains("image:123456789012.dkr.ecr.us-east-1.amazonaws.com/web"))
        #expect(needs.contains("url:assets.s3.us-east-1.amazonaws.com"))
        #expect(!needs.contains("compose:h/db"))
        let image = try #require(web.requirements.first { $0.alternatives.first?.hasPrefix("image:") == true })
        #expect(image.provenance?.path == "common/services.yml")
        let admin = try #require(topology["compose:h/admin"])
        #expect(admin.isEntrypoint)
        #expect(admin.requirements.flatMap(\.alternatives).contains("image:ghcr.io/acme/admin"))
        #expect(admin.requirements.flatMap(\.alternatives).contains("url:assets.s3.us-east-1.amazonaws.com"))
        #expect(topology["compose:h/debug"] == nil)
        #expect(topology["compose:d/debug"] != nil)
        #expect(topology.diagnostics.contains { $0.severity == .warning && $0.line == 14 && $0.summary.contains("extends nowhere") })
        // A loop is followed once round and said.
        let loop = "services:\n  a: {extends: b, image: nginx}\n  b: {extends: a}\n"
        let looped = LinkFixture(files: [(".faultline.yaml", "hosts:\n  - {name: h, compose: [compose.yaml]}\n"), ("compose.yaml", loop)]).linked().topology
        #expect(looped["compose:h/a"] != nil)
        #expect(looped.diagnostics.contains { $0.summary.contains("in a loop") })
    }

    /// Host settings for variables are checked with located errors.
    @Test func hostVariablesAreChecked() {
        let text = """
            hosts:
              - name: a
                compose: [compose.yaml]
                env_file: [deploy/prod.env]
                environment: {TAG: 1.4, DEBUG: true, "bad-name": x}
                profiles: [workers]
              - name: b
                compose: [compose.yaml]
                environment: [TAG=1]
            """
        let facts = RepoConfigReader().read(path: ".faultline.yaml", bytes: Array(text.utf8))
        let errors = facts.diagnostics.filter { $0.severity == .error }.map { "\($0.line ?? 0): \($0.summary)" }
        #expect(errors.contains { $0.hasPrefix("5: host a: environment entries") })
        #expect(errors.contains { $0.hasPrefix("9: host b: 'environment' must be a mapping") })
        let host = facts.config?.hosts.first
        #expect(host?.envFiles == ["deploy/prod.env"])
        #expect(host?.environment == ["TAG": "1.4", "DEBUG": "true"])
        #expect(host?.profiles == ["workers"])
    }

    /// `build:`: a service without an image runs the one Compose builds (`PROJECT-SERVICE`),
    /// which needs what its Dockerfile pulls; a bare `image:` built here is no Docker Hub pull;
    /// an optional dependency (`required: false`) is not a need.
    @Test func servicesBuiltHere() throws {
        let compose = """
            services:
              grafana:
                build: ./docker/grafana
                ports: ["3000:3000"]
                depends_on:
                  tracing: {condition: service_started, required: false}
                  api: {condition: service_healthy}
              api:
                image: demo-microservice
                build: {context: backend, dockerfile: Dockerfile.prod}
              tracing:
                image: ghcr.io/acme/tracing:1
            """
        let config = "hosts:\n  - {name: h, compose: [petclinic/compose.yaml]}\n"
        let topology = LinkFixture(files: [
            (".faultline.yaml", config), ("petclinic/compose.yaml", compose),
            ("petclinic/docker/grafana/Dockerfile", "FROM grafana/grafana:5.2.4\nCOPY dashboards /etc/grafana\n"),
            ("petclinic/backend/Dockerfile.prod", "FROM public.ecr.aws/docker/library/golang:1.22\n"),
            // A pipeline of the repository does not build what Compose builds on the machine.
            (".github/workflows/lint.yml", "on: push\njobs:\n  lint:\n    runs-on: ubuntu-latest\n    steps:\n      - run: echo hi\n"),
        ]).linked().topology
        #expect(!topology.ids.filter { $0.hasPrefix("image:local/") }.contains { id in
            topology[id]?.requirements.contains { $0.alternatives.contains { $0.hasPrefix("ci:") } } == true
        })
        let grafana = try #require(topology["compose:h/grafana"])
        let needs = grafana.requirements.flatMap(\.alternatives)
        #expect(needs.contains("image:local/petclinic-grafana"))
        #expect(needs.contains("compose:h/api"))
        #expect(!needs.contains("compose:h/tracing"))
        let built = try #require(topology["image:local/petclinic-grafana"]).requirements.flatMap(\.alternatives)
        #expect(built.contains("image:docker.io/grafana/grafana"))
        #expect(topology["compose:h/api"]?.requirements.flatMap(\.alternatives) == ["image:local/demo-microservice"])
        let api = try #require(topology["image:local/demo-microservice"]).requirements.flatMap(\.alternatives)
        #expect(api.contains("image:public.ecr.aws/docker/library/golang"))
        #expect(topology["image:docker.io/library/demo-microservice"] == nil)
        #expect(topology.diagnostics.contains { $0.summary.hasPrefix("image petclinic-grafana is built by Docker Compose (petclinic/compose.yaml:3)") })
    }

    /// A service a reverse proxy of its machine routes users to by its labels (Traefik,
    /// caddy-docker-proxy) or its `VIRTUAL_HOST` (nginx-proxy) faces users, published or not;
    /// without such a proxy on the machine, or with `traefik.enable=false`, it does not.
    @Test func servicesRoutedByAReverseProxyFaceUsers() throws {
        let compose = """
            services:
              traefik:
                image: traefik:v3.1
                ports: ["443:443"]
              app:
                image: ghcr.io/acme/app:1
                ports: ["127.0.0.1:5678:5678"]
                labels:
                  - traefik.http.routers.app.rule=Host(`app.acme.io`)
              admin:
                image: ghcr.io/acme/admin:1
                labels: {traefik.enable: "true"}
              hidden:
                image: ghcr.io/acme/hidden:1
                labels: {traefik.enable: "false", traefik.http.routers.h.rule: "Host(`h.acme.io`)"}
              worker:
                image: ghcr.io/acme/worker:1
            """
        let proxied = LinkFixture(files: [(".faultline.yaml", "hosts:\n  - {name: h, compose: [compose.yaml]}\n"), ("compose.yaml", compose)]).linked().topology
        #expect(proxied["compose:h/app"]?.isEntrypoint == true)
        #expect(proxied["compose:h/app"]?.provenance.first?.line == 9)
        #expect(proxied["compose:h/admin"]?.isEntrypoint == true)
        #expect(proxied["compose:h/hidden"]?.isEntrypoint == false)
        #expect(proxied["compose:h/worker"]?.isEntrypoint == false)
        let quiet = compose.replacingOccurrences(of: "    ports: [\"443:443\"]\n", with: "")
        let unpublished = LinkFixture(files: [(".faultline.yaml", "hosts:\n  - {name: h, compose: [compose.yaml]}\n"), ("compose.yaml", quiet)]).linked().topology
        #expect(unpublished["compose:h/admin"]?.isEntrypoint == false)
        let alone = compose.replacingOccurrences(of: "image: traefik:v3.1", with: "image: nginx:1.27")
        let unproxied = LinkFixture(files: [(".faultline.yaml", "hosts:\n  - {name: h, compose: [compose.yaml]}\n"), ("compose.yaml", alone)]).linked().topology
        #expect(unproxied["compose:h/app"]?.isEntrypoint == false)
        let nginxProxy = """
            services:
              proxy: {image: "nginxproxy/nginx-proxy:1.6", ports: ["80:80"]}
              web: {image: "ghcr.io/acme/web:1", environment: {VIRTUAL_HOST: shop.acme.io}}
              caddy: {image: "lucaslorentz/caddy-docker-proxy:2.9", ports: ["443:443"]}
              api: {image: "ghcr.io/acme/api:1", labels: {caddy: api.acme.io, caddy.reverse_proxy: "{{upstreams 8080}}"}}
            """
        let other = LinkFixture(files: [(".faultline.yaml", "hosts:\n  - {name: h, compose: [compose.yaml]}\n"), ("compose.yaml", nginxProxy)]).linked().topology
        #expect(other["compose:h/web"]?.isEntrypoint == true)
        #expect(other["compose:h/api"]?.isEntrypoint == true)
    }

    /// `depends_on` names are substituted as Compose substitutes them.
    @Test func dependsOnNamesAreSubstituted() throws {
        let compose = """
            services:
              app:
                image: ghcr.io/acme/app:1
                ports: ["80:80"]
                depends_on:
                  - ${DB_HOST:-postgresql}
                  - ${CACHE_HOST}
              postgresql: {image: postgres:16}
              redis: {image: redis:7}
            """
        let topology = LinkFixture(files: [
            (".faultline.yaml", "hosts:\n  - {name: h, compose: [compose.yaml]}\n"), ("compose.yaml", compose), (".env", "CACHE_HOST=redis\n"),
        ]).linked().topology
        let needs = try #require(topology["compose:h/app"]).requirements.flatMap(\.alternatives)
        #expect(needs.contains("compose:h/postgresql") && needs.contains("compose:h/redis"), "\(needs)")
    }

    /// A Compose file no machine runs builds nothing here: a `docker-compose.dev.yml` building
    /// the image a host's file builds, from another Dockerfile, does not stand in for the
    /// host's build; builds of one name in the files two hosts run are both its builds.
    @Test func onlyTheFilesHostsRunBuildTheirImages() throws {
        let files = [
            ("web/Dockerfile", "FROM nginx:1.27\nCOPY site/ /usr/share/nginx/html/\n"), ("web/Dockerfile.dev", "FROM node:20\n"),
            ("web/site/index.html", "<script src=\"https://assets.s3.us-east-1.amazonaws.com/a.js\"></script>\n"),
            ("docker-compose.dev.yml", "services:\n  web:\n    build: {context: web, dockerfile: Dockerfile.dev}\n    image: shop_web\n"),
            ("docker-compose.yml", "services:\n  web:\n    build: {context: web}\n    image: shop_web\n    ports: [\"80:80\"]\n"),
            ("other/compose.yaml", "services:\n  web:\n    build: {context: ../api}\n    image: shop_web\n"),
            ("api/Dockerfile", "FROM python:3.12\n"),
        ]
        let one = LinkFixture(files: [(".faultline.yaml", "hosts:\n  - {name: h, compose: [docker-compose.yml]}\n")] + files).linked().topology
        let image = try #require(one["image:local/shop_web"]).requirements.flatMap(\.alternatives)
        #expect(image.contains("image:docker.io/library/nginx") && image.contains("file:web/site/index.html"), "\(image)")
        #expect(!image.contains("image:docker.io/library/node") && !image.contains("image:docker.io/library/python"))
        #expect(one.diagnostics.contains { $0.summary.hasPrefix("image shop_web is built by Docker Compose (docker-compose.yml:3)") })
        let two = LinkFixture(files: [(".faultline.yaml", "hosts:\n  - {name: h, compose: [docker-compose.yml]}\n  - {name: g, compose: [other/compose.yaml]}\n")] + files)
            .linked().topology
        let both = try #require(two["image:local/shop_web"]).requirements.flatMap(\.alternatives)
        #expect(both.contains("image:docker.io/library/nginx") && both.contains("image:docker.io/library/python"), "\(both)")
        #expect(!both.contains("image:docker.io/library/node"))
    }

    /// A Dockerfile's `FROM ${BASE}` without a default builds from what the service's
    /// `build.args` passes (Sentry's cron builds on its own image so); a value naming a
    /// machine variable is not known, and the reference stays as written (a note).
    @Test func buildArgumentsGiveTheBaseImage() throws {
        let compose = """
            services:
              web:
                build:
                  context: web
                  args: {BASE_IMAGE: "ghcr.io/acme/base:1", OTHER: "${TAG}"}
                ports: ["80:80"]
              worker:
                build:
                  context: web
                  args: ["BASE_IMAGE=${UNSET}"]
            """
        let topology = LinkFixture(files: [
            (".faultline.yaml", "hosts:\n  - {name: h, compose: [compose.yaml]}\n"), ("compose.yaml", compose),
            ("web/Dockerfile", "ARG BASE_IMAGE\nFROM ${BASE_IMAGE}\n"),
        ]).linked().topology
        let web = try #require(topology["image:local/compose-web"]).requirements(.deliver).flatMap(\.alternatives)
        #expect(web.contains("image:ghcr.io/acme/base"))
        let worker = try #require(topology["image:local/compose-worker"]).requirements(.deliver).flatMap(\.alternatives)
        #expect(!worker.contains { $0.hasPrefix("image:") })
        #expect(DockerfileReader.substituting("$REGISTRY/app:${TAG}", arguments: ["REGISTRY": "ecr.example", "TAG": "1"]) == "ecr.example/app:1")
        #expect(DockerfileReader.substituting("${BASE:-nginx}", arguments: [:]) == "nginx")
        #expect(DockerfileReader.substituting("${BASE}", arguments: [:]) == nil)
    }

    /// A telemetry backend on the machine is written to, not needed: not by address, name or
    /// `depends_on` (the collector's own exports would otherwise count against every service).
    @Test func telemetryBackendsAreNotNeeds() throws {
        let compose = """
            services:
              cart:
                image: ghcr.io/acme/cart:1
                depends_on: [otel-collector, valkey]
                environment:
                  OTEL_EXPORTER_OTLP_ENDPOINT: http://otel-collector:4317
                  TRACING_HOST: otel-collector
                  VALKEY_ADDR: valkey:6379
              otel-collector:
                image: otel/opentelemetry-collector-contrib:0.100.0
                environment:
                  HONEYCOMB: https://api.honeycomb.io
              valkey:
                image: valkey/valkey:8
            """
        let config = "hosts:\n  - {name: h, compose: [compose.yaml]}\n"
        let topology = LinkFixture(files: [(".faultline.yaml", config), ("compose.yaml", compose)]).linked().topology
        let needs = try #require(topology["compose:h/cart"]).requirements.flatMap(\.alternatives)
        #expect(needs.contains("compose:h/valkey"))
        #expect(!needs.contains("compose:h/otel-collector"))
    }

    /// A bind mount of the repository's files gives the container what they name, as a COPY
    /// into its image would: an nginx.conf mounted into a proxy makes it need its upstreams.
    /// Named volumes, machine paths and Dockerfiles under a mounted folder are no such files;
    /// an override's mount at the same target replaces the earlier one.
    @Test func mountedFilesAreNeededByTheService() throws {
        let compose = """
            services:
              proxy:
                image: nginx:1.27
                ports: ["80:80"]
                volumes:
                  - ./nginx/nginx.conf:/etc/nginx/nginx.conf:ro
                  - data:/var/cache/nginx
                  - /var/run/docker.sock:/var/run/docker.sock
                  - type: bind
                    source: ${SITE_DIR:-./site}
                    target: /usr/share/nginx/html
              dev:
                image: node:20
                volumes: [".:/app"]
            volumes: {data: {}}
            """
        let override = "services:\n  dev:\n    volumes: [\"./site:/app\"]\n"
        let config = "hosts:\n  - {name: h, compose: [compose.yaml]}\n"
        let topology = LinkFixture(files: [
            (".faultline.yaml", config), ("compose.yaml", compose), ("compose.override.yaml", override),
            ("nginx/nginx.conf", "http { server { location /media/ { proxy_pass https://media.s3.us-east-1.amazonaws.com; } } }\n"),
            ("site/index.html", "<script src=\"https://assets.s3.us-east-1.amazonaws.com/x.js\"></script>\n"),
            ("site/Dockerfile", "FROM nginx\nADD https://github.com/acme/tool/releases/download/v1/tool /tool\n"),
            ("other/page.html", "<script src=\"https://other.s3.us-east-1.amazonaws.com/o.js\"></script>\n"),
        ]).linked().topology
        let proxy = try #require(topology["compose:h/proxy"])
        #expect(proxy.requirements.filter { $0.alternatives.allSatisfy { $0.hasPrefix("file:") } }.map { "\($0.alternatives[0]) \($0.provenance?.line ?? 0)" }
            == ["file:nginx/nginx.conf 6", "file:site/index.html 10"])
        #expect(try #require(topology["compose:h/dev"]).requirements.flatMap(\.alternatives).filter { $0.hasPrefix("file:") } == ["file:site/index.html"])
        let impact = try #require(topology["file:nginx/nginx.conf"]).requirements.flatMap(\.alternatives)
        #expect(impact == ["url:media.s3.us-east-1.amazonaws.com"])
    }

    /// A service's `configs:` naming a config that is a file of the repository puts it in the
    /// container as a mount does; inline and external configs, and secrets, name no file.
    @Test func configFilesAreMounts() throws {
        let compose = """
            services:
              proxy:
                image: nginx:1.27
                ports: ["80:80"]
                configs:
                  - source: nginx_conf
                    target: /etc/nginx/nginx.conf
                  - inline
                  - outside
                secrets: [token]
              worker:
                image: busybox:1.36
                configs: [site]
            configs:
              nginx_conf: {file: ./nginx/nginx.conf}
              site: {file: site/index.html}
              inline: {content: "https://inline.s3.us-east-1.amazonaws.com"}
              outside: {external: true}
            secrets:
              token: {file: ./token.txt}
            """
        let topology = LinkFixture(files: [
            (".faultline.yaml", "hosts:\n  - {name: h, compose: [compose.yaml]}\n"), ("compose.yaml", compose),
            ("nginx/nginx.conf", "http { server { location / { proxy_pass https://media.s3.us-east-1.amazonaws.com; } } }\n"),
            ("site/index.html", "<script src=\"https://assets.s3.us-east-1.amazonaws.com/x.js\"></script>\n"),
        ]).linked().topology
        let proxy = try #require(topology["compose:h/proxy"]).requirements
        #expect(proxy.filter { $0.alternatives.allSatisfy { $0.hasPrefix("file:") } }.map { "\($0.alternatives[0]) \($0.provenance?.line ?? 0) \($0.note ?? "")" }
            == ["file:nginx/nginx.conf 15 mounts nginx/nginx.conf at /etc/nginx/nginx.conf"])
        #expect(!proxy.flatMap(\.alternatives).contains { $0.contains("inline") })
        let worker = try #require(topology["compose:h/worker"]).requirements.flatMap(\.alternatives)
        #expect(worker.contains("file:site/index.html"))
        // Configs merge across the machine's files: a later file's definition is the one mounted.
        let prod = LinkFixture(files: [
            (".faultline.yaml", "hosts:\n  - {name: h, compose: [compose.yaml, compose.prod.yaml]}\n"), ("compose.yaml", compose),
            ("compose.prod.yaml", "configs:\n  nginx_conf: {file: ./nginx/nginx.prod.conf}\n"),
            ("nginx/nginx.conf", "http { server { location / { proxy_pass https://media.s3.us-east-1.amazonaws.com; } } }\n"),
            ("nginx/nginx.prod.conf", "http { server { location / { proxy_pass https://media.s3.eu-west-1.amazonaws.com; } } }\n"),
        ]).linked().topology
        let mounted = try #require(prod["compose:h/proxy"]).requirements.flatMap(\.alternatives).filter { $0.hasPrefix("file:") }
        #expect(mounted == ["file:nginx/nginx.prod.conf"], "\(mounted)")
    }

    /// The other ways a mount of the repository is written: a long form's bind source without
    /// `./` (relative to the project, as compose-go joins it), `${PWD}` (the project's folder),
    /// and a variable's default holding a `:`.
    @Test func mountsWrittenOtherwiseAreRead() throws {
        let compose = """
            services:
              proxy:
                image: nginx:1.27
                ports: ["80:80"]
                volumes:
                  - {type: bind, source: nginx/a.conf, target: /etc/nginx/conf.d/a.conf}
                  - ${PWD}/nginx/b.conf:/etc/nginx/conf.d/b.conf:ro
                  - ${CONF:-./nginx}/c.conf:/etc/nginx/conf.d/c.conf
                  - {type: volume, source: cache, target: /var/cache/nginx}
                  - cache:/data
            """
        func conf(_ name: String) -> String { "server { location /\(name) { proxy_pass https://assets-\(name).s3.us-east-1.amazonaws.com; } }\n" }
        let topology = LinkFixture(files: [
            (".faultline.yaml", "hosts:\n  - {name: h, compose: [compose.yaml]}\n"), ("compose.yaml", compose),
            ("nginx/a.conf", conf("a")), ("nginx/b.conf", conf("b")), ("nginx/c.conf", conf("c")), ("cache/d.conf", conf("d")),
        ]).linked().topology
        let files = try #require(topology["compose:h/proxy"]).requirements.flatMap(\.alternatives).filter { $0.hasPrefix("file:") }.sorted()
        #expect(files == ["file:nginx/a.conf", "file:nginx/b.conf", "file:nginx/c.conf"])
        #expect(ComposeReader.mountParts("${CONF:-./nginx}/c.conf:/etc/c.conf:ro") == ["${CONF:-./nginx}/c.conf", "/etc/c.conf", "ro"])
    }

    /// Services mounting a large folder each are bounded as the rest of Compose's requirements:
    /// past the limit, one located warning and no more mounts read.
    @Test func mountsAreBounded() {
        let services = (0..<260).map { "  s\($0):\n    image: nginx\n    volumes: [\".:/app\"]\n" }.joined()
        let pages = (0..<400).map { ("site/p\($0).html", "<script src=\"https://a\($0).s3.us-east-1.amazonaws.com/x.js\"></script>\n") }
        let topology = LinkFixture(files: [(".faultline.yaml", "hosts:\n  - {name: h, compose: [compose.yaml]}\n"), ("compose.yaml", "services:\n" + services)] + pages)
            .linked().topology
        let mounted = topology.components.values.filter { $0.id.hasPrefix("compose:") }.map { $0.requirements.count { $0.note?.hasPrefix("mounts ") == true } }
        let files = topology.components.keys.count { $0.hasPrefix("file:site/") }, whole = TopologyBuilder.composeLimit / files
        #expect(files > 300 && mounted.reduce(0, +) == whole * files)
        // At the volumes line of the first service past the limit (each service is three lines).
        #expect(topology.diagnostics.filter { $0.summary.contains("mount more than") }.map(\.line) == [3 * whole + 4])
    }

    /// A variable whose whole value is another service's name needs that service only where
    /// its name says it holds an address, as in Kubernetes: `MYSQL_USER: wordpress` is a user
    /// (it made the database need the site, a cycle), `ADMINER_DEFAULT_SERVER: db` an address.
    @Test func aBareServiceNameIsAnAddressOnlyInASettingNamedForOne() throws {
        let compose = """
            services:
              wordpress:
                image: wordpress:6
                ports: ["80:80"]
                environment:
                  WORDPRESS_DB_HOST: db
                  WORDPRESS_DB_USER: wordpress
              db:
                image: mysql:8
                environment:
                  MYSQL_DATABASE: wordpress
                  MYSQL_USER: wordpress
              adminer:
                image: adminer:4
                environment: {ADMINER_DEFAULT_SERVER: db, REDIS: cache, HOSTNAME: db}
              cache:
                image: redis:7
            """
        let config = "hosts:\n  - {name: h, compose: [compose.yaml]}\n"
        let topology = LinkFixture(files: [(".faultline.yaml", config), ("compose.yaml", compose)]).linked().topology
        func needs(_ service: String) throws -> [String] {
            try #require(topology["compose:h/\(service)"]).requirements.flatMap(\.alternatives).filter { $0.hasPrefix("compose:") }
        }
        #expect(try needs("wordpress") == ["compose:h/db"])
        #expect(try needs("db") == [])
        #expect(try needs("adminer").sorted() == ["compose:h/cache", "compose:h/db"])
    }

    /// `include:`: the services of the files a project includes join it (any name, relative to
    /// the including file); one the commit does not have is a warning.
    @Test func includedFilesJoinTheProject() throws {
        let compose = """
            include:
              - ../infra/db.yaml
              - path: [../infra/cache.yml]
                project_directory: ..
              - missing.yaml
            services:
              web:
                image: ghcr.io/acme/web:1
                ports: ["80:80"]
                depends_on: [db, cache]
            """
        let db = "services:\n  db:\n    image: postgres:16\n    environment:\n      BACKUP: https://backups.s3.eu-west-1.amazonaws.com/\n"
        let cache = "services:\n  cache: {image: valkey/valkey:8}\n"
        let config = "hosts:\n  - {name: h, compose: [app/compose.yaml]}\n"
        let topology = LinkFixture(files: [
            (".faultline.yaml", config), ("app/compose.yaml", compose), ("infra/db.yaml", db), ("infra/cache.yml", cache),
        ]).linked().topology
        let needs = try #require(topology["compose:h/web"]).requirements.flatMap(\.alternatives)
        #expect(needs.contains("compose:h/db"))
        #expect(needs.contains("compose:h/cache"))
        #expect(topology["compose:h/db"]?.requirements.flatMap(\.alternatives).contains("url:backups.s3.eu-west-1.amazonaws.com") == true)
        #expect(topology.diagnostics.contains { $0.severity == .warning && $0.path == "app/compose.yaml" && $0.line == 5 && $0.summary.contains("includes missing.yaml") })
    }

    /// An `include:` or `env_file:` that is absolute or leaves the repository is never read,
    /// nor one naming the file itself, nor an include closing a cycle: each a warning at the
    /// entry saying why.
    @Test func includesAndEnvFilesOutsideTheRepositoryAreWarnings() throws {
        let compose = """
            include:
              - /etc/compose.yaml
              - ../../outside.yaml
              - compose.yaml
              - lib/docker-compose.yml
            services:
              web:
                image: ghcr.io/acme/web:1
                env_file: [/etc/passwd, ../../etc/passwd, compose.yaml, {path: ../../x.env, required: false}, web.env]
            """
        let lib = "include: [../compose.yaml]\nservices:\n  worker: {image: ghcr.io/acme/worker:1}\n"
        let config = "hosts:\n  - {name: h, compose: [app/compose.yaml]}\n"
        let topology = LinkFixture(files: [
            (".faultline.yaml", config), ("app/compose.yaml", compose), ("app/lib/docker-compose.yml", lib), ("app/web.env", "A=1\n"),
        ]).linked().topology
        let warnings = topology.diagnostics.filter { $0.severity == .warning && ($0.path ?? "").hasPrefix("app/") }
        #expect(warnings.map { "\($0.path ?? ""):\($0.line ?? 0) \($0.summary)" }.sorted() == [
            "app/compose.yaml:2 app/compose.yaml includes /etc/compose.yaml, an absolute path; it is not read",
            "app/compose.yaml:3 app/compose.yaml includes ../../outside.yaml, which is outside the repository; it is not read",
            "app/compose.yaml:4 app/compose.yaml includes compose.yaml, the file itself; it is not followed",
            "app/compose.yaml:9 service web loads env_file ../../etc/passwd, which is outside the repository; it is not read",
            "app/compose.yaml:9 service web loads env_file ../../x.env, which is outside the repository; it is not read",
            "app/compose.yaml:9 service web loads env_file /etc/passwd, an absolute path; it is not read",
            "app/compose.yaml:9 service web loads env_file compose.yaml, the Compose file itself; it is not read",
            "app/lib/docker-compose.yml:1 app/lib/docker-compose.yml includes ../compose.yaml, which includes it; the cycle is not followed",
        ])
        #expect(topology["compose:h/worker"] != nil)
        #expect(topology["compose:h/web"] != nil)
    }

    /// Includes through files Compose names by itself are followed down; an included file's
    /// services load env files relative to it; a service extended from another file brings no
    /// env files (not read, and not said missing); `COMPOSE_PROFILES` in the project's `.env`
    /// enables a profile; an unclosed quote in an env file is a warning at its line.
    @Test func includesEnvFilesAndProfilesFromVariables() throws {
        let compose = """
            include: [lib/docker-compose.yml]
            services:
              web:
                image: ghcr.io/acme/web:1
                ports: ["80:80"]
                depends_on: [worker, cron, debug]
                extends: {service: base, file: common.yaml}
              debug:
                image: busybox
                profiles: [debug]
            """
        let lib = "include: [more.yaml]\nservices:\n  worker:\n    image: ghcr.io/acme/worker:1\n    env_file: worker.env\n"
        let more = "services:\n  cron: {image: ghcr.io/acme/cron:1}\n"
        let common = "services:\n  base:\n    image: ghcr.io/acme/base:1\n    env_file: common.env\n"
        let config = "hosts:\n  - {name: h, compose: [compose.yaml]}\n"
        let topology = LinkFixture(files: [
            (".faultline.yaml", config), ("compose.yaml", compose), ("lib/docker-compose.yml", lib), ("lib/more.yaml", more),
            ("lib/worker.env", "QUEUE=https://sqs.eu-west-1.amazonaws.com/1/jobs\n"), ("worker.env", "QUEUE=https://wrong.example.org\n"),
            ("common.yaml", common), ("common.env", "X=1\n"),
            (".env", "COMPOSE_PROFILES=debug,tools\nBROKEN=\"never closed\nREST=1\n"),
        ]).linked().topology
        #expect(topology["compose:h/cron"] != nil)
        #expect(topology["compose:h/debug"] != nil)
        #expect(topology["compose:h/worker"]?.requirements.flatMap(\.alternatives).contains("url:sqs.eu-west-1.amazonaws.com") == true)
        #expect(!topology.diagnostics.contains { $0.summary.contains("is not a file of this commit") || $0.summary.contains("not a Compose file") })
        #expect(topology.diagnostics.contains { $0.path == ".env" && $0.line == 2 && $0.summary.contains("never closed") })
        // The host's own profiles replace COMPOSE_PROFILES, as --profile does; `*` runs every one.
        let profiled = "services:\n  web: {image: nginx}\n  debug: {image: busybox, profiles: [debug]}\n  jobs: {image: busybox, profiles: [workers]}\n"
        let hosts = "hosts:\n  - {name: a, compose: [compose.yaml], profiles: [workers]}\n  - {name: b, compose: [compose.yaml], environment: {COMPOSE_PROFILES: \"*\"}}\n"
        let chosen = LinkFixture(files: [(".faultline.yaml", hosts), ("compose.yaml", profiled), (".env", "COMPOSE_PROFILES=debug\n")]).linked().topology
        #expect(chosen.ids.filter { $0.hasPrefix("compose:") }.sorted() == [
            "compose:a/jobs", "compose:a/web", "compose:b/debug", "compose:b/jobs", "compose:b/web",
        ])
        // A namespaced Docker Hub image a service also builds is pulled first: it stays Docker Hub's.
        let dev = "services:\n  api: {build: ., image: acme/api}\n"
        let k8s = LinkerTests.deployment("api", image: "acme/api:1.2")
        let pulled = LinkFixture(files: [(".faultline.yaml", LinkerTests.cluster), ("k8s/api.yaml", k8s), ("docker-compose.yml", dev)]).linked().topology
        #expect(pulled["image:docker.io/acme/api"] != nil)
        #expect(pulled["image:local/acme/api"] == nil)
    }
}
