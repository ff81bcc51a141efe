/// Text from the analysed repository — object names, file names, values — made safe to print
/// on one line of a report. A pull request writes those names, so a newline in one must not
/// start a line of its own (a `::error` workflow command in a CI log, a Markdown heading in a
/// comment), nor an escape sequence repaint the reader's terminal.
public enum DisplayText {
    /// `text` with every control character — C0, DEL, C1, the Unicode line and paragraph
    /// separators and the bidirectional overrides — written as a visible escape (`\n`, `\r`,
    /// `\t`, `\u{1B}`); other text is kept as it is.
    public static func line(_ text: String) -> String {
        guard text.unicodeScalars.contains(where: isControl) else { return text }
        var out = ""
        for scalar in text.unicodeScalars {
            guard isControl(scalar) else {
                out.unicodeScalars.append(scalar)
                continue
            }
            switch scalar {
            case "\n": out += "\\n"
            case "\r": out += "\\r"
            case "\t": out += "\\t"
            default: out += "\\u{\(String(scalar.value, radix: 16, uppercase: true))}"
            }
        }
        return out
    }

    static func isControl(_ scalar: Unicode.Scalar) -> Bool {
        switch scalar.value {
        case 0x00...0x1F, 0x7F...0x9F, 0x2028, 0x2029, 0x202A...0x202E, 0x2066...0x2069: true
        default: false
        }
    }
}
