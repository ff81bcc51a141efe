/// Splits a CI step's shell script into simple commands, each a list of words and the line
/// it starts on, the way `sh` would: quotes, backslash escapes and line continuations,
/// comments, and `;`, `&&`, `||`, `|`, `&` and parentheses between commands (each parenthesis
/// a command `(` or `)` of its own, so that a subshell's bounds are known).
///
/// Expansions are kept as written (`$IMAGE`, `${TAG}`, `$(git rev-parse HEAD)`), and so are
/// the CI's own templates such as GitHub's `${{ github.sha }}`, which hold spaces. Heredoc
/// bodies are data, not commands, and are skipped.
enum ShellCommands {
    struct Command: Hashable, Sendable {
        var words: [String]
        var line: Int
    }

    /// Whether the text after `<<` starts a CircleCI template (`<< parameters.x >>`,
    /// `<< pipeline.git.branch >>`).
    static func isCircleCITemplate(_ text: ArraySlice<Character>) -> Bool {
        let rest = String(text.drop { $0 == " " })
        return rest.hasPrefix("parameters.") || rest.hasPrefix("pipeline.")
    }

    static func split(_ script: String, firstLine: Int) -> [Command] {
        // `\r\n` is one Character in Swift; as a plain `\n` it separates commands.
        let characters = script.map { $0 == "\r\n" ? "\n" : $0 }
        var commands: [Command] = []
        var words: [String] = []
        var word = ""
        var inWord = false
        var line = firstLine
        var commandLine = firstLine
        var i = 0
        var heredocs: [(delimiter: String, stripsTabs: Bool)] = []

        func startWord() {
            if !inWord, words.isEmpty { commandLine = line }
            inWord = true
        }
        func endWord() {
            if inWord { words.append(word) }
            word = ""
            inWord = false
        }
        func endCommand() {
            endWord()
            if !words.isEmpty { commands.append(Command(words: words, line: commandLine)) }
            words = []
        }
        /// Skips the lines of the heredocs opened on the line just ended.
        func skipHeredocBodies() {
            for (delimiter, stripsTabs) in heredocs {
                while i < characters.count {
                    let start = i
                    while i < characters.count, characters[i] != "\n" { i += 1 }
                    var body = characters[start..<i]
                    if stripsTabs { body = body.drop { $0 == "\t" } }
                    if i < characters.count { i += 1 }
                    line += 1
                    if String(body) == delimiter { break }
                }
            }
            heredocs = []
        }
        /// Appends characters up to and including `closer`, counting lines.
        func takeThrough(_ closer: [Character]) {
            while i < characters.count {
                if characters[i] == "\n" { line += 1 }
                if characters[i...].starts(with: closer) {
                    word.append(contentsOf: closer)
                    i += closer.count
                    return
                }
                word.append(characters[i])
                i += 1
            }
        }

        while i < characters.count {
            let character = characters[i]
            let next: Character? = i + 1 < characters.count ? characters[i + 1] : nil
            switch character {
            case "\\":
                if next == "\n" {
                    line += 1
                } else if let next {
                    startWord()
                    word.append(next)
                }
                i += 2
            case "'":
                startWord()
                i += 1
                while i < characters.count, characters[i] != "'" {
                    if characters[i] == "\n" { line += 1 }
                    word.append(characters[i])
                    i += 1
                }
                i += 1
            case "\"":
                startWord()
                i += 1
                while i < characters.count, characters[i] != "\"" {
                    if characters[i] == "\\", i + 1 < characters.count, "\"\\$`\n".contains(characters[i + 1]) {
                        if characters[i + 1] != "\n" { word.append(characters[i + 1]) } else { line += 1 }
                        i += 2
                        continue
                    }
                    if characters[i] == "$", i + 2 < characters.count, characters[i + 1] == "{", characters[i + 2] == "{" {
                        takeThrough(["}", "}"])
                        continue
                    }
                    if characters[i] == "\n" { line += 1 }
                    word.append(characters[i])
                    i += 1
                }
                i += 1
            case "$" where next == "{" || next == "(":
                startWord()
                if next == "{", i + 2 < characters.count, characters[i + 2] == "{" {
                    takeThrough(["}", "}"])
                } else if next == "{" {
                    takeThrough(["}"])
                } else {
                    takeThrough([")"])
                }
            case "#" where !inWord:
                while i < characters.count, characters[i] != "\n" { i += 1 }
            case " ", "\t", "\r":
                endWord()
                i += 1
            case "\n":
                endCommand()
                line += 1
                i += 1
                skipHeredocBodies()
            case "<" where next == "<" && Self.isCircleCITemplate(characters[(i + 2)...].prefix(24)):
                // CircleCI's `<< parameters.dir >>`, filled in before the shell runs: a
                // template in a word, not a heredoc.
                startWord()
                takeThrough([">", ">"])
            case "<" where next == "<" && i + 2 < characters.count && characters[i + 2] == "<":
                // `<<< word`, a here-string: no body follows.
                endWord()
                i += 3
            case "<" where next == "<":
                // `<<EOF`, `<<-EOF`, `<<'EOF'`: the body, on the following lines, is data.
                endWord()
                i += 2
                let stripsTabs = i < characters.count && characters[i] == "-"
                if stripsTabs { i += 1 }
                while i < characters.count, characters[i] == " " || characters[i] == "'" || characters[i] == "\"" { i += 1 }
                var delimiter = ""
                while i < characters.count, characters[i].isLetter || characters[i].isNumber || characters[i] == "_" {
                    delimiter.append(characters[i])
                    i += 1
                }
                if i < characters.count, characters[i] == "'" || characters[i] == "\"" { i += 1 }
                if !delimiter.isEmpty { heredocs.append((delimiter, stripsTabs)) }
            case "(", ")":
                // A subshell's `cd` ends with it: the bounds are commands of their own, which
                // a reader following the working folder uses (`(cd web && make)`).
                endCommand()
                commands.append(Command(words: [String(character)], line: line))
                i += 1
            case ";", "&", "|":
                endCommand()
                i += 1
            default:
                startWord()
                word.append(character)
                i += 1
            }
        }
        endCommand()
        return commands
    }
}
