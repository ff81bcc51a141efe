extension FileFacts {
    /// Whether linking a commit with these facts for the file instead of `other` gives the
    /// same topology: the two are equal but for what no pass of the linker reads — a
    /// workload's replica count, its Secrets' names, its spread and anti-affinity keys, an
    /// Ingress's hosts, a Gateway's class. An audit does not re-link a commit whose changed
    /// files all link alike (a replica count bumped).
    public func linksAlike(_ other: FileFacts) -> Bool {
        self == other || linked == other.linked
    }

    /// The facts with what the linker does not read cleared.
    private var linked: FileFacts {
        var copy = self
        for index in copy.workloads.indices {
            copy.workloads[index].replicas = nil
            copy.workloads[index].secrets = []
            copy.workloads[index].spreadKeys = []
            copy.workloads[index].antiAffinityKeys = []
        }
        for index in copy.ingresses.indices { copy.ingresses[index].hosts = [] }
        for index in copy.gateways.indices { copy.gateways[index].className = nil }
        return copy
    }
}
