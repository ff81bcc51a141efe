import Model
import Testing
@testable import Readers

@Suite struct SuppressionScannerTests {
    @Test(arguments: [
        ("# faultline:accept single-region service:aws/us-east-1/s3 expires=2027-01-31 reason=CDN lands in PLAT-412", "CDN lands in PLAT-412"),
        ("    image: x  # faultline:accept single-saas saas:quay expires=2027-01-31 reason=\"moving to ECR\"", "moving to ECR"),
        ("// faultline:accept global-service service:aws/global/cloudfront reason=edge is fine expires=2027-01-31", "edge is fine"),
        ("<!-- faultline:accept single-region region:aws/us-east-1 expires=2027-01-31 reason=one region by choice -->", "one region by choice"),
    ])
    func readsAcceptancesInComments(line: String, reason: String) throws {
        let (acceptances, problems) = SuppressionScanner.scan(path: "k8s/ui.yaml", bytes: Array("a: 1\n\(line)\n".utf8))
        #expect(problems.isEmpty, "\(problems)")
        let acceptance = try #require(acceptances.first)
        #expect(acceptance.line == 2 && acceptance.path == "k8s/ui.yaml" && acceptance.entrypoint == "*")
        #expect(acceptance.reason == reason)
    }

    @Test(arguments: [
        ("# faultline:accept single-region", "needs a rule and a scenario"),
        ("# faultline:accept single-region region:aws/us-east-1 reason=why", "needs expires"),
        ("# faultline:accept single-region region:aws/us-east-1 expires=soon reason=why", "needs expires"),
        ("# faultline:accept single-region region:aws/us-east-1 expires=2030-02-30 reason=why", "needs expires=YYYY-MM-DD, a date that exists"),
        ("# faultline:accept single-region region:aws/us-east-1 expires=2027-01-01", "needs reason"),
    ])
    func malformedOnesAreLocatedErrors(line: String, message: String) {
        let (acceptances, problems) = SuppressionScanner.scan(path: "main.tf", bytes: Array("x\n\n\(line)\n".utf8))
        #expect(acceptances.isEmpty)
        #expect(problems.count == 1 && problems[0].line == 3 && problems[0].severity == .error && problems[0].summary.contains(message))
    }

    @Test func textThatIsNotACommentIsIgnored() {
        let (acceptances, problems) = SuppressionScanner.scan(path: "a.yaml", bytes: Array("note: faultline:accept is documented\n".utf8))
        #expect(acceptances.isEmpty && problems.isEmpty)
        #expect(SuppressionScanner.scan(path: "a", bytes: []).acceptances.isEmpty)
    }
}

/// Inside a multi-line HTML or CSS comment, and in a CSS comment, an acceptance applies (it was
/// silently ignored); outside web files `/*` opens nothing (a glob in a YAML string).
@Suite struct BlockCommentSuppressionTests {
    static let accept = "faultline:accept single-region service:aws/us-east-1/s3 expires=2027-01-31 reason=CDN lands in PLAT-412"

    @Test(arguments: [
        ("ui/index.html", "<!--\n  \(accept)\n-->\n<script src=x></script>\n", 2),
        ("ui/site.css", "/* assets:\n   \(accept)\n*/\nbody { }\n", 2),
        ("ui/site.css", "/* \(accept) */\n", 1),
    ] as [(String, String, Int)])
    func readsAcceptancesInsideBlockComments(path: String, text: String, line: Int) throws {
        let (acceptances, problems) = SuppressionScanner.scan(path: path, bytes: Array(text.utf8))
        #expect(problems.isEmpty, "\(problems)")
        let acceptance = try #require(acceptances.first)
        #expect(acceptance.line == line && acceptance.reason == "CDN lands in PLAT-412")
    }

    /// Untrusted input: one line of 100,000 comments is read in one pass.
    @Test func aLineOfManyCommentsIsLinear() {
        let css = "/* \(Self.accept) */\n" + String(repeating: "/**/", count: 100_000) + "\n"
        #expect(SuppressionScanner.scan(path: "ui/site.css", bytes: Array(css.utf8)).acceptances.count == 1)
        #expect(SuppressionScanner.blockLeftOpen(by: "a <!-- b --> c /* d", open: nil) == "*/")
        #expect(SuppressionScanner.blockLeftOpen(by: "x */ y", open: "*/") == nil)
    }

    @Test func aClosedCommentEndsTheBlockAndYAMLHasNone() {
        let html = "<!-- one -->\n<p>\(Self.accept)</p>\n"
        #expect(SuppressionScanner.scan(path: "ui/index.html", bytes: Array(html.utf8)).acceptances.isEmpty)
        let yaml = "paths: [\"/api/*\"]\ndescription: \(Self.accept)\n"
        #expect(SuppressionScanner.scan(path: "k8s/ui.yaml", bytes: Array(yaml.utf8)).acceptances.isEmpty)
    }
}
