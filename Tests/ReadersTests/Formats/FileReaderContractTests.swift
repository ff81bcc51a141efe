import Model
import Testing

@testable import Readers
import TestSupport

/// The `FileReader` contract, checked on the format readers with generated hostile inputs:
/// never crash, the same bytes give the same facts, and every line points into the file.
@Suite struct FileReaderContractTests {
    /// Pieces of every format, and the characters that break parsers.
    static let fragments: [[UInt8]] = [
        "server {", "location / {", "}", "{", ";", "proxy_pass http://a.example.com;", "upstream u {", "include x;",
        "\"", "'", "\\", "\n", "\r\n", " ", "\t", "#", "<", ">", "<!--", "-->", "<script>", "</script", "<style>",
        "<img src=\"https://i.example.com/a.png\"", "srcset=\"//c.example.com/a 1x,", "url(", ")", "@import ",
        "https://u.example.com/x", "&quot;", "FROM ", "ARG A=", "${A}", "$", "${", "COPY ", "ADD ", "--from=x ", "<<EOF",
        "EOF", "# escape=`", "`", "jobs:", "  - ", "    ", "image: ", "docker build -t img:1 .", "run: |", "script:",
        "services:", "- ", ": ", "[", "]", "&a ", "*a", "---",
    ].map { Array($0.utf8) } + [[0x00], [0xFF], [0xC3], [0xE9], [0xF0, 0x9F]]

    static let cases: [(String, String)] = [
        ("nginx", "nginx/site.conf"), ("assets", "ui/index.html"), ("assets", "ui/app.css"), ("dockerfile", "Dockerfile"),
        ("circleci", ".circleci/config.yml"), ("github-actions", ".github/workflows/ci.yml"), ("gitlab-ci", ".gitlab-ci.yml"),
    ]

    static func reader(named name: String) -> any FileReader {
        switch name {
        case "nginx": NginxReader()
        case "assets": AssetReader()
        case "dockerfile": DockerfileReader()
        case "circleci": CircleCIReader()
        case "github-actions": GitHubActionsReader()
        default: GitLabCIReader()
        }
    }

    /// Every line a file's facts point at, diagnostics aside.
    static func lines(of facts: FileFacts) -> [Int] {
        var lines = facts.mentions.map(\.line) + facts.includes.map(\.line)
        lines += (facts.dockerfile?.baseImages.map(\.line) ?? []) + (facts.dockerfile?.copies.map(\.line) ?? [])
        for pipeline in facts.pipelines {
            lines += [pipeline.line] + pipeline.images.map(\.line) + pipeline.builds.map(\.line) + pipeline.uses.map(\.line)
        }
        return lines
    }

    @Test(arguments: cases)
    func hostileInputsAreReadPurelyAndLocatedInTheFile(readerName: String, path: String) {
        let reader = Self.reader(named: readerName)
        #expect(reader.accepts(path: path))
        var generator = SplitMix64(state: UInt64(truncatingIfNeeded: path.utf8.reduce(0) { $0 &* 31 &+ Int($1) }))
        for _ in 0..<400 {
            var bytes: [UInt8] = []
            for _ in 0..<Int.random(in: 1...60, using: &generator) {
                bytes += Self.fragments.randomElement(using: &generator) ?? []
            }
            let facts = reader.read(path: path, bytes: bytes)
            #expect(facts == reader.read(path: path, bytes: bytes))
            #expect(facts.path == path)
            let lineCount = bytes.count { $0 == 0x0A } + 1
            let outside = Self.lines(of: facts).filter { !(1...lineCount).contains($0) }
            #expect(outside.isEmpty, "lines \(outside) outside 1...\(lineCount) in \(String(decoding: bytes, as: UTF8.self).debugDescription)")
            #expect(facts.diagnostics.allSatisfy { $0.path == path })
            // The YAML loader reports a problem at the end of a file that lacks its final line
            // break on the line after the last one, where an editor puts the cursor.
            let diagnosticLines = 1...(lineCount + (path.hasSuffix(".yml") ? 1 : 0))
            #expect(facts.diagnostics.allSatisfy { $0.line.map(diagnosticLines.contains) ?? true })
        }
    }
}
