import Model
import Testing
@testable import Readers
import TestSupport

/// JSON 6902 operations are read from untrusted files: any pointer and value gives changes or
/// notes, never a crash, and linking what was read never fails either.
@Suite struct JSONPatchReadingTests {
    @Test func pointersAreSplitAndUnescaped() {
        #expect(JSONPatchReading.tokens("/spec/template/spec/nodeSelector/topology.kubernetes.io~1zone") == [
            "spec", "template", "spec", "nodeSelector", "topology.kubernetes.io/zone",
        ])
        #expect(JSONPatchReading.tokens("/a~0b//c") == ["a~b", "", "c"])
        #expect(JSONPatchReading.tokens("") == [])
        #expect(JSONPatchReading.tokens("spec") == nil)
    }

    /// JSON files are read only when their path says they are patches.
    @Test(arguments: [
        ("k8s/prod/patch.json", true), ("k8s/prod/web-patch.json", true), ("k8s/patches/web.json", true), ("k8s/Patch.json", true),
        ("dispatch.json", false), ("package.json", false), ("dashboards/web.json", false), ("k8s/patch.yaml.bak", false),
    ])
    func jsonPatchFilesAreKnownByTheirPath(path: String, read: Bool) {
        #expect(KubernetesReader().accepts(path: path) == read)
    }

    /// Operations built from the words of real pointers, in any order and with any kind of
    /// value, over a Deployment, a Service and a ConfigMap: read and linked without a crash.
    @Test func anyOperationIsReadAndLinked() {
        let words = [
            "spec", "template", "jobTemplate", "containers", "initContainers", "env", "args", "command", "image", "nodeSelector",
            "affinity", "nodeAffinity", "requiredDuringSchedulingIgnoredDuringExecution", "nodeSelectorTerms", "data", "type",
            "selector", "replicas", "metadata", "labels", "0", "1", "-", "-1", "99999999999999999999", "topology.kubernetes.io~1zone", "",
        ]
        let values = [
            "x", "https://b.s3.us-east-1.amazonaws.com/x", "null", "[]", "[a, {name: E, value: 'https://h.example.com'}]",
            "{name: c, image: 'nginx:1', env: [{name: E, value: 'https://b.s3.us-east-1.amazonaws.com'}]}",
            "{topology.kubernetes.io/zone: us-west-2a}", "{nodeAffinity: {requiredDuringSchedulingIgnoredDuringExecution: {nodeSelectorTerms: [{}]}}}",
            "{nodeSelectorTerms: 3}",
        ]
        var generator = SplitMix64(state: 6902)
        var operations: [String] = []
        for _ in 0..<600 {
            let depth = Int(generator.next() % 7)
            let path = (0..<depth).map { _ in words[Int(generator.next() % UInt64(words.count))] }
            let op = ["add", "replace", "remove", "move", "copy", "test"][Int(generator.next() % 6)]
            let value = values[Int(generator.next() % UInt64(values.count))]
            operations.append("- op: \(op)\n  path: \"/\(path.joined(separator: "/"))\"\n  value: \(value)\n")
        }
        let base = LinkerTests.deployment("a", readingConfigMap: "settings", env: "{name: ASSETS, value: /static/app.js}") + LinkerTests.service("a")
            + "\n---\napiVersion: v1\nkind: ConfigMap\nmetadata: {name: settings, namespace: shop}\ndata: {CDN: x}\n"
        for chunk in stride(from: 0, to: operations.count, by: 20) {
            let ops = operations[chunk..<min(chunk + 20, operations.count)].joined()
            let facts = KubernetesReader().read(path: "k8s/ops.yaml", bytes: Array(ops.utf8))
            #expect(facts.patchOperations != nil)
            let linked = LinkFixture(files: [
                (".faultline.yaml", KustomizeImagesTests.cluster),
                ("k8s/base.yaml", base),
                ("k8s/ops.yaml", ops),
                ("k8s/kustomization.yaml", "resources: [base.yaml]\npatches:\n- path: ops.yaml\n  target: {name: a|settings}\n"),
            ]).linked()
            #expect(linked.topology["k8s:Deployment/shop/a"] != nil)
        }
    }
}
