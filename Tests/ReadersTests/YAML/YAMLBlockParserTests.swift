import Foundation
import Model
import Testing

@testable import Readers
import TestSupport

/// `YAMLBlockParser` answers only when it builds exactly the tree Yams builds; every test here
/// loads the same text both ways and compares documents, lines, columns and diagnostics.
@Suite struct YAMLBlockParserTests {
    static func yams(_ text: String) -> YAMLLoadResult {
        var loader = YAMLLoader()
        loader.usesBlockParser = false
        return loader.load(text: text, path: "x.yaml")
    }

    /// Whether the block parser answered every chunk of `text` itself.
    static func answeredAlone(_ text: String) -> Bool {
        YAMLText.documentChunks(of: text).allSatisfy { YAMLBlockParser.parse($0.text, lineOffset: $0.startLine - 1) != nil }
    }

    /// Texts the block parser must answer, each the same as Yams.
    static let inSubset: [String] = [
        "a: 1\nb: two\n",
        "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: x\n  labels: {app: web, tier: \"front\"}\ndata:\n  URL: https://x.s3.amazonaws.com/a#b\n",
        "spec:\n  containers:\n  - name: app\n    image: nginx:1.25\n    ports:\n    - containerPort: 80\n    -   containerPort: 81\n  - name: side\n",
        "- a\n- - b\n  - c\n-\n- d: 1\n  e:\n- []\n- {}\n",
        "key:\n\n  # comment\n  nested: true  # trailing\n\nother: 'it''s'\n",
        "script: |\n  echo one\n\n    indented\n  echo two\nnext: >\n  folded\n  text\n\n  para\nstrip: |-\n  x\n\nlast: >-\n  y\n",
        "---\na: b\n",
        "--- # comment\n- x\n",
        "# only a comment\n",
        "---\n",
        "\"quoted key\": \"esc \\\" \\\\ \\n \\t \\u00e9 \\x41\"\n'single': ''\n",
        "ünïcödé: värdé\nk: \"ü: x\"\n",
        "root scalar\n",
        "list: [1, two, \"three\", [4, 5], {six: 6}]\nempty:\nnull: ~\n",
        "a:\n  b:\n    c:\n      d: deep\n  e: f\ng: h\n",
        "url: http://example.com:8080/path?q=1\nimage: repo/app@sha256:abc\ncmd: -c\nq: ?x\nc: :x\n",
        "data:\n  nginx.conf: |\n    server {\n      location / { proxy_pass https://b.s3.amazonaws.com; }\n    }\n  dash.json: |-\n    {\"a\": [1, 2]}\n",
        "block: |\n  tab\there\nx: 1\n",
        "k: |\n\n\n  after blanks\n",
        "k: |\nnext: 1\n",
        "k: >\n  a\n  b\n\n\n  c\n",
        "seq:\n- |\n  in item\n- >-\n  folded item\n-   plain\n",
        "f: >\n  a\n    more\n  b\n\n    more2\n\n  c\n  \td\n  e\n",
        "- |-\n  x\n    y\n  ",
        "a: multi\n  line\n\n   plain  \n  text # c\nb: \"dq  \n   folded\n\n\n  \\\n  joined \\\n  \\t\"\nc: 'sq\n\n  x'\n",
        "- one\n  two\n-   three\n    four\n",
        "message: Pod {{ $labels.pod }} ({{ $labels.container\n  }}) is {{ printf \"%.2f\" $value }}\nd: Filesystem, e.g.\n  \"ext4\", *Deprecated:* [x] 'y' -z\n",
    ]

    @Test(arguments: inSubset)
    func answersTheSubsetAsYamsDoes(text: String) {
        #expect(Self.answeredAlone(text), "not answered: \(text.debugDescription)")
        #expect(YAMLLoader().load(text: text, path: "x.yaml") == Self.yams(text), "\(text.debugDescription)")
    }

    /// Texts outside the subset: the block parser gives up and Yams' answer (documents or
    /// diagnostics) is what the loader returns.
    static let outsideSubset: [String] = [
        "a: &x 1\nb: *x\n", "a: !!str 1\n", "<<: {a: 1}\nb: 2\n", "a: 1\na: 2\n", "a: b: c\n",
        "a: multi\n\tline plain\n", "a: \"multi\nline\"\n", "- a\n  # c\n  b\n", "a: 'x\n  - y'\nb: x\n  - y\n", "a:\tb\n", "a: 1\r\nb: 2\r\n", "? complex\n: key\n",
        "a: |+\n  keep\n\n", "a: |2\n   x\n", "%YAML 1.1\n---\na: 1\n", "a: 1\n...\n", "[a, b\n c]\n",
        "a: [1, 2,]\n", "a: {x: 1, x: 2}\n", "a: \"\\q\"\n", "a:\n  - x\n - y\n", "a: 1\n b: 2\n", "- a\nb: 1\n",
        "a: \"x\" y\n", "a: {b: c}d\n", "a: `x`\n", "a: @x\n", "a: %x\n", "key: {{ .Values.x }}\n", "\u{FEFF}a: 1\n",
        "a: x\u{85}y\n", "a: \"\\ud800\"\n", "{a: 1}: b\n",
    ]

    @Test(arguments: outsideSubset)
    func leavesTheRestToYams(text: String) {
        #expect(!Self.answeredAlone(text), "answered: \(text.debugDescription)")
        #expect(YAMLLoader().load(text: text, path: "x.yaml") == Self.yams(text))
    }

    /// `*x:` inside a string looks like an alias used as a key to the text scan that guards
    /// Yams; the block parser, which takes no aliases, reads such a document instead of
    /// refusing it.
    @Test func aliasLikeTextInStringsIsNotRefused() throws {
        let text = "a: '&x y'\nscript: |\n  echo *x: y\n"
        #expect(YAMLText.aliasUsedAsKey(in: text) != nil)
        let loaded = YAMLLoader().load(text: text, path: "x.yaml")
        #expect(loaded.diagnostics.isEmpty)
        #expect(try #require(loaded.documents.first).root["script"]?.string == "echo *x: y\n")
        // A real alias used as a key is still refused before Yams sees it.
        let alias = YAMLLoader().load(text: "base: &b {k: v}\n*b : 1\n", path: "x.yaml")
        #expect(alias.documents.isEmpty && alias.diagnostics.first?.summary.contains("alias") == true)
    }

    /// Nesting deeper than any configuration is left to Yams (and its own limit).
    @Test func leavesDeepNestingToYams() {
        let deep = (0..<150).map { String(repeating: " ", count: $0) + "k:" }.joined(separator: "\n") + " v\n"
        let shallow = (0..<50).map { String(repeating: " ", count: $0) + "k:" }.joined(separator: "\n") + " v\n"
        #expect(!Self.answeredAlone(deep))
        #expect(Self.answeredAlone(shallow))
        #expect(YAMLLoader().load(text: deep, path: "x.yaml") == Self.yams(deep))
        #expect(YAMLLoader().load(text: shallow, path: "x.yaml") == Self.yams(shallow))
    }

    // MARK: - Generated documents

    indirect enum Tree {
        case scalar(String)
        case list([Tree])
        case map([(String, Tree)])

        /// Written on its key's or dash's line: a scalar or an empty collection.
        var isLeaf: Bool {
            switch self {
            case .scalar: true
            case .list(let items): items.isEmpty
            case .map(let entries): entries.isEmpty
            }
        }
    }

    static let words = ["a", "b", "name", "image", "web-1", "3", "true", "~", "null", "x y", "http://h:80/p", "é", "-x", "#no", "a#b", "''", "q'q", "d\"q", "[x]", "{y}", ":z", "tail ", "", "a, b", "c: d", "one\ntwo", "p\n\nq\n", "x\n  y\nz", "end\n", "a {b}", "p -q", "r *s", "t 'u'", "m - n", "k ?l", "[i] j"]

    static func tree(_ g: inout SplitMix64, depth: Int) -> Tree {
        let roll = Int.random(in: 0..<10, using: &g)
        if depth > 3 || roll < 4 { return .scalar(words.randomElement(using: &g)!) }
        let count = Int.random(in: 0...3, using: &g)
        if roll < 7 {
            var keys = Set<String>()
            var entries: [(String, Tree)] = []
            for _ in 0..<count {
                let key = words.randomElement(using: &g)!
                guard keys.insert(key).inserted else { continue }
                entries.append((key, tree(&g, depth: depth + 1)))
            }
            return .map(entries)
        }
        return .list((0..<count).map { _ in tree(&g, depth: depth + 1) })
    }

    /// A scalar written plain when that reads back the same, else quoted one way or another.
    static func scalarText(_ text: String, _ g: inout SplitMix64, inFlow: Bool) -> String {
        let plainSafe =
            !text.isEmpty && !text.hasSuffix(" ") && !text.contains(": ") && !text.contains(" #") && !text.contains("\n")
            && !"-?:,[]{}#&*!|>'\"%@`".contains(text.first!) && !(inFlow && text.contains { ",[]{}:".contains($0) })
        switch Int.random(in: 0..<4, using: &g) {
        case 0 where plainSafe, 1 where plainSafe: return text
        case 2 where !text.contains("\n"): return "'" + text.replacingOccurrences(of: "'", with: "''") + "'"
        default:
            return "\"" + text.replacingOccurrences(of: "\\", with: "\\\\").replacingOccurrences(of: "\"", with: "\\\"")
                .replacingOccurrences(of: "\n", with: "\\n") + "\""
        }
    }

    static func flow(_ tree: Tree, _ g: inout SplitMix64) -> String {
        switch tree {
        case .scalar(let text): return scalarText(text, &g, inFlow: true)
        case .list(let items): return "[" + items.map { flow($0, &g) }.joined(separator: ", ") + "]"
        case .map(let entries):
            return "{" + entries.map { scalarText($0.0, &g, inFlow: true) + ": " + flow($0.1, &g) }.joined(separator: ", ") + "}"
        }
    }

    /// Renders `tree` as a block node indented by `indent`, in randomly chosen styles.
    static func block(_ tree: Tree, indent: Int, _ g: inout SplitMix64) -> String {
        let pad = String(repeating: " ", count: indent)
        switch tree {
        case .scalar(let text): return pad + scalarText(text, &g, inFlow: false) + "\n"
        case .list(let items) where items.isEmpty: return pad + "[]\n"
        case .map(let entries) where entries.isEmpty: return pad + "{}\n"
        case .list(let items):
            var out = ""
            for item in items {
                switch item {
                case _ where item.isLeaf: out += pad + "- " + inline(item, indent: indent, &g)
                case .map where Bool.random(using: &g):
                    // Compact: the first key on the dash's line.
                    let rendered = block(item, indent: indent + 2, &g)
                    out += pad + "- " + rendered.dropFirst(indent + 2)
                default: out += pad + "-\n" + block(item, indent: indent + 2, &g)
                }
            }
            return out
        case .map(let entries):
            var out = ""
            for (key, value) in entries {
                out += pad + scalarText(key, &g, inFlow: false) + ":"
                switch value {
                case _ where value.isLeaf: out += " " + inline(value, indent: indent, &g)
                case .list where Bool.random(using: &g): out += "\n" + block(value, indent: indent, &g)
                default:
                    if Int.random(in: 0..<4, using: &g) == 0 {
                        out += " " + flow(value, &g) + "\n"
                    } else {
                        out += (Bool.random(using: &g) ? "  # note\n\n" : "\n") + block(value, indent: indent + 2, &g)
                    }
                }
            }
            return out
        }
    }

    /// A leaf after `key:` or `-`: a scalar (multi-line text sometimes as a literal block
    /// scalar) or an empty collection.
    static func inline(_ tree: Tree, indent: Int, _ g: inout SplitMix64) -> String {
        if case .scalar(let text) = tree {
            if text.isEmpty, Bool.random(using: &g) { return "\n" }
            // Sometimes folded over two lines at its space, plain or double-quoted.
            if !text.contains("\n"), let space = text.firstIndex(of: " "), Int.random(in: 0..<3, using: &g) == 0 {
                let written = scalarText(text, &g, inFlow: false)
                guard written.first != "'" else { return written + "\n" }
                let offset = written.first == "\"" ? 1 : 0
                let at = written.index(written.startIndex, offsetBy: text.distance(from: text.startIndex, to: space) + offset)
                if written[at] == " " {
                    return String(written[..<at]) + "\n" + String(repeating: " ", count: indent + 2) + String(written[written.index(after: at)...]) + "\n"
                }
            }
            let lines = text.split(separator: "\n", omittingEmptySubsequences: false)
            if text.contains("\n"), !text.hasSuffix("\n\n"), lines.first?.first != " ", Bool.random(using: &g) {
                let body = text.hasSuffix("\n") ? lines.dropLast() : lines[...]
                let pad = String(repeating: " ", count: indent + 2)
                return (text.hasSuffix("\n") ? "|" : "|-") + "\n" + body.map { $0.isEmpty ? "\n" : pad + $0 + "\n" }.joined()
            }
        }
        return flow(tree, &g) + "\n"
    }

    /// Generated documents in the subset are answered by the block parser, the same as Yams.
    @Test(arguments: [11, 12, 13])
    func generatedDocumentsMatchYams(seed: UInt64) {
        var g = SplitMix64(state: seed)
        var answered = 0
        for _ in 0..<300 {
            let text = Self.block(Self.tree(&g, depth: 0), indent: 0, &g)
            let expected = Self.yams(text)
            if Self.answeredAlone(text) { answered += 1 }
            #expect(YAMLLoader().load(text: text, path: "x.yaml") == expected, "\(text.debugDescription)")
        }
        // Nearly all of them are plain block YAML; a parser that gave up on everything would pass
        // the comparison above without doing its job.
        #expect(answered > 240)
    }

    /// Damaged documents: whenever the block parser still answers, Yams agrees exactly.
    @Test(arguments: [21, 22, 23, 24, 25, 26, 27, 28])
    func damagedDocumentsNeverDisagreeWithYams(seed: UInt64) {
        var g = SplitMix64(state: seed)
        let alphabet = Array(":-?[]{},&*!|>'\"#\n \\ab".utf8)
        for _ in 0..<300 {
            var bytes = Array(Self.block(Self.tree(&g, depth: 0), indent: 0, &g).utf8)
            for _ in 0..<Int.random(in: 1...3, using: &g) where !bytes.isEmpty {
                let position = Int.random(in: 0..<bytes.count, using: &g)
                let byte = alphabet.randomElement(using: &g)!
                switch Int.random(in: 0..<3, using: &g) {
                case 0: bytes.insert(byte, at: position)
                case 1: bytes[position] = byte
                default: bytes.remove(at: position)
                }
            }
            let text = String(decoding: bytes, as: UTF8.self)
            // Where the alias-key scan fires, the block parser's answer is the better one (see
            // `aliasLikeTextInStringsIsNotRefused`), so the two paths may rightly differ.
            if YAMLText.aliasUsedAsKey(in: text) != nil, Self.answeredAlone(text) { continue }
            #expect(YAMLLoader().load(text: text, path: "x.yaml") == Self.yams(text), "\(text.debugDescription)")
        }
    }

    /// Every YAML file under `FAULTLINE_YAML_CORPUS` (e.g. files taken from real repositories)
    /// loads the same both ways; run on demand, see docs/benchmarks.md.
    @Test(.enabled(if: ProcessInfo.processInfo.environment["FAULTLINE_YAML_CORPUS"] != nil))
    func corpusMatchesYams() throws {
        let root = URL(fileURLWithPath: ProcessInfo.processInfo.environment["FAULTLINE_YAML_CORPUS"] ?? "")
        let files = try FileManager.default.contentsOfDirectory(at: root, includingPropertiesForKeys: nil)
        var chunks = 0, answered = 0, mismatches = 0
        for file in files.sorted(by: { $0.path < $1.path }) {
            let bytes = Array(try Data(contentsOf: file))
            guard case .success(let text) = YAMLText.decode(bytes) else { continue }
            for chunk in YAMLText.documentChunks(of: text) {
                chunks += 1
                if YAMLBlockParser.parse(chunk.text, lineOffset: chunk.startLine - 1) != nil { answered += 1 }
            }
            if YAMLLoader().load(bytes, path: "x.yaml") != { var l = YAMLLoader(); l.usesBlockParser = false; return l.load(bytes, path: "x.yaml") }() {
                mismatches += 1
                Issue.record("differs: \(file.lastPathComponent)")
            }
        }
        print("corpus: \(files.count) files, \(chunks) chunks, \(answered) answered by the block parser, \(mismatches) differ")
        #expect(mismatches == 0)
    }
}
