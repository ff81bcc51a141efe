/// The textual form of failure-domain ids (docs/design.md §1), checked without the engine's
/// domain type: `provider:aws`, `region:aws/us-east-1`, `zone:aws/us-east-1/us-east-1a`,
/// `service:aws/us-east-1/s3`, `service:aws/global/cloudfront`, `saas:dockerhub`, `host:vm-1`.
public enum DomainIDSyntax {
    /// An id split into its kind and `/`-separated parts.
    public struct Parts: Hashable, Sendable {
        public var kind: String
        public var segments: [String]
    }

    /// How many `/`-separated segments each kind takes.
    static let segmentCounts: [String: Int] = [
        "provider": 1, "region": 2, "zone": 3, "service": 3, "saas": 1, "host": 1,
    ]

    /// The kind and segments of a well-formed id, or nil when the id is malformed.
    public static func parts(of id: String) -> Parts? {
        guard let colon = id.firstIndex(of: ":") else { return nil }
        let kind = String(id[..<colon])
        guard let count = segmentCounts[kind] else { return nil }
        let segments = id[id.index(after: colon)...].split(separator: "/", omittingEmptySubsequences: false).map(
            String.init)
        guard segments.count == count, segments.allSatisfy(isSegment) else { return nil }
        return Parts(kind: kind, segments: segments)
    }

    /// Whether `id` is a well-formed domain id.
    public static func isWellFormed(_ id: String) -> Bool { parts(of: id) != nil }

    /// Lower-case letters, digits, `-`, `_` and `.`; never empty.
    static func isSegment(_ segment: String) -> Bool {
        !segment.isEmpty
            && segment.utf8.allSatisfy { byte in
                (0x61...0x7A).contains(byte) || (0x30...0x39).contains(byte) || byte == 0x2D || byte == 0x5F
                    || byte == 0x2E
            }
    }
}
