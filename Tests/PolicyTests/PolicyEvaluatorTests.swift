import Model
import Readers
import Simulation
import Testing
@testable import Policy

/// A small before/after story: the UI's image moves from quay.io to Docker Hub, its fix now
/// ships through CircleCI, and a new zone-pinned workload appears.
///
/// `rename` and `shift` change every provenance's path and line, to show that nothing a finding
/// is identified by depends on them.
struct Story {
    var rename: (String) -> String = { $0 }
    var shift = 0
    /// Judge head against the empty tree, as for a push that starts a new history.
    var emptyBase = false

    static let ui = "k8s:Deployment/web/ui"
    static let pinned = "k8s:Deployment/web/pinned"
    static let zones = ["zone:aws/us-east-1/us-east-1a", "zone:aws/us-east-1/us-east-1b", "zone:aws/us-east-1/us-east-1c"]

    func at(_ path: String, _ line: Int) -> Provenance { Provenance(path: rename(path), line: line + shift, commit: "c0ffee") }

    func site(_ id: String) -> Site {
        guard let domain = FailureDomain(id: id) else { preconditionFailure("bad domain id in a test: \(id)") }
        return Site([domain])
    }

    var base: Topology {
        if emptyBase { return Topology(components: [Component]()) }
        return Topology(components: [
            Component(
                id: Self.ui, kind: .workload, sites: Self.zones.map(site),
                requirements: [Requirement("image:quay.io/web/ui", provenance: at("k8s/ui.yaml", 14))],
                provenance: [at("k8s/ui.yaml", 1)], isEntrypoint: true),
            Component(id: "image:quay.io/web/ui", kind: .image, sites: [site("saas:quay")], provenance: [at("k8s/ui.yaml", 14)]),
        ])
    }

    var head: Topology {
        Topology(components: [
            Component(
                id: Self.ui, kind: .workload, sites: Self.zones.map(site),
                requirements: [
                    Requirement("image:docker.io/web/ui", provenance: at("k8s/ui.yaml", 14)),
                    Requirement("ci:circleci", phase: .deliver, provenance: at(".circleci/config.yml", 2)),
                ],
                provenance: [at("k8s/ui.yaml", 1)], isEntrypoint: true),
            Component(id: "image:docker.io/web/ui", kind: .image, sites: [site("saas:dockerhub")], provenance: [at("k8s/ui.yaml", 15)]),
            Component(id: "ci:circleci", kind: .ciSystem, sites: [site("saas:circleci")], provenance: [at(".circleci/config.yml", 1)]),
            Component(id: Self.pinned, kind: .workload, sites: [site(Self.zones[0])], provenance: [at("k8s/pinned.yaml", 3)], isEntrypoint: true),
        ])
    }

    func evaluate(_ pack: PolicyPack, acceptances: [Acceptance] = [], today: String = "2026-11-27") -> Evaluation {
        Self.evaluate(base, head, pack: pack, acceptances: acceptances, today: today)
    }

    /// The evaluation of a change from `base` to `head`, both assessed against the same suite.
    static func evaluate(
        _ base: Topology, _ head: Topology, pack: PolicyPack = .builtin(), acceptances: [Acceptance] = [], today: String = "2026-11-27"
    ) -> Evaluation {
        let suite = OutageSuite.covering([base, head])
        return PolicyEvaluator(pack: pack, acceptances: acceptances, today: today).evaluate(
            base: OutageEngine(topology: base).assess(suite), head: OutageEngine(topology: head).assess(suite),
            baseTopology: base, headTopology: head, commit: "c0ffee")
    }
}

func rule(
    _ id: String, _ severity: Diagnostic.Severity = .error, change: Rule.Change = .added, phase: Requirement.Phase? = .serve,
    kinds: [String] = [], enabled: Bool = true
) -> Rule {
    Rule(id: id, description: "", severity: severity, change: change, phase: phase, kinds: kinds, message: "{entrypoint} needs {root} in {scenario}", enabled: enabled)
}

/// `rule: entrypoint in scenario (phase) change` for compact comparisons.
func summary(_ finding: Finding) -> String {
    "\(finding.rule): \(finding.entrypoint) in \(finding.scenario.id) (\(finding.phase)) \(finding.change)"
}

@Suite struct PolicyEvaluatorTests {
    let story = Story()

    @Test func addedRulesSeeOnlyWhatTheChangeIntroducesAndResolvedWhatItRemoves() {
        let evaluation = story.evaluate(PolicyPack(rules: [rule("new-saas", kinds: ["saas"])]))
        #expect(evaluation.findings.map(summary) == ["new-saas: \(Story.ui) in saas:dockerhub (serve) added"])
        #expect(evaluation.resolved.map(summary) == ["new-saas: \(Story.ui) in saas:quay (serve) resolved"])
        #expect(evaluation.fails)
        #expect(evaluation.resolved.allSatisfy { !$0.fails })
    }

    @Test func anyRulesSeeExistingExposuresToo() {
        let evaluation = story.evaluate(PolicyPack(rules: [rule("any-region", .warning, change: .any, kinds: ["region"])]))
        // ui was exposed to its region before the change. pinned is a new entrypoint, and the
        // region already took an entrypoint down in the base, so its exposure is no new kind of risk.
        #expect(evaluation.findings.map(summary) == [
            "any-region: \(Story.pinned) in region:aws/us-east-1 (serve) existing",
            "any-region: \(Story.ui) in region:aws/us-east-1 (serve) existing",
        ])
        #expect(evaluation.resolved.isEmpty)
        #expect(!evaluation.fails)
    }

    @Test func aMovedDependencyNamesWhereItMovedFrom() throws {
        let evaluation = story.evaluate(PolicyPack(rules: [rule("new-saas", kinds: ["saas"])]))
        let finding = try #require(evaluation.findings.first)
        #expect(finding.movedFrom == "saas:quay")
        #expect(finding.message == "\(Story.ui) needs image:docker.io/web/ui in saas:dockerhub (the dependency moved here from saas:quay)")
        #expect(evaluation.resolved.first?.movedFrom == nil)
    }

    /// The pinned workload is itself placed in the zone: its chain is itself alone, so the
    /// finding says so instead of naming it as its own dependency; the UI's chain goes on
    /// through its image and keeps the rule's message.
    @Test func anEntrypointPlacedInTheDomainGetsThePlacedMessage() throws {
        var zonal = rule("zonal", kinds: ["zone"])
        zonal.placedMessage = "{entrypoint} is itself in {scenario}"
        let zone = try #require(story.evaluate(PolicyPack(rules: [zonal])).findings.first)
        #expect(zone.chain == [Story.pinned])
        #expect(zone.message == "\(Story.pinned) is itself in zone:aws/us-east-1/us-east-1a")
        let saas = try #require(story.evaluate(PolicyPack(rules: [rule("new-saas", kinds: ["saas"])])).findings.first)
        #expect(saas.chain.count > 1)
        #expect(saas.message.hasPrefix("\(Story.ui) needs image:docker.io/web/ui in saas:dockerhub"))
        // The built-in single-zone rule, and a rule written without a placedMessage.
        let builtin = story.evaluate(PolicyPack.builtin()).findings.first { $0.rule == "single-zone" }
        #expect(builtin?.message == "\(Story.pinned) now goes down when zone:aws/us-east-1/us-east-1a fails: it runs only there")
        let plain = try #require(story.evaluate(PolicyPack(rules: [rule("zonal", kinds: ["zone"])])).findings.first)
        #expect(plain.message == "\(Story.pinned) now goes down when zone:aws/us-east-1/us-east-1a fails: it is itself placed there")
    }

    @Test func phaseSelectsServeOrDeliver() {
        let deliver = story.evaluate(PolicyPack(rules: [rule("shipping", .warning, phase: .deliver)]))
        #expect(deliver.findings.map(summary) == ["shipping: \(Story.ui) in saas:circleci (deliver) added"])
        #expect(deliver.findings.first?.chain == [Story.ui, "ci:circleci"])
        let both = story.evaluate(PolicyPack(rules: [rule("all", .note, phase: nil, kinds: ["saas"])]))
        #expect(Set(both.findings.map(\.phase)) == ["serve", "deliver"])
        let serve = story.evaluate(PolicyPack(rules: [rule("serving", .note, phase: .serve, kinds: ["saas"])]))
        #expect(serve.findings.allSatisfy { $0.phase == "serve" } && !serve.findings.isEmpty)
    }

    @Test(arguments: [
        (["zone"], ["\(Story.pinned) in zone:aws/us-east-1/us-east-1a"]),
        (["saas"], ["\(Story.ui) in saas:dockerhub"]),
        // The new workload shares the region and provider exposures every base entrypoint had.
        (["region", "provider"], []),
        (["host", "pair"], []),
    ])
    func kindsSelectScenarios(kinds: [String], expected: [String]) {
        let evaluation = story.evaluate(PolicyPack(rules: [rule("r", kinds: kinds)]))
        #expect(evaluation.findings.map { "\($0.entrypoint) in \($0.scenario.id)" } == expected)
        #expect(evaluation.findings.allSatisfy { kinds.contains($0.scenario.kind) })
    }

    @Test func aNewEntrypointIsJudgedAgainstTheEstateItJoins() {
        // In the base, no entrypoint falls with one zone; the new pinned workload is the first.
        let zone = story.evaluate(PolicyPack(rules: [rule("zonal", kinds: ["zone"])]))
        #expect(zone.findings.map(summary) == ["zonal: \(Story.pinned) in zone:aws/us-east-1/us-east-1a (serve) added"])
        // Without any base, everything is new: a first push of a one-region estate is judged whole.
        var alone = story
        alone.emptyBase = true
        let first = alone.evaluate(PolicyPack(rules: [rule("region", kinds: ["region"])]))
        #expect(Set(first.findings.map(\.entrypoint)) == [Story.ui, Story.pinned])
    }

    /// Renaming the entrypoint moves its exposures to a new id: nothing is resolved, and
    /// nothing is added. Dropping the entrypoint's last single-region dependency along with
    /// the rename still resolves that one.
    @Test func renamingAnEntrypointResolvesNothing() {
        let zones = Story.zones.map(story.site)
        func topology(_ entrypoint: String, bucket: Bool) -> Topology {
            Topology(components: [
                Component(
                    id: entrypoint, kind: .ingress, sites: zones,
                    requirements: [Requirement("image:docker.io/web/ui")] + (bucket ? [Requirement("url:assets.s3.amazonaws.com")] : []),
                    provenance: [story.at("k8s/ui.yaml", 1)], isEntrypoint: true),
                Component(id: "image:docker.io/web/ui", kind: .image, sites: [story.site("saas:dockerhub")], provenance: [story.at("k8s/ui.yaml", 9)]),
                Component(id: "url:assets.s3.amazonaws.com", kind: .bucket, sites: [story.site("service:aws/us-east-1/s3")], provenance: [story.at("ui/index.html", 3)]),
            ])
        }
        let evaluate = { (base: Topology, head: Topology) in Story.evaluate(base, head) }
        let renamed = evaluate(topology("k8s:Ingress/web/ui", bucket: true), topology("k8s:Ingress/web/storefront", bucket: true))
        #expect(renamed.resolved.isEmpty)
        #expect(renamed.findings.isEmpty)
        let fixed = evaluate(topology("k8s:Ingress/web/ui", bucket: true), topology("k8s:Ingress/web/storefront", bucket: false))
        #expect(fixed.resolved.map(\.scenario.id) == ["service:aws/us-east-1/s3"])
    }

    /// A Route 53 failover group over load balancers in two regions, beside an API that lives
    /// in us-east-1 alone, so the base's estate already goes down with that region.
    struct FailoverPair {
        let story = Story()

        func topology(records: [String], extraRecords: [String] = []) -> Topology {
            var components = [
                Component(id: "tf:aws_lb.api", kind: .loadBalancer, sites: [story.site("region:aws/us-east-1")], provenance: [story.at("main.tf", 1)]),
                Component(
                    id: "tf:aws_route53_record.api", kind: .dnsRecord, sites: [story.site("service:aws/global/route53")],
                    requirements: [Requirement("tf:aws_lb.api", provenance: story.at("main.tf", 5))], provenance: [story.at("main.tf", 4)],
                    isEntrypoint: true),
                Component(id: "tf:aws_lb.east", kind: .loadBalancer, sites: [story.site("region:aws/us-east-1")], provenance: [story.at("main.tf", 10)]),
                Component(id: "tf:aws_lb.west", kind: .loadBalancer, sites: [story.site("region:aws/us-west-2")], provenance: [story.at("main.tf", 15)]),
            ]
            let targets = ["primary": "tf:aws_lb.east", "secondary": "tf:aws_lb.west"]
            for (index, record) in (records + extraRecords).enumerated() {
                components.append(Component(
                    id: "tf:aws_route53_record.\(record)", kind: .dnsRecord, sites: [story.site("service:aws/global/route53")],
                    requirements: [Requirement(targets[record]!, provenance: story.at("main.tf", 21 + 10 * index))],
                    provenance: [story.at("main.tf", 20 + 10 * index)], isEntrypoint: records.count == 1 && extraRecords.isEmpty))
            }
            if records.count > 1 || !extraRecords.isEmpty {
                components.append(Component(
                    id: "dns:www.example.com", kind: .dnsRecord,
                    requirements: [Requirement(anyOf: (records + extraRecords).map { "tf:aws_route53_record.\($0)" }, provenance: story.at("main.tf", 20))],
                    provenance: [story.at("main.tf", 20)], isEntrypoint: true))
            }
            return Topology(components: components)
        }
    }

    /// The record a failover group is left with when it loses the other takes the group's
    /// place: its exposure to its region is new, although the API already went down with it.
    @Test func aFailoverGroupLosingARecordLeavesOneThatIsJudgedAsTheGroupWas() {
        let pair = FailoverPair()
        let evaluation = Story.evaluate(pair.topology(records: ["primary", "secondary"]), pair.topology(records: ["primary"]))
        #expect(evaluation.findings.map(summary) == [
            "single-region: tf:aws_route53_record.primary in region:aws/us-east-1 (serve) added"
        ])
        // Route 53 took the group down as it takes the record down: nothing new, nothing resolved.
        #expect(evaluation.resolved.isEmpty)
        #expect(evaluation.fails)
    }

    /// The other way round: a record folded into a new failover group hands its exposure to
    /// the group, which does not have it — resolved, although the API still has it.
    @Test func aRecordFoldedIntoAFailoverGroupResolvesItsRegion() {
        let pair = FailoverPair()
        let evaluation = Story.evaluate(pair.topology(records: ["primary"]), pair.topology(records: ["primary", "secondary"]))
        #expect(evaluation.findings.isEmpty)
        #expect(evaluation.resolved.map(summary) == [
            "single-region: tf:aws_route53_record.primary in region:aws/us-east-1 (serve) resolved"
        ])
    }

    /// A failover group replaced by one plain record aiming at the primary's load balancer:
    /// the record takes the group's place (both lead to that balancer), so its region is new.
    @Test func aFailoverGroupReplacedByOnePlainRecordIsJudgedAsTheGroupWas() {
        let pair = FailoverPair()
        var components = pair.topology(records: []).sortedComponents
        components.append(Component(
            id: "tf:aws_route53_record.www", kind: .dnsRecord, sites: [story.site("service:aws/global/route53")],
            requirements: [Requirement("tf:aws_lb.east", provenance: story.at("main.tf", 41))], provenance: [story.at("main.tf", 40)],
            isEntrypoint: true))
        let evaluation = Story.evaluate(pair.topology(records: ["primary", "secondary"]), Topology(components: components))
        #expect(evaluation.findings.map(summary) == [
            "single-region: tf:aws_route53_record.www in region:aws/us-east-1 (serve) added"
        ])
        // The record succeeds the group: both lead to the east balancer.
        let succession = EntrypointSuccession(base: pair.topology(records: ["primary", "secondary"]), head: Topology(components: components))
        #expect(succession.predecessors == ["tf:aws_route53_record.www": ["dns:www.example.com"]])
    }

    /// A namespace renamed: every Service is removed and added under a new id, and all call
    /// one API. That API names no predecessor (too many meet there); each Service's own
    /// workload, kept by both commits, still does.
    @Test func aRenamedNamespacePairsEachServiceWithItsOwnPredecessor() {
        func topology(_ namespace: String) -> Topology {
            Topology(components: (0..<500).flatMap { index in [
                Component(
                    id: "k8s:Service/\(namespace)/s\(index)", kind: .service,
                    requirements: [Requirement("url:api.example.com"), Requirement("tf:w\(index)")], isEntrypoint: true),
                Component(id: "tf:w\(index)", kind: .workload, sites: [story.site("region:aws/us-east-1")]),
            ] } + [Component(id: "url:api.example.com", kind: .externalEndpoint, sites: [story.site("saas:stripe")])])
        }
        let succession = EntrypointSuccession(base: topology("old"), head: topology("new"))
        #expect(succession.predecessors.count == 500)
        #expect(succession.predecessors["k8s:Service/new/s7"] == ["k8s:Service/old/s7"])
    }

    /// Succession needs reach or a shared component: an entrypoint added beside one the change
    /// removes, with nothing between them, is still judged against the estate.
    @Test func successionIsOnlyBetweenEntrypointsThatReachEachOther() {
        let base = Topology(components: [
            Component(id: "k8s:Service/web/old", kind: .service, sites: [story.site("region:aws/us-east-1")], provenance: [story.at("a.yaml", 1)], isEntrypoint: true),
            Component(id: "k8s:Service/web/keep", kind: .service, sites: [story.site("region:aws/us-east-1")], provenance: [story.at("b.yaml", 1)], isEntrypoint: true),
        ])
        let head = Topology(components: [
            Component(id: "k8s:Service/web/new", kind: .service, sites: [story.site("region:aws/us-east-1")], provenance: [story.at("c.yaml", 1)], isEntrypoint: true),
            Component(id: "k8s:Service/web/keep", kind: .service, sites: [story.site("region:aws/us-east-1")], provenance: [story.at("b.yaml", 1)], isEntrypoint: true),
        ])
        let succession = EntrypointSuccession(base: base, head: head)
        #expect(succession.predecessors.isEmpty && succession.successors.isEmpty)
        let evaluation = Story.evaluate(base, head)
        #expect(evaluation.findings.isEmpty && evaluation.resolved.isEmpty)
        // The pair's succession runs both ways through the group's alternatives.
        let pair = FailoverPair()
        let lost = EntrypointSuccession(base: pair.topology(records: ["primary", "secondary"]), head: pair.topology(records: ["primary"]))
        #expect(lost.predecessors == ["tf:aws_route53_record.primary": ["dns:www.example.com"]])
        #expect(lost.successors == ["dns:www.example.com": ["tf:aws_route53_record.primary"]])
        let folded = EntrypointSuccession(base: pair.topology(records: ["primary"]), head: pair.topology(records: ["primary", "secondary"]))
        #expect(folded.predecessors == ["dns:www.example.com": ["tf:aws_route53_record.primary"]])
    }

    /// A bucket replicated to another region still takes the entrypoint down: the finding
    /// says it is replicated, and that replication is not failover.
    @Test func aFindingAboutAReplicatedBucketSaysReplicationIsNotFailover() throws {
        let ui = Component(
            id: Story.ui, kind: .workload, sites: Story.zones.map(story.site), requirements: [Requirement("tf:aws_s3_bucket.assets")],
            provenance: [story.at("k8s/ui.yaml", 1)], isEntrypoint: true)
        let bucket = Component(id: "tf:aws_s3_bucket.assets", kind: .bucket, sites: [story.site("service:aws/us-east-1/s3")], provenance: [story.at("main.tf", 3)])
        let replica = Component(id: "tf:aws_s3_bucket.replica", kind: .bucket, sites: [story.site("service:aws/us-west-2/s3")], provenance: [story.at("main.tf", 9)])
        let note = Diagnostic(.note, "tf:aws_s3_bucket.assets replicates to tf:aws_s3_bucket.replica in us-west-2: replication, not failover", path: "main.tf", line: 4)
        let base = Topology(components: [Component(id: Story.ui, kind: .workload, sites: Story.zones.map(story.site), provenance: [story.at("k8s/ui.yaml", 1)], isEntrypoint: true)])
        let head = Topology(
            keyedComponents: Dictionary(uniqueKeysWithValues: [ui, bucket, replica].map { ($0.id, $0) }), diagnostics: [note])
        let evaluation = Story.evaluate(base, head, pack: PolicyPack(rules: [rule("region", kinds: ["service"])]))
        let finding = try #require(evaluation.findings.first)
        #expect(finding.message == "\(Story.ui) needs tf:aws_s3_bucket.assets in service:aws/us-east-1/s3; it replicates to tf:aws_s3_bucket.replica in us-west-2: replication, not failover")
    }

    @Test func disabledRulesFindNothing() {
        let evaluation = story.evaluate(PolicyPack(rules: [rule("off", kinds: ["saas"], enabled: false)]))
        #expect(evaluation.findings.isEmpty && evaluation.resolved.isEmpty)
    }

    @Test func theBuiltInPackJudgesTheStory() {
        let evaluation = story.evaluate(PolicyPack.builtin())
        #expect(evaluation.findings.map(summary) == [
            "single-saas: \(Story.ui) in saas:dockerhub (serve) added",
            "delivery-path: \(Story.ui) in saas:circleci (deliver) added",
            "single-zone: \(Story.pinned) in zone:aws/us-east-1/us-east-1a (serve) added",
        ])
        #expect(evaluation.resolved.map(summary) == ["single-saas: \(Story.ui) in saas:quay (serve) resolved"])
    }

    /// What the audit names each assessment with: the findings against an empty base, one per
    /// rule and exposure it selects, with no rule that is off or judges no exposure.
    @Test(arguments: [
        PolicyPack.builtin(),
        PolicyPack(rules: [
            rule("all", .note, phase: nil), rule("saas", kinds: ["saas"]), rule("off", kinds: ["zone"], enabled: false),
            rule("shipping", .warning, change: .any, phase: .deliver),
        ]),
    ])
    func selectionsAreTheFindingsAgainstNothing(pack: PolicyPack) {
        var alone = story
        alone.emptyBase = true
        let head = OutageEngine(topology: alone.head).assess(OutageSuite.covering([alone.head]))
        let evaluator = PolicyEvaluator(pack: pack, acceptances: [], today: "2026-11-27")
        let findings = evaluator.evaluate(
            base: Assessment(baselineDown: [], baselineUndeliverable: [], outcomes: []), head: head, baseTopology: alone.base,
            headTopology: alone.head, commit: nil
        ).findings.filter { $0.rule != Rule.expiredAcceptance }
        let selections = evaluator.selections(of: head)
        #expect(!selections.isEmpty)
        #expect(Set(selections.map { $0.exposure.fingerprint(rule: $0.rule.id) }) == Set(findings.map(\.fingerprint)))
        #expect(selections.count == findings.count)
        #expect(selections.allSatisfy { $0.rule.enabled && $0.rule.selects(kind: $0.exposure.scenario.kindName, phase: $0.exposure.phase) })
    }

    // MARK: Acceptances

    static func acceptance(
        rule: String = "single-saas", entrypoint: String = Story.ui, scenario: String = "saas:dockerhub", expires: String = "2026-12-31",
        line: Int = 7
    ) -> Acceptance {
        Acceptance(rule: rule, entrypoint: entrypoint, scenario: scenario, reason: "migrating to ECR in Q1", expires: expires, line: line)
    }

    @Test(arguments: [
        ("exact entrypoint", acceptance(), true),
        ("every entrypoint", acceptance(entrypoint: "*"), true),
        ("expires today", acceptance(expires: "2026-11-27"), true),
        ("another entrypoint", acceptance(entrypoint: Story.pinned), false),
        ("another scenario", acceptance(scenario: "saas:quay"), false),
        ("another rule", acceptance(rule: "single-region"), false),
        ("expired yesterday", acceptance(expires: "2026-11-26"), false),
    ])
    func acceptanceMatching(name: String, acceptance: Acceptance, accepted: Bool) throws {
        let evaluation = story.evaluate(PolicyPack.builtin(), acceptances: [acceptance])
        let finding = try #require(evaluation.findings.first { $0.rule == "single-saas" })
        #expect(finding.accepted == accepted, "\(name)")
        #expect(finding.acceptance == (accepted ? "migrating to ECR in Q1 (until \(acceptance.expires))" : nil))
        #expect(!finding.fails || !accepted)
    }

    @Test func anAcceptedFindingDoesNotFailTheCheck() {
        let pack = PolicyPack(rules: [rule("single-saas", kinds: ["saas"])])
        let evaluation = story.evaluate(pack, acceptances: [Self.acceptance(entrypoint: "*")])
        #expect(evaluation.findings.count == 1 && evaluation.findings.allSatisfy(\.accepted))
        #expect(!evaluation.fails)
    }

    @Test func anExpiredAcceptanceIsItselfAFindingAtItsLine() throws {
        let expired = Self.acceptance(expires: "2026-11-01", line: 12)
        let evaluation = story.evaluate(PolicyPack.builtin(), acceptances: [expired, Self.acceptance(scenario: "saas:quay", line: 20)])
        let finding = try #require(evaluation.findings.first { $0.rule == Rule.expiredAcceptance })
        #expect(evaluation.findings.filter { $0.rule == Rule.expiredAcceptance }.count == 1)
        #expect(finding.locations == [Finding.Location(path: ".faultline.yaml", line: 12, commit: nil)])
        #expect(finding.severity == .error && finding.fails)
        #expect(finding.entrypoint == Story.ui && finding.scenario == Finding.ScenarioRef(id: "saas:dockerhub", kind: "saas"))
        #expect(finding.message.contains("single-saas") && finding.message.contains("2026-11-01"))
        // And it no longer covers the exposure it accepted.
        #expect(evaluation.findings.first { $0.rule == "single-saas" }?.accepted == false)
    }

    @Test func anExpiredAcceptanceThatMatchesNothingSaysItCanBeDeleted() throws {
        let live = Self.acceptance(expires: "2026-11-01", line: 12)
        let gone = Self.acceptance(scenario: "saas:quay", expires: "2026-11-01", line: 20)
        let misspelt = Self.acceptance(rule: "single-sass", expires: "2026-11-01", line: 28)
        let evaluation = story.evaluate(PolicyPack.builtin(), acceptances: [live, gone, misspelt])
        let expired = evaluation.findings.filter { $0.rule == Rule.expiredAcceptance }
        let byLine = Dictionary(uniqueKeysWithValues: expired.map { ($0.locations.first?.line ?? 0, $0) })
        #expect(byLine[12]?.message.hasSuffix("renew it with a new date and reason, or fix the exposure") == true)
        for line in [20, 28] {
            let finding = try #require(byLine[line])
            #expect(finding.message.hasSuffix("expired on 2026-11-01 and matches no exposure any more: delete it"), "\(finding.message)")
            // Still a finding of the rule, with its severity.
            #expect(finding.severity == .error && finding.fails)
        }
    }

    @Test func theExpiredAcceptanceRuleCanBeSwitchedOff() {
        var pack = PolicyPack.builtin()
        pack.add(files: [("off.yaml", "rules:\n  - id: expired-acceptance\n    enabled: false\n")])
        let evaluation = story.evaluate(pack, acceptances: [Self.acceptance(expires: "2020-01-01")])
        #expect(!evaluation.findings.contains { $0.rule == Rule.expiredAcceptance })
    }

    // MARK: Identity and locations

    @Test func fingerprintsSurviveRenamesAndEditsAndHoldNoLineNumbers() {
        let pack = PolicyPack.builtin()
        let original = story.evaluate(pack)
        let moved = Story(rename: { "deploy/" + $0 }, shift: 40).evaluate(pack)
        #expect(original.findings.map(\.fingerprint) == moved.findings.map(\.fingerprint))
        #expect(original.resolved.map(\.fingerprint) == moved.resolved.map(\.fingerprint))
        #expect(original.findings.map(\.locations) != moved.findings.map(\.locations))
        for finding in original.findings {
            #expect(finding.fingerprint.count == 16 && finding.fingerprint.allSatisfy(\.isHexDigit))
            #expect(finding.fingerprint == Fingerprint.make(
                rule: finding.rule, entrypoint: finding.entrypoint, scenario: finding.scenario.id,
                phase: Requirement.Phase(rawValue: finding.phase) ?? .serve))
        }
        // Distinct findings, distinct fingerprints.
        #expect(Set(original.findings.map(\.fingerprint)).count == original.findings.count)
    }

    /// What the audit locates each exposure by: the first of its locations, also when the line
    /// adding the dependency is not known.
    @Test func theFirstLocationIsTheFirstOfTheLocations() throws {
        let unplaced = Topology(components: [
            Component(
                id: "k8s:Deployment/web/api", kind: .workload, sites: [story.site(Story.zones[0])],
                requirements: [Requirement("image:docker.io/web/api")], provenance: [story.at("k8s/api.yaml", 1)], isEntrypoint: true),
            Component(id: "image:docker.io/web/api", kind: .image, sites: [story.site("saas:dockerhub")], provenance: [story.at("k8s/api.yaml", 9)]),
        ])
        var checked = 0
        for topology in [story.head, unplaced] {
            let assessment = OutageEngine(topology: topology).assess(OutageSuite.covering([topology]))
            for exposure in assessment.exposures {
                let explanation = assessment.explanation(of: exposure)
                #expect(PolicyEvaluator.firstLocation(of: explanation, in: topology) == PolicyEvaluator.locations(of: explanation, in: topology).first)
                checked += 1
            }
        }
        #expect(checked > 4)
        let dockerhub = try #require(OutageEngine(topology: unplaced).assess(OutageSuite.covering([unplaced])).exposures.first { $0.scenario.id == "saas:dockerhub" })
        let explanation = OutageEngine(topology: unplaced).assess(OutageSuite.covering([unplaced])).explanation(of: dockerhub)
        #expect(PolicyEvaluator.firstLocation(of: explanation, in: unplaced).map { "\($0.path):\($0.line ?? 0)" } == "k8s/api.yaml:9")
        #expect(PolicyEvaluator.firstLocation(of: nil, in: unplaced) == nil)
    }

    /// Two Dockerfiles build FROM golang; the image states where it is pulled from once, at
    /// the first Dockerfile naming it. The frontend's finding points at the frontend's
    /// Dockerfile, the line its chain came through.
    @Test func aSharedComponentIsLocatedWhereTheChainReachedIt() throws {
        let golang = "image:docker.io/library/golang"
        let first = story.at("src/checkout/Dockerfile", 18), ours = story.at("src/frontend/Dockerfile", 18)
        let topology = Topology(components: [
            Component(
                id: "k8s:Deployment/web/frontend", kind: .workload, sites: Story.zones.map(story.site),
                requirements: [Requirement(golang, provenance: ours)], provenance: [story.at("k8s/frontend.yaml", 1)],
                isEntrypoint: true),
            Component(
                id: "k8s:Deployment/web/checkout", kind: .workload, sites: Story.zones.map(story.site),
                requirements: [Requirement(golang, provenance: first)], provenance: [story.at("k8s/checkout.yaml", 1)]),
            Component(
                id: golang, kind: .image, requirements: [Requirement("registry:docker.io", provenance: first)],
                provenance: [first, ours]),
            Component(id: "registry:docker.io", kind: .registry, sites: [story.site("saas:dockerhub")], provenance: [first]),
        ])
        let assessment = OutageEngine(topology: topology).assess(OutageSuite.covering([topology]))
        let exposure = try #require(assessment.exposures.first { $0.entrypoint == "k8s:Deployment/web/frontend" && $0.scenario.id == "saas:dockerhub" })
        let explanation = assessment.explanation(of: exposure)
        #expect(explanation?.chain == ["k8s:Deployment/web/frontend", golang, "registry:docker.io"])
        #expect(PolicyEvaluator.firstLocation(of: explanation, in: topology).map { "\($0.path):\($0.line ?? 0)" } == "src/frontend/Dockerfile:18")
        // Then the components themselves: the registry and the image were first named in the
        // other Dockerfile, which this chain never passed through, so that is no location of it.
        #expect(PolicyEvaluator.locations(of: explanation, in: topology).map { "\($0.path):\($0.line ?? 0)" } == [
            "src/frontend/Dockerfile:18", "k8s/frontend.yaml:1",
        ])
    }

    /// A workflow that builds the image names it too; the image's ships-with requirement is
    /// stated at the build step, and that is where a delivery finding points, not at the
    /// manifest line the chain came through.
    @Test func aBuildStepStaysTheLocationOfADeliveryHop() throws {
        let image = "image:ghcr.io/acme/web"
        let manifest = story.at("k8s/web.yaml", 17), build = story.at(".github/workflows/build.yml", 9)
        let topology = Topology(components: [
            Component(
                id: "k8s:Deployment/web/web", kind: .workload, sites: Story.zones.map(story.site),
                requirements: [Requirement(image, provenance: manifest)], provenance: [story.at("k8s/web.yaml", 1)], isEntrypoint: true),
            Component(
                id: image, kind: .image, requirements: [Requirement("ci:github-actions", phase: .deliver, provenance: build)],
                provenance: [build, manifest]),
            Component(id: "ci:github-actions", kind: .ciSystem, sites: [story.site("saas:github-actions")], provenance: [build]),
        ])
        let assessment = OutageEngine(topology: topology).assess(OutageSuite.covering([topology]))
        let exposure = try #require(assessment.exposures.first { $0.scenario.id == "saas:github-actions" && $0.phase == .deliver })
        let explanation = assessment.explanation(of: exposure)
        #expect(explanation?.hops == [.serve, .deliver])
        #expect(PolicyEvaluator.firstLocation(of: explanation, in: topology).map { "\($0.path):\($0.line ?? 0)" } == ".github/workflows/build.yml:9")
    }

    /// An image's registry, where its new versions come from, is stated once at the first line
    /// naming the image (an unrelated Job's); a delivery finding through another workload's
    /// line points there, not at the Job.
    @Test func aRegistryHopIsLocatedWhereTheChainReachedTheImage() throws {
        let mongo = "image:docker.io/library/mongo"
        let job = story.at("a/batch.yaml", 11), web = story.at("b/web.yaml", 16)
        let topology = Topology(components: [
            Component(
                id: "k8s:Deployment/shop/web", kind: .workload, sites: Story.zones.map(story.site),
                requirements: [Requirement(mongo, provenance: web)], provenance: [story.at("b/web.yaml", 1)], isEntrypoint: true),
            Component(
                id: "k8s:Job/tools/seed", kind: .workload, sites: Story.zones.map(story.site),
                requirements: [Requirement(mongo, provenance: job)], provenance: [story.at("a/batch.yaml", 1)]),
            Component(
                id: mongo, kind: .image,
                requirements: [Requirement("registry:docker.io", provenance: job), Requirement("registry:docker.io", phase: .deliver, provenance: job)],
                provenance: [job, web]),
            Component(id: "registry:docker.io", kind: .registry, sites: [story.site("saas:dockerhub")], provenance: [job]),
        ])
        let assessment = OutageEngine(topology: topology).assess(OutageSuite.covering([topology]))
        for phase in [Requirement.Phase.serve, .deliver] {
            let exposure = try #require(assessment.exposures.first {
                $0.entrypoint == "k8s:Deployment/shop/web" && $0.scenario.id == "saas:dockerhub" && $0.phase == phase
            })
            let explanation = assessment.explanation(of: exposure)
            #expect(PolicyEvaluator.firstLocation(of: explanation, in: topology).map { "\($0.path):\($0.line ?? 0)" } == "b/web.yaml:16", "\(phase)")
        }
    }

    /// Declaring the cluster the base could not place tells Faultline where the workload runs:
    /// its region exposure was there before as the unknown placement's, through the same root.
    /// A bucket the same change adds is a new dependency all the same.
    @Test func placingWhatTheBaseCouldNotPlaceIntroducesNothingNew() throws {
        let web = "k8s:Deployment/web/web", bucket = "url:assets.s3.us-east-1.amazonaws.com"
        func topology(placed: Bool, bucket addsBucket: Bool, pinned: Bool = false) -> Topology {
            Topology(components: [
                Component(
                    id: web, kind: .workload,
                    sites: !placed ? [story.site("unknown:cluster")] : pinned ? [story.site(Story.zones[0])] : Story.zones.map(story.site),
                    requirements: addsBucket ? [Requirement(bucket, provenance: story.at("k8s/web.yaml", 20))] : [],
                    provenance: [story.at("k8s/web.yaml", 1)], isEntrypoint: true, placedBy: pinned ? story.at("k8s/web.yaml", 14) : nil),
                Component(id: bucket, kind: .bucket, sites: [story.site("service:aws/us-east-1/s3")], provenance: [story.at("k8s/web.yaml", 20)]),
            ])
        }
        let base = topology(placed: false, bucket: false)
        for addsBucket in [false, true] {
            let head = topology(placed: true, bucket: addsBucket)
            let evaluation = Story.evaluate(base, head)
            let introduced = Set(evaluation.findings.filter { $0.change == "added" }.map(\.scenario.id))
            #expect(introduced == (addsBucket ? ["service:aws/us-east-1/s3"] : []), "adds bucket: \(addsBucket)")
        }
        // Pinning the workload to one zone in the same change is a decision of its own.
        let pinned = topology(placed: true, bucket: false, pinned: true)
        let evaluation = Story.evaluate(base, pinned)
        #expect(evaluation.findings.filter { $0.change == "added" }.map(\.scenario.id) == [Story.zones[0]])
    }

    /// A Service whose selector stops matching the workload leaves the Ingress with no
    /// backend: broken, not fixed, so nothing is resolved. Dropping the bucket the workload
    /// needed is a fix.
    @Test func aRouterLeftWithNoBackendResolvesNothing() throws {
        let ingress = "k8s:Ingress/web/web", service = "k8s:Service/web/web", web = "k8s:Deployment/web/web"
        let bucket = "url:assets.s3.us-east-1.amazonaws.com"
        func topology(selects: Bool, needsBucket: Bool) -> Topology {
            Topology(components: [
                Component(id: ingress, kind: .ingress, requirements: [Requirement(service, provenance: story.at("k8s/web.yaml", 40))],
                          provenance: [story.at("k8s/web.yaml", 35)], isEntrypoint: true),
                Component(id: service, kind: .service, requirements: selects ? [Requirement(web, provenance: story.at("k8s/web.yaml", 30))] : [],
                          provenance: [story.at("k8s/web.yaml", 25)]),
                Component(id: web, kind: .workload, sites: Story.zones.map(story.site),
                          requirements: needsBucket ? [Requirement(bucket, provenance: story.at("k8s/web.yaml", 20))] : [],
                          provenance: [story.at("k8s/web.yaml", 1)]),
                Component(id: bucket, kind: .bucket, sites: [story.site("service:aws/us-east-1/s3")], provenance: [story.at("k8s/web.yaml", 20)]),
            ])
        }
        let base = topology(selects: true, needsBucket: true)
        for (head, resolves) in [(topology(selects: false, needsBucket: true), false), (topology(selects: true, needsBucket: false), true)] {
            let evaluation = Story.evaluate(base, head)
            #expect(evaluation.resolved.contains { $0.scenario.id == "service:aws/us-east-1/s3" } == resolves)
        }
    }

    /// A LoadBalancer Service moved to another namespace, away from the workload it selected,
    /// is broken there, not fixed: the bucket behind it is not resolved. Moved with its
    /// workload, it still reaches the bucket, and nothing is resolved either.
    @Test func aServiceMovedAwayFromItsWorkloadResolvesNothing() throws {
        let web = "k8s:Deployment/web/web", bucket = "url:assets.s3.us-east-1.amazonaws.com"
        func topology(serviceNamespace: String, selects: Bool) -> Topology {
            Topology(components: [
                Component(
                    id: "k8s:Service/\(serviceNamespace)/web", kind: .service,
                    requirements: selects ? [Requirement(web, provenance: story.at("k8s/web.yaml", 30))] : [],
                    provenance: [story.at("k8s/web.yaml", 25)], isEntrypoint: true),
                Component(id: web, kind: .workload, sites: Story.zones.map(story.site),
                          requirements: [Requirement(bucket, provenance: story.at("k8s/web.yaml", 20))], provenance: [story.at("k8s/web.yaml", 1)]),
                Component(id: bucket, kind: .bucket, sites: [story.site("service:aws/us-east-1/s3")], provenance: [story.at("k8s/web.yaml", 20)]),
            ])
        }
        let base = topology(serviceNamespace: "web", selects: true)
        let moved = Story.evaluate(base, topology(serviceNamespace: "shop", selects: false))
        #expect(moved.resolved.filter { $0.scenario.id == "service:aws/us-east-1/s3" }.isEmpty)
        let renamed = Story.evaluate(base, topology(serviceNamespace: "shop", selects: true))
        #expect(renamed.resolved.filter { $0.scenario.id == "service:aws/us-east-1/s3" }.isEmpty)
    }

    /// A Gateway API Gateway is a router as an Ingress is: the Gateway kept with its only route
    /// gone is broken, not fixed, so the route's Service's bucket is not resolved.
    @Test func aGatewayLeftWithNoRouteResolvesNothing() throws {
        let cluster = "clusters:\n  - {name: prod, provider: aws, region: us-east-1, zones: [us-east-1a, us-east-1b, us-east-1c]}\n"
        let web = """
            apiVersion: apps/v1
            kind: Deployment
            metadata: {name: web, namespace: shop}
            spec:
              template:
                metadata: {labels: {app: web}}
                spec:
                  containers:
                    - {name: web, image: gcr.io/shop/web, env: [{name: ASSETS_URL, value: "https://assets.s3.us-east-1.amazonaws.com"}]}
            ---
            apiVersion: v1
            kind: Service
            metadata: {name: web, namespace: shop}
            spec: {selector: {app: web}}
            ---
            apiVersion: gateway.networking.k8s.io/v1
            kind: Gateway
            metadata: {name: public, namespace: shop}
            spec: {gatewayClassName: external}
            """
        let route = """
            apiVersion: gateway.networking.k8s.io/v1
            kind: HTTPRoute
            metadata: {name: web, namespace: shop}
            spec:
              parentRefs: [{name: public}]
              rules: [{backendRefs: [{name: web, port: 80}]}]
            """
        func topology(_ files: [(String, String)]) -> Topology {
            let facts = files.compactMap { path, text in ReaderRegistry.reader(for: path)?.read(path: path, bytes: Array(text.utf8)) }
            return Linker().link(facts, commit: "c0ffee").topology
        }
        let base = topology([(".faultline.yaml", cluster), ("k8s/web.yaml", web), ("k8s/route.yaml", route)])
        let head = topology([(".faultline.yaml", cluster), ("k8s/web.yaml", web)])
        #expect(head.entrypoints == ["k8s:Gateway/shop/public"])
        let exposed = try #require(OutageEngine(topology: base).assess(OutageSuite.covering([base])).exposures.first {
            $0.scenario.id == "service:aws/us-east-1/s3"
        })
        #expect(exposed.entrypoint == "k8s:Gateway/shop/public")
        #expect(Story.evaluate(base, head).resolved.filter { $0.scenario.id == "service:aws/us-east-1/s3" }.isEmpty)
    }

    /// A workload pinned to one zone is down in that zone because of its nodeSelector: the
    /// finding points there first, then along the chain as before.
    @Test func theLineHoldingTheRootInOneZoneComesFirst() throws {
        let web = "k8s:Deployment/web/web"
        let topology = Topology(components: [
            Component(
                id: "k8s:Service/web/web", kind: .service, requirements: [Requirement(web, provenance: story.at("k8s/web.yaml", 30))],
                provenance: [story.at("k8s/web.yaml", 25)], isEntrypoint: true),
            Component(
                id: web, kind: .workload, sites: [story.site(Story.zones[0])], provenance: [story.at("k8s/web.yaml", 1)],
                placedBy: story.at("k8s/web.yaml", 14)),
        ])
        let assessment = OutageEngine(topology: topology).assess(OutageSuite.covering([topology]))
        let exposure = try #require(assessment.exposures.first { $0.scenario.id == Story.zones[0] })
        let explanation = assessment.explanation(of: exposure)
        #expect(PolicyEvaluator.locations(of: explanation, in: topology).map { "\($0.path):\($0.line ?? 0)" } == [
            "k8s/web.yaml:14", "k8s/web.yaml:30", "k8s/web.yaml:1", "k8s/web.yaml:25",
        ])
        #expect(PolicyEvaluator.firstLocation(of: explanation, in: topology) == PolicyEvaluator.locations(of: explanation, in: topology).first)
    }

    @Test func locationsAreMostSpecificFirst() throws {
        let evaluation = story.evaluate(PolicyPack.builtin())
        let saas = try #require(evaluation.findings.first { $0.rule == "single-saas" })
        #expect(saas.chain == [Story.ui, "image:docker.io/web/ui"])
        // The line adding the dependency, then the root component, then the entrypoint.
        #expect(saas.locations.map { "\($0.path):\($0.line ?? 0)" } == ["k8s/ui.yaml:14", "k8s/ui.yaml:15", "k8s/ui.yaml:1"])
        #expect(saas.locations.allSatisfy { $0.commit == "c0ffee" })
        #expect(saas.domains == ["saas:dockerhub"])
        let delivery = try #require(evaluation.findings.first { $0.rule == "delivery-path" })
        #expect(delivery.locations.map { "\($0.path):\($0.line ?? 0)" } == [".circleci/config.yml:2", ".circleci/config.yml:1", "k8s/ui.yaml:1"])
        // A resolved finding points into the base commit's topology.
        let resolved = try #require(evaluation.resolved.first)
        #expect(resolved.locations.map { "\($0.path):\($0.line ?? 0)" } == ["k8s/ui.yaml:14", "k8s/ui.yaml:1"])
    }

    @Test func findingsReadWorstFirstAndTheSameEveryRun() {
        let evaluation = story.evaluate(PolicyPack.builtin())
        let severities = evaluation.findings.map(\.severity)
        #expect(severities == severities.sorted(by: >))
        #expect(story.evaluate(PolicyPack.builtin()).findings == evaluation.findings)
    }
}
