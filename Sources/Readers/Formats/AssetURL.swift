/// An absolute URL found in HTML or CSS, at a byte offset of the file.
struct AssetURL: Hashable, Sendable {
    var offset: Int
    var text: String
    var context: String

    /// Makes the URL of `bytes[range]` when it is absolute: `http:`, `https:` or
    /// protocol-relative `//host/…`. Surrounding blanks go and `&amp;` is decoded, since both
    /// are how HTML spells a URL, not part of it.
    init?(_ bytes: [UInt8], _ range: Range<Int>, context: String) {
        var start = range.lowerBound
        var end = range.upperBound
        while start < end, Self.isBlank(bytes[start]) { start += 1 }
        while end > start, Self.isBlank(bytes[end - 1]) { end -= 1 }
        guard Self.isAbsolute(bytes[start..<end]) else { return nil }
        // Markup or a line break inside means a quote was never closed: not a URL.
        guard !bytes[start..<end].contains(where: { $0 == 0x3C || $0 == 0x3E || $0 == 0x0A }) else { return nil }
        var text = String(decoding: bytes[start..<end], as: UTF8.self)
        if text.contains("&amp;") { text = text.replacing("&amp;", with: "&") }
        self.offset = start
        self.text = text
        self.context = context
    }

    static func isBlank(_ byte: UInt8) -> Bool {
        byte == 0x20 || byte == 0x09 || byte == 0x0A || byte == 0x0D || byte == 0x0C
    }

    private static let http = Array("http://".utf8)
    private static let https = Array("https://".utf8)

    static func isAbsolute(_ url: ArraySlice<UInt8>) -> Bool {
        let lower = url.prefix(8).map { $0 | 0x20 }
        if lower.starts(with: http) || lower.starts(with: https) {
            return url.count > (lower[4] == 0x73 ? 8 : 7)
        }
        // `//host/path`, but not `///path`, which has no host.
        let start = url.startIndex
        return url.count > 2 && url[start] == 0x2F && url[start + 1] == 0x2F && url[start + 2] != 0x2F
    }
}
