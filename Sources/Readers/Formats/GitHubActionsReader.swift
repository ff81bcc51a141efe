import Model

/// Reads a GitHub Actions workflow: the images jobs run in (`container`, `services`,
/// `docker://` steps), the actions and reusable workflows used, and the images built by
/// `docker/build-push-action` (or Blacksmith's copy of it) or by `docker build` in `run` steps.
///
/// Tags written as `${{ steps.meta.outputs.tags }}` are traced to the `images` of that
/// `docker/metadata-action` step when it is in the same job.
public struct GitHubActionsReader: FileReader {
    public let name = "github-actions"
    public let version = 12

    public init() {}

    static let rootSpellings = ["$GITHUB_WORKSPACE", "${GITHUB_WORKSPACE}", "${{ github.workspace }}", "${{github.workspace}}"]

    public func accepts(path: String) -> Bool {
        guard path.hasPrefix(".github/workflows/") else { return false }
        let file = path.dropFirst(".github/workflows/".count)
        return !file.contains("/") && (file.hasSuffix(".yml") || file.hasSuffix(".yaml"))
    }

    public func read(path: String, bytes: [UInt8]) -> FileFacts {
        var facts = FileFacts(path: path)
        let loaded = YAMLLoader().load(bytes, path: path)
        facts.diagnostics = loaded.diagnostics
        var pipeline = PipelineFact(system: "github-actions", line: loaded.documents.first?.root.line ?? 1)
        for document in loaded.documents {
            let root = document.root
            let defaultDirectory = root["defaults"]?["run"]?["working-directory"]?.string
            let workflowEnvironment = CircleCIReader.environment(root["env"])
            if let jobs = root.entry("jobs"), jobs.value.entries == nil {
                facts.diagnostics.append(Diagnostic(
                    .warning, "'jobs' is not a mapping of job ids to jobs; no job was read",
                    detail: "write each job under jobs as 'id:' with runs-on and steps", path: path, line: jobs.key.line))
            }
            // Each job's own images and what it builds, applies and deploys; then the images of
            // the jobs it waits for (`needs:`, transitively) join those of what it ships: if
            // they cannot run, neither does it.
            var jobs: [String: (images: Range<Int>, builds: Range<Int>, applies: Range<Int>, deploys: Range<Int>, needs: [String])] = [:]
            for entry in root["jobs"]?.entries ?? [] {
                let before = (pipeline.images.count, pipeline.builds.count, pipeline.applies.count, pipeline.deploys.count)
                read(job: entry.value, defaultDirectory: defaultDirectory, environment: workflowEnvironment, into: &pipeline)
                guard let id = entry.key.string else { continue }
                let needs = entry.value["needs"].map { $0.string.map { [$0] } ?? ($0.items ?? []).compactMap(\.string) } ?? []
                jobs[id] = (before.0..<pipeline.images.count, before.1..<pipeline.builds.count, before.2..<pipeline.applies.count,
                            before.3..<pipeline.deploys.count, needs)
            }
            for (id, job) in jobs where !job.needs.isEmpty && !(job.builds.isEmpty && job.applies.isEmpty && job.deploys.isEmpty) {
                let images = PipelineFact.waitedImages(of: id, waits: { jobs[$0]?.needs ?? [] }) { jobs[$0].map { Array(pipeline.images[$0.images]) } }
                pipeline.addWaited(images, builds: job.builds, applies: job.applies, deploys: job.deploys)
            }
        }
        facts.pipelines = [pipeline]
        return facts
    }

    private func read(job: YAMLNode, defaultDirectory: String?, environment: [String: String], into pipeline: inout PipelineFact) {
        let (imagesBefore, appliesBefore, deploysBefore) = (pipeline.images.count, pipeline.applies.count, pipeline.deploys.count)
        let buildsBefore = pipeline.builds.count
        // The builds, applies and deploys this job runs, in the images this job runs in.
        defer {
            let images = Array(pipeline.images[imagesBefore...])
            for index in buildsBefore..<pipeline.builds.count { pipeline.builds[index].images = images }
            for index in appliesBefore..<pipeline.applies.count { pipeline.applies[index].images = images }
            for index in deploysBefore..<pipeline.deploys.count { pipeline.deploys[index].images = images }
        }
        // The job's variables, and the region `aws-actions/configure-aws-credentials` sets for
        // the steps after it.
        var jobEnvironment = environment.merging(CircleCIReader.environment(job["env"])) { $1 }
        let matrix = Self.matrixValues(job["strategy"]?["matrix"])
        for image in [CIScript.image(in: job["container"], key: "image")] + (job["services"]?.entries ?? []).map({ CIScript.image(in: $0.value, key: "image") }) {
            guard let image else { continue }
            pipeline.images += Self.expanding(image, matrix: matrix)
        }
        if let workflow = job["uses"], let name = workflow.string {
            pipeline.uses.append(NamedReference(name: name, line: workflow.line))
        }
        let directory = job["defaults"]?["run"]?["working-directory"]?.string ?? defaultDirectory ?? "."
        // Images named by each `docker/metadata-action` step, by step id.
        var metadataImages: [String: [String]] = [:]
        for step in job["steps"]?.items ?? [] {
            if let uses = step["uses"], let action = uses.string {
                if action.hasPrefix("docker://") {
                    pipeline.images.append(ImageMention(reference: String(action.dropFirst("docker://".count)), line: uses.line))
                    continue
                }
                pipeline.uses.append(NamedReference(name: action, line: uses.line))
                // `${{ env.NAME }}` in an action's inputs is the workflow's, job's or step's literal value.
                let stepEnvironment = jobEnvironment.merging(CircleCIReader.environment(step["env"])) { $1 }
                if action.hasPrefix("docker/metadata-action"), let id = step["id"]?.string {
                    metadataImages[id] = Self.metadataImages(Self.substitutingEnvironment(step["with"]?["images"]?.string ?? "", stepEnvironment))
                }
                // Blacksmith's action is Docker's with the same inputs, on its own builders.
                if action.hasPrefix("docker/build-push-action") || action.hasPrefix("useblacksmith/build-push-action") {
                    pipeline.builds += buildPushBuilds(step["with"], line: uses.line, metadataImages: metadataImages, environment: stepEnvironment)
                }
            }
            if let uses = step["uses"]?.string, uses.hasPrefix("aws-actions/configure-aws-credentials@"),
               let region = step["with"]?["aws-region"]?.string.flatMap(DockerBuildScanner.literal) {
                jobEnvironment["AWS_REGION"] = region
                jobEnvironment["AWS_DEFAULT_REGION"] = region
            }
            if let run = step["run"], let script = run.string {
                var scanner = DockerBuildScanner(
                    workingDirectory: step["working-directory"]?.string ?? directory, rootSpellings: Self.rootSpellings)
                scanner.environment = jobEnvironment.merging(CircleCIReader.environment(step["env"])) { $1 }
                pipeline.builds += scanner.builds(in: Self.substitutingEnvironment(script, scanner.environment), firstLine: CIScript.firstLine(of: run))
                pipeline.applies += scanner.applies
                pipeline.deploys += scanner.deploys
            }
            // AWS's action deploys the template at its `template` input (a path, or a URL not read).
            if let uses = step["uses"], let action = uses.string, action.hasPrefix("aws-actions/aws-cloudformation-github-deploy@"),
               let template = step["with"]?["template"]?.string, !template.contains("://")
            {
                let scanner = DockerBuildScanner(rootSpellings: Self.rootSpellings)
                let stepEnvironment = jobEnvironment.merging(CircleCIReader.environment(step["env"])) { $1 }
                pipeline.deploys.append(StackDeploy(
                    template: scanner.resolve(template) ?? template, stackName: step["with"]?["name"]?.string.flatMap(DockerBuildScanner.literal),
                    region: (stepEnvironment["AWS_REGION"] ?? stepEnvironment["AWS_DEFAULT_REGION"]).flatMap(DockerBuildScanner.literal), line: uses.line))
            }
            // dflook's actions apply the root module at their `path` input (the checkout's root by default).
            if let uses = step["uses"], let action = uses.string,
               action.hasPrefix("dflook/terraform-apply@") || action.hasPrefix("dflook/tofu-apply@")
            {
                let scanner = DockerBuildScanner(rootSpellings: Self.rootSpellings)
                let path = step["with"]?["path"]?.string ?? "."
                pipeline.applies.append(TerraformApply(folder: scanner.resolve(path) ?? path, line: uses.line))
            }
        }
    }

    private func buildPushBuilds(_ with: YAMLNode?, line: Int, metadataImages: [String: [String]], environment: [String: String]) -> [ImageBuild] {
        let scanner = DockerBuildScanner(rootSpellings: Self.rootSpellings)
        func input(_ name: String) -> String? { with?[name]?.string.map { Self.substitutingEnvironment($0, environment) } }
        // Without `context` the action builds the commit's own tree: the repository root.
        var context = input("context") ?? "."
        if context.hasPrefix("{{defaultContext}}") {
            context = String(context.dropFirst("{{defaultContext}}".count).drop { $0 == ":" })
        }
        let resolvedContext = scanner.placed(context.isEmpty ? "." : context)
        let dockerfile = input("file").map { scanner.resolve($0) ?? $0 }
        var images: [String] = []
        for tag in Self.list(input("tags") ?? "") {
            if let id = Self.metadataStep(in: tag), let named = metadataImages[id], !named.isEmpty {
                images += named
            } else {
                images.append(DockerBuildScanner.imageName(tag))
            }
        }
        var seen: Set<String> = []
        return images.filter { seen.insert($0).inserted }.map {
            ImageBuild(image: $0, context: resolvedContext, dockerfile: dockerfile, line: line)
        }
    }

    /// The literal values a job's `strategy.matrix` gives each key: its lists and its
    /// `include:` entries' values (a matrix built from an expression, `fromJSON(…)`, gives none).
    static func matrixValues(_ matrix: YAMLNode?) -> [String: [String]] {
        var values: [String: [String]] = [:]
        var seen: Set<[String]> = []
        func add(_ key: String, _ value: String) {
            guard !value.isEmpty, !value.contains("${{"), seen.insert([key, value]).inserted else { return }
            values[key, default: []].append(value)
        }
        for entry in matrix?.entries ?? [] {
            guard let key = entry.key.string, key != "exclude" else { continue }
            if key == "include" {
                for item in entry.value.items ?? [] {
                    for field in item.entries ?? [] { if let name = field.key.string, let value = field.value.string { add(name, value) } }
                }
            } else {
                for item in entry.value.items ?? [] { if let value = item.string { add(key, value) } }
            }
        }
        return values
    }

    /// Most images one job's matrix expands an image into.
    static let matrixLimit = 64

    /// An image naming matrix values (`node:${{ matrix.node }}`, `${{ matrix.image }}`), once
    /// for each value of the one key it names (each at the image's line); any other image, or
    /// one naming several keys or a key the matrix does not list literally, as written.
    static func expanding(_ image: ImageMention, matrix: [String: [String]]) -> [ImageMention] {
        let reference = image.reference
        guard !matrix.isEmpty, let open = reference.range(of: "${{"), let close = reference.range(of: "}}", range: open.upperBound..<reference.endIndex),
              reference[close.upperBound...].range(of: "${{") == nil
        else { return [image] }
        let expression = reference[open.upperBound..<close.lowerBound].trimmingBlanks()
        guard expression.hasPrefix("matrix."), let values = matrix[String(expression.dropFirst("matrix.".count))] else { return [image] }
        return values.prefix(matrixLimit).map { value in
            ImageMention(reference: reference.replacingCharacters(in: open.lowerBound..<close.upperBound, with: value), line: image.line)
        }
    }

    /// The text with each `${{ env.NAME }}` the environment gives a literal value of one line
    /// replaced by it (GitHub substitutes expressions before a step runs); any other
    /// expression stays as written.
    static func substitutingEnvironment(_ text: String, _ environment: [String: String]) -> String {
        guard !environment.isEmpty, text.contains("${{") else { return text }
        var result = ""
        var rest = Substring(text)
        while let open = rest.range(of: "${{"), let close = rest.range(of: "}}", range: open.upperBound..<rest.endIndex) {
            result += rest[..<open.lowerBound]
            let expression = rest[open.upperBound..<close.lowerBound].trimmingBlanks()
            // A value of several lines would move the lines after it: left as written.
            if expression.hasPrefix("env."), let value = environment[String(expression.dropFirst(4))], !value.contains("${{"), !value.contains("\n") {
                result += value
            } else {
                result += rest[open.lowerBound..<close.upperBound]
            }
            rest = rest[close.upperBound...]
        }
        return result + rest
    }

    /// The items of an action input written as lines or comma-separated values.
    static func list(_ text: String) -> [String] {
        text.split { $0 == "\n" || $0 == "," }.map { String($0.trimmingBlanks()) }.filter { !$0.isEmpty }
    }

    /// The images of `docker/metadata-action`: one a line, each either a name or
    /// comma-separated `name=ghcr.io/org/app,enable=…` fields.
    static func metadataImages(_ text: String) -> [String] {
        text.split(separator: "\n").compactMap { line in
            let fields = line.split(separator: ",").map { $0.trimmingBlanks() }.filter { !$0.isEmpty }
            if let named = fields.first(where: { $0.hasPrefix("name=") }) { return String(named.dropFirst(5)) }
            return fields.first.map(String.init)
        }
    }

    /// The step id of `${{ steps.ID.outputs.tags }}`.
    static func metadataStep(in tag: String) -> String? {
        let compact = tag.filter { $0 != " " }
        guard compact.hasPrefix("${{steps."), compact.hasSuffix(".outputs.tags}}") else { return nil }
        return String(compact.dropFirst("${{steps.".count).dropLast(".outputs.tags}}".count))
    }
}
