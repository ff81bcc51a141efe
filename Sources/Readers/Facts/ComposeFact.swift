/// A Docker Compose file's services: what each runs and names, and whether it publishes a
/// port. Which machine runs the file is not in it: `.faultline.yaml` says (`hosts:`), and only
/// the files it names are part of the topology.
public struct ComposeFact: Hashable, Sendable, Codable {
    public struct Service: Hashable, Sendable, Codable {
        public var name: String
        public var line: Int
        /// `image:`, when given.
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

        public init(name: String, line: Int) {
            self.name = name
            self.line = line
        }
    }

    /// An environment variable: its value and the endpoints it names.
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

    public init(services: [Service] = []) {
        self.services = services
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
    public var line: Int

    public init(name: String, compose: [String], provider: String? = nil, region: String? = nil, zone: String? = nil, line: Int) {
        self.name = name
        self.compose = compose
        self.provider = provider
        self.region = region
        self.zone = zone
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
