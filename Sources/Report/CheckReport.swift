import Model
import Policy

/// Everything a check report shows, independent of format (docs/design.md §4).
public struct CheckReport: Sendable, Encodable {
    public struct CommitRef: Sendable, Encodable {
        public let commit: String?
        /// How the commit was chosen (`--base origin/main`, `GitHub pull_request.base.sha`, …).
        public let source: String?

        public init(commit: String?, source: String? = nil) {
            self.commit = commit
            self.source = source
        }

        var short: String { commit.map { String($0.prefix(7)) } ?? "empty tree" }
    }

    /// One scenario's exposed entrypoints on each side, for the scenario | base | head table:
    /// those down, and those up that could not ship a fix.
    public struct ScenarioRow: Sendable, Encodable {
        public let id: String
        public let kind: String
        public let base: [String]
        public let head: [String]
        public let baseCannotShip: [String]
        public let headCannotShip: [String]

        public init(id: String, kind: String, base: [String], head: [String], baseCannotShip: [String] = [], headCannotShip: [String] = []) {
            self.id = id
            self.kind = kind
            self.base = base
            self.head = head
            self.baseCannotShip = baseCannotShip
            self.headCannotShip = headCannotShip
        }
    }

    public let schemaVersion = 1
    public let tool: String
    public let base: CommitRef
    public let head: CommitRef
    public let verdict: String
    public let findings: [Finding]
    public let resolved: [Finding]
    public let diagnostics: [Diagnostic]
    /// Those of `diagnostics` the base had too, in files the change did not touch: the text
    /// report counts them instead of listing them.
    public let standing: [Diagnostic]
    /// The errors in changed files that could not be read (a file may have several), and
    /// whether they fail the check.
    public let unreadable: [Diagnostic]
    public let unreadableFails: Bool
    public let scenarios: [ScenarioRow]
    public let topologyChanges: TopologyDiff
    public let stats: [String: Double]

    public init(
        tool: String, base: CommitRef, head: CommitRef, findings: [Finding], resolved: [Finding], diagnostics: [Diagnostic],
        unreadable: [Diagnostic], unreadableFails: Bool, scenarios: [ScenarioRow], topologyChanges: TopologyDiff, stats: [String: Double],
        standing: [Diagnostic] = []
    ) {
        self.tool = tool
        self.base = base
        self.head = head
        self.findings = findings
        self.resolved = resolved
        self.diagnostics = diagnostics
        self.standing = standing
        self.unreadable = unreadable
        self.unreadableFails = unreadableFails
        self.scenarios = scenarios
        self.topologyChanges = topologyChanges
        self.stats = stats
        self.verdict = findings.contains(where: \.fails) || (unreadableFails && !unreadable.isEmpty) ? "fail" : "pass"
    }

    /// The warnings and errors worth a reviewer's eye: not notes, not the unreadable files
    /// (reported on their own), not those the base had too in files the change did not touch.
    public var notableDiagnostics: [Diagnostic] {
        let unreadable = Set(unreadable), standing = Set(standing)
        return diagnostics.filter { $0.severity != .note && !unreadable.contains($0) && !standing.contains($0) }
    }

    public var errors: [Finding] { findings.filter { $0.severity == .error && !$0.accepted } }
    public var warnings: [Finding] { findings.filter { $0.severity == .warning && !$0.accepted } }
    public var accepted: [Finding] { findings.filter(\.accepted) }

    enum CodingKeys: String, CodingKey {
        case schemaVersion, tool, base, head, verdict, findings, resolved, diagnostics, unreadable, scenarios, topologyChanges, stats
    }

    /// A diagnostic as the JSON schema spells it: `{severity, path, line, message, detail}`.
    struct DiagnosticEntry: Encodable {
        let severity: String
        let path: String?
        let line: Int?
        let message: String
        let detail: String?

        init(_ diagnostic: Diagnostic) {
            severity = diagnostic.severity.rawValue
            path = diagnostic.path
            line = diagnostic.line
            message = diagnostic.summary
            detail = diagnostic.detail.isEmpty ? nil : diagnostic.detail
        }
    }

    public func encode(to encoder: Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(schemaVersion, forKey: .schemaVersion)
        try container.encode(tool, forKey: .tool)
        try container.encode(base, forKey: .base)
        try container.encode(head, forKey: .head)
        try container.encode(verdict, forKey: .verdict)
        try container.encode(findings, forKey: .findings)
        try container.encode(resolved, forKey: .resolved)
        try container.encode(diagnostics.map(DiagnosticEntry.init), forKey: .diagnostics)
        try container.encode(unreadable.map(DiagnosticEntry.init), forKey: .unreadable)
        try container.encode(scenarios, forKey: .scenarios)
        try container.encode(topologyChanges, forKey: .topologyChanges)
        try container.encode(stats, forKey: .stats)
    }

    /// The changed files that could not be read, each with its problems, in the order of their
    /// first problem: a file with three parse errors is one file.
    public var unreadableFiles: [(path: String, problems: [Diagnostic])] {
        var files: [(path: String, problems: [Diagnostic])] = []
        var index: [String: Int] = [:]
        for diagnostic in unreadable {
            let path = diagnostic.path ?? "?"
            if let at = index[path] {
                files[at].problems.append(diagnostic)
            } else {
                index[path] = files.count
                files.append((path, [diagnostic]))
            }
        }
        return files
    }

    /// The errors of changed files that could not be read, then those of malformed acceptance
    /// comments (the file was read), for reports that list the two apart.
    public var unreadableByCause: (unread: [Diagnostic], invalidAcceptances: [Diagnostic]) {
        (unreadable.filter { !$0.isInvalidAcceptance }, unreadable.filter(\.isInvalidAcceptance))
    }

    /// One line saying what the check concluded.
    public var verdictLine: String {
        let counts = "\(errors.count) error\(errors.count == 1 ? "" : "s"), \(warnings.count) warning\(warnings.count == 1 ? "" : "s")"
            + (accepted.isEmpty ? "" : ", \(accepted.count) accepted")
            + (resolved.isEmpty ? "" : ", \(resolved.count) resolved")
        // A file whose only errors are malformed acceptance comments was read.
        let files = unreadableFiles.map { $0.problems.allSatisfy(\.isInvalidAcceptance) }
        let unread = files.filter { !$0 }.count, invalidAcceptances = files.count - unread
        let unreadableNote = (unread == 0 ? "" : "; \(unread) changed file\(unread == 1 ? "" : "s") could not be read")
            + (invalidAcceptances == 0 ? "" : "; \(invalidAcceptances) changed file\(invalidAcceptances == 1 ? " has" : "s have") an invalid acceptance comment")
        return "\(verdict == "fail" ? "FAIL" : "PASS"): \(counts)\(unreadableNote) (base \(base.short) → head \(head.short))"
    }
}
