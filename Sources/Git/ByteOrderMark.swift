/// The byte order mark a text file opens with, which says how its characters are encoded.
///
/// Windows tools write UTF-16 with a mark (Notepad's "Unicode", PowerShell 5's `Out-File` and
/// `>`, Visual Studio), and YAML 1.2 and HTML both allow it. libgit2 takes any mark but UTF-8's
/// for a sign of binary content, so such a file is transcoded here to the UTF-8 every reader
/// expects: one character for one character, so its lines keep their numbers.
enum ByteOrderMark: CaseIterable {
    case utf8
    case utf16BigEndian
    case utf16LittleEndian
    case utf32BigEndian
    case utf32LittleEndian

    /// The mark `bytes` open with, if any. UTF-32's little-endian mark starts with UTF-16's,
    /// and wins: UTF-16 text opening with U+0000 would be binary anyway.
    init?(opening bytes: some Collection<UInt8>) {
        guard let mark = [Self.utf8, .utf32BigEndian, .utf32LittleEndian, .utf16BigEndian, .utf16LittleEndian]
            .first(where: { bytes.starts(with: $0.bytes) }) else { return nil }
        self = mark
    }

    /// The mark's own bytes.
    var bytes: [UInt8] {
        switch self {
        case .utf8: [0xEF, 0xBB, 0xBF]
        case .utf16BigEndian: [0xFE, 0xFF]
        case .utf16LittleEndian: [0xFF, 0xFE]
        case .utf32BigEndian: [0x00, 0x00, 0xFE, 0xFF]
        case .utf32LittleEndian: [0xFF, 0xFE, 0x00, 0x00]
        }
    }

    /// The text after the mark in `bytes` (which open with it), as UTF-8 without the mark; nil
    /// when it is not valid in this encoding: a code unit cut short, an unpaired surrogate, a
    /// code point past U+10FFFF. UTF-8 is passed through as it is; readers report invalid
    /// UTF-8 at its line.
    func utf8(transcoding bytes: [UInt8]) -> [UInt8]? {
        let body = bytes.dropFirst(self.bytes.count)
        switch self {
        case .utf8:
            return Array(body)
        case .utf16BigEndian, .utf16LittleEndian:
            guard body.count % 2 == 0 else { return nil }
            let bigEndian = self == .utf16BigEndian
            let units = stride(from: body.startIndex, to: body.endIndex, by: 2).lazy.map { index -> UInt16 in
                let first = UInt16(body[index]), second = UInt16(body[index + 1])
                return bigEndian ? first << 8 | second : second << 8 | first
            }
            return Self.utf8(decoding: units, as: UTF16.self, sizeHint: body.count)
        case .utf32BigEndian, .utf32LittleEndian:
            guard body.count % 4 == 0 else { return nil }
            let bigEndian = self == .utf32BigEndian
            let units = stride(from: body.startIndex, to: body.endIndex, by: 4).lazy.map { index -> UInt32 in
                let a = UInt32(body[index]), b = UInt32(body[index + 1]), c = UInt32(body[index + 2]), d = UInt32(body[index + 3])
                return bigEndian ? a << 24 | b << 16 | c << 8 | d : d << 24 | c << 16 | b << 8 | a
            }
            return Self.utf8(decoding: units, as: UTF32.self, sizeHint: body.count)
        }
    }

    /// `units` decoded with `codec` and encoded as UTF-8; nil at the first invalid sequence.
    private static func utf8<Codec: UnicodeCodec>(
        decoding units: some Sequence<Codec.CodeUnit>, as codec: Codec.Type, sizeHint: Int
    ) -> [UInt8]? {
        var output: [UInt8] = []
        output.reserveCapacity(sizeHint)
        var iterator = units.makeIterator()
        var decoder = Codec()
        while true {
            switch decoder.decode(&iterator) {
            case .scalarValue(let scalar): UTF8.encode(scalar) { output.append($0) }
            case .emptyInput: return output
            case .error: return nil
            }
        }
    }
}
