/// A Docker Compose file's services: what each runs and names, and whether it publishes a
/// port. Which machine runs the file is not in it: `.faultline.yaml` says (`hosts:`), and only
/// the files it names are part of the topology.
public struct ComposeFact: Hashable, Sendable, Codable {
    public struct Service: Hashable, Sendable, Codable {
        public var name: String
        public var line: Int
        /// `image:`, when given, as written: the variables it names (`${TAG}`) are the
        /// machine's, substituted when the topology is linked.
        public var image: ImageMention?
        /// Its `environment`, by key: a later file replaces a key's value.
        public var environment: [Variable] = []
        /// The endpoints its `command` and `entrypoint` name; `setsCommand` says the file sets
        /// one (a later file's replaces it whole).
        public var commandMentions: [Mention] = []
        public var setsCommand = false
        /// The line of the first port it publishes on the machine's network (a `ports:` entry
        /// not bound to the loopback address, or `network_mode: host`), when one does: it
        /// faces users.
        public var published: Int?
        /// The services it needs to start (`depends_on`, `links`, `network_mode: service:x`),
        /// each at the line naming it.
        public var dependsOn: [NamedReference] = []
        /// Its `env_file:` entries, as written (relative to the project's folder).
        public var envFiles: [EnvFile] = []
        /// The service it extends (`extends: {service: web, file: common.yaml}`), when it does.
        public var extends: Extends?
        /// The profiles it runs under (`profiles: [debug]`): none means always.
        public var profiles: [String] = []
        /// Its bind mounts of the repository's files (`./nginx.conf:/etc/nginx/nginx.conf:ro`,
        /// or `type: bind`), sources as written: what the containers read from there they
        /// serve with.
        public var mounts: [Mount] = []
        /// Its labels for a reverse proxy on the machine that routes to containers by their
        /// labels (`traefik.*`, `caddy`, `caddy.*`), by key; a later file replaces a key's value.
        public var proxyLabels: [Label] = []
        /// The configs it puts in its containers (`configs:`): each a mount whose source is the
        /// config's name, resolved against the project's `configs:` when the files are merged.
        public var configs: [Mount] = []
        /// What a merge tag on the whole service (Compose 2.24) does to the earlier files'
        /// definition of it: `!reset` drops it, `!override` replaces it with this one.
        public var merge: Merge?
        /// Its keys tagged `!reset` (not read) or `!override` (read): the earlier files' values
        /// of these are dropped instead of merged with this file's.
        public var replacedKeys: [String] = []

        /// A Compose merge tag.
        public enum Merge: String, Hashable, Sendable, Codable { case reset, override }

        public init(name: String, line: Int) {
            self.name = name
            self.line = line
        }
    }

    /// An `env_file:` entry: the file and whether Compose requires it (`required: false`).
    public struct EnvFile: Hashable, Sendable, Codable {
        public var path: String
        public var line: Int
        public var required: Bool

        public init(path: String, line: Int, required: Bool = true) {
            self.path = path
            self.line = line
            self.required = required
        }
    }

    /// A bind mount: the host path as written (relative to the file's folder, variables not
    /// yet substituted) and the container path it is mounted at.
    public struct Mount: Hashable, Sendable, Codable {
        public var source: String
        public var target: String
        public var line: Int

        public init(source: String, target: String, line: Int) {
            self.source = source
            self.target = target
            self.line = line
        }
    }

    /// An `extends:` entry: the service whose configuration this one starts from, in this file
    /// or another (relative to this one's folder).
    public struct Extends: Hashable, Sendable, Codable {
        public var service: String
        public var file: String?
        public var line: Int

        public init(service: String, file: String?, line: Int) {
            self.service = service
            self.file = file
            self.line = line
        }
    }

    /// An environment variable: its value, as written, and the endpoints it names.
    /// The file's top-level `configs:` that are files of the repository: the name as `key`, the
    /// file as written as `value` (relative to the file's folder), at the `file:` line.
    public var configFiles: [Label] = []

    /// A label of a service: `key=value`, at its line.
    public struct Label: Hashable, Sendable, Codable {
        public var key: String
        public var value: String
        public var line: Int

        public init(key: String, value: String, line: Int) {
            self.key = key
            self.value = value
            self.line = line
        }
    }

    public struct Variable: Hashable, Sendable, Codable {
        public var key: String
        public var value: String
        public var line: Int
        public var mentions: [Mention]

        public init(key: String, value: String, line: Int, mentions: [Mention]) {
            self.key = key
            self.value = value
            self.line = line
            self.mentions = mentions
        }
    }

    public var services: [Service] = []
    /// The files its top-level `include:` loads, as written (relative to this file's folder),
    /// each at its line.
    public var includes: [PathReference] = []

    public init(services: [Service] = [], includes: [PathReference] = []) {
        self.services = services
        self.includes = includes
    }
}

/// A machine running Docker Compose files (`.faultline.yaml` `hosts:`): the `host:NAME` domain,
/// optionally placed in a provider's region or zone.
public struct HostFact: Hashable, Sendable, Codable {
    public var name: String
    /// The Compose files it runs, repository paths, merged in order as `docker compose -f … -f …` does.
    public var compose: [String]
    public var provider: String?
    public var region: String?
    public var zone: String?
    /// The env files Compose reads its variables from on this machine (`docker compose
    /// --env-file`), repository paths; when none is given, the project's `.env` (beside the
    /// first Compose file) is.
    public var envFiles: [String]
    /// Variables the machine sets (its shell's), which win over any env file's.
    public var environment: [String: String]
    /// The profiles it runs (`docker compose --profile`): services of other profiles do not start.
    public var profiles: [String]
    public var line: Int

    public init(
        name: String, compose: [String], provider: String? = nil, region: String? = nil, zone: String? = nil,
        envFiles: [String] = [], environment: [String: String] = [:], profiles: [String] = [], line: Int
    ) {
        self.name = name
        self.compose = compose
        self.provider = provider
        self.region = region
        self.zone = zone
        self.envFiles = envFiles
        self.environment = environment
        self.profiles = profiles
        self.line = line
    }
}

extension HostFact {
    /// A path as `.faultline.yaml` writes it (`./deploy/compose.yaml`) as the repository has it.
    public static func repositoryPath(_ path: String) -> String {
        var path = Substring(path)
        while path.hasPrefix("./") { path = path.dropFirst(2) }
        return String(path)
    }
}
