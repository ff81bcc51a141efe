import Model
import Report
import Testing

@Suite struct TopologyRendererTests {
    /// The same Service in a plain manifest, a kustomize base and a rendered release: one
    /// object whose requirement each file states again.
    static var topology: Topology {
        let files = ["kubernetes-manifests/frontend.yaml", "kustomize/base/frontend.yaml", "release/manifests.yaml"]
        let service = Component(
            id: "k8s:Service/default/frontend", kind: .service,
            requirements: files.map {
                Requirement("k8s:Deployment/default/frontend", provenance: .init(path: $0, line: 40), note: "selects 1 workload")
            },
            provenance: files.map { .init(path: $0, line: 30) }, isEntrypoint: true)
        let deployment = Component(
            id: "k8s:Deployment/default/frontend", kind: .workload, sites: [Site([ReportFixture.domain("zone:aws/us-east-1/us-east-1a")])],
            provenance: [.init(path: "kubernetes-manifests/frontend.yaml", line: 1), .init(path: "kubernetes-manifests/frontend.yaml", line: 9)])
        return Topology(components: [service, deployment])
    }

    @Test func aRequirementStatedInSeveralFilesIsShownOnce() {
        let text = TopologyRenderer.render(Self.topology, commit: nil, format: .text)
        let needs = text.split(separator: "\n").filter { $0.contains("needs k8s:Deployment/default/frontend") }
        #expect(needs == ["  needs k8s:Deployment/default/frontend  (selects 1 workload)"])
        // Where else the Service is declared is said; the Deployment, named twice in one file, has no such line.
        #expect(text.contains("  also in: kustomize/base/frontend.yaml:30, release/manifests.yaml:30\n"))
        #expect(text.components(separatedBy: "also in:").count == 2)
    }

    @Test(arguments: [TopologyRenderer.Format.dot, .mermaid])
    func anEdgeIsDrawnOnce(format: TopologyRenderer.Format) {
        let picture = TopologyRenderer.render(Self.topology, commit: nil, format: format)
        let edges = picture.split(separator: "\n").filter { $0.contains("->") && !$0.contains("color=gray") }
        #expect(edges.count == 1, "\(picture)")
    }

    @Test func manyOtherFilesAreCountedAfterThree() {
        let files = (1...6).map { "k8s/copy\($0).yaml" }
        let component = Component(id: "k8s:ConfigMap/default/c", kind: .other, provenance: files.map { .init(path: $0, line: 1) })
        let text = TopologyRenderer.render(Topology(components: [component]), commit: nil, format: .text)
        #expect(text.contains("  also in: k8s/copy2.yaml:1, k8s/copy3.yaml:1, k8s/copy4.yaml:1 and 2 more\n"))
    }
}
