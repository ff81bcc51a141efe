/// A parser for the plain, block-structured YAML that configuration repositories are mostly
/// made of: block mappings and sequences (compact and indentless forms included), one-line
/// plain and quoted scalars, literal and folded block scalars, and one-line flow collections.
///
/// It answers only when it is sure. Anything outside that subset — anchors, aliases, tags,
/// merge keys, multi-line plain or quoted scalars, tabs outside block scalars, carriage
/// returns, duplicate keys, anything libyaml would reject — makes it give up (nil), and the
/// loader hands the chunk to Yams, which then decides and reports. So every document it does
/// return is the tree Yams would have built, marks included (`YAMLBlockParserTests` check this
/// against Yams on generated and damaged documents). It exists for speed: building Yams' node
/// tree costs several times more than building `YAMLNode`s straight from the bytes.
struct YAMLBlockParser {
    /// Thrown to give up; never escapes `parse`.
    struct Unsupported: Error {}

    /// The tag Yams reports on quoted and block scalars (libyaml marks them "quoted implicit")
    /// and on plain mapping keys (resolved to a string when it checks keys for duplicates).
    static let stringTag = "tag:yaml.org,2002:str"

    private let bytes: UnsafeBufferPointer<UInt8>
    private let lineOffset: Int
    private var pos = 0
    /// 1-based line of `lineStart` within the chunk.
    private var line = 1
    private var lineStart = 0
    private var depth = 0
    /// The last column computed on the current line, so marks along a long line are counted once.
    private var markLineStart = -1
    private var markIndex = 0
    private var markColumn = 1

    private init(bytes: UnsafeBufferPointer<UInt8>, lineOffset: Int) {
        self.bytes = bytes
        self.lineOffset = lineOffset
    }

    /// The documents of one `---`-delimited chunk (none or one), or nil when the chunk is not
    /// in the subset this parser is sure of.
    static func parse(_ text: String, lineOffset: Int) -> [YAMLNode]? {
        var text = text
        // Read in place: chunks of dashboards kept in ConfigMaps are megabytes.
        return text.withUTF8 { bytes -> [YAMLNode]? in
            guard hasOnlyPlainCharacters(bytes) else { return nil }
            var parser = YAMLBlockParser(bytes: bytes, lineOffset: lineOffset)
            return try? parser.document()
        }
    }

    /// False for carriage returns, control characters, byte-order marks, non-characters and the
    /// Unicode line breaks YAML 1.1 also honours (NEL, LS, PS): Yams deals with those.
    static func hasOnlyPlainCharacters(_ bytes: UnsafeBufferPointer<UInt8>) -> Bool {
        var index = 0
        let count = bytes.count
        while index < count {
            // Eight bytes at once when all are printable ASCII (0x20–0x7E), which the byte
            // checks pass without a look: no high bit set, no byte below 0x20 (exact for the
            // word once the high bits are clear), none equal to 0x7F. Otherwise those eight
            // bytes one by one.
            if index + 8 <= count, let base = bytes.baseAddress {
                let word = UnsafeRawPointer(base + index).loadUnaligned(as: UInt64.self)
                let high: UInt64 = 0x8080_8080_8080_8080, ones: UInt64 = 0x0101_0101_0101_0101
                let below = (word &- ones &* 0x20) & ~word & high
                let delete = word ^ (ones &* 0x7F)
                if word & high == 0, below == 0, (delete &- ones) & ~delete & high == 0 {
                    index += 8
                    continue
                }
            }
            let stop = min(index + 8, count)
            while index < stop {
                guard isPlain(at: index, in: bytes) else { return false }
                index += 1
            }
        }
        return true
    }

    /// The check of one byte, looking at the bytes after it for the sequences refused.
    static func isPlain(at index: Int, in bytes: UnsafeBufferPointer<UInt8>) -> Bool {
        let byte = bytes[index], count = bytes.count
        if byte < 0x20 { return byte == 0x0A || byte == 0x09 }
        guard byte >= 0x7F else { return true }
        switch byte {
        case 0x7F: return false
        case 0xC2 where index + 1 < count && bytes[index + 1] < 0xA0: return false
        case 0xE2 where index + 2 < count && bytes[index + 1] == 0x80 && (bytes[index + 2] == 0xA8 || bytes[index + 2] == 0xA9):
            return false
        case 0xEF where index + 2 < count && ((bytes[index + 1] == 0xBB && bytes[index + 2] == 0xBF) || (bytes[index + 1] == 0xBF && bytes[index + 2] >= 0xBE)):
            return false
        default: return true
        }
    }

    // MARK: - Positions

    private func byte(at index: Int) -> UInt8 { index < bytes.count ? bytes[index] : 0 }

    /// End of line or of the text (the text never holds a NUL: those are refused up front).
    private static func isBreakOrEnd(_ byte: UInt8) -> Bool { byte == 0x0A || byte == 0 }

    private static func isBlankOrEnd(_ byte: UInt8) -> Bool { byte == 0x20 || byte == 0x0A || byte == 0 }

    /// A position on the current line as a node's line and column (1-based, columns in
    /// Unicode scalars, as libyaml counts them).
    private mutating func mark(_ index: Int) -> (line: Int, column: Int) {
        if markLineStart != lineStart || index < markIndex {
            markLineStart = lineStart
            markIndex = lineStart
            markColumn = 1
        }
        while markIndex < index {
            if bytes[markIndex] & 0xC0 != 0x80 { markColumn += 1 }
            markIndex += 1
        }
        return (line + lineOffset, markColumn)
    }

    private func node(_ content: YAMLNode.Content, at mark: (line: Int, column: Int)) -> YAMLNode {
        YAMLNode(content, line: mark.line, column: mark.column)
    }

    private func nullNode(at mark: (line: Int, column: Int)) -> YAMLNode {
        node(.scalar(YAMLScalar("")), at: mark)
    }

    private mutating func skipSpaces() throws(Unsupported) {
        while pos < bytes.count {
            switch bytes[pos] {
            case 0x20: pos += 1
            case 0x09: throw Unsupported()
            default: return
            }
        }
    }

    /// Whether only spaces and perhaps a comment remain on this line; moves past the spaces.
    private mutating func atLineEnd() throws(Unsupported) -> Bool {
        let start = pos
        try skipSpaces()
        let next = byte(at: pos)
        if Self.isBreakOrEnd(next) { return true }
        // A comment needs a space before it.
        return next == 0x23 && (pos > start || pos == lineStart || bytes[pos - 1] == 0x20)
    }

    /// Moves to the start of the next line (or the end of the text).
    private mutating func toNextLine() {
        while pos < bytes.count, bytes[pos] != 0x0A { pos += 1 }
        if pos < bytes.count {
            pos += 1
            line += 1
            lineStart = pos
        }
    }

    /// Finishes a line whose remainder must be blank or a comment.
    private mutating func endLine() throws(Unsupported) {
        guard try atLineEnd() else { throw Unsupported() }
        toNextLine()
    }

    /// From the start of a line, skips blank and comment lines. Returns the indentation of the
    /// next line with content (the position left at its start), or nil at the end of the text.
    private mutating func nextContentLine() throws(Unsupported) -> Int? {
        while pos < bytes.count {
            var i = pos
            while i < bytes.count, bytes[i] == 0x20 { i += 1 }
            let next = byte(at: i)
            if next == 0x0A || next == 0x23 {
                toNextLine()
                continue
            }
            if i == bytes.count { return nil }
            if next == 0x09 { throw Unsupported() }
            let indent = i - pos
            // Document markers belong to libyaml.
            if indent == 0, (next == 0x2D || next == 0x2E), byte(at: i + 1) == next, byte(at: i + 2) == next, Self.isBlankOrEnd(byte(at: i + 3)) || byte(at: i + 3) == 0x09 {
                throw Unsupported()
            }
            return indent
        }
        return nil
    }

    // MARK: - Documents and block nodes

    private mutating func document() throws(Unsupported) -> [YAMLNode] {
        var explicit = false
        if byte(at: 0) == 0x2D, byte(at: 1) == 0x2D, byte(at: 2) == 0x2D {
            explicit = true
            pos = 3
            try endLine()
        } else if byte(at: 0) == 0x25 {
            throw Unsupported()
        }
        guard let indent = try nextContentLine() else {
            return explicit ? [nullNode(at: (line + lineOffset, 1))] : []
        }
        pos = lineStart + indent
        let root = try blockNode(indent: indent, parentIndent: -1)
        if try nextContentLine() != nil { throw Unsupported() }
        return [root]
    }

    /// A node that starts a line at `indent` (more than `parentIndent`).
    private mutating func blockNode(indent: Int, parentIndent: Int) throws(Unsupported) -> YAMLNode {
        if isSequenceEntry(pos) { return try blockSequence(indent: indent) }
        if try isKey() { return try blockMapping(indent: indent) }
        return try scalarOrFlow(parentIndent: parentIndent)
    }

    /// `-` followed by a space or the end of the line.
    private func isSequenceEntry(_ index: Int) -> Bool {
        byte(at: index) == 0x2D && (Self.isBlankOrEnd(byte(at: index + 1)) || byte(at: index + 1) == 0x09)
    }

    private mutating func enter() throws(Unsupported) {
        depth += 1
        // Configuration never nests this deep; deeper input is left to Yams and its limit.
        if depth > 100 { throw Unsupported() }
    }

    /// A block sequence whose entries start at column `indent`; `pos` is at the first `-`.
    private mutating func blockSequence(indent: Int) throws(Unsupported) -> YAMLNode {
        try enter()
        defer { depth -= 1 }
        let start = mark(pos)
        var items: [YAMLNode] = []
        while true {
            pos += 1
            let afterDash = mark(pos)
            if try atLineEnd() {
                toNextLine()
                if let next = try nextContentLine(), next > indent {
                    pos = lineStart + next
                    items.append(try blockNode(indent: next, parentIndent: indent))
                } else {
                    items.append(nullNode(at: afterDash))
                }
            } else {
                items.append(try inlineNode(afterDashAt: indent))
            }
            guard let next = try nextContentLine(), next >= indent else { break }
            if next > indent { throw Unsupported() }
            guard isSequenceEntry(lineStart + next) else { break }
            pos = lineStart + next
        }
        return node(.sequence(items), at: start)
    }

    /// The node after `- ` on the same line: a nested sequence, a compact mapping or a scalar.
    private mutating func inlineNode(afterDashAt indent: Int) throws(Unsupported) -> YAMLNode {
        let column = pos - lineStart
        if isSequenceEntry(pos) { return try blockSequence(indent: column) }
        if try isKey() { return try blockMapping(indent: column) }
        return try scalarOrFlow(parentIndent: indent)
    }

    /// A block mapping whose keys start at column `indent`; `pos` is at the first key.
    private mutating func blockMapping(indent: Int) throws(Unsupported) -> YAMLNode {
        try enter()
        defer { depth -= 1 }
        let start = mark(pos)
        var entries: [YAMLEntry] = []
        var keys = KeySet()
        while true {
            let key = try mappingKey()
            guard key.scalar?.text != "<<", keys.insert(key.scalar?.text ?? "") else { throw Unsupported() }
            let afterColon = mark(pos)
            let value: YAMLNode
            if try atLineEnd() {
                toNextLine()
                if let next = try nextContentLine(), next > indent || (next == indent && isSequenceEntry(lineStart + next)) {
                    pos = lineStart + next
                    value = next > indent ? try blockNode(indent: next, parentIndent: indent) : try blockSequence(indent: indent)
                } else {
                    value = nullNode(at: afterColon)
                }
            } else {
                if isSequenceEntry(pos) { throw Unsupported() }
                if try isKey() { throw Unsupported() }
                value = try scalarOrFlow(parentIndent: indent)
            }
            entries.append(YAMLEntry(key: key, value: value))
            guard let next = try nextContentLine(), next >= indent else { break }
            if next > indent { throw Unsupported() }
            pos = lineStart + next
            guard try isKey() else { throw Unsupported() }
        }
        return node(.mapping(entries), at: start)
    }

    // MARK: - Keys

    /// Whether a mapping key (plain or quoted, then `:` and a space or the line's end) starts
    /// at `pos`. Does not move.
    private mutating func isKey() throws(Unsupported) -> Bool {
        let saved = pos
        defer { pos = saved }
        let first = byte(at: pos)
        if first == 0x22 || first == 0x27 {
            // A quoted scalar that does not end on its line is no key (and may be a value).
            guard (try? quoted(continuingAbove: nil)) != nil else { return false }
            try skipSpaces()
        } else {
            guard Self.canStartPlain(first, byte(at: pos + 1), inFlow: false) else { return false }
            guard let end = plainKeyEnd() else { return false }
            pos = end
        }
        return byte(at: pos) == 0x3A && Self.isBlankOrEnd(byte(at: pos + 1))
    }

    /// Where a plain key starting at `pos` ends (its `:`), or nil when the line holds no key.
    private func plainKeyEnd() -> Int? {
        var i = pos
        while i < bytes.count {
            switch bytes[i] {
            case 0x0A: return nil
            case 0x3A where Self.isBlankOrEnd(byte(at: i + 1)): return i
            case 0x23 where bytes[i - 1] == 0x20: return nil
            default: i += 1
            }
        }
        return nil
    }

    /// The key at `pos` (known to be one); leaves `pos` after its `:`.
    private mutating func mappingKey() throws(Unsupported) -> YAMLNode {
        let start = mark(pos)
        let scalar: YAMLScalar
        let first = byte(at: pos)
        if first == 0x22 || first == 0x27 {
            scalar = try quoted(continuingAbove: nil)
            try skipSpaces()
        } else {
            guard let end = plainKeyEnd() else { throw Unsupported() }
            var last = end
            while last > pos, bytes[last - 1] == 0x20 { last -= 1 }
            guard end - pos <= 1000 else { throw Unsupported() }
            scalar = YAMLScalar(text(pos, last), tag: Self.stringTag)
            pos = end
        }
        guard byte(at: pos) == 0x3A else { throw Unsupported() }
        pos += 1
        return node(.scalar(scalar), at: start)
    }

    private func text(_ start: Int, _ end: Int) -> String {
        String(decoding: UnsafeBufferPointer(rebasing: bytes[start..<end]), as: UTF8.self)
    }

    // MARK: - Scalars and flow collections

    /// Whether a plain scalar may start with `first` (followed by `next`): not with an
    /// indicator, except `-` directly followed by a character that is not a space, and (outside
    /// flow collections, where libyaml reads them as indicators) `?` and `:` likewise.
    private static func canStartPlain(_ first: UInt8, _ next: UInt8, inFlow: Bool) -> Bool {
        switch first {
        case 0x3F where inFlow, 0x3A where inFlow:
            return false
        case 0x2D, 0x3F, 0x3A:
            if isBlankOrEnd(next) || next == 0x09 { return false }
            return !inFlow || !isFlowIndicator(next)
        case 0x2C, 0x5B, 0x5D, 0x7B, 0x7D, 0x23, 0x26, 0x2A, 0x21, 0x7C, 0x3E, 0x27, 0x22, 0x25, 0x40, 0x60, 0x0A, 0x20, 0x09, 0:
            return false
        default:
            return true
        }
    }

    private static func isFlowIndicator(_ byte: UInt8) -> Bool {
        byte == 0x2C || byte == 0x5B || byte == 0x5D || byte == 0x7B || byte == 0x7D
    }

    /// A scalar or flow collection at `pos` that is a block value; leaves `pos` at the start of
    /// the next line.
    private mutating func scalarOrFlow(parentIndent: Int) throws(Unsupported) -> YAMLNode {
        let start = mark(pos)
        let first = byte(at: pos)
        switch first {
        case 0x7C, 0x3E:
            return try blockScalar(parentIndent: parentIndent)
        case 0x22, 0x27:
            let scalar = try quoted(continuingAbove: parentIndent)
            try endLine()
            return node(.scalar(scalar), at: start)
        case 0x5B, 0x7B:
            let collection = try flowNode()
            try endLine()
            return collection
        default:
            guard Self.canStartPlain(first, byte(at: pos + 1), inFlow: false) else { throw Unsupported() }
            var begin = pos
            var last = pos
            // Only a scalar that goes on over lines needs its own copy of the text.
            var folded: [UInt8]?
            scan: while true {
                switch byte(at: pos) {
                case 0x0A, 0:
                    // Lines indented more than the parent continue the scalar, folded as
                    // libyaml's `yaml_parser_scan_plain_scalar` folds them.
                    guard pos < bytes.count, let breaks = try continuation(above: parentIndent) else { break scan }
                    let next = byte(at: pos)
                    if next == 0x23 {
                        // A comment ends the scalar; the lines after it are the parent's.
                        throw Unsupported()
                    }
                    // Inside a plain scalar, indicators are text (libyaml reads no token there);
                    // only `-`, `?` or `:` and a blank, which read like one, are left to Yams.
                    if (next == 0x2D || next == 0x3F || next == 0x3A) && (Self.isBlankOrEnd(byte(at: pos + 1)) || byte(at: pos + 1) == 0x09) {
                        throw Unsupported()
                    }
                    // Appended in place: a scalar can run over thousands of lines.
                    if folded == nil { folded = [] }
                    folded!.append(contentsOf: bytes[begin..<last])
                    if breaks == 1 {
                        folded!.append(0x20)
                    } else {
                        folded!.append(contentsOf: repeatElement(0x0A, count: breaks - 1))
                    }
                    begin = pos
                    last = pos
                case 0x09: throw Unsupported()
                case 0x3A where Self.isBlankOrEnd(byte(at: pos + 1)): throw Unsupported()
                case 0x20:
                    if byte(at: pos + 1) == 0x23 { break scan }
                    pos += 1
                default:
                    pos += 1
                    last = pos
                }
            }
            let scalar = YAMLScalar(folded.map { String(decoding: $0 + bytes[begin..<last], as: UTF8.self) } ?? text(begin, last))
            try endLine()
            return node(.scalar(scalar), at: start)
        }
    }

    /// A single- or double-quoted scalar at `pos`; leaves `pos` after the closing quote. With
    /// `continuingAbove` (the parent's indentation) it may go on over lines indented more than
    /// that, folded as libyaml's `yaml_parser_scan_flow_scalar` folds them: trailing and
    /// leading spaces dropped, one line break read as a space, each further one kept, and an
    /// escaped line break joining the lines. Keys and flow collections stay on one line.
    private mutating func quoted(continuingAbove parentIndent: Int?) throws(Unsupported) -> YAMLScalar {
        let quote = bytes[pos]
        pos += 1
        var result: [UInt8] = []
        var runStart = pos
        while true {
            guard pos < bytes.count else { throw Unsupported() }
            let current = bytes[pos]
            switch current {
            case 0x09:
                throw Unsupported()
            case 0x0A:
                guard let parentIndent else { throw Unsupported() }
                var end = pos
                while end > runStart, bytes[end - 1] == 0x20 { end -= 1 }
                result += bytes[runStart..<end]
                guard let breaks = try continuation(above: parentIndent) else { throw Unsupported() }
                if breaks == 1 {
                    result.append(0x20)
                } else {
                    result += Array(repeating: 0x0A, count: breaks - 1)
                }
                runStart = pos
            case quote where quote == 0x27:
                if byte(at: pos + 1) == 0x27 {
                    result += bytes[runStart...pos]
                    pos += 2
                    runStart = pos
                    continue
                }
                result += bytes[runStart..<pos]
                pos += 1
                return YAMLScalar(String(decoding: result, as: UTF8.self), style: .singleQuoted, tag: Self.stringTag)
            case quote:
                result += bytes[runStart..<pos]
                pos += 1
                return YAMLScalar(String(decoding: result, as: UTF8.self), style: .doubleQuoted, tag: Self.stringTag)
            case 0x5C where quote == 0x22:
                result += bytes[runStart..<pos]
                if byte(at: pos + 1) == 0x0A {
                    guard let parentIndent else { throw Unsupported() }
                    pos += 1
                    guard let breaks = try continuation(above: parentIndent) else { throw Unsupported() }
                    result += Array(repeating: 0x0A, count: breaks - 1)
                } else {
                    try escape(into: &result)
                }
                runStart = pos
            default:
                pos += 1
            }
        }
    }

    /// From a line break at `pos`, the line breaks up to the next line with content when that
    /// line is indented more than `parentIndent` (and is no document marker), leaving `pos` at
    /// its first character; nil, with nothing moved, otherwise.
    private mutating func continuation(above parentIndent: Int) throws(Unsupported) -> Int? {
        let saved = (pos, line, lineStart)
        var breaks = 0
        while pos < bytes.count, bytes[pos] == 0x0A {
            pos += 1
            line += 1
            lineStart = pos
            breaks += 1
            while pos < bytes.count, bytes[pos] == 0x20 { pos += 1 }
        }
        let next = byte(at: pos)
        let indent = pos - lineStart
        let isMarker =
            indent == 0 && (next == 0x2D || next == 0x2E) && byte(at: pos + 1) == next && byte(at: pos + 2) == next
            && (Self.isBlankOrEnd(byte(at: pos + 3)) || byte(at: pos + 3) == 0x09)
        if next == 0x09 { throw Unsupported() }
        guard pos < bytes.count, indent > parentIndent, !isMarker else {
            (pos, line, lineStart) = saved
            return nil
        }
        return breaks
    }

    /// The escape at `pos` (a backslash) of a double-quoted scalar, appended as UTF-8.
    private mutating func escape(into result: inout [UInt8]) throws(Unsupported) {
        let code = byte(at: pos + 1)
        pos += 2
        switch code {
        case 0x5C, 0x22, 0x2F: result.append(code)
        case 0x6E: result.append(0x0A)
        case 0x74: result.append(0x09)
        case 0x72: result.append(0x0D)
        case 0x30: result.append(0x00)
        case 0x20: result.append(0x20)
        case 0x78, 0x75, 0x55:
            let digits = code == 0x78 ? 2 : code == 0x75 ? 4 : 8
            var value: UInt32 = 0
            for _ in 0..<digits {
                let digit = byte(at: pos)
                let nibble: UInt32
                switch digit {
                case 0x30...0x39: nibble = UInt32(digit - 0x30)
                case 0x41...0x46: nibble = UInt32(digit - 0x41 + 10)
                case 0x61...0x66: nibble = UInt32(digit - 0x61 + 10)
                default: throw Unsupported()
                }
                value = value << 4 | nibble
                pos += 1
            }
            guard let scalar = Unicode.Scalar(value) else { throw Unsupported() }
            result += Array(String(Character(scalar)).utf8)
        default:
            throw Unsupported()
        }
    }

    /// A literal (`|`) or folded (`>`) block scalar at `pos` with clip or strip chomping and
    /// no indentation indicator; leaves `pos` at the first line after it. Line breaks are
    /// joined as libyaml's `yaml_parser_scan_block_scalar` joins them.
    private mutating func blockScalar(parentIndent: Int) throws(Unsupported) -> YAMLNode {
        let start = mark(pos)
        let folded = bytes[pos] == 0x3E
        pos += 1
        var strip = false
        switch byte(at: pos) {
        case 0x2D:
            strip = true
            pos += 1
        case 0x2B, 0x31...0x39:
            throw Unsupported()
        default: break
        }
        let next = byte(at: pos)
        guard Self.isBreakOrEnd(next) || next == 0x20 else { throw Unsupported() }
        try endLine()
        // Leading blank lines, then the first content line, which sets the indentation.
        var leadingBlanks = 0
        var widestBlank = 0
        var indent = 0
        while pos < bytes.count {
            var i = pos
            while i < bytes.count, bytes[i] == 0x20 { i += 1 }
            if byte(at: i) == 0x09 { throw Unsupported() }
            if byte(at: i) == 0x0A {
                widestBlank = max(widestBlank, i - pos)
                leadingBlanks += 1
                toNextLine()
                continue
            }
            indent = i - pos
            break
        }
        let minimum = max(parentIndent + 1, 1)
        if pos >= bytes.count || indent < minimum {
            // No content: the scalar is empty and what follows belongs to the parent.
            guard widestBlank < minimum else { throw Unsupported() }
            return node(.scalar(YAMLScalar("", style: folded ? .folded : .literal, tag: Self.stringTag)), at: start)
        }
        guard widestBlank <= indent else { throw Unsupported() }
        var result: [UInt8] = Array(repeating: 0x0A, count: leadingBlanks)
        var blanks = 0
        var sawContent = false
        var previousStartsBlank = false
        var endsWithBreak = false
        while pos < bytes.count {
            var i = pos
            while i < bytes.count, bytes[i] == 0x20, i - pos < indent { i += 1 }
            let spaces = i - pos
            // Spaces ending the text end the scalar, however many there are.
            if i == bytes.count { break }
            let next = byte(at: i)
            if next == 0x0A {
                blanks += 1
                toNextLine()
                continue
            }
            if spaces < indent {
                // A tab where indentation is expected is Yams' to judge.
                if next == 0x09 { throw Unsupported() }
                break
            }
            // A content line. Folding joins two lines that do not start with a blank by a space
            // (or by the blank lines between them alone); every other line break is kept.
            let startsBlank = next == 0x20 || next == 0x09
            if sawContent {
                if folded && !previousStartsBlank && !startsBlank {
                    if blanks == 0 { result.append(0x20) }
                } else {
                    result.append(0x0A)
                }
                result += Array(repeating: 0x0A, count: blanks)
            }
            previousStartsBlank = startsBlank
            blanks = 0
            sawContent = true
            var end = i
            while end < bytes.count, bytes[end] != 0x0A { end += 1 }
            result += bytes[i..<end]
            endsWithBreak = end < bytes.count
            pos = end
            toNextLine()
        }
        if !strip && endsWithBreak { result.append(0x0A) }
        return node(.scalar(YAMLScalar(String(decoding: result, as: UTF8.self), style: folded ? .folded : .literal, tag: Self.stringTag)), at: start)
    }

    /// A one-line flow sequence or mapping at `pos`, or a scalar inside one.
    private mutating func flowNode() throws(Unsupported) -> YAMLNode {
        let start = mark(pos)
        switch byte(at: pos) {
        case 0x5B:
            try enter()
            defer { depth -= 1 }
            pos += 1
            var items: [YAMLNode] = []
            try skipSpaces()
            if byte(at: pos) == 0x5D {
                pos += 1
                return node(.sequence(items), at: start)
            }
            while true {
                items.append(try flowNode())
                try skipSpaces()
                switch byte(at: pos) {
                case 0x2C:
                    pos += 1
                    try skipSpaces()
                    if byte(at: pos) == 0x5D { throw Unsupported() }
                case 0x5D:
                    pos += 1
                    return node(.sequence(items), at: start)
                default:
                    throw Unsupported()
                }
            }
        case 0x7B:
            try enter()
            defer { depth -= 1 }
            pos += 1
            var entries: [YAMLEntry] = []
            var keys = KeySet()
            try skipSpaces()
            if byte(at: pos) == 0x7D {
                pos += 1
                return node(.mapping(entries), at: start)
            }
            while true {
                let first = byte(at: pos)
                guard first != 0x5B, first != 0x7B else { throw Unsupported() }
                var key = try flowNode()
                if key.scalar?.style == .plain { key.content = .scalar(YAMLScalar(key.scalar?.text ?? "", tag: Self.stringTag)) }
                guard let name = key.scalar?.text, name != "<<", keys.insert(name) else { throw Unsupported() }
                guard byte(at: pos) == 0x3A, byte(at: pos + 1) == 0x20 else { throw Unsupported() }
                pos += 1
                try skipSpaces()
                let following = byte(at: pos)
                if following == 0x2C || following == 0x7D { throw Unsupported() }
                entries.append(YAMLEntry(key: key, value: try flowNode()))
                try skipSpaces()
                switch byte(at: pos) {
                case 0x2C:
                    pos += 1
                    try skipSpaces()
                    if byte(at: pos) == 0x7D { throw Unsupported() }
                case 0x7D:
                    pos += 1
                    return node(.mapping(entries), at: start)
                default:
                    throw Unsupported()
                }
            }
        case 0x22, 0x27:
            return node(.scalar(try quoted(continuingAbove: nil)), at: start)
        default:
            let first = byte(at: pos)
            guard Self.canStartPlain(first, byte(at: pos + 1), inFlow: true) else { throw Unsupported() }
            let begin = pos
            var last = pos
            scan: while pos < bytes.count {
                let current = bytes[pos]
                switch current {
                case 0x0A, 0x09: throw Unsupported()
                case 0x2C, 0x5B, 0x5D, 0x7B, 0x7D: break scan
                case 0x3A:
                    // A key ends at `: `; any other colon is left to libyaml's flow rules.
                    if byte(at: pos + 1) == 0x20 { break scan }
                    throw Unsupported()
                case 0x20:
                    if byte(at: pos + 1) == 0x23 { throw Unsupported() }
                    pos += 1
                default:
                    pos += 1
                    last = pos
                }
            }
            return node(.scalar(YAMLScalar(text(begin, last))), at: start)
        }
    }
}

/// The keys of one mapping, to find a repeated one: a list while it is short, as most are, and a
/// set beyond that.
private struct KeySet {
    private var list: [String] = []
    private var set: Set<String>?

    /// Adds `key`; false when it was already there.
    mutating func insert(_ key: String) -> Bool {
        if set != nil { return set!.insert(key).inserted }
        if list.contains(key) { return false }
        list.append(key)
        if list.count > 12 { set = Set(list) }
        return true
    }
}
