extension EndpointExtractor {
    /// The lines of `text` that are SSH known_hosts entries, whose hosts are not candidates: a
    /// host key pinned for a host (Argo CD's `knownHosts`, a `ssh_known_hosts` ConfigMap) says
    /// what key to expect if the host is ever reached, not that the workload reaches it.
    ///
    /// An entry is `[@cert-authority|@revoked] HOSTS KEYTYPE KEY [COMMENT]`, where `HOSTS` is
    /// a comma-separated list (`github.com,140.82.112.3`, `[git.example.com]:2222`, or hashed:
    /// `|1|…`). Text without `AAAA`, which every key in base64 opens with, is not looked at.
    static func hostKeyLines(in text: Substring) -> [Range<Substring.Index>] {
        guard text.firstRange(ofASCII: "AAAA") != nil else { return [] }
        var found: [Range<Substring.Index>] = []
        let bytes = text.utf8
        var start = bytes.startIndex
        while start < bytes.endIndex {
            let end = bytes[start...].firstIndex(of: 0x0A) ?? bytes.endIndex
            if isHostKeyEntry(text[start..<end]) { found.append(start..<end) }
            start = end < bytes.endIndex ? bytes.index(after: end) : end
        }
        return found
    }

    /// Whether one line is a known_hosts entry: hosts, then a key type and a base64 key.
    static func isHostKeyEntry(_ line: Substring) -> Bool {
        // The first four words at most: a minified line of megabytes is not split whole.
        var words = line.split(maxSplits: 4, whereSeparator: { $0 == " " || $0 == "\t" || $0 == "\r" }).prefix(4)
        if let marker = words.first, marker == "@cert-authority" || marker == "@revoked" { words = words.dropFirst() }
        let fields = Array(words.prefix(3))
        guard fields.count == 3, isKeyType(fields[1]) else { return false }
        let key = fields[2]
        return key.count >= 16 && key.hasPrefix("AAAA") && key.utf8.allSatisfy(isBase64)
    }

    /// OpenSSH's key types: `ssh-rsa`, `ssh-ed25519`, `ecdsa-sha2-nistp256`, the security-key
    /// `sk-…@openssh.com` ones and their `…-cert-v01@openssh.com` certificates.
    static func isKeyType(_ word: Substring) -> Bool {
        word.hasPrefix("ssh-") || word.hasPrefix("ecdsa-sha2-") || word.hasPrefix("sk-ssh-") || word.hasPrefix("sk-ecdsa-sha2-")
    }

    private static func isBase64(_ byte: UInt8) -> Bool {
        (byte >= 0x41 && byte <= 0x5A) || (byte >= 0x61 && byte <= 0x7A) || (byte >= 0x30 && byte <= 0x39)
            || byte == 0x2B || byte == 0x2F || byte == 0x3D
    }
}
