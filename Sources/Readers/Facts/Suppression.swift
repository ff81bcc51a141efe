import Model

/// An accepted risk written in a file, next to the configuration it is about:
///
///     # faultline:accept single-region service:aws/us-east-1/s3 expires=2027-01-31 reason=CDN lands in PLAT-412
///
/// It holds for findings of that rule and scenario whose lines include this file, until the
/// end of its expiry day. `#` and `//` comments are recognised (YAML, HCL, nginx, Dockerfiles,
/// shell), and `<!-- … -->` (HTML) and `/* … */` (CSS) comments, on their first line or any
/// line inside them. Reason and expiry are required, as in `.faultline.yaml`.
public enum SuppressionScanner {
    public static let marker = "faultline:accept"

    /// The acceptances written in a file, each located at its line, and a diagnostic for every
    /// malformed one (a suppression that silently fails to apply would be worse than none).
    public static func scan(path: String, bytes: [UInt8]) -> (acceptances: [Acceptance], problems: [Diagnostic]) {
        // Most files have no marker; a byte search keeps this off the hot path.
        guard ByteSearch.contains(Array(marker.utf8), in: bytes) else { return ([], []) }
        var acceptances: [Acceptance] = []
        var problems: [Diagnostic] = []
        let text = String(decoding: bytes, as: UTF8.self)
        // The closer of a `<!--` or `/*` comment a line leaves open: its next lines are comment
        // (in web files only: elsewhere `/*` is a path or a glob in a string).
        let blocks = Self.blockCommentExtensions.contains(path.split(separator: ".").last.map { $0.lowercased() } ?? "")
        var openBlock: String?
        for (index, rawLine) in text.split(separator: "\n", omittingEmptySubsequences: false).enumerated() {
            let inBlock = openBlock != nil
            if blocks { openBlock = Self.blockLeftOpen(by: rawLine, open: openBlock) }
            guard let start = rawLine.firstRange(of: marker) else { continue }
            let before = rawLine[..<start.lowerBound]
            guard inBlock || before.contains("#") || before.contains("//") || before.contains("<!--") || before.contains("/*") else { continue }
            var rest = rawLine[start.upperBound...]
            if let close = rest.firstRange(of: "-->") { rest = rest[..<close.lowerBound] }
            if let close = rest.firstRange(of: "*/") { rest = rest[..<close.lowerBound] }
            let line = index + 1
            switch parse(rest) {
            case .success(let parsed):
                acceptances.append(Acceptance(
                    rule: parsed.rule, entrypoint: "*", scenario: parsed.scenario, reason: parsed.reason,
                    expires: parsed.expires, line: line, path: path))
            case .failure(let problem):
                problems.append(Diagnostic(
                    .error, "faultline:accept \(problem.message)",
                    detail: "write: faultline:accept RULE SCENARIO expires=YYYY-MM-DD reason=WHY", path: path, line: line))
            }
        }
        return (acceptances, problems)
    }

    /// Files whose `<!-- … -->` and `/* … */` comments span lines.
    static let blockCommentExtensions: Set<String> = ["html", "htm", "xhtml", "css", "scss", "less", "svg", "xml", "js", "mjs", "ts"]

    /// The closer (`-->` or `*/`) of the block comment a line leaves open, given the one open
    /// before it.
    static func blockLeftOpen(by line: Substring, open: String?) -> String? {
        // One pass over the bytes: a line of many comments costs no more than its length.
        var open = open
        let bytes = Array(line.utf8)
        var index = 0
        func starts(_ marker: [UInt8]) -> Bool {
            index + marker.count <= bytes.count && bytes[index..<index + marker.count].elementsEqual(marker)
        }
        while index < bytes.count {
            if let closer = open {
                let marker = Array(closer.utf8)
                if starts(marker) {
                    open = nil
                    index += marker.count
                    continue
                }
            } else if starts([0x3C, 0x21, 0x2D, 0x2D]) {
                open = "-->"
                index += 4
                continue
            } else if starts([0x2F, 0x2A]) {
                open = "*/"
                index += 2
                continue
            }
            index += 1
        }
        return open
    }

    struct Parsed {
        let rule: String
        let scenario: String
        let expires: String
        let reason: String
    }

    struct Problem: Error {
        let message: String
    }

    static func parse(_ text: Substring) -> Result<Parsed, Problem> {
        let words = text.split(separator: " ", omittingEmptySubsequences: true)
        guard words.count >= 2, !words[0].contains("="), !words[1].contains("=") else {
            return .failure(Problem(message: "needs a rule and a scenario"))
        }
        // expires= may stand anywhere; reason= takes the rest of the comment but that token.
        let expires = words.dropFirst(2).first { $0.hasPrefix("expires=") }.map { String($0.dropFirst("expires=".count)) }
        var reason: String?
        if let start = words.firstIndex(where: { $0.hasPrefix("reason=") }) {
            let rest = words[start...].filter { !$0.hasPrefix("expires=") }.map(String.init)
            reason = ([String(rest[0].dropFirst("reason=".count))] + rest.dropFirst()).joined(separator: " ").trimmingCharacters(in: "\"' ")
        }
        guard let expires, FieldChecker.isDate(expires) else { return .failure(Problem(message: "needs expires=YYYY-MM-DD, a date that exists")) }
        guard let reason, !reason.isEmpty else { return .failure(Problem(message: "needs reason=… (why this risk is acceptable)")) }
        return .success(Parsed(rule: String(words[0]), scenario: String(words[1]), expires: expires, reason: reason))
    }
}

extension String {
    func trimmingCharacters(in set: String) -> String {
        var text = Substring(self)
        while let first = text.first, set.contains(first) { text = text.dropFirst() }
        while let last = text.last, set.contains(last) { text = text.dropLast() }
        return String(text)
    }
}
