import HCL

extension FileFacts {
    /// Whether linking a commit with these facts for the file instead of `other` gives a
    /// topology the audit cannot tell apart: the two are equal but for what no pass of the
    /// linker reads — a workload's replica count, its Secrets' names, its spread and
    /// anti-affinity keys, an Ingress's hosts, a Gateway's class, the actions a pipeline uses,
    /// the versions a Terraform `terraform` block requires — and for the tags and digests
    /// of literal image references, which the topology keeps only in the words of a
    /// requirement's note (`runs shop/ui:1.4`). The components, their sites, requirements,
    /// entrypoints and provenance are the same, and so is every exposure with its chain and
    /// location; what differs is words the audit never reports. An audit does not re-link a
    /// commit whose changed files all link alike (a replica count bumped, a release's tags).
    public func linksAlike(_ other: FileFacts) -> Bool {
        if self == other { return true }
        // Only the parts that differ are reduced to what the linker reads: a release
        // changes a few of a large file's workloads.
        var a = self, b = other
        guard Self.reduce(&a.workloads, &b.workloads, Self.reduce(workloads:_:)),
              Self.reduce(&a.pipelines, &b.pipelines, Self.reduce(pipelines:_:)),
              Self.reduce(&a.helmReleases, &b.helmReleases, { Self.reduce(&$0.values.images, &$1.values.images, Self.untag) }),
              Self.reduce(&a.ingresses, &b.ingresses, { $0.hosts = []; $1.hosts = [] }),
              Self.reduce(&a.gateways, &b.gateways, { $0.className = nil; $1.className = nil })
        else { return false }
        // One side without a part the other has differs whatever the reduction.
        if a.dockerfile != b.dockerfile, a.dockerfile != nil, b.dockerfile != nil {
            Self.reduce(&a.dockerfile!.baseImages, &b.dockerfile!.baseImages, Self.untag)
        }
        if a.kustomization != b.kustomization, a.kustomization != nil, b.kustomization != nil {
            Self.reduce(&a.kustomization!.images, &b.kustomization!.images) { first, second in
                (first.newTag, second.newTag) = (Self.anyTag(first.newTag), Self.anyTag(second.newTag))
                (first.digest, second.digest) = (Self.anyDigest(first.digest), Self.anyDigest(second.digest))
            }
        }
        if a.terraform != b.terraform, a.terraform != nil, b.terraform != nil {
            Self.reduce(terraform: &a.terraform!)
            Self.reduce(terraform: &b.terraform!)
        }
        if a.helmValues != b.helmValues, a.helmValues != nil, b.helmValues != nil {
            Self.reduce(&a.helmValues!.images, &b.helmValues!.images, Self.untag)
        }
        return a == b
    }

    /// Reduces each pair of elements that differ at the same place, both at once; false when
    /// the counts differ (reducing changes no count, so the two differ anyway).
    @discardableResult
    private static func reduce<Element: Equatable>(
        _ a: inout [Element], _ b: inout [Element], _ reduce: (inout Element, inout Element) -> Void
    ) -> Bool {
        guard a.count == b.count else { return false }
        for index in a.indices where a[index] != b[index] { reduce(&a[index], &b[index]) }
        return true
    }

    private static func reduce(workloads a: inout WorkloadFact, _ b: inout WorkloadFact) {
        func clear(_ workload: inout WorkloadFact) {
            workload.replicas = nil
            workload.secrets = []
            workload.spreadKeys = []
            workload.antiAffinityKeys = []
        }
        clear(&a)
        clear(&b)
        reduce(&a.images, &b.images, untag)
    }

    private static func reduce(pipelines a: inout PipelineFact, _ b: inout PipelineFact) {
        // The actions and orbs its steps use (`actions/checkout@v4`) place nothing.
        a.uses = []
        b.uses = []
        reduce(&a.images, &b.images, untag)
        reduce(&a.applies, &b.applies) { reduce(&$0.images, &$1.images, untag) }
        reduce(&a.deploys, &b.deploys) { reduce(&$0.images, &$1.images, untag) }
    }

    /// Of a `terraform` block the module pass reads only where the state is kept: not the
    /// versions of Terraform and of its providers, which dependency bots bump.
    private static func reduce(terraform: inout TerraformFileFact) {
        guard terraform.role == .configuration || terraform.role == .override else { return }
        for index in terraform.body.blocks.indices where terraform.body.blocks[index].type == "terraform" {
            terraform.body.blocks[index].body.attributes = []
            terraform.body.blocks[index].body.blocks.removeAll { $0.type != "backend" && $0.type != "cloud" }
        }
    }

    /// Each reference reduced to its name (`shop/ui:1.4@sha256:…` → `shop/ui`) when it is
    /// literal and parses: the linker then reads it by its name alone (its component,
    /// registry, local build and Kustomize's `images:` entries all go by the name). A
    /// reference that is not literal or does not parse (`ui:${TAG}`, a malformed tag) is kept
    /// whole: whether it parses decides whether the image is placed at all.
    private static func untag(_ a: inout ImageMention, _ b: inout ImageMention) {
        guard a.reference != b.reference else { return }
        a.reference = untagged(a.reference)
        b.reference = untagged(b.reference)
    }

    /// Helm values name images whole (`image: nginx:1.27`) or in parts (`image.tag`): each
    /// part that parses stands for any other that does, and a part given stays given (it
    /// decides whether the chart's default applies).
    private static func untag(_ a: inout HelmValuesFact.Image, _ b: inout HelmValuesFact.Image) {
        if a.reference != b.reference { (a.reference, b.reference) = (a.reference.map(untagged), b.reference.map(untagged)) }
        if a.tag != b.tag { (a.tag, b.tag) = (anyTag(a.tag), anyTag(b.tag)) }
        if a.digest != b.digest { (a.digest, b.digest) = (anyDigest(a.digest), anyDigest(b.digest)) }
    }

    /// A reference that parses has a tag without `:` and a digest after the first `@`, so its
    /// name is what `ImageOverride.split` leaves (as the linker's local-image check also
    /// splits), and that name parses to the same image. Only a tag and digest of at most
    /// `suffixLimit` characters together are set aside: a Kustomize `newName` (at most 255
    /// characters, or no image) keeps them, and the reference it makes must stay within
    /// the 512 that parse whatever they are.
    private static func untagged(_ reference: String) -> String {
        untaggedReferences.value(for: reference) { untaggedOnce(reference) }
    }

    /// `untagged` once per distinct reference: an audit compares the same references again and
    /// again (a commit's new facts are the next one's old ones, and the look-ahead compares
    /// them before the walk does), and parsing them was most of comparing.
    private static let untaggedReferences = SharedCache<String, String>(limit: 20_000)

    private static func untaggedOnce(_ reference: String) -> String {
        guard !reference.utf8.contains(0x24) else { return reference }
        let name = ImageOverride.split(reference).name
        let suffix = reference.utf8.count - name.utf8.count
        guard suffix > 0, suffix <= suffixLimit, ImageReference(parsing: reference) != nil else { return reference }
        return name
    }

    /// 512 characters of a reference, less Docker's 255 of a name.
    static let suffixLimit = 512 - ImageReference.nameLimit

    /// A tag given apart from its image (a Kustomize `newTag`, Helm's `image.tag`): one that
    /// is a valid tag stands for any other valid one; one that is not is kept as written. Only
    /// tags of up to 64 characters and digests of up to 135 (SHA-512) do, so that with any name
    /// Docker takes (255 characters) the whole reference stays within what parses (512).
    private static func anyTag(_ tag: String?) -> String? {
        guard let tag, tag.utf8.count <= 64, ImageReference(parsing: "image:" + tag)?.tag == tag else { return tag }
        return "\u{0}tag"
    }

    /// A digest given apart from its image, likewise.
    private static func anyDigest(_ digest: String?) -> String? {
        guard let digest, digest.utf8.count <= 135, ImageReference(parsing: "image@" + digest)?.digest == digest else { return digest }
        return "\u{0}digest"
    }
}
