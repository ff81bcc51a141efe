import Model
import Testing
@testable import Simulation

@Suite struct FingerprintTests {
    // Expected values computed independently with FNV-1a 64 over "rule\0entrypoint\0scenario\0phase\0".
    static let known: [(String, String, String, Requirement.Phase, String)] = [
        ("single-region", "k8s:Deployment/weave/ui", "service:aws/us-east-1/s3", .serve, "e1258fae26727748"),
        ("delivery-path", "k8s:Deployment/weave/ui", "saas:circleci", .deliver, "2686bd906e023801"),
        ("", "", "", .serve, "bf476c9207d1cc42"),
    ]

    @Test(arguments: known)
    func isStable(rule: String, entrypoint: String, scenario: String, phase: Requirement.Phase, expected: String) {
        #expect(Fingerprint.make(rule: rule, entrypoint: entrypoint, scenario: scenario, phase: phase) == expected)
    }

    @Test func exposuresFingerprintTheirFields() {
        let exposure = Exposure(entrypoint: "k8s:Deployment/weave/ui", scenario: Scenario(dom("service:aws/us-east-1/s3")), phase: .serve)
        #expect(exposure.fingerprint(rule: "single-region") == "e1258fae26727748")
    }

    @Test func fieldBoundariesMatter() {
        let a = Fingerprint.make(rule: "ab", entrypoint: "c", scenario: "s", phase: .serve)
        let b = Fingerprint.make(rule: "a", entrypoint: "bc", scenario: "s", phase: .serve)
        #expect(a != b)
        #expect(a.count == 16 && b.count == 16)
    }
}
