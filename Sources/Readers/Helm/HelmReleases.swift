import Model

/// The values a Flux `HelmRelease` or an Argo CD `Application` gives the chart it installs
/// (see ``HelmReleaseFact``). Values kept in other objects (Flux `valuesFrom`) or other files
/// (Argo CD `valueFiles`) are named in a note; Argo CD `parameters` are not read.
enum HelmReleases {
    static func read(kind: String, namespace: String, name: String, root: YAMLNode, facts: inout FileFacts) -> HelmReleaseFact? {
        let spec = root["spec"]
        var values = HelmValuesFact()
        var elsewhere: [String] = []
        var placed = namespace
        var repository: String?
        var source: String?
        if kind == "HelmRelease" {
            if let written = spec?["values"], written.entries != nil {
                HelmValuesReader.collect(written, into: &values, recordingSettings: false)
            }
            if spec?["valuesFrom"] != nil { elsewhere.append("valuesFrom") }
            placed = spec?["targetNamespace"]?.string ?? namespace
            // The chart's source object, in the release's own namespace unless it names another.
            if let reference = spec?["chart"]?["spec"]?["sourceRef"] ?? spec?["chartRef"], let kind = reference["kind"]?.string,
               let sourceName = reference["name"]?.string
            {
                source = "\(kind)/\(reference["namespace"]?.string ?? "")/\(sourceName)"
            }
        } else {
            let sources = [spec?["source"]].compactMap { $0 } + (spec?["sources"]?.items ?? [])
            let helm = sources.compactMap { $0["helm"] }
            guard !helm.isEmpty else {
                facts.diagnostics.append(Diagnostic(
                    .note, "kind Application is not modelled without Helm values", detail: "Faultline reads the manifests it deploys where they are in this repository",
                    path: facts.path, line: root.line))
                return nil
            }
            for settings in helm {
                if let object = settings["valuesObject"], object.entries != nil {
                    HelmValuesReader.collect(object, into: &values, recordingSettings: false)
                }
                if let text = settings["values"], let written = text.string {
                    collect(written, at: text, of: "\(kind) \(writtenName(root, name))", facts: &facts, into: &values)
                }
                if settings["valueFiles"] != nil { elsewhere.append("valueFiles") }
                if settings["parameters"] != nil { elsewhere.append("parameters") }
            }
            placed = spec?["destination"]?["namespace"]?.string ?? namespace
            // A source naming a chart installs it from a chart repository (`repoURL`), which
            // syncing a new version needs; a source without one is a git folder.
            // Argo CD writes an OCI repository without a scheme (`registry-1.docker.io/bitnamicharts`).
            if let chartSource = sources.first(where: { $0["chart"]?.string != nil && $0["helm"] != nil }),
               let url = chartSource["repoURL"]?.string, !url.isEmpty, let chart = chartSource["chart"]?.string
            {
                repository = url.contains("://") ? (url.hasPrefix("oci://") ? HelmReleaseFact.chart(chart, in: url) : url)
                    : "oci://" + HelmReleaseFact.chart(chart, in: url)
            }
        }
        if !elsewhere.isEmpty {
            facts.diagnostics.append(Diagnostic(
                .note, "\(kind) \(writtenName(root, name)): its \(elsewhere.joined(separator: " and ")) are not read, only the values written in it",
                detail: "images and endpoints set only there are not part of the topology", path: facts.path, line: root.line))
        }
        var release = HelmReleaseFact(kind: kind, namespace: placed, name: name, line: root.line, values: values)
        release.repository = repository.flatMap { $0.isEmpty ? nil : $0 }
        release.source = source
        if source != nil { release.sourceNamespace = namespace }
        return release
    }

    /// An object's name as written: a kustomization may place it in another namespace than `default`.
    static func writtenName(_ root: YAMLNode, _ name: String) -> String {
        root["metadata"]?["namespace"]?.string.map { "\($0)/\(name)" } ?? name
    }

    /// Values given as a YAML string (Argo CD's `helm.values: |`), located at their lines in
    /// the file: a block scalar's text starts on the line after its indicator. A text that does
    /// not load is an error at its `values:` line: the release's values are not known, which
    /// a check must not take for none.
    static func collect(_ text: String, at node: YAMLNode, of owner: String, facts: inout FileFacts, into values: inout HelmValuesFact) {
        var loader = YAMLLoader()
        loader.refusesTemplates = false
        let loaded = loader.load(text: text, path: facts.path)
        if let problem = loaded.diagnostics.first(where: { $0.severity == .error }) {
            let at = problem.line.map { "line \($0) of the text: " } ?? ""
            facts.diagnostics.append(Diagnostic(
                .error, "\(owner): its helm.values do not load as YAML, so none of them is read",
                detail: at + problem.summary + ". Fix the text, or write the values as helm.valuesObject",
                path: facts.path, line: node.line))
            return
        }
        guard let root = loaded.documents.first?.root, root.entries != nil else { return }
        var parsed = HelmValuesFact()
        HelmValuesReader.collect(root, into: &parsed, recordingSettings: false)
        let style = node.scalar?.style
        let offset = (style == .literal || style == .folded ? node.line + 1 : node.line) - 1
        values.append(parsed, linesDown: offset)
    }
}
