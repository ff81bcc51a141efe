import Model

extension TopologyBuilder {
    /// Images and what stands behind them. Each image (`image:REGISTRY/REPO`) needs its
    /// registry to serve (a rescheduled pod pulls it) and, to ship a fix, the registry to push
    /// to, the CI system that builds it and the base images its Dockerfile starts from
    /// (docs/design.md §2.6). The files its build folder copies in become its serve
    /// requirements, so `index.html`'s script tags reach the workloads that run it.
    mutating func linkImages() {
        var ciSystems: [String] = []
        // A job runs in its images: when their registry is down, the pipeline is too. They
        // are on the delivery path of what that pipeline file builds, not of everything the
        // CI system builds: a docs workflow's `node` image does not ship the web image.
        var jobImages: [String: [Requirement]] = [:]
        for file in files {
            for pipeline in file.pipelines {
                let id = "ci:\(pipeline.system)"
                let (sites, needed) = placement(ofSaaS: pipeline.system)
                addParts(id: id, kind: .ciSystem, sites: sites, needed: needed, provenance: [provenance(file.path, pipeline.line)])
                if !ciSystems.contains(id) { ciSystems.append(id) }
                for mention in pipeline.images {
                    guard let image = imageComponent(mention, path: file.path) else { continue }
                    jobImages["\(file.path)\u{0}\(pipeline.system)", default: []].append(
                        Requirement(image, phase: .deliver, provenance: provenance(file.path, mention.line), note: "job image"))
                }
            }
        }
        self.jobImages = jobImages
        let builds = files.flatMap { file in file.pipelines.flatMap { pipeline in pipeline.builds.map { (file.path, pipeline.system, $0) } } }
        for file in files {
            for workload in file.workloads {
                for mention in workload.images { _ = imageComponent(mention, path: file.path) }
            }
        }
        for release in helmReleases {
            for image in release.images { _ = imageComponent(ImageMention(reference: image.reference, line: image.line), path: image.path) }
        }
        // The images the services of the machines run (the one each service's merge keeps),
        // in the hosts' order, each project once however many hosts run it: the first to name
        // an image locates it.
        mergeComposeProjects()
        var seenProjects: Set<ComposeProject> = []
        for host in config?.hosts ?? [] where !composeLeftOut.contains(host.name) {
            let key = composeKey(of: host)
            guard seenProjects.insert(key).inserted else { continue }
            for service in composeMerges[key]?.services ?? [] {
                if let (path, image) = service.image { _ = imageComponent(image, path: path) }
            }
        }
        for (path, _, build) in builds {
            _ = imageComponent(ImageMention(reference: build.image, line: build.line), path: path)
        }
        var dockerfilesByFolderName: [String: [(folder: String, path: String)]] = [:]
        for file in files where file.dockerfile != nil {
            // Git paths have no empty segments: the folder is what precedes the last `/`.
            let path = file.path
            let folder = path.utf8.lastIndex(of: 0x2F).map { String(path[..<$0]) } ?? ""
            let name = folder.utf8.lastIndex(of: 0x2F).map { String(folder[folder.utf8.index(after: $0)...]) } ?? folder
            dockerfilesByFolderName[name, default: []].append((folder, path))
        }
        var buildsByName: [String: [(String, String, ImageBuild)]] = [:]
        for build in builds {
            guard let name = imageReference(build.2.image)?.name else { continue }
            buildsByName[name, default: []].append(build)
        }
        var ignores: [String: DockerignorePatterns] = [:], dockerfileIgnores: [String: DockerignorePatterns] = [:]
        for file in files {
            guard let patterns = file.dockerignore else { continue }
            if let dockerfile = DockerignoreReader.dockerfile(ofIgnoreFile: file.path) {
                dockerfileIgnores[dockerfile] = DockerignorePatterns(patterns)
            } else {
                ignores[file.path == ".dockerignore" ? "" : String(file.path.dropLast("/.dockerignore".count))] = DockerignorePatterns(patterns)
            }
        }
        // A Dockerfile a `COPY .` puts in the image runs nothing there: what it fetches is
        // needed to build (its image's delivery path, "built from"), not to serve.
        let shippable = fileComponents.filter { filesByPath[$0.key]?.dockerfile == nil }
        var shipped = ShippedFiles(files: shippable.sorted { $0.key < $1.key }, ignores: ignores, dockerfileIgnores: dockerfileIgnores)
        for imageID in imageComponents.keys.sorted() {
            guard let reference = imageComponents[imageID] else { continue }
            let localBuilders = reference.registry == "local" ? localImages[reference.repository] ?? [] : []
            // Docker Compose builds its services' images on the machine running it: no
            // pipeline of the repository is on their way there.
            let builtByCompose = localBuilders.first.map { filesByPath[$0.path]?.compose != nil } ?? false
            linkBuild(
                of: imageID, reference: reference, builds: buildsByName[reference.name] ?? [], ciSystems: builtByCompose ? [] : ciSystems,
                dockerfiles: dockerfilesByFolderName, shipped: &shipped, localBuilds: localBuilders.map(\.build))
        }
    }

    /// The files that became components, and which of them each `COPY` of a build folder
    /// ships, worked out once per folder and source: images built from one Dockerfile (a
    /// service's releases under several registries and tags) copy the same files.
    struct ShippedFiles {
        /// Component ids of files, by path, in path order.
        let files: [(key: String, value: String)]
        /// Each build context's `.dockerignore`, by the context's folder.
        let ignores: [String: DockerignorePatterns]
        /// Dockerfile-specific ignore files, by the Dockerfile's path: used instead of the
        /// context's when the build uses that Dockerfile.
        let dockerfileIgnores: [String: DockerignorePatterns]
        private var bySource: [Source: [(key: String, value: String)]] = [:]

        private struct Source: Hashable {
            let context: String
            let path: String
            let dockerfile: String?
        }

        init(files: [(key: String, value: String)], ignores: [String: DockerignorePatterns] = [:], dockerfileIgnores: [String: DockerignorePatterns] = [:]) {
            self.files = files
            self.ignores = ignores
            self.dockerfileIgnores = dockerfileIgnores
        }

        /// The files (path, component id) a `COPY path` from a build context ships: not those
        /// the Dockerfile's own ignore file, or else the context's `.dockerignore`, leaves out.
        mutating func copied(_ path: String, context: String, dockerfile: String? = nil) -> [(key: String, value: String)] {
            let own = dockerfile.flatMap { dockerfileIgnores[$0] != nil ? $0 : nil }
            let key = Source(context: context, path: path, dockerfile: own)
            if let known = bySource[key] { return known }
            let source = TopologyBuilder.normalizeFolder(context.isEmpty ? path : "\(context)/\(path)")
            var found = files.filter { TopologyBuilder.path($0.key, isUnder: source) }
            if let ignore = own.flatMap({ dockerfileIgnores[$0] }) ?? ignores[context] {
                found.removeAll { ignore.excludes(context.isEmpty ? $0.key : String($0.key.dropFirst(context.count + 1))) }
            }
            bySource[key] = found
            return found
        }
    }

    /// The component for an image reference, created on first use with its registry; nil (and
    /// a note) when the reference is not literal, e.g. `$REGISTRY/app:${TAG}`.
    mutating func imageComponent(_ mention: ImageMention, path: String) -> String? {
        // An image a kustomization set is located at the `images:` entry that set it.
        let path = mention.setBy?.path ?? path, line = mention.setBy?.line ?? mention.line
        if let local = localImage(mention.reference) {
            // Built from this repository; the deploy tool picks the registry, so none is guessed.
            let id = "image:local/\(local)"
            if imageComponents[id] == nil {
                if let (composePath, build) = localImages[local]?.first, filesByPath[composePath]?.compose != nil {
                    note("image \(local) is built by Docker Compose (\(composePath):\(build.line)) on the machine running it, from \(build.context); it needs what its Dockerfile pulls and copies, and no registry",
                         path: path, line: line)
                } else if let (skaffoldPath, build) = localImages[local]?.first {
                    note("image \(local) is built by Skaffold (\(skaffoldPath):\(build.line)); its registry is chosen at deploy time, so it is not placed",
                         path: path, line: line)
                } else {
                    note("image \(mention.reference) is no official Docker Hub image and names a folder with a Dockerfile, so it is taken for one built here and named at deploy time; its registry is not placed",
                         detail: "a bare name pulls library/NAME from Docker Hub, which has only its official images; set the image in the repository (kustomization images:) to have its registry placed",
                         path: path, line: line)
                }
                imageComponents[id] = ImageReference(registry: "local", repository: local)
            }
            addParts(id: id, kind: .image, provenance: [provenance(path, line)])
            return id
        }
        guard let reference = imageReference(mention.reference) else {
            note("image \(mention.reference) is not a literal reference, so its registry is unknown", path: path, line: line)
            return nil
        }
        let id = "image:\(reference.name)"
        // An image seen before already has its registry and requirements.
        if imageComponents[id] != nil {
            addParts(id: id, kind: .image, provenance: [provenance(path, line)])
            return id
        }
        // A reference with a variable in its tag is classified by its name alone.
        let registryID = registryComponent(of: reference, named: mention.reference.utf8.contains(0x24) ? reference.name : mention.reference, path: path, line: line)
        addParts(
            id: id, kind: .image,
            requirements: [
                Requirement(registryID, provenance: provenance(path, line), note: "pulled from \(reference.registry)"),
                Requirement(registryID, phase: .deliver, provenance: provenance(path, line), note: "new versions come from \(reference.registry)"),
            ],
            provenance: [provenance(path, line)])
        imageComponents[id] = reference
        return id
    }

    /// The component of the registry a reference (`text`, parsed as `reference`) pulls from,
    /// created on first use. A registry the repository declares in Terraform (an ECR
    /// repository, an ACR) is that resource, with its region and replicas.
    mutating func registryComponent(of reference: ImageReference, named text: String, path: String, line: Int) -> String {
        let declared = declaresRegistries ? linker.classifyImage(text).flatMap { terraformComponent(for: $0) } : nil
        let registryID = declared ?? "registry:\(reference.registry)"
        if !has(registryID) {
            var sites: [Site] = [], needed = 1
            if let endpoint = linker.classifyImage(text) {
                (sites, needed) = placement(of: endpoint, id: registryID, path: path, line: line)
            } else {
                note("registry \(reference.registry) is not in the catalog, so where it runs is unknown", path: path, line: line)
                sites = [Site([.unknown("placement/\(reference.registry)")])]
            }
            addParts(id: registryID, kind: .registry, sites: sites, needed: needed, provenance: [provenance(path, line)])
        }
        return registryID
    }

    /// Whether an image is one of Docker Hub's official images (`docker.io/library/nginx`).
    func isOfficial(_ reference: ImageReference) -> Bool {
        reference.registry == "docker.io" && reference.repository.hasPrefix("library/")
            && linker.officialImages.contains(String(reference.repository.dropFirst("library/".count)))
    }

    /// Ties an image to what builds it: a pipeline step building it (with its context and
    /// Dockerfile), or else a Dockerfile in a folder named like the image's last path segment.
    mutating func linkBuild(
        of imageID: String, reference: ImageReference, builds explicit: [(String, String, ImageBuild)], ciSystems: [String],
        dockerfiles: [String: [(folder: String, path: String)]], shipped: inout ShippedFiles,
        localBuilds: [ImageBuild] = []
    ) {
        var buildFolders: [(context: String, dockerfile: String?, arguments: [String: String]?)] = explicit.map {
            (Self.normalizeFolder($0.2.context), $0.2.dockerfile, $0.2.arguments)
        }
        buildFolders += localBuilds.map { (Self.normalizeFolder($0.context), $0.dockerfile, $0.arguments) }
        let repository = reference.repository
        let lastSegment = repository.utf8.lastIndex(of: 0x2F).map { String(repository[repository.utf8.index(after: $0)...]) } ?? repository
        if buildFolders.isEmpty, let build = localImages[lastSegment]?.first?.build {
            // A release of an image Skaffold builds here (`…/cartservice:v1` for the artifact
            // `cartservice`), pushed under a registry chosen at deploy time: its build folder
            // is the artifact's, wherever the Dockerfile sits (`src/cartservice/src`).
            buildFolders = [(Self.normalizeFolder(build.context), build.dockerfile, build.arguments)]
        }
        if buildFolders.isEmpty, !isOfficial(reference) {
            // Not an official Docker Hub image (`nginx`), which no repository builds, and not a
            // Dockerfile starting from this very image: that one builds on top of it.
            buildFolders = (dockerfiles[lastSegment] ?? []).filter { candidate in
                !(filesByPath[candidate.path]?.dockerfile?.baseImages.contains { imageReference($0.reference)?.name == reference.name } ?? false)
            }.map { ($0.folder, $0.path, nil) }
        }
        guard !buildFolders.isEmpty else { return }
        for (path, system, build) in explicit {
            require(imageID, Requirement("ci:\(system)", phase: .deliver, provenance: provenance(path, build.line), note: "built by \(system)"))
            // The images of the job that builds it; where its reader cannot tell the job, every
            // job image of the file.
            if let images = build.images {
                for mention in images {
                    guard let image = imageComponent(mention, path: path), image != imageID else { continue }
                    require(imageID, Requirement(image, phase: .deliver, provenance: provenance(path, mention.line), note: "job image"))
                }
            } else {
                for requirement in jobImages["\(path)\u{0}\(system)"] ?? [] where requirement.alternatives != [imageID] {
                    require(imageID, requirement)
                }
            }
        }
        if explicit.isEmpty, !ciSystems.isEmpty {
            // The repository's pipelines are the likeliest builders; any of them may ship it.
            require(imageID, Requirement(anyOf: ciSystems, phase: .deliver, note: "built by the repository's CI"))
        }
        for (context, dockerfilePath, arguments) in buildFolders {
            let path = dockerfilePath ?? (context.isEmpty ? "Dockerfile" : "\(context)/Dockerfile")
            guard let dockerfile = filesByPath[path]?.dockerfile else {
                continue
            }
            if !dockerfile.runtime.isEmpty { imageDockerfiles[imageID, default: []].append(path) }
            for written in dockerfile.baseImages {
                // `FROM ${BASE}` without a default builds from the argument the build passes.
                var base = written
                if let arguments, base.reference.utf8.contains(0x24), let given = DockerfileReader.substituting(base.reference, arguments: arguments) {
                    base.reference = given
                }
                guard let baseID = imageComponent(base, path: path), baseID != imageID else { continue }
                require(imageID, Requirement(baseID, phase: .deliver, provenance: provenance(path, base.line), note: "FROM \(base.reference)"))
            }
            // What the Dockerfile fetches while building (`ADD https://…`) must be up to ship.
            if let fileID = fileComponents[path], let first = filesByPath[path]?.mentions.first {
                require(imageID, Requirement(fileID, phase: .deliver, provenance: provenance(path, first.line), note: "built from \(path)"))
            }
            for copy in dockerfile.copies {
                for (filePath, fileID) in shipped.copied(copy.path, context: context, dockerfile: path) {
                    require(imageID, Requirement(fileID, provenance: provenance(path, copy.line), note: "COPY \(copy.path) ships \(filePath)"))
                }
            }
        }
    }

    /// `./ui/` → `ui`, `.` → ``.
    static func normalizeFolder(_ path: String) -> String {
        // Most paths are already plain (`ui`, `src/frontend`): nothing to drop or join.
        let bytes = path.utf8
        if path == "." { return "" }
        if !bytes.isEmpty, bytes.first != 0x2F, bytes.last != 0x2F, !bytes.contains(0x2A), !path.hasPrefix("./"),
            !path.hasSuffix("/."), path.firstRange(ofASCII: "/./") == nil, path.firstRange(ofASCII: "//") == nil
        {
            return path
        }
        // Outside ASCII a `/` may start a character (a combining mark after it), which the
        // split by characters keeps whole.
        guard bytes.allSatisfy({ $0 < 0x80 }) else {
            var parts = path.split(separator: "/").filter { $0 != "." }
            if let last = parts.last, last.utf8.contains(0x2A) { parts.removeLast() }
            return parts.joined(separator: "/")
        }
        // Segments between slashes, without empty and `.` ones, as byte ranges of the path.
        var segments: [Range<String.UTF8View.Index>] = []
        var start = bytes.startIndex
        while start < bytes.endIndex {
            let end = bytes[start...].firstIndex(of: 0x2F) ?? bytes.endIndex
            if start < end, !(bytes.index(after: start) == end && bytes[start] == 0x2E) { segments.append(start..<end) }
            start = end < bytes.endIndex ? bytes.index(after: end) : end
        }
        // A glob copies what it matches: its folder is the closest Faultline can tell.
        if let last = segments.last, bytes[last].contains(0x2A) { segments.removeLast() }
        var joined: [UInt8] = []
        joined.reserveCapacity(bytes.count)
        for (index, segment) in segments.enumerated() {
            if index > 0 { joined.append(0x2F) }
            joined.append(contentsOf: bytes[segment])
        }
        return String(decoding: joined, as: UTF8.self)
    }

    static func path(_ path: String, isUnder folder: String) -> Bool {
        // Compared on the bytes, without building `folder + "/"` for every file.
        let inner = path.utf8, outer = folder.utf8
        guard !outer.isEmpty else { return true }
        guard inner.count >= outer.count, inner.starts(with: outer) else { return false }
        return inner.count == outer.count || inner[inner.index(inner.startIndex, offsetBy: outer.count)] == 0x2F
    }
}
