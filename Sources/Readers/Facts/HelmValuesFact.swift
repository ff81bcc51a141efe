/// A Helm values file (`values.yaml`, `values-prod.yaml`, …): what the release deployed with
/// it runs and names, as far as Helm's conventions tell without rendering the chart.
public struct HelmValuesFact: Hashable, Sendable, Codable {
    /// A setting that decides whether the release faces users (an `ingress`, `httpRoute` or
    /// `gateway` mapping's `enabled`, or a `service` mapping's `type`) or whether a part of the
    /// chart is deployed at all (any mapping's `enabled`).
    public struct Setting: Hashable, Sendable, Codable {
        /// Where it is set: `ingress.enabled`, `frontend.service.type`.
        public var setting: String
        public var value: String
        public var line: Int

        public init(setting: String, value: String, line: Int) {
            self.setting = setting
            self.value = value
            self.line = line
        }

        /// Whether it makes the release face users, as an exposure setting.
        public var exposes: Bool {
            let value = Self.withSubstitutionDefault(value)
            return value == "true" || value == "LoadBalancer" || value == "NodePort"
        }

        /// A Flux post-build substitution with a default (`${service:=LoadBalancer}`, also
        /// `${service:-LoadBalancer}`) stands for its default, which it takes unless the
        /// cluster sets the variable; any other text as it is.
        public static func withSubstitutionDefault(_ value: String) -> String {
            guard value.hasPrefix("${"), value.hasSuffix("}"),
                  let operatorRange = value.range(of: ":=") ?? value.range(of: ":-") else { return value }
            return String(value[operatorRange.upperBound..<value.index(before: value.endIndex)])
        }
    }

    /// An image its settings name: an `image:` string (`reference`), or an `image:` mapping's
    /// parts (any key ending in `image` or `images`). A values file read over the chart's
    /// defaults may set only some parts (`image.registry`); the others come from the defaults.
    public struct Image: Hashable, Sendable, Codable {
        /// Where it is set: `image`, `redis.image`.
        public var setting: String
        public var reference: String?
        public var registry: String?
        public var repository: String?
        public var tag: String?
        public var digest: String?
        public var line: Int

        public init(
            setting: String, reference: String? = nil, registry: String? = nil, repository: String? = nil, tag: String? = nil,
            digest: String? = nil, line: Int
        ) {
            self.setting = setting
            self.reference = reference
            self.registry = registry
            self.repository = repository
            self.tag = tag
            self.digest = digest
            self.line = line
        }

        /// These parts over `defaults`' (the same setting in the chart's `values.yaml`).
        public func over(_ defaults: Image) -> Image {
            guard reference == nil, defaults.reference == nil else { return reference == nil ? defaults : self }
            return Image(
                setting: setting, registry: registry ?? defaults.registry, repository: repository ?? defaults.repository,
                tag: tag ?? defaults.tag, digest: digest ?? defaults.digest, line: repository != nil || registry != nil ? line : defaults.line)
        }

        /// The reference it names: `[registry/]repository[:tag][@digest]`; nil without a
        /// repository.
        public var resolved: String? {
            if let reference { return reference }
            guard let repository else { return nil }
            return (registry.map { $0 + "/" } ?? "") + repository + (tag.map { ":" + $0 } ?? "") + (digest.map { "@" + $0 } ?? "")
        }
    }

    public var images: [Image]
    /// Its other string values that could name an endpoint, each at its line, with the
    /// setting's path as context (`Helm value assets.baseUrl`).
    public var mentions: [Mention]
    public var exposures: [Setting]
    /// Every `enabled:` it sets, `true` or `false` (`redis.enabled`): the images and exposure
    /// of a part switched off are not the release's (its other values are: charts name an
    /// external database beside `postgresql.enabled: false`).
    public var switches: [Setting]
    /// In a values file read over a chart's defaults (not `values.yaml` itself), the path of
    /// every scalar and list it sets (`assets.baseUrl`, `extraEnv`): a default it sets again,
    /// to whatever value, is not the release's.
    public var settings: [String]

    public init(images: [Image] = [], mentions: [Mention] = [], exposures: [Setting] = [], switches: [Setting] = [], settings: [String] = []) {
        self.images = images
        self.mentions = mentions
        self.exposures = exposures
        self.switches = switches
        self.settings = settings
    }

    /// Adds `other`'s values, `lines` lines further down the file (values parsed from a string
    /// the file holds).
    mutating func append(_ other: HelmValuesFact, linesDown lines: Int) {
        images += other.images.map { var image = $0; image.line += lines; return image }
        mentions += other.mentions.map { var mention = $0; mention.line += lines; return mention }
        exposures += other.exposures.map { var setting = $0; setting.line += lines; return setting }
        switches += other.switches.map { var setting = $0; setting.line += lines; return setting }
        settings += other.settings
    }
}
