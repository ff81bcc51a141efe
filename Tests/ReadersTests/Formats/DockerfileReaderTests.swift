import Model
import Testing

@testable import Readers

@Suite struct DockerfileReaderTests {
    let reader = DockerfileReader()

    func read(_ text: String, path: String = "src/frontend/Dockerfile") -> FileFacts {
        reader.read(path: path, bytes: Array(text.utf8))
    }

    func images(_ text: String) -> [String] {
        read(text).dockerfile?.baseImages.map { "\($0.line) \($0.reference)" } ?? []
    }

    @Test(arguments: [
        ("FROM nginx:1.25\n", ["1 nginx:1.25"]),
        ("from --platform=linux/amd64 quay.io/weaveworks/ui-base:2.1 as base\n", ["1 quay.io/weaveworks/ui-base:2.1"]),
        ("ARG BASE=nginx:1.25\nFROM ${BASE}\nFROM $BASE AS second\n", ["2 nginx:1.25", "3 nginx:1.25"]),
        ("ARG REGISTRY=gcr.io ARG_VERSION=1\nARG IMAGE=\"${REGISTRY}/distroless/static\"\nFROM $IMAGE:nonroot\n", ["3 gcr.io/distroless/static:nonroot"]),
        ("ARG TAG\nFROM node:${TAG:-20-alpine}\n", ["2 node:20-alpine"]),
        ("ARG SUFFIX=-slim\nFROM python:3.12${SUFFIX:+-bookworm}\n", ["2 python:3.12-bookworm"]),
        // Multi-stage: stage names and scratch are not images.
        ("FROM golang:1.22 AS Build\nRUN go build\nFROM build AS test\nFROM scratch\nCOPY --from=build /app /app\n", ["1 golang:1.22"]),
        // FROM sees only the ARGs declared before the first FROM.
        ("FROM alpine:3.19\nARG LATER=debian:12\nFROM $LATER\n", ["1 alpine:3.19", "3 $LATER"]),
        ("# syntax=docker/dockerfile:1\n# escape=`\nFROM mcr.microsoft.com/windows/servercore:ltsc2022 `\n  AS base\n", ["3 mcr.microsoft.com/windows/servercore:ltsc2022"]),
        ("FROM \\\n  # a comment inside the continuation\n\n  --platform=$BUILDPLATFORM \\\n  golang:1.22-alpine@sha256:0178a641 AS builder\n",
         ["1 golang:1.22-alpine@sha256:0178a641"]),
        ("FROM alpine:3.19\nRUN <<EOF\nFROM not-an-image\nEOF\nRUN cat <<-'END' > /x\n\tFROM also-not\n\tEND\nFROM busybox\n", ["1 alpine:3.19", "8 busybox"]),
        ("FROM alpine\nRUN echo $((1<<2))\nFROM busybox:1.36\n", ["1 alpine", "3 busybox:1.36"]),
        ("ARG BASE=nginx:1.25\r\nFROM \\\r\n  $BASE\r\nFROM alpine:3.19 AS x\r\n", ["2 nginx:1.25", "4 alpine:3.19"]),
        // A default built from an unknown is unknown: the FROM stays as written.
        ("ARG REGISTRY\nARG IMAGE=${REGISTRY}/static\nFROM $IMAGE:nonroot\n", ["3 $IMAGE:nonroot"]),
        ("ARG IMAGE=\"gcr.io/distroless/static\"\nFROM ${IMAGE}:${TAG:-nonroot}\n", ["2 gcr.io/distroless/static:nonroot"]),
    ] as [(String, [String])])
    func baseImagesAreResolved(dockerfile: String, expected: [String]) {
        #expect(images(dockerfile) == expected)
    }

    /// Each line doubling the last (`ARG A2=${A1}${A1}`, or with `ENV`) stops at 64 KiB: past
    /// it a value is not known, and what uses it stays as written with a note — a few hundred
    /// bytes of a pull request cannot ask for terabytes.
    @Test(arguments: ["ARG", "ENV"])
    func doublingValuesStopAtTheExpansionLimit(keyword: String) {
        var text = "ARG A0=aaaaaaaa\nFROM alpine:3.19\n"
        if keyword == "ARG" { text = "ARG A0=aaaaaaaa\n" }
        for level in 1...40 { text += "\(keyword) A\(level)=${A\(level - 1)}${A\(level - 1)}\n" }
        text += keyword == "ARG" ? "FROM registry.example.com/$A40\n" : "RUN curl https://example.com/$A40\n"
        let facts = read(text)
        if keyword == "ARG" {
            #expect(facts.dockerfile?.baseImages.map(\.reference) == ["registry.example.com/$A40"])
        }
        #expect(facts.dockerfile?.runtime.allSatisfy { $0.text.utf8.count <= 2 * DockerfileReader.maximumExpansion } ?? true)
        #expect(facts.diagnostics.contains { $0.severity == .note && $0.summary.contains("$A40") } || keyword == "ENV")
    }

    @Test func aVariableWithNoValueStaysAsWrittenWithANote() throws {
        let facts = read("ARG REGISTRY\nFROM ${REGISTRY}/app:1.0\n")
        #expect(facts.dockerfile?.baseImages == [ImageMention(reference: "${REGISTRY}/app:1.0", line: 2)])
        let note = try #require(facts.diagnostics.first)
        #expect(facts.diagnostics.count == 1)
        #expect(note.severity == .note)
        #expect(note.line == 2)
        #expect(note.path == "src/frontend/Dockerfile")
        #expect(note.summary.contains("$REGISTRY"))
    }

    @Test(arguments: [
        ("FROM nginx\nCOPY ./templates ./templates\nCOPY static/ /usr/share/nginx/html/\n", ["2 ./templates", "3 static/"]),
        ("FROM nginx\nCOPY --chown=nginx:nginx --chmod=644 --link nginx.conf default.conf /etc/nginx/\n", ["2 nginx.conf", "2 default.conf"]),
        ("FROM nginx\nCOPY --from=builder /go/bin/app /app\nCOPY --from=nginx:1.25 /etc/nginx /etc/nginx\n", []),
        ("FROM nginx\nCOPY [\"dist/app one.js\", \"dist/*.css\", \"/usr/share/nginx/html/\"]\n", ["2 dist/app one.js", "2 dist/*.css"]),
        ("FROM nginx\nADD site.tar.gz /srv/\nADD https://example.com/tool.tgz /opt/\n", ["2 site.tar.gz"]),
        ("FROM alpine\nARG APP=frontend\nCOPY src/${APP} /app\n", ["3 src/frontend"]),
        ("FROM alpine\nCOPY <<EOF /etc/config\nkey=value\nEOF\nCOPY after.txt /\n", ["5 after.txt"]),
        ("FROM alpine\nCOPY onlyone\n", []),
        // `<<` inside quotes, or in an instruction BuildKit reads no heredoc in, opens none.
        ("FROM nginx\nRUN sed -i \"s|<<API_URL>>|/api|\" /etc/nginx/conf.d/default.conf\nCOPY index.html /usr/share/nginx/html/\n", ["3 index.html"]),
        ("FROM nginx\nLABEL usage=\"docker run <<IMAGE>>\"\nCOPY index.html /srv/\n", ["3 index.html"]),
        ("FROM nginx\nLABEL x=1 <<IMAGE\nCOPY index.html /srv/\n", ["3 index.html"]),
        ("FROM nginx\nRUN echo \"say \\\"<<API>>\\\" here\" > /x\nCOPY index.html /srv/\n", ["3 index.html"]),
        ("FROM alpine\nRUN echo \"a\\\"\" <<EOF\nCOPY in-heredoc /x\nEOF\nCOPY after.txt /\n", ["5 after.txt"]),
        // Two quoted heredocs on one instruction: both bodies are skipped.
        ("FROM alpine\nRUN cat <<\"A\" > /a.sh && cat <<'B' > /b.py\necho a\nA\nCOPY in-b /x\nB\nCOPY after.txt /\n", ["7 after.txt"]),
    ] as [(String, [String])])
    func contextCopiesAreFound(dockerfile: String, expected: [String]) {
        #expect(read(dockerfile).dockerfile?.copies.map { "\($0.line) \($0.path)" } == expected)
    }

    @Test func addFromAURLIsAMention() {
        let facts = read("FROM alpine\nADD --checksum=sha256:abc https://github.com/org/tool/releases/download/v1/tool.tgz /opt/\n")
        #expect(facts.mentions == [Mention(text: "https://github.com/org/tool/releases/download/v1/tool.tgz", line: 2, context: "ADD")])
        #expect(facts.dockerfile?.copies == [])
    }

    /// `COPY --from=` an image pulls it to build, as `FROM` does; from a stage (by name or
    /// index) it does not.
    @Test func copyFromAnImageIsABaseImage() {
        let facts = read("""
            ARG TOOLS=123456789012.dkr.ecr.us-east-1.amazonaws.com/tools:1
            FROM golang:1.22 AS build
            FROM alpine
            ARG TOOLS
            COPY --from=build /out/app /app
            COPY --from=0 /out/lib /lib
            COPY --chmod=755 --from=${TOOLS} /bin/tool /bin/tool
            """)
        #expect(facts.dockerfile?.baseImages.map { "\($0.line) \($0.reference)" } == [
            "2 golang:1.22", "3 alpine", "7 123456789012.dkr.ecr.us-east-1.amazonaws.com/tools:1",
        ])
    }

    /// Online Boutique's frontend Dockerfile, shortened.
    @Test func aRealisticMultiStageDockerfile() {
        let text = """
            # Define a default value so it's not empty if the builder fails to provide it
            ARG BUILDPLATFORM=linux/amd64

            FROM --platform=$BUILDPLATFORM golang:1.26.5-alpine AS builder
            ARG TARGETOS=linux
            WORKDIR /src
            COPY go.mod go.sum ./
            RUN go mod download
            COPY . .
            ARG SKAFFOLD_GO_GCFLAGS
            RUN GOOS=${TARGETOS} CGO_ENABLED=0 go build -gcflags="${SKAFFOLD_GO_GCFLAGS}" -o /go/bin/frontend .

            FROM gcr.io/distroless/static
            COPY --from=builder /go/bin/frontend /src/server
            COPY ./templates ./templates
            ENTRYPOINT ["/src/server"]
            """
        let facts = read(text)
        #expect(facts.dockerfile?.baseImages == [
            ImageMention(reference: "golang:1.26.5-alpine", line: 4), ImageMention(reference: "gcr.io/distroless/static", line: 13),
        ])
        #expect(facts.dockerfile?.copies.map(\.path) == ["go.mod", "go.sum", ".", "./templates"])
        #expect(facts.diagnostics.isEmpty)
    }

    /// `line context text` of what the final stage gives its containers.
    func runtime(_ text: String) -> [String] {
        read(text).dockerfile?.runtime.map { "\($0.line) \($0.context) \($0.text)" } ?? []
    }

    /// The final stage's `ENV` values that may name an endpoint, as its containers see them:
    /// a later `ENV` of a name replaces it, a build stage's do not reach the image, and a stage
    /// built on an earlier one keeps that one's.
    @Test func theFinalStagesEnvIsWhatTheContainersGet() {
        let text = """
            FROM golang:1.22 AS builder
            ENV GOPROXY=https://proxy.golang.org
            FROM nginx:1.25 AS base
            ARG BUCKET=weave-ui-assets
            ENV ASSETS_URL=https://${BUCKET}.s3.amazonaws.com/ LANG=C.UTF-8 PORT=8080
            ENV API_ADDR api:8080
            ENV MODE=production
            FROM base
            ENV LANG=C
            ENV ASSETS_URL=https://${UNSET}/static/
            """
        #expect(runtime(text) == ["6 ENV API_ADDR api:8080"])
        let kept = text.replacingOccurrences(of: "ENV ASSETS_URL=https://${UNSET}/static/", with: "")
        #expect(runtime(kept) == ["5 ENV ASSETS_URL https://weave-ui-assets.s3.amazonaws.com/", "6 ENV API_ADDR api:8080"])
    }

    /// Configuration a heredoc writes into the image is read like the file it becomes,
    /// located in the Dockerfile; a script a RUN heredoc runs is not.
    @Test func heredocsWritingConfigurationAreRead() {
        let text = """
            FROM nginx:1.25
            COPY <<EOF /etc/nginx/conf.d/default.conf
            server {
              location /static/ { proxy_pass https://assets.s3.us-east-1.amazonaws.com; }
            }
            EOF
            COPY <<-"PAGE" /usr/share/nginx/html/
            \t<script src="https://cdn.example.com/app.js"></script>
            \tPAGE
            RUN <<EOF
            curl https://not-read.example.com/install.sh | sh
            EOF
            COPY <<EOF /etc/motd
            https://not-config.example.com
            EOF
            COPY app.conf /etc/nginx/conf.d/
            """
        // Written into a folder, the heredoc's file is named by its word: `PAGE` is no page.
        #expect(runtime(text) == ["4 proxy_pass in /etc/nginx/conf.d/default.conf https://assets.s3.us-east-1.amazonaws.com"])
        let page = text.replacingOccurrences(of: "<<-\"PAGE\" /usr/share/nginx/html/", with: "<<-\"PAGE\" /usr/share/nginx/html/index.html")
        #expect(runtime(page) == [
            "4 proxy_pass in /etc/nginx/conf.d/default.conf https://assets.s3.us-east-1.amazonaws.com",
            "8 <script src> in /usr/share/nginx/html/index.html https://cdn.example.com/app.js",
        ])
        #expect(read(page).dockerfile?.copies.map(\.path) == ["app.conf"])
        #expect(read(page).diagnostics.isEmpty)
    }

    /// BuildKit expands an unquoted heredoc's variables, names a written file after a word
    /// with dots, and nginx loads only `*.conf` from `conf.d`; a package manager's settings
    /// point at what builds the image, not at what the service calls.
    @Test func heredocsAsBuildKitWritesThem() {
        let text = """
            FROM nginx:1.25
            ARG ASSETS_HOST=assets.s3.amazonaws.com
            ENV NPM_CONFIG_REGISTRY=https://registry.npmjs.org/ PIP_INDEX_URL=https://pypi.example.com/simple
            COPY <<EOF /etc/nginx/conf.d/default.conf
            server { location / { proxy_pass https://${ASSETS_HOST}; } }
            EOF
            COPY <<'RAW' /etc/nginx/conf.d/raw.conf
            server { location / { proxy_pass https://${ASSETS_HOST}/raw; } }
            RAW
            COPY <<index.html <<notes /usr/share/nginx/html/
            <script type="module" src="https://cdn.example.com/app.js"></script>
            index.html
            server { location / { proxy_pass https://not-loaded.example.com; } }
            notes
            COPY <<a /etc/nginx/conf.d/
            server { location / { proxy_pass https://not-loaded.example.com; } }
            a
            ENV API_URL=https://api.example.com
            """
        #expect(runtime(text) == [
            "5 proxy_pass in /etc/nginx/conf.d/default.conf https://assets.s3.amazonaws.com",
            "11 <script src> in /usr/share/nginx/html/index.html https://cdn.example.com/app.js",
            "18 ENV API_URL https://api.example.com",
        ])
    }

    /// Untrusted input: one COPY opening twenty thousand heredocs is read in one pass.
    @Test func manyHeredocsInOneInstructionAreRead() {
        let count = 20_000
        let words = (0..<count).map { "<<w\($0).conf" }.joined(separator: " ")
        let bodies = (0..<count).map { "server { location / { proxy_pass https://h\($0).example.com; } }\nw\($0).conf" }.joined(separator: "\n")
        let facts = read("FROM nginx\nCOPY \(words) /etc/nginx/conf.d/\n\(bodies)\nENV LAST=https://last.example.com\n")
        #expect(facts.dockerfile?.runtime.count == count + 1)
    }

    @Test func nonUTF8BytesAreWarnedAboutAndRead() {
        let bytes = Array("# Auteur: Jos".utf8) + [0xE9] + Array("\nFROM nginx:1.25\n".utf8)
        let facts = reader.read(path: "Dockerfile", bytes: bytes)
        #expect(facts.dockerfile?.baseImages == [ImageMention(reference: "nginx:1.25", line: 2)])
        #expect(facts.diagnostics.map(\.severity) == [.warning])
    }

    @Test func anEmptyOrCommentOnlyFileHasNoImages() {
        #expect(read("# nothing here\n\n").dockerfile == DockerfileFact())
        #expect(read("FROM\n").diagnostics.map(\.line) == [1])
    }

    @Test(arguments: [
        ("Dockerfile", true), ("src/ui/Dockerfile", true), ("Containerfile", true), ("build/api.Dockerfile", true),
        ("Dockerfile.dev", true), ("ui.dockerfile", true), (".dockerignore", false), ("Dockerfile.dockerignore", false),
        ("docs/Dockerfiles.md", false), ("MyDockerfile", false),
    ] as [(String, Bool)])
    func acceptsDockerfilePaths(path: String, accepted: Bool) {
        #expect(reader.accepts(path: path) == accepted)
    }
}
