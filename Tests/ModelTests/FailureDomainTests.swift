import Foundation
import Testing
@testable import Model

@Suite struct FailureDomainTests {
    static let valid: [(String, FailureDomain, FailureDomain.Kind)] = [
        ("provider:aws", .provider("aws"), .provider),
        ("region:aws/us-east-1", .region(provider: "aws", region: "us-east-1"), .region),
        ("zone:aws/us-east-1/us-east-1a", .zone(provider: "aws", region: "us-east-1", zone: "us-east-1a"), .zone),
        ("service:aws/us-east-1/s3", .regionalService(provider: "aws", region: "us-east-1", service: "s3"), .service),
        ("service:aws/global/cloudfront", .globalService(provider: "aws", service: "cloudfront"), .globalService),
        ("saas:dockerhub", .saas("dockerhub"), .saas),
        ("host:compose-1", .host("compose-1"), .host),
        ("unknown:cluster/weave", .unknown("cluster/weave"), .unknown),
        ("region:azure/eastus2", .region(provider: "azure", region: "eastus2"), .region),
        ("zone:gcp/us-central1/us-central1-f", .zone(provider: "gcp", region: "us-central1", zone: "us-central1-f"), .zone),
        ("region:mycloud/moon-base_1", .region(provider: "mycloud", region: "moon-base_1"), .region),
    ]

    @Test(arguments: valid)
    func parsesAndPrintsTheSameId(text: String, domain: FailureDomain, kind: FailureDomain.Kind) throws {
        #expect(FailureDomain(id: text) == domain)
        #expect(try FailureDomain.parse(text) == domain)
        #expect(domain.id == text)
        #expect(domain.kind == kind)
    }

    static let invalid: [(String, FailureDomain.ParseError)] = [
        ("region:aws", .wrongShape(id: "region:aws", expected: "region:PROVIDER/REGION, e.g. region:aws/us-east-1")),
        ("zone:aws/us-east-1", .wrongShape(id: "zone:aws/us-east-1", expected: "zone:PROVIDER/REGION/ZONE, e.g. zone:aws/us-east-1/us-east-1a")),
        ("provider:aws/us-east-1", .wrongShape(id: "provider:aws/us-east-1", expected: "provider:PROVIDER, e.g. provider:aws")),
        ("saas:docker/hub", .wrongShape(id: "saas:docker/hub", expected: "saas:NAME, e.g. saas:dockerhub")),
        ("provider:", .badName(id: "provider:", name: "")),
        ("region:aws/", .badName(id: "region:aws/", name: "")),
        ("region:aws/us east", .badName(id: "region:aws/us east", name: "us east")),
        ("host:a+b", .badName(id: "host:a+b", name: "a+b")),
        ("unknown:", .badName(id: "unknown:", name: "")),
        ("region:aws/global", .reservedRegion(id: "region:aws/global")),
        ("zone:aws/global/a", .reservedRegion(id: "zone:aws/global/a")),
        ("aws", .unknownKind(id: "aws")),
        ("cloud:aws", .unknownKind(id: "cloud:aws")),
        ("", .unknownKind(id: "")),
    ]

    @Test(arguments: invalid)
    func rejectsMalformedIds(text: String, expected: FailureDomain.ParseError) {
        #expect(FailureDomain(id: text) == nil)
        #expect(throws: expected) { try FailureDomain.parse(text) }
    }

    @Test func errorMessagesShowTheExpectedForm() {
        let error = FailureDomain.ParseError.wrongShape(id: "region:aws", expected: "region:PROVIDER/REGION, e.g. region:aws/us-east-1")
        #expect(error.description == "'region:aws' is malformed: write it as region:PROVIDER/REGION, e.g. region:aws/us-east-1")
    }

    static let builtInRelation: [(String, [String])] = [
        ("provider:aws", []),
        ("region:aws/us-east-1", ["provider:aws"]),
        ("zone:aws/us-east-1/us-east-1a", ["region:aws/us-east-1"]),
        ("service:aws/us-east-1/s3", ["region:aws/us-east-1"]),
        ("service:aws/global/cloudfront", ["provider:aws"]),
        ("saas:dockerhub", []),
        ("host:compose-1", []),
        ("unknown:placement", []),
        ("unknown:region/aws", ["provider:aws"]),
        ("unknown:region/", []),
        ("unknown:region/aws/x", []),
        ("unknown:cluster", []),
    ]

    @Test(arguments: builtInRelation)
    func failsWithItsParentOnly(text: String, parents: [String]) throws {
        let domain = try FailureDomain.parse(text)
        #expect(domain.failsWith.map(\.id) == parents)
    }

    @Test func sortsByIdAndCodesAsItsId() throws {
        let domains = try ["zone:aws/us-east-1/us-east-1a", "provider:aws", "region:aws/us-east-1"].map(FailureDomain.parse)
        #expect(domains.sorted().map(\.id) == ["provider:aws", "region:aws/us-east-1", "zone:aws/us-east-1/us-east-1a"])
        let data = try JSONEncoder().encode(domains)
        #expect(String(decoding: data, as: UTF8.self) == #"["zone:aws\/us-east-1\/us-east-1a","provider:aws","region:aws\/us-east-1"]"#)
        #expect(try JSONDecoder().decode([FailureDomain].self, from: data) == domains)
        #expect(throws: DecodingError.self) { try JSONDecoder().decode([FailureDomain].self, from: Data(#"["region:aws"]"#.utf8)) }
    }

    /// The order compares last parts when the leading ones agree; it must still be the order
    /// of the ids, including names that are prefixes of others and parts holding `/`, `-`, `.`.
    @Test func orderIsTheOrderOfTheIds() {
        let names = ["aws", "aws-cn", "aws.x", "a", "", "us-east-1", "us-east-1a", "us-east-10", "global", "a/b", "Z", "é", "e\u{301}"]
        var domains: [FailureDomain] = []
        for p in names.prefix(4) {
            domains.append(.provider(p))
            domains.append(.globalService(provider: p, service: names[4 + p.count % 3]))
            for r in names.prefix(7) {
                domains.append(.region(provider: p, region: r))
                for last in names {
                    domains.append(.zone(provider: p, region: r, zone: last))
                    domains.append(.regionalService(provider: p, region: r, service: last))
                }
            }
        }
        for name in names {
            domains += [.saas(name), .host(name), .unknown(name), .globalService(provider: "aws", service: name)]
        }
        var disagreements: [String] = []
        for lhs in domains {
            for rhs in domains where (lhs < rhs) != (lhs.id < rhs.id) {
                disagreements.append("\(lhs.id) < \(rhs.id)")
            }
        }
        #expect(disagreements.isEmpty, "\(disagreements.prefix(5))")
        #expect(domains.count > 800)
    }
}
