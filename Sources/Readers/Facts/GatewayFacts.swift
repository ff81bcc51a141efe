/// A Gateway API `Gateway`: the load balancer its routes attach to.
public struct GatewayFact: Hashable, Sendable, Codable {
    public var namespace: String
    public var name: String
    public var line: Int
    /// `gatewayClassName`, as written.
    public var className: String?
    /// An Istio Gateway's `selector`: the labels of the gateway pods that serve it (in any
    /// namespace); nil for a Gateway API Gateway.
    public var selector: [String: String]?

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
    /// An Istio VirtualService's destination hosts that are not a Service's short name or
    /// `NAME.NAMESPACE.svc` form (`api.shop`, `assets.s3.amazonaws.com`): the linker takes
    /// each for a Service of the repository when it names one, else for an endpoint.
    public var hosts: [Mention] = []

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
