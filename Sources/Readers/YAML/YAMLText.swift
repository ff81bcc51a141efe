/// Text-level work the YAML loader does before and after Yams: decoding bytes, splitting the
/// stream into documents, and recognising inputs that must not reach the parser.
enum YAMLText {
    /// A problem that stops a file from being read as text at all.
    struct DecodingProblem: Error {
        var summary: String
        var detail: String
        var line: Int
    }

    /// The text of one document (or of a run of lines libyaml will split further) and the
    /// 1-based line of the file where it starts.
    struct Chunk {
        var text: String
        var startLine: Int
    }

    /// Decodes UTF-8, dropping a byte-order mark; anything else is a located problem.
    static func decode(_ bytes: [UInt8]) -> Result<String, DecodingProblem> {
        var body = bytes[...]
        if body.starts(with: [0xEF, 0xBB, 0xBF]) { body = body.dropFirst(3) }
        if body.starts(with: [0xFE, 0xFF]) || body.starts(with: [0xFF, 0xFE]) {
            return .failure(
                DecodingProblem(
                    summary: "file is UTF-16, not UTF-8; it was not read",
                    detail: "save it as UTF-8 (without a byte-order mark)", line: 1))
        }
        // Valid text, the usual case, is checked and copied in one pass; only invalid text is
        // scanned again for where it breaks.
        if let text = String(validating: body, as: UTF8.self) { return .success(text) }
        if let offset = firstInvalidUTF8Offset(body) {
            let line = body[body.startIndex..<offset].reduce(1) { $1 == 0x0A ? $0 + 1 : $0 }
            return .failure(
                DecodingProblem(
                    summary:
                        "file is not valid UTF-8 (byte 0x\(String(body[offset], radix: 16, uppercase: true)) at offset \(offset)); it was not read",
                    detail: "save it as UTF-8; Latin-1 and Windows-1252 text must be converted",
                    line: line))
        }
        return .success(String(decoding: body, as: UTF8.self))
    }

    /// The index of the first byte that does not start or continue a well-formed UTF-8
    /// sequence (overlong forms and surrogates included), or nil when all of it is valid.
    static func firstInvalidUTF8Offset(_ bytes: ArraySlice<UInt8>) -> Int? {
        var i = bytes.startIndex
        let end = bytes.endIndex
        while i < end {
            let lead = bytes[i]
            if lead < 0x80 {
                i += 1
                continue
            }
            let length: Int
            var low: UInt8 = 0x80
            var high: UInt8 = 0xBF
            switch lead {
            case 0xC2...0xDF: length = 2
            case 0xE0:
                length = 3
                low = 0xA0
            case 0xE1...0xEC, 0xEE...0xEF: length = 3
            case 0xED:
                length = 3
                high = 0x9F
            case 0xF0:
                length = 4
                low = 0x90
            case 0xF1...0xF3: length = 4
            case 0xF4:
                length = 4
                high = 0x8F
            default: return i
            }
            guard i + length <= end else { return i }
            if !(low...high).contains(bytes[i + 1]) { return i }
            for k in 2..<max(length, 2) where !(0x80...0xBF).contains(bytes[i + k]) {
                return i
            }
            i += length
        }
        return nil
    }

    /// Splits a stream at lines that start with `---`, as `kubectl` does, so a broken
    /// document cannot stop its neighbours from loading. Directive lines (`%YAML`) stay with
    /// the document they introduce.
    static func documentChunks(of text: String) -> [Chunk] {
        let whole = text
        var text = text
        // On the bytes: a dashboard kept in a ConfigMap is megabytes of lines.
        return text.withUTF8 { bytes in
            var chunks: [Chunk] = []
            var chunkStart = 0
            var chunkLine = 1
            var line = 1
            var lineStart = 0
            // Before a chunk's first `---`: whether only directives, comments and blank lines
            // were seen, and whether a directive was among them.
            var preludeOnly = true
            var preludeHasDirective = false
            func string(_ range: Range<Int>) -> String {
                String(decoding: UnsafeBufferPointer(rebasing: bytes[range]), as: UTF8.self)
            }
            while lineStart < bytes.count {
                let lineEnd = ByteSearch.firstIndex(of: 0x0A, in: bytes, lineStart..<bytes.count) ?? bytes.count
                let content = bytes[lineStart..<lineEnd]
                if isDocumentStart(content) {
                    let keepWithDirectives = preludeOnly && preludeHasDirective
                    if lineStart != chunkStart, !keepWithDirectives {
                        chunks.append(Chunk(text: string(chunkStart..<lineStart), startLine: chunkLine))
                        chunkStart = lineStart
                        chunkLine = line
                    }
                    preludeOnly = false
                    preludeHasDirective = false
                } else if preludeOnly {
                    if let kind = directiveOrBlank(content) {
                        preludeHasDirective = preludeHasDirective || kind == .directive
                    } else {
                        preludeOnly = false
                    }
                }
                guard lineEnd < bytes.count else { break }
                lineStart = lineEnd + 1
                line += 1
            }
            if chunkStart < bytes.count {
                // A file of one document is its own chunk: no copy of megabytes to make.
                chunks.append(Chunk(text: chunkStart == 0 ? whole : string(chunkStart..<bytes.count), startLine: chunkLine))
            }
            return chunks
        }
    }

    private static func isDocumentStart(_ line: Slice<UnsafeBufferPointer<UInt8>>) -> Bool {
        let start = line.startIndex
        guard line.count >= 3, line[start] == 0x2D, line[start + 1] == 0x2D, line[start + 2] == 0x2D else { return false }
        // `---` alone, or followed by a space, tab or CR; `----` is a plain scalar.
        let next = line.count == 3 ? 0x20 : line[start + 3]
        return next == 0x20 || next == 0x09 || next == 0x0D
    }

    enum PreludeLine { case blankOrComment, directive }

    /// Blank lines, comments and `%` directives may precede a document's `---`; nil for
    /// any other line.
    private static func directiveOrBlank(_ line: Slice<UnsafeBufferPointer<UInt8>>) -> PreludeLine? {
        guard let first = line.first(where: { $0 != 0x20 && $0 != 0x09 && $0 != 0x0D }) else { return .blankOrComment }
        if first == 0x23 { return .blankOrComment }
        return line.first == 0x25 ? .directive : nil
    }

    /// Markers found only inside Helm chart templates: the chart's objects and Helm's own
    /// functions. Plain Go template actions (`{{ if }}`, `{{ range }}`, `{{ template "x" }}`)
    /// are left out on purpose: Prometheus and Alertmanager files carry them inside YAML
    /// strings, and such files parse fine.
    static let helmMarkers = [
        ".Values", ".Release.", ".Chart.", ".Capabilities.", ".Files.", ".Template.", "include \"", "toYaml",
        "nindent", "required \"", "tpl ",
    ]

    private static let helmMarkerBytes = helmMarkers.map { Array($0.utf8) }

    /// The offset of the first occurrence of `needle` in `hay`.
    static func firstRange(of needle: [UInt8], in hay: Slice<UnsafeBufferPointer<UInt8>>) -> Int? {
        guard !needle.isEmpty else { return nil }
        return ByteSearch.firstIndex(of: needle, in: hay.base, hay.startIndex..<hay.endIndex)
    }

    /// Whether some line opens with `kind:` (after blanks): the key every Kubernetes object has.
    static func mayDeclareObjects(_ text: String) -> Bool {
        var text = text
        return text.withUTF8 { bytes in
            var start = 0
            while start < bytes.count {
                var index = start
                while index < bytes.count, bytes[index] == 0x20 || bytes[index] == 0x09 || bytes[index] == 0x2D { index += 1 }
                if index + 5 <= bytes.count, bytes[index] == 0x6B, bytes[index + 1] == 0x69, bytes[index + 2] == 0x6E, bytes[index + 3] == 0x64, bytes[index + 4] == 0x3A {
                    return true
                }
                guard let end = bytes[start...].firstIndex(of: 0x0A) else { return false }
                start = end + 1
            }
            return false
        }
    }

    /// The line of the first `{{ … }}` action when the text reads as a Helm template: one
    /// using Helm's objects or functions, or an action alone at the start of a line, where
    /// YAML text cannot be. Other templates are caught when they fail to parse or parse into
    /// a mapping used as a key.
    ///
    /// With `blockScalarsAreData`, an action inside a block scalar (`key: |` and the lines
    /// indented under it) does not count: outside a chart's `templates/`, that is text a
    /// program renders later (a Flux HelmRelease's `extraObjects`, which the chart passes
    /// through `tpl`), in a file that is plain YAML.
    static func helmTemplateLine(in text: String, blockScalarsAreData: Bool = false) -> Int? {
        // Only lines holding `{{` are looked at closely, jumping from one to the next and
        // counting the lines between: dashboards kept in ConfigMaps hold thousands of lines,
        // and `{{` in a few of them.
        var text = text
        return text.withUTF8 { bytes -> Int? in
            var line = 1
            var lineStart = 0
            var counted = 0
            var search = 0
            var blocks = BlockScalars(bytes: bytes)
            while search <= bytes.count, let open = ByteSearch.firstIndex(of: actionOpen, in: bytes, search..<bytes.count) {
                while let newline = ByteSearch.firstIndex(of: 0x0A, in: bytes, counted..<open) {
                    line += 1
                    lineStart = newline + 1
                    counted = newline + 1
                }
                counted = open
                let lineEnd = ByteSearch.firstIndex(of: 0x0A, in: bytes, open..<bytes.count) ?? bytes.count
                // A comment may show template syntax without being a template: a whole-line
                // one, or one after a value. Outside a chart's templates (`quotedIsData`), a
                // quoted scalar is data too: no Helm renders that file.
                if bytes[lineStart..<lineEnd].first(where: { $0 != 0x20 && $0 != 0x09 }) != 0x23,
                   !Self.isCommentOrQuoted(bytes[lineStart..<open], quotedIsData: blockScalarsAreData)
                {
                    let action = bytes[open..<lineEnd]
                    let counts = helmMarkerBytes.contains(where: { marker in Self.firstRange(of: marker, in: action) != nil }) || open == lineStart
                    if counts, !(blockScalarsAreData && blocks.holds(lineAt: lineStart)) { return line }
                }
                // On to the next line: only a line's first `{{` decides.
                search = lineEnd + 1
            }
            return nil
        }
    }

    private static let actionOpen: [UInt8] = [0x7B, 0x7B]

    /// Whether what follows `prefix` (a line up to a `{{`) is in a comment begun on the line (a
    /// `#` after a blank, outside quotes) or, when `quotedIsData`, inside a quoted scalar.
    static func isCommentOrQuoted(_ prefix: Slice<UnsafeBufferPointer<UInt8>>, quotedIsData: Bool) -> Bool {
        var quote: UInt8?
        var previous: UInt8 = 0x20
        var index = prefix.startIndex
        while index < prefix.endIndex {
            let byte = prefix[index]
            switch quote {
            case 0x22?:
                if byte == 0x5C { index += 1 } else if byte == 0x22 { quote = nil }
            case 0x27?:
                // `''` inside single quotes is a quote: the scalar goes on.
                if byte == 0x27 {
                    if index + 1 < prefix.endIndex, prefix[index + 1] == 0x27 { index += 1 } else { quote = nil }
                }
            default:
                if byte == 0x23, previous == 0x20 || previous == 0x09 { return true }
                // A quote opens a scalar only where one can start (after blanks, `:`, `[`, `{`, `,`, `-`).
                if byte == 0x22 || byte == 0x27, [0x20, 0x09, 0x3A, 0x5B, 0x7B, 0x2C, 0x2D].contains(previous) { quote = byte }
            }
            previous = byte
            index += 1
        }
        return quote != nil && quotedIsData
    }

    /// Which lines are the content of a block scalar, worked out going forward through the
    /// text once however many lines are asked about (in order). A header is a line ending in
    /// `|` or `>` (with chomping or indentation indicators) after `:` or `-`; its content is
    /// every following line indented more than the header's key, blank lines included.
    struct BlockScalars {
        let bytes: UnsafeBufferPointer<UInt8>
        /// Where the next line to take in starts.
        private var next = 0
        /// The indentation of the open block's key, when a block is open.
        private var open: Int?

        init(bytes: UnsafeBufferPointer<UInt8>) {
            self.bytes = bytes
        }

        /// Whether the line starting at `start` is block content; `start` at or after the last one asked about.
        mutating func holds(lineAt start: Int) -> Bool {
            while next < start {
                let end = ByteSearch.firstIndex(of: 0x0A, in: bytes, next..<bytes.count) ?? bytes.count
                take(next..<end)
                next = end + 1
            }
            guard let open else { return false }
            let (indent, blank) = Self.indentation(bytes[start..<(ByteSearch.firstIndex(of: 0x0A, in: bytes, start..<bytes.count) ?? bytes.count)])
            return blank || indent > open
        }

        private mutating func take(_ line: Range<Int>) {
            let (indent, blank) = Self.indentation(bytes[line])
            if blank { return }
            if let open, indent > open { return }
            open = nil
            // The header's indicator (`|`, `>-`, `|2+` …) ends the line, or comes before a
            // comment (`key: | # note`).
            var end = line.upperBound
            while end > line.lowerBound, bytes[end - 1] == 0x20 || bytes[end - 1] == 0x09 || bytes[end - 1] == 0x0D { end -= 1 }
            var indicator = self.indicator(endingAt: end, in: line)
            if indicator == nil, let hash = (line.lowerBound..<end).last(where: { bytes[$0] == 0x23 && $0 > line.lowerBound && (bytes[$0 - 1] == 0x20 || bytes[$0 - 1] == 0x09) }) {
                var before = hash
                while before > line.lowerBound, bytes[before - 1] == 0x20 || bytes[before - 1] == 0x09 { before -= 1 }
                indicator = self.indicator(endingAt: before, in: line)
            }
            guard let indicator else { return }
            // The key's column, past the line's blanks and sequence dashes; with no key (`- |`),
            // the last dash's: the content is indented more than that.
            var key = line.lowerBound, dash: Int?
            while key < indicator, bytes[key] == 0x20 || (bytes[key] == 0x2D && bytes[key + 1] == 0x20) {
                if bytes[key] == 0x2D { dash = key }
                key += 1
            }
            open = (key == indicator ? dash ?? key : key) - line.lowerBound
        }

        /// Where a block scalar's indicator is when the text of `line` up to `end` ends with
        /// one: `|` or `>` with its chomping and indentation indicators, after `:` or `-` and
        /// blanks, maybe with a tag or an anchor between (`key: !!str |`, `key: &a >-`).
        private func indicator(endingAt end: Int, in line: Range<Int>) -> Int? {
            var word = end
            while word > line.lowerBound, bytes[word - 1] == 0x2D || bytes[word - 1] == 0x2B || (0x31...0x39).contains(bytes[word - 1]) { word -= 1 }
            guard word > line.lowerBound, bytes[word - 1] == 0x7C || bytes[word - 1] == 0x3E else { return nil }
            let indicator = word - 1
            var before = indicator
            while true {
                let blanksEnd = before
                while before > line.lowerBound, bytes[before - 1] == 0x20 || bytes[before - 1] == 0x09 { before -= 1 }
                guard before < blanksEnd, before > line.lowerBound else { return nil }
                if bytes[before - 1] == 0x3A || bytes[before - 1] == 0x2D { return indicator }
                // A tag or an anchor: a word starting with `!` or `&`.
                var start = before
                while start > line.lowerBound, bytes[start - 1] != 0x20, bytes[start - 1] != 0x09 { start -= 1 }
                guard bytes[start] == 0x21 || bytes[start] == 0x26 else { return nil }
                before = start
            }
        }

        /// The line's leading spaces, and whether it holds nothing but blanks.
        private static func indentation(_ line: Slice<UnsafeBufferPointer<UInt8>>) -> (Int, blank: Bool) {
            let indent = line.prefix { $0 == 0x20 }.count
            return (indent, line.allSatisfy { $0 == 0x20 || $0 == 0x09 || $0 == 0x0D })
        }
    }

    /// The 1-based line of the first `{{` that is neither inside a quoted scalar of its line
    /// nor in a comment: where an unrendered template breaks YAML.
    static func firstUnquotedTemplateLine(in text: String) -> Int? {
        var line = 0
        for content in text.utf8.split(separator: UInt8(ascii: "\n"), omittingEmptySubsequences: false) {
            line += 1
            guard content.count >= 2 else { continue }
            var quote: UInt8?
            var previous: UInt8 = UInt8(ascii: " ")
            var index = content.startIndex
            while index < content.endIndex {
                let byte = content[index]
                if let open = quote {
                    if byte == UInt8(ascii: "\\"), open == UInt8(ascii: "\""), content.index(after: index) < content.endIndex {
                        index = content.index(index, offsetBy: 2)
                        previous = UInt8(ascii: "a")
                        continue
                    }
                    // `"{{ template "name" . }}"`: an action quoting inside a double-quoted
                    // scalar ends the scalar, so it is the template that breaks the YAML.
                    if byte == UInt8(ascii: "{"), previous == UInt8(ascii: "{"), open == UInt8(ascii: "\"") {
                        let action = Self.action(content[content.index(after: index)...])
                        if action.quotes { return line }
                        // On after the action, once: a line of braces stays one pass.
                        index = action.end
                        previous = UInt8(ascii: "}")
                        continue
                    }
                    if byte == open { quote = nil }
                } else if byte == UInt8(ascii: "#"), previous == UInt8(ascii: " ") || previous == UInt8(ascii: "\t") {
                    break
                } else if byte == UInt8(ascii: "{"), previous == UInt8(ascii: "{") {
                    return line
                } else if (byte == UInt8(ascii: "\"") || byte == UInt8(ascii: "'")),
                          [UInt8(ascii: " "), UInt8(ascii: "\t"), UInt8(ascii: ":"), UInt8(ascii: "["), UInt8(ascii: ","), UInt8(ascii: "-")].contains(previous) {
                    // A quote opens a scalar only where a scalar may start.
                    quote = byte
                }
                previous = byte
                index = content.index(after: index)
            }
        }
        return nil
    }

    /// Whether the rest of an action (what follows its `{{`) holds a `"` before its `}}`, and
    /// where the action ends (past its `}}`, or the end of the line).
    private static func action(_ rest: Substring.UTF8View.SubSequence) -> (quotes: Bool, end: Substring.UTF8View.Index) {
        var previous: UInt8 = 0
        var index = rest.startIndex
        while index < rest.endIndex {
            let byte = rest[index]
            index = rest.index(after: index)
            if byte == UInt8(ascii: "}"), previous == UInt8(ascii: "}") { return (false, index) }
            if byte == UInt8(ascii: "\""), previous != UInt8(ascii: "\\") { return (true, index) }
            previous = byte
        }
        return (false, rest.endIndex)
    }

    /// 1-based line of the first line containing `needle`.
    static func firstLine(containing needle: String, in text: String) -> Int? {
        var line = 0
        for content in text.split(separator: "\n", omittingEmptySubsequences: false) {
            line += 1
            if content.contains(needle) { return line }
        }
        return nil
    }

    /// 1-based line holding the character at `offset` (counted in `Character`s).
    static func line(atCharacterOffset offset: Int, in text: String) -> Int {
        var line = 1
        for (i, character) in text.enumerated() {
            if i >= offset { break }
            if character == "\n" || character == "\r\n" { line += 1 }
        }
        return line
    }

    /// Whether 1-based `line` of `text` has a tab in its leading whitespace.
    static func lineIndentsWithTab(_ line: Int, in text: String) -> Bool {
        let lines = text.split(separator: "\n", maxSplits: line, omittingEmptySubsequences: false)
        guard line >= 1, line <= lines.count else { return false }
        return lines[line - 1].prefix { $0 == " " || $0 == "\t" }.contains("\t")
    }

    /// The line of the second occurrence of a mapping key first seen at (`afterLine`,
    /// `column`): the next line with the same key at the same column.
    /// The text with the mapping key starting at `line` and `column` (1-based) renamed by
    /// putting `prefix` before its first character (inside its quotes, for a quoted key); nil
    /// when there is no such place.
    static func renamingKey(atLine line: Int, column: Int, in text: String, prefix: String) -> String? {
        // Lines end at `\n` (a `\r` before it stays with its line) and columns count Unicode
        // scalars, as libyaml's marks do.
        let scalars = Array(text.unicodeScalars)
        var lineStart = 0, current = 1
        while current < line {
            guard let newline = scalars[lineStart...].firstIndex(of: "\n") else { return nil }
            lineStart = newline + 1
            current += 1
        }
        var index = lineStart + column - 1
        guard column >= 1, index < scalars.count, !scalars[lineStart..<index].contains("\n") else { return nil }
        if scalars[index] == "\"" || scalars[index] == "'" { index += 1 }
        var result = String.UnicodeScalarView()
        result.append(contentsOf: scalars[..<index])
        result.append(contentsOf: prefix.unicodeScalars)
        result.append(contentsOf: scalars[index...])
        return String(result)
    }

    static func repeatedKeyLine(key: String, afterLine: Int, column: Int, in text: String) -> Int? {
        let lines = text.split(separator: "\n", omittingEmptySubsequences: false)
        guard afterLine >= 1, afterLine < lines.count else { return nil }
        let spellings = [key, "\"\(key)\"", "'\(key)'"]
        for index in afterLine..<lines.count {
            let content = lines[index]
            guard content.count >= column else { continue }
            let rest = content.dropFirst(column - 1)
            for spelling in spellings where rest.hasPrefix(spelling) {
                if rest.dropFirst(spelling.count).drop(while: { $0 == " " }).hasPrefix(":") { return index + 1 }
            }
        }
        return nil
    }

    /// An alias used as a mapping key (`*a: x` or `? *a`) for an anchor defined in the text.
    /// Yams hashes keys to find duplicates, and hashing an aliased collection walks its full
    /// expansion, so such a document must not reach the parser.
    static func aliasUsedAsKey(in text: String) -> (name: String, line: Int)? {
        guard YAMLText.contains(text, "*"), YAMLText.contains(text, "&") else { return nil }
        // On the bytes: every character the check looks for is ASCII, and manifests with
        // `*` and `&` in their strings (PromQL, shell) are large.
        let bytes = Array(text.utf8)
        let anchors = anchorNames(in: bytes)
        guard !anchors.isEmpty else { return nil }
        var line = 1
        var lineStart = 0
        for index in bytes.indices {
            if bytes[index] == 0x0A {
                line += 1
                lineStart = index + 1
                continue
            }
            guard bytes[index] == 0x2A else { continue }
            let previous = index > lineStart ? bytes[index - 1] : 0x20
            guard Self.aliasMayFollow(previous) else { continue }
            var nameEnd = index + 1
            while nameEnd < bytes.count, bytes[nameEnd] != 0x0A, !Self.endsAliasName(bytes[nameEnd]) { nameEnd += 1 }
            guard nameEnd > index + 1, anchors.contains(bytes[(index + 1)..<nameEnd]) else { continue }
            var after = nameEnd
            while after < bytes.count, bytes[after] == 0x20 || bytes[after] == 0x09 { after += 1 }
            let next = after + 1 < bytes.count && bytes[after + 1] != 0x0A ? bytes[after + 1] : 0x20
            let colonFollows = after < bytes.count && bytes[after] == 0x3A && [0x20, 0x09, 0x0D, 0x2C, 0x7D, 0x5D].contains(next)
            var before = index - 1
            while before >= lineStart, bytes[before] == 0x20 || bytes[before] == 0x09 { before -= 1 }
            let questionPrecedes = before >= lineStart && bytes[before] == 0x3F
            if colonFollows || questionPrecedes {
                return (String(decoding: bytes[(index + 1)..<nameEnd], as: UTF8.self), line)
            }
        }
        return nil
    }

    /// Bytes after which `*` starts an alias: space, tab, `{`, `[`, `,`, `?`.
    private static func aliasMayFollow(_ byte: UInt8) -> Bool {
        [0x20, 0x09, 0x7B, 0x5B, 0x2C, 0x3F].contains(byte)
    }

    /// Bytes that end an alias name: space, tab, CR, `,`, `[`, `]`, `{`, `}`, `:`.
    private static func endsAliasName(_ byte: UInt8) -> Bool {
        [0x20, 0x09, 0x0D, 0x2C, 0x5B, 0x5D, 0x7B, 0x7D, 0x3A].contains(byte)
    }

    /// Every `&name` in the text, collected once so checking an alias costs a set look-up.
    static func anchorNames(in bytes: [UInt8]) -> Set<ArraySlice<UInt8>> {
        var names = Set<ArraySlice<UInt8>>()
        var index = 0
        while index < bytes.count {
            guard bytes[index] == 0x26 else {
                index += 1
                continue
            }
            var end = index + 1
            while end < bytes.count, bytes[end] != 0x0A, !Self.endsAliasName(bytes[end]) { end += 1 }
            if end > index + 1 { names.insert(bytes[(index + 1)..<end]) }
            index = end
        }
        return names
    }

    /// Whether `text` contains `needle`, compared as UTF-8 bytes. Foundation's `contains`
    /// converts to UTF-16 and the standard library's generic search is unspecialised here; both
    /// dominated loading large manifests.
    static func contains(_ text: String, _ needle: StaticString) -> Bool {
        var text = text
        return text.withUTF8 { hay in
            needle.withUTF8Buffer { ByteSearch.firstIndex(of: $0, in: hay, 0..<hay.count) != nil }
        }
    }
}
