import Model

extension TopologyBuilder {
    /// Helm releases, without rendering their charts (docs/design.md §2.6): each values file
    /// stands for the release deployed with it, a workload `helm:PATH` running in the cluster
    /// that claims its path, which needs the images and endpoints its values name; so does a
    /// Flux `HelmRelease` or Argo CD `Application` with the values written in it (its own id).
    /// Another values file beside a `values.yaml` (`values-prod.yaml`) is read over it, as
    /// `helm install -f values-prod.yaml` reads it over the chart's defaults: what it does not
    /// set, the defaults give. A release whose values enable an ingress (or an HTTPRoute or
    /// Gateway) or give a Service the type `LoadBalancer` or `NodePort` faces users. Values
    /// naming none of those make no component.
    mutating func linkHelmReleases() {
        var unplaced: [(String, Int)] = []
        for release in helmReleases {
            var requirements = release.images.compactMap { image -> Requirement? in
                guard let id = imageID(image.reference) else { return nil }
                return Requirement(id, provenance: provenance(image.path, image.line), note: "runs \(image.reference)")
            }
            for (path, mentions) in release.mentions { requirements += self.requirements(of: mentions, path: path, namespace: nil) }
            // Upgrading the release (the way a fix ships) pulls the chart from its repository.
            for repository in release.repositories {
                let at = provenance(repository.path, repository.line)
                // An OCI chart is an artifact of a container registry, the one images pull from
                // (`oci://ghcr.io/org/charts/web`); a bare registry (`oci://REGISTRY`) is read
                // with a chart's name after it, so that its host is taken for the registry.
                let remainder = repository.url.hasPrefix("oci://") ? String(repository.url.dropFirst("oci://".count)) : nil
                let oci = remainder.map { $0.contains("/") ? $0 : $0 + "/chart" }
                if let oci, Self.hasRegistryHost(oci), let reference = imageReference(oci) {
                    let registry = registryComponent(of: reference, named: oci, path: repository.path, line: repository.line)
                    requirements.append(Requirement(registry, phase: .deliver, provenance: at, note: "chart pulled from \(repository.url)"))
                } else {
                    let mention = Mention(text: repository.url, line: repository.line, context: "chart repository")
                    requirements += endpoints(in: mention, path: repository.path).map { Requirement($0.id, phase: .deliver, provenance: at, note: $0.note) }
                }
            }
            guard !requirements.isEmpty || release.exposure != nil else { continue }
            let sites: [Site]
            if let cluster = cluster(for: release.path, namespace: release.namespace) {
                sites = Self.sites(of: cluster, zones: nil)
            } else if let regionless = regionlessCluster {
                sites = regionless.sites
            } else {
                sites = [Site([.unknown("cluster")])]
                unplaced.append((release.path, release.line))
            }
            addParts(
                id: release.id, kind: .workload, sites: sites, requirements: requirements,
                provenance: [provenance(release.exposure?.path ?? release.path, release.exposure?.line ?? release.line)], isEntrypoint: release.exposure != nil)
        }
        warnOfUnplaced(unplaced, what: "Helm release", mappedBy: "`paths` or `namespaces` that claim these releases")
    }

    /// The releases of the commit (values files, each read over its chart's defaults, and
    /// GitOps objects and Terraform `helm_release`s): worked out before images are linked,
    /// which need their references.
    ///
    /// The images and endpoints the releases' values name, every layer counted, are bounded
    /// (``helmValuesLimit``): a thousand releases read over one large `values.yaml` (`count`
    /// instances of a release of a local chart) would otherwise be millions of requirements.
    /// Past the bound, the releases left are not read and a warning (returned) says so.
    static func helmReleases(in files: [FileFacts]) -> (releases: [ChartRelease], cut: Diagnostic?) {
        // The values each chart of the repository uses in templates other than test hooks, by
        // the chart's folder: settings for `helm test` count only where such a template uses them.
        var usedInTemplates: [String: Set<String>] = [:]
        for file in files {
            guard let template = file.helmTemplate, !template.isTestHook else { continue }
            let path = file.path
            let chart: String
            if path.hasPrefix("templates/") {
                chart = ""
            } else if let range = path.range(of: "/templates/") {
                chart = String(path[..<range.lowerBound])
            } else {
                continue
            }
            usedInTemplates[chart, default: []].formUnion(template.valueRoots)
        }
        var defaults: [String: FileFacts] = [:]
        for file in files where file.helmValues != nil && HelmValuesReader.isChartDefaults(file.path) {
            let folder = KustomizeRenderings.folder(of: file.path)
            if defaults[folder] == nil { defaults[folder] = file }
        }
        // Values files Terraform reads (`values = [file("values-web.yaml")]`) and the defaults of
        // the charts its releases install are those releases' values, not releases of their own.
        var consumed: Set<String> = []
        for file in files {
            if let terraform = file.terraform { consumed.formUnion(TerraformFiles.reads(of: terraform, at: file.path)) }
            for object in file.helmReleases where object.component != nil {
                if let folder = object.chartFolder, let chart = defaults[folder] { consumed.insert(chart.path) }
            }
        }
        // Flux's chart sources by kind, namespace and name; by kind and name too, for a
        // reference whose namespace a kustomization sets differently, when only one has it.
        var sources: [String: (path: String, source: ChartSourceFact)] = [:]
        var byName: [String: [(path: String, source: ChartSourceFact)]] = [:]
        for file in files {
            for source in file.chartSources {
                if sources[source.key] == nil { sources[source.key] = (file.path, source) }
                byName["\(source.kind)/\(source.name)", default: []].append((file.path, source))
            }
        }
        // A reference naming no namespace is to the release's own, as Kustomize placed it.
        func source(_ key: String, of release: HelmReleaseFact) -> (path: String, source: ChartSourceFact)? {
            let parts = key.split(separator: "/", omittingEmptySubsequences: false)
            guard parts.count == 3 else { return nil }
            let namespace = parts[1].isEmpty ? release.sourceNamespace ?? release.namespace : String(parts[1])
            if let found = sources["\(parts[0])/\(namespace)/\(parts[2])"] { return found }
            guard let named = byName["\(parts[0])/\(parts[2])"] else { return nil }
            return named.count == 1 ? named[0] : nil
        }
        // Charts' dependencies by folder, each with the file listing it (the first such file
        // stands for the chart), and the folders holding a values file.
        var charts: [String: (path: String, dependencies: [(path: String, dependency: ChartFact.Dependency)])] = [:]
        var valuesFolders: Set<String> = []
        let chartFiles = Set(files.lazy.filter { $0.chart != nil && $0.path.fileName == "Chart.yaml" }.map(\.path))
        for file in files {
            let folder = KustomizeRenderings.folder(of: file.path)
            // A Helm 2 chart lists its dependencies in `requirements.yaml` beside `Chart.yaml`
            // (Helm 3 still reads them): the chart has both files' dependencies, a name once.
            // `requirements.yaml` is a chart's only beside its `Chart.yaml`.
            if let chart = file.chart, file.path.fileName == "Chart.yaml" || chartFiles.contains(folder.isEmpty ? "Chart.yaml" : folder + "/Chart.yaml") {
                var known = charts[folder] ?? (file.path, [])
                for dependency in chart.dependencies where !known.dependencies.contains(where: { $0.dependency.name == dependency.name }) {
                    known.dependencies.append((file.path, dependency))
                }
                charts[folder] = known
            }
            if file.helmValues != nil { valuesFolders.insert(folder) }
        }
        func dependencies(_ folder: String) -> [(path: String, dependency: ChartFact.Dependency)] {
            charts[folder]?.dependencies ?? []
        }
        // The charts a Terraform `helm_release` installs are its; their folders are no release of their own.
        let installed = Set(files.flatMap { $0.helmReleases.compactMap { $0.component != nil ? $0.chartFolder : nil } })
        var releases: [ChartRelease] = []
        var left = helmValuesLimit
        func fits(_ layers: [(String, HelmValuesFact)], dependencies: Int = 0) -> Bool {
            guard left > 0 else { return false }
            left -= layers.reduce(dependencies) { $0 + $1.1.images.count + $1.1.mentions.count }
            return true
        }
        var cut: Diagnostic?
        for file in files {
            if let own = file.helmValues, !consumed.contains(file.path) {
                var layers = [(file.path, own)]
                if !HelmValuesReader.isChartDefaults(file.path), let chart = defaults[KustomizeRenderings.folder(of: file.path)],
                   let values = chart.helmValues
                {
                    layers.append((chart.path, values))
                }
                let folder = KustomizeRenderings.folder(of: file.path)
                guard fits(layers, dependencies: charts[folder]?.dependencies.count ?? 0) else {
                    cut = cut ?? Self.helmValuesCut(path: file.path, line: 1)
                    break
                }
                releases.append(release(
                    id: "helm:\(file.path)", path: file.path, line: 1, namespace: "default", layers: layers, dependencies: dependencies(folder),
                    valuesInTemplates: usedInTemplates[folder] ?? []))
            }
            // A chart whose dependencies come from repositories, with no values file beside it,
            // still stands for a release (an Argo CD Application or a pipeline installs the
            // folder): one that needs them to ship.
            if file.chart != nil, let chart = charts[KustomizeRenderings.folder(of: file.path)], chart.path == file.path, !chart.dependencies.isEmpty,
               !valuesFolders.contains(KustomizeRenderings.folder(of: file.path)), !installed.contains(KustomizeRenderings.folder(of: file.path))
            {
                guard fits([], dependencies: chart.dependencies.count) else {
                    cut = cut ?? Self.helmValuesCut(path: file.path, line: 1)
                    break
                }
                let release = release(
                    id: "helm:\(file.path)", path: file.path, line: 1, namespace: "default", layers: [],
                    dependencies: dependencies(KustomizeRenderings.folder(of: file.path)))
                if !release.repositories.isEmpty { releases.append(release) }
            }
            for object in file.helmReleases {
                var layers = [(file.path, object.values)]
                if let folder = object.chartFolder, let chart = defaults[folder], let values = chart.helmValues { layers.append((chart.path, values)) }
                guard fits(layers, dependencies: object.chartFolder.flatMap { charts[$0]?.dependencies.count } ?? 0) else {
                    cut = cut ?? Self.helmValuesCut(path: file.path, line: object.line)
                    break
                }
                var release = release(
                    id: object.id, path: file.path, line: object.line, namespace: object.namespace, layers: layers,
                    dependencies: object.chartFolder.map(dependencies) ?? [], valuesInTemplates: object.chartFolder.flatMap { usedInTemplates[$0] } ?? [])
                if let repository = object.repository.map({ (file.path, object.line, $0) })
                    ?? object.source.flatMap({ source($0, of: object) }).map({ ($0.path, $0.source.line, $0.source.url) })
                {
                    release.repositories.insert(repository, at: 0)
                }
                releases.append(release)
            }
        }
        return (releases, cut)
    }

    /// The most images and endpoints the values of a commit's Helm releases name, every
    /// layer of each release counted.
    static let helmValuesLimit = terraformEndpointLimit

    static func helmValuesCut(path: String, line: Int) -> Diagnostic {
        Diagnostic(
            .warning, "the Helm releases of this commit name more than \(helmValuesLimit) images and endpoints in their values; the releases past them are not read",
            detail: "no configuration names this many; look for a large values.yaml under many releases (count or for_each instances of a helm_release)",
            path: path, line: line)
    }

    /// A release from its values, the first layer read over the next (a values file over its
    /// chart's `values.yaml`).
    ///
    /// `valuesInTemplates`: the top-level settings the chart's templates other than test hooks
    /// use (`*`: all of them), when the chart is in the repository. The settings of `helm test`
    /// hooks (`test`, `tests`, `testFramework`) name nothing of the release unless one of those
    /// templates uses them.
    static func release(
        id: String, path: String, line: Int, namespace: String, layers: [(path: String, values: HelmValuesFact)],
        dependencies: [(path: String, dependency: ChartFact.Dependency)] = [], valuesInTemplates: Set<String> = []
    ) -> ChartRelease {
        func forTests(_ setting: String) -> Bool {
            let root = setting.split(separator: ".", maxSplits: 1).first.map(String.init) ?? setting
            return HelmValuesReader.testSettings.contains(root) && !valuesInTemplates.contains(root) && !valuesInTemplates.contains("*")
        }
        // A part of the chart switched off (`redis.enabled: false`, by a layer or one under it
        // that the layers above do not set again) deploys neither its images nor its exposure,
        // nor needs what is configured deeper in it (`registry.middleware.cloudFront.baseurl`
        // beside `registry.middleware.enabled: false`). Its own values count:
        // `postgresql.enabled: false` beside `postgresql.host` is how charts point at an
        // external database.
        var switches: [String: String] = [:]
        for layer in layers.reversed() {
            for setting in layer.values.switches { switches[setting.setting] = setting.value }
        }
        let off = Set(switches.filter { $0.value == "false" }.map { String($0.key.dropLast(".enabled".count)) })
        func deployed(_ setting: String) -> Bool { !forTests(setting) && (off.isEmpty || !Self.hasPrefix(setting, in: off, itself: true)) }
        func configuresAPartSwitchedOff(_ mention: Mention) -> Bool {
            !off.isEmpty && Self.isNested(String(mention.context.dropFirst("Helm value ".count)), under: off)
        }
        // Images by setting, the upper layer's parts over the lower's; each located where the
        // part naming its repository or registry is set. A lower layer's image under a setting
        // the upper one sets again (a list replaced whole) is not the release's.
        var images: [(path: String, image: HelmValuesFact.Image)] = []
        var positions: [String: Int] = [:]
        var above: Set<String> = []
        for layer in layers {
            for image in layer.values.images {
                if let index = positions[image.setting] {
                    let upper = images[index].image
                    let namesItself = upper.reference != nil || upper.repository != nil || upper.registry != nil
                    images[index] = (namesItself ? images[index].path : layer.path, upper.over(image))
                } else if above.isEmpty || !Self.hasPrefix(image.setting, in: above, itself: false) {
                    positions[image.setting] = images.count
                    images.append((layer.path, image))
                }
            }
            above.formUnion(layer.values.settings)
        }
        // Likewise a value an upper layer sets again, to whatever, is not the lower layer's.
        var set: Set<String> = []
        var mentions: [(path: String, mentions: [Mention])] = []
        for layer in layers {
            let setting = { (mention: Mention) in String(mention.context.dropFirst("Helm value ".count)) }
            let kept = set.isEmpty ? layer.values.mentions : layer.values.mentions.filter { !Self.hasPrefix(setting($0), in: set, itself: true) }
            let used = kept.filter { !forTests(setting($0)) }
            mentions.append((layer.path, off.isEmpty ? used : used.filter { !configuresAPartSwitchedOff($0) }))
            set.formUnion(layer.values.settings)
            set.formUnion(layer.values.mentions.map(setting))
        }
        var exposure: (path: String, line: Int)?
        var decided: Set<String> = []
        for layer in layers {
            for setting in layer.values.exposures where decided.insert(setting.setting).inserted && exposure == nil
                && setting.exposes && deployed(setting.setting) {
                exposure = (layer.path, setting.line)
            }
        }
        // The dependencies its values switch on (the first of a dependency's conditions the
        // values set decides, as in Helm; none set, it is on), from a chart repository: a
        // `file://` folder or a `helm repo add` name (`@bitnami`) is not one.
        var repositories: [(path: String, line: Int, url: String)] = []
        var urls: Set<String> = []
        for (chartPath, dependency) in dependencies {
            let condition = dependency.conditions.lazy.compactMap { switches[$0] }.first
            guard condition != "false" else { continue }
            let url = dependency.repository
            if url.hasPrefix("oci://") {
                let reference = HelmReleaseFact.chart(dependency.name, in: url)
                if urls.insert(reference).inserted { repositories.append((chartPath, dependency.line, reference)) }
            } else if url.hasPrefix("https://") || url.hasPrefix("http://"), urls.insert(url).inserted {
                repositories.append((chartPath, dependency.line, url))
            }
        }
        return ChartRelease(
            id: id, path: path, line: line, namespace: namespace,
            images: images.compactMap { path, image in deployed(image.setting) ? image.resolved.map { (path, image.line, $0) } : nil },
            mentions: mentions, exposure: exposure, repositories: repositories)
    }

    /// Whether `setting` is nested in one of `parts` deeper than the part's own values: under a
    /// mapping of it (`a.b.c` in `a`), not its own key (`a.b`) or a list's item there (`a.b.0`).
    static func isNested(_ setting: String, under parts: Set<String>) -> Bool {
        let segments = setting.split(separator: ".", omittingEmptySubsequences: false).prefix(HelmValuesReader.settingDepth)
        guard segments.count > 2 else { return false }
        var prefix = ""
        for (index, segment) in segments.enumerated().dropLast(2) {
            prefix += index == 0 ? segment : "." + segment
            let below = segments.dropFirst(index + 2)
            if parts.contains(prefix), below.contains(where: { !$0.allSatisfy(\.isNumber) }) { return true }
        }
        return false
    }

    /// Whether `settings` holds one of the dotted prefixes of `setting` (`a`, `a.b`, … and,
    /// with `itself`, `setting` whole). Settings are at most `HelmValuesReader.settingDepth`
    /// segments long, so a values file nested a thousand deep costs no more than a shallow one.
    static func hasPrefix(_ setting: String, in settings: Set<String>, itself: Bool) -> Bool {
        var segments = 0
        var index = setting.utf8.startIndex
        while let dot = setting.utf8[index...].firstIndex(of: 0x2E), segments < HelmValuesReader.settingDepth {
            if settings.contains(String(setting[..<dot])) { return true }
            index = setting.utf8.index(after: dot)
            segments += 1
        }
        return itself && settings.contains(setting)
    }
}

/// A Helm release: one a values file stands for (its chart's defaults read under it), or a
/// Flux `HelmRelease` or Argo CD `Application` with values written in it.
struct ChartRelease {
    /// `helm:PATH` for a values file, the object's id for a GitOps object.
    let id: String
    /// The file it is read from.
    let path: String
    /// The line of the object or resource declaring it (1 for a values file).
    let line: Int
    /// The namespace it deploys to, when known.
    let namespace: String
    let images: [(path: String, line: Int, reference: String)]
    /// The mentions of the file, and those of the defaults it does not set again.
    let mentions: [(path: String, mentions: [Mention])]
    /// Where a setting makes it face users, if one does.
    let exposure: (path: String, line: Int)?
    /// The repositories an upgrade pulls charts from, where the release names them: its
    /// chart's, and those of the dependencies its `Chart.yaml` lists that its values switch on.
    var repositories: [(path: String, line: Int, url: String)] = []
}
