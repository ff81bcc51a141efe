/// Splits a Dockerfile into instructions the way BuildKit does: parser directives at the top
/// (`# escape=` chooses `\` or `` ` `` as the continuation character), comments, line
/// continuations (comment and blank lines inside them are dropped), and heredocs
/// (`RUN <<EOF` … `EOF`), whose bodies are kept apart from the arguments.
enum DockerfileLexer {
    static func instructions(in text: String) -> [DockerfileInstruction] {
        // Lines end at `\n` or `\r\n` (one Character in Swift). Split on the bytes: a line feed
        // always stands between two Characters, so this is the same split, without walking
        // grapheme clusters.
        let lines: [Substring] = text.utf8.split(separator: 0x0A, omittingEmptySubsequences: false).map { line in
            let end = line.last == 0x0D ? line.index(before: line.endIndex) : line.endIndex
            return text[line.startIndex..<end]
        }
        var escape: Character = "\\"
        var directivesAllowed = true
        var instructions: [DockerfileInstruction] = []
        var index = 0
        while index < lines.count {
            let line = lines[index]
            let trimmed = line.drop { $0 == " " || $0 == "\t" }
            if directivesAllowed, let (key, value) = directive(trimmed) {
                if key == "escape", value == "`" || value == "\\" { escape = value.first ?? escape }
                index += 1
                continue
            }
            directivesAllowed = false
            if trimmed.isEmpty || trimmed.first == "#" {
                index += 1
                continue
            }
            let startLine = index + 1
            var logical = ""
            var piece = trimmed
            while true {
                let body = piece.reversed().drop { $0 == " " || $0 == "\t" }
                guard body.first == escape else {
                    logical += piece
                    break
                }
                logical += piece[..<piece.index(piece.startIndex, offsetBy: body.count - 1)]
                index += 1
                // Comment and blank lines inside a continuation are not part of it.
                while index < lines.count {
                    let next = lines[index].drop { $0 == " " || $0 == "\t" }
                    guard next.isEmpty || next.first == "#" else { break }
                    index += 1
                }
                guard index < lines.count else { break }
                piece = lines[index]
            }
            index += 1
            let keywordEnd = logical.firstIndex { $0 == " " || $0 == "\t" } ?? logical.endIndex
            let keyword = logical[..<keywordEnd].uppercased()
            let arguments = String(logical[keywordEnd...].drop { $0 == " " || $0 == "\t" })
            var instruction = DockerfileInstruction(keyword: keyword, arguments: arguments, line: startLine)
            // BuildKit reads heredocs in RUN, COPY and ADD only.
            for heredoc in ["RUN", "COPY", "ADD"].contains(keyword) ? heredocs(in: arguments) : [] {
                let firstLine = index + 1
                var body: [Substring] = []
                while index < lines.count {
                    let line = heredoc.stripsTabs ? lines[index].drop { $0 == "\t" } : lines[index]
                    index += 1
                    if line == heredoc.word { break }
                    body.append(line)
                }
                instruction.heredocs.append(.init(
                    word: String(heredoc.word), body: body.joined(separator: "\n"), firstLine: firstLine, quoted: heredoc.quoted))
            }
            instructions.append(instruction)
        }
        return instructions
    }

    /// `# key=value` at the top of the file; the key lower-cased.
    private static func directive(_ line: Substring) -> (String, String)? {
        guard line.first == "#" else { return nil }
        let body = line.dropFirst().drop { $0 == " " || $0 == "\t" }
        guard let equals = body.firstIndex(of: "=") else { return nil }
        let key = body[..<equals].trimmingBlanks()
        guard !key.isEmpty, key.allSatisfy({ $0.isLetter || $0.isNumber || $0 == "_" }) else { return nil }
        return (key.lowercased(), String(body[body.index(after: equals)...].trimmingBlanks()))
    }

    /// The heredocs an instruction opens (`<<EOF`, `<<-EOF`, `<<"EOF"`), in order: a `<<`
    /// opening a word outside quotes (`sed "s|<<API_URL>>|/api|"` opens none).
    static func heredocs(in arguments: String) -> [(word: Substring, stripsTabs: Bool, quoted: Bool)] {
        var result: [(Substring, Bool, Bool)] = []
        guard arguments.firstRange(ofASCII: "<<") != nil else { return result }
        var rest = arguments[...]
        while let open = Self.unquotedWordStart(of: "<<", in: rest) {
            var tail = rest[open.upperBound...]
            let stripsTabs = tail.first == "-"
            if stripsTabs { tail = tail.dropFirst() }
            let quote = tail.first.flatMap { $0 == "\"" || $0 == "'" ? $0 : nil }
            if quote != nil { tail = tail.dropFirst() }
            // `<<index.html` names the file it writes: dots and dashes belong to the word.
            let word = tail.prefix { $0.isLetter || $0.isNumber || $0 == "_" || $0 == "." || $0 == "-" }
            // `$((1<<2))` is a shift, not a heredoc: a heredoc's word starts with a letter.
            if let first = word.first, first.isLetter || first == "_" { result.append((word, stripsTabs, quote != nil)) }
            rest = tail[word.endIndex...]
            // `<<"EOF"`: the closing quote ends the word; it opens nothing.
            if let quote, rest.first == quote { rest = rest.dropFirst() }
        }
        return result
    }

    /// The first `marker` outside single and double quotes that opens a word (at the start or
    /// after a blank), if any.
    static func unquotedWordStart(of marker: String, in text: Substring) -> Range<Substring.Index>? {
        var quote: Character?
        var previous: Character = " "
        var index = text.startIndex
        while index < text.endIndex {
            let character = text[index]
            if character == "\\", quote != "'" {
                // An escaped character, inside double quotes or out, opens and closes nothing.
                index = text.index(after: index)
                if index < text.endIndex { previous = text[index]; index = text.index(after: index) }
                continue
            }
            if let open = quote {
                if character == open { quote = nil }
            } else if character == "\"" || character == "'" {
                quote = character
            } else if previous == " " || previous == "\t", text[index...].hasPrefix(marker) {
                return index..<text.index(index, offsetBy: marker.count)
            }
            previous = character
            index = text.index(after: index)
        }
        return nil
    }
}
