/// What a repository's `.faultline.yaml` declares (docs/configuration.md).
public struct RepoConfigFact: Hashable, Sendable, Codable {
    public var clusters: [ClusterFact] = []
    /// Component ids that are user-facing, in addition to those found.
    public var entrypoints: [NamedReference] = []
    /// Folders whose files belong to a component: their endpoints become its requirements.
    public var owners: [PathOwner] = []
    /// Endpoints a component needs that no file shows.
    public var dependencies: [DeclaredDependency] = []
    /// Risks the team has accepted, with a reason and an expiry date.
    public var acceptances: [Acceptance] = []
    /// Path patterns of files that are not part of the deployment (test data, examples), as
    /// in `.dockerignore`, each at its line.
    public var ignore: [NamedReference] = []
    /// Machines running Docker Compose files.
    public var hosts: [HostFact] = []
    /// CloudFormation templates deployed as stacks: their region and parameters.
    public var stacks: [StackFact] = []

    public init() {}
}

/// `owners: [{component: ID, paths: [ui/]}]`.
public struct PathOwner: Hashable, Sendable, Codable {
    public var component: String
    public var paths: [String]
    public var line: Int

    public init(component: String, paths: [String], line: Int) {
        self.component = component
        self.paths = paths
        self.line = line
    }
}

/// `dependencies: [{component: ID, endpoint: URL, phase: serve|deliver}]`.
public struct DeclaredDependency: Hashable, Sendable, Codable {
    public var component: String
    public var endpoint: String
    /// `serve` or `deliver`.
    public var phase: String
    public var line: Int

    public init(component: String, endpoint: String, phase: String, line: Int) {
        self.component = component
        self.endpoint = endpoint
        self.phase = phase
        self.line = line
    }
}

/// An accepted risk: a rule's finding for an entrypoint and scenario, with the reason and the
/// date after which it must be looked at again.
public struct Acceptance: Hashable, Sendable, Codable {
    public var rule: String
    /// A component id, or `*` for every entrypoint.
    public var entrypoint: String
    /// A domain id such as `region:aws/us-east-1`.
    public var scenario: String
    public var reason: String
    /// `YYYY-MM-DD`, the last day the acceptance holds.
    public var expires: String
    public var line: Int
    /// For an acceptance written as a comment in a file: that file. It then covers only
    /// findings located in it. Nil for `.faultline.yaml`'s acceptances, which cover any.
    public var path: String?

    public init(rule: String, entrypoint: String, scenario: String, reason: String, expires: String, line: Int, path: String? = nil) {
        self.rule = rule
        self.entrypoint = entrypoint
        self.scenario = scenario
        self.reason = reason
        self.expires = expires
        self.line = line
        self.path = path
    }
}
