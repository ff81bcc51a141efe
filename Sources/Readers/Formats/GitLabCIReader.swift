import Model

/// Reads `.gitlab-ci.yml` (and included `*.gitlab-ci.yml` files): the images jobs and
/// services run in, the files and templates included, and the images scripts build.
///
/// Every top-level mapping that is not a global keyword is a job, hidden ones (`.base`)
/// included: they are only ever there to be extended. A `spec:` header document (CI/CD
/// inputs) carries no jobs and is skipped.
public struct GitLabCIReader: FileReader {
    public let name = "gitlab-ci"
    public let version = 10

    public init() {}

    static let rootSpellings = ["$CI_PROJECT_DIR", "${CI_PROJECT_DIR}"]
    /// Top-level keys that are not jobs.
    static let globalKeywords: Set<String> = [
        "default", "include", "stages", "variables", "workflow", "image", "services", "cache", "before_script",
        "after_script", "spec",
    ]

    public func accepts(path: String) -> Bool {
        let file = path.fileName
        return file == ".gitlab-ci.yml" || file.hasSuffix(".gitlab-ci.yml") || file.hasSuffix(".gitlab-ci.yaml")
    }

    public func read(path: String, bytes: [UInt8]) -> FileFacts {
        var facts = FileFacts(path: path)
        let loaded = YAMLLoader().load(bytes, path: path)
        facts.diagnostics = loaded.diagnostics
        var pipeline = PipelineFact(system: "gitlab", line: loaded.documents.first?.root.line ?? 1)
        for document in loaded.documents {
            let root = document.root
            guard let entries = root.entries else { continue }
            let defaultsStart = pipeline.images.count
            // The file's `variables:` are known to every job's `image:` and `services:`.
            let variables = CIScript.variables(root["variables"])
            images(in: root, variables: variables, path: path, into: &pipeline, diagnostics: &facts.diagnostics)
            images(in: root["default"], variables: variables, path: path, into: &pipeline, diagnostics: &facts.diagnostics)
            let defaults = Array(pipeline.images[defaultsStart...])
            pipeline.uses += includes(root["include"])
            // Each job's images, stage and `needs:`, and what it builds, applies and deploys.
            var jobs: [(name: String, images: [ImageMention], stage: String, needs: [String]?, builds: Range<Int>, applies: Range<Int>, deploys: Range<Int>)] = []
            for entry in entries {
                guard let key = entry.key.string, !Self.globalKeywords.contains(key), entry.value.entries != nil else { continue }
                let jobStart = pipeline.images.count
                // The job's own variables over the file's, worked out only for a job naming an image.
                var jobVariables = variables
                if entry.value["image"] != nil || entry.value["services"] != nil, let own = entry.value["variables"] {
                    jobVariables.merge(CIScript.variables(own)) { _, job in job }
                }
                images(in: entry.value, variables: jobVariables, path: path, into: &pipeline, diagnostics: &facts.diagnostics)
                var deployVariables = variables
                if let own = entry.value["variables"] { deployVariables.merge(CIScript.variables(own)) { _, job in job } }
                let found = builds(in: entry.value, environment: deployVariables)
                // A job without an image of its own runs in the defaults'.
                let own = Array(pipeline.images[jobStart...])
                let jobImages = entry.value["image"] == nil ? defaults + own : own
                let before = (pipeline.builds.count, pipeline.applies.count, pipeline.deploys.count)
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
                let needs = entry.value["needs"].map { node in (node.items ?? []).compactMap { $0.string ?? $0["job"]?.string } }
                // A hidden job (`.template`) is only extended, never run.
                if !key.hasPrefix(".") { jobs.append((key, jobImages, entry.value["stage"]?.string ?? "test", needs,
                             before.0..<pipeline.builds.count, before.1..<pipeline.applies.count, before.2..<pipeline.deploys.count)) }
            }
            // A job runs once those it waits for have: the jobs its `needs:` names (and theirs),
            // else every job of an earlier stage. Their images are on the way to what it ships.
            let stages = (root["stages"]?.items ?? []).compactMap(\.string)
            let order = [".pre"] + (stages.isEmpty ? ["build", "test", "deploy"] : stages) + [".post"]
            func rank(_ stage: String) -> Int { order.firstIndex(of: stage) ?? order.count }
            let byName = Dictionary(jobs.map { ($0.name, $0) }, uniquingKeysWith: { first, _ in first })
            let ranks = jobs.map { rank($0.stage) }
            for (position, job) in jobs.enumerated() where !(job.builds.isEmpty && job.applies.isEmpty && job.deploys.isEmpty) {
                var images: [ImageMention] = []
                if job.needs != nil {
                    images = PipelineFact.waitedImages(of: job.name, waits: { byName[$0]?.needs ?? [] }) { byName[$0]?.images }
                } else {
                    for (index, other) in jobs.enumerated() where ranks[index] < ranks[position] && !other.images.isEmpty {
                        images += other.images
                        if images.count >= PipelineFact.waitedImageLimit { break }
                    }
                }
                pipeline.addWaited(images, builds: job.builds, applies: job.applies, deploys: job.deploys)
            }
        }
        facts.pipelines = [pipeline]
        return facts
    }

    /// `image` (a string or `name:`) and `services` (strings or `name:`) of a job or of
    /// the defaults, with the variables this file sets for it substituted (those of included
    /// files, and GitLab's predefined ones, are not known here).
    private func images(in node: YAMLNode?, variables: [String: String], path: String, into pipeline: inout PipelineFact, diagnostics: inout [Diagnostic]) {
        guard let node else { return }
        if let image = CIScript.image(in: node["image"], key: "name", variables: variables) { pipeline.images.append(image) }
        if let services = node.entry("services"), services.value.items == nil, !services.value.isNull {
            diagnostics.append(Diagnostic(
                .warning, "'services' is not a list; its images were not read",
                detail: "write it as a list: services: [docker:24-dind]", path: path, line: services.key.line))
        }
        for service in node["services"]?.items ?? [] {
            if let image = CIScript.image(in: service, key: "name", variables: variables) { pipeline.images.append(image) }
        }
    }

    /// A job's scripts run in one shell from the project folder, so a `cd` carries over.
    private func builds(in job: YAMLNode, environment: [String: String]) -> (builds: [ImageBuild], applies: [TerraformApply], deploys: [StackDeploy]) {
        var scanner = DockerBuildScanner(rootSpellings: Self.rootSpellings)
        scanner.environment = environment
        var builds: [ImageBuild] = []
        for key in ["before_script", "script"] {
            for line in CIScript.scripts(in: job[key]) {
                builds += scanner.builds(in: line.string ?? "", firstLine: CIScript.firstLine(of: line))
            }
        }
        return (builds, scanner.applies, scanner.deploys)
    }

    /// `include:` as a string, a list, or mappings with `local`, `remote`, `template`,
    /// `component` or `project` and `file` (written `project:file`).
    private func includes(_ node: YAMLNode?) -> [NamedReference] {
        guard let node else { return [] }
        if let name = node.string { return [NamedReference(name: name, line: node.line)] }
        if let items = node.items { return items.flatMap { includes($0) } }
        for key in ["local", "remote", "template", "component"] {
            if let value = node[key], let name = value.string { return [NamedReference(name: name, line: value.line)] }
        }
        if let project = node["project"]?.string, let file = node["file"] {
            let files = file.string != nil ? [file] : file.items ?? []
            return files.compactMap { item in
                item.string.map { NamedReference(name: "\(project):\($0)", line: item.line) }
            }
        }
        return []
    }
}
