import HCL

/// Stands in for a resource's identity inside evaluated values.
///
/// A resource's `id`, `arn`, domain names and the like are only known after `apply`, but what
/// matters for the topology is *which* resource they name. So the module pass gives each such
/// attribute a marker string holding the resource's component id; it survives `format`,
/// interpolation, lists and module outputs, and `ids(in:)` reads it back out wherever it ends up.
enum TerraformMarker {
    static let open: Character = "\u{27E8}"
    static let close: Character = "\u{27E9}"

    /// Attributes that name a resource rather than describe it.
    static let identityAttributes: [String] = [
        "id", "arn", "name", "bucket", "bucket_regional_domain_name", "bucket_domain_name", "website_endpoint",
        "website_domain", "domain_name", "dns_name", "endpoint", "address", "repository_url", "self_link", "url",
        "fqdn", "primary_endpoint_address", "reader_endpoint", "cluster_id", "login_server", "primary_blob_endpoint",
        "primary_web_host", "hosted_zone_id", "zone_id", "alias",
        // Functions and APIs: an integration names its function by `invoke_arn`.
        "invoke_arn", "qualified_arn", "qualified_invoke_arn", "function_name", "function_url", "api_endpoint", "execution_arn",
        "invoke_url", "uri", "default_hostname",
        // An API Gateway custom domain is aliased by the name API Gateway gives it.
        "regional_domain_name", "cloudfront_domain_name",
        // Cloud SQL is reached by its connection name (the Cloud SQL proxy's argument) or address.
        "connection_name", "private_ip_address", "public_ip_address",
    ]

    /// Attributes inside a resource's nested block that name the resource: an API Gateway v2
    /// domain is aliased by `domain_name_configuration[0].target_domain_name`, the only name
    /// API Gateway gives it.
    static let nestedIdentityAttributes: [String: [String]] = [
        "domain_name_configuration": ["target_domain_name", "hosted_zone_id"]
    ]

    /// A block's value (an object, or a tuple of them) with `attributes` set to `marker` in each.
    static func marking(_ block: Value, _ attributes: [String], with marker: Value) -> Value {
        func marked(_ fields: [String: Value]) -> Value {
            var fields = fields
            for attribute in attributes { fields[attribute] = marker }
            return .object(fields)
        }
        switch block {
        case .object(let fields): return marked(fields)
        case .tuple(let items): return .tuple(items.map { $0.objectValue.map(marked) ?? $0 })
        default: return block
        }
    }

    static func marker(_ id: String) -> String { openText + id + closeText }

    /// What stands for an unknown part of a string that names resources (see
    /// `EvaluationContext.markers`); it names no component.
    static let unknownPart = marker("?")

    /// What stands for the id of a hosted zone a `data "aws_route53_zone"` looks up as private
    /// (`data.aws_route53_zone.internal` at `address`): it names no component, only that the
    /// zone is private, which is all a record in it needs known (see `TerraformPlacer`).
    static func privateZone(_ address: String) -> String { privateZonePrefix + address }

    /// Whether a marker's id is that of a private hosted zone a data source looks up.
    static func namesPrivateZone(_ id: String) -> Bool { id.hasPrefix(privateZonePrefix) }

    private static let privateZonePrefix = "private-zone:"

    private static let openText = String(open), closeText = String(close)
    private static let openBytes = Array(openText.utf8)

    /// Whether a text holds a marker: its UTF-8 searched for `open`'s bytes, which no other
    /// character's encoding holds (a search by `Character` walked grapheme clusters, and a
    /// megabyte read by `file()` a thousand times took seconds).
    static func holdsMarker(_ text: String) -> Bool {
        var text = text
        return text.withUTF8 { ByteSearch.firstIndex(of: openBytes, in: $0, 0..<$0.count) != nil }
    }

    /// The component ids of every marker anywhere inside a value, in order, without repeats.
    static func ids(in value: Value?) -> [String] {
        var found: [String] = []
        for text in strings(in: value) where holdsMarker(text) {
            var rest = Substring(text)
            while let start = rest.firstIndex(of: open) {
                let after = rest[rest.index(after: start)...]
                guard let end = after.firstIndex(of: close) else { break }
                let id = String(after[..<end])
                if id != "?", !found.contains(id) { found.append(id) }
                rest = after[after.index(after: end)...]
            }
        }
        return found
    }

    /// Every string inside a value, depth first.
    static func strings(in value: Value?) -> [String] {
        switch value {
        case .string(let text): [text]
        case .tuple(let items): items.flatMap { strings(in: $0) }
        case .object(let fields): fields.keys.sorted().flatMap { strings(in: fields[$0]) }
        default: []
        }
    }

    /// A string with no marker in it, if the value is one.
    static func plainString(_ value: Value?) -> String? {
        guard let text = value?.stringValue, !holdsMarker(text) else { return nil }
        return text
    }
}
