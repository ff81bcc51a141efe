/// A Docker Compose file's services: what each runs and names, and whether it publishes a
/// port. Which machine runs the file is not in it: `.faultline.yaml` says (`hosts:`), and only
/// the files it names are part of the topology.
public struct ComposeFact: Hashable, Sendable, Codable {
    public struct Service: Hashable, Sendable, Codable {
        public var name: String
        public var line: Int
        /// `image:`, when given.
        public var image: ImageMention?
        /// The endpoints its `environment` values (and `command`, `entrypoint`) name.
        public var mentions: [Mention] = []
        /// The line of the first port it publishes on the machine's network (a `ports:` entry
        /// not bound to the loopback address), when one does: it faces users.
        public var published: Int?
        /// The services it starts after (`depends_on`), and the line naming them.
        public var dependsOn: [NamedReference] = []

        public init(name: String, line: Int) {
            self.name = name
            self.line = line
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
