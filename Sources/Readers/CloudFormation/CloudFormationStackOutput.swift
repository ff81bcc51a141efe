import HCL

/// A Serverless Framework `${cf:STACK.OUTPUT}` (or `${cf(REGION):STACK.OUTPUT}`): the output
/// `OUTPUT` of the stack named `STACK` in the service's region (or `REGION`).
///
/// The Framework's resolver keeps it in the text as a placeholder — private-use characters
/// around the region, stack and output — and the stacks' evaluation replaces it with what that
/// stack of the commit gives (`CloudFormationEvaluator`), as `Fn::ImportValue` is replaced
/// with an export.
struct CloudFormationStackOutput: Hashable {
    var region: String?
    var stack: String
    var output: String

    static let open: Character = "\u{E000}"
    static let close: Character = "\u{E001}"
    private static let separator: Character = "\u{1F}"

    /// The variable's output; nil for another kind of variable, or one without a stack and
    /// an output.
    init?(variable: String, region: String?) {
        var rest = Substring(variable)
        if rest.hasPrefix("cf(") {
            guard let close = rest.firstIndex(of: ")") else { return nil }
            let named = rest[rest.index(rest.startIndex, offsetBy: 3)..<close].trimmingCharacters(in: .whitespaces)
            self.region = named.isEmpty ? region : named
            rest = rest[rest.index(after: close)...]
            guard rest.hasPrefix(":") else { return nil }
            rest = rest.dropFirst()
        } else if rest.hasPrefix("cf:") {
            self.region = region
            rest = rest.dropFirst(3)
        } else {
            return nil
        }
        // The stack's name has no dot; the output's may not either, but the first dot splits.
        guard let dot = rest.firstIndex(of: "."), dot != rest.startIndex, rest.index(after: dot) != rest.endIndex else { return nil }
        stack = rest[..<dot].trimmingCharacters(in: .whitespaces)
        output = rest[rest.index(after: dot)...].trimmingCharacters(in: .whitespaces)
        guard !stack.contains(TerraformMarker.open), !output.contains(TerraformMarker.open) else { return nil }
    }

    init(region: String?, stack: String, output: String) {
        self.region = region
        self.stack = stack
        self.output = output
    }

    /// The placeholder standing for the output, with the variable's fallback (what the
    /// Framework takes when the stack does not give the output), resolved.
    func placeholder(fallback: String? = nil) -> String {
        let fields = [region ?? "", stack, output, fallback.map { "=" + $0 } ?? ""]
        return String(Self.open) + fields.joined(separator: String(Self.separator)) + String(Self.close)
    }

    /// Whether a text may hold a placeholder: a byte test first (`open` is `EE 80 80`).
    static func mayHold(_ text: String) -> Bool {
        text.utf8.contains(0xEE) && text.contains(open)
    }

    /// The text in pieces: literal texts and outputs, in order; nil when it holds no
    /// well-formed placeholder.
    static func pieces(of text: String) -> [Piece]? {
        var pieces: [Piece] = []
        var rest = Substring(text)
        var found = false
        while let start = rest.firstIndex(of: open), let end = rest[start...].firstIndex(of: close) {
            let fields = rest[rest.index(after: start)..<end].split(separator: separator, omittingEmptySubsequences: false)
            guard fields.count == 4 else { return nil }
            if start > rest.startIndex { pieces.append(.text(String(rest[..<start]))) }
            pieces.append(.output(
                CloudFormationStackOutput(region: fields[0].isEmpty ? nil : String(fields[0]), stack: String(fields[1]), output: String(fields[2])),
                fallback: fields[3].hasPrefix("=") ? String(fields[3].dropFirst()) : nil))
            found = true
            rest = rest[rest.index(after: end)...]
        }
        guard found else { return nil }
        if !rest.isEmpty { pieces.append(.text(String(rest))) }
        return pieces
    }

    enum Piece: Equatable {
        case text(String)
        case output(CloudFormationStackOutput, fallback: String?)
    }
}
