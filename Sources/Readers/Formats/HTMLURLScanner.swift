/// Finds the absolute URLs an HTML page loads, tag by tag, in one linear pass.
///
/// Reads `src` on any element, every `srcset` candidate, `<video poster>`, `<link href>` for
/// stylesheets and preloads, `<base href>`, inline `<style>` and `style="…"` CSS. Links
/// (`<a href>`) and hints (`preconnect`, `icon`) are not loaded to show the page. Comments,
/// `<script>` bodies and end tags are skipped; an unclosed comment or quote runs to the end of
/// the file, as it does in a browser.
struct HTMLURLScanner {
    let bytes: [UInt8]
    private(set) var found: [AssetURL] = []

    init(bytes: [UInt8]) {
        self.bytes = bytes
    }

    /// `<link rel>` values whose `href` the page loads to render.
    static let loadedLinkRelations: Set<String> = ["stylesheet", "preload", "modulepreload"]

    private struct Attribute {
        var name: String
        var value: Range<Int>
    }

    mutating func scan() {
        var i = 0
        let end = bytes.count
        while i < end {
            guard bytes[i] == 0x3C else {  // '<'
                i += 1
                continue
            }
            if CSSURLScanner.matches(bytes, at: i, limit: end, lowercase: "<!--") {
                i = index(after: Array("-->".utf8), from: i + 4)
            } else if i + 1 < end, bytes[i + 1] == 0x21 || bytes[i + 1] == 0x3F || bytes[i + 1] == 0x2F {  // <! <? </
                i = index(after: [0x3E], from: i + 2)
            } else if i + 1 < end, Self.isLetter(bytes[i + 1]) {
                i = tag(at: i + 1)
            } else {
                i += 1
            }
        }
    }

    /// Reads the tag whose name starts at `start`, records its URLs, and returns where
    /// scanning goes on (after the element's raw text for `<script>` and `<style>`).
    private mutating func tag(at start: Int) -> Int {
        let end = bytes.count
        var i = start
        while i < end, !Self.isBlank(bytes[i]), bytes[i] != 0x3E, bytes[i] != 0x2F { i += 1 }
        let name = String(decoding: bytes[start..<i], as: UTF8.self).lowercased()
        var attributes: [Attribute] = []
        while i < end {
            while i < end, Self.isBlank(bytes[i]) || bytes[i] == 0x2F { i += 1 }
            guard i < end, bytes[i] != 0x3E else { break }
            let nameStart = i
            i += 1
            while i < end, !Self.isBlank(bytes[i]), bytes[i] != 0x3E, bytes[i] != 0x3D, bytes[i] != 0x2F { i += 1 }
            let attributeName = String(decoding: bytes[nameStart..<i], as: UTF8.self).lowercased()
            var j = i
            while j < end, Self.isBlank(bytes[j]) { j += 1 }
            guard j < end, bytes[j] == 0x3D else {
                attributes.append(Attribute(name: attributeName, value: i..<i))
                continue
            }
            j += 1
            while j < end, Self.isBlank(bytes[j]) { j += 1 }
            if j < end, bytes[j] == 0x22 || bytes[j] == 0x27 {
                let quote = bytes[j]
                var k = j + 1
                while k < end, bytes[k] != quote { k += 1 }
                attributes.append(Attribute(name: attributeName, value: (j + 1)..<k))
                i = min(k + 1, end)
            } else {
                var k = j
                while k < end, !Self.isBlank(bytes[k]), bytes[k] != 0x3E { k += 1 }
                attributes.append(Attribute(name: attributeName, value: j..<k))
                i = k
            }
        }
        let afterTag = min(i + 1, end)
        record(name, attributes)
        switch name {
        case "script":
            return index(after: closingTag("script", from: afterTag), from: afterTag)
        case "style":
            let close = closingTag("style", from: afterTag)
            let bodyEnd = close.isEmpty ? end : close.lowerBound
            CSSURLScanner.scan(bytes, afterTag..<bodyEnd, urlContext: "<style> url()", importContext: "<style> @import", into: &found)
            return bodyEnd
        default:
            return afterTag
        }
    }

    private mutating func record(_ tag: String, _ attributes: [Attribute]) {
        // Read once per tag: a tag with thousands of attributes must not cost their square.
        let relations = tag == "link" ? linkRelations(attributes) : []
        for attribute in attributes {
            switch attribute.name {
            case "src", "poster":
                add(attribute.value, context: "<\(tag) \(attribute.name)>")
            case "srcset", "imagesrcset":
                candidates(attribute.value, context: "<\(tag) \(attribute.name)>")
            case "href" where tag == "base":
                // Every relative URL of the page then loads from this host.
                add(attribute.value, context: "<base href>")
            case "href" where tag == "link":
                if let relation = relations.first(where: { Self.loadedLinkRelations.contains(String($0)) }) {
                    add(attribute.value, context: "<link rel=\(relation)>")
                }
            case "style":
                CSSURLScanner.scan(bytes, attribute.value, urlContext: "style url()", importContext: "style @import", into: &found)
            default:
                continue
            }
        }
    }

    private func linkRelations(_ attributes: [Attribute]) -> [Substring] {
        guard let rel = attributes.last(where: { $0.name == "rel" }) else { return [] }
        return String(decoding: bytes[rel.value], as: UTF8.self).lowercased().split { $0 == " " || $0 == "\t" || $0 == "\n" }
    }

    private mutating func add(_ range: Range<Int>, context: String) {
        if let url = AssetURL(bytes, range, context: context) { found.append(url) }
    }

    /// Every URL of a `srcset`: comma-separated candidates, each a URL and descriptors.
    private mutating func candidates(_ range: Range<Int>, context: String) {
        var i = range.lowerBound
        let end = range.upperBound
        while i < end {
            while i < end, Self.isBlank(bytes[i]) || bytes[i] == 0x2C { i += 1 }
            let start = i
            while i < end, !Self.isBlank(bytes[i]) { i += 1 }
            var urlEnd = i
            var commaEnded = false
            while urlEnd > start, bytes[urlEnd - 1] == 0x2C {
                urlEnd -= 1
                commaEnded = true
            }
            if urlEnd > start { add(start..<urlEnd, context: context) }
            if !commaEnded {
                // Descriptors (`2x`, `480w`) run to the next comma.
                while i < end, bytes[i] != 0x2C { i += 1 }
            }
        }
    }

    /// The index just past the first `pattern` at or after `from`, or the end of the bytes.
    private func index(after pattern: [UInt8], from: Int) -> Int {
        let range = find(pattern, from: from)
        return range.isEmpty ? bytes.count : range.upperBound
    }

    private func index(after range: Range<Int>, from: Int) -> Int {
        guard !range.isEmpty else { return bytes.count }
        return self.index(after: [0x3E], from: range.upperBound)
    }

    private func find(_ pattern: [UInt8], from: Int) -> Range<Int> {
        guard let first = pattern.first, pattern.count <= bytes.count else { return bytes.count..<bytes.count }
        var i = from
        let last = bytes.count - pattern.count
        while i <= last {
            if bytes[i] == first, bytes[i..<(i + pattern.count)].elementsEqual(pattern) {
                return i..<(i + pattern.count)
            }
            i += 1
        }
        return bytes.count..<bytes.count
    }

    /// The range of `</name` (any case) at or after `from`; empty when there is none.
    private func closingTag(_ name: String, from: Int) -> Range<Int> {
        let pattern = Array("</\(name)".utf8)
        var i = from
        let last = bytes.count - pattern.count
        while i <= last {
            if bytes[i] == 0x3C, bytes[i + 1] == 0x2F,
                (0..<(pattern.count - 2)).allSatisfy({ bytes[i + 2 + $0] | 0x20 == pattern[2 + $0] })
            {
                return i..<(i + pattern.count)
            }
            i += 1
        }
        return bytes.count..<bytes.count
    }

    static func isBlank(_ byte: UInt8) -> Bool { AssetURL.isBlank(byte) }

    static func isLetter(_ byte: UInt8) -> Bool { (0x61...0x7A).contains(byte | 0x20) }
}
