import Model

/// Reads a build context's `.dockerignore`, or a Dockerfile's own (`Dockerfile.dockerignore`
/// beside it, which BuildKit uses instead of the context's): the patterns of files `docker
/// build` leaves out of the context, so a `COPY .` does not ship them.
public struct DockerignoreReader: FileReader {
    public let name = "dockerignore"
    public let version = 2

    public init() {}

    public func accepts(path: String) -> Bool {
        path == ".dockerignore" || path.hasSuffix("/.dockerignore") || Self.dockerfile(ofIgnoreFile: path) != nil
    }

    /// The Dockerfile a Dockerfile-specific ignore file belongs to (`ui/Dockerfile` for
    /// `ui/Dockerfile.dockerignore`, `ui/web.Dockerfile` for `ui/web.Dockerfile.dockerignore`).
    public static func dockerfile(ofIgnoreFile path: String) -> String? {
        guard path.hasSuffix(".dockerignore") else { return nil }
        let dockerfile = String(path.dropLast(".dockerignore".count))
        let name = dockerfile.split(separator: "/").last.map(String.init) ?? dockerfile
        return DockerfileReader().accepts(path: name) ? dockerfile : nil
    }

    public func read(path: String, bytes: [UInt8]) -> FileFacts {
        var facts = FileFacts(path: path)
        let text = String(decoding: bytes, as: UTF8.self)
        facts.dockerignore = text.split(whereSeparator: \.isNewline).compactMap { line in
            let pattern = line.trimmingBlanks()
            return pattern.isEmpty || pattern.hasPrefix("#") ? nil : String(pattern)
        }
        return facts
    }
}

/// Docker's `.dockerignore` matching (moby's patternmatcher): each pattern is a path relative
/// to the context, `*` and `?` within a segment, `**` for any number of segments; a pattern
/// that matches a folder leaves out everything in it; `!` brings back what an earlier pattern
/// left out, and the last pattern that matches decides.
public struct DockerignorePatterns: Sendable {
    private let patterns: [(exclude: Bool, segments: [Substring])]

    public init(_ lines: [String]) {
        patterns = lines.compactMap { line in
            var text = Substring(line)
            let exception = text.hasPrefix("!")
            if exception { text = text.dropFirst().drop { $0 == " " || $0 == "\t" } }
            let segments = text.split(separator: "/").filter { $0 != "." }
            return segments.isEmpty ? nil : (!exception, segments)
        }
    }

    /// Whether the context leaves out the file at `path`, relative to the context.
    public func excludes(_ path: String) -> Bool {
        let parts = path.split(separator: "/")
        var excluded = false
        for pattern in patterns {
            // The file itself or any folder above it.
            if (1...max(parts.count, 1)).contains(where: { Self.match(pattern.segments[...], parts.prefix($0)) }) {
                excluded = pattern.exclude
            }
        }
        return excluded
    }

    /// Segments against segments, `**` standing for any number of them: a table over both,
    /// so patterns from a pull request cannot make it take exponential time.
    private static func match(_ pattern: ArraySlice<Substring>, _ path: ArraySlice<Substring>) -> Bool {
        let p = Array(pattern), s = Array(path)
        // reach[j]: the first i pattern segments can match the first j path segments.
        var reach = [Bool](repeating: false, count: s.count + 1)
        reach[0] = true
        for segment in p {
            var next = [Bool](repeating: false, count: s.count + 1)
            if segment == "**" {
                var any = false
                for j in 0...s.count {
                    any = any || reach[j]
                    next[j] = any
                }
            } else {
                for j in 0..<s.count where reach[j] && glob(segment, s[j]) { next[j + 1] = true }
            }
            reach = next
        }
        return reach[s.count]
    }

    /// `*` any run of characters, `?` one character, anything else itself; one pass with a
    /// single backtrack point, as filepath.Match does, so its time is linear-ish.
    static func glob(_ pattern: Substring, _ text: Substring) -> Bool {
        let p = Array(pattern), t = Array(text)
        var i = 0, j = 0
        var star = -1, resume = 0
        while j < t.count {
            if i < p.count, p[i] == "?" || (p[i] != "*" && p[i] == t[j]) {
                i += 1
                j += 1
            } else if i < p.count, p[i] == "*" {
                star = i
                resume = j
                i += 1
            } else if star >= 0 {
                i = star + 1
                resume += 1
                j = resume
            } else {
                return false
            }
        }
        while i < p.count, p[i] == "*" { i += 1 }
        return i == p.count
    }
}
