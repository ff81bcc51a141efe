import Testing
import TestSupport

/// `faultline simulate --scenario`: a domain the catalog or the commit's topology has is run,
/// even when nothing uses it; one that neither has is a usage error, not a clean result.
@Suite struct SimulateCommandTests {
    /// One workload in two zones of us-east-1.
    static func repository() throws -> Scratch {
        let s = try Scratch()
        try s.initRepository()
        try s.write(".faultline.yaml", "clusters:\n  - {name: prod, provider: aws, region: us-east-1, zones: [us-east-1a, us-east-1b]}\n")
        try s.write("k8s/web.yaml", "apiVersion: apps/v1\nkind: Deployment\nmetadata: {name: web}\nspec:\n  template:\n    spec:\n      containers: [{name: a, image: gcr.io/x/web}]\n")
        try s.commit("one workload")
        return s
    }

    @Test(arguments: ["region:aws/us-east-9", "zone:aws/us-east-1/us-east-1z", "saas:no-such-saas", "host:vm-9", "unknown:cluster/nowhere"])
    func aScenarioNeitherTheCatalogNorTheTopologyHasIsAUsageError(id: String) throws {
        let s = try Self.repository()
        let result = try FaultlineBinary.run(["simulate", "--scenario", id], in: s)
        #expect(result.status == 2)
        #expect(result.errors.contains("scenario '\(id)' is neither in the catalog nor in the commit's topology"), "\(result.errors)")
        #expect(result.output.isEmpty)
    }

    @Test(arguments: ["region:aws/us-east-1", "region:aws/eu-west-1", "saas:dockerhub"])
    func aScenarioTheCatalogOrTheTopologyHasIsRun(id: String) throws {
        let s = try Self.repository()
        let result = try FaultlineBinary.run(["simulate", "--scenario", id], in: s)
        #expect(result.status == 0, "\(result.errors)")
        #expect(result.output.hasPrefix("1 scenario against "))
    }

    @Test func aMalformedScenarioIsStillAUsageError() throws {
        let s = try Self.repository()
        let result = try FaultlineBinary.run(["simulate", "--scenario", "region:aws"], in: s)
        #expect(result.status == 2)
        #expect(result.errors.contains("is not a failure-domain id"))
    }
}
