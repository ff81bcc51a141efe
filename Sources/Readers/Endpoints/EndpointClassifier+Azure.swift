extension EndpointClassifier {
    /// Azure Storage services addressed as `ACCOUNT.SERVICE.core.windows.net`.
    static let azureStorageServices: Set<String> = ["blob", "dfs", "file", "queue", "table", "web"]

    func azure(host: String, labels: [String], evidence: Endpoint.Evidence) -> Endpoint? {
        let n = labels.count
        // ACCOUNT.{blob,dfs,file,queue,table}.core.windows.net and static websites on
        // ACCOUNT.zNN.web.core.windows.net. The account's region is not in the name.
        if n >= 5, labels[n - 3] == "core", labels[n - 2] == "windows", labels[n - 1] == "net" {
            let service = labels[n - 4]
            guard Self.azureStorageServices.contains(service), Self.isStorageAccount(labels[0]) else { return nil }
            if service == "web" {
                guard n == 5 || (n == 6 && Self.isWebZone(labels[1])) else { return nil }
            } else {
                guard n == 5 else { return nil }
            }
            return Endpoint(provider: "azure", service: service, account: labels[0], host: host, evidence: evidence)
        }
        // REGISTRY.azurecr.io (global login server), REGISTRY.REGION.geo.azurecr.io and
        // REGISTRY.REGION.data.azurecr.io (regional).
        if n >= 3, labels[n - 2] == "azurecr", labels[n - 1] == "io" {
            guard Self.isRegistryName(labels[0]) else { return nil }
            if n == 3 {
                return Endpoint(provider: "azure", service: "acr", account: labels[0], host: host, evidence: evidence)
            }
            guard n == 5, labels[2] == "geo" || labels[2] == "data", isRegion(labels[1], provider: "azure") else {
                return nil
            }
            return Endpoint(
                provider: "azure", service: "acr", region: labels[1], account: labels[0], host: host, evidence: evidence
            )
        }
        // AKS API servers: NAME-HASH.hcp.REGION.azmk8s.io (also privatelink.REGION).
        if n == 5, labels[1] == "hcp" || labels[1] == "privatelink", labels[3] == "azmk8s", labels[4] == "io",
            isRegion(labels[2], provider: "azure")
        {
            return Endpoint(provider: "azure", service: "aks", region: labels[2], host: host, evidence: evidence)
        }
        return nil
    }

    /// 3–24 lower-case letters and digits.
    static func isStorageAccount(_ name: String) -> Bool {
        (3...24).contains(name.count) && name.allSatisfy { $0.isASCII && ($0.isLowercase || $0.isNumber) }
    }

    /// 5–50 letters and digits.
    static func isRegistryName(_ name: String) -> Bool {
        (5...50).contains(name.count) && name.allSatisfy { $0.isASCII && ($0.isLetter || $0.isNumber) }
    }

    /// `z1`…`z99`, the web endpoint's partition label.
    static func isWebZone(_ label: String) -> Bool {
        label.hasPrefix("z") && (2...3).contains(label.count) && label.dropFirst().allSatisfy(\.isNumber)
    }
}
