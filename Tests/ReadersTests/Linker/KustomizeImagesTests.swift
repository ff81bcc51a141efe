import Model
import Testing
@testable import Readers

/// Kustomize's `images:` set the images of the manifests a kustomization renders.
@Suite struct KustomizeImagesTests {
    static let cluster = """
        clusters:
          - {name: prod, provider: aws, region: us-west-2, zones: [us-west-2a, us-west-2b, us-west-2c]}
        """
    static let deployment = LinkerTests.deployment("a", image: "gcr.io/shop/a:1")
    static let ecr = "123456789012.dkr.ecr.us-east-1.amazonaws.com/a"

    static func kustomization(resources: [String], components: [String] = [], images: String = "", kind: String = "Kustomization") -> String {
        var text = "apiVersion: kustomize.config.k8s.io/v1beta1\nkind: \(kind)\nresources: [\(resources.joined(separator: ", "))]\n"
        if !components.isEmpty { text += "components: [\(components.joined(separator: ", "))]\n" }
        if !images.isEmpty { text += "images:\n\(images)" }
        return text
    }

    static let toECR = "- name: gcr.io/shop/a\n  newName: \(ecr)\n"

    /// The Weave Cloud change again, made in an overlay: the base still names gcr.io (which
    /// survives a region), the prod overlay moves the image to ECR in us-east-1.
    @Test func anOverlayMovingTheImageToARegionalRegistryIsSeen() throws {
        let base: [(String, String)] = [
            (".faultline.yaml", Self.cluster),
            ("k8s/base/a.yaml", Self.deployment),
            ("k8s/base/kustomization.yaml", Self.kustomization(resources: ["a.yaml"])),
        ]
        let asWritten = LinkFixture(files: base + [("k8s/overlays/prod/kustomization.yaml", Self.kustomization(resources: ["../../base"]))])
        #expect(asWritten.down(in: "service:aws/us-east-1/ecr").isEmpty)
        let moved = LinkFixture(files: base + [("k8s/overlays/prod/kustomization.yaml", Self.kustomization(resources: ["../../base"], images: Self.toECR))])
        #expect(moved.down(in: "service:aws/us-east-1/ecr") == ["k8s:Deployment/shop/a"])
        let topology = moved.linked().topology
        let requirement = try #require(topology["k8s:Deployment/shop/a"]?.requirements.first { $0.alternatives == ["image:\(Self.ecr)"] })
        #expect(requirement.provenance?.path == "k8s/overlays/prod/kustomization.yaml")
        #expect(requirement.provenance?.line == 6)
        #expect(topology["image:gcr.io/shop/a"] == nil)
    }

    /// Istio's `image: auto` is filled in by its injector: no image, unless a kustomization's
    /// `images:` sets it to a real one first.
    @Test func istiosAutoImageIsNoImageUnlessAKustomizationSetsIt() throws {
        let gateway = LinkerTests.deployment("gw", image: "auto")
        let plain = LinkFixture(files: [(".faultline.yaml", Self.cluster), ("k8s/base/gw.yaml", gateway)]).linked().topology
        #expect(plain["k8s:Deployment/shop/gw"]?.requirements.flatMap(\.alternatives).contains { $0.hasPrefix("image:") } == false)
        #expect(plain["image:docker.io/library/auto"] == nil)
        let set = LinkFixture(files: [
            (".faultline.yaml", Self.cluster), ("k8s/base/gw.yaml", gateway),
            ("k8s/base/kustomization.yaml", Self.kustomization(resources: ["gw.yaml"], images: "- name: auto\n  newName: \(Self.ecr)\n")),
        ]).linked().topology
        #expect(set["k8s:Deployment/shop/gw"]?.requirements.flatMap(\.alternatives).contains("image:\(Self.ecr)") == true)
    }

    /// One manifest, two overlays: the workload stands for both deployments and needs both
    /// images; a manifest no kustomization renders keeps its own.
    @Test func aManifestRenderedByTwoOverlaysNeedsTheImagesOfBoth() throws {
        let fixture = LinkFixture(files: [
            (".faultline.yaml", Self.cluster),
            ("k8s/base/a.yaml", Self.deployment),
            ("k8s/base/kustomization.yaml", Self.kustomization(resources: ["a.yaml"])),
            ("k8s/overlays/dev/kustomization.yaml", Self.kustomization(resources: ["../../base"])),
            ("k8s/overlays/prod/kustomization.yaml", Self.kustomization(resources: ["../../base"], images: Self.toECR)),
            ("plain/b.yaml", LinkerTests.deployment("b", image: "gcr.io/shop/a:1")),
        ])
        let topology = fixture.linked().topology
        #expect(topology["k8s:Deployment/shop/a"]?.requirements.flatMap(\.alternatives).sorted() == ["image:\(Self.ecr)", "image:gcr.io/shop/a"])
        #expect(topology["k8s:Deployment/shop/b"]?.requirements.flatMap(\.alternatives) == ["image:gcr.io/shop/a"])
    }

    /// A component's images apply to everything its kustomization renders; an unused
    /// component renders nothing; images chain from the inner kustomization outwards.
    @Test func componentsAndNestedKustomizationsApplyInKustomizesOrder() throws {
        let files: [(String, String)] = [
            (".faultline.yaml", Self.cluster),
            ("kustomize/base/a.yaml", Self.deployment),
            ("kustomize/base/kustomization.yaml", Self.kustomization(resources: ["a.yaml"], images: "- name: gcr.io/shop/a\n  newName: mirror.example/a\n")),
            ("kustomize/components/registry/kustomization.yaml", Self.kustomization(
                resources: [], images: "- name: mirror.example/a\n  newName: \(Self.ecr)\n", kind: "Component")),
            ("kustomize/components/unused/kustomization.yaml", Self.kustomization(
                resources: [], images: "- name: gcr.io/shop/a\n  newName: quay.io/shop/a\n", kind: "Component")),
            ("kustomize/kustomization.yaml", Self.kustomization(resources: ["base"], components: ["components/registry"])),
        ]
        let topology = LinkFixture(files: files).linked().topology
        let requirement = try #require(topology["k8s:Deployment/shop/a"]?.requirements.first)
        #expect(requirement.alternatives == ["image:\(Self.ecr)"])
        #expect(requirement.provenance?.path == "kustomize/components/registry/kustomization.yaml")
        #expect(topology.ids.filter { $0.hasPrefix("image:") } == ["image:\(Self.ecr)"])
    }

    /// A cycle is followed once, with a warning; the images of the kustomizations on it apply.
    @Test func aCycleIsAWarningNotAHang() throws {
        let linked = LinkFixture(files: [
            (".faultline.yaml", Self.cluster),
            ("k8s/a/a.yaml", Self.deployment),
            ("k8s/a/kustomization.yaml", Self.kustomization(resources: ["a.yaml", "../b"])),
            ("k8s/b/kustomization.yaml", Self.kustomization(resources: ["../a"], images: Self.toECR)),
            ("k8s/top/kustomization.yaml", Self.kustomization(resources: ["../b"])),
        ]).linked()
        let warning = try #require(linked.topology.diagnostics.first { $0.summary.contains("which renders it") })
        #expect(warning.path == "k8s/a/kustomization.yaml")
        #expect(warning.line == 3)
        #expect(linked.topology["k8s:Deployment/shop/a"]?.requirements.flatMap(\.alternatives) == ["image:\(Self.ecr)"])
    }

    /// Every entry applies, in order, to what the entries before it made (`a → b`, then
    /// `b → c` runs c), and `imageTags:` adds to `images:`, as in Kustomize.
    @Test func everyImagesEntryAppliesInOrder() throws {
        let chained = """
            - name: gcr.io/shop/a
              newName: mirror.example/a
            - name: mirror.example/a
              newName: \(Self.ecr)
            """ + "\n"
        let tagged = "resources: [../../base]\nimageTags:\n- name: gcr.io/shop/a\n  newName: \(Self.ecr)\n"
        for overlay in [Self.kustomization(resources: ["../../base"], images: chained), tagged] {
            let topology = LinkFixture(files: [
                (".faultline.yaml", Self.cluster),
                ("k8s/base/a.yaml", Self.deployment),
                ("k8s/base/kustomization.yaml", Self.kustomization(resources: ["a.yaml"])),
                ("k8s/overlays/prod/kustomization.yaml", overlay),
            ]).linked().topology
            let requirement = try #require(topology["k8s:Deployment/shop/a"]?.requirements.first)
            #expect(requirement.alternatives == ["image:\(Self.ecr)"])
            #expect(requirement.provenance?.path == "k8s/overlays/prod/kustomization.yaml")
        }
    }

    /// A file kustomizations name only as a patch is not a manifest: a Service patched to a
    /// LoadBalancer for one overlay does not make the Service an entrypoint everywhere, only
    /// where that overlay deploys it.
    @Test func aPatchFileIsNotReadAsObjects() throws {
        let service = "apiVersion: v1\nkind: Service\nmetadata: {name: a, namespace: shop}\nspec: {selector: {app: a}}\n"
        let patch = "apiVersion: v1\nkind: Service\nmetadata: {name: a, namespace: shop}\nspec: {type: LoadBalancer}\n"
        let linked = LinkFixture(files: [
            (".faultline.yaml", Self.cluster),
            ("k8s/base/a.yaml", Self.deployment + "\n---\n" + service),
            ("k8s/base/kustomization.yaml", Self.kustomization(resources: ["a.yaml"])),
            ("k8s/dev/kustomization.yaml", "resources: [../base]\nnamespace: dev\n"),
            ("k8s/ci/lb.yaml", patch),
            ("k8s/ci/kustomization.yaml", "resources: [../base]\nnamespace: ci\npatchesStrategicMerge: [lb.yaml]\n"),
        ]).linked()
        #expect(linked.topology["k8s:Service/dev/a"]?.isEntrypoint == false)
        #expect(linked.topology["k8s:Service/ci/a"]?.isEntrypoint == true)
        #expect(linked.topology["k8s:Service/ci/a"]?.provenance.map(\.path) == ["k8s/base/a.yaml"])
        #expect(!linked.topology.diagnostics.contains { $0.path == "k8s/ci/lb.yaml" })
    }

    /// Kustomizations shaped like a lattice (each level rendering the next twice) render each
    /// manifest once per distinct chain of steps, not once per path through the lattice.
    @Test func aLatticeOfKustomizationsRendersEachManifestOnce() {
        var files: [(String, String)] = [(".faultline.yaml", Self.cluster), ("k/l0/a.yaml", Self.deployment)]
        files.append(("k/l0/kustomization.yaml", Self.kustomization(resources: ["a.yaml"])))
        for level in 1...25 {
            files.append(("k/l\(level)/x/kustomization.yaml", Self.kustomization(resources: ["../../l\(level - 1)"])))
            files.append(("k/l\(level)/y/kustomization.yaml", Self.kustomization(resources: ["../../l\(level - 1)"])))
            files.append(("k/l\(level)/kustomization.yaml", Self.kustomization(resources: ["x", "y"], images: "- name: gcr.io/shop/a\n  newTag: \"\(level)\"\n")))
        }
        let facts = files.compactMap { path, text in ReaderRegistry.reader(for: path).map { $0.read(path: path, bytes: Array(text.utf8)) } }
        let kustomize = KustomizeRenderings(KustomizeRenderings.Inputs(KustomizeRenderings.Kustomizations(facts), files: facts))
        #expect(kustomize.chains["k/l0/a.yaml"]?.count == 1)
        #expect(kustomize.diagnostics.isEmpty)
    }

    /// Paths leaving the repository resolve to nothing.
    @Test(arguments: [
        ("k8s/prod", "../base", "k8s/base"), ("k8s/prod", "./a.yaml", "k8s/prod/a.yaml"), ("", "base", "base"),
        ("k8s", "../../etc", nil), ("k8s", "/etc/passwd", nil),
    ] as [(String, String, String?)])
    func resourcePathsResolveInsideTheRepository(folder: String, path: String, expected: String?) {
        #expect(KustomizeRenderings.resolve(path, from: folder) == expected)
    }
}
