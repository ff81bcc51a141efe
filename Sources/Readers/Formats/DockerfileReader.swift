import Model

/// Reads a Dockerfile for the images it builds from and the context files it copies in.
///
/// `FROM` images have global `ARG` defaults substituted (`ARG BASE=nginx:1.25` … `FROM
/// ${BASE}`); a `FROM` naming an earlier stage, and `scratch`, are not images. `COPY` and `ADD`
/// sources from the build context become `copies`; `ADD https://…` is a mention. What the
/// final stage carries into its containers — `ENV` values, and nginx configuration and web
/// pages written from heredocs — is its `runtime`. A variable with no value stays as written,
/// with a note: build arguments given on the command line are invisible here.
public struct DockerfileReader: FileReader {
    public let name = "dockerfile"
    public let version = 10

    public init() {}

    public func accepts(path: String) -> Bool {
        let file = path.fileName
        if file.hasSuffix(".dockerignore") { return false }
        return file == "Dockerfile" || file == "Containerfile" || file.hasPrefix("Dockerfile.")
            || file.hasPrefix("Containerfile.") || file.hasSuffix(".Dockerfile") || file.hasSuffix(".dockerfile")
    }

    public func read(path: String, bytes: [UInt8]) -> FileFacts {
        var facts = FileFacts(path: path)
        let (text, decodingProblem) = LenientText.decode(bytes, path: path)
        facts.diagnostics += decodingProblem.map { [$0] } ?? []
        var state = State(path: path)
        for instruction in DockerfileLexer.instructions(in: text) {
            state.apply(instruction)
        }
        facts.dockerfile = state.finished
        facts.mentions = state.mentions
        facts.diagnostics += state.diagnostics
        return facts
    }

    /// What is known while walking the instructions in order.
    /// A `FROM` reference with the arguments a build passes given, by the Dockerfile's own
    /// rules (`${BASE:-nginx}` included); nil when it names one the build does not give.
    static func substituting(_ text: String, arguments: [String: String]) -> String? {
        let (result, unresolved) = State.substitute(text, scope: arguments.mapValues { $0 })
        return unresolved.isEmpty ? result : nil
    }

    /// The longest text a substitution builds (64 KiB): each `ARG A2=${A1}${A1}` doubles the
    /// last, so a few dozen lines of a pull request's Dockerfile would otherwise ask for
    /// terabytes. A value that would pass it is not substituted, as one not known.
    static let maximumExpansion = 65_536

    private struct State {
        let path: String
        var fact = DockerfileFact()
        var mentions: [Mention] = []
        var diagnostics: [Diagnostic] = []
        /// ARGs declared before the first FROM; nil values were declared without a default.
        var globals: [String: String?] = [:]
        /// ARG and ENV values of the current stage.
        var locals: [String: String?] = [:]
        var inStage = false
        /// Lower-cased names of the stages so far.
        var stages: Set<String> = []
        /// What the current stage gives its containers (see `DockerfileFact.runtime`), and
        /// what each named stage gave, for a stage built `FROM` it.
        var runtime = Runtime()
        var stageRuntimes: [String: Runtime] = [:]

        /// `ENV` values by name (a later one replaces an earlier), and what heredocs write.
        struct Runtime {
            var environment: [String: Mention] = [:]
            var written: [Mention] = []

            var mentions: [Mention] {
                (environment.values + written).sorted { ($0.line, $0.context, $0.text) < ($1.line, $1.context, $1.text) }
            }
        }
        var stageName: String?

        init(path: String) {
            self.path = path
        }

        mutating func apply(_ instruction: DockerfileInstruction) {
            switch instruction.keyword {
            case "ARG": declareArguments(instruction)
            case "ENV": declareEnvironment(instruction)
            case "FROM": from(instruction)
            case "COPY", "ADD": copy(instruction)
            default: break
            }
        }

        /// What the walk found, once every instruction is applied.
        var finished: DockerfileFact {
            var fact = self.fact
            fact.runtime = runtime.mentions
            return fact
        }

        /// An `ENV` value as the containers see it, when it may name an endpoint: text with a
        /// dot, a scheme or an ARN, or `name:port`. A later `ENV` of the name replaces it.
        private mutating func setRuntime(_ name: String, _ value: String?, line: Int) {
            guard let value, Self.mayNameEndpoint(value), !Self.configuresBuildTool(name) else {
                runtime.environment[name] = nil
                return
            }
            runtime.environment[name] = Mention(text: value, line: line, context: "ENV \(name)")
        }

        /// Variables package managers and toolchains read (`NPM_CONFIG_REGISTRY`,
        /// `PIP_INDEX_URL`, `GOPROXY`): they point at what builds the image, not at what the
        /// service calls.
        static func configuresBuildTool(_ name: String) -> Bool {
            let upper = name.uppercased()
            return buildToolPrefixes.contains { upper.hasPrefix($0) }
        }

        /// Whole tool namespaces (`NPM_`, `PIP_`) and, where a short prefix would also catch an
        /// application's own variables (`UV_API_URL`), the download settings themselves.
        static let buildToolPrefixes = [
            "NPM_", "YARN_", "PNPM_", "PIP_", "PIPENV_", "POETRY_", "CONDA_", "MAVEN_", "GRADLE_", "SBT_", "COMPOSER_", "CARGO_",
            "RUSTUP_", "BUNDLE_", "NUGET_", "HOMEBREW_", "GOPROXY", "GOSUMDB", "GONOSUMDB", "GOPRIVATE", "GONOPROXY", "GOFLAGS",
            "BUN_CONFIG_REGISTRY", "UV_INDEX", "UV_EXTRA_INDEX_URL", "UV_DEFAULT_INDEX", "GEM_HOST", "GEM_SOURCE",
            "PUPPETEER_DOWNLOAD", "PLAYWRIGHT_DOWNLOAD_HOST", "CYPRESS_DOWNLOAD_MIRROR", "ELECTRON_MIRROR", "SASS_BINARY",
            "NODE_EXTRA_CA",
        ]

        static func mayNameEndpoint(_ value: String) -> Bool {
            if value.contains(".") || value.contains("://") || value.contains("arn:") { return true }
            // `api:8080`.
            guard let colon = value.firstIndex(of: ":") else { return false }
            let port = value[value.index(after: colon)...].prefix { $0.isNumber }
            return colon > value.startIndex && !port.isEmpty
        }

        private mutating func declareArguments(_ instruction: DockerfileInstruction) {
            for word in DockerfileWords.split(instruction.arguments) {
                let (name, value) = Self.assignment(word)
                let resolved = value.flatMap { Self.known($0, scope: inStage ? locals : globals) }
                if inStage {
                    // An ARG without a default inside a stage takes the global one.
                    let inherited: String? = globals[name] ?? nil
                    locals[name] = .some(resolved ?? inherited)
                } else {
                    globals[name] = .some(resolved)
                }
            }
        }

        private mutating func declareEnvironment(_ instruction: DockerfileInstruction) {
            let words = DockerfileWords.split(instruction.arguments)
            if let first = words.first, !first.contains("=") {
                // Legacy `ENV NAME value with spaces`.
                let value = instruction.arguments.drop { $0 != " " && $0 != "\t" }.trimmingBlanks()
                locals[first] = .some(Self.known(String(value), scope: locals))
                setRuntime(first, locals[first] ?? nil, line: instruction.line)
                return
            }
            for word in words {
                let (name, value) = Self.assignment(word)
                locals[name] = .some(value.flatMap { Self.known($0, scope: locals) })
                setRuntime(name, locals[name] ?? nil, line: instruction.line)
            }
        }

        private mutating func from(_ instruction: DockerfileInstruction) {
            inStage = true
            locals = [:]
            let words = instruction.arguments.split { $0 == " " || $0 == "\t" }.filter { !$0.hasPrefix("--") }
            guard let written = words.first else {
                diagnostics.append(Diagnostic(
                    .warning, "FROM names no image", detail: "write the base image, e.g. FROM nginx:1.25",
                    path: path, line: instruction.line))
                return
            }
            // FROM sees only the ARGs declared before the first FROM.
            let image = expand(String(written), line: instruction.line, scope: globals)
            let lowered = image.lowercased()
            if lowered != "scratch", !stages.contains(lowered) {
                fact.baseImages.append(ImageMention(reference: image, line: instruction.line))
            }
            // A stage built on an earlier one keeps what that one gave its containers.
            if let stageName { stageRuntimes[stageName] = runtime }
            runtime = stages.contains(lowered) ? stageRuntimes[lowered] ?? Runtime() : Runtime()
            stageName = nil
            if words.count >= 3, words[1].lowercased() == "as" {
                stages.insert(words[2].lowercased())
                stageName = words[2].lowercased()
            }
        }

        private mutating func copy(_ instruction: DockerfileInstruction) {
            var rest = instruction.arguments[...]
            // Flags come first: `--from=` copies from a stage or image, not the context. An
            // image it names is pulled to build, like a `FROM`.
            while rest.hasPrefix("--") {
                let flag = rest.prefix { $0 != " " && $0 != "\t" }
                if flag.hasPrefix("--from=") {
                    let source = expand(String(flag.dropFirst("--from=".count)), line: instruction.line, scope: locals)
                    let lowered = source.lowercased()
                    if !source.isEmpty, !stages.contains(lowered), !source.allSatisfy(\.isNumber), lowered != "scratch" {
                        fact.baseImages.append(ImageMention(reference: source, line: instruction.line))
                    }
                    return
                }
                rest = rest[flag.endIndex...].drop { $0 == " " || $0 == "\t" }
            }
            let words: [String]
            if rest.first == "[", let array = DockerfileWords.jsonArray(rest) {
                words = array
            } else {
                words = rest.split { $0 == " " || $0 == "\t" }.map(String.init)
            }
            guard words.count >= 2 else { return }
            if !instruction.heredocs.isEmpty {
                // The words the sources open, once: an instruction may open thousands.
                let opened = Set(words.dropLast().compactMap(Self.heredocWord))
                let destination = expand(words[words.count - 1], line: instruction.line, scope: locals)
                for heredoc in instruction.heredocs where opened.contains(heredoc.word) {
                    written(heredoc, to: destination)
                }
            }
            for source in words.dropLast() where !source.hasPrefix("<<") {
                let resolved = expand(source, line: instruction.line, scope: locals)
                let lower = resolved.lowercased()
                if lower.hasPrefix("http://") || lower.hasPrefix("https://") || lower.hasPrefix("git@") {
                    if instruction.keyword == "ADD" {
                        mentions.append(Mention(text: resolved, line: instruction.line, context: "ADD"))
                    }
                    continue
                }
                fact.copies.append(PathReference(path: resolved, line: instruction.line))
            }
        }

        /// The word a source (`<<EOF`, `<<-"EOF"`) opens a heredoc with; nil for a file.
        static func heredocWord(_ source: String) -> String? {
            guard source.hasPrefix("<<") else { return nil }
            let rest = source.dropFirst(2)
            return String((rest.first == "-" ? rest.dropFirst() : rest).filter { $0 != "\"" && $0 != "'" })
        }

        /// A file the image gets from a heredoc: nginx configuration and web pages are read
        /// like the files they become, located in the Dockerfile.
        private mutating func written(_ heredoc: DockerfileInstruction.Heredoc, to destination: String) {
            let file = destination.hasSuffix("/") ? destination + heredoc.word : destination
            // An unquoted word's body has its variables expanded, as BuildKit does.
            let body = heredoc.quoted ? heredoc.body : Self.substitute(heredoc.body, scope: locals).text
            let found: [Mention]
            // nginx loads `*.conf` from its configuration folders, and its main `nginx.conf`.
            if file.hasSuffix(".conf"), NginxReader().accepts(path: file) {
                let nginx = NginxReader.mentions(in: body, path: path, firstLine: heredoc.firstLine)
                found = nginx.mentions
                diagnostics += nginx.diagnostics
            } else if AssetReader().accepts(path: file) {
                found = AssetReader().read(path: file, bytes: Array(body.utf8)).mentions.map { mention in
                    var located = mention
                    located.line += heredoc.firstLine - 1
                    return located
                }
            } else {
                return
            }
            runtime.written += found.map { mention in
                var written = mention
                written.context = "\(mention.context) in \(file)"
                return written
            }
        }

        /// `NAME=value` or `NAME`.
        private static func assignment(_ word: String) -> (String, String?) {
            guard let equals = word.firstIndex(of: "=") else { return (word, nil) }
            return (String(word[..<equals]), String(word[word.index(after: equals)...]))
        }

        /// `text` with its variables substituted, noting those with no value, which stay as
        /// written.
        private mutating func expand(_ text: String, line: Int, scope: [String: String?]) -> String {
            let (result, unresolved) = Self.substitute(text, scope: scope)
            if !unresolved.isEmpty {
                let names = unresolved.map { "$\($0)" }.joined(separator: ", ")
                diagnostics.append(Diagnostic(
                    .note, "\(names) has no value in the Dockerfile; '\(result)' is kept as written",
                    detail: "give it a default (ARG NAME=value before the first FROM for FROM lines); values passed with --build-arg are not visible to Faultline",
                    path: path, line: line))
            }
            return result
        }

        /// The value of an ARG or ENV when every variable in it is known, else nil: a value
        /// built from an unknown is unknown too, so its uses stay as written.
        private static func known(_ text: String, scope: [String: String?]) -> String? {
            let (result, unresolved) = substitute(text, scope: scope)
            return unresolved.isEmpty ? result : nil
        }

        /// Substitutes `$NAME`, `${NAME}`, `${NAME:-default}` and `${NAME:+alternative}` from
        /// `scope`; a variable with no value stays as written and is returned in `unresolved`,
        /// as is one whose value would make the text longer than ``DockerfileReader/maximumExpansion``.
        fileprivate static func substitute(_ text: String, scope: [String: String?]) -> (text: String, unresolved: [String]) {
            guard text.contains("$") else { return (text, []) }
            var result = ""
            var unresolved: [String] = []
            var index = text.startIndex
            while index < text.endIndex {
                let character = text[index]
                guard character == "$" else {
                    result.append(character)
                    index = text.index(after: index)
                    continue
                }
                let next = text.index(after: index)
                let reference: (name: Substring, modifier: Substring?, end: String.Index)
                if next < text.endIndex, text[next] == "{" {
                    guard let close = text[next...].firstIndex(of: "}") else {
                        result += text[index...]
                        break
                    }
                    let inner = text[text.index(after: next)..<close]
                    let nameEnd = inner.firstIndex { !($0.isLetter || $0.isNumber || $0 == "_") } ?? inner.endIndex
                    reference = (inner[..<nameEnd], nameEnd < inner.endIndex ? inner[nameEnd...] : nil, text.index(after: close))
                } else {
                    let name = text[next...].prefix { $0.isLetter || $0.isNumber || $0 == "_" }
                    reference = (name, nil, name.endIndex)
                }
                guard !reference.name.isEmpty else {
                    result.append("$")
                    index = next
                    continue
                }
                var value = scope[String(reference.name)] ?? nil
                if let known = value, result.utf8.count + known.utf8.count > DockerfileReader.maximumExpansion { value = nil }
                switch (reference.modifier, value) {
                case (nil, let value?):
                    result += value
                case (let modifier?, _) where modifier.hasPrefix(":-") || modifier.hasPrefix("-"):
                    let fallback = modifier.drop { $0 == ":" }.dropFirst()
                    result += value.flatMap { $0.isEmpty && modifier.hasPrefix(":") ? nil : $0 } ?? String(fallback)
                case (let modifier?, _) where modifier.hasPrefix(":+") || modifier.hasPrefix("+"):
                    let alternative = modifier.drop { $0 == ":" }.dropFirst()
                    result += value.map { $0.isEmpty && modifier.hasPrefix(":") ? "" : String(alternative) } ?? ""
                default:
                    result += text[index..<reference.end]
                    unresolved.append(String(reference.name))
                }
                index = reference.end
            }
            return (result, unresolved)
        }
    }
}
