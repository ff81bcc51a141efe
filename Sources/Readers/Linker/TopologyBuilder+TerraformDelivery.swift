import Model

extension TopologyBuilder {
    /// What changing Terraform's resources needs, as `deliver` requirements of every component
    /// a root module declares (its resources, Helm releases and Kubernetes objects): the store
    /// its state is kept in (an S3 bucket and its lock table, a GCS bucket, an Azure storage
    /// account, HCP Terraform), which `terraform apply` reads and writes, the URLs its
    /// `data "http"` sources fetch, and the pipelines that run `terraform apply` on it (their
    /// CI system and the images the applying job runs in).
    /// A fix to a bucket in us-west-2 does not ship while the state bucket's region, or the CI
    /// system applying it, is down.
    ///
    /// Each root's needs are gathered first, without repeats (a pipeline applying a root from
    /// several lines or jobs is one need of each kind), and the requirements they add to a link
    /// are bounded (``terraformDeliveryLimit``, with a warning): a thousand resources times a
    /// workflow of hundreds of applying jobs would otherwise be millions of requirements.
    mutating func linkTerraformDelivery(_ evaluation: TerraformEvaluation) {
        let applies = files.flatMap { file in
            file.pipelines.flatMap { pipeline in pipeline.applies.map { (path: file.path, system: pipeline.system, apply: $0) } }
        }
        guard !evaluation.backends.isEmpty || !applies.isEmpty || !evaluation.fetches.isEmpty else { return }
        var byRoot: [String: [String]] = [:]
        // CloudFormation stacks' resources are deployed by CloudFormation, not by a Terraform root.
        for resource in evaluation.resources where !TerraformKubernetes.declaresObject(resource.type) && resource.deployedStack == nil {
            byRoot[resource.root, default: []].append(resource.id)
        }
        for module in evaluation.opaqueModules { byRoot[module.root, default: []].append(module.id) }
        // The Kubernetes objects a root declares are applied by it too (they are read into the
        // facts of the file declaring them; see `Linker.addingKubernetesObjects`).
        var declaringRoots: [String: Set<String>] = [:]
        for resource in evaluation.resources where TerraformKubernetes.declaresObject(resource.type) {
            declaringRoots[resource.path, default: []].insert(resource.root)
        }
        for (path, roots) in declaringRoots {
            guard let file = filesByPath[path] else { continue }
            let ids = file.workloads.map(\.id) + file.services.map(\.id) + file.ingresses.map(\.id)
                + file.configMaps.map { "k8s:ConfigMap/\($0.namespace)/\($0.name)" }
            for root in roots { byRoot[root, default: []] += ids }
        }
        var needs: [String: [Requirement]] = [:]
        var seenNeeds: [String: Set<String>] = [:]
        func need(_ root: String, _ requirement: Requirement) {
            let key = "\(requirement.alternatives.joined(separator: "\u{0}"))\u{1}\(requirement.provenance?.path ?? "")"
            if seenNeeds[root, default: []].insert(key).inserted { needs[root, default: []].append(requirement) }
        }
        // The pipelines applying a root: their CI system and the images the applying job runs in.
        for (path, system, apply) in applies {
            let root = apply.folder == "." ? "" : apply.folder
            guard byRoot[root] != nil else {
                let folder = apply.folder.count > 200 ? String(apply.folder.prefix(200)) + "…" : apply.folder
                note(apply.folder.contains("$") || apply.folder.contains("{") || apply.folder.contains("<")
                        ? "terraform apply in \(folder), which is not a literal folder, so the root module it applies is not known"
                        : "terraform apply in \(folder), which holds no Terraform root module this commit declares",
                     detail: "the CI system and job images of this pipeline are not on the delivery path of any Terraform resource",
                     path: path, line: apply.line)
                continue
            }
            let at = provenance(path, apply.line)
            need(root, Requirement("ci:\(system)", phase: .deliver, provenance: at, note: "applied by \(path):\(apply.line)"))
            for mention in apply.images {
                guard let image = imageComponent(mention, path: path) else { continue }
                need(root, Requirement(image, phase: .deliver, provenance: provenance(path, mention.line), note: "job image"))
            }
        }
        // What a root's `data "http"` sources fetch: a plan fails while it is down.
        for fetch in evaluation.fetches {
            let mention = Mention(text: fetch.url, line: fetch.line, context: "data \"http\" fetches")
            for found in endpoints(in: mention, path: fetch.path) {
                need(fetch.root, Requirement(found.id, phase: .deliver, provenance: provenance(fetch.path, fetch.line), note: found.note))
            }
        }
        // One backend a root: Terraform refuses more.
        var backendOf: [String: TerraformEvaluation.Backend] = [:]
        for backend in evaluation.backends {
            if let first = backendOf[backend.root] {
                warn("this root module declares another backend (first at \(first.path):\(first.line)), which Terraform refuses",
                     detail: "Faultline reads the first one", path: backend.path, line: backend.line)
                continue
            }
            backendOf[backend.root] = backend
            guard let stores = stateStores(of: backend) else { continue }
            let at = provenance(backend.path, backend.line)
            var found: [Requirement] = []
            for (text, what) in stores {
                let mention = Mention(text: text, line: backend.line, context: "Terraform state \(what)")
                found += endpoints(in: mention, path: backend.path).map { Requirement($0.id, phase: .deliver, provenance: at, note: $0.note) }
            }
            guard !found.isEmpty else {
                note("the \(backend.type) backend keeps this root's state where Faultline cannot place it, so its outages are not on the delivery path",
                     detail: "a host the catalog does not know (a self-hosted Terraform Enterprise or GitLab, a custom endpoint); name its dependency in .faultline.yaml if it matters",
                     path: backend.path, line: backend.line)
                continue
            }
            for requirement in found { need(backend.root, requirement) }
        }
        var left = Self.terraformDeliveryLimit
        for root in needs.keys.sorted() {
            guard let rootNeeds = needs[root] else { continue }
            var seen: Set<String> = []
            for id in byRoot[root] ?? [] where seen.insert(id).inserted {
                for requirement in rootNeeds where !requirement.alternatives.contains(id) {
                    guard left > 0 else {
                        warn("the delivery path of this commit's Terraform roots is more than \(Self.terraformDeliveryLimit) requirements; the rest are not read",
                             detail: "no configuration needs this many; look for many pipelines or job images applying a root of many resources",
                             path: requirement.provenance?.path ?? "", line: requirement.provenance?.line)
                        return
                    }
                    if require(id, requirement) { left -= 1 }
                }
            }
        }
    }

    /// The most `deliver` requirements the Terraform delivery path adds to one link.
    static let terraformDeliveryLimit = 200_000

    /// The addresses of the stores a backend keeps state in, each with what it is; nil, with
    /// a note, when the backend is not one Faultline reads or its settings are not written in
    /// the block (given at `terraform init`, or a variable).
    mutating func stateStores(of backend: TerraformEvaluation.Backend) -> [(text: String, what: String)]? {
        let settings = backend.settings
        func missing(_ setting: String) -> [(text: String, what: String)]? {
            note("the \(backend.type) backend's \(setting) is not written here as a literal, so where this root's state is kept is not known",
                 detail: "settings given at terraform init (-backend-config, AWS_REGION) or by a variable are not read; write them in the backend block to have the state store's outages count",
                 path: backend.path, line: backend.line)
            return nil
        }
        func value(_ key: String) -> String? { settings[key].flatMap { $0.isEmpty ? nil : $0 } }
        switch backend.type {
        case "s3":
            guard let bucket = value("bucket") else { return missing("bucket") }
            // A custom endpoint (MinIO, R2, a VPC endpoint) is the store, not S3 in a region.
            if let endpoint = value("endpoints.s3") ?? value("endpoint") {
                var stores = [("\(endpoint.hasSuffix("/") ? endpoint : endpoint + "/")\(bucket)/", "bucket \(bucket)")]
                if let table = value("dynamodb_table"), let lock = value("endpoints.dynamodb") ?? value("dynamodb_endpoint") {
                    stores.append((lock, "lock table \(table)"))
                }
                return stores
            }
            guard let region = value("region") else { return missing("region") }
            var stores = [("https://\(bucket).s3.\(region).amazonaws.com/", "bucket \(bucket)")]
            if let table = value("dynamodb_table") {
                stores.append((value("endpoints.dynamodb") ?? value("dynamodb_endpoint") ?? "https://dynamodb.\(region).amazonaws.com/", "lock table \(table)"))
            }
            return stores
        case "gcs":
            guard let bucket = value("bucket") else { return missing("bucket") }
            return [("https://storage.googleapis.com/\(bucket)/", "bucket \(bucket)")]
        case "azurerm":
            guard let account = value("storage_account_name") else { return missing("storage_account_name") }
            return [("https://\(account).blob.core.windows.net/", "storage account \(account)")]
        case "remote", "cloud":
            let host = value("hostname") ?? "app.terraform.io"
            return [("https://\(host)/", "in \(host)")]
        case "http":
            guard let address = value("address") else { return missing("address") }
            return [(address, "at \(address)")]
        case "local", "inmem":
            return nil
        default:
            note("the \(backend.type) backend is not read, so where this root's state is kept is not part of the topology",
                 detail: "Faultline reads the s3, gcs, azurerm, remote, cloud and http backends", path: backend.path, line: backend.line)
            return nil
        }
    }
}
