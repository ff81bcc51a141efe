import HCL
import Model

/// Helm releases declared in Terraform (the helm provider's `helm_release`), read as the
/// release a Flux `HelmRelease` installs: a workload on the repository's cluster that needs the
/// images and endpoints its values name, faces users when its values enable an ingress or a
/// `LoadBalancer` Service, and needs its chart repository to be upgraded.
///
/// The values are the provider's: the `values` YAML texts (literal, `file()`, `templatefile()`,
/// `yamlencode()`), each merged over the one before as Helm merges values files, then the
/// `set`, `set_list`, `set_sensitive` and `set_wo` entries (Helm's `--set` paths: `a.b`, `a\.b`,
/// `list[0].x`). A local chart (`chart = "./charts/web"`, `"${path.module}/charts/web"`) has
/// its `values.yaml` read under them; a remote chart's defaults are not fetched. Values known
/// only at apply are left out of the tree, and those naming another Terraform resource (a
/// database's address) are needs of the release.
enum TerraformHelm {
    /// What the `helm_release`s of one file install, and a note for each part of a release
    /// that is not read.
    struct Declared: Sendable {
        var releases: [HelmReleaseFact] = []
        var notes: [Diagnostic] = []
    }

    /// What the `helm_release`s of one evaluation install, by the declaring file's path.
    ///
    /// The images and endpoints their values name are bounded as Terraform's own values' are
    /// (`limit`, shared by the whole evaluation): past it, the releases left are not read, and
    /// a warning says so. A thousand `count` instances of a large values file, each with a
    /// `set` entry of its own, are read only up to the bound.
    static func releases(of resources: [TerraformResource], limit: Int = TopologyBuilder.terraformEndpointLimit) -> [String: Declared] {
        var declared: [String: Declared] = [:]
        var decoded = Decoded()
        var left = limit
        for resource in resources where resource.type == "helm_release" {
            guard left > 0 else {
                declared[resource.path, default: Declared()].notes.append(Diagnostic(
                    .warning, "the Helm releases Terraform installs name more than \(limit) images and endpoints; the releases past them are not read",
                    detail: "no configuration names this many; look for a large values file read into many count or for_each instances",
                    path: resource.path, line: resource.line))
                break
            }
            let (release, unread) = release(of: resource, decoded: &decoded)
            left -= release.values.mentions.count + release.values.images.count
            declared[resource.path, default: Declared()].releases.append(release)
            if !unread.isEmpty {
                declared[resource.path, default: Declared()].notes.append(Diagnostic(
                    .note, "helm_release.\(resource.name): \(unread.sortedUnique().joined(separator: ", ")) not read",
                    detail: "images and endpoints set only there are not part of the topology", path: resource.path, line: resource.line))
            }
        }
        return declared
    }

    /// The values texts an evaluation has decoded, each once however many instances give it,
    /// and how much text in all: past `TerraformKubernetes.textLimit`, texts are not decoded.
    /// Also the values each distinct set of `values` and `set` entries gives, read once: a
    /// thousand `count` instances of one release are one reading.
    struct Decoded {
        var read: [[Value?]: (values: HelmValuesFact, unread: [String])] = [:]
        var values: [String: Value?] = [:]
        var bytes = 0
        var overLimit = false

        mutating func value(of text: String) -> Value? {
            if let known = values[text] { return known }
            guard bytes + text.utf8.count <= TerraformKubernetes.textLimit else {
                overLimit = true
                return nil
            }
            bytes += text.utf8.count
            let value = TerraformYAML.decode(text)
            values[text] = .some(value)
            return value
        }
    }

    /// The release a resource installs, and what of it was not read.
    static func release(of resource: TerraformResource, decoded: inout Decoded) -> (HelmReleaseFact, [String]) {
        let line = resource.line
        let inputs = ["values", "set", "set_list", "set_sensitive", "set_wo"].map { resource.values[$0] } + [.int(line)]
        let read: (values: HelmValuesFact, unread: [String])
        if let known = decoded.read[inputs] {
            read = known
        } else {
            read = values(of: resource, decoded: &decoded)
            decoded.read[inputs] = read
        }
        func known(_ key: String) -> String? {
            resource.string(key).flatMap { TerraformMarker.holdsMarker($0) || $0.isEmpty ? nil : $0 }
        }
        let chart = known("chart"), repository = known("repository")
        var unread = read.unread
        var fact = HelmReleaseFact(kind: "helm_release", namespace: known("namespace") ?? "default", name: known("name") ?? resource.name, line: line, values: read.values)
        fact.component = resource.id
        switch (repository, chart) {
        case (let repository?, let chart) where repository.hasPrefix("oci://"):
            // The provider pulls `REPOSITORY/CHART` from an OCI registry.
            fact.repository = chart.map { $0.contains("://") ? $0 : HelmReleaseFact.chart($0, in: repository) } ?? repository
        case (let repository?, _) where repository.contains("://"):
            fact.repository = repository
        case (let repository?, let chart):
            // A folder of charts (`./charts`), or a repository added by name with `helm repo
            // add`, which is configuration outside the repository.
            if repository.hasPrefix("./") || repository.hasPrefix("../") || repository == "." {
                fact.chartFolder = TerraformFiles.resolve(chart.map { repository + "/" + $0 } ?? repository, from: resource.root)
            } else {
                unread.append("the chart repository \(repository), a name given at helm repo add")
            }
        case (nil, let chart?) where chart.contains("://"):
            fact.repository = chart
        case (nil, let chart?):
            // A chart named by a path is a folder of the commit (read when it holds a
            // `values.yaml`), as Terraform finds it: from the root module's folder. A
            // `repo/chart` name of a repository added with `helm repo add` resolves to no such folder.
            fact.chartFolder = TerraformFiles.resolve(chart, from: resource.root)
        case (nil, nil):
            break
        }
        return (fact, unread)
    }

    /// The values a resource's `values` texts and `set` entries give, and what of them was not read.
    static func values(of resource: TerraformResource, decoded: inout Decoded) -> (values: HelmValuesFact, unread: [String]) {
        let line = resource.line
        var unread: [String] = []
        var merged: Value = .object([:])
        switch resource.values["values"] {
        case .tuple(let texts)?:
            for text in texts {
                guard case .string(let yaml) = text else {
                    if text != .null { unread.append("values known only at apply") }
                    continue
                }
                // An empty or comment-only text is no values at all, as for Helm.
                if Self.isBlank(yaml) { continue }
                // A text with values known only at apply (`clusterName: ${module.eks.cluster_name}`)
                // is read with them left out, as a kubectl manifest's is.
                guard let value = decoded.value(of: yaml) else {
                    unread.append(decoded.overLimit ? "values texts past \(TerraformKubernetes.textLimit >> 20) MiB in all"
                        : TerraformMarker.holdsMarker(yaml) ? "values known only at apply" : "values that are not one YAML document")
                    continue
                }
                if case .object = value { merged = merging(value, over: merged) } else if value != .null { unread.append("values that are not a mapping") }
            }
        case nil, .null?: break
        default: unread.append("values known only at apply")
        }
        // List items a `set` path's indices create, at most, for one release: `a[999][999]…`
        // would otherwise be a million nulls per entry.
        var padding = 0
        for key in ["set", "set_list", "set_sensitive", "set_wo"] {
            switch resource.values[key] {
            case nil, .null?, .tuple?, .object?: break
            default: unread.append("\(key) entries known only at apply")
            }
            for entry in resource.blocks(key) {
                guard case .string(let name)? = entry["name"], !TerraformMarker.holdsMarker(name), let path = setPath(name) else {
                    unread.append("a \(key) entry whose name is not a literal path (of at most \(maximumDepth) steps)")
                    continue
                }
                let items = path.reduce(0) { if case .index(let index) = $1 { $0 + index + 1 } else { $0 } }
                guard padding + items <= maximumListItems else {
                    unread.append("\(key) entries whose list indices add up to more than \(maximumListItems) items")
                    continue
                }
                padding += items
                guard let value = entry["value"] else { continue }
                // `type = "string"` (and the provider's `literal`) keeps the text as it is.
                let keepsText = ["string", "literal"].contains(entry["type"]?.stringValue ?? "")
                let typed: Value = switch value {
                case .string(let text) where !keepsText: autoTyped(text)
                case .tuple(let items) where !keepsText: .tuple(items.map { if case .string(let text) = $0 { autoTyped(text) } else { $0 } })
                default: value
                }
                merged = setting(typed, at: path[...], in: merged)
            }
        }
        var values = HelmValuesFact()
        if let root = TerraformKubernetes.node(merged, key: nil, parent: nil, verbatim: true, line: line) {
            HelmValuesReader.collect(root, into: &values, recordingSettings: true)
        }
        // What names another Terraform resource is a need of the release, in its setting's context.
        for (setting, text) in references(in: merged, setting: "") {
            values.mentions.append(Mention(text: text, line: line, context: "Helm value \(setting)"))
        }
        return (values, unread)
    }

    /// `over`'s values with `value`'s read over them, as Helm merges values files: mappings
    /// merged key by key, anything else replaced whole.
    static func merging(_ value: Value, over base: Value) -> Value {
        guard case .object(let upper) = value, case .object(var lower) = base else { return value }
        for (key, field) in upper { lower[key] = lower[key].map { merging(field, over: $0) } ?? field }
        return .object(lower)
    }

    /// One step of a `--set` path: a key, or a list index.
    enum Step: Equatable {
        case key(String)
        case index(Int)
    }

    /// The steps of a `--set` name (`a.b`, `a\.b`, `list[0].name`); nil for a malformed one or
    /// one deeper than ``maximumDepth``.
    static func setPath(_ name: String) -> [Step]? {
        var steps: [Step] = []
        var key = ""
        var afterIndex = false
        var characters = name.makeIterator()
        while let character = characters.next() {
            switch character {
            case "\\":
                guard !afterIndex, let escaped = characters.next() else { return nil }
                key.append(escaped)
            case ".":
                if afterIndex {
                    afterIndex = false
                } else {
                    guard !key.isEmpty else { return nil }
                    steps.append(.key(key))
                    key = ""
                }
            case "[":
                if !afterIndex {
                    guard !key.isEmpty else { return nil }
                    steps.append(.key(key))
                    key = ""
                }
                var digits = ""
                var closed = false
                while let next = characters.next() {
                    if next == "]" { closed = true; break }
                    digits.append(next)
                }
                // Helm refuses indices past a limit, and so does this: a thousand-item list from one line.
                guard closed, let index = Int(digits), index >= 0, index < 1_000 else { return nil }
                steps.append(.index(index))
                afterIndex = true
            default:
                guard !afterIndex else { return nil }
                key.append(character)
            }
        }
        if !afterIndex {
            guard !key.isEmpty else { return nil }
            steps.append(.key(key))
        }
        // Values are walked recursively; a path a thousand steps deep is no chart's setting.
        return steps.count <= maximumDepth ? steps : nil
    }

    /// The most steps a `--set` path may have.
    static let maximumDepth = 64

    /// The most list items the `set` entries of one release may create (the sum, over their
    /// indices, of each index plus one).
    static let maximumListItems = 10_000

    /// Whether a values text holds nothing: blanks and comments only.
    static func isBlank(_ text: String) -> Bool {
        text.split(whereSeparator: \.isNewline).allSatisfy { line in
            let content = line.drop { $0 == " " || $0 == "\t" }
            return content.isEmpty || content.hasPrefix("#") || content == "---" || content == "..."
        }
    }

    /// `value` set at `path` in `tree`, creating the mappings and lists on the way (a list is
    /// padded with nulls up to the index, as Helm pads it).
    static func setting(_ value: Value, at path: ArraySlice<Step>, in tree: Value) -> Value {
        guard let step = path.first else { return value }
        let rest = path.dropFirst()
        switch step {
        case .key(let key):
            var fields: [String: Value] = if case .object(let fields) = tree { fields } else { [:] }
            fields[key] = setting(value, at: rest, in: fields[key] ?? .null)
            return .object(fields)
        case .index(let index):
            var items: [Value] = if case .tuple(let items) = tree { items } else { [] }
            while items.count <= index { items.append(.null) }
            items[index] = setting(value, at: rest, in: items[index])
            return .tuple(items)
        }
    }

    /// A `--set` value as Helm types it: `true`/`false` as booleans, an integer as a number,
    /// `null` as null, anything else as text.
    static func autoTyped(_ text: String) -> Value {
        // As Helm's `strvals.typedVal`: the words in any case, `0`, and a 64-bit integer not
        // written with a leading zero.
        switch text.lowercased() {
        case "true": return .bool(true)
        case "false": return .bool(false)
        case "null": return .null
        case "0": return .int(0)
        default:
            if text.first != "0", let integer = Int(text) { return .int(integer) }
            return .string(text)
        }
    }

    /// The values holding a value known only at apply (a marker), with their settings.
    static func references(in value: Value, setting: String) -> [(setting: String, text: String)] {
        switch value {
        case .string(let text): return TerraformMarker.holdsMarker(text) ? [(setting, text)] : []
        case .tuple(let items):
            return items.enumerated().flatMap { references(in: $1, setting: setting.isEmpty ? "\($0)" : "\(setting).\($0)") }
        case .object(let fields):
            return fields.keys.sorted().flatMap { key in references(in: fields[key] ?? .null, setting: setting.isEmpty ? key : "\(setting).\(key)") }
        default: return []
        }
    }
}
