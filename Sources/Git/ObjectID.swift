import CLibgit2

/// A git object name (SHA-1, 20 bytes), stored inline so it hashes and compares cheaply.
public struct ObjectID: Hashable, Comparable, Sendable, CustomStringConvertible, Codable {
    // Three words instead of a byte array: no allocation per id, which matters when an audit
    // keeps tens of thousands of them.
    let high: UInt64
    let middle: UInt64
    let low: UInt32

    /// The all-zero id git uses for "no object" (a new branch, a deleted ref).
    public static let zero = ObjectID(high: 0, middle: 0, low: 0)

    init(high: UInt64, middle: UInt64, low: UInt32) {
        self.high = high
        self.middle = middle
        self.low = low
    }

    init(_ oid: git_oid) {
        var bytes = oid.id
        let words = withUnsafeBytes(of: &bytes) { raw -> (UInt64, UInt64, UInt32) in
            var h: UInt64 = 0, m: UInt64 = 0, l: UInt32 = 0
            for i in 0..<8 { h = h << 8 | UInt64(raw[i]) }
            for i in 8..<16 { m = m << 8 | UInt64(raw[i]) }
            for i in 16..<20 { l = l << 8 | UInt32(raw[i]) }
            return (h, m, l)
        }
        self.init(high: words.0, middle: words.1, low: words.2)
    }

    /// Parses 40 hexadecimal digits; nil for anything else.
    public init?(hex: String) {
        let digits = Array(hex.utf8)
        guard digits.count == 40 else { return nil }
        var h: UInt64 = 0, m: UInt64 = 0, l: UInt32 = 0
        for (i, c) in digits.enumerated() {
            guard let v = ObjectID.hexValue(c) else { return nil }
            switch i {
            case 0..<16: h = h << 4 | UInt64(v)
            case 16..<32: m = m << 4 | UInt64(v)
            default: l = l << 4 | UInt32(v)
            }
        }
        self.init(high: h, middle: m, low: l)
    }

    /// Whether every digit is zero, as in git's "no object" placeholder of any hash length.
    public static func isZeroPlaceholder(_ text: String) -> Bool {
        (text.count == 40 || text.count == 64) && text.utf8.allSatisfy { $0 == UInt8(ascii: "0") }
    }

    var oid: git_oid {
        var result = git_oid()
        withUnsafeMutableBytes(of: &result.id) { raw in
            for i in 0..<8 { raw[i] = UInt8(truncatingIfNeeded: high >> UInt64(56 - 8 * i)) }
            for i in 0..<8 { raw[8 + i] = UInt8(truncatingIfNeeded: middle >> UInt64(56 - 8 * i)) }
            for i in 0..<4 { raw[16 + i] = UInt8(truncatingIfNeeded: low >> UInt32(24 - 8 * i)) }
        }
        return result
    }

    /// The 40-digit lowercase hexadecimal form.
    public var hex: String {
        let digits = Array("0123456789abcdef".utf8)
        var out = [UInt8]()
        out.reserveCapacity(40)
        for shift in stride(from: 60, through: 0, by: -4) { out.append(digits[Int(high >> UInt64(shift) & 0xF)]) }
        for shift in stride(from: 60, through: 0, by: -4) { out.append(digits[Int(middle >> UInt64(shift) & 0xF)]) }
        for shift in stride(from: 28, through: 0, by: -4) { out.append(digits[Int(low >> UInt32(shift) & 0xF)]) }
        return String(decoding: out, as: UTF8.self)
    }

    /// The first seven digits, as git abbreviates for people.
    public var short: String { String(hex.prefix(7)) }

    public var description: String { hex }

    public static func < (a: ObjectID, b: ObjectID) -> Bool {
        (a.high, a.middle, a.low) < (b.high, b.middle, b.low)
    }

    public init(from decoder: Decoder) throws {
        let text = try decoder.singleValueContainer().decode(String.self)
        guard let id = ObjectID(hex: text) else {
            throw DecodingError.dataCorrupted(.init(codingPath: decoder.codingPath, debugDescription: "not a 40-digit object id: \(text)"))
        }
        self = id
    }

    public func encode(to encoder: Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(hex)
    }

    private static func hexValue(_ c: UInt8) -> UInt8? {
        switch c {
        case UInt8(ascii: "0")...UInt8(ascii: "9"): c - UInt8(ascii: "0")
        case UInt8(ascii: "a")...UInt8(ascii: "f"): c - UInt8(ascii: "a") + 10
        case UInt8(ascii: "A")...UInt8(ascii: "F"): c - UInt8(ascii: "A") + 10
        default: nil
        }
    }
}
