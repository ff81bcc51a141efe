import Model
import Testing

@testable import Readers

@Suite struct GitHubActionsReaderTests {
    let reader = GitHubActionsReader()

    func pipeline(_ text: String) throws -> PipelineFact {
        let facts = reader.read(path: ".github/workflows/ci.yaml", bytes: Array(text.utf8))
        #expect(facts.diagnostics.isEmpty)
        return try #require(facts.pipelines.first)
    }

    static let workflow = """
        name: "Continuous Integration"
        on:
          push:
            branches: [main]
        defaults:
          run:
            working-directory: services
        jobs:
          test:
            runs-on: ubuntu-24.04
            container: node:20-bookworm
            services:
              redis:
                image: redis:7
              db:
                image: postgres:16
                env:
                  POSTGRES_PASSWORD: test
            steps:
              - uses: actions/checkout@v4
              - uses: docker://alpine:3.19
              - run: |
                  npm ci
                  docker build -t ghcr.io/org/api:${{ github.sha }} api
          release:
            runs-on: ubuntu-24.04
            container:
              image: ghcr.io/org/ci-tools:2
              credentials:
                username: ${{ github.actor }}
            steps:
              - uses: actions/checkout@v4
              - id: meta
                uses: docker/metadata-action@v5
                with:
                  images: |
                    ghcr.io/org/ui
                    name=docker.io/org/ui,enable=true
              - uses: docker/build-push-action@v6
                with:
                  context: ./frontend
                  file: ./frontend/Dockerfile.prod
                  push: true
                  tags: ${{ steps.meta.outputs.tags }}
              - uses: docker/build-push-action@v6
                with:
                  tags: ghcr.io/org/root:latest,ghcr.io/org/root:${{ github.ref_name }}
              - working-directory: ${{ github.workspace }}/tools
                run: docker buildx build --load -t tools:dev .
          reuse:
            uses: org/shared/.github/workflows/deploy.yml@main
        """

    @Test func imagesOfContainersServicesAndDockerSteps() throws {
        let found = try pipeline(Self.workflow)
        #expect(found.system == "github-actions")
        #expect(found.images == [
            ImageMention(reference: "node:20-bookworm", line: 11), ImageMention(reference: "redis:7", line: 14),
            ImageMention(reference: "postgres:16", line: 16), ImageMention(reference: "alpine:3.19", line: 21),
            ImageMention(reference: "ghcr.io/org/ci-tools:2", line: 28),
        ])
    }

    /// A job's matrix expands the images naming it, one per literal value of the key named
    /// (its lists and `include:` entries); an expression-built matrix leaves the image as written.
    @Test func matrixImages() throws {
        let workflow = """
            on: push
            jobs:
              test:
                strategy:
                  matrix:
                    node: [18, 20]
                    os: [ubuntu-latest]
                    include:
                      - node: 22
                      - image: ghcr.io/acme/ci:1
                container: node:${{ matrix.node }}-bookworm
                services:
                  db: {image: "${{ matrix.image }}"}
                  cache: {image: "${{ matrix.cache }}"}
                runs-on: ${{ matrix.os }}
                steps: [{run: make test}]
              dynamic:
                strategy: {matrix: "${{ fromJSON(needs.plan.outputs.matrix) }}"}
                container: ${{ matrix.image }}
                runs-on: ubuntu-latest
                steps: [{run: make}]
            """
        let found = try pipeline(workflow)
        #expect(found.images.map(\.reference) == [
            "node:18-bookworm", "node:20-bookworm", "node:22-bookworm", "ghcr.io/acme/ci:1", "${{ matrix.cache }}", "${{ matrix.image }}",
        ])
        #expect(found.images.first?.line == 11)
    }

    @Test func actionsAndReusableWorkflowsAreUses() throws {
        #expect(try pipeline(Self.workflow).uses.map(\.name) == [
            "actions/checkout@v4", "actions/checkout@v4", "docker/metadata-action@v5", "docker/build-push-action@v6",
            "docker/build-push-action@v6", "org/shared/.github/workflows/deploy.yml@main",
        ])
    }

    @Test func buildsFromTheBuildPushActionAndRunSteps() throws {
        let rows = try pipeline(Self.workflow).builds.map { "\($0.line) \($0.image) \($0.context) \($0.dockerfile ?? "-")" }
        #expect(rows == [
            "24 ghcr.io/org/api services/api -",
            "39 ghcr.io/org/ui frontend frontend/Dockerfile.prod",
            "39 docker.io/org/ui frontend frontend/Dockerfile.prod",
            "45 ghcr.io/org/root:latest . -",
            "45 ghcr.io/org/root . -",
            "49 tools:dev tools -",
        ])
    }

    @Test func tagsFromAnUnknownStepAreKeptAsWritten() throws {
        let text = "jobs:\n  b:\n    steps:\n      - uses: docker/build-push-action@v5\n        with:\n          context: \"{{defaultContext}}:web\"\n          tags: ${{ steps.other.outputs.tags }}\n"
        let found = try pipeline(text)
        #expect(found.builds == [ImageBuild(image: "${{ steps.other.outputs.tags }}", context: "web", line: 4, images: [])])
    }

    /// Blacksmith's build action takes Docker's inputs and builds the same way.
    @Test func blacksmithsBuildActionBuildsAsDockersDoes() throws {
        let text = "jobs:\n  b:\n    container: node:20\n    steps:\n      - uses: useblacksmith/build-push-action@v1\n        with: {context: web, tags: ghcr.io/acme/web:1, push: true}\n"
        let builds = try pipeline(text).builds
        #expect(builds == [ImageBuild(image: "ghcr.io/acme/web:1", context: "web", line: 5, images: [ImageMention(reference: "node:20", line: 3)])])
    }

    /// `${{ env.NAME }}` in an action's inputs and in a run step is the workflow's, job's or
    /// step's value, as GitHub substitutes it before the step runs; another expression, or a
    /// variable nothing sets, stays as written.
    @Test func environmentExpressionsTakeTheirValues() throws {
        let text = """
            env:
              REGISTRY: ghcr.io
              IMAGE_NAME: outlinewiki/outline
            jobs:
              b:
                env: {CONTEXT: web}
                steps:
                  - uses: docker/build-push-action@v6
                    with:
                      context: ${{ env.CONTEXT }}
                      tags: ${{ env.REGISTRY }}/${{ env.IMAGE_NAME }}:latest,${{ env.UNSET }}/x:1
                  - run: docker build -t ${{env.REGISTRY}}/acme/api:${{ github.sha }} api
            """
        let builds = try pipeline(text).builds.map { "\($0.line) \($0.image) \($0.context)" }
        #expect(builds == ["8 ghcr.io/outlinewiki/outline:latest web", "8 ${{ env.UNSET }}/x:1 web", "12 ghcr.io/acme/api api"])
    }

    @Test func aGitContextStaysAsWritten() throws {
        let text = "jobs:\n  b:\n    steps:\n      - uses: docker/build-push-action@v6\n        with:\n          context: https://github.com/org/app.git#v1\n          tags: org/app:v1\n"
        #expect(try pipeline(text).builds == [ImageBuild(image: "org/app:v1", context: "https://github.com/org/app.git#v1", line: 4, images: [])])
    }

    @Test func jobsThatAreNotAMappingAreLocated() {
        let facts = reader.read(path: ".github/workflows/x.yml", bytes: Array("on: push\njobs:\n  - build\n".utf8))
        #expect(facts.diagnostics.map(\.line) == [2])
        #expect(facts.pipelines.map(\.system) == ["github-actions"])
    }

    @Test func brokenYAMLIsLocatedAndThePipelineStillCounts() {
        let text = "on: push\njobs:\n  test:\n    container: 'node:20\n    steps: []\n"
        let facts = reader.read(path: ".github/workflows/test.yml", bytes: Array(text.utf8))
        #expect(facts.pipelines.map(\.system) == ["github-actions"])
        #expect(facts.diagnostics.map(\.line) == [4])
        #expect(facts.diagnostics.first?.severity == .error)
    }

    @Test(arguments: [
        (".github/workflows/ci.yml", true), (".github/workflows/release.yaml", true),
        (".github/workflows/scripts/ci.yml", false), (".github/dependabot.yml", false), ("workflows/ci.yml", false),
        (".github/workflows/README.md", false),
    ] as [(String, Bool)])
    func acceptsWorkflowFiles(path: String, accepted: Bool) {
        #expect(reader.accepts(path: path) == accepted)
    }
}
