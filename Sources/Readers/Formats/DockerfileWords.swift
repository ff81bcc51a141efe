/// Word splitting for Dockerfile arguments.
enum DockerfileWords {
    /// Splits at blanks outside quotes, removing the quotes (`A="x y"` is one word, `A=x y`).
    static func split(_ text: String) -> [String] {
        var words: [String] = []
        var current = ""
        var inWord = false
        var quote: Character?
        var escaped = false
        for character in text {
            if escaped {
                current.append(character)
                escaped = false
            } else if character == "\\", quote != "'" {
                escaped = true
                inWord = true
            } else if let open = quote {
                if character == open { quote = nil } else { current.append(character) }
            } else if character == "\"" || character == "'" {
                quote = character
                inWord = true
            } else if character == " " || character == "\t" {
                if inWord { words.append(current) }
                current = ""
                inWord = false
            } else {
                current.append(character)
                inWord = true
            }
        }
        if inWord { words.append(current) }
        return words
    }

    /// The strings of a JSON array of strings (`["a", "b"]`), or nil when it is not one.
    static func jsonArray(_ text: Substring) -> [String]? {
        var strings: [String] = []
        var index = text.startIndex
        func skipBlanks() {
            while index < text.endIndex, text[index] == " " || text[index] == "\t" { index = text.index(after: index) }
        }
        guard text.first == "[" else { return nil }
        index = text.index(after: index)
        skipBlanks()
        if index < text.endIndex, text[index] == "]" { return [] }
        while index < text.endIndex {
            guard text[index] == "\"" else { return nil }
            index = text.index(after: index)
            var string = ""
            while index < text.endIndex, text[index] != "\"" {
                if text[index] == "\\" {
                    index = text.index(after: index)
                    guard index < text.endIndex else { return nil }
                    switch text[index] {
                    case "n": string.append("\n")
                    case "t": string.append("\t")
                    default: string.append(text[index])
                    }
                } else {
                    string.append(text[index])
                }
                index = text.index(after: index)
            }
            guard index < text.endIndex else { return nil }
            strings.append(string)
            index = text.index(after: index)
            skipBlanks()
            guard index < text.endIndex else { return nil }
            if text[index] == "]" { return strings }
            guard text[index] == "," else { return nil }
            index = text.index(after: index)
            skipBlanks()
        }
        return nil
    }
}
