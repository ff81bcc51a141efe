/// What a URL, host, storage URI, ARN or image reference points at, in failure-domain terms.
///
/// Produced by `EndpointClassifier`. `region` is set only when the string itself names one
/// (checked against the provider's region list or pattern); a bucket reached through a
/// region-less form (`s3://b`, `gs://b`, `b.blob.core.windows.net`) has no region here and is
/// placed by joining it with the resource that declares it.
public struct Endpoint: Hashable, Sendable, Codable {
    /// The kind of string the endpoint was read from.
    public enum Evidence: String, Hashable, Sendable, Codable {
        case url, host, s3URI, gsURI, arn, image
    }

    /// `aws`, `gcp`, `azure`; for a SaaS, the provider its host names, if any.
    public var provider: String?
    /// The provider service (`s3`, `ecr`, `cloudfront`, `artifactregistry`, `blob`, `acr`, …),
    /// or for a SaaS what its host serves (`registry`, `ci`, …).
    public var service: String
    /// `aws`, `aws-cn`, `aws-us-gov`, `aws-eusc` for AWS endpoints.
    public var partition: String?
    public var region: String?
    /// A zone name, or for S3 Express One Zone the AZ **ID** (`use1-az4`), which is the same in
    /// every account.
    public var zone: String?
    /// A multi-region location (`us`, `europe`) that survives the loss of one region.
    public var location: String?
    /// Served from the provider's global edge or control plane, not from one region.
    public var isGlobal: Bool
    /// The SaaS catalog id (`dockerhub`, `quay`) when the host belongs to one.
    public var saas: String?
    public var bucket: String?
    /// AWS account id, Azure storage account or registry name, GCP project.
    public var account: String?
    /// An image repository (`weaveworks/ui`) or an Artifact Registry `PROJECT/REPO`.
    public var repository: String?
    /// The image tag or digest when the endpoint came from an image reference.
    public var tag: String?
    public var digest: String?
    /// The normalised host: lower-case, without port, userinfo or trailing dot. For `s3://`
    /// and `gs://` URIs it is the service's global host; for an ARN, `arn:PARTITION:SERVICE`.
    public var host: String
    public var evidence: Evidence

    public init(
        provider: String?, service: String, partition: String? = nil, region: String? = nil, zone: String? = nil,
        location: String? = nil, isGlobal: Bool = false, saas: String? = nil, bucket: String? = nil,
        account: String? = nil, repository: String? = nil, tag: String? = nil, digest: String? = nil,
        host: String, evidence: Evidence
    ) {
        self.provider = provider
        self.service = service
        self.partition = partition
        self.region = region
        self.zone = zone
        self.location = location
        self.isGlobal = isGlobal
        self.saas = saas
        self.bucket = bucket
        self.account = account
        self.repository = repository
        self.tag = tag
        self.digest = digest
        self.host = host
        self.evidence = evidence
    }

    /// The failure-domain ids (docs/design.md §1) the endpoint implies by itself.
    ///
    /// - a SaaS host: `saas:NAME` (the catalog says where the SaaS runs), and the region
    ///   when the host names one (`*.us-east-2.aws.neon.tech`);
    /// - a global service: `service:P/global/S`;
    /// - a zonal endpoint (S3 Express): the regional service and the zone;
    /// - a regional endpoint: `service:P/R/S`, which fails with its region;
    /// - a multi-region location (gcr.io, `us-docker.pkg.dev`): only `provider:P`, because no
    ///   single-region outage takes it down;
    /// - no region known (`s3://b`, `gs://b`, Azure storage): none; the linker places it.
    public var domainIDs: [String] {
        if let saas {
            // A SaaS host that names its region (a Neon database in us-east-2) fails with it too.
            guard let provider, let region else { return ["saas:\(saas)"] }
            return ["saas:\(saas)", "region:\(provider)/\(region)"]
        }
        guard let provider else { return [] }
        if isGlobal { return ["service:\(provider)/global/\(service)"] }
        if let region {
            var ids = ["service:\(provider)/\(region)/\(service)"]
            if let zone { ids.append("zone:\(provider)/\(region)/\(zone)") }
            return ids
        }
        if location != nil { return ["provider:\(provider)"] }
        return []
    }
}
