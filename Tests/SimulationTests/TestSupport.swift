import Model
@testable import Simulation

/// A domain from its id; the ids in these tests are all well formed.
func dom(_ id: String) -> FailureDomain {
    guard let domain = FailureDomain(id: id) else { preconditionFailure("bad domain id in a test: \(id)") }
    return domain
}

/// A component in the shorthand the tests use: sites as lists of domain ids, requirements as
/// lists of alternatives.
func component(
    _ id: String, _ kind: Component.Kind = .workload, sites: [[String]] = [], needed: Int = 1,
    serve: [[String]] = [], deliver: [[String]] = [], entrypoint: Bool = false
) -> Component {
    Component(
        id: id, kind: kind, sites: sites.map { Site($0.map(dom)) }, needed: needed,
        requirements: serve.map { Requirement(anyOf: $0, phase: .serve) } + deliver.map { Requirement(anyOf: $0, phase: .deliver) },
        provenance: [Provenance(path: "\(id).yaml", line: 1)], isEntrypoint: entrypoint)
}

let usEast1Zones = ["zone:aws/us-east-1/us-east-1a", "zone:aws/us-east-1/us-east-1b", "zone:aws/us-east-1/us-east-1c"]

/// The catalog of the 2017 story: Docker Hub, quay.io and CircleCI run in AWS us-east-1 and
/// go down with its S3.
let storyCatalog = Catalog(saasHosting: [
    "dockerhub": [dom("region:aws/us-east-1"), dom("service:aws/us-east-1/s3")],
    "circleci": [dom("region:aws/us-east-1"), dom("service:aws/us-east-1/s3")],
    "quay": [dom("region:aws/us-east-1")],
])
