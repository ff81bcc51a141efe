import Model
import Readers
import Simulation

/// What the rules made of a check: findings about head, and those the change resolves.
public struct Evaluation: Sendable {
    public let findings: [Finding]
    public let resolved: [Finding]

    /// Whether any finding fails the check.
    public var fails: Bool { findings.contains(where: \.fails) }
}

/// Applies a policy pack to the difference between two assessments (docs/design.md §3).
public struct PolicyEvaluator: Sendable {
    public let pack: PolicyPack
    public let acceptances: [Acceptance]
    public let acceptancePath: String
    /// Today as `YYYY-MM-DD`; an acceptance whose `expires` is earlier no longer applies.
    public let today: String

    public init(pack: PolicyPack, acceptances: [Acceptance], acceptancePath: String = ".faultline.yaml", today: String) {
        self.pack = pack
        self.acceptances = acceptances
        self.acceptancePath = acceptancePath
        self.today = today
    }

    /// `stillNamed`: Services the change removes that head still names (an in-cluster address,
    /// an Ingress backend); an exposure through one is not resolved (see ``resolved(_:base:head:baseTopology:headTopology:stillNamed:)``).
    public func evaluate(
        base: Assessment, head: Assessment, baseTopology: Topology, headTopology: Topology, commit: String?, stillNamed: Set<String> = []
    ) -> Evaluation {
        let diff = AssessmentDiff(base: base, head: head)
        let introduced = Self.introduced(diff.regressions, base: base, head: head, baseTopology: baseTopology, headTopology: headTopology)
        let added = Set(introduced)
        let replication = Self.replicationNotes(in: headTopology)
        var findings: [Finding] = []
        for rule in pack.rules where rule.selectsExposures && rule.enabled {
            let exposures = rule.change == .added ? introduced : head.exposures
            for exposure in exposures where rule.selects(kind: exposure.scenario.kindName, phase: exposure.phase) {
                var finding = makeFinding(
                    rule, exposure, change: added.contains(exposure) ? "added" : "existing", assessment: head, topology: headTopology,
                    movedFrom: diff.move(of: exposure)?.resolution.scenario.id, replication: replication)
                if let acceptance = currentAcceptance(rule: rule.id, exposure: exposure, locations: finding.locations) {
                    finding.accepted = true
                    finding.acceptance = "\(acceptance.reason) (until \(acceptance.expires))"
                }
                findings.append(finding)
            }
        }
        findings += expiredAcceptances(head: head)
        let resolutions = Self.resolved(
            diff.resolutions, base: base, head: head, baseTopology: baseTopology, headTopology: headTopology, stillNamed: stillNamed)
        var resolved: [Finding] = []
        for rule in pack.rules where rule.selectsExposures && rule.enabled {
            for exposure in resolutions where rule.selects(kind: exposure.scenario.kindName, phase: exposure.phase) {
                resolved.append(makeFinding(rule, exposure, change: "resolved", assessment: base, topology: baseTopology, movedFrom: nil))
            }
        }
        return Evaluation(findings: Self.ordered(findings), resolved: Self.ordered(resolved))
    }

    /// Each exposure of an assessment with each rule that selects it: the findings `evaluate`
    /// makes against an empty base (where every exposure is added), in no particular order and
    /// without their messages and lines. The audit names every assessment of a history this way
    /// and locates only what it reports.
    public func selections(of assessment: Assessment) -> [(rule: Rule, exposure: Exposure)] {
        let exposures = assessment.exposures
        var selected: [(rule: Rule, exposure: Exposure)] = []
        for rule in pack.rules where rule.selectsExposures && rule.enabled {
            for exposure in exposures where rule.selects(kind: exposure.scenario.kindName, phase: exposure.phase) {
                selected.append((rule, exposure))
            }
        }
        return selected
    }

    /// The regressions a change introduces. An entrypoint the base already had counts every new
    /// exposure. A *new* entrypoint is judged against the estate it joins: its exposure to an
    /// outage is new only when that outage took down no entrypoint of the base in the same
    /// phase. A new service in the same one-region cluster as every other adds no new kind of
    /// risk; the first service to depend on a single bucket does. A new entrypoint that takes
    /// over from entrypoints of the base (``EntrypointSuccession``: the primary record left
    /// when a failover group loses its secondary) is judged against those alone: its exposure
    /// is new when none of them had it.
    ///
    /// Nor is an exposure new when the base already had it under an unknown placement: the
    /// same entrypoint went down, through the same root component, when that component's
    /// unknown place failed. Declaring the cluster (or a region) the base could not place
    /// tells Faultline where things run; it adds no dependency. A pin the same change adds to
    /// that component (a `nodeSelector` the base did not have) is a new decision all the same:
    /// its exposures to a zone or host are new.
    static func introduced(
        _ regressions: [Exposure], base: Assessment, head: Assessment, baseTopology: Topology, headTopology: Topology
    ) -> [Exposure] {
        let existing = Set(baseTopology.entrypoints)
        let estate = Set(base.exposures.map { "\($0.scenario.id)\u{0}\($0.phase.rawValue)" })
        let succession = EntrypointSuccession(base: baseTopology, head: headTopology)
        let exposed = succession.predecessors.isEmpty ? [] : Set(base.exposures.map(Self.key))
        var unknownRoots: Set<String> = []
        for exposure in base.exposures where exposure.scenario.kindName == FailureDomain.Kind.unknown.rawValue {
            if let root = base.explanation(of: exposure)?.root {
                unknownRoots.insert("\(exposure.entrypoint)\u{0}\(exposure.phase.rawValue)\u{0}\(root)")
            }
        }
        return regressions.filter { exposure in
            // The entrypoints of the base this exposure is judged against: its own, else those
            // it takes over from.
            var owners = [exposure.entrypoint]
            if !existing.contains(exposure.entrypoint) {
                if let predecessors = succession.predecessors[exposure.entrypoint] {
                    owners = predecessors
                    if predecessors.contains(where: { exposed.contains(Self.key($0, exposure.scenario, exposure.phase)) }) {
                        return false
                    }
                } else if estate.contains("\(exposure.scenario.id)\u{0}\(exposure.phase.rawValue)") {
                    return false
                }
            }
            guard !unknownRoots.isEmpty, let root = head.explanation(of: exposure)?.root else { return true }
            // A pin narrows a component to zones or hosts; its region it had anyway.
            if headTopology[root]?.placedBy != nil, baseTopology[root]?.placedBy == nil,
                ["zone", "host"].contains(exposure.scenario.kindName)
            {
                return true
            }
            return !owners.contains { unknownRoots.contains("\($0)\u{0}\(exposure.phase.rawValue)\u{0}\(root)") }
        }
    }

    /// An entrypoint's exposure to a scenario in a phase, as a set member.
    static func key(_ exposure: Exposure) -> String {
        key(exposure.entrypoint, exposure.scenario, exposure.phase)
    }

    static func key(_ entrypoint: String, _ scenario: Scenario, _ phase: Requirement.Phase) -> String {
        "\(entrypoint)\u{0}\(scenario.id)\u{0}\(phase.rawValue)"
    }

    /// The resolutions a change makes, judged as `introduced` judges regressions: an entrypoint
    /// head still has counts every exposure it lost. One head no longer has (renamed, or folded
    /// into a DNS failover group) resolved an exposure only when that outage takes down no
    /// entrypoint of head in the same phase — renaming the Ingress fixes nothing — or, when
    /// entrypoints of head take over from it (``EntrypointSuccession``), none of those.
    ///
    /// Nor does an exposure count as resolved when its chain ran through a router (a Service,
    /// an Ingress, a Gateway API Gateway or route, a load balancer, a CDN, a DNS record) that
    /// head keeps but that no longer needs anything to serve: a Service whose selector matches
    /// no workload any more, an Ingress whose backend is gone, a Gateway whose routes are. A
    /// router with no backend is broken, not fixed; the topology changes and the diagnostics
    /// say what happened. A Kubernetes router moved to another namespace (a Service whose
    /// `metadata.namespace` changed, away from the workloads it selected) counts as kept when
    /// head has one of its kind and name that needs nothing. Likewise a chain through a
    /// Service the change removes while head still names it (`stillNamed`): what needed it
    /// is left calling an address that reaches nothing.
    static func resolved(
        _ resolutions: [Exposure], base: Assessment, head: Assessment, baseTopology: Topology, headTopology: Topology,
        stillNamed: Set<String> = []
    ) -> [Exposure] {
        let remaining = Set(headTopology.entrypoints)
        let estate = Set(head.exposures.map { "\($0.scenario.id)\u{0}\($0.phase.rawValue)" })
        let succession = EntrypointSuccession(base: baseTopology, head: headTopology)
        let exposed = succession.successors.isEmpty ? [] : Set(head.exposures.map(Self.key))
        let moved = MovedRouters(headTopology, base: baseTopology)
        return resolutions.filter { exposure in
            if !remaining.contains(exposure.entrypoint) {
                if let successors = succession.successors[exposure.entrypoint] {
                    if successors.contains(where: { exposed.contains(Self.key($0, exposure.scenario, exposure.phase)) }) {
                        return false
                    }
                    if succession.metOnly.contains(exposure.entrypoint), estate.contains("\(exposure.scenario.id)\u{0}\(exposure.phase.rawValue)") {
                        return false
                    }
                } else if estate.contains("\(exposure.scenario.id)\u{0}\(exposure.phase.rawValue)") {
                    return false
                }
            }
            let chain = base.explanation(of: exposure)?.chain ?? []
            if !stillNamed.isEmpty, chain.contains(where: stillNamed.contains) { return false }
            return !chain.dropLast().contains { id in
                guard let before = baseTopology[id], Self.routers.contains(before.kind), !before.requirements(.serve).isEmpty else {
                    return false
                }
                if let after = headTopology[id] { return after.requirements(.serve).isEmpty }
                return moved.counterparts(of: id).contains { headTopology[$0]?.requirements(.serve).isEmpty == true }
            }
        }
    }

    /// Head's Kubernetes components that base does not have, by kind and name
    /// (`k8s:Service/*/web`), worked out on first use: the places a router of base may have
    /// moved to (an unrelated `dev/web` both commits have is not one).
    final class MovedRouters {
        private let topology: Topology
        private let base: Topology
        private lazy var byKindAndName: [String: [String]] = {
            var index: [String: [String]] = [:]
            for id in topology.ids where base[id] == nil {
                guard let key = Self.key(id) else { continue }
                index[key, default: []].append(id)
            }
            return index
        }()

        init(_ topology: Topology, base: Topology) {
            self.topology = topology
            self.base = base
        }

        /// Head's components of the same kind and name as `id` in another namespace.
        func counterparts(of id: String) -> [String] {
            guard let key = Self.key(id) else { return [] }
            return (byKindAndName[key] ?? []).filter { $0 != id }
        }

        /// `k8s:KIND/NAME` for `k8s:KIND/NAMESPACE/NAME`.
        static func key(_ id: String) -> String? {
            guard id.hasPrefix("k8s:") else { return nil }
            let parts = id.split(separator: "/", omittingEmptySubsequences: false)
            guard parts.count == 3 else { return nil }
            return "\(parts[0])/\(parts[2])"
        }
    }

    /// Components whose only job is to pass requests to what they need (Gateway API Gateways
    /// and routes are of kind `ingress`).
    static let routers: Set<Component.Kind> = [.service, .ingress, .loadBalancer, .cdn, .dnsRecord]

    /// Errors first, then by scenario, entrypoint and rule, so reports read worst-first and
    /// are identical run to run.
    static func ordered(_ findings: [Finding]) -> [Finding] {
        findings.sorted(by: before)
    }

    static func before(_ a: Finding, _ b: Finding) -> Bool {
        if a.severity != b.severity { return a.severity > b.severity }
        if a.scenario.id != b.scenario.id { return a.scenario.id < b.scenario.id }
        if a.entrypoint != b.entrypoint { return a.entrypoint < b.entrypoint }
        if a.phase != b.phase { return a.phase > b.phase }
        return a.rule < b.rule
    }

    /// What the notes of a topology say a component replicates to, by component, as a clause
    /// of a finding's message: `it replicates to … in us-west-2: replication, not failover`, `it
    /// is geo-replicated (GRS), which is replication, not failover`.
    static func replicationNotes(in topology: Topology) -> [String: String] {
        var notes: [String: String] = [:]
        for diagnostic in topology.diagnostics where diagnostic.severity == .note {
            for marker in [" replicates to ", " is geo-replicated "] {
                guard let found = diagnostic.summary.firstRange(of: marker) else { continue }
                let id = String(diagnostic.summary[..<found.lowerBound])
                if topology[id] != nil, notes[id] == nil { notes[id] = "it" + diagnostic.summary[found.lowerBound...] }
            }
        }
        return notes
    }

    /// A finding of `rule` about an exposure. When the component at the end of its chain is
    /// replicated elsewhere, the message says that this is replication, not failover
    /// (docs/design.md §2: replication alone shortens recovery; the finding says so).
    func makeFinding(
        _ rule: Rule, _ exposure: Exposure, change: String, assessment: Assessment, topology: Topology, movedFrom: String?,
        replication: [String: String] = [:]
    ) -> Finding {
        let explanation = assessment.explanation(of: exposure)
        let chain = explanation?.chain ?? [exposure.entrypoint]
        let values = [
            "entrypoint": exposure.entrypoint, "scenario": exposure.scenario.id, "kind": exposure.scenario.kindName,
            "phase": exposure.phase.rawValue, "root": chain.last ?? exposure.entrypoint,
        ]
        // An entrypoint placed in the domain itself has nothing between it and the outage.
        var message = explanation?.chain.count == 1 ? rule.placedMessage(values) : rule.message(values)
        if let movedFrom { message += " (the dependency moved here from \(movedFrom))" }
        if let root = chain.last, let replicated = replication[root] { message += "; \(replicated)" }
        return Finding(
            rule: rule.id, severity: rule.severity, change: change, exposure: exposure, chain: chain, hops: explanation?.hops ?? [],
            locations: Self.locations(of: explanation, in: topology), message: message, movedFrom: movedFrom,
            domains: explanation?.domains.map(\.id) ?? [])
    }

    /// The lines behind an explanation, most specific first: the line that narrows where the
    /// root runs (``Component/placedBy``), each failed requirement from the root back to the
    /// entrypoint, then the components themselves.
    public static func locations(of explanation: Explanation?, in topology: Topology) -> [Finding.Location] {
        guard let explanation else { return [] }
        var seen = Set<Finding.Location>()
        var result: [Finding.Location] = []
        visitProvenance(of: explanation, in: topology) { provenance in
            let location = Finding.Location(path: provenance.path, line: provenance.line, commit: provenance.commit)
            if seen.insert(location).inserted { result.append(location) }
            return true
        }
        return result
    }

    /// The first of `locations(of:in:)`, without working out the others.
    public static func firstLocation(of explanation: Explanation?, in topology: Topology) -> Finding.Location? {
        guard let explanation else { return nil }
        var first: Finding.Location?
        visitProvenance(of: explanation, in: topology) { provenance in
            first = Finding.Location(path: provenance.path, line: provenance.line, commit: provenance.commit)
            return false
        }
        return first
    }

    /// Calls `visit` with the provenance of each line behind an explanation, in the order of
    /// `locations(of:in:)`, repeats included, until it returns false.
    ///
    /// A component several files name (an image, a URL) states what it needs to serve once, at
    /// the line that named it first; a chain that reached it through another line is located at
    /// that line instead — the frontend's `FROM golang`, not the first Dockerfile naming golang;
    /// so is its registry, where new versions come from. What else it needs to ship is stated
    /// where it is built (a workflow's build step) and stays.
    private static func visitProvenance(of explanation: Explanation, in topology: Topology, _ visit: (Provenance) -> Bool) {
        let chain = explanation.chain
        // The line of each hop, entrypoint first.
        var lines: [Provenance?] = []
        for index in 0..<max(chain.count - 1, 0) {
            let phase = index < explanation.hops.count ? explanation.hops[index] : .serve
            let component = topology[chain[index]]
            var line = component?.requirements.first { $0.phase == phase && $0.alternatives.contains(chain[index + 1]) }?.provenance
            // An image's registry is where new versions come from whoever names it: stated at
            // the first naming, as what the image needs to serve is.
            let statedOnce = phase == .serve || chain[index + 1].hasPrefix("registry:")
            // (A component's provenance is sorted: one named in thousands of files is searched.)
            if index > 0, statedOnce, let entered = lines[index - 1], let stated = line, stated != entered, let named = component?.provenance,
                named.sortedContains(stated), named.sortedContains(entered)
            {
                line = entered
            }
            lines.append(line)
        }
        // The line that holds the root in one zone is why it is down: it comes first.
        if let placed = topology[explanation.root]?.placedBy, !visit(placed) { return }
        for line in lines.reversed() {
            if let line, !visit(line) { return }
        }
        // Then the components themselves. One nothing declares (an image, a registry, a URL, a
        // CI system) is located where it was named, which may be any file naming it first —
        // an unrelated workflow's `registry:2` — so, when the hop into it has a line, only a
        // line in a file the chain passed through counts for it.
        let passed = Set(lines.compactMap { $0?.path })
        for (index, id) in chain.enumerated().reversed() {
            guard let component = topology[id] else { continue }
            let named = index > 0 && lines[index - 1] != nil && Self.namedOnly.contains { id.hasPrefix($0) }
            guard let provenance = named ? Self.first(of: component.provenance, inAnyOf: passed) : component.provenance.first else {
                continue
            }
            if !visit(provenance) { return }
        }
    }

    /// The first of a sorted provenance list in one of `paths`: the least of each path's
    /// first entry, each found by binary search.
    static func first(of provenance: [Provenance], inAnyOf paths: Set<String>) -> Provenance? {
        paths.compactMap { path -> Int? in
            let index = provenance.sortedLowerBound(Provenance(path: path))
            return index < provenance.count && provenance[index].path == path ? index : nil
        }.min().map { provenance[$0] }
    }

    /// Prefixes of the ids of components that exist because something names them.
    static let namedOnly = ["image:", "registry:", "url:", "ci:"]

    /// The acceptance covering a finding: same rule and scenario, its entrypoint or `*`, not
    /// expired, and — for one written as a comment in a file — a finding located in that file.
    func currentAcceptance(rule: String, exposure: Exposure, locations: [Finding.Location]) -> Acceptance? {
        acceptances.first { acceptance in
            acceptance.rule == rule && Self.names(exposure, acceptance) && acceptance.expires >= today
                && (acceptance.path.map { path in locations.contains { $0.path == path } } ?? true)
        }
    }

    /// Whether an acceptance names an exposure's scenario and its entrypoint (or `*`).
    static func names(_ exposure: Exposure, _ acceptance: Acceptance) -> Bool {
        acceptance.scenario == exposure.scenario.id && (acceptance.entrypoint == "*" || acceptance.entrypoint == exposure.entrypoint)
    }

    /// A finding for each acceptance past its expiry. One that no exposure of `head` falls under
    /// any more says so: "renew it or fix the exposure" would send the reader looking for an
    /// exposure that is gone, when the entry only needs deleting.
    func expiredAcceptances(head: Assessment) -> [Finding] {
        guard let rule = pack.rule(Rule.expiredAcceptance), rule.enabled else { return [] }
        var stale = rule
        stale.message = Self.staleAcceptanceMessage
        return acceptances.filter { $0.expires < today }.map { acceptance in
            let accepted = pack.rule(acceptance.rule)
            let matchesAnExposure = head.exposures.contains { exposure in
                Self.names(exposure, acceptance) && accepted?.selects(kind: exposure.scenario.kindName, phase: exposure.phase) == true
            }
            let values = ["rule": acceptance.rule, "entrypoint": acceptance.entrypoint, "scenario": acceptance.scenario, "expires": acceptance.expires]
            return Finding(
                rule: rule.id, severity: rule.severity, entrypoint: acceptance.entrypoint,
                scenario: .init(id: acceptance.scenario, kind: FailureDomain(id: acceptance.scenario)?.kind.rawValue ?? "unknown"),
                location: .init(path: acceptance.path ?? acceptancePath, line: acceptance.line, commit: nil),
                message: matchesAnExposure ? rule.message(values) : stale.message(values))
        }
    }

    /// The message of an expired acceptance that no exposure falls under any more.
    static let staleAcceptanceMessage =
        "the acceptance of {rule} for {entrypoint} in {scenario} expired on {expires} and matches no exposure any more: delete it"
}
