/// A GitOps object that installs a Helm chart with values written in it: a Flux
/// `HelmRelease` (`spec.values`) or an Argo CD `Application` (`spec.source.helm.valuesObject`
/// or `values`, in `source` or any of `sources`), or a Terraform `helm_release` (its `values`
/// and `set` entries). The chart itself is kept elsewhere.
public struct HelmReleaseFact: Hashable, Sendable, Codable {
    public var kind: String
    /// Where the release runs: `spec.targetNamespace` or `spec.destination.namespace`, else
    /// the object's own.
    public var namespace: String
    public var name: String
    public var line: Int
    public var values: HelmValuesFact
    /// The component it is, when not the object's own id: a `helm_release`'s Terraform address.
    public var component: String?
    /// The repository the chart comes from (`https://charts.example.com`, `oci://…`), which an
    /// upgrade of the release needs.
    public var repository: String?
    /// The commit's folder holding the chart, whose `values.yaml` its values are read over.
    public var chartFolder: String?
    /// The Flux source object its chart comes from, as `KIND/NAMESPACE/NAME` (`spec.chart.spec.sourceRef`
    /// or `spec.chartRef`), whose URL an upgrade needs.
    public var source: String?
    /// The namespace a `source` naming none is looked for in: the object's own (not its
    /// `targetNamespace`), as Kustomize places it.
    public var sourceNamespace: String?

    public init(kind: String, namespace: String, name: String, line: Int, values: HelmValuesFact) {
        self.kind = kind
        self.namespace = namespace
        self.name = name
        self.line = line
        self.values = values
    }

    public var id: String { component ?? "k8s:\(kind)/\(namespace)/\(name)" }

    /// A chart in a repository (`oci://ghcr.io/org/charts` and `web`): `REPOSITORY/CHART`, as
    /// Helm, the helm provider and Argo CD join them.
    public static func chart(_ chart: String, in repository: String) -> String {
        (repository.hasSuffix("/") ? String(repository.dropLast()) : repository) + "/" + chart
    }
}

/// A Flux source object a `HelmRelease` takes its chart from: a `HelmRepository` (an HTTP or
/// OCI chart repository), an `OCIRepository` or a `GitRepository`, with its URL.
public struct ChartSourceFact: Hashable, Sendable, Codable {
    public var kind: String
    public var namespace: String
    public var name: String
    public var url: String
    /// The line of its `url`.
    public var line: Int

    public init(kind: String, namespace: String, name: String, url: String, line: Int) {
        self.kind = kind
        self.namespace = namespace
        self.name = name
        self.url = url
        self.line = line
    }

    public var key: String { "\(kind)/\(namespace)/\(name)" }
}

/// A Helm chart's `Chart.yaml`: the charts it depends on (`dependencies:`), which building
/// the chart's releases (`helm dependency build`) downloads from their repositories.
public struct ChartFact: Hashable, Sendable, Codable {
    public struct Dependency: Hashable, Sendable, Codable {
        public var name: String
        /// `https://…` or `oci://…` as written; `file://…` and `@alias` names are kept too and
        /// judged by the linker.
        public var repository: String
        /// The values settings that switch it on (`redis.enabled`), in the order Helm tries them.
        public var conditions: [String]
        public var line: Int

        public init(name: String, repository: String, conditions: [String], line: Int) {
            self.name = name
            self.repository = repository
            self.conditions = conditions
            self.line = line
        }
    }

    public var dependencies: [Dependency]

    public init(dependencies: [Dependency]) {
        self.dependencies = dependencies
    }
}
