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
        self == other || linked == other.linked
    }

    /// The facts with what the linker does not read cleared, and image references that parse
    /// as written reduced to their names (tags and digests given apart, as Kustomize and Helm
    /// do, to whether they are valid).
    private var linked: FileFacts {
        var copy = self
        for index in copy.workloads.indices {
            copy.workloads[index].replicas = nil
            copy.workloads[index].secrets = []
            copy.workloads[index].spreadKeys = []
            copy.workloads[index].antiAffinityKeys = []
            Self.untag(&copy.workloads[index].images)
        }
        for index in copy.pipelines.indices {
            // The actions and orbs its steps use (`actions/checkout@v4`) place nothing.
            copy.pipelines[index].uses = []
            Self.untag(&copy.pipelines[index].images)
            for apply in copy.pipelines[index].applies.indices { Self.untag(&copy.pipelines[index].applies[apply].images) }
        }
        if copy.dockerfile != nil { Self.untag(&copy.dockerfile!.baseImages) }
        if copy.kustomization != nil {
            for index in copy.kustomization!.images.indices {
                copy.kustomization!.images[index].newTag = Self.anyTag(copy.kustomization!.images[index].newTag)
                copy.kustomization!.images[index].digest = Self.anyDigest(copy.kustomization!.images[index].digest)
            }
        }
        if copy.terraform != nil, copy.terraform!.role == .configuration || copy.terraform!.role == .override {
            // Of a `terraform` block the module pass reads only where the state is kept: not
            // the versions of Terraform and of its providers, which dependency bots bump.
            for index in copy.terraform!.body.blocks.indices where copy.terraform!.body.blocks[index].type == "terraform" {
                copy.terraform!.body.blocks[index].body.attributes = []
                copy.terraform!.body.blocks[index].body.blocks.removeAll { $0.type != "backend" && $0.type != "cloud" }
            }
        }
        if copy.helmValues != nil { Self.untag(&copy.helmValues!.images) }
        for index in copy.helmReleases.indices { Self.untag(&copy.helmReleases[index].values.images) }
        for index in copy.ingresses.indices { copy.ingresses[index].hosts = [] }
        for index in copy.gateways.indices { copy.gateways[index].className = nil }
        return copy
    }

    /// Each reference reduced to its name (`shop/ui:1.4@sha256:…` → `shop/ui`) when it is
    /// literal and parses: the linker then reads it by its name alone (its component,
    /// registry, local build and Kustomize's `images:` entries all go by the name). A reference that is not literal or does not
    /// parse (`ui:${TAG}`, a malformed tag) is kept whole: whether it parses decides whether
    /// the image is placed at all.
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
