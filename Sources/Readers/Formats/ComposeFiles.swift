/// Which files a machine's Compose project is made of, and which others it reads: the env
/// files its variables come from, the env files its services load, and the files its services
/// extend. The commit reader reads the texts of the latter (see `TextReader`), so that a change
/// to one of them is a change to the machine.
public enum ComposeFiles {
    /// The names `docker compose` looks for by itself, each with the override it merges in.
    static let defaultNames = ["compose.yaml", "compose.yml", "docker-compose.yaml", "docker-compose.yml"]

    /// The Compose files a machine runs: those `.faultline.yaml` lists, and — when it lists one
    /// file of the default name (`compose.yaml`, `docker-compose.yml`) — the override file
    /// beside it that `docker compose up` merges in by itself, when `isCompose` says the commit
    /// has it.
    public static func files(of host: HostFact, isCompose: (String) -> Bool) -> [String] {
        let listed = host.compose.map(HostFact.repositoryPath)
        guard listed.count == 1, let only = listed.first else { return listed }
        let name = only.fileName, folder = KustomizeRenderings.folder(of: only)
        guard defaultNames.contains(String(name)) else { return listed }
        let stem = name.hasPrefix("docker-") ? "docker-compose" : "compose"
        let overrides = ["yaml", "yml"].map { (folder.isEmpty ? "" : folder + "/") + "\(stem).override.\($0)" }
        return listed + overrides.filter(isCompose).prefix(1)
    }

    /// The project's folder, which relative paths in its files start from: the first file's
    /// (Compose's rule when several files are given with `-f`).
    public static func projectFolder(of host: HostFact) -> String {
        KustomizeRenderings.folder(of: HostFact.repositoryPath(host.compose.first ?? ""))
    }

    /// The env files the machine's variables come from: those `.faultline.yaml` gives it, else
    /// the project's `.env`, as `docker compose --env-file` replaces the default.
    public static func variableFiles(of host: HostFact) -> [String] {
        if !host.envFiles.isEmpty { return host.envFiles.map(HostFact.repositoryPath) }
        let folder = projectFolder(of: host)
        return [folder.isEmpty ? ".env" : folder + "/.env"]
    }

    /// A path a service's `env_file` or `extends` names, as a repository path (`from` is the
    /// folder it is relative to); nil when it leaves the repository or is absolute.
    public static func path(_ written: String, from folder: String) -> String? {
        KustomizeRenderings.resolve(written, from: folder)
    }

    /// Every file the machines of a commit read besides their Compose files: env files, the
    /// files their services extend and the files they `include:` (what a file of another name
    /// than Compose's includes, or a service of it extends or loads, is not followed). Nothing
    /// without `hosts:` in `.faultline.yaml`.
    public static func reads(of files: some Sequence<FileFacts>) -> Set<String> {
        var hosts: [HostFact] = []
        var compose: [String: ComposeFact] = [:]
        for file in files {
            if let config = file.config { hosts += config.hosts }
            if let fact = file.compose { compose[file.path] = fact }
        }
        guard !hosts.isEmpty else { return [] }
        var paths = Set<String>()
        // Hosts differing only by their variables or placement read the same files: each set once.
        var walked: Set<[String]> = []
        for host in hosts where walked.insert(host.compose + ["\u{0}"] + host.envFiles).inserted {
            paths.formUnion(variableFiles(of: host))
            // The host's files, with the project's folder, then what they include, each with
            // its own folder, through files Compose names by itself (what a file of another name
            // includes or loads is not known before its text is read), each file once.
            var pending = self.files(of: host, isCompose: { compose[$0] != nil }).map { (path: $0, folder: projectFolder(of: host)) }
            var visited: Set<String> = []
            while !pending.isEmpty {
                let (path, folder) = pending.removeFirst()
                guard visited.insert(path).inserted, let fact = compose[path] else { continue }
                for included in fact.includes {
                    guard let read = self.path(included.path, from: KustomizeRenderings.folder(of: path)) else { continue }
                    paths.insert(read)
                    pending.append((read, KustomizeRenderings.folder(of: read)))
                }
                for service in fact.services {
                    for envFile in service.envFiles { if let read = self.path(envFile.path, from: folder) { paths.insert(read) } }
                    if let file = service.extends?.file, let read = self.path(file, from: KustomizeRenderings.folder(of: path)) {
                        paths.insert(read)
                    }
                }
            }
        }
        return paths
    }
}
