/// A catalog host pattern that carries where the host runs: `*.{region}.{provider}.neon.tech`
/// matches `ep-cool-123.us-east-2.aws.neon.tech` and says AWS, us-east-2.
///
/// The pattern opens with `*.`, which stands for one or more labels; each later label is
/// matched whole, and may mix letters, digits and `-` with the two placeholders `{provider}`
/// and `{region}`, each written exactly once in the pattern (`{provider}-{region}` in one label
/// matches `aws-us-east-1`). Whether a captured region exists is the classifier's question.
public struct HostPattern: Hashable, Sendable {
    enum Piece: Hashable, Sendable {
        case literal(String)
        case provider
        case region
    }

    /// The labels after `*.`, each a list of pieces.
    let labels: [[Piece]]
    /// The literal labels at the end (`.neon.tech`), for a quick test before matching.
    public let literalSuffix: String

    /// Nil when `pattern` is not of that shape.
    public init?(_ pattern: String) {
        guard pattern.hasPrefix("*.") else { return nil }
        var labels: [[Piece]] = []
        var providers = 0, regions = 0
        for label in pattern.dropFirst(2).split(separator: ".", omittingEmptySubsequences: false) {
            guard !label.isEmpty, let pieces = Self.pieces(of: label) else { return nil }
            for piece in pieces {
                if piece == .provider { providers += 1 }
                if piece == .region { regions += 1 }
            }
            labels.append(pieces)
        }
        guard providers == 1, regions == 1 else { return nil }
        self.labels = labels
        var suffix = ""
        for pieces in labels.reversed() {
            guard pieces.count == 1, case .literal(let text) = pieces[0] else { break }
            suffix = "." + text + suffix
        }
        literalSuffix = suffix
    }

    /// The pieces of one label; nil for a character a host cannot hold, an unknown or
    /// unclosed placeholder, or two placeholders side by side (nothing tells where one ends).
    private static func pieces(of label: Substring) -> [Piece]? {
        var pieces: [Piece] = []
        var literal = ""
        var rest = label
        while let first = rest.first {
            if first == "{" {
                guard let close = rest.firstIndex(of: "}") else { return nil }
                let piece: Piece
                switch rest[rest.index(after: rest.startIndex)..<close] {
                case "provider": piece = .provider
                case "region": piece = .region
                default: return nil
                }
                if !literal.isEmpty {
                    pieces.append(.literal(literal))
                    literal = ""
                } else if !pieces.isEmpty {
                    return nil
                }
                pieces.append(piece)
                rest = rest[rest.index(after: close)...]
                continue
            }
            guard first.isASCII, first.isLowercase || first.isNumber || first == "-" else { return nil }
            literal.append(first)
            rest = rest.dropFirst()
        }
        if !literal.isEmpty { pieces.append(.literal(literal)) }
        return pieces
    }

    /// Every (provider, region) reading of `host` (lower-case) the pattern allows, with
    /// `providers` the provider ids a `{provider}` may stand for. Usually one.
    public func matches(_ host: String, providers: [String]) -> [(provider: String, region: String)] {
        guard host.hasSuffix(literalSuffix) else { return [] }
        let hostLabels = host.split(separator: ".", omittingEmptySubsequences: false)
        // `*` stands for at least one label.
        guard hostLabels.count > labels.count else { return [] }
        var readings: [(provider: String?, region: String?)] = [(nil, nil)]
        for (pieces, label) in zip(labels, hostLabels.suffix(labels.count)) {
            var next: [(provider: String?, region: String?)] = []
            for reading in readings {
                for found in Self.match(pieces[...], label, providers: providers) {
                    next.append((reading.provider ?? found.provider, reading.region ?? found.region))
                }
            }
            readings = next
            if readings.isEmpty { return [] }
        }
        return readings.compactMap { reading in
            guard let provider = reading.provider, let region = reading.region, !region.isEmpty else { return nil }
            return (provider, region)
        }
    }

    /// The readings of one label by its pieces.
    private static func match(
        _ pieces: ArraySlice<Piece>, _ label: Substring, providers: [String]
    ) -> [(provider: String?, region: String?)] {
        guard let piece = pieces.first else { return label.isEmpty ? [(nil, nil)] : [] }
        let rest = pieces.dropFirst()
        switch piece {
        case .literal(let text):
            guard label.hasPrefix(text) else { return [] }
            return match(rest, label.dropFirst(text.count), providers: providers)
        case .provider:
            return providers.filter { label.hasPrefix($0) }.flatMap { provider in
                match(rest, label.dropFirst(provider.count), providers: providers).map { (provider, $0.region) }
            }
        case .region:
            // Every split: a region is letters, digits and `-`, never empty.
            var found: [(provider: String?, region: String?)] = []
            var end = label.startIndex
            while end < label.endIndex {
                end = label.index(after: end)
                for reading in match(rest, label[end...], providers: providers) {
                    found.append((reading.provider, String(label[..<end])))
                }
            }
            return found
        }
    }
}
