/// A Gateway API `Gateway`: the load balancer its routes attach to.
public struct GatewayFact: Hashable, Sendable, Codable {
    public var namespace: String
    public var name: String
    public var line: Int
    /// `gatewayClassName`, as written.
    public var className: String?

    public init(namespace: String, name: String, line: Int, className: String?) {
        self.namespace = namespace
        self.name = name
        self.line = line
        self.className = className
    }

    public var id: String { "k8s:Gateway/\(namespace)/\(name)" }
}

/// A Gateway API route (`HTTPRoute`, `GRPCRoute`, `TLSRoute`, `TCPRoute`, `UDPRoute`): the
/// Gateways (or, in a mesh, Services) it attaches to and the Services its rules send traffic to.
public struct RouteFact: Hashable, Sendable, Codable {
    /// A `parentRefs` entry, at the line of its name: what attaches the route to a Gateway.
    public struct Parent: Hashable, Sendable, Codable {
        public var kind: String
        public var namespace: String
        public var name: String
        public var line: Int

        public init(kind: String, namespace: String, name: String, line: Int) {
            self.kind = kind
            self.namespace = namespace
            self.name = name
            self.line = line
        }
    }

    /// A `backendRefs` entry that names a Service taking traffic (a weight of 0 takes none).
    public struct Backend: Hashable, Sendable, Codable {
        public var namespace: String
        public var name: String
        public var line: Int

        public init(namespace: String, name: String, line: Int) {
            self.namespace = namespace
            self.name = name
            self.line = line
        }
    }

    public var kind: String
    public var namespace: String
    public var name: String
    public var line: Int
    public var parents: [Parent]
    public var backends: [Backend]

    public init(kind: String, namespace: String, name: String, line: Int, parents: [Parent], backends: [Backend]) {
        self.kind = kind
        self.namespace = namespace
        self.name = name
        self.line = line
        self.parents = parents
        self.backends = backends
    }

    public var id: String { "k8s:\(kind)/\(namespace)/\(name)" }
}
