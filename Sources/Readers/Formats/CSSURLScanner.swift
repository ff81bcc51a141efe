/// Finds absolute URLs in CSS: every `url(…)`, every string of an `image-set(…)` and every
/// `@import "…"`, outside comments and other strings, in one linear pass.
enum CSSURLScanner {
    static let quoteEntities = [Array("&quot;".utf8), Array("&#34;".utf8), Array("&#39;".utf8)]

    static func scan(
        _ bytes: [UInt8], _ range: Range<Int>, urlContext: String, importContext: String, into found: inout [AssetURL]
    ) {
        var i = range.lowerBound
        let end = range.upperBound
        while i < end {
            let byte = bytes[i]
            switch byte {
            case 0x2F where i + 1 < end && bytes[i + 1] == 0x2A:  // `/*`
                i += 2
                while i + 1 < end, !(bytes[i] == 0x2A && bytes[i + 1] == 0x2F) { i += 1 }
                i += 2
            case 0x22, 0x27:
                i = stringEnd(bytes, from: i, limit: end).next
            case 0x75, 0x55:
                if startsWord(bytes, at: i, lowerBound: range.lowerBound), matches(bytes, at: i, limit: end, lowercase: "url(") {
                    i = url(bytes, openAt: i + 4, limit: end, context: urlContext, into: &found)
                } else {
                    i += 1
                }
            case 0x69, 0x49:
                // `image-set("a.avif" 1x, url(b.png) 2x)`, also as `-webkit-image-set(`.
                if matches(bytes, at: i, limit: end, lowercase: "image-set("),
                   startsWord(bytes, at: i, lowerBound: range.lowerBound)
                    || (i - 8 >= range.lowerBound && matches(bytes, at: i - 8, limit: end, lowercase: "-webkit-")) {
                    i = imageSet(bytes, openAt: i + 10, limit: end, urlContext: urlContext, into: &found)
                } else {
                    i += 1
                }
            case 0x40 where matches(bytes, at: i + 1, limit: end, lowercase: "import"):
                var j = i + 7
                while j < end, AssetURL.isBlank(bytes[j]) { j += 1 }
                if j < end, bytes[j] == 0x22 || bytes[j] == 0x27 {
                    let string = stringEnd(bytes, from: j, limit: end)
                    if let url = AssetURL(bytes, (j + 1)..<string.contentEnd, context: importContext) { found.append(url) }
                    i = string.next
                } else if matches(bytes, at: j, limit: end, lowercase: "url(") {
                    i = url(bytes, openAt: j + 4, limit: end, context: importContext, into: &found)
                } else {
                    i = j
                }
            default:
                i += 1
            }
        }
    }

    /// Reads the inside of `image-set(` from `openAt` — strings and `url()`s are the images
    /// it may load — returning the index after its `)`.
    private static func imageSet(
        _ bytes: [UInt8], openAt: Int, limit end: Int, urlContext: String, into found: inout [AssetURL]
    ) -> Int {
        let context = urlContext.replacing("url()", with: "image-set()")
        var j = openAt
        var depth = 0
        while j < end {
            switch bytes[j] {
            case 0x22, 0x27:
                let string = stringEnd(bytes, from: j, limit: end)
                // `type("image/avif")` holds a string too, which is no URL.
                if depth == 0, let url = AssetURL(bytes, (j + 1)..<string.contentEnd, context: context) { found.append(url) }
                j = string.next
            case 0x75, 0x55 where startsWord(bytes, at: j, lowerBound: openAt) && matches(bytes, at: j, limit: end, lowercase: "url("):
                j = url(bytes, openAt: j + 4, limit: end, context: context, into: &found)
            case 0x28:
                depth += 1
                j += 1
            case 0x29:
                if depth == 0 { return j + 1 }
                depth -= 1
                j += 1
            case 0x3B, 0x7D:
                // A `;` or `}` first means the `)` is missing.
                return j
            default:
                j += 1
            }
        }
        return j
    }

    /// Reads the inside of `url(` from `openAt`, returning the index after its `)`.
    private static func url(
        _ bytes: [UInt8], openAt: Int, limit end: Int, context: String, into found: inout [AssetURL]
    ) -> Int {
        var j = openAt
        while j < end, AssetURL.isBlank(bytes[j]) { j += 1 }
        if j < end, bytes[j] == 0x22 || bytes[j] == 0x27 {
            let string = stringEnd(bytes, from: j, limit: end)
            if let url = AssetURL(bytes, (j + 1)..<string.contentEnd, context: context) { found.append(url) }
            j = string.next
            while j < end, bytes[j] != 0x29, bytes[j] != 0x3B, bytes[j] != 0x7D { j += 1 }
            return j < end && bytes[j] == 0x29 ? j + 1 : j
        }
        // In a `style` attribute the quotes may be entities: `url(&quot;https://…&quot;)`.
        if let entity = quoteEntities.first(where: { bytes[j..<end].starts(with: $0) }) {
            let start = j + entity.count
            var close = start
            while close < end, bytes[close] != 0x29, !bytes[close..<end].starts(with: entity) { close += 1 }
            if let url = AssetURL(bytes, start..<close, context: context) { found.append(url) }
            j = close
            while j < end, bytes[j] != 0x29 { j += 1 }
            return min(j + 1, end)
        }
        let start = j
        // An unquoted URL ends at `)`; a `;` or `}` first means the `)` is missing.
        while j < end, bytes[j] != 0x29, bytes[j] != 0x3B, bytes[j] != 0x7D, bytes[j] != 0x0A { j += 1 }
        if let url = AssetURL(bytes, start..<j, context: context) { found.append(url) }
        return j < end && bytes[j] == 0x29 ? j + 1 : j
    }

    /// The end of the string opening at `from` (its content's end and the index after it). A
    /// CSS string also ends, unclosed, at a line break.
    static func stringEnd(_ bytes: [UInt8], from: Int, limit end: Int) -> (contentEnd: Int, next: Int) {
        let quote = bytes[from]
        var j = from + 1
        while j < end {
            switch bytes[j] {
            case quote: return (j, j + 1)
            case 0x0A: return (j, j)
            case 0x5C: j += 2
            default: j += 1
            }
        }
        return (end, end)
    }

    /// Whether `bytes` at `index` spell `lowercase` (ASCII, any case).
    static func matches(_ bytes: [UInt8], at index: Int, limit end: Int, lowercase: StaticString) -> Bool {
        let count = lowercase.utf8CodeUnitCount
        guard index + count <= end else { return false }
        return lowercase.withUTF8Buffer { pattern in
            for k in 0..<count where bytes[index + k] | 0x20 != pattern[k] | 0x20 { return false }
            return true
        }
    }

    /// `url(` is a function only when not the tail of a longer name (`myurl(`).
    private static func startsWord(_ bytes: [UInt8], at index: Int, lowerBound: Int) -> Bool {
        guard index > lowerBound else { return true }
        let previous = bytes[index - 1] | 0x20
        return !((0x61...0x7A).contains(previous) || (0x30...0x39).contains(bytes[index - 1]) || bytes[index - 1] == 0x2D
            || bytes[index - 1] == 0x5F)
    }
}
