import Testing
@testable import Faultline
import Readers

/// The reader shares facts between files of one blob (`CommitReader`: keyed by reader, blob
/// and the reader's `cacheVariant`, moved to each path by `relocated(to:)`). That is right only
/// if a reader's facts do not depend on where the file is: the same bytes at another path of
/// the same variant must give the facts the first path's give, moved there.
@Suite struct SharedFactsTests {
    /// Same content at two paths, one per reader, with what makes each reader look at the
    /// file's place: relative paths, folder names, file names.
    static let cases: [(String, String, String)] = [
        // Compose resolves a build's context from the file's folder, and names its image after
        // it: files in two folders are cached apart (`cacheVariant`), two names in one folder not.
        ("web/compose.yaml", "web/docker-compose.prod.yml", """
            services:
              proxy:
                build: ./proxy
                env_file: ./web.env
                volumes:
                  - ./nginx.conf:/etc/nginx/nginx.conf
                extends:
                  file: ../common.yaml
                  service: base
              db:
                build:
                  context: ../db
                  dockerfile: Dockerfile.dev
            """),
        ("a/kustomization.yaml", "b/kustomization.yaml", """
            resources: [deploy.yaml, ../base]
            configMapGenerator:
              - name: env
                files: [app.env]
            patches:
              - path: patch.yaml
            images:
              - name: app
                newName: quay.io/acme/app
            """),
        ("a/skaffold.yaml", "b/skaffold.yaml", """
            apiVersion: skaffold/v4beta6
            kind: Config
            build:
              artifacts:
                - image: cartservice
                  context: src/cartservice
            manifests:
              rawYaml: [k8s/*.yaml]
            """),
        (".github/workflows/a.yml", ".github/workflows/b.yml", """
            on: push
            jobs:
              build:
                runs-on: ubuntu-latest
                container: node:20
                steps:
                  - uses: ./.github/actions/setup
                  - uses: docker/build-push-action@v5
                    with: {context: ./web, file: ./web/Dockerfile, tags: ghcr.io/acme/web:1}
            """),
        ("Dockerfile", "web/Dockerfile", "FROM nginx:1.27\nCOPY site/ /usr/share/nginx/html/\nADD https://example.com/a.tgz /a.tgz\n"),
        ("a/.dockerignore", "b/.dockerignore", "node_modules\n!keep\n"),
        ("a/nginx.conf", "b/nginx.conf", "include conf.d/*.conf;\nserver { location / { proxy_pass http://api.example.com; } }\n"),
        ("a/index.html", "b/index.html", "<script src=\"app.js\"></script><link href=\"../css/a.css\"><img src=\"https://cdn.example.com/a.png\">\n"),
        ("a/main.tf", "b/main.tf", """
            module "net" { source = "../modules/net" }
            resource "aws_s3_bucket" "b" { bucket = "b" }
            locals { body = file("${path.module}/policy.json") }
            """),
        ("a/values.yaml", "b/values.yaml", "image:\n  repository: quay.io/acme/app\n  tag: \"1\"\n"),
        ("a/Chart.yaml", "b/Chart.yaml", "apiVersion: v2\nname: app\nversion: 1.0.0\ndependencies:\n  - name: redis\n    repository: file://../redis\n    version: 1.0.0\n"),
        ("a/samconfig.toml", "b/samconfig.toml", "version = 0.1\n[default.deploy.parameters]\nstack_name = \"app\"\nregion = \"eu-west-1\"\n"),
        ("a/serverless.yml", "b/serverless.yml", """
            service: app
            provider: {name: aws, region: eu-west-1}
            functions:
              hello: {handler: handler.hello}
            """),
        ("a/template.yaml", "b/template.yaml", """
            AWSTemplateFormatVersion: "2010-09-09"
            Transform: AWS::Serverless-2016-10-31
            Resources:
              Fn:
                Type: AWS::Serverless::Function
                Properties: {CodeUri: ./src, Handler: app.handler, Runtime: python3.12}
              Nested:
                Type: AWS::CloudFormation::Stack
                Properties: {TemplateURL: ./nested.yaml}
            """),
        ("a/app.yaml", "b/app.yaml", """
            apiVersion: apps/v1
            kind: Deployment
            metadata: {name: web}
            spec:
              template:
                spec:
                  containers: [{name: web, image: quay.io/acme/web:1}]
            """),
    ]

    @Test func composeFilesInTwoFoldersAreCachedApart() {
        #expect(ComposeReader().cacheVariant(path: "prod/compose.yaml") != ComposeReader().cacheVariant(path: "staging/compose.yaml"))
    }

    /// In a chart's `templates/`, an action in a block scalar makes a Helm template; elsewhere
    /// it is text: one content in both places is read twice, by every YAML reader.
    @Test func filesInTemplatesFoldersAreCachedApart() throws {
        let text = "apiVersion: v1\nkind: ConfigMap\nmetadata: {name: web}\ndata:\n  a: |\n    {{ .Release.Name }}\n"
        let reader = KubernetesReader()
        #expect(reader.cacheVariant(path: "ops/templates/web.yaml") != reader.cacheVariant(path: "ops/web.yaml"))
        #expect(reader.read(path: "ops/templates/web.yaml", bytes: Array(text.utf8)).configMaps.isEmpty)
        #expect(reader.read(path: "ops/web.yaml", bytes: Array(text.utf8)).configMaps.map(\.name) == ["web"])
        for other in ReaderRegistry.all where !(other is TerraformReader) && !(other is HelmValuesReader) && !(other is ComposeReader) {
            #expect(other.cacheVariant(path: "templates/x.yml") != other.cacheVariant(path: "x.yml"), "\(other.name)")
        }
    }

    @Test(arguments: cases)
    func factsOfOneBlobAreTheSameWhereverItIs(first: String, second: String, text: String) throws {
        let reader = try #require(ReaderRegistry.reader(for: first))
        #expect(ReaderRegistry.reader(for: second)?.name == reader.name)
        // Paths whose variants differ are cached apart; these must share.
        #expect(reader.cacheVariant(path: first) == reader.cacheVariant(path: second))
        let bytes = Array(text.utf8)
        let moved = reader.read(path: first, bytes: bytes).relocated(to: second)
        #expect(moved == reader.read(path: second, bytes: bytes), "\(reader.name) reads \(first) and \(second) differently")
    }
}
