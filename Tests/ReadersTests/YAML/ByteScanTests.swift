import Testing
@testable import Readers

/// The byte scans that run over whole manifests, each against a plain version of itself on
/// generated inputs: the fast paths (`memchr`, eight bytes at a time, jumping between `{{`)
/// must answer exactly as a look at every byte does.
@Suite struct ByteScanTests {
    /// A small deterministic generator, so a failure names a seed that reproduces it.
    struct Generator {
        var state: UInt64
        mutating func next(_ bound: Int) -> Int {
            state = state &* 6364136223846793005 &+ 1442695040888963407
            return Int((state >> 33) % UInt64(bound))
        }
    }

    @Test func eightBytesAtOnceAgreeWithEachByte() {
        // Printable text with the bytes and sequences the check refuses or must look past.
        let pieces: [[UInt8]] = [
            Array("key: value ".utf8), Array("abcdefgh".utf8), [0x0A], [0x09], [0x0D], [0x7F], [0x00], [0x1F], [0x20], [0x7E],
            [0xC2, 0x85], [0xC2, 0xA0], [0xE2, 0x80, 0xA8], [0xE2, 0x80, 0xA9], [0xE2, 0x80, 0x94], [0xEF, 0xBB, 0xBF],
            [0xEF, 0xBF, 0xBE], [0xEF, 0xBF, 0xBD], Array("é".utf8), [0xC2], [0xE2, 0x80],
        ]
        var generator = Generator(state: 2017)
        var refused = 0
        for seed in 0..<4_000 {
            var bytes: [UInt8] = []
            for _ in 0..<generator.next(24) {
                // Mostly long printable runs, so whole words take the fast path.
                bytes += generator.next(3) == 0 ? pieces[generator.next(pieces.count)] : pieces[generator.next(2)]
            }
            bytes.withUnsafeBufferPointer { buffer in
                let expected = (0..<buffer.count).allSatisfy { YAMLBlockParser.isPlain(at: $0, in: buffer) }
                #expect(YAMLBlockParser.hasOnlyPlainCharacters(buffer) == expected, "seed \(seed): \(bytes)")
                if !expected { refused += 1 }
            }
        }
        // Both answers were exercised.
        #expect(refused > 500 && refused < 3_500, "\(refused)")
    }

    @Test func memchrSearchesAgreeWithALookAtEachPosition() {
        var generator = Generator(state: 28)
        let alphabet: [UInt8] = Array("{ab\n".utf8)
        for seed in 0..<3_000 {
            let bytes = (0..<generator.next(40)).map { _ in alphabet[generator.next(alphabet.count)] }
            let needle = (0..<(1 + generator.next(3))).map { _ in alphabet[generator.next(alphabet.count)] }
            let lower = bytes.isEmpty ? 0 : generator.next(bytes.count + 1)
            let upper = lower + generator.next(bytes.count - lower + 1)
            let expected = (lower..<max(lower, upper - needle.count + 1)).first { index in
                Array(bytes[index..<(index + needle.count)]) == needle
            }
            bytes.withUnsafeBufferPointer { buffer in
                #expect(ByteSearch.firstIndex(of: needle, in: buffer, lower..<upper) == expected, "seed \(seed)")
                #expect(ByteSearch.firstIndex(of: needle[0], in: buffer, lower..<upper) == bytes[lower..<upper].firstIndex(of: needle[0]), "seed \(seed)")
            }
        }
    }

    /// Line by line, as the rule reads: the first `{{` of a line that is not a comment, nor in
    /// a comment after a value, with a Helm object or function after it, or at the very start
    /// of the line.
    static func helmLineByLine(_ text: String) -> Int? {
        for (index, line) in text.split(separator: "\n", omittingEmptySubsequences: false).enumerated() {
            guard let open = line.firstRange(of: "{{") else { continue }
            if line.first(where: { $0 != " " && $0 != "\t" }) == "#" { continue }
            // A `#` after a blank, outside quotes, starts a comment.
            var quote: Character?, previous: Character = " ", commented = false, escaped = false, doubled = false
            let before = Array(line[..<open.lowerBound])
            for (position, character) in before.enumerated() {
                if doubled {
                    doubled = false
                } else if let open = quote {
                    if open == "\"", escaped { escaped = false } else if open == "\"", character == "\\" { escaped = true }
                    // `''` in single quotes is a quote character.
                    else if open == "'", character == "'", position + 1 < before.count, before[position + 1] == "'" { doubled = true }
                    else if character == open { quote = nil }
                } else if character == "#", previous == " " || previous == "\t" {
                    commented = true
                    break
                } else if character == "\"" || character == "'", " \t:[{,-".contains(previous) {
                    quote = character
                }
                previous = character
            }
            if commented { continue }
            let action = line[open.lowerBound...]
            if YAMLText.helmMarkers.contains(where: { action.contains($0) }) || open.lowerBound == line.startIndex { return index + 1 }
        }
        return nil
    }

    @Test func helmActionsAreFoundOnTheLineALineByLineReadingFinds() {
        let lines = [
            "key: value", "  legend: \"{{pod}}\"", "# {{ .Values.x }}", "  # {{ include \"a\" . }}", "{{- if .Values.on }}",
            "name: {{ .Release.Name }}", "a: {{ b }} {{ .Values.c }}", "  {{ toYaml . | nindent 2 }}", "x: \"{\"", "{ {",
            "text: {{", "", "   ", "tpl: {{ tpl . }}", "q: '{{ x }}' # .Values", "\t# {{ .Values.tabbed }}", "\t{{ x }}",
            "image: a:1   # was {{ .Values.image }}", "h: \"# {{ .Values.x }}\"", "u: a#b {{ .Values.y }}", "s: 'it''s # {{ .Values.z }}'",
            "e: \"a\\\" # {{ .Values.w }}\"",
        ]
        var generator = Generator(state: 2)
        var found = 0
        for seed in 0..<3_000 {
            let text = (0..<generator.next(8)).map { _ in lines[generator.next(lines.count)] }.joined(separator: "\n")
                + (generator.next(2) == 0 ? "\n" : "")
            let expected = Self.helmLineByLine(text)
            #expect(YAMLText.helmTemplateLine(in: text) == expected, "seed \(seed): \(text)")
            if expected != nil { found += 1 }
        }
        #expect(found > 500 && found < 2_900, "\(found)")
    }
}
