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
        guard Self.reduce(&a.workloads, &b.workloads, Self.reduce(workload:)),
              Self.reduce(&a.pipelines, &b.pipelines, Self.reduce(pipeline:)),
              Self.reduce(&a.helmReleases, &b.helmReleases, { Self.untag(&$0.values.images) }),
              Self.reduce(&a.ingresses, &b.ingresses, { $0.hosts = [] }),
              Self.reduce(&a.gateways, &b.gateways, { $0.className = nil })
        else { return false }
        if a.dockerfile != b.dockerfile {
            if a.dockerfile != nil { Self.untag(&a.dockerfile!.baseImages) }
            if b.dockerfile != nil { Self.untag(&b.dockerfile!.baseImages) }
        }
        if a.kustomization != b.kustomization {
            if a.kustomization != nil { Self.reduce(kustomization: &a.kustomization!) }
            if b.kustomization != nil { Self.reduce(kustomization: &b.kustomization!) }
        }
        if a.terraform != b.terraform {
            if a.terraform != nil { Self.reduce(terraform: &a.terraform!) }
            if b.terraform != nil { Self.reduce(terraform: &b.terraform!) }
        }
        if a.helmValues != b.helmValues {
            if a.helmValues != nil { Self.untag(&a.helmValues!.images) }
            if b.helmValues != nil { Self.untag(&b.helmValues!.images) }
        }
        return a == b
    }

    /// Reduces the elements that differ at the same place; false when the counts differ
    /// (reducing changes no count).
    private static func reduce<Element: Equatable>(_ a: inout [Element], _ b: inout [Element], _ reduce: (inout Element) -> Void) -> Bool {
        guard a.count == b.count else { return false }
        for index in a.indices where a[index] != b[index] {
            reduce(&a[index])
            reduce(&b[index])
        }
        return true
    }

    private static func reduce(workload: inout WorkloadFact) {
        workload.replicas = nil
        workload.secrets = []
        workload.spreadKeys = []
        workload.antiAffinityKeys = []
        untag(&workload.images)
    }

    private static func reduce(pipeline: inout PipelineFact) {
        // The actions and orbs its steps use (`actions/checkout@v4`) place nothing.
        pipeline.uses = []
        untag(&pipeline.images)
        for index in pipeline.applies.indices { untag(&pipeline.applies[index].images) }
    }

    private static func reduce(kustomization: inout KustomizationFact) {
        for index in kustomization.images.indices {
            kustomization.images[index].newTag = anyTag(kustomization.images[index].newTag)
            kustomization.images[index].digest = anyDigest(kustomization.images[index].digest)
        }
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
    private static func untag(_ images: inout [ImageMention]) {
        for index in images.indices { images[index].reference = untagged(images[index].reference) }
    }

    /// Helm values name images whole (`image: nginx:1.27`) or in parts (`image.tag`): each
    /// part that parses stands for any other that does, and a part given stays given (it
    /// decides whether the chart's default applies).
    private static func untag(_ images: inout [HelmValuesFact.Image]) {
        for index in images.indices {
            images[index].reference = images[index].reference.map(untagged)
            images[index].tag = anyTag(images[index].tag)
            images[index].digest = anyDigest(images[index].digest)
        }
    }

    /// A reference that parses has a tag without `:` and a digest after the first `@`, so its
    /// name is what `ImageOverride.split` leaves (as the linker's local-image check also
    /// splits), and that name parses to the same image.
    private static func untagged(_ reference: String) -> String {
        guard !reference.utf8.contains(0x24) else { return reference }
        let name = ImageOverride.split(reference).name
        guard name.utf8.count < reference.utf8.count, ImageReference(parsing: reference) != nil else { return reference }
        return name
    }

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
