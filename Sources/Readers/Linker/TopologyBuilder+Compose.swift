import Model

extension TopologyBuilder {
    /// A service of a machine, its parts each located in the file that gave it.
    struct HostService {
        var name: String
        var path: String
        var line: Int
        /// The image, its variables substituted (see `ComposeMerge`).
        var image: (path: String, mention: ImageMention)?
        /// By key, in the order first set; a later file's value replaces an earlier one's. The
        /// values are substituted, and the endpoints they name found again when they had a variable.
        var environment: [String: (path: String, variable: ComposeFact.Variable)] = [:]
        var keys: [String] = []
        var command: (path: String, mentions: [Mention])?
        var published: (path: String, line: Int)?
        var dependsOn: [(path: String, reference: NamedReference)] = []
        /// The env files it loads (`env_file:`), repository paths, each with where it is named.
        var envFiles: [(path: String, file: ComposeFact.EnvFile)] = []
        var profiles: [String] = []
    }

    /// What a machine's Compose project is made of: its files, and what its variables and
    /// profiles come from. Hosts of the same project share one merge.
    struct ComposeProject: Hashable {
        var files: [String]
        var folder: String
        var variableFiles: [String]
        /// Whether `variableFiles` are the host's own (`env_file:` in `.faultline.yaml`): a missing
        /// one is then worth a warning; a missing `.env` is the usual case.
        var declaresVariableFiles: Bool
        var environment: [String: String]
        var profiles: [String]
        /// Where `.faultline.yaml` declares the first host running it.
        var line: Int
    }

    /// A merged project: its services, and what merging it found to say.
    struct ComposeMerge {
        var services: [HostService]
        var diagnostics: [Diagnostic]
    }

    func composeProject(of host: HostFact) -> ComposeProject {
        ComposeProject(
            files: ComposeFiles.files(of: host) { filesByPath[$0]?.compose != nil }, folder: ComposeFiles.projectFolder(of: host),
            variableFiles: ComposeFiles.variableFiles(of: host), declaresVariableFiles: !host.envFiles.isEmpty,
            environment: host.environment, profiles: host.profiles, line: host.line)
    }

    /// The services of a machine's project (see `mergeComposeProjects`).
    func composeServices(of host: HostFact) -> [HostService] {
        composeMerges[composeKey(of: host)]?.services ?? mergedServices(of: composeProject(of: host)).services
    }

    /// The project's key among the merges: the same project but for where it is declared.
    func composeKey(of host: HostFact) -> ComposeProject {
        var project = composeProject(of: host)
        project.line = 0
        return project
    }

    /// Merges each distinct project the hosts run, once a link (before `linkImages`, which
    /// needs their images).
    mutating func mergeComposeProjects() {
        for host in config?.hosts ?? [] {
            let key = composeKey(of: host)
            if composeMerges[key] == nil { composeMerges[key] = mergedServices(of: composeProject(of: host)) }
        }
    }

    /// The variables a project substitutes: its env files' in order (a later one's win), then
    /// the machine's own, which win over all.
    private func variables(of project: ComposeProject, diagnostics: inout [Diagnostic]) -> [String: String] {
        var variables: [String: String] = [:]
        for path in project.variableFiles {
            guard let text = filesByPath[path]?.readText else {
                if project.declaresVariableFiles {
                    diagnostics.append(Diagnostic(
                        .warning, "a host reads variables from \(path), which is not a file of this commit",
                        detail: "the variables it would set are not known; name the env file as the repository has it",
                        path: configPath, line: project.line))
                }
                continue
            }
            for variable in ComposeInterpolation.envFile(text, lookup: { project.environment[$0] ?? variables[$0] }) {
                variables[variable.key] = variable.value
            }
        }
        for (key, value) in project.environment { variables[key] = value }
        return variables
    }

    /// The services of a project's files (and the files they `include:`), merged in order as
    /// `docker compose -f a.yaml -f b.yaml` merges them: by service, a later file's `image` replacing an earlier one's, its
    /// environment replacing by key, its `command` or `entrypoint` replacing whole, its ports,
    /// dependencies and env files added. A service that `extends` another starts from it (but
    /// for its dependencies, which Compose never shares). Variables are substituted as the
    /// machine would (see ``ComposeInterpolation``); a service's `env_file` variables come under
    /// its `environment`, which wins; services of profiles the machine does not run are left out.
    func mergedServices(of project: ComposeProject) -> ComposeMerge {
        var diagnostics: [Diagnostic] = []
        let variables = variables(of: project, diagnostics: &diagnostics)
        let lookup: (String) -> String? = { variables[$0] }
        var order: [String] = []
        var merged: [String: HostService] = [:]
        for (path, compose) in included(project.files, diagnostics: &diagnostics) {
            for service in compose.services {
                var known = merged[service.name] ?? HostService(name: service.name, path: path, line: service.line)
                if merged[service.name] == nil { order.append(service.name) }
                for (basePath, base) in extended(service, in: path, compose: compose, diagnostics: &diagnostics) {
                    overlay(base, from: basePath, onto: &known, project: project, lookup: lookup, inherited: true)
                }
                overlay(service, from: path, onto: &known, project: project, lookup: lookup, inherited: false)
                merged[service.name] = known
            }
        }
        var services: [HostService] = []
        for name in order {
            guard var service = merged[name] else { continue }
            guard service.profiles.isEmpty || !Set(service.profiles).isDisjoint(with: project.profiles) else { continue }
            loadEnvFiles(into: &service, lookup: lookup, diagnostics: &diagnostics)
            if let (path, image) = service.image {
                service.image = substituted(image, of: name, path: path, lookup: lookup, diagnostics: &diagnostics).map { (path, $0) }
            }
            services.append(service)
        }
        return ComposeMerge(services: services, diagnostics: diagnostics)
    }

    /// A project's files in merge order, each preceded by the files it `include:`s (relative
    /// to it, any name, a few levels deep): Compose loads an included file's services into the
    /// project. A file included twice is read once; one the commit does not have is a warning.
    private func included(_ files: [String], diagnostics: inout [Diagnostic]) -> [(String, ComposeFact)] {
        var result: [(String, ComposeFact)] = []
        var seen: Set<String> = []
        func visit(_ path: String, _ compose: ComposeFact, depth: Int) {
            guard seen.insert(path).inserted else { return }
            for include in compose.includes {
                guard depth < 4 else {
                    diagnostics.append(Diagnostic(.warning, "\(path) includes \(include.path) more than four levels down; it is not read", path: path, line: include.line))
                    continue
                }
                guard let resolved = ComposeFiles.path(include.path, from: KustomizeRenderings.folder(of: path)),
                      let other = filesByPath[resolved]?.compose ?? composeText(at: resolved)
                else {
                    diagnostics.append(Diagnostic(
                        .warning, "\(path) includes \(include.path), which is not a Compose file of this commit; its services are not known",
                        path: path, line: include.line))
                    continue
                }
                visit(resolved, other, depth: depth + 1)
            }
            result.append((path, compose))
        }
        for path in files { if let compose = filesByPath[path]?.compose { visit(path, compose, depth: 0) } }
        return result
    }

    /// One definition of a service laid over what is known of it: its image and command
    /// replace, its environment replaces by key (substituted), its ports, env files and —
    /// unless it is an extended service's — dependencies add.
    private func overlay(
        _ service: ComposeFact.Service, from path: String, onto known: inout HostService, project: ComposeProject,
        lookup: (String) -> String?, inherited: Bool
    ) {
        if let image = service.image { known.image = (path, image) }
        for variable in service.environment {
            if known.environment[variable.key] == nil { known.keys.append(variable.key) }
            known.environment[variable.key] = (path, Self.substituted(variable, lookup: lookup))
        }
        if service.setsCommand { known.command = (path, service.commandMentions) }
        if known.published == nil, let line = service.published { known.published = (path, line) }
        if !inherited { known.dependsOn += service.dependsOn.map { (path, $0) } }
        for envFile in service.envFiles {
            guard let resolved = ComposeFiles.path(envFile.path, from: project.folder) else { continue }
            known.envFiles.append((path, ComposeFact.EnvFile(path: resolved, line: envFile.line, required: envFile.required)))
        }
        if !service.profiles.isEmpty { known.profiles = service.profiles }
    }

    /// A variable with its value substituted and, when that changed it, the endpoints it names
    /// found again.
    static func substituted(_ variable: ComposeFact.Variable, lookup: (String) -> String?) -> ComposeFact.Variable {
        guard variable.value.utf8.contains(0x24) else { return variable }
        let value = ComposeInterpolation.interpolate(variable.value, lookup).text
        guard value != variable.value else { return variable }
        var changed = variable
        changed.value = value
        changed.mentions = value.isEmpty ? [] : KubernetesObject.lineMentions(value, firstLine: variable.line, context: "env \(variable.key)")
        return changed
    }

    /// The variables of a service's env files, under those its `environment` sets.
    private func loadEnvFiles(into service: inout HostService, lookup: (String) -> String?, diagnostics: inout [Diagnostic]) {
        var loaded: Set<String> = [], fromFiles: Set<String> = []
        for (path, envFile) in service.envFiles where loaded.insert(envFile.path).inserted {
            guard let text = filesByPath[envFile.path]?.readText else {
                if envFile.required {
                    diagnostics.append(Diagnostic(
                        .note, "service \(service.name) loads env_file \(envFile.path), which is not a file of this commit; the endpoints its variables name are not known",
                        detail: "an env file kept out of git (secrets) is common; declare what it points at under dependencies: in .faultline.yaml",
                        path: path, line: envFile.line))
                }
                continue
            }
            for variable in ComposeInterpolation.envFile(text, lookup: lookup) {
                // An env file's variable never replaces one the service's `environment:` sets;
                // a later env file's replaces an earlier one's.
                if service.environment[variable.key] != nil, !fromFiles.contains(variable.key) { continue }
                if service.environment[variable.key] == nil { service.keys.append(variable.key) }
                fromFiles.insert(variable.key)
                let mentions = variable.value.isEmpty ? [] : KubernetesObject.lineMentions(variable.value, firstLine: variable.line, context: "env \(variable.key)")
                service.environment[variable.key] = (envFile.path, ComposeFact.Variable(key: variable.key, value: variable.value, line: variable.line, mentions: mentions))
            }
        }
    }

    /// An image with the machine's variables substituted. When some are not known but only
    /// in its tag or digest (`ghcr.io/acme/api:${TAG}`), its name is still known, and that is
    /// what places it; otherwise it is not known where it comes from (a note).
    private func substituted(_ image: ImageMention, of service: String, path: String, lookup: (String) -> String?, diagnostics: inout [Diagnostic]) -> ImageMention? {
        let result = ComposeInterpolation.interpolate(image.reference, lookup)
        // The linker reads a variable left in the tag as the name alone (see `Linker.imageReference`).
        guard !result.unresolved.isEmpty, imageReference(result.text) == nil else { return ImageMention(reference: result.text, line: image.line) }
        diagnostics.append(Diagnostic(
            .note, "service \(service) runs image \(image.reference), whose \(result.unresolved.map { "$" + $0 }.joined(separator: ", ")) no env file of the repository nor the host's environment sets; where the image comes from is not known",
            detail: "give the host the variable under environment: (or env_file:) in .faultline.yaml",
            path: path, line: image.line))
        return nil
    }

    /// The definitions a service extends, the furthest first, each with its file: in the same
    /// file (`extends: web`) or another (`file:`, relative to the file naming it), at most
    /// eight deep. One that cannot be found is a warning.
    private func extended(_ service: ComposeFact.Service, in path: String, compose: ComposeFact, diagnostics: inout [Diagnostic]) -> [(String, ComposeFact.Service)] {
        var chain: [(String, ComposeFact.Service)] = []
        var current = (path: path, service: service, compose: compose)
        var seen: Set<String> = [path + "\u{0}" + service.name]
        while let extends = current.service.extends {
            var basePath = current.path, baseCompose = current.compose
            if let file = extends.file {
                guard let resolved = ComposeFiles.path(file, from: KustomizeRenderings.folder(of: current.path)),
                      let other = filesByPath[resolved]?.compose ?? composeText(at: resolved)
                else {
                    diagnostics.append(Diagnostic(
                        .warning, "service \(current.service.name) extends \(extends.service) in \(file), which is not a Compose file of this commit; what it inherits is not known",
                        path: current.path, line: extends.line))
                    break
                }
                basePath = resolved
                baseCompose = other
            }
            guard let base = baseCompose.services.first(where: { $0.name == extends.service }) else {
                diagnostics.append(Diagnostic(
                    .warning, "service \(current.service.name) extends \(extends.service), which \(basePath) does not declare; what it inherits is not known",
                    path: current.path, line: extends.line))
                break
            }
            guard seen.insert(basePath + "\u{0}" + base.name).inserted, chain.count < 8 else {
                diagnostics.append(Diagnostic(
                    .warning, "service \(service.name) extends services in a loop or more than eight deep; the rest is not followed",
                    detail: "Compose refuses a loop", path: current.path, line: extends.line))
                break
            }
            chain.append((basePath, base))
            current = (basePath, base, baseCompose)
        }
        return chain.reversed()
    }

    /// The services of a file read only because a service extends it (its name is not one
    /// Compose looks for by itself), parsed once per text in a run.
    private func composeText(at path: String) -> ComposeFact? {
        guard let text = filesByPath[path]?.readText else { return nil }
        return linker.composeTexts.value(for: text) { ComposeReader().read(path: path, bytes: Array(text.utf8)).compose }
    }

    /// Each service of a machine's Compose files is a workload `compose:HOST/SERVICE` on that
    /// machine (`host:HOST`, and its zone or region when `.faultline.yaml` gives one): it needs
    /// its image, the endpoints its environment names, and the services of the same machine
    /// it depends on or addresses by name (`http://api:8080`, `CACHE_HOST: cache`) — but for
    /// telemetry backends (`otel-collector`), as for Kubernetes workloads; a published port
    /// makes it face users. A Compose file no host names is not part of the
    /// topology.
    ///
    /// What the hosts add is bounded (``composeLimit`` components and requirements, shared
    /// fairly: each host may use its share of what is left), and a host past its share is left
    /// out whole, with a warning: a thousand hosts each running a file of services that all
    /// depend on each other would otherwise be millions from a small change, and a host cut
    /// halfway would leave its other services needing ones that are not there.
    mutating func linkCompose() {
        guard let hosts = config?.hosts, !hosts.isEmpty else { return }
        var left = Self.composeLimit
        var reported: Set<ComposeProject> = []
        for (index, host) in hosts.enumerated() {
            var domains: [FailureDomain] = [.host(host.name)]
            if let provider = host.provider, let region = host.region {
                domains.append(host.zone.map { FailureDomain.zone(provider: provider, region: region, zone: $0) } ?? .region(provider: provider, region: region))
            }
            for path in host.compose {
                guard let facts = filesByPath[HostFact.repositoryPath(path)]?.compose else {
                    warn("host \(host.name) runs \(path.isEmpty ? "an empty path" : path), which is not a Compose file of this commit",
                         detail: "name the file as the repository has it (compose.yaml, docker-compose.yml, docker-compose.prod.yml)",
                         path: configPath, line: host.line)
                    continue
                }
                if facts.services.isEmpty {
                    warn("host \(host.name) runs \(path), which declares no services", detail: "Compose reads the services under `services:`",
                         path: configPath, line: host.line)
                }
            }
            let key = composeKey(of: host)
            let merge = composeMerges[key] ?? mergedServices(of: composeProject(of: host))
            // Said once for hosts running the same project.
            if reported.insert(key).inserted { diagnostics += merge.diagnostics }
            let services = merge.services
            // What the host would add, at most, worked out before building any of it.
            let estimate = services.reduce(0) { total, service in
                total + 2 + service.dependsOn.count + service.keys.reduce(0) { $0 + 1 + (service.environment[$1]?.variable.mentions.count ?? 0) }
                    + (service.command?.mentions.count ?? 0)
            }
            let share = left / (hosts.count - index)
            guard estimate <= share else {
                warn("host \(host.name) runs more Compose services and requirements than its share of the \(Self.composeLimit) a commit's hosts may add; it is not read",
                     detail: "no deployment needs this many; look for many hosts running one large Compose file", path: configPath, line: host.line)
                continue
            }
            let names = Set(services.map(\.name))
            func id(_ service: String) -> String { "compose:\(host.name)/\(service)" }
            var parts: [(service: HostService, requirements: [Requirement])] = []
            for service in services {
                var requirements: [Requirement] = []
                if let (path, image) = service.image, let imageID = imageID(image.reference) {
                    requirements.append(Requirement(imageID, provenance: provenance(path, image.line), note: "runs \(image.reference)"))
                }
                var mentions: [(path: String, mentions: [Mention])] = service.keys.compactMap { key in
                    service.environment[key].map { ($0.path, $0.variable.mentions) }
                }
                if let command = service.command { mentions.append(command) }
                for (path, found) in mentions {
                    requirements += self.requirements(of: found, path: path, namespace: nil)
                    for mention in found {
                        guard let name = Self.host(of: mention.text), names.contains(name), name != service.name,
                              linker.mayNeedAService(mention), !Self.isTelemetry(name) else { continue }
                        requirements.append(Requirement(id(name), provenance: provenance(path, mention.line), note: "\(mention.context) at \(path):\(mention.line)"))
                    }
                }
                // A variable whose whole value is another service's name (`CACHE_HOST: cache`).
                for key in service.keys {
                    guard let (path, variable) = service.environment[key], names.contains(variable.value), variable.value != service.name,
                          !Self.isTelemetry(key), !Self.isTelemetry(variable.value) else { continue }
                    requirements.append(Requirement(id(variable.value), provenance: provenance(path, variable.line), note: "env \(key) at \(path):\(variable.line)"))
                }
                // A telemetry backend (`otel-collector`, `jaeger`) is written to, never needed,
                // as for Kubernetes workloads' addresses.
                for (path, dependency) in service.dependsOn where names.contains(dependency.name) && dependency.name != service.name && !Self.isTelemetry(dependency.name) {
                    requirements.append(Requirement(id(dependency.name), provenance: provenance(path, dependency.line), note: "depends_on"))
                }
                parts.append((service, requirements))
            }
            left -= parts.reduce(0) { $0 + 1 + $1.requirements.count }
            for (service, requirements) in parts {
                addParts(
                    id: id(service.name), kind: .workload, sites: [Site(domains)], requirements: requirements,
                    provenance: [provenance(service.published?.path ?? service.path, service.published?.line ?? service.line)],
                    isEntrypoint: service.published != nil)
            }
        }
    }

    /// The most components and requirements the Compose services of one commit's hosts add.
    static let composeLimit = 100_000
}
