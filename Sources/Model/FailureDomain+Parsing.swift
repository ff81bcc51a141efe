extension FailureDomain {
    /// Why a text is not a failure-domain id; each message shows the form that would be.
    public enum ParseError: Error, Hashable, Sendable, CustomStringConvertible {
        /// The text has no `kind:` prefix, or the kind is not one Faultline knows.
        case unknownKind(id: String)
        /// The kind needs a different number of `/`-separated names.
        case wrongShape(id: String, expected: String)
        /// A name is empty or contains a character outside letters, digits, `.`, `_`, `-`.
        case badName(id: String, name: String)
        /// `global` was used as a region name outside `service:P/global/S`.
        case reservedRegion(id: String)

        public var description: String {
            switch self {
            case .unknownKind(let id):
                "'\(id)' is not a failure domain: start it with provider:, region:, zone:, service:, saas:, host: or unknown:"
            case .wrongShape(let id, let expected):
                "'\(id)' is malformed: write it as \(expected)"
            case .badName(let id, let name):
                "'\(id)' has an invalid name '\(name)': use letters, digits, '.', '_' and '-' only"
            case .reservedRegion(let id):
                "'\(id)' uses 'global' as a region: global services are written service:P/global/S and have no zones or region"
            }
        }
    }

    /// Parses a textual id such as `region:aws/us-east-1`; `nil` when it is not one.
    public init?(id: String) {
        guard let domain = try? FailureDomain.parse(id) else { return nil }
        self = domain
    }

    /// Parses a textual id, saying what is wrong with it when it is not one.
    public static func parse(_ id: String) throws(ParseError) -> FailureDomain {
        guard let colon = id.firstIndex(of: ":") else { throw .unknownKind(id: id) }
        let kind = id[..<colon]
        let rest = String(id[id.index(after: colon)...])
        // Unknown placements carry free text naming what is unknown, so only forbid what would
        // make ids ambiguous (spaces, and `+`, which joins the domains of a pair scenario).
        if kind == "unknown" {
            guard !rest.isEmpty, rest.allSatisfy(isUnknownCharacter) else { throw .badName(id: id, name: rest) }
            return .unknown(rest)
        }
        let names = rest.split(separator: "/", omittingEmptySubsequences: false).map(String.init)
        for name in names where name.isEmpty || !name.allSatisfy(isNameCharacter) {
            throw .badName(id: id, name: name)
        }
        let isGlobal = names.count > 1 && names[1] == globalRegionName
        switch (kind, names.count) {
        case ("provider", 1):
            return .provider(names[0])
        case ("region", 2):
            if isGlobal { throw .reservedRegion(id: id) }
            return .region(provider: names[0], region: names[1])
        case ("zone", 3):
            if isGlobal { throw .reservedRegion(id: id) }
            return .zone(provider: names[0], region: names[1], zone: names[2])
        case ("service", 3):
            if isGlobal { return .globalService(provider: names[0], service: names[2]) }
            return .regionalService(provider: names[0], region: names[1], service: names[2])
        case ("saas", 1):
            return .saas(names[0])
        case ("host", 1):
            return .host(names[0])
        case ("provider", _):
            throw .wrongShape(id: id, expected: "provider:PROVIDER, e.g. provider:aws")
        case ("region", _):
            throw .wrongShape(id: id, expected: "region:PROVIDER/REGION, e.g. region:aws/us-east-1")
        case ("zone", _):
            throw .wrongShape(id: id, expected: "zone:PROVIDER/REGION/ZONE, e.g. zone:aws/us-east-1/us-east-1a")
        case ("service", _):
            throw .wrongShape(
                id: id,
                expected: "service:PROVIDER/REGION/SERVICE or service:PROVIDER/global/SERVICE, e.g. service:aws/us-east-1/s3")
        case ("saas", _):
            throw .wrongShape(id: id, expected: "saas:NAME, e.g. saas:dockerhub")
        case ("host", _):
            throw .wrongShape(id: id, expected: "host:NAME, e.g. host:compose-1")
        default:
            throw .unknownKind(id: id)
        }
    }

    private static func isNameCharacter(_ c: Character) -> Bool {
        c.isASCII && (c.isLetter || c.isNumber || c == "." || c == "_" || c == "-")
    }

    private static func isUnknownCharacter(_ c: Character) -> Bool {
        isNameCharacter(c) || c == "/" || c == ":"
    }
}
