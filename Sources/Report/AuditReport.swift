/// A whole audit, for the formats that are written at the end (everything but `jsonl`).
public struct AuditReport: Hashable, Sendable, Codable {
    public let start: AuditStart
    public let steps: [AuditStep]
    public let end: AuditEnd

    public init(start: AuditStart, steps: [AuditStep], end: AuditEnd) {
        self.start = start
        self.steps = steps
        self.end = end
    }
}
