extension EndpointClassifier {
    /// Artifact Registry formats served from `LOCATION-FORMAT.pkg.dev`.
    static let artifactRegistryFormats: Set<String> = ["docker", "npm", "maven", "python", "apt", "yum", "go", "kfp"]

    func gcp(host: String, labels: [String], firstPathSegment: String?, evidence: Endpoint.Evidence) -> Endpoint? {
        // Cloud Storage: path-style on storage.googleapis.com and storage.cloud.google.com,
        // virtual-hosted on BUCKET.storage.googleapis.com. None carries a region.
        if host == "storage.googleapis.com" || host == "storage.cloud.google.com" {
            var endpoint = Endpoint(provider: "gcp", service: "gcs", host: host, evidence: evidence)
            if let segment = firstPathSegment, Self.isBucketName(segment) { endpoint.bucket = segment }
            return endpoint
        }
        if host.hasSuffix(".storage.googleapis.com") {
            let bucket = String(host.dropLast(".storage.googleapis.com".count))
            guard Self.isBucketName(bucket) else { return nil }
            return Endpoint(provider: "gcp", service: "gcs", bucket: bucket, host: host, evidence: evidence)
        }
        // Cloud Functions (1st gen): REGION-PROJECT.cloudfunctions.net.
        if labels.count == 3, labels[1] == "cloudfunctions", labels[2] == "net" {
            let parts = labels[0].split(separator: "-", maxSplits: 2)
            guard parts.count == 3, isRegion("\(parts[0])-\(parts[1])", provider: "gcp") else { return nil }
            return Endpoint(provider: "gcp", service: "cloudfunctions", region: "\(parts[0])-\(parts[1])", account: String(parts[2]), host: host, evidence: evidence)
        }
        // Cloud Run: SERVICE-PROJECTNUMBER.REGION.run.app, and the older SERVICE-HASH-CODE.a.run.app,
        // whose short region code is not a region name (placed nowhere known, with a note).
        if labels.count == 4, labels[2] == "run", labels[3] == "app" {
            if labels[1] == "a" { return Endpoint(provider: "gcp", service: "cloudrun", host: host, evidence: evidence) }
            guard isRegion(labels[1], provider: "gcp") else { return nil }
            return Endpoint(provider: "gcp", service: "cloudrun", region: labels[1], host: host, evidence: evidence)
        }
        // App Engine: PROJECT.appspot.com, PROJECT.CODE.r.appspot.com (the code is not a region name).
        if labels.count >= 3, labels[labels.count - 2] == "appspot", labels[labels.count - 1] == "com" {
            return Endpoint(provider: "gcp", service: "appengine", account: labels[labels.count == 5 ? 0 : labels.count - 3], host: host, evidence: evidence)
        }
        // LOCATION-FORMAT.pkg.dev/PROJECT/REPOSITORY: a region or a multi-region location.
        if labels.count == 3, labels[1] == "pkg", labels[2] == "dev", let dash = labels[0].lastIndex(of: "-") {
            let location = String(labels[0][..<dash])
            let format = String(labels[0][labels[0].index(after: dash)...])
            guard Self.artifactRegistryFormats.contains(format) else { return nil }
            var endpoint = Endpoint(provider: "gcp", service: "artifactregistry", host: host, evidence: evidence)
            if catalog.provider("gcp")?.multiRegions.contains(location) == true {
                endpoint.location = location
            } else if isRegion(location, provider: "gcp") {
                endpoint.region = location
            } else {
                return nil
            }
            endpoint.account = firstPathSegment
            return endpoint
        }
        return nil
    }
}
