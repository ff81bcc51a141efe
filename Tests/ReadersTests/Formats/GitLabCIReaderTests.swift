import Model
import Testing

@testable import Readers

@Suite struct GitLabCIReaderTests {
    let reader = GitLabCIReader()

    func read(_ text: String) -> FileFacts {
        reader.read(path: ".gitlab-ci.yml", bytes: Array(text.utf8))
    }

    static let config = """
        spec:
          inputs:
            stage:
              default: build
        ---
        image: alpine:3.19
        default:
          image:
            name: registry.gitlab.com/org/ci-base:1.4
            entrypoint: [""]
          services:
            - docker:24-dind
        include:
          - local: ci/templates.gitlab-ci.yml
          - project: org/shared-ci
            ref: main
            file:
              - /templates/deploy.yml
              - /templates/scan.yml
          - remote: https://example.com/ci/lint.yml
          - template: Security/SAST.gitlab-ci.yml
        stages: [build, deploy]
        variables:
          DOCKER_DRIVER: overlay2
        .docker-base:
          image: docker:24
        build-ui:
          extends: .docker-base
          stage: build
          services:
            - name: docker:24-dind
              alias: docker
          before_script:
            - docker login -u $CI_REGISTRY_USER -p $CI_REGISTRY_PASSWORD $CI_REGISTRY
          script:
            - cd ui
            - docker build -t $CI_REGISTRY_IMAGE/ui:$CI_COMMIT_SHA .
            - - docker build -t $CI_REGISTRY_IMAGE/nested:1 -f ../nested/Dockerfile ..
        build-api:
          image:
            name: gcr.io/kaniko-project/executor:v1.23.0-debug
            entrypoint: [""]
          script: >-
            /kaniko/executor --context "${CI_PROJECT_DIR}/api" --dockerfile "${CI_PROJECT_DIR}/api/Dockerfile" --destination "${CI_REGISTRY_IMAGE}/api:${CI_COMMIT_TAG}"
        """

    @Test func imagesOfTheDefaultsJobsAndServices() throws {
        let facts = read(Self.config)
        #expect(facts.diagnostics.isEmpty)
        let pipeline = try #require(facts.pipelines.first)
        #expect(pipeline.system == "gitlab")
        #expect(pipeline.images.map { "\($0.line) \($0.reference)" } == [
            "6 alpine:3.19", "9 registry.gitlab.com/org/ci-base:1.4", "12 docker:24-dind", "26 docker:24",
            "31 docker:24-dind", "41 gcr.io/kaniko-project/executor:v1.23.0-debug",
        ])
    }

    /// The file's `variables:` and a job's own are substituted into its images, a value naming
    /// other variables in turn; predefined and unknown ones stay as written.
    @Test func variablesInImages() throws {
        let text = """
            variables:
              REGISTRY: registry.gitlab.com/org
              GO_VERSION: "1.22"
              CI_IMAGE: $REGISTRY/ci:$GO_VERSION
            image: $CI_IMAGE
            build:
              variables:
                GO_VERSION: {value: "1.23", description: the toolchain}
              image: golang:${GO_VERSION}
              services: [{name: "$REGISTRY/db:1"}]
              script: [make]
            release:
              image: $CI_REGISTRY_IMAGE/release:$CI_COMMIT_TAG
              script: [make release]
            """
        let pipeline = try #require(read(text).pipelines.first)
        #expect(pipeline.images.map(\.reference) == [
            "registry.gitlab.com/org/ci:1.22", "golang:1.23", "registry.gitlab.com/org/db:1", "$CI_REGISTRY_IMAGE/release:$CI_COMMIT_TAG",
        ])
    }

    @Test func includesAreUses() throws {
        let pipeline = try #require(read(Self.config).pipelines.first)
        #expect(pipeline.uses.map { "\($0.line) \($0.name)" } == [
            "14 ci/templates.gitlab-ci.yml", "18 org/shared-ci:/templates/deploy.yml", "19 org/shared-ci:/templates/scan.yml",
            "20 https://example.com/ci/lint.yml", "21 Security/SAST.gitlab-ci.yml",
        ])
        let single = try #require(read("include: '/ci/build.yml'\n").pipelines.first)
        #expect(single.uses == [NamedReference(name: "/ci/build.yml", line: 1)])
    }

    @Test func scriptsShareOneShellPerJob() throws {
        let pipeline = try #require(read(Self.config).pipelines.first)
        #expect(pipeline.builds.map { "\($0.line) \($0.image) \($0.context) \($0.dockerfile ?? "-")" } == [
            "37 $CI_REGISTRY_IMAGE/ui ui -",
            "38 $CI_REGISTRY_IMAGE/nested:1 . nested/Dockerfile",
            "44 ${CI_REGISTRY_IMAGE}/api api api/Dockerfile",
        ])
    }

    @Test func oneBrokenDocumentIsLocatedAndTheOtherIsRead() throws {
        let text = "spec:\n  inputs: [unclosed\n---\nbuild:\n  image: node:20\n  script: [\"docker build -t app:1 .\"]\n"
        let facts = read(text)
        #expect(facts.diagnostics.count == 1)
        #expect(facts.diagnostics.first?.severity == .error)
        #expect((facts.diagnostics.first?.line ?? 0) <= 3)
        let pipeline = try #require(facts.pipelines.first)
        #expect(pipeline.images == [ImageMention(reference: "node:20", line: 5)])
        #expect(pipeline.builds == [ImageBuild(image: "app:1", context: ".", line: 6, images: [ImageMention(reference: "node:20", line: 5)])])
    }

    @Test func misshapenServicesAreLocatedAndTheOtherJobsRead() throws {
        let facts = read("a:\n  services: docker:dind\n  script: [\"echo\"]\nb:\n  image: node:20\n")
        #expect(facts.diagnostics.map(\.line) == [2])
        #expect(facts.diagnostics.first?.severity == .warning)
        #expect(facts.pipelines.first?.images == [ImageMention(reference: "node:20", line: 5)])
    }

    @Test func nonUTF8IsLocatedAndThePipelineStillCounts() {
        let facts = reader.read(path: ".gitlab-ci.yml", bytes: Array("image: node\n\n# \u{0}".utf8) + [0xC3, 0x28])
        #expect(facts.pipelines.map(\.system) == ["gitlab"])
        #expect(facts.diagnostics.map(\.line) == [3])
    }

    @Test(arguments: [
        (".gitlab-ci.yml", true), ("ci/build.gitlab-ci.yml", true), ("templates/deploy.gitlab-ci.yaml", true),
        ("gitlab-ci.yml", false), (".gitlab/ci.yml", false), (".gitlab-ci.yml.bak", false),
    ] as [(String, Bool)])
    func acceptsGitLabFiles(path: String, accepted: Bool) {
        #expect(reader.accepts(path: path) == accepted)
    }
}
