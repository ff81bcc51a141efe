/// Finds the absolute URLs an HTML page loads, tag by tag, in one linear pass.
///
/// Reads `src` on any element, every `srcset` candidate, `<video poster>`, `<link href>` for
/// stylesheets and preloads, `<base href>`, `<object data>`, SVG `<image href>`, a meta
/// refresh's URL, inline `<style>` and `style="…"` CSS, the URLs of an import map and the
/// static and dynamic `import`s of an inline module script. Links (`<a href>`) and hints
/// (`preconnect`, `icon`) are not loaded to show the page. Comments, classic `<script>` bodies
/// and end tags are skipped; an unclosed comment or quote runs to the end of the file, as it
/// does in a browser.
struct HTMLURLScanner {
    let bytes: [UInt8]
    private(set) var found: [AssetURL] = []
    /// Whether an `<svg>` or `<math>` has opened before: inside those a `title` or `textarea`
    /// holds markup, so once one has, none is skipped as text (end tags are not followed).
    private var sawForeignContent = false

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
            let close = closingTag("script", from: afterTag)
            let body = afterTag..<(close.isEmpty ? end : close.lowerBound)
            // Only a script without `src` runs its body.
            // A browser keeps the first of an attribute written twice.
            if !attributes.contains(where: { $0.name == "src" }), let type = attributes.first(where: { $0.name == "type" }) {
                switch String(decoding: bytes[type.value], as: UTF8.self).trimmingBlanks().lowercased() {
                case "importmap": importMap(body)
                case "module": moduleImports(body)
                default: break
                }
            }
            return index(after: close, from: afterTag)
        case "style":
            let close = closingTag("style", from: afterTag)
            let bodyEnd = close.isEmpty ? end : close.lowerBound
            CSSURLScanner.scan(bytes, afterTag..<bodyEnd, urlContext: "<style> url()", importContext: "<style> @import", into: &found)
            return bodyEnd
        case "svg", "math":
            sawForeignContent = true
            return afterTag
        case "textarea", "title", "xmp", "iframe", "noembed", "noframes":
            // Text, not markup, to a browser: an `<img>` written in a textarea is shown as
            // text, never loaded.
            guard !sawForeignContent else { return afterTag }
            let close = closingTag(name, from: afterTag)
            return index(after: close, from: afterTag)
        default:
            return afterTag
        }
    }

    private mutating func record(_ tag: String, _ attributes: [Attribute]) {
        // Read once per tag: a tag with thousands of attributes must not cost their square.
        let relations = tag == "link" ? linkRelations(attributes) : []
        let refreshes = tag == "meta" && attributes.first(where: { $0.name == "http-equiv" }).map {
            String(decoding: bytes[$0.value], as: UTF8.self).trimmingBlanks().lowercased() == "refresh"
        } == true
        for attribute in attributes {
            switch attribute.name {
            case "src", "poster":
                add(attribute.value, context: "<\(tag) \(attribute.name)>")
            case "srcset", "imagesrcset":
                candidates(attribute.value, context: "<\(tag) \(attribute.name)>")
            case "data" where tag == "object":
                add(attribute.value, context: "<object data>")
            case "href" where tag == "image", "xlink:href" where tag == "image":
                // SVG's `<image>`; HTML's `<image>` is `<img>`, whose `src` is read above.
                add(attribute.value, context: "<image \(attribute.name)>")
            case "content" where refreshes:
                refreshURL(attribute.value)
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

    /// `<meta http-equiv=refresh content="0; url=https://…">` (or `content="0; https://…"`,
    /// as the HTML standard also reads it): the page loads the URL in its place.
    private mutating func refreshURL(_ range: Range<Int>) {
        var i = range.lowerBound
        let end0 = range.upperBound
        // The delay, then `;` or `,`, then the URL, with an optional `url=` before it.
        while i < end0, Self.isBlank(bytes[i]) || (0x30...0x39).contains(bytes[i]) || bytes[i] == 0x2E { i += 1 }
        guard i < end0, bytes[i] == 0x3B || bytes[i] == 0x2C else { return }
        i += 1
        while i < end0, Self.isBlank(bytes[i]) { i += 1 }
        if CSSURLScanner.matches(bytes, at: i, limit: end0, lowercase: "url") {
            var j = i + 3
            while j < end0, Self.isBlank(bytes[j]) { j += 1 }
            if j < end0, bytes[j] == 0x3D {
                i = j + 1
                while i < end0, Self.isBlank(bytes[i]) { i += 1 }
            }
        }
        var end = range.upperBound
        if i < end, bytes[i] == 0x22 || bytes[i] == 0x27 {
            let quote = bytes[i]
            i += 1
            end = bytes[i..<end].firstIndex(of: quote) ?? end
        }
        add(i..<end, context: "<meta refresh>")
    }

    /// An import map's URLs: the values of its JSON (`"react": "https://esm.sh/react@18"`),
    /// which the page's modules load; keys are names and prefixes to map, never loaded.
    private mutating func importMap(_ body: Range<Int>) {
        var i = body.lowerBound
        while i < body.upperBound {
            guard bytes[i] == 0x22 else {
                i += 1
                continue
            }
            let string = CSSURLScanner.stringEnd(bytes, from: i, limit: body.upperBound)
            var next = string.next
            while next < body.upperBound, Self.isBlank(bytes[next]) { next += 1 }
            if next >= body.upperBound || bytes[next] != 0x3A {
                add((i + 1)..<string.contentEnd, context: "<script type=importmap>")
            }
            i = max(string.next, i + 1)
        }
    }

    /// The modules an inline module script imports: `import … from "…"`, `import "…"`,
    /// `export … from "…"` and `import("…")`, outside its comments and other strings.
    private mutating func moduleImports(_ body: Range<Int>) {
        var i = body.lowerBound
        let end = body.upperBound
        while i < end {
            let byte = bytes[i]
            if byte == 0x2F, i + 1 < end, bytes[i + 1] == 0x2F {  // `//`
                while i < end, bytes[i] != 0x0A { i += 1 }
            } else if byte == 0x2F, i + 1 < end, bytes[i + 1] == 0x2A {  // `/*`
                i += 2
                while i + 1 < end, !(bytes[i] == 0x2A && bytes[i + 1] == 0x2F) { i += 1 }
                i += 2
            } else if byte == 0x22 || byte == 0x27 || byte == 0x60 {
                i = Self.scriptStringEnd(bytes, from: i, limit: end)
            } else if Self.isLetter(byte) || byte == 0x5F || byte == 0x24 {
                let start = i
                while i < end, Self.isLetter(bytes[i]) || (0x30...0x39).contains(bytes[i]) || bytes[i] == 0x5F || bytes[i] == 0x24 { i += 1 }
                let word = bytes[start..<i]
                let afterDot = start > body.lowerBound && bytes[start - 1] == 0x2E
                guard !afterDot, word.elementsEqual("import".utf8) || word.elementsEqual("from".utf8) else { continue }
                var j = i
                while j < end, Self.isBlank(bytes[j]) { j += 1 }
                if word.elementsEqual("import".utf8), j < end, bytes[j] == 0x28 {  // `import(`
                    j += 1
                    while j < end, Self.isBlank(bytes[j]) { j += 1 }
                }
                guard j < end, bytes[j] == 0x22 || bytes[j] == 0x27 || bytes[j] == 0x60 else { continue }
                let close = Self.scriptStringEnd(bytes, from: j, limit: end)
                add((j + 1)..<max(j + 1, close - 1), context: "<script type=module> import")
                i = close
            } else {
                i += 1
            }
        }
    }

    /// The index after a script string opening at `from` (a quote or backquote, with
    /// backslash escapes); the end when it is never closed.
    static func scriptStringEnd(_ bytes: [UInt8], from: Int, limit end: Int) -> Int {
        let quote = bytes[from]
        var j = from + 1
        while j < end {
            if bytes[j] == quote { return j + 1 }
            j += bytes[j] == 0x5C ? 2 : 1
        }
        return end
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
