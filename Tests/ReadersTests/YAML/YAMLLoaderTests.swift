import Foundation
import Model
import Testing

@testable import Readers

@Suite struct YAMLLoaderTests {
    let loader = YAMLLoader()

    func load(_ text: String) -> YAMLLoadResult {
        loader.load(Array(text.utf8), path: "k8s/test.yaml")
    }

    @Test func everyDocumentOfAStreamIsReturnedWithItsLines() throws {
        let result = loader.load(try FixtureFiles.bytes("yaml/weave-ui.yaml"), path: "k8s/weave-ui.yaml")
        #expect(result.diagnostics.isEmpty)
        #expect(result.documents.map(\.index) == [0, 1, 3])
        #expect(result.documents.map(\.startLine) == [1, 10, 27])
        #expect(result.documents.map { $0.root["kind"]?.string } == ["ConfigMap", "Deployment", "Service"])
        let deployment = result.documents[1].root
        let image = deployment["spec"]?["template"]?["spec"]?["containers"]?[0]?["image"]
        #expect(image?.string == "quay.io/weaveworks/ui:master-1a2b3c")
        #expect(image?.line == 22)
        #expect(image?.column == 18)
        #expect(deployment["spec"]?["replicas"]?.int == 3)
        let assets = result.documents[0].root["data"]?.entry("ASSETS_URL")
        #expect(assets?.key.line == 8)
        #expect(assets?.key.column == 3)
        #expect(result.documents[2].root["spec"]?["type"]?.line == 34)
    }

    /// Where Yams puts each kind of node, as the loader reports it (1-based line and column).
    @Test(
        arguments: [
            ("a:\n  b: 1\n", ["a"], 2, 3),
            ("a:\n  - x\n  - y\n", ["a"], 2, 3),
            ("a:\n  - x\n  - y\n", ["a", "1"], 3, 5),
            ("a: [x, y]\n", ["a", "1"], 1, 8),
            ("a: {b: 1}\n", ["a", "b"], 1, 8),
            ("a: |\n  text\n", ["a"], 1, 4),
            ("a: >-\n  folded\n", ["a"], 1, 4),
            ("# c\n\na:   'q'\n", ["a"], 3, 6),
            ("é: ünï\nb: x\n", ["é"], 1, 4),
            ("a: &anchor\n  b: 1\n", ["a"], 1, 4),
            ("a: !!str 42\n", ["a"], 1, 4),
            ("a: 1\r\nb: 2\r\n", ["b"], 2, 4),
        ] as [(String, [String], Int, Int)])
    func nodePositions(text: String, path: [String], line: Int, column: Int) throws {
        var node = try #require(load(text).documents.first?.root)
        for step in path {
            node = try #require(Int(step).flatMap { node[$0] } ?? node[step])
        }
        #expect(node.line == line)
        #expect(node.column == column)
    }

    @Test func explicitTagsAndStylesAreKept() throws {
        let root = try #require(load("a: !!str 42\nb: 'q'\nc: !Ref x\n").documents.first?.root)
        #expect(root["a"]?.int == nil)
        #expect(root["a"]?.string == "42")
        #expect(root["a"]?.scalar?.tag == "tag:yaml.org,2002:str")
        #expect(root["b"]?.scalar?.style == .singleQuoted)
        #expect(root["c"]?.scalar?.tag == "!Ref")
    }

    @Test func mappingsKeepKeyOrder() {
        let result = load("zeta: 1\nalpha: 2\nmid: 3\n")
        #expect(result.documents.first?.root.entries?.map { $0.key.string } == ["zeta", "alpha", "mid"])
        #expect(result.documents.first?.root.entries?.map(\.key.line) == [1, 2, 3])
    }

    /// YAML 1.1 booleans stay strings; only plain `true` and `false` are booleans.
    @Test(
        arguments: [
            ("yes", "yes", nil), ("no", "no", nil), ("on", "on", nil), ("off", "off", nil), ("y", "y", nil),
            ("n", "n", nil), ("Yes", "Yes", nil), ("NO", "NO", nil), ("true", "true", true), ("false", "false", false),
            ("\"true\"", "true", nil), ("'false'", "false", nil), ("True", "True", nil),
        ] as [(String, String, Bool?)])
    func yamlOneOneBooleansStayStrings(written: String, text: String, bool: Bool?) throws {
        let value = try #require(load("flag: \(written)\n").documents.first?.root["flag"])
        #expect(value.string == text)
        #expect(value.bool == bool)
    }

    @Test(
        arguments: [
            ("42", 42), ("-3", -3), ("0", 0), ("\"42\"", nil), ("4.5", nil), ("1e3", nil), ("0x1F", nil), ("", nil),
        ] as [(String, Int?)])
    func integersAreOnlyPlainDecimals(written: String, int: Int?) throws {
        let value = try #require(load("n: \(written)\n").documents.first?.root["n"])
        #expect(value.int == int)
    }

    @Test func nullsAreRecognisedOnlyWhenPlain() throws {
        let root = try #require(load("a: null\nb: ~\nc:\nd: \"null\"\n").documents.first?.root)
        #expect(root["a"]?.isNull == true)
        #expect(root["b"]?.isNull == true)
        #expect(root["c"]?.isNull == true)
        #expect(root["c"]?.string == nil)
        #expect(root["d"]?.isNull == false)
        #expect(root["d"]?.string == "null")
    }

    @Test func aliasesAndMergeKeysAreResolved() throws {
        let text = """
            defaults: &defaults
              image: nginx:1.25
              region: us-east-1
            web:
              <<: *defaults
              region: eu-west-1
            copies: [*defaults, *defaults]
            """
        let root = try #require(load(text).documents.first?.root)
        #expect(root["web"]?["image"]?.string == "nginx:1.25")
        #expect(root["web"]?["region"]?.string == "eu-west-1")
        #expect(root["web"]?.entries?.map { $0.key.string } == ["image", "region"])
        #expect(root["copies"]?[1]?["region"]?.string == "us-east-1")
        // An alias copies the anchored node, location included: the node starts at its anchor.
        #expect(root["copies"]?[1]?.line == 1)
    }

    /// A "billion laughs" document: ten aliases per level, nine levels, 10^9 leaves.
    static func aliasBomb(aliasesAsKeys: Bool) -> String {
        var text = "a0: &a0 [lol, lol, lol, lol, lol, lol, lol, lol, lol, lol]\n"
        for level in 1...9 {
            let refs = Array(repeating: "*a\(level - 1)", count: 10).joined(separator: ", ")
            text += "a\(level): &a\(level) [\(refs)]\n"
        }
        text += aliasesAsKeys ? "*a9 : boom\n" : "boom: *a9\n"
        return text
    }

    @Test(arguments: [false, true])
    func aliasBombIsRefusedQuickly(aliasesAsKeys: Bool) {
        let text = Self.aliasBomb(aliasesAsKeys: aliasesAsKeys) + "---\nkind: Next\n"
        let clock = ContinuousClock()
        var result = YAMLLoadResult()
        let elapsed = clock.measure { result = load(text) }
        #expect(elapsed < .seconds(2))
        #expect(result.documents.map { $0.root["kind"]?.string } == ["Next"])
        let diagnostic = result.diagnostics.first
        #expect(result.diagnostics.count == 1)
        #expect(diagnostic?.severity == .error)
        #expect(diagnostic?.path == "k8s/test.yaml")
        #expect(
            diagnostic?.summary.contains(aliasesAsKeys ? "used as a mapping key" : "expand to more than 100000") == true
        )
        // The key form is caught at the key; the expansion at the anchor that crossed the limit.
        #expect(diagnostic?.line == (aliasesAsKeys ? 11 : 4))
    }

    @Test(arguments: [
        ("a: &x 1\n*x : y\n", "x", 2), ("a: &x 1\n? *x\n: y\n", "x", 2), ("a: &x 1\nb: {*x: y}\n", "x", 2),
        ("a: &x 1\r\nb: [1]\r\n*x: y\r\n", "x", 3), ("a: &long-name 1\nb:\n  - {c: 1, *long-name: 2}\n", "long-name", 3),
    ] as [(String, String, Int)])
    func aliasesUsedAsKeysAreFoundWithTheirLine(text: String, name: String, line: Int) throws {
        let found = try #require(YAMLText.aliasUsedAsKey(in: text))
        #expect(found.name == name && found.line == line)
    }

    @Test(arguments: ["a: &x 1\nb: *x\n", "a: &x 1\nb: \"*x: y\"\n", "a: 2*3\nb: &y 1\n", "a: *x\n", "q: 'a & b * c'\n"])
    func aliasesUsedAsValuesAreNotKeys(text: String) {
        #expect(YAMLText.aliasUsedAsKey(in: text) == nil)
    }

    @Test func aliasesWithinTheLimitAreKept() {
        // 10^4 copied leaves: well under the default limit.
        var text = "a0: &a0 [x, x, x, x, x, x, x, x, x, x]\n"
        for level in 1...3 {
            text +=
                "a\(level): &a\(level) [" + Array(repeating: "*a\(level - 1)", count: 10).joined(separator: ", ")
                + "]\n"
        }
        #expect(load(text).diagnostics.isEmpty)
        #expect(YAMLLoader(aliasExpansionLimit: 1_000).load(text: text, path: "x.yaml").diagnostics.count == 1)
    }

    /// Broken YAML: the diagnostic points at the line to fix, and nothing is thrown.
    @Test(
        arguments: [
            ("a: \"never closed\nb: c\nd: e\n", 1, "quoted string is never closed"),
            ("a: 'never closed\nb: c\n", 1, "quoted string is never closed"),
            ("spec:\n\treplicas: 3\n", 2, "tab is used for indentation"),
            ("spec:\n  replicas: 3\n\t  image: x\n", 3, "tab is used for indentation"),
            ("a: 1\nb: 2\na: 3\n", 3, "duplicate key 'a'"),
            ("metadata:\n  name: x\n  labels:\n    app: ui\n  name: y\n", 5, "duplicate key 'name'"),
            ("a: [1, 2\nb: c\n", 2, "invalid YAML"),
            ("a:\n  b: c\n d: e\n", 3, "invalid YAML"),
            ("a: b: c\n", 1, "invalid YAML"),
            ("- a\nb: c\n", 2, "invalid YAML"),
            ("a: *missing\n", 1, "invalid YAML"),
            ("a: \u{7}bell\n", 1, "cannot read YAML"),
        ] as [(String, Int, String)])
    func brokenYAMLIsLocated(text: String, line: Int, summary: String) throws {
        let result = load(text)
        #expect(result.documents.isEmpty)
        let diagnostic = try #require(result.diagnostics.first)
        #expect(result.diagnostics.count == 1)
        #expect(diagnostic.severity == .error)
        #expect(diagnostic.path == "k8s/test.yaml")
        #expect(diagnostic.line == line, "\(diagnostic)")
        #expect(diagnostic.summary.contains(summary), "\(diagnostic)")
    }

    @Test func aBrokenDocumentDoesNotHideItsNeighbours() throws {
        let text = "kind: A\n---\nkind: B\nbad: \"open\n---\nkind: C\n"
        let result = load(text)
        #expect(result.documents.map { $0.root["kind"]?.string } == ["A", "C"])
        #expect(result.documents.map(\.index) == [0, 2])
        #expect(result.documents.last?.root["kind"]?.line == 6)
        let diagnostic = try #require(result.diagnostics.first)
        #expect(diagnostic.line == 4)
    }

    @Test func directivesStayWithTheirDocument() {
        let result = load("%YAML 1.2\n---\nkind: A\n...\n---\nkind: B\n")
        #expect(result.diagnostics.isEmpty)
        #expect(result.documents.map { $0.root["kind"]?.line } == [3, 6])
    }

    @Test func aDashLineInsideABlockScalarIsNotADocumentBreak() {
        let result = load("script: |\n  echo start\n  ---\n  echo end\nnext: 1\n")
        #expect(result.documents.count == 1)
        #expect(result.documents.first?.root["script"]?.string == "echo start\n---\necho end\n")
    }

    @Test func nonUTF8InputIsLocated() throws {
        let result = loader.load(try FixtureFiles.bytes("yaml/latin1.yaml"), path: "cfg/latin1.yaml")
        #expect(result.documents.isEmpty)
        let diagnostic = try #require(result.diagnostics.first)
        #expect(diagnostic.line == 1)
        #expect(diagnostic.summary.contains("not valid UTF-8"))
        #expect(diagnostic.summary.contains("0xE9"))

        let later = loader.load(Array("a: 1\nb: 2\n".utf8) + [0xC3, 0x28] + Array("\n".utf8), path: "x.yaml")
        #expect(later.diagnostics.first?.line == 3)
    }

    @Test(
        arguments: [
            ([0xC0, 0xAF], true), ([0xED, 0xA0, 0x80], true), ([0xF4, 0x90, 0x80, 0x80], true), ([0xE2, 0x82], true),
            ([0xE2, 0x82, 0xAC], false), ([0xF0, 0x9F, 0x98, 0x80], false), ([0xC3, 0xA9], false),
        ] as [([UInt8], Bool)])
    func utf8ValidationCatchesMalformedSequences(bytes: [UInt8], invalid: Bool) {
        #expect((YAMLText.firstInvalidUTF8Offset(bytes[...]) != nil) == invalid)
    }

    @Test func byteOrderMarks() {
        let utf8 = loader.load([0xEF, 0xBB, 0xBF] + Array("kind: A\n".utf8), path: "x.yaml")
        #expect(utf8.diagnostics.isEmpty)
        #expect(utf8.documents.first?.root["kind"]?.string == "A")
        let utf16 = loader.load([0xFF, 0xFE, 0x6B, 0x00], path: "x.yaml")
        #expect(utf16.documents.isEmpty)
        #expect(utf16.diagnostics.first?.summary.contains("UTF-16") == true)
    }

    @Test func helmTemplatesGetAClearDiagnostic() throws {
        let result = loader.load(
            try FixtureFiles.bytes("yaml/helm-deployment.yaml"), path: "chart/templates/deployment.yaml")
        #expect(result.documents.isEmpty)
        let diagnostic = try #require(result.diagnostics.first)
        #expect(result.diagnostics.count == 1)
        #expect(diagnostic.summary == "looks like a Helm template, so its workloads are not read; commit the rendered manifests")
        #expect(diagnostic.detail.contains("helm template RELEASE CHART > rendered/RELEASE.yaml"))
        #expect(!diagnostic.detail.contains(".faultline.yaml"))
        #expect(diagnostic.line == 4)
    }

    /// cloud-init kept for Terraform's `templatefile()` holds `%{ … }` directives: a
    /// warning (not an unreadable file) at the first.
    @Test func terraformTemplatesAreAWarningNotAnError() {
        let result = load("#cloud-config\n\n%{ if length(users) > 0 ~}\nusers:\n%{ for user in users ~}\n  - name: ${user.username}\n%{ endfor ~}\n%{ endif ~}\n")
        #expect(result.documents.isEmpty)
        #expect(result.diagnostics.map(\.severity) == [.warning])
        #expect(result.diagnostics.first?.summary.contains("Terraform template") == true)
        #expect(result.diagnostics.first?.line == 3)
        // A `%{` in a string or comment does not excuse a broken manifest.
        let broken = load("kind: Deployment  # rendered by %{ if x }\nmetadata:\n  annotations: {logformat: \"%{Referer}i\"}\n   bad: indent\n")
        #expect(broken.diagnostics.map(\.severity) == [.error])
    }

    /// A file that declares no object (no `kind:`) and quotes a Helm action is plain YAML: a
    /// release file's `contents: "{{ .Release.Version }}"` hides no workload.
    @Test func quotedActionsOutsideManifestsAreRead() throws {
        let plain = load("release:\n  contents: \"{{ .Release.Version }}\"\n")
        #expect(plain.diagnostics.isEmpty)
        #expect(plain.documents.first?.root["release"]?["contents"]?.string == "{{ .Release.Version }}")
        // In a chart's templates a quoted action is Helm's to render; elsewhere no Helm renders
        // the file, so the manifest is read as written (kubectl applies it so), and so is one
        // whose only action is in a comment after a value.
        let text = "kind: ConfigMap\ndata:\n  contents: \"{{ .Release.Version }}\"\n"
        let template = loader.load(Array(text.utf8), path: "charts/web/templates/config.yaml")
        #expect(template.documents.isEmpty)
        #expect(template.diagnostics.first?.summary.contains("Helm template") == true)
        let manifest = load(text)
        #expect(manifest.diagnostics.isEmpty, "\(manifest.diagnostics)")
        #expect(manifest.documents.first?.root["data"]?["contents"]?.string == "{{ .Release.Version }}")
        let doubled = load("kind: Deployment\nspec:\n  note: 'it''s {{ .Values.x }}'\n")
        #expect(doubled.diagnostics.isEmpty && doubled.documents.count == 1, "\(doubled.diagnostics)")
        let commented = load("kind: Deployment\nspec:\n  image: quay.io/a/b:1  # was {{ .Values.image }}\n")
        #expect(commented.diagnostics.isEmpty && commented.documents.count == 1)
        let unquoted = load("kind: Deployment\nspec:\n  image: {{ .Values.image }}\n")
        #expect(unquoted.documents.isEmpty && unquoted.diagnostics.first?.summary.contains("Helm template") == true)
    }

    /// Outside a chart's `templates/`, an action in a block scalar is text another program
    /// renders (a Flux HelmRelease's `extraObjects`, passed through the chart's `tpl`): the
    /// file is read. In `templates/`, or anywhere outside a block scalar, it is a template.
    @Test func actionsInBlockScalarsOutsideTemplatesAreText() throws {
        let release = """
            apiVersion: helm.toolkit.fluxcd.io/v2
            kind: HelmRelease
            metadata: {name: loki, namespace: monitoring}
            spec:
              values:
                extraObjects:
                  - |
                    apiVersion: v1
                    kind: ConfigMap
                    data:
                      url: http://loki:{{ .Values.loki.server.http_listen_port }}

                      other: "{{ include "x" . }}"
                  - name: b
                    script: |-
                      echo {{ .Values.port }}
                image: {repository: grafana/loki}

            """
        let read = loader.load(Array(release.utf8), path: "monitoring/loki/release.yaml")
        #expect(read.diagnostics.isEmpty, "\(read.diagnostics)")
        #expect(read.documents.first?.root["spec"]?["values"]?["image"]?["repository"]?.string == "grafana/loki")
        let chart = loader.load(Array(release.utf8), path: "chart/templates/release.yaml")
        #expect(chart.documents.isEmpty)
        #expect(chart.diagnostics.first?.line == 11)
        // Back at the key's indentation, the block is over: the action there counts.
        let after = release.replacingOccurrences(of: "    image: {repository: grafana/loki}", with: "    image: {{ .Values.image }}")
        let template = loader.load(Array(after.utf8), path: "monitoring/loki/release.yaml")
        #expect(template.documents.isEmpty)
        #expect(template.diagnostics.first?.line == 17)
        // Headers with a comment, a tag or an anchor open blocks too.
        for header in ["a: | # the template", "a: !!str |", "a: &tmpl |-", "a: !!str &tmpl >2 # x"] {
            let text = "kind: ConfigMap\ndata:\n  \(header)\n    {{ .Values.x }}\n  b: c\n"
            let loaded = loader.load(Array(text.utf8), path: "deploy/cm.yaml")
            #expect(loaded.diagnostics.isEmpty, "\(header): \(loaded.diagnostics)")
        }
        // A line ending in `|` that is no header (`a|`) opens no block.
        let pipe = loader.load(Array("kind: ConfigMap\ndata:\n  a: b|\n    {{ .Values.x }}\n".utf8), path: "deploy/cm.yaml")
        #expect(pipe.diagnostics.first?.summary.contains("Helm template") == true)
    }

    @Test func unparseableBracesAreReportedAsATemplate() {
        let result = load("kind: ConfigMap\ndata:\n  a: {{ $x }}\n")
        #expect(result.diagnostics.first?.summary.contains("Helm template") == true)
        #expect(result.diagnostics.first?.line == 3)
    }

    /// A `{{` only in quoted strings or comments, or only after the line where parsing failed,
    /// does not make a broken manifest a template.
    @Test func quotedBracesDoNotExcuseABrokenManifest() {
        let quoted = load("kind: Deployment\nmetadata:\n  annotations: {pattern: \"{{ grok }}\"}\n   bad: indent\n")
        #expect(quoted.diagnostics.map(\.severity) == [.error])
        let later = load("kind: Deployment\nmetadata:\n  name: \"web\n  labels:\n    a: {{ .x }}\n")
        #expect(later.diagnostics.map(\.severity) == [.error])
        let commented = load("kind: Deployment # {{ x }}\n  bad: [\n")
        #expect(commented.diagnostics.map(\.severity) == [.error])
        // Unquoted before the failure: a template, located at its first `{{`.
        let template = load("kind: Deployment\nmetadata:\n  name: 'a-{{ b }}'\nspec:\n  replicas: {{ .Values.n }}-x\n")
        #expect(template.diagnostics.map(\.severity) == [.warning])
        #expect(template.diagnostics.first?.line == 5)
        // An action quoting inside a double-quoted scalar (older charts) ends the scalar: a template.
        let quoting = load("kind: Service\nmetadata:\n  name: \"{{ template \"fullname\" . }}\"\nspec:\n  ports: []\n")
        #expect(quoting.diagnostics.map(\.severity) == [.warning])
        #expect(quoting.diagnostics.first?.line == 3)
        // A quoted line of 300,000 braces is looked through once, not once a brace.
        let braces = load("kind: Deployment\nmetadata:\n  name: \"" + String(repeating: "{", count: 300_000) + "\n   bad: indent\n")
        #expect(braces.diagnostics.map(\.severity) == [.error])
    }

    @Test func alertmanagerTemplatesAreNotHelm() throws {
        let result = loader.load(try FixtureFiles.bytes("yaml/alertmanager.yaml"), path: "monitoring/alertmanager.yaml")
        #expect(result.diagnostics.isEmpty)
        let slack = result.documents.first?.root["receivers"]?[0]?["slack_configs"]?[0]
        #expect(slack?["title"]?.string == "{{ template \"slack.default.title\" . }}")
        #expect(slack?["text"]?.string?.hasPrefix("{{ range .Alerts }}") == true)
    }

    @Test(
        arguments: [
            ("{{- if .Values.enabled }}\nkind: ConfigMap\n{{- end }}\n", 1),
            ("kind: ConfigMap\nmetadata:\n  name: {{ .Release.Name }}-config\n", 3),
            ("kind: ConfigMap\ndata:\n{{ toYaml .Values.data | indent 2 }}\n", 3),
            ("kind: Pod\n{{ if .Capabilities }}\nx: 1\n{{ end }}\n", 2),
            // Windows line endings count lines the same way.
            ("kind: ConfigMap\r\nmetadata:\r\n  name: {{ .Release.Name }}\r\n", 3),
            // A long file with `{{` in strings first: only the Helm line counts.
            (String(repeating: "# {{ .Values.x }} in a comment\n", count: 500) + "a: \"{{ $labels.x }}\"\n  b: {{ include \"x\" . }}\n", 502),
        ] as [(String, Int)])
    func helmTemplateShapes(text: String, line: Int) throws {
        let result = load(text)
        #expect(result.documents.isEmpty)
        let diagnostic = try #require(result.diagnostics.first)
        #expect(diagnostic.summary.contains("Helm template"))
        #expect(diagnostic.line == line)
    }

    @Test func templateSyntaxInACommentIsNotHelm() {
        let result = load("# rendered from {{ .Values.image }} by CI\nkind: ConfigMap\n")
        #expect(result.diagnostics.isEmpty)
        #expect(result.documents.first?.root["kind"]?.string == "ConfigMap")
    }

    @Test func goTemplatesInsideStringsAreNotHelm() throws {
        let result = loader.load(try FixtureFiles.bytes("yaml/prometheus-rules.yaml"), path: "monitoring/rules.yaml")
        #expect(result.diagnostics.isEmpty)
        let rule = result.documents.first?.root["spec"]?["groups"]?[0]?["rules"]?[0]
        #expect(rule?["annotations"]?["summary"]?.string == "Assets failing on {{ $labels.instance }}")
    }

    @Test func emptyAndCommentOnlyFilesHaveNoDocuments() {
        for text in ["", "\n\n", "# nothing\n", "---\n", "---\n# c\n---\n"] {
            let result = load(text)
            #expect(result.documents.isEmpty, "\(text)")
            #expect(result.diagnostics.isEmpty, "\(text)")
        }
    }

    @Test func aThreeMebibyteOneLineFileLoads() throws {
        let count = 3 * 1024 * 1024 / 7 + 1
        let text = "items: [" + Array(repeating: "abcdef", count: count).joined(separator: ",") + "]"
        #expect(text.utf8.count > 3 * 1024 * 1024)
        let clock = ContinuousClock()
        var result = YAMLLoadResult()
        let elapsed = clock.measure { result = load(text) }
        #expect(result.diagnostics.isEmpty)
        #expect(result.documents.first?.root["items"]?.items?.count == count)
        #expect(elapsed < .seconds(30))

        let scalar = "key: \"" + String(repeating: "x", count: 3 * 1024 * 1024) + "\""
        #expect(load(scalar).documents.first?.root["key"]?.string?.count == 3 * 1024 * 1024)
    }
}
