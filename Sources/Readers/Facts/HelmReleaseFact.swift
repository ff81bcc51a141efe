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

    public init(kind: String, namespace: String, name: String, line: Int, values: HelmValuesFact) {
        self.kind = kind
        self.namespace = namespace
        self.name = name
        self.line = line
        self.values = values
    }

    public var id: String { component ?? "k8s:\(kind)/\(namespace)/\(name)" }
}
