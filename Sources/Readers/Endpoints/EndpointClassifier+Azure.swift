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
        if let service = azureService(host: host, labels: labels, evidence: evidence) { return service }
        // AKS API servers: NAME-HASH.hcp.REGION.azmk8s.io (also privatelink.REGION).
        if n == 5, labels[1] == "hcp" || labels[1] == "privatelink", labels[3] == "azmk8s", labels[4] == "io",
            isRegion(labels[2], provider: "azure")
        {
            return Endpoint(provider: "azure", service: "aks", region: labels[2], host: host, evidence: evidence)
        }
        return nil
    }

    /// Azure's application and data services by their default host names. Most carry no
    /// region (the resource's is in its settings, not its name): they are placed nowhere known,
    /// with a note, unless Terraform declares them. App Service's newer unique names do carry
    /// one (`NAME-HASH.westeurope-01.azurewebsites.net`), and Front Door is served from the edge.
    func azureService(host: String, labels: [String], evidence: Endpoint.Evidence) -> Endpoint? {
        let n = labels.count
        func suffix(_ parts: String...) -> Bool { n > parts.count && Array(labels[(n - parts.count)...]) == parts }
        func named(_ service: String, _ account: String = labels[0]) -> Endpoint {
            Endpoint(provider: "azure", service: service, account: account, host: host, evidence: evidence)
        }
        if suffix("azurewebsites", "net") {
            // NAME.azurewebsites.net, NAME.scm.azurewebsites.net (deployment), and
            // NAME-HASH.REGION-NN.azurewebsites.net.
            if n == 4, let dash = labels[1].lastIndex(of: "-"), labels[1][labels[1].index(after: dash)...].allSatisfy(\.isNumber),
               isRegion(String(labels[1][..<dash]), provider: "azure")
            {
                return Endpoint(provider: "azure", service: "appservice", region: String(labels[1][..<dash]), account: labels[0], host: host, evidence: evidence)
            }
            return n == 3 || (n == 4 && labels[1] == "scm") ? named("appservice") : nil
        }
        // Front Door: NAME.azurefd.net (classic) and NAME-HASH.zNN.azurefd.net (Standard, Premium).
        if n == 3 || (n == 4 && Self.isWebZone(labels[1])), suffix("azurefd", "net") {
            return Endpoint(provider: "azure", service: "frontdoor", isGlobal: true, host: host, evidence: evidence)
        }
        if n == 4, suffix("database", "windows", "net") { return named("sql") }
        if n == 4, suffix("servicebus", "windows", "net") { return named("servicebus") }
        if n == 5, suffix("redis", "cache", "windows", "net") { return named("redis") }
        if n == 4, suffix("vault", "azure", "net") { return named("keyvault") }
        if n == 4, suffix("documents", "azure", "com") {
            // A Cosmos DB account's regional endpoint is ACCOUNT-REGION.documents.azure.com.
            if let dash = labels[0].lastIndex(of: "-"), isRegion(String(labels[0][labels[0].index(after: dash)...]), provider: "azure") {
                let region = String(labels[0][labels[0].index(after: dash)...])
                return Endpoint(provider: "azure", service: "cosmosdb", region: region, account: String(labels[0][..<dash]), host: host, evidence: evidence)
            }
            return named("cosmosdb")
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
