/// Finds the images a CI step builds in its shell script: `docker build`, `docker buildx
/// build`, `docker image build`, `podman build`, `buildah bud` and kaniko's `executor`.
///
/// Contexts and Dockerfiles are made relative to the repository root from the folder the
/// shell is in, which follows simple `cd` commands. Paths spelled from the checkout's root
/// (`$CI_PROJECT_DIR/app`, `~/project`) are understood; other paths and variables are kept as
/// written for the linker to judge.
struct DockerBuildScanner {
    /// The folder the shell is in, relative to the repository root.
    var workingDirectory: String
    /// How this CI system spells the checkout's root: `$GITHUB_WORKSPACE`, `~/project`, ….
    var rootSpellings: [String]
    /// The `terraform apply`s the scripts scanned so far run.
    var applies: [TerraformApply] = []
    /// The CloudFormation stacks the scripts scanned so far deploy.
    var deploys: [StackDeploy] = []
    /// Variables the job sets literally (its `env:`, and `export NAME=value` in the scripts
    /// scanned so far): where a deploy without `--region` deploys (`AWS_REGION`).
    var environment: [String: String] = [:]

    init(workingDirectory: String = ".", rootSpellings: [String]) {
        self.rootSpellings = rootSpellings
        self.workingDirectory = "."
        self.workingDirectory = resolve(workingDirectory) ?? workingDirectory
    }

    /// Words a command may start with before its program: assignments aside, wrappers and
    /// the shell's keywords.
    static let prefixWords: Set<String> = ["sudo", "time", "exec", "command", "env", "then", "do", "else", "elif", "!", "{", "nohup"]

    /// The deepest `pushd` stack kept and the longest working folder followed.
    static let maximumFolderDepth = 64
    static let maximumFolderLength = 1_024

    /// Every build in `script`, whose first line is line `firstLine` of the file.
    mutating func builds(in script: String, firstLine: Int) -> [ImageBuild] {
        var builds: [ImageBuild] = []
        var previous: [String] = []
        var subshells: [String] = []
        // The subshell depth at each open `case`.
        var cases: [Int] = []
        for command in ShellCommands.split(script, firstLine: firstLine) {
            var words = command.words[...]
            // Assignments, wrappers and the shell's own words before a command
            // (`if …; then terraform apply; fi`, `for d in …; do …; done`).
            var assigned = environment
            while let first = words.first, Self.isAssignment(first) || Self.prefixWords.contains(first) {
                if Self.isAssignment(first), let equals = first.firstIndex(of: "=") {
                    assigned[String(first[..<equals])] = String(first[first.index(after: equals)...])
                }
                words = words.dropFirst()
                if first == "sudo" || first == "env" { while let option = words.first, option.hasPrefix("-") { words = words.dropFirst() } }
            }
            guard let program = words.first else { continue }
            let arguments = Array(words.dropFirst())
            switch program {
            case "(":
                subshells.append(workingDirectory)
            case ")":
                // A `case` pattern's parenthesis (`prod) … ;;`) closes no subshell.
                guard subshells.count > (cases.last ?? 0) else { continue }
                workingDirectory = subshells.popLast() ?? workingDirectory
            case "case":
                cases.append(subshells.count)
            case "esac":
                _ = cases.popLast()
            case "cd", "pushd":
                // Bounded: a script of thousands of `pushd` lines keeps the latest folders only.
                if previous.count >= Self.maximumFolderDepth { previous.removeFirst() }
                previous.append(workingDirectory)
                if let target = arguments.first(where: { !$0.hasPrefix("-") }) {
                    let resolved = resolve(target) ?? target
                    workingDirectory = resolved.utf8.count <= Self.maximumFolderLength ? resolved : target
                } else {
                    workingDirectory = "."
                }
            case "popd":
                workingDirectory = previous.popLast() ?? workingDirectory
            case "export":
                for word in arguments where Self.isAssignment(word) {
                    guard let equals = word.firstIndex(of: "=") else { continue }
                    environment[String(word[..<equals])] = String(word[word.index(after: equals)...])
                }
            case "aws", "sam":
                if let deploy = stackDeploy(program: program, arguments, environment: assigned, line: command.line) { deploys.append(deploy) }
            case "terraform", "tofu":
                if let folder = terraformApplyFolder(arguments) { applies.append(TerraformApply(folder: folder, line: command.line)) }
            case "docker", "podman", "buildah":
                if let buildArguments = Self.buildArguments(program: program, arguments) {
                    builds += dockerBuild(buildArguments, line: command.line)
                }
            default:
                if program == "executor" || program.hasSuffix("/kaniko/executor") {
                    builds += kanikoBuild(arguments, line: command.line)
                }
            }
        }
        return builds
    }

    /// The folder `terraform [-chdir=DIR] apply …` applies, relative to the repository root
    /// (or as written when it is not a folder of the checkout); nil for another subcommand.
    func terraformApplyFolder(_ arguments: [String]) -> String? {
        var directory: String?
        for argument in arguments {
            if argument.hasPrefix("-chdir=") {
                directory = String(argument.dropFirst("-chdir=".count))
                continue
            }
            // Other global options (`-help`, `-version`) come before the subcommand too.
            if argument.hasPrefix("-") { continue }
            guard argument == "apply" else { return nil }
            guard let directory else { return workingDirectory }
            return resolve(directory) ?? directory
        }
        return nil
    }

    /// The stack `aws cloudformation deploy|create-stack|update-stack …` or `sam deploy …`
    /// deploys; nil for another command, or a template given by URL.
    func stackDeploy(program: String, _ arguments: [String], environment: [String: String], line: Int) -> StackDeploy? {
        var words = arguments[...]
        var options: [String: String] = [:]
        var positional: [String] = []
        while let word = words.popFirst() {
            if word.hasPrefix("-") {
                let (name, inline) = Self.option(word)
                // Flags without a value.
                if ["--no-fail-on-empty-changeset", "--no-execute-changeset", "--guided", "-g", "--debug", "--force-upload",
                    "--no-confirm-changeset", "--confirm-changeset", "--resolve-s3", "--resolve-image-repos", "--fail-on-empty-changeset",
                    "--disable-rollback", "--no-disable-rollback", "--use-json", "--no-progressbar"].contains(name) { continue }
                options[name] = inline ?? words.popFirst()
            } else {
                positional.append(word)
            }
        }
        let template: String
        if program == "aws" {
            guard positional.first == "cloudformation", positional.count > 1 else { return nil }
            switch positional[1] {
            case "deploy":
                guard let file = options["--template-file"] else { return nil }
                template = file
            case "create-stack", "update-stack", "create-change-set":
                guard let body = options["--template-body"], body.hasPrefix("file://") else { return nil }
                template = String(body.dropFirst("file://".count))
            default:
                return nil
            }
        } else {
            guard positional.first == "deploy" else { return nil }
            template = options["--template-file"] ?? options["--template"] ?? options["-t"] ?? "template.yaml"
        }
        let region = options["--region"] ?? environment["AWS_REGION"] ?? environment["AWS_DEFAULT_REGION"]
        return StackDeploy(
            template: resolve(template) ?? template, stackName: options["--stack-name"].flatMap(Self.literal),
            region: region.flatMap(Self.literal), line: line)
    }

    /// A word with no variable or expression in it.
    static func literal(_ word: String) -> String? {
        word.isEmpty || word.contains("$") || word.contains("{") ? nil : word
    }

    /// The arguments after `build` when the command builds an image, else nil.
    private static func buildArguments(program: String, _ arguments: [String]) -> ArraySlice<String>? {
        var rest = arguments[...]
        // Global options come before the subcommand: `docker --context ci build`.
        while let first = rest.first, first.hasPrefix("-") {
            rest = rest.dropFirst()
            if ["-H", "--host", "-c", "--context", "--config", "-l", "--log-level"].contains(first), !first.contains("=") {
                rest = rest.dropFirst()
            }
        }
        let subcommand = rest.prefix(2).map { $0 }
        switch program {
        case "buildah":
            return ["bud", "build"].contains(subcommand.first ?? "") ? rest.dropFirst() : nil
        default:
            if subcommand.first == "build" { return rest.dropFirst() }
            if subcommand.count == 2, ["buildx", "image", "builder"].contains(subcommand[0]), subcommand[1] == "build" {
                return rest.dropFirst(2)
            }
            return nil
        }
    }

    /// Options of `docker build` and its relatives that take a value as the next word.
    private static let valueOptions: Set<String> = [
        "--tag", "--file", "--build-arg", "--platform", "--target", "--label", "--cache-from", "--cache-to", "--secret",
        "--ssh", "--network", "--output", "--progress", "--iidfile", "--add-host", "--build-context", "--metadata-file",
        "--shm-size", "--memory", "--memory-swap", "--ulimit", "--annotation", "--attest", "--allow", "--builder",
        "--cgroup-parent", "--isolation", "--cpu-shares", "--cpu-period", "--cpu-quota", "--cpuset-cpus", "--cpuset-mems",
        "--security-opt", "--call", "--format", "--authfile", "--creds", "--volume", "--env", "--jobs", "--arch", "--os",
        "--variant", "--cache-ttl", "--sign-by", "--runtime",
    ]
    private static let shortValueOptions: Set<Character> = ["t", "f", "o", "m", "c", "v", "e"]

    private func dockerBuild(_ arguments: ArraySlice<String>, line: Int) -> [ImageBuild] {
        var tags: [String] = []
        var file: String?
        var context: String?
        var words = arguments
        while let word = words.popFirst() {
            if word == "--" {
                context = context ?? words.first
                break
            }
            if word.hasPrefix("--") {
                let (name, inline) = Self.option(word)
                let value = inline ?? (Self.valueOptions.contains(name) ? words.popFirst() : nil)
                if name == "--tag", let value { tags.append(value) }
                if name == "--file", let value { file = value }
            } else if word.hasPrefix("-"), word.count > 1 {
                let letter = word[word.index(after: word.startIndex)]
                let attached = word.dropFirst(2)
                guard Self.shortValueOptions.contains(letter) else { continue }
                let value = attached.isEmpty ? words.popFirst() : String(attached.drop { $0 == "=" })
                if letter == "t", let value { tags.append(value) }
                if letter == "f", let value { file = value }
            } else if context == nil {
                context = word
            }
        }
        guard let context else { return [] }
        let resolvedContext = placed(context)
        let dockerfile = file.flatMap { $0 == "-" ? nil : (resolve($0) ?? $0) }
        return Self.unique(tags.map { ImageBuild(image: Self.imageName($0), context: resolvedContext, dockerfile: dockerfile, line: line) })
    }

    private func kanikoBuild(_ arguments: [String], line: Int) -> [ImageBuild] {
        var destinations: [String] = []
        var context: String?
        var file: String?
        var words = arguments[...]
        while let word = words.popFirst() {
            let (name, inline) = Self.option(word)
            guard ["--context", "-c", "--dockerfile", "-f", "--destination", "-d"].contains(name) else { continue }
            guard let value = inline ?? words.popFirst() else { break }
            switch name {
            case "--context", "-c": context = value
            case "--dockerfile", "-f": file = value
            default: destinations.append(value)
            }
        }
        var contextPath = context ?? "."
        if contextPath.hasPrefix("dir://") { contextPath = String(contextPath.dropFirst(6)) }
        let resolvedContext = placed(contextPath)
        // kaniko reads a relative --dockerfile from the context.
        let dockerfile = file.map { path in
            resolve(path, from: path.hasPrefix("/") || path.hasPrefix("$") ? "." : resolvedContext) ?? path
        }
        return Self.unique(destinations.map { ImageBuild(image: Self.imageName($0), context: resolvedContext, dockerfile: dockerfile, line: line) })
    }

    /// `--name=value` or `--name`.
    private static func option(_ word: String) -> (String, String?) {
        guard let equals = word.firstIndex(of: "=") else { return (word, nil) }
        return (String(word[..<equals]), String(word[word.index(after: equals)...]))
    }

    private static func isAssignment(_ word: String) -> Bool {
        guard let equals = word.firstIndex(of: "="), equals > word.startIndex else { return false }
        return word[..<equals].allSatisfy { $0.isLetter || $0.isNumber || $0 == "_" }
    }

    /// A build context relative to the repository root; one that is not a folder of the
    /// checkout (a git or HTTP URL, a bucket, `-` for standard input) stays as written, since
    /// the image is still built and pushed by this pipeline.
    func placed(_ context: String) -> String {
        if context == "-" || context.contains("://") || context.hasPrefix("git@") { return context }
        return resolve(context) ?? context
    }

    /// The image of a tag, without the tag when the tag is not literal:
    /// `ghcr.io/org/app:${{ github.sha }}` is `ghcr.io/org/app`; `nginx:1.25` stays.
    static func imageName(_ tag: String) -> String {
        let lastSlash = tag.lastIndex(of: "/") ?? tag.startIndex
        guard let colon = tag[lastSlash...].firstIndex(of: ":") else { return tag }
        let tagPart = tag[tag.index(after: colon)...]
        return tagPart.contains("$") || tagPart.contains("{") ? String(tag[..<colon]) : tag
    }

    private static func unique(_ builds: [ImageBuild]) -> [ImageBuild] {
        var seen: Set<ImageBuild> = []
        return builds.filter { seen.insert($0).inserted }
    }

    /// `path` relative to the repository root, from the working directory; nil for an
    /// absolute path or a variable outside the checkout, which cannot be placed.
    func resolve(_ path: String) -> String? {
        resolve(path, from: workingDirectory)
    }

    func resolve(_ path: String, from base: String) -> String? {
        for root in rootSpellings {
            if path == root || path == root + "/" { return "." }
            if path.hasPrefix(root + "/") { return Self.normalize(String(path.dropFirst(root.count + 1))) }
        }
        if path.hasPrefix("/") || path.hasPrefix("~") || path.hasPrefix("$") { return nil }
        return Self.normalize(base == "." ? path : base + "/" + path)
    }

    /// Removes `.` segments, empty segments and `..` where it can; `.` for the root. An
    /// absolute path stays absolute.
    static func normalize(_ path: String) -> String {
        let absolute = path.hasPrefix("/")
        var parts: [Substring] = []
        for part in path.split(separator: "/") where part != "." {
            if part == "..", let last = parts.last, last != ".." {
                parts.removeLast()
            } else {
                parts.append(part)
            }
        }
        if absolute { return "/" + parts.joined(separator: "/") }
        return parts.isEmpty ? "." : parts.joined(separator: "/")
    }
}
