import HCL

/// Finds the URLs of a Grafana dashboard's `links` (its own, a panel's, a field's) in one pass
/// over the JSON text's bytes, without building its tree: a dashboard kept in a ConfigMap is
/// megabytes, read again at every version an audit walks.
///
/// It accepts exactly what `JSONNode.parse` accepts (the strict reader Terraform's JSON syntax
/// uses: no trailing commas, escapes as JSON writes them, numbers as `Value.parseNumber` reads
/// them, at most `maximumDepth` levels) and gives nothing for anything else. A dashboard is a
/// JSON object with `schemaVersion` and `panels` or `rows`, or one under its last `dashboard`
/// member (as Grafana's API wraps it); the URLs are the strings of `url` members of the objects
/// a `links` list holds.
enum DashboardLinks {
    /// As the HCL parser: deeper documents are refused.
    static let maximumDepth = 256

    /// The byte ranges of those URLs, quotes included, in text order; empty when the text is not
    /// a dashboard or not JSON.
    static func urlRanges(in bytes: UnsafeBufferPointer<UInt8>) -> [Range<Int>] {
        var scanner = Scanner(bytes: bytes)
        do throws(Scanner.Invalid) {
            scanner.skipBlanks()
            guard scanner.peek == 0x7B else { return [] }
            scanner.depth = 1
            let top = try scanner.object(isLinkItem: false, top: true)
            scanner.skipBlanks()
            guard scanner.index == bytes.count else { return [] }
            if top.isDashboard { return scanner.urls.map(\.range) }
            guard let wrapped = scanner.lastDashboardMember, wrapped.keys?.isDashboard == true else { return [] }
            return scanner.urls.filter { $0.topMember == wrapped.index }.map(\.range)
        } catch {
            return []
        }
    }

    /// The keys an object has that make it a dashboard.
    struct Keys {
        var schemaVersion = false
        var panelsOrRows = false
        var isDashboard: Bool { schemaVersion && panelsOrRows }
    }

    /// The member names the scan tells apart.
    private enum Name {
        case url, links, schemaVersion, panels, rows, dashboard, other

        static let spellings: [(Name, [UInt8])] = [
            (.url, Array("url".utf8)), (.links, Array("links".utf8)), (.schemaVersion, Array("schemaVersion".utf8)),
            (.panels, Array("panels".utf8)), (.rows, Array("rows".utf8)), (.dashboard, Array("dashboard".utf8)),
        ]

        static func of<Bytes: Collection<UInt8>>(_ bytes: Bytes) -> Name {
            for (name, spelling) in spellings where spelling.count == bytes.count && spelling.elementsEqual(bytes) { return name }
            return .other
        }
    }

    private struct Scanner {
        struct Invalid: Error {}

        let bytes: UnsafeBufferPointer<UInt8>
        var index = 0
        var depth = 0
        /// Each URL found, with the member of the top object it is under.
        var urls: [(range: Range<Int>, topMember: Int)] = []
        /// The top object's last `dashboard` member: its place, and its keys when it is an object.
        var lastDashboardMember: (index: Int, keys: Keys?)?
        private var topMember = -1

        init(bytes: UnsafeBufferPointer<UInt8>) {
            self.bytes = bytes
        }

        var peek: UInt8 { index < bytes.count ? bytes[index] : 0 }

        mutating func skipBlanks() {
            while index < bytes.count {
                let byte = bytes[index]
                guard byte == 0x20 || byte == 0x09 || byte == 0x0A || byte == 0x0D else { return }
                index += 1
            }
        }

        /// At `{` (its depth counted): the object's dashboard keys.
        mutating func object(isLinkItem: Bool, top: Bool) throws(Invalid) -> Keys {
            index += 1
            var keys = Keys()
            skipBlanks()
            if peek == 0x7D {
                index += 1
                return keys
            }
            var member = 0
            while true {
                skipBlanks()
                guard peek == 0x22 else { throw Invalid() }
                let name = try key()
                switch name {
                case .schemaVersion: keys.schemaVersion = true
                case .panels, .rows: keys.panelsOrRows = true
                default: break
                }
                skipBlanks()
                guard peek == 0x3A else { throw Invalid() }
                index += 1
                skipBlanks()
                if top { topMember = member }
                if isLinkItem, name == .url, peek == 0x22 {
                    let start = index
                    try string()
                    urls.append((start..<index, topMember))
                } else if name == .links, peek == 0x5B {
                    try container(itemsAreLinks: true)
                } else {
                    let inner = try value(isLinkItem: false)
                    if top, name == .dashboard { lastDashboardMember = (member, inner) }
                }
                member += 1
                skipBlanks()
                if peek == 0x2C {
                    index += 1
                    continue
                }
                guard peek == 0x7D else { throw Invalid() }
                index += 1
                return keys
            }
        }

        /// At `[`, the depth not yet counted.
        private mutating func container(itemsAreLinks: Bool) throws(Invalid) {
            depth += 1
            defer { depth -= 1 }
            guard depth <= DashboardLinks.maximumDepth else { throw Invalid() }
            index += 1
            skipBlanks()
            if peek == 0x5D {
                index += 1
                return
            }
            while true {
                skipBlanks()
                _ = try value(isLinkItem: itemsAreLinks)
                skipBlanks()
                if peek == 0x2C {
                    index += 1
                    continue
                }
                guard peek == 0x5D else { throw Invalid() }
                index += 1
                return
            }
        }

        /// One value; an object's dashboard keys when it is one.
        private mutating func value(isLinkItem: Bool) throws(Invalid) -> Keys? {
            switch peek {
            case 0x7B:
                depth += 1
                defer { depth -= 1 }
                guard depth <= DashboardLinks.maximumDepth else { throw Invalid() }
                return try object(isLinkItem: isLinkItem, top: false)
            case 0x5B:
                try container(itemsAreLinks: false)
            case 0x22:
                try string()
            case 0x74:
                try word(Self.trueWord)
            case 0x66:
                try word(Self.falseWord)
            case 0x6E:
                try word(Self.nullWord)
            case 0x2D, 0x30...0x39:
                try number()
            default:
                throw Invalid()
            }
            return nil
        }

        private static let trueWord = Array("true".utf8), falseWord = Array("false".utf8), nullWord = Array("null".utf8)

        private mutating func word(_ expected: [UInt8]) throws(Invalid) {
            guard index + expected.count <= bytes.count else { throw Invalid() }
            for (offset, byte) in expected.enumerated() where bytes[index + offset] != byte { throw Invalid() }
            index += expected.count
        }

        /// What `JSONReader` takes as a number's text (`-`, then digits, `.`, `e`, `E`, `+`, `-`),
        /// valid when `Value.parseNumber` reads it.
        private mutating func number() throws(Invalid) {
            let start = index
            if peek == 0x2D { index += 1 }
            var plain = true
            var sawDot = false
            var digitsBefore = 0
            var digitsAfter = 0
            while index < bytes.count {
                let byte = bytes[index]
                if byte >= 0x30, byte <= 0x39 {
                    if sawDot { digitsAfter += 1 } else { digitsBefore += 1 }
                } else if byte == 0x2E {
                    if sawDot { plain = false }
                    sawDot = true
                } else if byte == 0x65 || byte == 0x45 || byte == 0x2B || byte == 0x2D {
                    plain = false
                } else {
                    break
                }
                index += 1
            }
            // `-?digits(.digits)?` short enough for a Decimal: valid without a second look.
            if plain, digitsBefore > 0, !sawDot || digitsAfter > 0, index - start <= 18 { return }
            let text = String(decoding: UnsafeBufferPointer(rebasing: bytes[start..<index]), as: UTF8.self)
            guard Value.parseNumber(text) != nil else { throw Invalid() }
        }

        /// At `"`: past the string, checked as `JSONReader` checks it.
        private mutating func string() throws(Invalid) {
            _ = try stringScan()
        }

        /// At `"`: the member name the key spells.
        private mutating func key() throws(Invalid) -> Name {
            let start = index
            let escaped = try stringScan()
            guard escaped else { return Name.of(UnsafeBufferPointer(rebasing: bytes[(start + 1)..<(index - 1)])) }
            // Escaped names are rare: decoded by the tree reader itself.
            let literal = String(decoding: UnsafeBufferPointer(rebasing: bytes[start..<index]), as: UTF8.self)
            guard let node = JSONNode.parse(literal), case .string(let decoded, _) = node.kind else { throw Invalid() }
            return Name.of(Array(decoded.utf8))
        }

        /// At `"`: past the closing quote; whether the string had an escape.
        private mutating func stringScan() throws(Invalid) -> Bool {
            index += 1
            var escaped = false
            while index < bytes.count {
                let byte = bytes[index]
                if byte == 0x22 {
                    index += 1
                    return escaped
                }
                guard byte >= 0x20 else { throw Invalid() }
                guard byte == 0x5C else {
                    index += 1
                    continue
                }
                escaped = true
                index += 1
                guard index < bytes.count else { throw Invalid() }
                switch bytes[index] {
                case 0x22, 0x5C, 0x2F, 0x62, 0x66, 0x6E, 0x72, 0x74:
                    index += 1
                case 0x75:
                    index += 1
                    let code = try hex4()
                    // A high surrogate takes a following `\u` escape with it, whatever it holds.
                    if (0xD800...0xDBFF).contains(code), index + 1 < bytes.count, bytes[index] == 0x5C, bytes[index + 1] == 0x75 {
                        index += 2
                        _ = try hex4()
                    }
                default:
                    throw Invalid()
                }
            }
            throw Invalid()
        }

        private mutating func hex4() throws(Invalid) -> UInt32 {
            guard index + 4 <= bytes.count else { throw Invalid() }
            var code: UInt32 = 0
            for byte in bytes[index..<(index + 4)] {
                let digit: UInt8
                switch byte {
                case 0x30...0x39: digit = byte - 0x30
                case 0x41...0x46: digit = byte - 0x41 + 10
                case 0x61...0x66: digit = byte - 0x61 + 10
                default: throw Invalid()
                }
                code = code << 4 | UInt32(digit)
            }
            index += 4
            return code
        }
    }
}
