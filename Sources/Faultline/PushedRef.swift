import Git

/// One line of git's pre-push input: `<local-ref> SP <local-oid> SP <remote-ref> SP <remote-oid>`.
public struct PushedRef: Equatable, Sendable {
    public let localRef: String
    /// Nil for a deletion (git sends an all-zero id).
    public let localID: ObjectID?
    public let remoteRef: String
    /// Nil when the remote does not have the ref yet (a new branch or tag).
    public let remoteID: ObjectID?

    /// Whether the push deletes `remoteRef`.
    public var isDeletion: Bool { localID == nil }

    /// Parses git's standard input. Zero ids may be 40 or 64 digits (SHA-256 repositories); a
    /// non-zero 64-digit id is rejected with the line named, since libgit2 1.5 reads SHA-1 only.
    public static func parse(_ input: String) throws(FaultlineError) -> [PushedRef] {
        var result: [PushedRef] = []
        for (index, raw) in input.split(separator: "\n", omittingEmptySubsequences: false).enumerated() {
            let line = raw.hasSuffix("\r") ? raw.dropLast() : raw
            if line.allSatisfy({ $0 == " " || $0 == "\t" }) { continue }
            let fields = line.split(separator: " ", omittingEmptySubsequences: true).map(String.init)
            guard fields.count == 4,
                  let local = objectID(fields[1]),
                  let remote = objectID(fields[3])
            else { throw .malformedPushLine(number: index + 1, text: String(line)) }
            result.append(PushedRef(localRef: fields[0], localID: local.id, remoteRef: fields[2], remoteID: remote.id))
        }
        return result
    }

    /// `.some(nil)` for a zero placeholder, `.some(id)` for a SHA-1 id, nil for anything else.
    private static func objectID(_ text: String) -> (id: ObjectID?, Void)? {
        if ObjectID.isZeroPlaceholder(text) { return (nil, ()) }
        guard let id = ObjectID(hex: text) else { return nil }
        return (id, ())
    }
}
