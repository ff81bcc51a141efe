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
}
