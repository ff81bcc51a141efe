/// Finds strings worth classifying in free text: an environment value, a config line, an
/// HTML attribute, a shell command.
///
/// Candidates are URLs with a scheme (`https://`, `s3://`, `gs://`, `jdbc:postgresql://`),
/// ARNs, and bare host names with an optional port and path (`db.abc.us-east-1.rds.amazonaws.com:5432`).
/// Order of appearance is kept and repeats are dropped. Nothing is classified here.
public enum EndpointExtractor {
    /// Bytes that end a token in prose, quoting and markup: space, tab, CR, LF and
    /// `"'`<>()[]{},;|\`. All are ASCII, so text is split on its UTF-8 bytes (a CRLF pair
    /// splits like two line breaks).
    static func isDelimiter(_ byte: UInt8) -> Bool {
        switch byte {
        case 0x20, 0x09, 0x0D, 0x0A, 0x22, 0x27, 0x60, 0x3C, 0x3E, 0x28, 0x29, 0x5B, 0x5D, 0x7B, 0x7D, 0x2C, 0x3B, 0x7C, 0x5C: true
        default: false
        }
    }

    /// Candidate URLs, ARNs and hosts in `text`, in order, without repeats; none from an SSH
    /// known_hosts line (see ``hostKeyLines(in:)``).
    public static func candidates(in text: some StringProtocol) -> [String] {
        var seen = Set<String>()
        var found: [String] = []
        let whole = Substring(text)
        let hostKeys = hostKeyLines(in: whole)
        for rawToken in whole.split(onASCII: isDelimiter) {
            if !hostKeys.isEmpty, hostKeys.contains(where: { $0.contains(rawToken.startIndex) }) { continue }
            guard let candidate = candidate(in: Substring(rawToken)), !isHyperlink(rawToken, in: whole),
                  seen.insert(candidate).inserted else { continue }
            found.append(candidate)
        }
        return found
    }

    /// Whether the `[…]` that `text` ends with opens with `![`: a Markdown image, which the
    /// page showing it loads. The text is looked for on its line, at most 512 bytes back.
    static func isMarkdownImage(_ text: Substring.UTF8View.SubSequence) -> Bool {
        var depth = 0
        var index = text.endIndex
        var steps = 0
        while index > text.startIndex, steps < 512 {
            index = text.index(before: index)
            steps += 1
            switch text[index] {
            case 0x0A: return false
            case 0x5D: depth += 1
            case 0x5B:
                guard depth == 0 else { depth -= 1; continue }
                return index > text.startIndex && text[text.index(before: index)] == 0x21
            default: continue
            }
        }
        return false
    }

    /// Whether a token is the target of a link a reader follows, which nothing loads: a
    /// Markdown link's `](…)` (a dashboard's text panel, a description) or an HTML `<a href>`
    /// (HTML kept in a value, escaped or not). `<link href>` and `<script src>` stay loads;
    /// so does a Markdown image's `![…](…)`.
    static func isHyperlink(_ token: Substring, in text: Substring) -> Bool {
        let before = text.utf8[..<token.startIndex]
        if before.count >= 2, before.suffix(2).elementsEqual("](".utf8) { return !isMarkdownImage(before.dropLast(2)) }
        // `href=`, then quotes or JSON's backslashes, inside an `<a` tag opened at most 256 bytes back.
        var end = before.endIndex
        while end > before.startIndex, [0x22, 0x27, 0x5C].contains(before[before.index(before: end)]) { end = before.index(before: end) }
        let attribute = before[..<end].suffix(5)
        guard attribute.count == 5, attribute.elementsEqual("href=".utf8) || attribute.map({ $0 | 0x20 }).elementsEqual("href=".utf8) else {
            return false
        }
        let window = before[..<end].suffix(256)
        guard let open = window.lastIndex(of: 0x3C) else { return false }
        let name = window[window.index(after: open)...].prefix { $0 != 0x20 && $0 != 0x09 && $0 != 0x0A && $0 != 0x3E }
        return name.count == 1 && name.first.map { $0 | 0x20 } == 0x61
    }

    /// The candidate inside one token, if it holds one.
    static func candidate(in rawToken: Substring) -> String? {
        var token = rawToken
        // `KEY=value` and `--flag=value`: the value starts after the first `=` that comes
        // before any scheme, so a URL's own query string (`?a=b`) stays whole.
        if let equals = token.firstIndex(of: "="), token.firstRange(ofASCII: "://").map({ equals < $0.lowerBound }) ?? true {
            token = token[token.index(after: equals)...]
        }
        // Sentence punctuation after a URL is not part of it.
        while let last = token.last, ".,:;!?".contains(last) { token = token.dropLast() }
        guard token.count >= 4 else { return nil }
        if let arn = token.firstRange(ofASCII: "arn:"),
            arn.lowerBound == token.startIndex || token[token.index(before: arn.lowerBound)] == ":"
        {
            let value = token[arn.lowerBound...]
            return value.split(separator: ":", omittingEmptySubsequences: false).count >= 6 ? String(value) : nil
        }
        if let separator = token.firstRange(ofASCII: "://") {
            // Keep the scheme (letters, digits, `+.-`) and drop wrappers such as `jdbc:` or `url(`.
            let schemeStart =
                token[..<separator.lowerBound].lastIndex { !($0.isLetter || $0.isNumber || "+.-".contains($0)) }
                .map { token.index(after: $0) } ?? token.startIndex
            let scheme = token[schemeStart..<separator.lowerBound]
            let rest = token[separator.upperBound...]
            guard !scheme.isEmpty, !rest.isEmpty else { return nil }
            return String(token[schemeStart...])
        }
        // A protocol-relative URL (`//cdn.example.com/app.js`, as pages and stylesheets load
        // assets) names its host after the slashes.
        if token.hasPrefix("//"), token.dropFirst(2).first != "/" { token = token.dropFirst(2) }
        // A bare host: dotted labels ending in an alphabetic top-level label, then an
        // optional port and path.
        let hostEnd = token.firstIndex { $0 == "/" || $0 == ":" } ?? token.endIndex
        let host = token[..<hostEnd]
        let labels = host.split(separator: ".", omittingEmptySubsequences: false)
        guard labels.count >= 2, labels.allSatisfy(HostName.isLabel), let top = labels.last, top.count >= 2,
            top.allSatisfy(\.isLetter), host.contains(where: \.isLetter)
        else { return nil }
        // File names (`app.yaml`, `index.html`) have the shape of a host.
        if labels.count == 2, fileExtensions.contains(top.lowercased()) { return nil }
        return String(token)
    }

    /// Extensions that, as the last label of a two-label name, mean a file rather than a host.
    static let fileExtensions: Set<String> = [
        "yaml", "yml", "json", "tf", "hcl", "md", "txt", "html", "htm", "js", "css", "sh", "py", "go", "swift",
        "conf", "cfg", "ini", "toml", "xml", "lock", "log", "png", "jpg", "svg", "tpl", "env", "key", "pem", "crt",
    ]
}
