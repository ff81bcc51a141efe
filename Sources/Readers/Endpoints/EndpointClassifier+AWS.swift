extension EndpointClassifier {
    /// The AWS partitions whose DNS suffix ends `host` (the longest such suffix; `aws` and
    /// `aws-us-gov` share `amazonaws.com`), with the labels in front of it.
    func awsPartitions(of host: String) -> (labels: [String], partitions: [String], suffix: String)? {
        guard let aws = catalog.provider("aws") else { return nil }
        var best: (suffix: String, partitions: [String])?
        for partition in aws.partitions {
            for suffix in partition.dnsSuffixes where host.hasSuffix("." + suffix) {
                if best == nil || suffix.count > best?.suffix.count ?? 0 {
                    best = (suffix, [partition.id])
                } else if best?.suffix == suffix {
                    best?.partitions.append(partition.id)
                }
            }
        }
        guard let best else { return nil }
        let labels = host.dropLast(best.suffix.count + 1).split(separator: ".").map(String.init)
        return (labels, best.partitions, best.suffix)
    }

    /// The partition among `candidates` that has `region`, if any.
    func awsPartition(for region: String, among candidates: [String]) -> String? {
        candidates.first { isRegion(region, provider: "aws", partition: $0) }
    }

    func aws(host: String, firstPathSegment: String?, evidence: Endpoint.Evidence) -> Endpoint? {
        if host.hasSuffix(".on.aws") {
            // FUNCTION-URL-ID.lambda-url.REGION.on.aws
            let parts = host.dropLast(".on.aws".count).split(separator: ".").map(String.init)
            guard parts.count == 3, parts[1] == "lambda-url",
                let partition = awsPartition(for: parts[2], among: ["aws"])
            else {
                return nil
            }
            return Endpoint(
                provider: "aws", service: "lambda", partition: partition, region: parts[2], host: host,
                evidence: evidence)
        }
        guard let (labels, partitions, _) = awsPartitions(of: host), !labels.isEmpty else { return nil }
        func regional(_ service: String, _ region: String, bucket: String? = nil, account: String? = nil) -> Endpoint? {
            guard let partition = awsPartition(for: region, among: partitions) else { return nil }
            return Endpoint(
                provider: "aws", service: service, partition: partition, region: region, bucket: bucket,
                account: account, host: host, evidence: evidence)
        }
        if let s3 = s3(
            host: host, labels: labels, partitions: partitions, firstPathSegment: firstPathSegment, evidence: evidence)
        {
            return s3
        }
        let n = labels.count
        // ACCOUNT.dkr.ecr[-fips].REGION.amazonaws.com[.cn]
        if n == 4, labels[1] == "dkr", labels[2] == "ecr" || labels[2] == "ecr-fips", Self.isAccountID(labels[0]) {
            return regional("ecr", labels[3], account: labels[0])
        }
        // ec2-1-2-3-4.compute-1.amazonaws.com is us-east-1; elsewhere ec2-….REGION.compute.amazonaws.com.
        if n == 2, labels[1] == "compute-1", labels[0].hasPrefix("ec2-") {
            return regional("ec2", "us-east-1")
        }
        // NAME.REGION.{elb,rds,eks,es,compute}.amazonaws.com, and longer names ending so.
        if n >= 3, ["elb", "rds", "eks", "es", "compute"].contains(labels[n - 1]) {
            return regional(labels[n - 1] == "compute" ? "ec2" : labels[n - 1], labels[n - 2])
        }
        // NAME.elb.REGION (network and application load balancers), ID.execute-api.REGION: an
        // API's invoke URL is API Gateway's, the service its resources are placed in.
        if n >= 3, ["elb", "execute-api"].contains(labels[n - 2]) {
            return regional(labels[n - 2] == "execute-api" ? "apigateway" : labels[n - 2], labels[n - 1])
        }
        // SERVICE.REGION and SERVICE-fips.REGION: the regional API endpoints.
        if n == 2, HostName.isLabel(Substring(labels[0])) {
            let service = labels[0].hasSuffix("-fips") ? String(labels[0].dropLast(5)) : labels[0]
            return regional(service, labels[1])
        }
        return nil
    }

    /// Twelve digits.
    static func isAccountID(_ text: String) -> Bool {
        text.count == 12 && text.allSatisfy { $0.isASCII && $0.isNumber }
    }

    /// `s3://BUCKET/KEY`: no region in the URI; an S3 Multi-Region Access Point alias
    /// (`….mrap`) is global.
    func s3URI(bucket: Substring) -> Endpoint? {
        guard !bucket.isEmpty, Self.isBucketName(bucket) || bucket.hasSuffix(".mrap") else { return nil }
        var endpoint = Endpoint(
            provider: "aws", service: "s3", bucket: String(bucket), host: "s3.amazonaws.com", evidence: .s3URI)
        if bucket.hasSuffix(".mrap") { endpoint.isGlobal = true }
        return endpoint
    }

    /// The S3 endpoint forms of REFERENCE.md §3.1. The host is split at the first label where
    /// an endpoint form begins; what comes before is the bucket (bucket names may hold dots).
    func s3(
        host: String, labels: [String], partitions: [String], firstPathSegment: String?, evidence: Endpoint.Evidence
    ) -> Endpoint? {
        for split in labels.indices {
            let tail = Array(labels[split...])
            guard let form = s3Form(tail, partitions: partitions) else { continue }
            let prefix = labels[..<split].joined(separator: ".")
            var endpoint = Endpoint(
                provider: "aws", service: form.service, partition: form.partition, region: form.region, zone: form.zone,
                isGlobal: form.isGlobal, host: host, evidence: evidence)
            switch form.kind {
            case .bucket:
                if prefix.isEmpty {
                    // Path-style: the bucket is the first path segment.
                    if let segment = firstPathSegment, Self.isBucketName(segment) { endpoint.bucket = segment }
                } else {
                    guard Self.isBucketName(prefix) else { return nil }
                    endpoint.bucket = prefix
                }
            case .website:
                // Browsers reach a website through its bucket's host name; without a bucket the
                // host still names S3 in that region.
                if !prefix.isEmpty {
                    guard Self.isBucketName(prefix) else { return nil }
                    endpoint.bucket = prefix
                }
            case .accessPoint:
                // NAME-ACCOUNT.s3-accesspoint.REGION…
                guard split == 1, let dash = prefix.lastIndex(of: "-") else { return nil }
                let account = String(prefix[prefix.index(after: dash)...])
                guard Self.isAccountID(account) else { return nil }
                endpoint.account = account
                endpoint.bucket = String(prefix[..<dash])
            case .multiRegionAccessPoint:
                guard split == 1 else { return nil }
                endpoint.bucket = prefix
            case .express(let zoneID):
                // BASE--AZID--x-s3.s3express-AZID.REGION…: the bucket names its own zone.
                guard split == 1, prefix.hasSuffix("--\(zoneID)--x-s3") else { return nil }
                endpoint.bucket = prefix
            case .control:
                guard split <= 1 else { return nil }
                if split == 1 {
                    guard Self.isAccountID(prefix) else { return nil }
                    endpoint.account = prefix
                }
            }
            return endpoint
        }
        return nil
    }

    /// One S3 endpoint form recognised from the labels after the bucket.
    struct S3Form {
        enum Kind: Equatable {
            case bucket, website, accessPoint, multiRegionAccessPoint, control
            case express(zoneID: String)
        }
        var kind: Kind
        var service = "s3"
        var partition: String?
        var region: String?
        var zone: String?
        var isGlobal = false
    }

    func s3Form(_ tail: [String], partitions: [String]) -> S3Form? {
        func inRegion(_ kind: S3Form.Kind, _ region: String, service: String = "s3", zone: String? = nil) -> S3Form? {
            guard let partition = awsPartition(for: region, among: partitions) else { return nil }
            return S3Form(kind: kind, service: service, partition: partition, region: region, zone: zone)
        }
        func global(_ kind: S3Form.Kind) -> S3Form? {
            S3Form(kind: kind, partition: partitions.first, isGlobal: true)
        }
        let first = tail[0]
        switch tail.count {
        case 1:
            switch first {
            // The legacy global endpoint is served from us-east-1, as is s3-external-1.
            case "s3", "s3-external-1": return inRegion(.bucket, "us-east-1")
            case "s3-accelerate": return global(.bucket)
            default:
                if first.hasPrefix("s3-website-") {
                    return inRegion(.website, String(first.dropFirst("s3-website-".count)))
                }
                if first.hasPrefix("s3-fips-") { return nil }
                if first.hasPrefix("s3-") { return inRegion(.bucket, String(first.dropFirst(3))) }
                return nil
            }
        case 2:
            let second = tail[1]
            switch first {
            case "s3", "s3-fips": return inRegion(.bucket, second)
            case "s3-website": return inRegion(.website, second)
            case "s3-accesspoint": return inRegion(.accessPoint, second)
            case "s3-control": return inRegion(.control, second, service: "s3-control")
            case "s3express-control": return inRegion(.control, second, service: "s3express")
            case "s3-accelerate" where second == "dualstack": return global(.bucket)
            default:
                if first.hasPrefix("s3express-") {
                    let zoneID = String(first.dropFirst("s3express-".count))
                    guard Self.isZoneID(zoneID) else { return nil }
                    return inRegion(.express(zoneID: zoneID), second, service: "s3express", zone: zoneID)
                }
                return nil
            }
        case 3:
            guard tail[1] == "dualstack" else {
                // BUCKET.mrap.accesspoint.s3-global.amazonaws.com
                if first == "mrap", tail[1] == "accesspoint", tail[2] == "s3-global" {
                    return global(.multiRegionAccessPoint)
                }
                return nil
            }
            switch first {
            case "s3", "s3-fips": return inRegion(.bucket, tail[2])
            case "s3-accesspoint", "s3-accesspoint-fips": return inRegion(.accessPoint, tail[2])
            default: return nil
            }
        default:
            return nil
        }
    }

    /// An AWS availability-zone ID such as `use1-az4` or `usw2-az1`.
    static func isZoneID(_ text: String) -> Bool {
        let parts = text.split(separator: "-", omittingEmptySubsequences: false)
        guard parts.count == 2, parts[1].hasPrefix("az"), parts[1].count > 2,
            parts[1].dropFirst(2).allSatisfy(\.isNumber)
        else {
            return false
        }
        return (3...8).contains(parts[0].count) && parts[0].allSatisfy { $0.isASCII && ($0.isLowercase || $0.isNumber) }
    }

    /// `arn:PARTITION:SERVICE:REGION:ACCOUNT:RESOURCE`.
    public func classify(arn input: some StringProtocol) -> Endpoint? {
        let text = String(input)
        let fields = text.split(separator: ":", maxSplits: 5, omittingEmptySubsequences: false).map(String.init)
        guard fields.count == 6, fields[0] == "arn", let aws = catalog.provider("aws"),
            let partition = aws.partition(fields[1]), HostName.isLabel(Substring(fields[2])), !fields[5].isEmpty
        else { return nil }
        let service = fields[2]
        let region = fields[3]
        let account = fields[4]
        let resource = fields[5]
        // One component per service and region: a function naming tables in two regions needs both.
        let host = region.isEmpty ? "arn:\(partition.id):\(service)" : "arn:\(partition.id):\(service):\(region)"
        var endpoint = Endpoint(provider: "aws", service: service, partition: partition.id, host: host, evidence: .arn)
        if !account.isEmpty {
            guard Self.isAccountID(account) || account == "aws" else { return nil }
            endpoint.account = account
        }
        if region.isEmpty {
            // Global services have no region in their ARNs; S3 buckets have none either but
            // live in one, which the linker finds.
            if service != "s3" { endpoint.isGlobal = true }
        } else {
            guard isRegion(region, provider: "aws", partition: partition.id) else { return nil }
            endpoint.region = region
        }
        if service == "s3" {
            if resource.hasPrefix("accesspoint/") {
                endpoint.bucket = String(resource.dropFirst("accesspoint/".count))
            } else {
                let bucket = resource.prefix { $0 != "/" }
                guard Self.isBucketName(bucket) else { return nil }
                endpoint.bucket = String(bucket)
            }
        } else if service == "ecr", resource.hasPrefix("repository/") {
            endpoint.repository = String(resource.dropFirst("repository/".count))
        }
        return endpoint
    }
}
