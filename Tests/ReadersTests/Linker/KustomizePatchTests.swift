import Model
import Testing
@testable import Readers

/// Kustomize's strategic-merge patches change the objects of the kustomization applying
/// them: what a patch sets is part of the topology, located in the patch.
@Suite struct KustomizePatchTests {
    static let cluster = KustomizeImagesTests.cluster
    static let s3 = "https://ui-assets.s3.us-east-1.amazonaws.com/app.js"

    /// Deployment `a` (container `a`, env `ASSETS` given), a LoadBalancer Service and ConfigMap `settings`.
    static let base = LinkerTests.deployment("a", readingConfigMap: "settings", env: "{name: ASSETS, value: /static/app.js}")
        + LinkerTests.service("a") + """
        ---
        apiVersion: v1
        kind: ConfigMap
        metadata: {name: settings, namespace: shop}
        data: {CDN: "https://cdn-assets.s3.us-west-2.amazonaws.com/x.js", MODE: fast}
        """

    static func patch(_ spec: String, kind: String = "Deployment", name: String = "a") -> String {
        "apiVersion: apps/v1\nkind: \(kind)\nmetadata: {name: \(name), namespace: shop}\n\(spec)"
    }

    /// The base and overlays `dev` (namespace dev) and `prod` (namespace prod, with `prod`'s
    /// extra kustomization lines and files).
    static func linked(prod: String, files extra: [(String, String)] = [], base: String = Self.base) -> LinkedTopology {
        LinkFixture(files: [
            (".faultline.yaml", Self.cluster),
            ("k8s/base/app.yaml", base),
            ("k8s/base/kustomization.yaml", "resources: [app.yaml]\n"),
            ("k8s/overlays/dev/kustomization.yaml", "resources: [../../base]\nnamespace: dev\n"),
            ("k8s/overlays/prod/kustomization.yaml", "resources: [../../base]\nnamespace: prod\n" + prod),
        ] + extra.map { ("k8s/overlays/prod/\($0.0)", $0.1) }).linked()
    }

    static func needs(_ topology: Topology, _ id: String) -> [String] {
        topology[id]?.requirements.flatMap(\.alternatives) ?? []
    }

    static let envPatch = patch("""
        spec:
          template:
            spec:
              containers:
              - name: a
                env:
                - name: ASSETS
                  value: \(s3)
        """)

    /// The seed's change made in a patch: prod's Deployment needs the bucket, at the patch's
    /// line; dev's does not, and prod's own value for the name is replaced.
    @Test func aPatchFilesEnvValueIsPartOfTheOverlaysDeployment() throws {
        let linked = Self.linked(prod: "patches:\n- path: assets.yaml\n", files: [("assets.yaml", Self.envPatch)])
        let topology = linked.topology
        let bucket = "url:ui-assets.s3.us-east-1.amazonaws.com"
        #expect(Self.needs(topology, "k8s:Deployment/prod/a").contains(bucket))
        #expect(!Self.needs(topology, "k8s:Deployment/dev/a").contains(bucket))
        let requirement = try #require(topology["k8s:Deployment/prod/a"]?.requirements.first { $0.alternatives == [bucket] })
        #expect(requirement.provenance?.path == "k8s/overlays/prod/assets.yaml")
        #expect(requirement.provenance?.line == 11)
        #expect(!linked.topology.diagnostics.contains { $0.path == "k8s/overlays/prod/assets.yaml" })
        // The base's value of the name is what the patch replaces: moved back, nothing is needed.
        let moved = LinkerTests.deployment("a", readingConfigMap: "settings", env: "{name: ASSETS, value: \"\(Self.s3)\"}")
        let back = Self.linked(prod: "patches:\n- path: assets.yaml\n", files: [("assets.yaml", Self.envPatch.replacing(Self.s3, with: "/static/app.js"))],
                               base: moved + LinkerTests.service("a"))
        #expect(!Self.needs(back.topology, "k8s:Deployment/prod/a").contains(bucket))
        #expect(Self.needs(back.topology, "k8s:Deployment/dev/a").contains(bucket))
    }

    /// Inline patches, in `patchesStrategicMerge:` and `patches:`, located in the kustomization.
    @Test func inlinePatchesAreAppliedAtTheirLines() throws {
        let inline = Self.envPatch.split(separator: "\n").map { "    " + $0 }.joined(separator: "\n")
        for (field, line) in [("patchesStrategicMerge:\n- |-\n", 15), ("patches:\n- patch: |-\n", 15)] {
            let topology = Self.linked(prod: field + inline + "\n").topology
            let requirement = try #require(topology["k8s:Deployment/prod/a"]?.requirements.first { $0.alternatives.first?.contains("s3") == true })
            #expect(requirement.provenance?.path == "k8s/overlays/prod/kustomization.yaml")
            #expect(requirement.provenance?.line == line)
        }
    }

    /// A patch's image replaces its container's, set by the patch; the overlay's `images:`
    /// still rewrites it (Kustomize sets images after patching).
    @Test func aPatchedImageIsSetByThePatchAndStillRewritten() throws {
        let image = Self.patch("spec:\n  template:\n    spec:\n      containers:\n      - name: a\n        image: quay.io/x/a:2\n")
        var topology = Self.linked(prod: "patches:\n- path: image.yaml\n", files: [("image.yaml", image)]).topology
        let runs = try #require(topology["k8s:Deployment/prod/a"]?.requirements.first { $0.alternatives.first?.hasPrefix("image:") == true })
        #expect(runs.alternatives == ["image:quay.io/x/a"])
        #expect(runs.provenance?.path == "k8s/overlays/prod/image.yaml")
        #expect(Self.needs(topology, "k8s:Deployment/dev/a").contains("image:gcr.io/x/a"))
        let rewrite = "patches:\n- path: image.yaml\nimages:\n- name: quay.io/x/a\n  newName: \(KustomizeImagesTests.ecr)\n"
        topology = Self.linked(prod: rewrite, files: [("image.yaml", image)]).topology
        #expect(Self.needs(topology, "k8s:Deployment/prod/a").contains("image:\(KustomizeImagesTests.ecr)"))
        #expect(!Self.needs(topology, "k8s:Deployment/prod/a").contains("image:quay.io/x/a"))
    }

    /// A node selector patched in pins prod's pods to one zone, placed by the patch.
    @Test func aZonePatchedInPinsTheOverlaysPods() throws {
        let pin = Self.patch("spec:\n  template:\n    spec:\n      nodeSelector: {topology.kubernetes.io/zone: us-west-2a}\n")
        let topology = Self.linked(prod: "patchesStrategicMerge: [zone.yaml]\n", files: [("zone.yaml", pin)]).topology
        let prod = try #require(topology["k8s:Deployment/prod/a"])
        #expect(prod.sites.map(\.description) == ["{zone:aws/us-west-2/us-west-2a}"])
        #expect(prod.placedBy?.path == "k8s/overlays/prod/zone.yaml")
        #expect(prod.placedBy?.line == 7)
        #expect(topology["k8s:Deployment/dev/a"]?.sites.count == 3)
    }

    /// A Service patched to a load balancer faces users in that overlay only; a ConfigMap
    /// patch replaces the keys it sets.
    @Test func servicesAndConfigMapsArePatched() throws {
        let base = Self.base.replacing("spec: {selector: {app: a}}", with: "spec: {type: ClusterIP, selector: {app: a}}")
        let lb = "apiVersion: v1\nkind: Service\nmetadata: {name: a, namespace: shop}\nspec: {type: LoadBalancer}\n"
        let data = "apiVersion: v1\nkind: ConfigMap\nmetadata: {name: settings, namespace: shop}\ndata:\n  CDN: \(Self.s3)\n"
        let topology = Self.linked(prod: "patches: [{path: lb.yaml}, {path: data.yaml}]\n", files: [("lb.yaml", lb), ("data.yaml", data)], base: base).topology
        #expect(topology["k8s:Service/prod/a"]?.isEntrypoint == true)
        #expect(topology["k8s:Service/dev/a"]?.isEntrypoint == false)
        #expect(Self.needs(topology, "k8s:ConfigMap/prod/settings") == ["url:ui-assets.s3.us-east-1.amazonaws.com"])
        #expect(topology["k8s:ConfigMap/prod/settings"]?.requirements.first?.provenance?.path == "k8s/overlays/prod/data.yaml")
        #expect(Self.needs(topology, "k8s:ConfigMap/dev/settings") == ["url:cdn-assets.s3.us-west-2.amazonaws.com"])
    }

    /// A `$patch: delete` document deletes the object it names from the overlay, whatever its kind.
    @Test func aDeletePatchRemovesTheObject() throws {
        let delete = "patches:\n- patch: |-\n    $patch: delete\n    apiVersion: v1\n    kind: Service\n    metadata: {name: a, namespace: shop}\n"
        let topology = Self.linked(prod: delete).topology
        #expect(topology["k8s:Service/prod/a"] == nil)
        #expect(topology["k8s:Service/dev/a"] != nil)
        #expect(topology["k8s:Deployment/prod/a"] != nil)
        let file = "$patch: delete\napiVersion: apps/v1\nkind: Deployment\nmetadata: {name: a, namespace: shop}\n"
        let reader = try #require(ReaderRegistry.reader(for: "k8s/overlays/prod/drop.yaml"))
        #expect(reader.read(path: "k8s/overlays/prod/drop.yaml", bytes: Array(file.utf8)).workloads.isEmpty)
        let dropped = Self.linked(prod: "patchesStrategicMerge: [drop.yaml]\n", files: [("drop.yaml", file)]).topology
        #expect(dropped["k8s:Deployment/prod/a"] == nil)
        #expect(dropped["k8s:Deployment/dev/a"] != nil)
    }

    /// A patch's setting replaces the one of the container it names only; an image the patch
    /// sets is not rewritten by the `images:` of a kustomization inside (Kustomize set those first).
    @Test func patchesActOnTheirContainerAndAfterInnerImages() throws {
        let twoContainers = Self.base.replacing(
            "containers: [{name: a, image: \"gcr.io/x/a\", env: [{name: ASSETS, value: /static/app.js}]",
            with: "containers: [{name: side, image: \"gcr.io/x/side\", env: [{name: ASSETS, value: /x}]}, {name: a, image: \"gcr.io/x/a\", env: [{name: ASSETS, value: \"\(Self.s3)\"}]")
        #expect(twoContainers != Self.base)
        let side = Self.patch("spec:\n  template:\n    spec:\n      containers:\n      - name: side\n        env: [{name: ASSETS, value: /y}]\n        image: \(KustomizeImagesTests.ecr):2\n")
        let topology = LinkFixture(files: [
            (".faultline.yaml", Self.cluster),
            ("k8s/base/app.yaml", twoContainers),
            ("k8s/base/kustomization.yaml", "resources: [app.yaml]\nimages: [{name: \(KustomizeImagesTests.ecr), newName: gcr.io/x/moved}]\n"),
            ("k8s/overlays/prod/kustomization.yaml", "resources: [../../base]\npatches: [{path: side.yaml}]\n"),
            ("k8s/overlays/prod/side.yaml", side),
        ]).linked().topology
        let needs = Self.needs(topology, "k8s:Deployment/shop/a")
        #expect(needs.contains("url:ui-assets.s3.us-east-1.amazonaws.com"))
        #expect(needs.contains("image:\(KustomizeImagesTests.ecr)"))
        #expect(!needs.contains("image:gcr.io/x/side"))
    }

    /// A patch names an object by name and namespace, a missing namespace meaning `default`,
    /// as written or as the kustomizations inside placed it; a target's kind, name and
    /// namespace are regular expressions.
    @Test func patchesMatchNameAndNamespaceTogether() throws {
        let unplaced = Self.envPatch.replacing(", namespace: shop}", with: "}")
        var linked = Self.linked(prod: "patches:\n- path: assets.yaml\n", files: [("assets.yaml", unplaced)])
        #expect(!Self.needs(linked.topology, "k8s:Deployment/prod/a").contains("url:ui-assets.s3.us-east-1.amazonaws.com"))
        #expect(linked.topology.diagnostics.contains { $0.severity == .warning && $0.path == "k8s/overlays/prod/assets.yaml" })
        // An inner kustomization's namespace is the object's for the patches outside it.
        linked = LinkFixture(files: [
            (".faultline.yaml", Self.cluster),
            ("k8s/base/app.yaml", Self.base),
            ("k8s/base/kustomization.yaml", "resources: [app.yaml]\nnamespace: web\n"),
            ("k8s/overlays/prod/kustomization.yaml", "resources: [../../base]\npatches:\n- path: assets.yaml\n"),
            ("k8s/overlays/prod/assets.yaml", Self.envPatch.replacing("namespace: shop", with: "namespace: web")),
        ]).linked()
        #expect(Self.needs(linked.topology, "k8s:Deployment/web/a").contains("url:ui-assets.s3.us-east-1.amazonaws.com"))
        let targeted = "patches:\n- path: assets.yaml\n  target: {kind: \"StatefulSet|Deployment\", namespace: \"sh.p\"}\n"
        linked = Self.linked(prod: targeted, files: [("assets.yaml", unplaced)])
        #expect(Self.needs(linked.topology, "k8s:Deployment/prod/a").contains("url:ui-assets.s3.us-east-1.amazonaws.com"))
    }

    /// A node selector and node affinity both hold: a patch adding one to the other narrows
    /// the pods to what both allow; a patch of the same kind replaces it. Overlays of one
    /// naming are placed as the narrowest.
    @Test func patchedPlacementsCombineAsKubernetesSchedules() throws {
        let selector = Self.base.replacing("\n      containers:", with: "\n      nodeSelector: {topology.kubernetes.io/zone: us-west-2a}\n      containers:")
        #expect(selector != Self.base)
        let affinity = Self.patch("""
            spec:
              template:
                spec:
                  affinity:
                    nodeAffinity:
                      requiredDuringSchedulingIgnoredDuringExecution:
                        nodeSelectorTerms:
                        - matchExpressions: [{key: topology.kubernetes.io/zone, operator: In, values: [us-west-2a, us-west-2b]}]
            """)
        var prod = try #require(Self.linked(prod: "patches: [{path: aff.yaml}]\n", files: [("aff.yaml", affinity)], base: selector).topology["k8s:Deployment/prod/a"])
        #expect(prod.sites.map(\.description) == ["{zone:aws/us-west-2/us-west-2a}"])
        let moved = Self.patch("spec:\n  template:\n    spec:\n      nodeSelector: {topology.kubernetes.io/zone: us-west-2c}\n")
        prod = try #require(Self.linked(prod: "patches: [{path: sel.yaml}]\n", files: [("sel.yaml", moved)], base: selector).topology["k8s:Deployment/prod/a"])
        #expect(prod.sites.map(\.description) == ["{zone:aws/us-west-2/us-west-2c}"])
        let pinned = Self.patch("spec:\n  template:\n    spec:\n      nodeSelector: {topology.kubernetes.io/zone: us-west-2b}\n")
        let alike = LinkFixture(files: [
            (".faultline.yaml", Self.cluster),
            ("k8s/base/app.yaml", Self.base),
            ("k8s/base/kustomization.yaml", "resources: [app.yaml]\n"),
            ("k8s/a/kustomization.yaml", "resources: [../base]\n"),
            ("k8s/b/kustomization.yaml", "resources: [../base]\npatches: [{path: pin.yaml}]\n"),
            ("k8s/b/pin.yaml", pinned),
        ]).linked().topology
        #expect(alike["k8s:Deployment/shop/a"]?.sites.map(\.description) == ["{zone:aws/us-west-2/us-west-2b}"])
    }

    /// Required node affinity terms are replaced whole (terms on other labels unpin the pods),
    /// a node selector key written `null` is deleted, and a node selector patched over an
    /// object constrained both ways replaces the object's selector, not its affinity.
    @Test func patchesReplaceAndDeleteOneKindOfConstraint() throws {
        func sites(_ base: String, _ patch: String) throws -> (prod: [String], dev: [String]) {
            let topology = Self.linked(prod: "patches: [{path: p.yaml}]\n", files: [("p.yaml", Self.patch(patch))], base: base).topology
            return (try #require(topology["k8s:Deployment/prod/a"]).sites.map(\.description), try #require(topology["k8s:Deployment/dev/a"]).sites.map(\.description))
        }
        func constrained(_ lines: String) -> String {
            let constrained = Self.base.replacing("\n      containers:", with: "\n" + lines + "      containers:")
            #expect(constrained != Self.base)
            return constrained
        }
        let everywhere = ["{zone:aws/us-west-2/us-west-2a}", "{zone:aws/us-west-2/us-west-2b}", "{zone:aws/us-west-2/us-west-2c}"]
        let pinnedA = ["{zone:aws/us-west-2/us-west-2a}"]
        func terms(_ expression: String, indent: String) -> String {
            ["affinity:", "  nodeAffinity:", "    requiredDuringSchedulingIgnoredDuringExecution:", "      nodeSelectorTerms:", "      - matchExpressions: [\(expression)]"]
                .map { indent + $0 + "\n" }.joined()
        }
        let zoneA = "{key: topology.kubernetes.io/zone, operator: In, values: [us-west-2a]}"
        let byAffinity = constrained(terms(zoneA, indent: "      "))
        let otherLabels = "spec:\n  template:\n    spec:\n" + terms("{key: node-pool, operator: In, values: [highmem]}", indent: "      ")
        var result = try sites(byAffinity, otherLabels)
        #expect(result.dev == pinnedA)
        #expect(result.prod == everywhere)
        result = try sites(byAffinity, "spec:\n  template:\n    spec:\n      affinity: null\n")
        #expect(result.prod == everywhere)
        let bySelector = constrained("      nodeSelector: {topology.kubernetes.io/zone: us-west-2a, disktype: ssd}\n")
        result = try sites(bySelector, "spec:\n  template:\n    spec:\n      nodeSelector: {topology.kubernetes.io/zone: null}\n")
        #expect(result.dev == pinnedA)
        #expect(result.prod == everywhere)
        result = try sites(bySelector, "spec:\n  template:\n    spec:\n      nodeSelector: {disktype: hdd}\n")
        #expect(result.prod == pinnedA)
        let both = constrained("      nodeSelector: {topology.kubernetes.io/zone: us-west-2a}\n"
            + terms("{key: topology.kubernetes.io/zone, operator: In, values: [us-west-2a, us-west-2b]}", indent: "      "))
        result = try sites(both, "spec:\n  template:\n    spec:\n      nodeSelector: {topology.kubernetes.io/zone: us-west-2b}\n")
        #expect(result.dev == pinnedA)
        #expect(result.prod == ["{zone:aws/us-west-2/us-west-2b}"])
    }

    /// JSON 6902 operations (inline under `patches:`, or a file under `patchesJson6902:`)
    /// change what the target selects as the strategic-merge patch saying the same would:
    /// an env entry appended to the first container replaces the base's value of its name,
    /// located at the operation's value; an image by position, a node selector, a Service's
    /// type and a ConfigMap's key likewise.
    @Test func jsonPatchOperationsChangeTheirTarget() throws {
        let inline = """
            patches:
            - target: {kind: Deployment, name: a}
              patch: |-
                - op: add
                  path: /spec/template/spec/containers/0/env/-
                  value: {name: ASSETS, value: "\(Self.s3)"}
                - op: replace
                  path: /spec/template/spec/containers/0/image
                  value: quay.io/x/a:2
                - op: add
                  path: /spec/template/spec/nodeSelector
                  value: {topology.kubernetes.io/zone: us-west-2b}
                - op: replace
                  path: /spec/template/spec/containers/0/resources/limits/cpu
                  value: "2"
            patchesJson6902:
            - target: {version: v1, kind: ConfigMap, name: settings}
              path: data.yaml
            - target: {version: v1, kind: Service, name: a}
              patch: '[{"op": "replace", "path": "/spec/type", "value": "ClusterIP"}]'

            """
        let data = "- op: replace\n  path: /data/CDN\n  value: https://cdn-assets.s3.us-east-1.amazonaws.com/x.js\n"
        let base = Self.base.replacing("spec: {selector: {app: a}}", with: "spec: {type: LoadBalancer, selector: {app: a}}")
        #expect(base != Self.base)
        let linked = Self.linked(prod: inline, files: [("data.yaml", data)], base: base)
        let topology = linked.topology
        let bucket = "url:ui-assets.s3.us-east-1.amazonaws.com"
        let prod = try #require(topology["k8s:Deployment/prod/a"])
        let requirement = try #require(prod.requirements.first { $0.alternatives == [bucket] })
        #expect(requirement.provenance?.path == "k8s/overlays/prod/kustomization.yaml")
        #expect(requirement.provenance?.line == 8)
        #expect(Self.needs(topology, "k8s:Deployment/prod/a").contains("image:quay.io/x/a"))
        #expect(!Self.needs(topology, "k8s:Deployment/prod/a").contains("image:gcr.io/x/a"))
        #expect(prod.sites.map(\.description) == ["{zone:aws/us-west-2/us-west-2b}"])
        #expect(topology["k8s:Deployment/dev/a"]?.sites.count == 3)
        #expect(!Self.needs(topology, "k8s:Deployment/dev/a").contains(bucket))
        #expect(topology["k8s:Service/prod/a"]?.isEntrypoint == false)
        #expect(topology["k8s:Service/dev/a"]?.isEntrypoint == true)
        let configMap = Self.needs(topology, "k8s:ConfigMap/prod/settings") + Self.needs(topology, "k8s:Deployment/prod/a")
        #expect(configMap.contains("url:cdn-assets.s3.us-east-1.amazonaws.com"))
        #expect(!configMap.contains("url:cdn-assets.s3.us-west-2.amazonaws.com"))
        let said = linked.topology.diagnostics.filter { $0.path?.hasPrefix("k8s/overlays/prod/") == true }
        #expect(said.isEmpty, "\(said)")
    }

    /// An operation replacing a container's whole env, or removing a ConfigMap's whole data,
    /// drops the values it does not give.
    @Test func jsonPatchOperationsReplaceWholeLists() throws {
        let moved = LinkerTests.deployment("a", readingConfigMap: "settings", env: "{name: ASSETS, value: \"\(Self.s3)\"}") + LinkerTests.service("a")
            + "\n---\napiVersion: v1\nkind: ConfigMap\nmetadata: {name: settings, namespace: shop}\ndata: {CDN: \"https://cdn-assets.s3.us-west-2.amazonaws.com/x.js\"}\n"
        let ops = """
            patches:
            - target: {kind: Deployment, name: a}
              patch: '[{"op": "replace", "path": "/spec/template/spec/containers/0/env", "value": [{"name": "MODE", "value": "fast"}]}]'
            - target: {kind: ConfigMap, name: settings}
              patch: '[{"op": "remove", "path": "/data"}]'

            """
        let topology = Self.linked(prod: ops, base: moved).topology
        let prod = Self.needs(topology, "k8s:Deployment/prod/a") + Self.needs(topology, "k8s:ConfigMap/prod/settings")
        let dev = Self.needs(topology, "k8s:Deployment/dev/a") + Self.needs(topology, "k8s:ConfigMap/dev/settings")
        for url in ["url:ui-assets.s3.us-east-1.amazonaws.com", "url:cdn-assets.s3.us-west-2.amazonaws.com"] {
            #expect(dev.contains(url))
            #expect(!prod.contains(url))
        }
    }

    /// A selector operation leaves a Service's type alone and replaces or removes labels as
    /// written; pod labels likewise; an init container's image is named by its position among
    /// the init containers.
    @Test func jsonPatchOperationsOnSelectorsLabelsAndInitContainers() throws {
        let base = Self.base.replacing("spec: {selector: {app: a}}", with: "spec: {type: LoadBalancer, selector: {app: a, tier: web}}")
            .replacing("metadata: {labels: {app: a}}", with: "metadata: {labels: {app: a, tier: web}}")
            .replacing("      containers:", with: "      initContainers: [{name: setup, image: gcr.io/x/setup}]\n      containers:")
        #expect(base.contains("initContainers") && base.contains("tier: web}}\n") && base.contains("type: LoadBalancer"))
        func linked(_ operations: String) -> Topology {
            Self.linked(prod: "patches:\n- target: {name: a}\n  patch: '\(operations)'\n", base: base).topology
        }
        var topology = linked(#"[{"op": "add", "path": "/spec/selector/tier", "value": "web"}]"#)
        #expect(topology["k8s:Service/prod/a"]?.isEntrypoint == true)
        #expect(Self.needs(topology, "k8s:Service/prod/a").contains("k8s:Deployment/prod/a"))
        // The pods lose `tier`; a selector still asking for it selects nothing.
        topology = linked(#"[{"op": "replace", "path": "/spec/template/metadata/labels", "value": {"app": "a"}}]"#)
        #expect(!Self.needs(topology, "k8s:Service/prod/a").contains("k8s:Deployment/prod/a"))
        #expect(Self.needs(topology, "k8s:Service/dev/a").contains("k8s:Deployment/dev/a"))
        topology = linked(#"[{"op": "replace", "path": "/spec/template/metadata/labels", "value": {"app": "a"}}, {"op": "remove", "path": "/spec/selector/tier"}]"#)
        #expect(Self.needs(topology, "k8s:Service/prod/a").contains("k8s:Deployment/prod/a"))
        topology = linked(#"[{"op": "remove", "path": "/spec/template/metadata/labels/tier"}, {"op": "replace", "path": "/spec/selector", "value": {"app": "a"}}]"#)
        #expect(Self.needs(topology, "k8s:Service/prod/a").contains("k8s:Deployment/prod/a"))
        topology = linked(#"[{"op": "replace", "path": "/spec/template/spec/initContainers/0/image", "value": "quay.io/x/setup:2"}]"#)
        #expect(Self.needs(topology, "k8s:Deployment/prod/a").contains("image:quay.io/x/setup"))
        #expect(!Self.needs(topology, "k8s:Deployment/prod/a").contains("image:gcr.io/x/setup"))
        #expect(Self.needs(topology, "k8s:Deployment/prod/a").contains("image:gcr.io/x/a"))
    }

    /// Cases from review: deleting one of two zone labels keeps the other's pin; a pod-spec
    /// path of a Pod does not pin a Deployment; a Pod's own labels; an env value by position
    /// (counted after a strategic-merge patch added a container and an entry first, as
    /// Kustomize merges them); an entry added and the env removed in one patch; a
    /// `patchesJson6902:` target naming the object as the kustomization itself names it.
    @Test func jsonPatchOperationsAsKustomizeAppliesThem() throws {
        let east = "https://reports.s3.eu-west-1.amazonaws.com/up"
        let bucket = "url:reports.s3.eu-west-1.amazonaws.com"
        func prod(_ kustomization: String, base: String = Self.base) -> Topology {
            Self.linked(prod: kustomization, base: base).topology
        }
        let twoKeys = Self.base.replacing("\n      containers:", with: "\n      nodeSelector: {topology.kubernetes.io/zone: us-west-2a, failure-domain.beta.kubernetes.io/zone: us-west-2a}\n      containers:")
        for removal in [
            "patches:\n- target: {kind: Deployment}\n  patch: '[{\"op\": \"remove\", \"path\": \"/spec/template/spec/nodeSelector/topology.kubernetes.io~1zone\"}]'\n",
            "patches:\n- patch: |-\n    \(Self.patch("spec:\n  template:\n    spec:\n      nodeSelector: {topology.kubernetes.io/zone: null}").replacing("\n", with: "\n    "))\n",
        ] {
            #expect(prod(removal, base: twoKeys)["k8s:Deployment/prod/a"]?.sites.map(\.description) == ["{zone:aws/us-west-2/us-west-2a}"], "\(removal)")
        }
        let podPath = "patches:\n- target: {kind: Deployment}\n  patch: '[{\"op\": \"add\", \"path\": \"/spec/nodeSelector\", \"value\": {\"topology.kubernetes.io/zone\": \"us-west-2a\"}}]'\n"
        #expect(prod(podPath)["k8s:Deployment/prod/a"]?.sites.count == 3)
        let pod = "\n---\napiVersion: v1\nkind: Pod\nmetadata: {name: b, namespace: shop, labels: {app: a}}\nspec: {containers: [{name: b, image: gcr.io/x/b}]}\n"
        let relabel = "patches:\n- target: {kind: Pod, name: b}\n  patch: '[{\"op\": \"replace\", \"path\": \"/metadata/labels/app\", \"value\": \"maintenance\"}]'\n"
        #expect(Self.needs(prod("", base: Self.base + pod), "k8s:Service/prod/a").contains("k8s:Pod/prod/b"))
        #expect(!Self.needs(prod(relabel, base: Self.base + pod), "k8s:Service/prod/a").contains("k8s:Pod/prod/b"))
        let west = "url:cdn-assets.s3.us-west-2.amazonaws.com"
        let twoEnv = LinkerTests.deployment("a", readingConfigMap: "settings", env: "{name: MODE, value: fast}, {name: ASSETS, value: \"https://cdn-assets.s3.us-west-2.amazonaws.com/x\"}") + LinkerTests.service("a")
        let byPosition = """
            patches:
            - patch: |-
                \(Self.patch("spec:\n  template:\n    spec:\n      containers:\n      - {name: uploader, image: gcr.io/x/up, env: [{name: Z, value: z}]}\n      - {name: a, env: [{name: FIRST, value: x}]}").replacing("\n", with: "\n    "))
            - target: {kind: Deployment}
              patch: '[{"op": "replace", "path": "/spec/template/spec/containers/1/env/2/value", "value": "\(east)"}]'

            """
        // Container `a` is second, its env FIRST, MODE, ASSETS: position 2 is ASSETS.
        var topology = prod(byPosition, base: twoEnv)
        let requirement = try #require(topology["k8s:Deployment/prod/a"]?.requirements.first { $0.alternatives == [bucket] })
        #expect(requirement.provenance?.line == 15)
        #expect(!Self.needs(topology, "k8s:Deployment/prod/a").contains(west))
        topology = prod(byPosition.replacing("env/2/value", with: "env/1/value"), base: twoEnv)
        #expect(Self.needs(topology, "k8s:Deployment/prod/a").contains(bucket))
        #expect(Self.needs(topology, "k8s:Deployment/prod/a").contains(west))
        let addThenRemove = """
            patches:
            - target: {kind: Deployment}
              patch: '[{"op": "add", "path": "/spec/template/spec/containers/0/env/-", "value": {"name": "B", "value": "\(east)"}}, {"op": "remove", "path": "/spec/template/spec/containers/0/env"}]'

            """
        #expect(!Self.needs(prod(addThenRemove), "k8s:Deployment/prod/a").contains(bucket))
        let named = """
            namePrefix: p-
            patchesJson6902:
            - target: {group: apps, version: v1, kind: Deployment, name: p-a, namespace: prod}
              patch: '[{"op": "add", "path": "/spec/template/spec/containers/0/env/-", "value": {"name": "B", "value": "\(east)"}}]'

            """
        topology = prod(named)
        #expect(Self.needs(topology, "k8s:Deployment/prod/p-a").contains(bucket))
        #expect(!Self.needs(prod(named.replacing("patchesJson6902:", with: "patches:")), "k8s:Deployment/prod/p-a").contains(bucket))
    }

    /// Cases from the second review: a strategic-merge patch's containers come first in its
    /// order (an existing one too), init containers likewise; an entry removed by position no
    /// longer counts; the zone warning is located at the label left; a strategic-merge patch
    /// written as a Pod does not pin a Deployment a target selects; a CronJob's template
    /// replaced whole is a note.
    @Test func jsonPatchPositionsAndScopesAsKustomize() throws {
        let bucket = "url:reports.s3.eu-west-1.amazonaws.com"
        let url = "https://reports.s3.eu-west-1.amazonaws.com/u"
        func deployment(_ spec: String) -> String {
            "apiVersion: apps/v1\nkind: Deployment\nmetadata: {name: a, namespace: shop}\nspec:\n  template:\n    metadata: {labels: {app: a}}\n    spec:\n" + spec + LinkerTests.service("a")
        }
        func smp(_ spec: String) -> String {
            "- patch: |-\n    apiVersion: apps/v1\n    kind: Deployment\n    metadata: {name: a, namespace: shop}\n    spec:\n      template:\n        spec:\n" + spec
        }
        func op(_ path: String, _ value: String? = nil) -> String {
            let value = value.map { ", \"value\": \"\($0)\"" } ?? ""
            return "- target: {kind: Deployment, name: a}\n  patch: '[{\"op\": \"\(value.isEmpty ? "remove" : "replace")\", \"path\": \"\(path)\"\(value)}]'\n"
        }
        let two = deployment("      containers:\n      - {name: app, image: gcr.io/x/a, env: [{name: MODE, value: prod}]}\n      - {name: uploader, image: gcr.io/x/u, env: [{name: DEST, value: \"\(url)\"}]}\n")
        // The patch touches uploader only: it moves first, so position 1 is app.
        var kustomization = "patches:\n" + smp("          containers: [{name: uploader, image: busybox}]\n") + op("/spec/template/spec/containers/1/env/0/value", "off")
        #expect(Self.needs(Self.linked(prod: kustomization, base: two).topology, "k8s:Deployment/prod/a").contains(bucket))
        #expect(!Self.needs(Self.linked(prod: "patches:\n" + op("/spec/template/spec/containers/1/env/0/value", "off"), base: two).topology, "k8s:Deployment/prod/a").contains(bucket))
        let initial = deployment("      initContainers: [{name: migrate, image: gcr.io/x/m, env: [{name: SRC, value: \"\(url)\"}]}]\n      containers: [{name: app, image: gcr.io/x/a}]\n")
        kustomization = "patches:\n" + smp("          initContainers: [{name: wait, image: busybox, env: [{name: T, value: t}]}]\n") + op("/spec/template/spec/initContainers/0/env/0/value", "x")
        #expect(Self.needs(Self.linked(prod: kustomization, base: initial).topology, "k8s:Deployment/prod/a").contains(bucket))
        let three = deployment("      containers: [{name: app, image: gcr.io/x/a, env: [{name: A, value: a}, {name: B, value: \"\(url)\"}, {name: C, value: c}]}]\n")
        kustomization = "patches:\n" + op("/spec/template/spec/containers/0/env/0") + op("/spec/template/spec/containers/0/env/1/value", "x")
        #expect(Self.needs(Self.linked(prod: kustomization, base: three).topology, "k8s:Deployment/prod/a").contains(bucket))
        let twoKeys = deployment("      nodeSelector:\n        failure-domain.beta.kubernetes.io/zone: us-west-2a\n        topology.kubernetes.io/zone: us-west-2a\n      containers: [{name: app, image: gcr.io/x/a}]\n")
        let prod = try #require(Self.linked(prod: "patches:\n" + op("/spec/template/spec/nodeSelector/topology.kubernetes.io~1zone"), base: twoKeys).topology["k8s:Deployment/prod/a"])
        #expect(prod.sites.map(\.description) == ["{zone:aws/us-west-2/us-west-2a}"])
        #expect(prod.placedBy?.line == 9)
        let asPod = "patches:\n- target: {kind: Deployment, name: a}\n  patch: |-\n    apiVersion: v1\n    kind: Pod\n    metadata: {name: any}\n    spec:\n      nodeSelector: {topology.kubernetes.io/zone: us-west-2a}\n"
        #expect(Self.linked(prod: asPod).topology["k8s:Deployment/prod/a"]?.sites.count == 3)
        let cron = "\n---\napiVersion: batch/v1\nkind: CronJob\nmetadata: {name: r, namespace: shop}\nspec:\n  jobTemplate:\n    spec:\n      template:\n        spec: {containers: [{name: r, image: gcr.io/x/r}]}\n"
        let replaced = "patches:\n- target: {kind: CronJob}\n  patch: '[{\"op\": \"replace\", \"path\": \"/spec/jobTemplate/spec/template\", \"value\": {}}]'\n"
        #expect(Self.linked(prod: replaced, base: Self.base + cron).topology.diagnostics.contains {
            $0.path == "k8s/overlays/prod/kustomization.yaml" && $0.summary == "JSON 6902 operation replace /spec/jobTemplate/spec/template is not applied"
        })
    }

    /// A patch writing a StatefulSet's claim templates replaces them (strategic merge and
    /// JSON 6902 alike): a zonal storage class patched in pins the pods to its zone.
    @Test func claimTemplatesArePatchedWhole() throws {
        let base = """
            apiVersion: storage.k8s.io/v1
            kind: StorageClass
            metadata: {name: zonal}
            allowedTopologies: [{matchLabelExpressions: [{key: topology.kubernetes.io/zone, values: [us-west-2a]}]}]
            ---
            apiVersion: apps/v1
            kind: StatefulSet
            metadata: {name: db, namespace: shop}
            spec:
              template:
                spec: {containers: [{name: db, image: gcr.io/x/db}]}
              volumeClaimTemplates:
              - metadata: {name: data}
                spec: {storageClassName: standard}
            """
        let strategic = "patches:\n- patch: |-\n    apiVersion: apps/v1\n    kind: StatefulSet\n    metadata: {name: db, namespace: shop}\n    spec:\n      volumeClaimTemplates:\n      - metadata: {name: data}\n        spec: {storageClassName: zonal}\n"
        let operations = "patches:\n- target: {kind: StatefulSet}\n  patch: '[{\"op\": \"replace\", \"path\": \"/spec/volumeClaimTemplates\", \"value\": [{\"metadata\": {\"name\": \"data\"}, \"spec\": {\"storageClassName\": \"zonal\"}}]}]'\n"
        for patch in [strategic, operations] {
            let topology = Self.linked(prod: patch, base: base).topology
            #expect(topology["k8s:StatefulSet/prod/db"]?.sites.map(\.description) == ["{zone:aws/us-west-2/us-west-2a}"], "\(patch)")
            #expect(topology["k8s:StatefulSet/dev/db"]?.sites.count == 3)
        }
    }

    /// A patch of a generated ConfigMap replaces the literal of the key it sets.
    @Test func aGeneratedConfigMapsLiteralIsReplacedByAPatch() throws {
        let generator = "configMapGenerator:\n- name: assets\n  namespace: shop\n  literals: [\"URL=\(Self.s3)\"]\n"
        let patch = "patches:\n- patch: |-\n    apiVersion: v1\n    kind: ConfigMap\n    metadata: {name: assets, namespace: shop}\n    data: {URL: /static/}\n"
        let topology = LinkFixture(files: [
            (".faultline.yaml", Self.cluster),
            ("k8s/app/kustomization.yaml", generator + patch),
        ]).linked().topology
        #expect(topology["k8s:ConfigMap/shop/assets"] != nil)
        #expect(!Self.needs(topology, "k8s:ConfigMap/shop/assets").contains("url:ui-assets.s3.us-east-1.amazonaws.com"))
        let unpatched = LinkFixture(files: [(".faultline.yaml", Self.cluster), ("k8s/app/kustomization.yaml", generator)]).linked().topology
        #expect(Self.needs(unpatched, "k8s:ConfigMap/shop/assets").contains("url:ui-assets.s3.us-east-1.amazonaws.com"))
    }

    /// A patch file written in JSON and named as a patch is read and applied.
    @Test func aJSONPatchFileIsApplied() throws {
        let operations = #"[{"op": "add", "path": "/spec/template/spec/containers/0/env/-", "value": {"name": "B", "value": "\#(Self.s3)"}}]"#
        let kustomization = "patchesJson6902:\n- target: {group: apps, version: v1, kind: Deployment, name: a}\n  path: assets-patch.json\n"
        let linked = Self.linked(prod: kustomization, files: [("assets-patch.json", operations)])
        #expect(Self.needs(linked.topology, "k8s:Deployment/prod/a").contains("url:ui-assets.s3.us-east-1.amazonaws.com"))
        #expect(!Self.needs(linked.topology, "k8s:Deployment/dev/a").contains("url:ui-assets.s3.us-east-1.amazonaws.com"))
        #expect(!linked.topology.diagnostics.contains { $0.path?.hasPrefix("k8s/overlays/prod/") == true })
    }

    /// Operations Faultline does not apply are noted where written; one without a target is
    /// a warning (Kustomize refuses it).
    @Test func jsonPatchOperationsNotAppliedAreSaid() throws {
        let ops = "- op: remove\n  path: /spec/template/spec/containers/0/envFrom\n- op: replace\n  path: /spec/template/spec/containers/0/readinessProbe/periodSeconds\n  value: 5\n"
        let linked = Self.linked(prod: "patches:\n- path: ops.yaml\n  target: {kind: Deployment}\n- path: loose.yaml\n", files: [("ops.yaml", ops), ("loose.yaml", ops)])
        let said = linked.topology.diagnostics.filter { $0.path?.hasPrefix("k8s/overlays/prod/") == true }.map { "\($0.severity) \($0.path ?? ""):\($0.line ?? 0) \($0.summary)" }
        #expect(said.sorted() == [
            "note k8s/overlays/prod/loose.yaml:1 JSON 6902 operation remove /spec/template/spec/containers/0/envFrom is not applied",
            "note k8s/overlays/prod/ops.yaml:1 JSON 6902 operation remove /spec/template/spec/containers/0/envFrom is not applied",
            "warning k8s/overlays/prod/kustomization.yaml:6 Kustomize JSON 6902 patch has no target",
        ])
    }

    /// A Service patched to `ClusterIP` no longer faces users; a single-line inline patch is a
    /// patch, not a file name; a patch file Faultline does not read is a note.
    @Test func clusterIPPatchesInlineJSONAndUnreadFiles() throws {
        let base = Self.base.replacing("spec: {selector: {app: a}}", with: "spec: {type: LoadBalancer, selector: {app: a}}")
        #expect(base != Self.base)
        let inline = "patchesStrategicMerge:\n- '{\"apiVersion\": \"v1\", \"kind\": \"Service\", \"metadata\": {\"name\": \"a\", \"namespace\": \"shop\"}, \"spec\": {\"type\": \"ClusterIP\"}}'\n"
        let linked = Self.linked(prod: inline + "patches: [{path: ops.json}]\n", base: base)
        #expect(linked.topology["k8s:Service/prod/a"]?.isEntrypoint == false)
        #expect(linked.topology["k8s:Service/dev/a"]?.isEntrypoint == true)
        #expect(linked.topology.diagnostics.contains { $0.summary == "Kustomize patch k8s/overlays/prod/ops.json is not read, so it is not applied" })
    }

    /// Overlays of one naming, one deleting an object the other keeps: the object is
    /// deployed, needing what the keeping overlay gives it, and no other object takes its needs.
    @Test func anObjectOneOverlayDeletesIsKeptByAnother() throws {
        let delete = "patches:\n- patch: |-\n    $patch: delete\n    apiVersion: apps/v1\n    kind: Deployment\n    metadata: {name: a, namespace: shop}\n"
        let base = Self.base + "\n---\n" + LinkerTests.deployment("b", image: "gcr.io/x/b")
        let topology = LinkFixture(files: [
            (".faultline.yaml", Self.cluster),
            ("k8s/base/app.yaml", base),
            ("k8s/base/kustomization.yaml", "resources: [app.yaml]\n"),
            ("k8s/a1/kustomization.yaml", "resources: [../base]\n" + delete),
            ("k8s/b2/kustomization.yaml", "resources: [../base]\npatches: [{path: assets.yaml}]\n"),
            ("k8s/b2/assets.yaml", Self.envPatch),
        ]).linked().topology
        #expect(Self.needs(topology, "k8s:Deployment/shop/a").contains("url:ui-assets.s3.us-east-1.amazonaws.com"))
        #expect(!Self.needs(topology, "k8s:Deployment/shop/b").contains("url:ui-assets.s3.us-east-1.amazonaws.com"))
    }

    /// Copies of a manifest combine object by object, in the order met: a copy equal to one
    /// before adds nothing, an object only a later copy has is deployed, an object's distinct
    /// versions add their values once each, and the narrowest placement holds.
    @Test func copiesCombineByObjectInTheOrderMet() throws {
        func workload(_ name: String, _ line: Int) -> WorkloadFact { WorkloadFact(kind: "Deployment", namespace: "shop", name: name, line: line) }
        func mention(_ host: String) -> Mention { Mention(text: "https://\(host)/x", line: 9, context: "env URL", container: "app") }
        var first = FileFacts(path: "base/app.yaml")
        first.workloads = [workload("a", 1), workload("b", 20)]
        first.workloads[1].mentions = [mention("base.example.com")]
        first.ingresses = [IngressFact(namespace: "shop", name: "web", line: 40, backends: [], hosts: [])]
        var second = first
        second.workloads[1].mentions.append(mention("one.example.com"))
        second.workloads[1].placement = PlacementFact(zones: ["us-west-2a"], line: 12)
        var third = first
        third.workloads.remove(at: 0)
        third.workloads[0].mentions.append(mention("two.example.com"))
        third.workloads.append(workload("c", 60))
        third.ingresses = []
        var combination = KustomizeRenderings.Combination(first)
        for copy in [second, third, second, first] { combination.add(copy) }
        let combined = combination.combined
        #expect(combined.workloads.map(\.name) == ["a", "b", "c"])
        #expect(combined.workloads[1].mentions.map(\.text) == ["https://base.example.com/x", "https://one.example.com/x", "https://two.example.com/x"])
        #expect(combined.workloads[1].placement.zones == ["us-west-2a"])
        #expect(combined.workloads[0] == first.workloads[0])
        #expect(combined.ingresses == first.ingresses)
    }

    /// A `target:` applies the patch to every object it selects, its name a regular expression.
    @Test func aTargetSelectsByKindNameAndNamespace() throws {
        let base = Self.base + "\n---\n" + LinkerTests.deployment("b", image: "gcr.io/x/b") + "\n---\n" + LinkerTests.deployment("web", image: "gcr.io/x/web")
        let targeted = "patches:\n- path: assets.yaml\n  target: {kind: Deployment, name: \"a|b\"}\n"
        let topology = Self.linked(prod: targeted, files: [("assets.yaml", Self.envPatch.replacing("name: a,", with: "name: any,"))], base: base).topology
        let bucket = "url:ui-assets.s3.us-east-1.amazonaws.com"
        #expect(Self.needs(topology, "k8s:Deployment/prod/a").contains(bucket))
        #expect(Self.needs(topology, "k8s:Deployment/prod/b").contains(bucket))
        #expect(!Self.needs(topology, "k8s:Deployment/prod/web").contains(bucket))
    }

    /// Target names are matched in the forms targets use, in time linear in the name; other
    /// regular expressions are refused, and the patch is noted as not applied.
    @Test(arguments: [
        ("a|b", "b", true), ("a|b", "ab", false), ("web-.*", "web-1", true), ("web-.*", "api-web-1", false), (".*", "x", true),
        ("^web$", "web", true), ("w.b", "wxb", true), ("w.b", "wb", false), ("a\\.b", "a.b", true), ("a\\.b", "axb", false), ("", "", true),
        ("(kustomize-controller|helm-controller)", "helm-controller", true), ("^(a|b)$", "ab", false),
    ])
    func targetNamesMatchTheWholeName(pattern: String, name: String, expected: Bool) throws {
        let compiled = try #require(KustomizeRenderings.NamePattern(pattern))
        #expect(compiled.matches(name) == expected)
    }

    @Test func aTargetNameFaultlineCannotMatchIsANote() throws {
        for pattern in ["(a+)+$", "[a-z]+", "a{2}", "\\d", "(a|b)c", "((a))"] { #expect(KustomizeRenderings.NamePattern(pattern) == nil) }
        // What a backtracking engine takes exponential time over is matched at once.
        let hostile = try #require(KustomizeRenderings.NamePattern(String(repeating: ".*a", count: 200) + "b"))
        #expect(!hostile.matches(String(repeating: "a", count: 253)))
        let targeted = "patches:\n- path: assets.yaml\n  target: {kind: Deployment, name: \"(a+)+$\"}\n"
        let linked = Self.linked(prod: targeted, files: [("assets.yaml", Self.envPatch)])
        #expect(!Self.needs(linked.topology, "k8s:Deployment/prod/a").contains("url:ui-assets.s3.us-east-1.amazonaws.com"))
        #expect(linked.topology.diagnostics.contains {
            $0.path == "k8s/overlays/prod/kustomization.yaml" && $0.line == 4 && $0.summary.hasPrefix("Kustomize patch target (Deployment, (a+)+$) uses regular-expression syntax")
        })
    }

    /// One object changed by more patches than the limit takes the first ones, with one warning.
    @Test func patchesOfOneObjectAreBounded() throws {
        var patches = "patches:\n"
        for number in 0...KustomizeRenderings.patchLimit {
            patches += "- target: {kind: Deployment}\n  patch: |-\n    apiVersion: apps/v1\n    kind: Deployment\n    metadata: {name: x}\n"
                + "    spec: {template: {spec: {containers: [{name: a, env: [{name: X\(number), value: \"https://bucket\(number).s3.us-east-1.amazonaws.com/x\"}]}]}}}\n"
        }
        let topology = Self.linked(prod: patches).topology
        let buckets = Self.needs(topology, "k8s:Deployment/prod/a").filter { $0.hasPrefix("url:bucket") }
        #expect(buckets.count == KustomizeRenderings.patchLimit)
        // The last ones are applied: a later patch wins.
        #expect(!buckets.contains("url:bucket0.s3.us-east-1.amazonaws.com"))
        #expect(buckets.contains("url:bucket\(KustomizeRenderings.patchLimit).s3.us-east-1.amazonaws.com"))
        #expect(topology.diagnostics.filter { $0.summary.hasPrefix("more than \(KustomizeRenderings.patchLimit) patches") }.count == 1)
        // The limit holds through nested kustomizations: 200 in the base and 200 in the overlay.
        func many(_ range: Range<Int>) -> String {
            "patches:\n" + range.map { number in
                "- target: {kind: Deployment}\n  patch: |-\n    apiVersion: apps/v1\n    kind: Deployment\n    metadata: {name: x}\n"
                    + "    spec: {template: {spec: {containers: [{name: a, env: [{name: X\(number), value: \"https://bucket\(number).s3.us-east-1.amazonaws.com/x\"}]}]}}}\n"
            }.joined()
        }
        let nested = LinkFixture(files: [
            (".faultline.yaml", Self.cluster),
            ("k8s/base/app.yaml", Self.base),
            ("k8s/base/kustomization.yaml", "resources: [app.yaml]\n" + many(0..<200)),
            ("k8s/overlays/prod/kustomization.yaml", "resources: [../../base]\n" + many(200..<400)),
        ]).linked().topology
        #expect(Self.needs(nested, "k8s:Deployment/shop/a").filter { $0.hasPrefix("url:bucket") }.count == KustomizeRenderings.patchLimit)
    }

    /// What Kustomize would fail on is a warning; what is not applied is a note.
    @Test func unmatchedMissingAndUnappliedPatchesAreSaid() throws {
        let ops = "- op: replace\n  path: /spec/replicas\n  value: 3\n"
        // The operations apply (their notes: jsonPatchOperationsNotAppliedAreSaid).
        let linked = Self.linked(
            prod: "patches: [{path: other.yaml}, {path: gone.yaml}, {path: ops.yaml, target: {kind: Deployment}}]\n",
            files: [("other.yaml", Self.patch("spec: {replicas: 2}", name: "other")), ("ops.yaml", ops)])
        let said = linked.topology.diagnostics.filter { $0.path?.hasPrefix("k8s/overlays/prod/") == true }.map { "\($0.severity) \($0.path ?? ""):\($0.line ?? 0) \($0.summary)" }
        #expect(said.sorted() == [
            "warning k8s/overlays/prod/kustomization.yaml:3 kustomization k8s/overlays/prod/kustomization.yaml patches with k8s/overlays/prod/gone.yaml, which this commit does not have (or .faultline.yaml ignores)",
            "warning k8s/overlays/prod/other.yaml:1 patch of Deployment other (applied by k8s/overlays/prod/kustomization.yaml:3) names no object that kustomization renders",
        ])
        // A kustomization rendering a remote resource may patch what Faultline cannot see.
        let remote = LinkFixture(files: [
            (".faultline.yaml", Self.cluster),
            ("k8s/base/app.yaml", Self.base),
            ("k8s/base/kustomization.yaml", "resources: [app.yaml, github.com/example/app//deploy?ref=v1]\n"),
            ("k8s/overlays/prod/kustomization.yaml", "resources: [../../base]\npatches: [{path: other.yaml}, {path: app.yaml}]\n"),
            ("k8s/overlays/prod/other.yaml", Self.patch("spec: {replicas: 2}", name: "other")),
            ("k8s/overlays/prod/app.yaml", Self.envPatch),
        ]).linked()
        #expect(!remote.topology.diagnostics.contains { $0.severity == .warning && $0.path?.hasPrefix("k8s/overlays/prod/") == true })
        #expect(Self.needs(remote.topology, "k8s:Deployment/shop/a").contains("url:ui-assets.s3.us-east-1.amazonaws.com"))
        // So may one inflating a Helm chart; a patch of a HelmRelease is named as one.
        let release = "apiVersion: helm.toolkit.fluxcd.io/v2\nkind: HelmRelease\nmetadata: {name: web, namespace: shop}\nspec: {values: {replicas: 2}}\n"
        let chart = LinkFixture(files: [
            (".faultline.yaml", Self.cluster),
            ("k8s/app/kustomization.yaml", "helmCharts:\n- {name: web, repo: https://charts.example.com, version: 1.0.0}\npatches: [{path: web.yaml}, {path: release.yaml}]\n"),
            ("k8s/app/web.yaml", Self.patch("spec: {replicas: 2}", name: "web")),
            ("k8s/app/release.yaml", release),
        ]).linked()
        let chartSaid = chart.topology.diagnostics.filter { $0.path?.hasPrefix("k8s/app/") == true }.map { "\($0.severity) \($0.path ?? ""):\($0.line ?? 0) \($0.summary)" }
        #expect(chartSaid.sorted() == [
            "note k8s/app/kustomization.yaml:1 Kustomize Kustomization: helmCharts not applied, only its resources, images, namespace, names, labels and patches",
            "note k8s/app/release.yaml:1 Kustomize patch (named at k8s/app/kustomization.yaml:3): its HelmRelease changes are not applied",
        ])
    }
}

/// A Knative Service is patched by a strategic-merge patch written as one (its kind and group
/// are the object's); a `target:` of kind `Service` selects core Services only.
@Suite struct KustomizeKnativePatchTests {
    static let knative = """
        apiVersion: serving.knative.dev/v1
        kind: Service
        metadata: {name: ui, namespace: shop}
        spec:
          template:
            spec:
              containers:
              - name: ui
                image: ghcr.io/acme/ui:1.0
        """

    @Test func aPatchWrittenAsTheKnativeServiceSetsItsEnv() {
        let patch = """
            apiVersion: serving.knative.dev/v1
            kind: Service
            metadata: {name: ui, namespace: shop}
            spec:
              template:
                spec:
                  containers:
                  - name: ui
                    env: [{name: ASSETS, value: "\(KustomizePatchTests.s3)"}]
            """
        let linked = LinkFixture(files: [
            (".faultline.yaml", KustomizePatchTests.cluster),
            ("k8s/ui.yaml", Self.knative),
            ("k8s/assets.yaml", patch),
            ("k8s/kustomization.yaml", "resources: [ui.yaml]\npatches:\n- path: assets.yaml\n"),
        ]).linked()
        let needs = KustomizePatchTests.needs(linked.topology, "k8s:Service.serving.knative.dev/shop/ui")
        #expect(needs.contains("url:ui-assets.s3.us-east-1.amazonaws.com"), "\(linked.topology.diagnostics)")
    }
}

/// A patch selected by its entry's `target:` needs no `apiVersion` (Kustomize applies it), in
/// a file or inline.
@Suite struct KustomizePatchWithoutAPIVersionTests {
    @Test(arguments: [true, false])
    func aTargetedPatchWithoutAPIVersionApplies(inline: Bool) {
        let patch = """
            kind: Deployment
            metadata: {name: a}
            spec:
              template:
                spec:
                  containers:
                  - name: a
                    env: [{name: ASSETS, value: "\(KustomizePatchTests.s3)"}]
            """
        let kustomization = inline
            ? "patches:\n- target: {kind: Deployment, name: a}\n  patch: |-\n" + patch.split(separator: "\n").map { "    \($0)" }.joined(separator: "\n") + "\n"
            : "patches:\n- path: assets.yaml\n  target: {kind: Deployment, name: a}\n"
        let linked = KustomizePatchTests.linked(prod: kustomization, files: inline ? [] : [("assets.yaml", patch)])
        let bucket = "url:ui-assets.s3.us-east-1.amazonaws.com"
        #expect(KustomizePatchTests.needs(linked.topology, "k8s:Deployment/prod/a").contains(bucket), "\(linked.topology.diagnostics)")
        #expect(!KustomizePatchTests.needs(linked.topology, "k8s:Deployment/dev/a").contains(bucket))
        #expect(!linked.topology.diagnostics.contains { $0.summary.contains("holds neither") || $0.summary.contains("not applied") })
    }

    /// The same for an Argo Rollout (a patch of one is written without its group as often).
    @Test func aTargetedRolloutPatchWithoutAPIVersionApplies() {
        let rollout = "apiVersion: argoproj.io/v1alpha1\nkind: Rollout\nmetadata: {name: ui, namespace: shop}\nspec:\n  template:\n    metadata: {labels: {app: ui}}\n    spec:\n      containers: [{name: ui, image: gcr.io/acme/ui:1}]\n"
        let patch = "kind: Rollout\nmetadata: {name: ui}\nspec:\n  template:\n    spec:\n      containers: [{name: ui, env: [{name: ASSETS, value: \"\(KustomizePatchTests.s3)\"}]}]\n"
        let linked = LinkFixture(files: [
            (".faultline.yaml", KustomizePatchTests.cluster), ("k8s/ui.yaml", rollout), ("k8s/assets.yaml", patch),
            ("k8s/kustomization.yaml", "resources: [ui.yaml]\npatches:\n- path: assets.yaml\n  target: {kind: Rollout, name: ui}\n"),
        ]).linked()
        #expect(KustomizePatchTests.needs(linked.topology, "k8s:Rollout/shop/ui").contains("url:ui-assets.s3.us-east-1.amazonaws.com"), "\(linked.topology.diagnostics)")
    }
}
