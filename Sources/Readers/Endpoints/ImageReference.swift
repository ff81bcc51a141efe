/// A container image reference split the way Docker reads it (distribution/reference's
/// `normalize.go`): `nginx` is `docker.io/library/nginx:latest`.
public struct ImageReference: Hashable, Sendable, Codable {
    /// The registry host, lower-case, port kept (`localhost:5000`); `docker.io` by default.
    public var registry: String
    /// The repository path, e.g. `library/nginx`, `weaveworks/ui`.
    public var repository: String
    public var tag: String?
    /// `algorithm:hex`, e.g. `sha256:…`.
    public var digest: String?

    public init(registry: String, repository: String, tag: String? = nil, digest: String? = nil) {
        self.registry = registry
        self.repository = repository
        self.tag = tag
        self.digest = digest
    }

    /// The tag a pull uses: the written one, else `latest` unless a digest pins the image.
    public var effectiveTag: String? { tag ?? (digest == nil ? "latest" : nil) }

    /// `registry/repository`, the image's name without tag or digest.
    public var name: String { "\(registry)/\(repository)" }

    /// The longest name (registry host and repository path, as written) Docker takes.
    public static let nameLimit = 255

    /// Parses a reference; nil when it is not one (spaces, empty parts, upper-case path,
    /// a malformed tag or digest, a name longer than Docker's 255 characters).
    public init?(parsing text: some StringProtocol) {
        var rest = Substring(text)
        guard !rest.isEmpty, rest.count <= 512, !Self.hasSpaceOrQuote(rest) else {
            return nil
        }
        var digest: String?
        if let at = rest.firstIndex(of: "@") {
            let value = rest[rest.index(after: at)...]
            guard Self.isDigest(value) else { return nil }
            digest = String(value)
            rest = rest[..<at]
        }
        var components = rest.split(separator: "/", omittingEmptySubsequences: false)
        guard let first = components.first, !first.isEmpty else { return nil }
        var registry = "docker.io"
        // The first component is a registry host when it has a dot or port, is localhost, or
        // has upper-case letters (which repository paths may not).
        if components.count > 1,
            first.contains(".") || first.contains(":") || first == "localhost" || first.contains(where: \.isUppercase)
        {
            registry = first.lowercased()
            components.removeFirst()
            guard Self.isRegistry(registry) else { return nil }
        }
        // Docker Hub by its other names: `index.docker.io` as Docker itself normalises it, and
        // `registry-1.docker.io`, the host Docker actually pulls from, which serves the same
        // images; one registry must be one component.
        if registry == "index.docker.io" || registry == "registry-1.docker.io" { registry = "docker.io" }
        guard var last = components.last else { return nil }
        var tag: String?
        if let colon = last.lastIndex(of: ":") {
            let value = last[last.index(after: colon)...]
            guard Self.isTag(value) else { return nil }
            tag = String(value)
            last = last[..<colon]
            components[components.count - 1] = last
        }
        guard components.allSatisfy(Self.isPathComponent) else { return nil }
        // Docker's limit on a name, registry host included, as written.
        guard text.utf8.count - (digest.map { $0.utf8.count + 1 } ?? 0) - (tag.map { $0.utf8.count + 1 } ?? 0) <= Self.nameLimit else {
            return nil
        }
        if registry == "docker.io", components.count == 1 { components.insert("library", at: 0) }
        self.init(registry: registry, repository: components.joined(separator: "/"), tag: tag, digest: digest)
    }

    /// Whether text holds whitespace or a quote. ASCII text (nearly every reference) is
    /// checked on its bytes; anything else by characters.
    static func hasSpaceOrQuote(_ text: Substring) -> Bool {
        if text.utf8.allSatisfy({ $0 < 0x80 }) {
            return text.utf8.contains { $0 == 0x20 || (0x09...0x0D).contains($0) || $0 == 0x22 || $0 == 0x27 }
        }
        return text.contains { $0.isWhitespace || $0 == "\"" || $0 == "'" }
    }

    /// `[a-z0-9]+` joined by `.`, `_`, `__` or runs of `-`. Every allowed character is ASCII,
    /// so the bytes are checked.
    static func isPathComponent(_ component: Substring) -> Bool {
        let bytes = component.utf8
        guard let first = bytes.first, let last = bytes.last, isLowerAlnum(first), isLowerAlnum(last) else {
            return false
        }
        var previousSeparator: UInt8?
        var run = 0
        for byte in bytes {
            if isLowerAlnum(byte) {
                previousSeparator = nil
                run = 0
                continue
            }
            guard byte == 0x2E || byte == 0x5F || byte == 0x2D else { return false }
            run += 1
            if let previous = previousSeparator {
                // `__` and `---` are allowed; `._`, `..` and `___` are not.
                let bothUnderscores = previous == 0x5F && byte == 0x5F && run == 2
                let dashes = previous == 0x2D && byte == 0x2D
                guard bothUnderscores || dashes else { return false }
            }
            previousSeparator = byte
        }
        return true
    }

    static func isLowerAlnum(_ byte: UInt8) -> Bool {
        (0x61...0x7A).contains(byte) || (0x30...0x39).contains(byte)
    }

    /// `[A-Za-z0-9_][A-Za-z0-9_.-]{0,127}`.
    static func isTag(_ tag: Substring) -> Bool {
        guard let first = tag.first, tag.count <= 128, first.isASCII, first.isLetter || first.isNumber || first == "_"
        else {
            return false
        }
        return tag.allSatisfy { $0.isASCII && ($0.isLetter || $0.isNumber || "_.-".contains($0)) }
    }

    /// `algorithm:hex` with at least 32 hex digits, e.g. `sha256:` and 64 of them.
    static func isDigest(_ digest: Substring) -> Bool {
        guard let colon = digest.firstIndex(of: ":") else { return false }
        let algorithm = digest[..<colon]
        let hex = digest[digest.index(after: colon)...]
        return !algorithm.isEmpty
            && algorithm.allSatisfy { $0.isASCII && ($0.isLowercase || $0.isNumber || "+._-".contains($0)) }
            && hex.count >= 32 && hex.allSatisfy(\.isHexDigit)
    }

    /// A host name, optionally with a numeric port.
    static func isRegistry(_ registry: String) -> Bool {
        var host = Substring(registry)
        if let colon = host.lastIndex(of: ":") {
            let port = host[host.index(after: colon)...]
            guard !port.isEmpty, port.count <= 5, port.allSatisfy(\.isNumber) else { return false }
            host = host[..<colon]
        }
        return HostName.isWellFormed(String(host))
    }
}

extension ImageReference {
    /// Whether a text is a bare repository name (`nginx`, `store-admin`): one path component of
    /// lower-case letters, digits, `.`, `_` and `-`, starting with a letter or digit.
    public static func isBareName(_ text: String) -> Bool {
        guard let first = text.utf8.first, (0x61...0x7A).contains(first) || (0x30...0x39).contains(first) else { return false }
        return text.utf8.allSatisfy { (0x61...0x7A).contains($0) || (0x30...0x39).contains($0) || $0 == 0x2E || $0 == 0x5F || $0 == 0x2D }
    }
}
