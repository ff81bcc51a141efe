import HCL
import TestSupport
import Testing
@testable import Readers

/// The one-pass scan of a dashboard's link URLs against the same question answered on the
/// tree `JSONNode.parse` builds: the scan must find the same ranges, and refuse the same texts.
@Suite struct DashboardLinksTests {
    /// The URLs to blank, worked out on the parsed tree.
    static func oracle(_ text: String) -> [Range<Int>] {
        guard let parsed = JSONNode.parse(text), case .object(let members) = parsed.kind else { return [] }
        func isDashboard(_ members: [JSONNode.Member]) -> Bool {
            let keys = Set(members.map(\.key))
            return keys.contains("schemaVersion") && (keys.contains("panels") || keys.contains("rows"))
        }
        let document: JSONNode
        if isDashboard(members) {
            document = parsed
        } else if let wrapped = members.last(where: { $0.key == "dashboard" })?.value, case .object(let inner) = wrapped.kind, isDashboard(inner) {
            document = wrapped
        } else {
            return []
        }
        var ranges: [Range<Int>] = []
        func visit(_ node: JSONNode, inLinks: Bool) {
            switch node.kind {
            case .object(let members):
                for member in members {
                    if inLinks, member.key == "url", case .string = member.value.kind {
                        ranges.append(member.value.range.start.byte..<member.value.range.end.byte)
                    } else if member.key == "links", case .array(let items) = member.value.kind {
                        for item in items { visit(item, inLinks: true) }
                    } else {
                        visit(member.value, inLinks: false)
                    }
                }
            case .array(let items):
                for item in items { visit(item, inLinks: false) }
            default:
                break
            }
        }
        visit(document, inLinks: false)
        return ranges
    }

    static func scan(_ text: String) -> [Range<Int>] {
        var text = text
        return text.withUTF8 { DashboardLinks.urlRanges(in: $0) }
    }

    @Test(arguments: [
        #"{"schemaVersion": 39, "panels": [{"links": [{"title": "runbook", "url": "https://github.com/acme/runbook"}]}], "links": [{"url": "https://a.example/x"}]}"#,
        #"{"dashboard": {"schemaVersion": 39, "rows": [], "links": [{"url": "https://github.com/acme/a"}]}, "source": "https://s3.amazonaws.com/a.js"}"#,
        // Not a dashboard: no schemaVersion.
        #"{"panels": [], "links": [{"url": "https://cdn.example/app.js"}]}"#,
        // Only the last `dashboard` member counts, and only inside it.
        #"{"dashboard": {"schemaVersion": 1, "rows": []}, "links": [{"url": "https://x.example"}], "dashboard": 3}"#,
        #"{"dashboard": 3, "links": [{"url": "https://x.example"}], "dashboard": {"schemaVersion": 1, "rows": [], "links": [{"url": "https://y.example"}]}}"#,
        // Escaped names are the names they decode to.
        #"{"schem\u0061Version": 1, "p\u0061nels": [], "l\u0069nks": [{"\u0075rl": "https://z.example"}]}"#,
        // A url that is not a string, a url outside an item, items nested in a list.
        #"{"schemaVersion": 1, "rows": [], "links": [{"url": 5}, [{"url": "https://n.example"}], {"a": {"url": "https://m.example"}}], "url": "https://top.example"}"#,
        // Not JSON as the strict reader reads it: a trailing comma, a bad escape, a bad number,
        // a control character, text after the value.
        #"{"schemaVersion": 1, "rows": [], "links": [{"url": "https://a.example"},]}"#,
        #"{"schemaVersion": 1, "rows": [], "links": [{"url": "https://a.example\q"}]}"#,
        #"{"schemaVersion": 1.2.3, "rows": [], "links": [{"url": "https://a.example"}]}"#,
        "{\"schemaVersion\": 1, \"rows\": [], \"links\": [{\"url\": \"https://a.example\t\"}]}",
        #"{"schemaVersion": 1, "rows": [], "links": [{"url": "https://a.example"}]} x"#,
        #"{"schemaVersion": 1e400, "rows": [], "links": [{"url": "https://a.example"}]}"#,
        #"{"schemaVersion": -0.5E+3, "rows": [true, false, null, "\ud83d\ude00", "\ud800\u0041"], "links": [{"url": "https://a.example"}]}"#,
    ])
    func theScanFindsWhatTheTreeFinds(_ text: String) {
        #expect(Self.scan(text) == Self.oracle(text))
    }

    @Test func aDashboardsLinksAreFound() {
        let text = #"{"schemaVersion": 39, "panels": [{"links": [{"url": "https://github.com/acme/runbook"}]}]}"#
        let ranges = Self.scan(text)
        #expect(ranges.count == 1)
        let bytes = Array(text.utf8)
        #expect(ranges.map { String(decoding: bytes[$0], as: UTF8.self) } == [#""https://github.com/acme/runbook""#])
    }

    @Test func nestingDeeperThanTheLimitIsRefused() {
        let deep = String(repeating: "[", count: 256) + String(repeating: "]", count: 256)
        let text = #"{"schemaVersion": 1, "rows": "# + deep + #", "links": [{"url": "https://a.example"}]}"#
        #expect(Self.scan(text) == Self.oracle(text))
        #expect(Self.scan(text).isEmpty)
        let shallower = String(repeating: "[", count: 254) + String(repeating: "]", count: 254)
        let accepted = #"{"schemaVersion": 1, "rows": "# + shallower + #", "links": [{"url": "https://a.example"}]}"#
        #expect(Self.scan(accepted) == Self.oracle(accepted))
        #expect(Self.scan(accepted).count == 1)
    }

    /// Generated documents, each also cut short and with one byte changed: the scan and the
    /// tree agree on every one.
    @Test func generatedDocumentsAgree() {
        var random = SplitMix64(state: 0x5EED_DA5B)
        var checked = 0
        var withLinks = 0
        for _ in 0..<1500 {
            let text = Self.document(&random)
            var variants = [text]
            let bytes = Array(text.utf8)
            if bytes.count > 2 {
                variants.append(String(decoding: bytes[..<Int(random.next() % UInt64(bytes.count))], as: UTF8.self))
                var changed = bytes
                let alphabet = Array(#"{}[],:"\u0 1.e-+x"#.utf8)
                changed[Int(random.next() % UInt64(bytes.count))] = alphabet[Int(random.next() % UInt64(alphabet.count))]
                variants.append(String(decoding: changed, as: UTF8.self))
            }
            for variant in variants {
                let expected = Self.oracle(variant)
                #expect(Self.scan(variant) == expected, "\(variant)")
                checked += 1
                if !expected.isEmpty { withLinks += 1 }
            }
        }
        #expect(checked > 4000)
        // The generator reaches the interesting case often enough to matter.
        #expect(withLinks > 300)
    }

    static func document(_ random: inout SplitMix64) -> String {
        let names = ["url", "links", "schemaVersion", "panels", "rows", "dashboard", "title", "u\\u0072l", "lin\\u006bs", "x"]
        func name() -> String { names[Int(random.next() % UInt64(names.count))] }
        func value(_ depth: Int, linkItem: Bool) -> String {
            let pick = depth > 4 ? random.next() % 5 : random.next() % 8
            switch pick {
            case 0: return ["1", "-2.5", "3e2", "0", "12345678901234567890123", "true", "false", "null"][Int(random.next() % 8)]
            case 1, 2: return "\"https://\(random.next() % 100).example/\\u00e9\\/p\""
            case 3: return "\"t\\\"\\\\\\n\""
            case 4: return "[]"
            case 5:
                let count = Int(random.next() % 4)
                return "[" + (0..<count).map { _ in value(depth + 1, linkItem: false) }.joined(separator: ", ") + "]"
            default:
                var members: [String] = []
                if linkItem || random.next() % 3 == 0 { members.append("\"url\": \"https://l\(random.next() % 50).example\"") }
                for _ in 0..<Int(random.next() % 5) {
                    let key = name()
                    if key.contains("l") && key.contains("s") && random.next() % 2 == 0 {
                        let items = (0..<Int(1 + random.next() % 3)).map { _ in value(depth + 1, linkItem: true) }
                        members.append("\"\(key)\": [" + items.joined(separator: ",") + "]")
                    } else {
                        members.append("\"\(key)\": " + value(depth + 1, linkItem: false))
                    }
                }
                members.shuffle(using: &random)
                return "{" + members.joined(separator: ", ") + "}"
            }
        }
        var top = ["\"links\": [" + value(1, linkItem: true) + "]"]
        if random.next() % 4 != 0 { top.append("\"schemaVersion\": 39") }
        if random.next() % 4 != 0 { top.append(random.next() % 2 == 0 ? "\"panels\": []" : "\"rows\": " + value(1, linkItem: false)) }
        for _ in 0..<Int(random.next() % 4) { top.append("\"\(name())\": " + value(1, linkItem: false)) }
        top.shuffle(using: &random)
        let body = "{" + top.joined(separator: ",\n ") + "}"
        return random.next() % 3 == 0 ? "{\"dashboard\": \(body), \"meta\": \(value(1, linkItem: false))}" : body
    }
}
