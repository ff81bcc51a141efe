/// A Kubernetes object's facts that carry its namespace and name, which Kustomize sets.
protocol NamespacedFact {
    var namespace: String { get set }
    var name: String { get set }
}

extension WorkloadFact: NamespacedFact {}
extension ServiceFact: NamespacedFact {}
extension IngressFact: NamespacedFact {}
extension ConfigMapFact: NamespacedFact {}
extension ClaimFact: NamespacedFact {}
extension GatewayFact: NamespacedFact {}
extension RouteFact: NamespacedFact {}
extension HelmReleaseFact: NamespacedFact {}
extension ChartSourceFact: NamespacedFact {}
