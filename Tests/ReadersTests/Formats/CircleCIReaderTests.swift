import Model
import Testing

@testable import Readers

@Suite struct CircleCIReaderTests {
    let reader = CircleCIReader()

    func pipeline(_ text: String) throws -> PipelineFact {
        let facts = reader.read(path: ".circleci/config.yml", bytes: Array(text.utf8))
        #expect(facts.pipelines.count == 1)
        return try #require(facts.pipelines.first)
    }

    static let config = """
        version: 2.1
        orbs:
          node: circleci/node@5.2.0
          aws-cli: circleci/aws-cli@4.1
        executors:
          go:
            docker:
              - image: cimg/go:1.22
          vm:
            machine:
              image: ubuntu-2204:current
        jobs:
          test:
            executor: go
            docker:
              - image: cimg/node:20.11
              - image: postgres:15
                environment:
                  POSTGRES_PASSWORD: test
            steps:
              - checkout
              - run: npm test
          build-ui:
            docker:
              - image: quay.io/weaveworks/build-tools:0.3
                auth:
                  username: $QUAY_USER
            steps:
              - checkout
              - setup_remote_docker
              - run: docker build -t quay.io/weaveworks/ui:$CIRCLE_SHA1 client
              - run:
                  name: Build the API image
                  command: |
                    set -e
                    docker build \\
                      -f api/Dockerfile \\
                      -t quay.io/weaveworks/api:latest .
              - run:
                  working_directory: ~/project/services/auth
                  command: docker build -t quay.io/weaveworks/auth:1 .
          old-style:
            working_directory: /go/src/github.com/weaveworks/service
            docker:
              - image: golang:1.9
            steps:
              - checkout
              - run: docker build -t weaveworks/service:old /go/src/github.com/weaveworks/service/app
        commands:
          publish:
            steps:
              - run: docker build -t weaveworks/publish:1 tools/publish
              - deploy:
                  command: docker build -t weaveworks/deploy:1 deploy
        workflows:
          main:
            jobs: [test, build-ui]
        """

    @Test func imagesOfJobsAndExecutorsButNotMachines() throws {
        let found = try pipeline(Self.config)
        #expect(found.system == "circleci")
        #expect(found.images == [
            ImageMention(reference: "cimg/go:1.22", line: 8), ImageMention(reference: "cimg/node:20.11", line: 16),
            ImageMention(reference: "postgres:15", line: 17), ImageMention(reference: "quay.io/weaveworks/build-tools:0.3", line: 25),
            ImageMention(reference: "golang:1.9", line: 45),
        ])
    }

    @Test func orbsAreUses() throws {
        #expect(try pipeline(Self.config).uses == [
            NamedReference(name: "circleci/node@5.2.0", line: 3), NamedReference(name: "circleci/aws-cli@4.1", line: 4),
        ])
    }

    @Test func buildsInRunStepsArePlacedFromTheCheckout() throws {
        let rows = try pipeline(Self.config).builds.map { "\($0.line) \($0.image) \($0.context) \($0.dockerfile ?? "-")" }
        #expect(rows == [
            "31 quay.io/weaveworks/ui client -",
            "36 quay.io/weaveworks/api:latest . api/Dockerfile",
            "41 quay.io/weaveworks/auth:1 services/auth -",
            "48 weaveworks/service:old app -",
            "52 weaveworks/publish:1 tools/publish -",
            "54 weaveworks/deploy:1 deploy -",
        ])
    }

    @Test func brokenYAMLIsLocatedAndThePipelineStillCounts() throws {
        let facts = reader.read(path: ".circleci/config.yml", bytes: Array("version: 2.1\njobs:\n  build:\n    docker: [\n".utf8))
        #expect(facts.pipelines.map(\.system) == ["circleci"])
        #expect(facts.diagnostics.count == 1)
        #expect(facts.diagnostics.first?.severity == .error)
        #expect(facts.diagnostics.first?.path == ".circleci/config.yml")
        #expect((facts.diagnostics.first?.line ?? 0) >= 4)
    }

    @Test func aMisshapenJobIsLocatedAndTheOthersAreRead() throws {
        let text = "version: 2.1\njobs:\n  bad:\n    docker: cimg/base:current\n  good:\n    docker:\n      - image: cimg/base:2024.01\n"
        let facts = reader.read(path: ".circleci/config.yml", bytes: Array(text.utf8))
        #expect(facts.pipelines.first?.images == [ImageMention(reference: "cimg/base:2024.01", line: 7)])
        #expect(facts.diagnostics.map(\.line) == [4])
        #expect(facts.diagnostics.first?.severity == .warning)
    }

    @Test func nonUTF8IsLocated() {
        let facts = reader.read(path: ".circleci/config.yml", bytes: Array("version: 2.1\n# caf".utf8) + [0xE9])
        #expect(facts.diagnostics.map(\.line) == [2])
        #expect(facts.pipelines.count == 1)
    }

    @Test(arguments: [
        (".circleci/config.yml", true), (".circleci/config.yaml", true), ("app/.circleci/config.yml", false),
        (".circleci/other.yml", false), ("circleci/config.yml", false),
    ] as [(String, Bool)])
    func acceptsTheCircleCIConfig(path: String, accepted: Bool) {
        #expect(reader.accepts(path: path) == accepted)
    }
}
