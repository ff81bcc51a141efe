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
