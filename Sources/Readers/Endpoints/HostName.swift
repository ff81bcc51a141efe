/// Host-name normalisation and checks shared by the classifier and the catalog.
enum HostName {
    /// Lower-cases a host and drops userinfo, port, trailing dots and IPv6 brackets' port.
    /// `User@S3.Amazonaws.com.:443` becomes `s3.amazonaws.com`.
    static func normalize(_ raw: some StringProtocol) -> String {
        // The usual host is already lower-case, with no userinfo, port, brackets or trailing dot.
        if raw.utf8.allSatisfy({ (0x61...0x7A).contains($0) || (0x30...0x39).contains($0) || $0 == 0x2E || $0 == 0x2D || $0 == 0x5F }),
            !raw.hasSuffix(".")
        {
            return String(raw)
        }
        var host = Substring(raw)
        if let at = host.lastIndex(of: "@") { host = host[host.index(after: at)...] }
        if host.hasPrefix("[") {
            // An IPv6 literal keeps its colons; only a port after the bracket goes.
            if let close = host.firstIndex(of: "]") { host = host[...close] }
        } else if let colon = host.firstIndex(of: ":") {
            host = host[..<colon]
        }
        while host.hasSuffix(".") { host = host.dropLast() }
        return host.lowercased()
    }

    /// Whether `host` is a DNS name: dot-separated labels of letters, digits and `-`
    /// (underscores tolerated), none empty, none starting or ending with `-`.
    static func isWellFormed(_ host: String) -> Bool {
        guard !host.isEmpty, host.utf8.count <= 253 else { return false }
        // One pass over the bytes: every label 1–63 allowed bytes, not starting or ending with `-`.
        var length = 0
        var previous: UInt8 = 0x2E
        for byte in host.utf8 {
            if byte == 0x2E {
                guard length > 0, previous != 0x2D else { return false }
                length = 0
            } else {
                guard isLabelByte(byte), length < 63, !(length == 0 && byte == 0x2D) else { return false }
                length += 1
            }
            previous = byte
        }
        return length > 0 && previous != 0x2D
    }

    static func isLabelByte(_ byte: UInt8) -> Bool {
        (0x61...0x7A).contains(byte) || (0x41...0x5A).contains(byte) || (0x30...0x39).contains(byte) || byte == 0x2D || byte == 0x5F
    }

    static func isLabel(_ label: Substring) -> Bool {
        guard !label.isEmpty, label.utf8.count <= 63, label.first != "-", label.last != "-" else { return false }
        return label.utf8.allSatisfy(isLabelByte)
    }
}
