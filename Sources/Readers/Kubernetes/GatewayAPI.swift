import Model

/// Reads Gateway API routes: where they attach and which Services their rules send traffic to.
enum GatewayAPI {
    static let group = "gateway.networking.k8s.io"
    static let routeKinds: Set<String> = ["HTTPRoute", "GRPCRoute", "TLSRoute", "TCPRoute", "UDPRoute"]

    static func route(kind: String, namespace: String, name: String, root: YAMLNode, facts: inout FileFacts) -> RouteFact {
        let spec = root["spec"]
        var parents: [RouteFact.Parent] = []
        for parent in spec?["parentRefs"]?.items ?? [] {
            guard let reference = parent["name"], let parentName = reference.string else { continue }
            parents.append(.init(
                kind: parent["kind"]?.string ?? "Gateway", namespace: parent["namespace"]?.string ?? namespace, name: parentName,
                line: reference.line))
        }
        var backends: [RouteFact.Backend] = []
        for rule in spec?["rules"]?.items ?? [] {
            for backend in rule["backendRefs"]?.items ?? [] {
                guard let reference = backend["name"], let backendName = reference.string else { continue }
                // A Service unless it says otherwise (`kind: ServiceImport`, another group).
                let backendKind = backend["kind"]?.string ?? "Service", backendGroup = backend["group"]?.string ?? ""
                guard backendKind == "Service", backendGroup.isEmpty else {
                    facts.diagnostics.append(Diagnostic(
                        .note, "\(kind) \(namespace)/\(name) sends traffic to \(backendKind) \(backendName), which is not a Service, so it is not followed",
                        path: facts.path, line: reference.line))
                    continue
                }
                // A weight of 0 takes no traffic: it is not needed to serve.
                if backend["weight"]?.int == 0 { continue }
                backends.append(.init(namespace: backend["namespace"]?.string ?? namespace, name: backendName, line: reference.line))
            }
        }
        return RouteFact(kind: kind, namespace: namespace, name: name, line: root.line, parents: parents, backends: backends)
    }

    /// Istio's VirtualService, read as a route: its `gateways` are its parents (`mesh`, the
    /// default, attaches it to no Gateway, so it faces no users), and the destination hosts
    /// of its `http`, `tcp` and `tls` routes are what it sends traffic to. A short name (no
    /// dot: `reviews`) is a Service in the VirtualService's namespace, as Istio expands it;
    /// `reviews.prod.svc.cluster.local` (any cluster domain) is Service `prod/reviews`; any
    /// other host is left for the linker (Istio expands no other form, so `reviews.prod` is
    /// looked up as it is written: an endpoint, or nothing).
    static func virtualService(namespace: String, name: String, root: YAMLNode, facts: inout FileFacts) -> RouteFact {
        let spec = root["spec"]
        var parents: [RouteFact.Parent] = []
        for gateway in spec?["gateways"]?.items ?? [] {
            guard let text = gateway.string, !text.isEmpty, text != "mesh" else { continue }
            let parts = text.split(separator: "/", maxSplits: 1).map(String.init)
            parents.append(.init(
                kind: "Gateway", namespace: parts.count == 2 ? parts[0] : namespace, name: parts.last ?? text, line: gateway.line))
        }
        var route = RouteFact(kind: "VirtualService", namespace: namespace, name: name, line: root.line, parents: parents, backends: [])
        for protocolName in ["http", "tcp", "tls"] {
            for rule in spec?[protocolName]?.items ?? [] {
                for destination in rule["route"]?.items ?? [] {
                    // A weight of 0 takes no traffic; a route given no weight takes it all.
                    if destination["weight"]?.int == 0 { continue }
                    guard let host = destination["destination"]?["host"], let text = host.string?.lowercased(), !text.isEmpty else { continue }
                    let labels = text.split(separator: ".", omittingEmptySubsequences: false).map(String.init)
                    if labels.count == 1 {
                        route.backends.append(.init(namespace: namespace, name: text, line: host.line))
                    } else if labels.count >= 4, labels[2] == "svc" {
                        route.backends.append(.init(namespace: labels[1], name: labels[0], line: host.line))
                    } else {
                        route.hosts.append(Mention(text: text, line: host.line, context: "VirtualService \(namespace)/\(name) route"))
                    }
                }
            }
        }
        return route
    }
}
