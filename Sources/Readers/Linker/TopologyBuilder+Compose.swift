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
        /// Its bind mounts, each with the file naming it: a later file's mount at the same
        /// target replaces an earlier one's, as Compose merges `volumes`.
        var mounts: [(path: String, mount: ComposeFact.Mount)] = []
        /// Its labels for a reverse proxy, by key: a later file's value replaces an earlier one's.
        var proxyLabels: [String: (path: String, label: ComposeFact.Label)] = [:]
        /// The configs it mounts, by name (see `ComposeFact.Service.configs`): a later file's at
        /// the same target replaces an earlier one's.
        var configs: [(path: String, mount: ComposeFact.Mount)] = []
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

    /// What one link reads of Compose files beyond their facts, each once however many hosts
    /// and projects use it (the run's caches keep only a few texts, and a commit may have more):
    /// env files and files read as text by path, each file's services by name for `extends`,
    /// and the substitution budget every scope of the link shares.
    final class ComposeReading {
        var envFiles: [String: ComposeInterpolation.EnvFile] = [:]
        var texts: [String: ComposeFact?] = [:]
        var servicesByName: [String: [String: Int]] = [:]
        let budget = ComposeInterpolation.SubstitutionBudget(ComposeInterpolation.Scope.outputLimit)
    }

    /// A merged project: its services, what merging it found to say, and what a host running
    /// it adds at most (see ``cost(of:)``).
    struct ComposeMerge {
        var services: [HostService]
        var diagnostics: [Diagnostic]
        var cost: Int
    }

    /// The components and requirements a host running these services adds, at most: each
    /// service and its image, and a requirement for each dependency, variable, endpoint its
    /// variables name and endpoint its command names.
    static func cost(of service: HostService) -> Int {
        2 + service.dependsOn.count + (service.command?.mentions.count ?? 0)
            + service.keys.reduce(0) { $0 + 1 + (service.environment[$1]?.variable.mentions.count ?? 0) }
    }

    func composeProject(of host: HostFact) -> ComposeProject {
        ComposeProject(
            files: ComposeFiles.files(of: host) { filesByPath[$0]?.compose != nil }, folder: ComposeFiles.projectFolder(of: host),
            variableFiles: ComposeFiles.variableFiles(of: host), declaresVariableFiles: !host.envFiles.isEmpty,
            environment: host.environment, profiles: host.profiles, line: host.line)
    }

    /// The project's key among the merges: the same project but for where it is declared.
    func composeKey(of host: HostFact) -> ComposeProject {
        var project = composeProject(of: host)
        project.line = 0
        return project
    }

    /// Decides, in the hosts' order, which hosts are read, and merges each distinct project
    /// they run once (before `linkImages`, which needs their images). What the hosts add is
    /// bounded (``composeLimit`` components and requirements, shared fairly: each host may use
    /// its share of what is left), and a host past its share is left out whole: a thousand
    /// hosts each running a file of services that all depend on each other would otherwise be
    /// millions from a small change, and a host cut halfway would leave its other services
    /// needing ones that are not there. A merge stops once it has grown to twice the share it
    /// is for, so hosts whose projects differ only by a variable cannot each merge a large file.
    mutating func mergeComposeProjects() {
        guard let hosts = config?.hosts, !hosts.isEmpty else { return }
        var left = Self.composeLimit
        // Projects that outgrew a share, with the largest share they outgrew.
        var outgrown: [ComposeProject: Int] = [:]
        for (index, host) in hosts.enumerated() {
            let project = composeProject(of: host)
            var key = project
            key.line = 0
            let share = left / (hosts.count - index)
            let merge: ComposeMerge
            if let known = composeMerges[key] {
                merge = known
            } else if let failed = outgrown[key], share <= failed {
                composeLeftOut.insert(host.name)
                continue
            } else if let merged = mergedServices(of: project, budget: share) {
                merge = merged
                composeMerges[key] = merged
            } else {
                outgrown[key] = share
                composeLeftOut.insert(host.name)
                continue
            }
            guard merge.cost <= share else {
                composeLeftOut.insert(host.name)
                continue
            }
            left -= merge.cost
        }
    }

    /// The variables a project substitutes: the machine's own, then its env files' (a later
    /// file's over an earlier one's), each worked out only when asked for (see
    /// ``ComposeInterpolation/Scope``).
    private func variables(of project: ComposeProject, diagnostics: inout [Diagnostic]) -> (String) -> String? {
        var files: [ComposeInterpolation.EnvFile] = []
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
            let file = envFile(at: path, text: text)
            if let line = file.unclosed { diagnostics.append(Self.unclosedQuote(path: path, line: line)) }
            files.append(file)
        }
        let scope = ComposeInterpolation.Scope(files: files, environment: project.environment, budget: composeReading.budget)
        return { scope.value(of: $0) }
    }

    /// An env file whose quoted value never closes: Compose refuses it; what comes before is read.
    static func unclosedQuote(path: String, line: Int) -> Diagnostic {
        Diagnostic(.warning, "the quote opening this value is never closed; Compose refuses the file, and Faultline reads only the variables above it",
                   detail: "close the quote", path: path, line: line)
    }

    /// An env file's lines, read once per text in a run.
    private func envFile(at path: String, text: String) -> ComposeInterpolation.EnvFile {
        if let known = composeReading.envFiles[path] { return known }
        let file = linker.composeEnvFiles.value(for: text) { ComposeInterpolation.EnvFile(text) }
        composeReading.envFiles[path] = file
        return file
    }

    /// The services of a project's files (and the files they `include:`), merged in order as
    /// `docker compose -f a.yaml -f b.yaml` merges them: by service, a later file's `image` replacing an earlier one's, its
    /// environment replacing by key, its `command` or `entrypoint` replacing whole, its ports,
    /// dependencies and env files added. A service that `extends` another starts from it (but
    /// for its dependencies, which Compose never shares). Variables are substituted as the
    /// machine would (see ``ComposeInterpolation``); a service's `env_file` variables come under
    /// its `environment`, which wins; services of profiles the machine does not run are left out.
    ///
    /// Nil once what it adds (``cost(of:)``, counted as it goes, a definition laid over another
    /// counted again) passes twice `budget`; the caller compares the merge's exact cost with it.
    func mergedServices(of project: ComposeProject, budget: Int) -> ComposeMerge? {
        var diagnostics: [Diagnostic] = []
        let lookup = variables(of: project, diagnostics: &diagnostics)
        var order: [String] = []
        var merged: [String: HostService] = [:]
        var spent = 0
        // The project's configs that are files, by name: a later file's replaces an earlier one's.
        var configFiles: [String: (path: String, file: ComposeFact.Label)] = [:]
        for (path, compose, folder) in included(project, diagnostics: &diagnostics) {
            for file in compose.configFiles { configFiles[file.key] = (path, file) }
            for service in compose.services {
                if service.merge == .reset {
                    merged[service.name] = nil
                    order.removeAll { $0 == service.name }
                    continue
                }
                let earlier = merged[service.name]
                if earlier == nil { order.append(service.name) }
                var known = earlier.flatMap { service.merge == .override ? nil : $0 } ?? HostService(name: service.name, path: path, line: service.line)
                Self.dropping(service.replacedKeys, from: &known)
                for (basePath, base) in extended(service, in: path, compose: compose, diagnostics: &diagnostics) {
                    overlay(base, from: basePath, onto: &known, envFolder: basePath == path ? folder : nil, lookup: lookup, inherited: true)
                }
                overlay(service, from: path, onto: &known, envFolder: folder, lookup: lookup, inherited: false)
                spent += Self.cost(of: known)
                guard spent <= 2 * budget else { return nil }
                merged[service.name] = known
            }
        }
        var services: [HostService] = []
        var envFiles: [String: [ComposeInterpolation.Variable]] = [:]
        var cost = 0
        // The host's profiles (as `--profile`), else those `COMPOSE_PROFILES` names (its
        // environment or an env file); `*` runs every profile.
        let profiles = Set(!project.profiles.isEmpty ? project.profiles
            : (lookup("COMPOSE_PROFILES") ?? "").split(separator: ",").map { String($0.trimmingBlanks()) })
        for name in order {
            guard var service = merged[name] else { continue }
            guard service.profiles.isEmpty || profiles.contains("*") || !profiles.isDisjoint(with: service.profiles) else { continue }
            loadEnvFiles(into: &service, parsed: &envFiles, lookup: lookup, diagnostics: &diagnostics)
            if let (path, image) = service.image {
                service.image = substituted(image, of: name, path: path, lookup: lookup, diagnostics: &diagnostics).map { (path, $0) }
            }
            // `depends_on: [${DB_HOST:-postgresql}]`: Compose substitutes the name too, within
            // the budget substitutions share (see `substituted`).
            let shared = composeReading.budget
            for index in service.dependsOn.indices where service.dependsOn[index].reference.name.utf8.contains(0x24) && shared.left > 0 {
                let name = ComposeInterpolation.interpolate(service.dependsOn[index].reference.name, lookup).text
                shared.left -= name.utf8.count
                service.dependsOn[index].reference.name = name
            }
            // Configs that are files are mounts of them, relative to the file declaring the config.
            for (_, reference) in service.configs {
                guard let (path, file) = configFiles[reference.source] else { continue }
                let written = file.value
                let source = written.hasPrefix(".") || written.hasPrefix("$") || written.hasPrefix("/") || written.hasPrefix("~") ? written : "./" + written
                guard source.hasPrefix(".") || source.hasPrefix("$") else { continue }
                service.mounts.removeAll { $0.mount.target == reference.target }
                service.mounts.append((path, ComposeFact.Mount(source: source, target: reference.target, line: file.line)))
            }
            // `${PWD}` is where Compose runs: the project's folder, as mounts from it are written.
            for index in service.mounts.indices where service.mounts[index].mount.source.utf8.contains(0x24) {
                service.mounts[index].mount.source = ComposeInterpolation.interpolate(service.mounts[index].mount.source) { name in
                    name == "PWD" ? "." : lookup(name)
                }.text
            }
            cost += Self.cost(of: service)
            guard cost <= 2 * budget else { return nil }
            services.append(service)
        }
        return ComposeMerge(services: services, diagnostics: diagnostics, cost: cost)
    }

    /// A project's files in merge order, each preceded by the files it `include:`s (relative
    /// to it), with the folder each one's env files are relative to: the project's for the
    /// host's files, an included file's own (Compose loads an included file as a project of
    /// its own); none for a file of another name than Compose's, whose env files are not read. A file included twice is read once; one the commit does not
    /// have is a warning, and so is one a file of a name Compose does not look for includes:
    /// those are not read (see `ComposeFiles.reads`). An include or an env file that is
    /// absolute or leaves the repository, or names the file itself, and an include closing a
    /// cycle, are warnings too, and never read.
    private func included(_ project: ComposeProject, diagnostics: inout [Diagnostic]) -> [(String, ComposeFact, String?)] {
        var result: [(String, ComposeFact, String?)] = []
        var seen: Set<String> = []
        // The files being visited, outermost first: an include naming one of them is a cycle.
        var visiting: [String] = []
        // Each file once, so however deep or wide the includes, the walk is as long as the files.
        func visit(_ path: String, _ compose: ComposeFact, folder: String?, readAsText: Bool) {
            guard seen.insert(path).inserted else { return }
            visiting.append(path)
            defer { visiting.removeLast() }
            for include in compose.includes {
                guard let resolved = ComposeFiles.path(include.path, from: KustomizeRenderings.folder(of: path)) else {
                    diagnostics.append(Diagnostic(
                        .warning, "\(path) includes \(include.path), \(KustomizeRenderings.outsideReason(include.path)); it is not read",
                        detail: "Faultline reads only the repository's files; the services it declares are not known", path: path, line: include.line))
                    continue
                }
                if resolved == path || visiting.contains(resolved) {
                    diagnostics.append(Diagnostic(
                        .warning, "\(path) includes \(include.path), \(resolved == path ? "the file itself" : "which includes it"); \(resolved == path ? "it" : "the cycle") is not followed",
                        detail: "Compose refuses an include cycle; the file's services are read once", path: path, line: include.line))
                    continue
                }
                if let other = filesByPath[resolved]?.compose {
                    visit(resolved, other, folder: KustomizeRenderings.folder(of: resolved), readAsText: false)
                } else if let other = composeText(at: resolved) {
                    // Read as text: what its services load is not known before (see `ComposeFiles.reads`).
                    visit(resolved, other, folder: nil, readAsText: true)
                } else {
                    diagnostics.append(Diagnostic(
                        .warning, readAsText
                            ? "\(path) includes \(include.path), which is not read: Faultline follows what a file includes only from a file named as Compose names its files (compose.yaml, docker-compose.*.yml)"
                            : "\(path) includes \(include.path), which is not a file of this commit; its services are not known",
                        path: path, line: include.line))
                }
            }
            // The env files its services load, where they are read (see `overlay`).
            if let folder {
                for service in compose.services {
                    for envFile in service.envFiles {
                        let resolved = ComposeFiles.path(envFile.path, from: folder)
                        guard resolved == nil || resolved == path else { continue }
                        diagnostics.append(Diagnostic(
                            .warning, "service \(service.name) loads env_file \(envFile.path), "
                                + (resolved == nil ? KustomizeRenderings.outsideReason(envFile.path) : "the Compose file itself") + "; it is not read",
                            detail: "Faultline reads only the repository's env files; the endpoints its variables name are not known",
                            path: path, line: envFile.line))
                    }
                }
            }
            result.append((path, compose, folder))
        }
        for path in project.files {
            if let compose = filesByPath[path]?.compose { visit(path, compose, folder: project.folder, readAsText: false) }
        }
        return result
    }

    /// `envFolder` is the folder its env files are relative to: the project's for a file the
    /// host runs, an included file's own; nil for a service extended from another file, whose
    /// env files are not read.
    /// A service with the earlier files' values of `keys` dropped, as Compose's `!reset` and
    /// `!override` drop them. `depends_on` holds what `links` and `network_mode: service:` name
    /// too, so it drops those as well; `ports` drops a `network_mode: host` publication.
    static func dropping(_ keys: [String], from known: inout HostService) {
        for key in keys {
            switch key {
            case "image": known.image = nil
            case "environment":
                known.environment = [:]
                known.keys = []
            case "command", "entrypoint": known.command = nil
            case "ports": known.published = nil
            case "depends_on": known.dependsOn = []
            case "env_file": known.envFiles = []
            case "profiles": known.profiles = []
            case "volumes": known.mounts = []
            case "labels": known.proxyLabels = [:]
            case "configs": known.configs = []
            default: break
            }
        }
    }

    private func overlay(
        _ service: ComposeFact.Service, from path: String, onto known: inout HostService, envFolder: String?,
        lookup: (String) -> String?, inherited: Bool
    ) {
        if let image = service.image { known.image = (path, image) }
        for variable in service.environment {
            if known.environment[variable.key] == nil { known.keys.append(variable.key) }
            known.environment[variable.key] = (path, Self.substituted(variable, lookup: lookup, budget: composeReading.budget))
        }
        if service.setsCommand { known.command = (path, service.commandMentions) }
        if known.published == nil, let line = service.published { known.published = (path, line) }
        if !inherited { known.dependsOn += service.dependsOn.map { (path, $0) } }
        for envFile in service.envFiles {
            // One outside the repository, or the Compose file itself, is a warning (see `included`).
            guard let envFolder, let resolved = ComposeFiles.path(envFile.path, from: envFolder), resolved != path else { continue }
            known.envFiles.append((path, ComposeFact.EnvFile(path: resolved, line: envFile.line, required: envFile.required)))
        }
        if !service.profiles.isEmpty { known.profiles = service.profiles }
        for label in service.proxyLabels { known.proxyLabels[label.key] = (path, label) }
        if !service.configs.isEmpty {
            let targets = Set(service.configs.map(\.target))
            known.configs.removeAll { targets.contains($0.mount.target) }
            known.configs += service.configs.map { (path, $0) }
        }
        if !service.mounts.isEmpty {
            // One pass each way, however many mounts (a later one at a target wins).
            let targets = Set(service.mounts.map(\.target))
            known.mounts.removeAll { targets.contains($0.mount.target) }
            var seen: Set<String> = []
            let kept = service.mounts.reversed().filter { seen.insert($0.target).inserted }.reversed()
            known.mounts += kept.map { (path, $0) }
        }
    }

    /// A reverse proxy that routes to a machine's containers by what they declare: Traefik
    /// (its Docker provider), caddy-docker-proxy, nginx-proxy.
    enum ReverseProxy { case traefik, caddy, nginxProxy }

    /// The reverse proxies among a machine's services, known by their images; only one that
    /// publishes a port reaches users.
    static func reverseProxies(_ services: [HostService]) -> Set<ReverseProxy> {
        var found: Set<ReverseProxy> = []
        for service in services where service.published != nil {
            guard let reference = service.image?.mention.reference.lowercased() else { continue }
            let name = reference.split(separator: "@").first.map { $0.split(separator: "/").last ?? $0 } ?? ""
            let repository = name.split(separator: ":").first.map(String.init) ?? ""
            if repository == "traefik" { found.insert(.traefik) }
            if repository.contains("caddy-docker-proxy") { found.insert(.caddy) }
            if repository == "nginx-proxy" { found.insert(.nginxProxy) }
        }
        return found
    }

    /// Where a service asks a reverse proxy of its machine to route users to it, if one does:
    /// Traefik's `traefik.enable=true` or a router's labels (not with `traefik.enable=false`),
    /// a `caddy` label, nginx-proxy's `VIRTUAL_HOST`.
    static func routedBy(_ proxies: Set<ReverseProxy>, _ service: HostService) -> (path: String, line: Int)? {
        guard !proxies.isEmpty else { return nil }
        if proxies.contains(.traefik), service.proxyLabels["traefik.enable"]?.label.value.lowercased() != "false" {
            if let enabled = service.proxyLabels["traefik.enable"], enabled.label.value.lowercased() == "true" { return (enabled.path, enabled.label.line) }
            let routers = service.proxyLabels.values.filter { ["traefik.http.routers.", "traefik.tcp.routers.", "traefik.udp.routers."].contains(where: $0.label.key.hasPrefix) }
            if let first = routers.min(by: { $0.label.line < $1.label.line }) { return (first.path, first.label.line) }
        }
        if proxies.contains(.caddy), let caddy = service.proxyLabels.values.filter({ $0.label.key == "caddy" || $0.label.key.hasPrefix("caddy_") }).min(by: { $0.label.line < $1.label.line }),
           !caddy.label.value.isEmpty {
            return (caddy.path, caddy.label.line)
        }
        if proxies.contains(.nginxProxy), let host = service.environment["VIRTUAL_HOST"], !host.variable.value.isEmpty {
            return (host.path, host.variable.line)
        }
        return nil
    }

    /// A variable with its value substituted and, when that changed it, the endpoints it names
    /// found again.
    /// A spent `budget` leaves the value as written.
    static func substituted(_ variable: ComposeFact.Variable, lookup: (String) -> String?, budget: ComposeInterpolation.SubstitutionBudget) -> ComposeFact.Variable {
        guard variable.value.utf8.contains(0x24), budget.left > 0 else { return variable }
        let value = ComposeInterpolation.interpolate(variable.value, lookup).text
        budget.left -= value.utf8.count
        guard value != variable.value else { return variable }
        var changed = variable
        changed.value = value
        changed.mentions = value.isEmpty ? [] : KubernetesObject.lineMentions(value, firstLine: variable.line, context: "env \(variable.key)")
        return changed
    }

    /// The variables of a service's env files, under those its `environment` sets.
    /// `parsed` keeps each env file's variables for the project's other services.
    private func loadEnvFiles(
        into service: inout HostService, parsed: inout [String: [ComposeInterpolation.Variable]], lookup: @escaping (String) -> String?,
        diagnostics: inout [Diagnostic]
    ) {
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
            // Each variable the file sets, substituted from the file's own, then the project's.
            let file = self.envFile(at: envFile.path, text: text)
            if parsed[envFile.path] == nil, let line = file.unclosed { diagnostics.append(Self.unclosedQuote(path: envFile.path, line: line)) }
            // The project's variables win over the file's own while substituting, as in Compose.
            let variables = parsed[envFile.path] ?? file.variables(outer: lookup, outerFirst: true, budget: composeReading.budget)
            parsed[envFile.path] = variables
            for variable in variables {
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
                    // Only the files the host's own files extend are read: one named by an
                    // extended file is not (see `ComposeFiles.reads`).
                    let followed = filesByPath[current.path]?.compose != nil
                    diagnostics.append(Diagnostic(
                        .warning, followed
                            ? "service \(current.service.name) extends \(extends.service) in \(file), which is not a Compose file of this commit; what it inherits is not known"
                            : "service \(current.service.name) extends \(extends.service) in \(file), which is not read: Faultline follows extends into another file once; what it inherits from there is not known",
                        path: current.path, line: extends.line))
                    break
                }
                basePath = resolved
                baseCompose = other
            }
            guard let base = self.service(named: extends.service, in: baseCompose, at: basePath) else {
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
        if let known = composeReading.texts[path] { return known }
        guard let text = filesByPath[path]?.readText else { return nil }
        let fact = linker.composeTexts.value(for: text) { ComposeReader().read(path: path, bytes: Array(text.utf8)).compose }
        composeReading.texts[path] = fact
        return fact
    }

    /// A file's service by name, the files indexed once a link.
    private func service(named name: String, in compose: ComposeFact, at path: String) -> ComposeFact.Service? {
        if composeReading.servicesByName[path] == nil {
            var index: [String: Int] = [:]
            for (position, service) in compose.services.enumerated() where index[service.name] == nil { index[service.name] = position }
            composeReading.servicesByName[path] = index
        }
        return composeReading.servicesByName[path]?[name].map { compose.services[$0] }
    }

    /// Each service of a machine's Compose files is a workload `compose:HOST/SERVICE` on that
    /// machine (`host:HOST`, and its zone or region when `.faultline.yaml` gives one): it needs
    /// its image, the endpoints its environment names, and the services of the same machine
    /// it depends on or addresses by name (`http://api:8080`, `CACHE_HOST: cache`) — but for
    /// telemetry backends (`otel-collector`), as for Kubernetes workloads; a published port
    /// makes it face users. A Compose file no host names is not part of the
    /// topology.
    ///
    /// A host `mergeComposeProjects` left out, past its share of ``composeLimit``, gets a warning.
    mutating func linkCompose() {
        guard let hosts = config?.hosts, !hosts.isEmpty else {
            // Said once, at the first: Compose files with no machine to run them are read for
            // their errors only, which a first reader of the topology would not guess.
            let unhosted = files.filter { $0.compose?.services.isEmpty == false }
            if let first = unhosted.first {
                note("\(unhosted.count) Compose file\(unhosted.count == 1 ? " is" : "s are") read, but no host in .faultline.yaml runs \(unhosted.count == 1 ? "it" : "them"), so \(unhosted.count == 1 ? "its" : "their") services are not part of the topology",
                     detail: "list the machines that run them under hosts: in .faultline.yaml (docs/configuration.md); a file for local development can go under ignore:",
                     path: first.path, line: 1)
            }
            return
        }
        var reported: Set<ComposeProject> = []
        var mounted: [String: [(String, String)]] = [:]
        var mountsLeft = Self.composeLimit
        // The files a mount can give, in byte order, so each mount finds its own by a search.
        let mountable = fileComponents.filter { filesByPath[$0.key]?.dockerfile == nil }
            .map { (path: Array($0.key.utf8), file: $0.key, id: $0.value) }.sorted { $0.path.lexicographicallyPrecedes($1.path) }
        for host in hosts {
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
            guard !composeLeftOut.contains(host.name), let merge = composeMerges[key] else {
                warn("host \(host.name) runs more Compose services and requirements than its share of the \(Self.composeLimit) a commit's hosts may add; it is not read",
                     detail: "no deployment needs this many; look for many hosts running one large Compose file", path: configPath, line: host.line)
                continue
            }
            // Said once for hosts running the same project.
            if reported.insert(key).inserted { diagnostics += merge.diagnostics }
            let services = merge.services
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
                // A variable whose whole value is another service's name (`CACHE_HOST: cache`)
                // in a setting named for an address, as for Kubernetes (`KubernetesObject
                // .namesAnAddress`): `MYSQL_USER: wordpress` names a user, not the service.
                for key in service.keys {
                    guard let (path, variable) = service.environment[key], names.contains(variable.value), variable.value != service.name,
                          KubernetesObject.namesAnAddress(setting: key), !Self.isTelemetry(variable.value) else { continue }
                    requirements.append(Requirement(id(variable.value), provenance: provenance(path, variable.line), note: "env \(key) at \(path):\(variable.line)"))
                }
                // The repository's files it mounts (an nginx.conf, a site's pages) are read by
                // its containers as if its image shipped them.
                for (path, mount) in service.mounts {
                    let found = mounted[path + "\u{0}" + mount.source] ?? mountedFiles(mount, from: path, in: mountable)
                    mounted[path + "\u{0}" + mount.source] = found
                    // Mounts are bounded by the files they give (one of nothing costs a search), so a
                    // flood of empty ones neither drops the host nor crowds out a real mount.
                    guard mountsLeft >= found.count else {
                        if mountsLeft >= 0 {
                            warn("the Compose services of this commit's hosts mount more than \(Self.composeLimit) of the repository's files; the mounts past them are not read",
                                 detail: "no deployment needs this many; look for many services mounting a large folder", path: path, line: mount.line)
                        }
                        mountsLeft = -1
                        continue
                    }
                    mountsLeft -= found.count
                    for (filePath, fileID) in found {
                        requirements.append(Requirement(fileID, provenance: provenance(path, mount.line), note: "mounts \(filePath) at \(mount.target)"))
                    }
                }
                // A telemetry backend (`otel-collector`, `jaeger`) is written to, never needed,
                // as for Kubernetes workloads' addresses.
                for (path, dependency) in service.dependsOn where names.contains(dependency.name) && dependency.name != service.name && !Self.isTelemetry(dependency.name) {
                    requirements.append(Requirement(id(dependency.name), provenance: provenance(path, dependency.line), note: "depends_on"))
                }
                parts.append((service, requirements))
            }
            let proxies = Self.reverseProxies(merge.services)
            for (service, requirements) in parts {
                let routed = service.published == nil ? Self.routedBy(proxies, service) : nil
                addParts(
                    id: id(service.name), kind: .workload, sites: [Site(domains)], requirements: requirements,
                    provenance: [provenance(routed?.path ?? service.published?.path ?? service.path, routed?.line ?? service.published?.line ?? service.line)],
                    isEntrypoint: service.published != nil || routed != nil)
            }
        }
    }

    /// The files of the repository that became components under a bind mount's source
    /// (relative to the Compose file naming it, its variables substituted when merged), but
    /// Dockerfiles, which run nothing where they are mounted.
    func mountedFiles(_ mount: ComposeFact.Mount, from path: String, in mountable: [(path: [UInt8], file: String, id: String)]) -> [(String, String)] {
        guard mount.source.hasPrefix("."), !mount.source.utf8.contains(0x24),
              let folder = KustomizeRenderings.resolve(mount.source, from: KustomizeRenderings.folder(of: path)) else { return [] }
        // The folder itself (a file mounted), then what starts `folder/`: one run of the order.
        let prefix = Array(folder.utf8)
        func lowerBound(_ key: [UInt8]) -> Int {
            var low = 0, high = mountable.count
            while low < high {
                let middle = (low + high) / 2
                if mountable[middle].path.lexicographicallyPrecedes(key) { low = middle + 1 } else { high = middle }
            }
            return low
        }
        var found: [(String, String)] = []
        let exact = lowerBound(prefix)
        if exact < mountable.count, mountable[exact].path == prefix { found.append((mountable[exact].file, mountable[exact].id)) }
        let inside = prefix.isEmpty ? [] : prefix + [0x2F]
        var index = lowerBound(inside)
        while index < mountable.count, mountable[index].path.starts(with: inside) {
            found.append((mountable[index].file, mountable[index].id))
            index += 1
        }
        return found
    }

    /// The most components and requirements the Compose services of one commit's hosts add.
    static let composeLimit = 100_000
}
