import Model

extension TopologyBuilder {
    /// What changing Terraform's resources needs, as `deliver` requirements of every component
    /// a root module declares (its resources, Helm releases and Kubernetes objects): the store its state is kept in (an S3 bucket and its lock table,
    /// a GCS bucket, an Azure storage account, HCP Terraform), which `terraform apply` reads and
    /// writes, and the pipelines that run `terraform apply` on it (their CI system and the
    /// images their jobs run in). A fix to a bucket in us-west-2 does not ship while the state
    /// bucket's region, or the CI system applying it, is down.
    mutating func linkTerraformDelivery(_ evaluation: TerraformEvaluation) {
        let applies = files.flatMap { file in
            file.pipelines.flatMap { pipeline in pipeline.applies.map { (path: file.path, system: pipeline.system, apply: $0) } }
        }
        guard !evaluation.backends.isEmpty || !applies.isEmpty else { return }
        var byRoot: [String: [String]] = [:]
        for resource in evaluation.resources where !TerraformKubernetes.declaresObject(resource.type) {
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
        // The pipelines applying a root: their CI system and the images their jobs run in.
        for (path, system, apply) in applies {
            let root = apply.folder == "." ? "" : apply.folder
            guard let ids = byRoot[root] else {
                note(apply.folder.contains("$") || apply.folder.contains("{")
                        ? "terraform apply in \(apply.folder), which is not a literal folder, so the root module it applies is not known"
                        : "terraform apply in \(apply.folder), which holds no Terraform root module this commit declares",
                     detail: "the CI system and job images of this pipeline are not on the delivery path of any Terraform resource",
                     path: path, line: apply.line)
                continue
            }
            let at = provenance(path, apply.line)
            let needs = [Requirement("ci:\(system)", phase: .deliver, provenance: at, note: "applied by \(path):\(apply.line)")]
                + (jobImages["\(path)\u{0}\(system)"] ?? [])
            var seen: Set<String> = []
            for id in ids where seen.insert(id).inserted {
                for need in needs { require(id, need) }
            }
        }
        for backend in evaluation.backends {
            guard let stores = stateStores(of: backend) else { continue }
            let at = provenance(backend.path, backend.line)
            var needs: [Requirement] = []
            for (text, what) in stores {
                let mention = Mention(text: text, line: backend.line, context: "Terraform state \(what)")
                needs += endpoints(in: mention, path: backend.path).map { Requirement($0.id, phase: .deliver, provenance: at, note: $0.note) }
            }
            guard !needs.isEmpty else { continue }
            var seen: Set<String> = []
            for id in byRoot[backend.root] ?? [] where seen.insert(id).inserted {
                for need in needs where !need.alternatives.contains(id) { require(id, need) }
            }
        }
    }

    /// The addresses of the stores a backend keeps state in, each with what it is; nil, with
    /// a note, when the backend is not one Faultline reads or its settings are given at
    /// `terraform init`.
    mutating func stateStores(of backend: TerraformEvaluation.Backend) -> [(text: String, what: String)]? {
        let settings = backend.settings
        func missing(_ setting: String) -> [(text: String, what: String)]? {
            note("the \(backend.type) backend's \(setting) is not written here, so where this root's state is kept is not known",
                 detail: "settings given at terraform init (-backend-config) are not in the repository; write them in the backend block to have the state store's outages count",
                 path: backend.path, line: backend.line)
            return nil
        }
        switch backend.type {
        case "s3":
            guard let bucket = settings["bucket"], !bucket.isEmpty else { return missing("bucket") }
            let region = settings["region"].flatMap { $0.isEmpty ? nil : $0 }
            var stores = [("https://\(bucket).s3\(region.map { ".\($0)" } ?? "").amazonaws.com/", "bucket \(bucket)")]
            if let table = settings["dynamodb_table"], let region { stores.append(("https://dynamodb.\(region).amazonaws.com/", "lock table \(table)")) }
            return stores
        case "gcs":
            guard let bucket = settings["bucket"], !bucket.isEmpty else { return missing("bucket") }
            return [("https://storage.googleapis.com/\(bucket)/", "bucket \(bucket)")]
        case "azurerm":
            guard let account = settings["storage_account_name"], !account.isEmpty else { return missing("storage_account_name") }
            return [("https://\(account).blob.core.windows.net/", "storage account \(account)")]
        case "remote", "cloud":
            let host = settings["hostname"].flatMap { $0.isEmpty ? nil : $0 } ?? "app.terraform.io"
            return [("https://\(host)/", "in \(host)")]
        case "http":
            guard let address = settings["address"], !address.isEmpty else { return missing("address") }
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
