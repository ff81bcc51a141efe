import Model

extension TopologyBuilder {
    /// Helm releases, without rendering their charts (docs/design.md §2.6): each values file
    /// stands for the release deployed with it, a workload `helm:PATH` running in the cluster
    /// that claims its path, which needs the images and endpoints its values name. Another
    /// values file beside a `values.yaml` (`values-prod.yaml`) is read over it, as
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
            guard !requirements.isEmpty || release.exposure != nil else { continue }
            let sites: [Site]
            if let cluster = cluster(for: release.path, namespace: "default") {
                sites = Self.sites(of: cluster, zones: nil)
            } else {
                sites = [Site([.unknown("cluster")])]
                unplaced.append((release.path, 1))
            }
            addParts(
                id: "helm:\(release.path)", kind: .workload, sites: sites, requirements: requirements,
                provenance: [provenance(release.exposure?.path ?? release.path, release.exposure?.line ?? 1)], isEntrypoint: release.exposure != nil)
        }
        if let (path, line) = unplaced.first {
            warn("\(unplaced.count) Helm release\(unplaced.count == 1 ? "" : "s") run on a cluster Faultline cannot place, so \(unplaced.count == 1 ? "it is" : "they are") treated as running in one unknown place",
                 detail: clusters.isEmpty
                    ? "declare it in .faultline.yaml: clusters: [{name: prod, provider: aws, region: us-east-1, zones: [us-east-1a, us-east-1b, us-east-1c]}]"
                    : "give the clusters in .faultline.yaml `paths` that claim these values files",
                 path: path, line: line)
        }
    }

    /// The releases the commit's values files stand for, each values file read over its
    /// chart's defaults: worked out before images are linked, which need their references.
    static func helmReleases(in files: [FileFacts]) -> [HelmRelease] {
        guard files.contains(where: { $0.helmValues != nil }) else { return [] }
        var defaults: [String: FileFacts] = [:]
        for file in files where file.helmValues != nil && HelmValuesReader.isChartDefaults(file.path) {
            let folder = KustomizeRenderings.folder(of: file.path)
            if defaults[folder] == nil { defaults[folder] = file }
        }
        return files.compactMap { file in
            guard let own = file.helmValues else { return nil }
            var base: (path: String, values: HelmValuesFact)?
            if !HelmValuesReader.isChartDefaults(file.path), let chart = defaults[KustomizeRenderings.folder(of: file.path)], let values = chart.helmValues {
                base = (chart.path, values)
            }
            // A part of the chart switched off (`redis.enabled: false`, by the file or the
            // defaults it does not override) deploys nothing it names.
            var switches: [String: String] = [:]
            for setting in (base?.values.switches ?? []) + own.switches { switches[setting.setting] = setting.value }
            func deployed(_ setting: Substring) -> Bool {
                guard !switches.isEmpty else { return true }
                var prefix = Substring("")
                for part in setting.split(separator: ".", omittingEmptySubsequences: false) {
                    prefix = prefix.isEmpty ? part : setting[setting.startIndex..<part.endIndex]
                    if switches[prefix + ".enabled"] == "false" { return false }
                }
                return true
            }
            // Images by setting, the file's parts over the defaults'; each located where the
            // part naming its repository or registry is set.
            var images: [(path: String, image: HelmValuesFact.Image)] = own.images.map { (file.path, $0) }
            for image in base?.values.images ?? [] {
                guard let index = images.firstIndex(where: { $0.image.setting == image.setting }) else {
                    images.append((base?.path ?? file.path, image))
                    continue
                }
                let mine = images[index].image
                let namesItself = mine.reference != nil || mine.repository != nil || mine.registry != nil
                images[index] = (namesItself ? file.path : base?.path ?? file.path, mine.over(image))
            }
            let valueSetting = { (mention: Mention) in mention.context.dropFirst("Helm value ".count) }
            var mentions = [(file.path, own.mentions.filter { deployed(valueSetting($0)) })]
            if let base {
                let set = Set(own.settings)
                mentions.append((base.path, base.values.mentions.filter { !set.contains(String(valueSetting($0))) && deployed(valueSetting($0)) }))
            }
            var exposure: (path: String, line: Int)?
            var decided: Set<String> = []
            for (path, values) in [(file.path, own)] + (base.map { [($0.path, $0.values)] } ?? []) {
                for setting in values.exposures where decided.insert(setting.setting).inserted && setting.exposes && exposure == nil
                    && deployed(Substring(setting.setting)) {
                    exposure = (path, setting.line)
                }
            }
            return HelmRelease(
                path: file.path,
                images: images.compactMap { path, image in
                    deployed(Substring(image.setting)) ? image.resolved.map { (path, image.line, $0) } : nil
                },
                mentions: mentions, exposure: exposure)
        }
    }
}

/// A Helm release a values file stands for, its chart's defaults read under it.
struct HelmRelease {
    /// The values file.
    let path: String
    let images: [(path: String, line: Int, reference: String)]
    /// The mentions of the file, and those of the defaults it does not set again.
    let mentions: [(path: String, mentions: [Mention])]
    /// Where a setting makes it face users, if one does.
    let exposure: (path: String, line: Int)?
}
