import Model

/// Reads `.circleci/config.yml`: the images jobs and executors run in, the orbs used, and the
/// images `run` steps build.
///
/// `machine:` executors are virtual machines, not images, and are skipped. A job's
/// `working_directory` is where `checkout` puts the repository, so builds are placed from
/// there; a step's own `working_directory` moves them.
public struct CircleCIReader: FileReader {
    public let name = "circleci"
    public let version = 8

    public init() {}

    public func accepts(path: String) -> Bool {
        path == ".circleci/config.yml" || path == ".circleci/config.yaml"
    }

    public func read(path: String, bytes: [UInt8]) -> FileFacts {
        var facts = FileFacts(path: path)
        let loaded = YAMLLoader().load(bytes, path: path)
        facts.diagnostics = loaded.diagnostics
        // A broken file still says the repository ships through CircleCI.
        var pipeline = PipelineFact(system: "circleci", line: loaded.documents.first?.root.line ?? 1)
        for document in loaded.documents {
            guard document.root.entries != nil else {
                facts.diagnostics.append(Diagnostic(
                    .warning, "CircleCI configuration is not a mapping; it was not read",
                    detail: "the file must be a mapping with version, jobs and workflows", path: path, line: document.root.line))
                continue
            }
            read(document.root, path: path, into: &pipeline, diagnostics: &facts.diagnostics)
        }
        facts.pipelines = [pipeline]
        return facts
    }

    private func read(_ root: YAMLNode, path: String, into pipeline: inout PipelineFact, diagnostics: inout [Diagnostic]) {
        for entry in root["orbs"]?.entries ?? [] {
            // An inline orb (a mapping) is defined here, not fetched.
            if let orb = entry.value.string { pipeline.uses.append(NamedReference(name: orb, line: entry.value.line)) }
        }
        for entry in root["executors"]?.entries ?? [] {
            pipeline.images += images(in: entry.value["docker"], path: path, diagnostics: &diagnostics)
        }
        var jobs: [String: (images: [ImageMention], builds: Range<Int>, applies: Range<Int>, deploys: Range<Int>)] = [:]
        for entry in root["jobs"]?.entries ?? [] {
            let job = entry.value
            let before = (pipeline.builds.count, pipeline.applies.count, pipeline.deploys.count)
            var jobImages = images(in: job["docker"], path: path, diagnostics: &diagnostics)
            pipeline.images += jobImages
            // A job running in a named executor runs in its images (`executor: tf` or `{name: tf}`).
            if let executor = job["executor"]?.string ?? job["executor"]?["name"]?.string, let defined = root["executors"]?[executor] {
                var ignored: [Diagnostic] = []
                jobImages += images(in: defined["docker"], path: path, diagnostics: &ignored)
            }
            let found = builds(in: job["steps"], jobDirectory: job["working_directory"]?.string, environment: Self.environment(job["environment"]))
            pipeline.builds += found.builds.map { build in
                var build = build
                build.images = jobImages
                return build
            }
            pipeline.applies += found.applies.map { TerraformApply(folder: $0.folder, line: $0.line, images: jobImages) }
            pipeline.deploys += found.deploys.map { deploy in
                var deploy = deploy
                deploy.images = jobImages
                return deploy
            }
            if let name = entry.key.string {
                jobs[name] = (jobImages, before.0..<pipeline.builds.count, before.1..<pipeline.applies.count, before.2..<pipeline.deploys.count)
            }
        }
        // A workflow runs a job once those it `requires` (and theirs) have: their images are on
        // the way to what it ships too.
        var requires: [String: Set<String>] = [:]
        for workflow in root["workflows"]?.entries ?? [] {
            for item in workflow.value["jobs"]?.items ?? [] {
                guard let (name, settings) = item.string.map({ ($0, nil as YAMLNode?) }) ?? item.entries?.first.flatMap({ entry in entry.key.string.map { ($0, entry.value) } })
                else { continue }
                for required in settings?["requires"]?.items ?? [] { if let other = required.string { requires[name, default: []].insert(other) } }
            }
        }
        for (name, job) in jobs where !(job.builds.isEmpty && job.applies.isEmpty && job.deploys.isEmpty) {
            let images = PipelineFact.waitedImages(of: name, waits: { (requires[$0] ?? []).sorted() }) { jobs[$0]?.images }
            pipeline.addWaited(images, builds: job.builds, applies: job.applies, deploys: job.deploys)
        }
        for entry in root["commands"]?.entries ?? [] {
            let found = builds(in: entry.value["steps"], jobDirectory: nil, environment: [:])
            pipeline.builds += found.builds
            pipeline.applies += found.applies
            pipeline.deploys += found.deploys
        }
    }

    private func images(in docker: YAMLNode?, path: String, diagnostics: inout [Diagnostic]) -> [ImageMention] {
        guard let docker else { return [] }
        guard let items = docker.items else {
            diagnostics.append(Diagnostic(
                .warning, "'docker' is not a list of images; it was skipped",
                detail: "write it as a list: docker: [{image: cimg/base:current}]", path: path, line: docker.line))
            return []
        }
        return items.compactMap { CIScript.image(in: $0["image"], key: "name") }
    }

    /// A job's `environment:` variables with literal values.
    static func environment(_ node: YAMLNode?) -> [String: String] {
        var variables: [String: String] = [:]
        for entry in node?.entries ?? [] {
            if let name = entry.key.string, let value = entry.value.string { variables[name] = value }
        }
        return variables
    }

    private func builds(in steps: YAMLNode?, jobDirectory: String?, environment: [String: String]) -> (builds: [ImageBuild], applies: [TerraformApply], deploys: [StackDeploy]) {
        var roots = ["~/project", "/home/circleci/project", "$CIRCLE_WORKING_DIRECTORY", "${CIRCLE_WORKING_DIRECTORY}"]
        if let jobDirectory { roots.insert(jobDirectory, at: 0) }
        var builds: [ImageBuild] = []
        var applies: [TerraformApply] = []
        var deploys: [StackDeploy] = []
        for step in steps?.items ?? [] {
            // `deploy` is the older name of `run`, still accepted.
            guard let run = step["run"] ?? step["deploy"] else { continue }
            let command = run.string != nil ? run : run["command"]
            guard let command, let script = command.string else { continue }
            var scanner = DockerBuildScanner(workingDirectory: run["working_directory"]?.string ?? ".", rootSpellings: roots)
            scanner.environment = environment.merging(Self.environment(run["environment"])) { $1 }
            builds += scanner.builds(in: script, firstLine: CIScript.firstLine(of: command))
            applies += scanner.applies
            deploys += scanner.deploys
        }
        return (builds, applies, deploys)
    }
}
