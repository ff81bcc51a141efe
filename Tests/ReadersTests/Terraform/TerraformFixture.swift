import Model
import Simulation
@testable import Readers

/// A commit's files given as text, read through the registered readers and linked, with the
/// outage engine over the result.
struct TerraformFixture {
    let linked: LinkedTopology
    let engine: OutageEngine

    init(_ files: [String: String]) {
        let linker = Linker()
        linked = linker.link(Self.facts(files), commit: nil)
        engine = OutageEngine(topology: linked.topology, catalog: linker.correlations)
    }

    /// The facts of the files some reader takes, in path order, with the text of each file
    /// their Terraform reads, as the commit reader gives them.
    static func facts(_ files: [String: String]) -> [FileFacts] {
        var facts = files.keys.sorted().compactMap { path -> FileFacts? in
            guard let bytes = files[path], let reader = ReaderRegistry.reader(for: path) else { return nil }
            return reader.read(path: path, bytes: Array(bytes.utf8))
        }
        let reads = Set(facts.flatMap { file in file.terraform.map { TerraformFiles.reads(of: $0, at: file.path) } ?? [] })
        for path in reads.sorted() {
            guard let text = files[path] else { continue }
            if let index = facts.firstIndex(where: { $0.path == path }) {
                facts[index].readText = text
            } else {
                facts.append(TextReader().read(path: path, bytes: Array(text.utf8)))
            }
        }
        return facts.sorted { $0.path < $1.path }
    }

    var topology: Topology { linked.topology }

    func component(_ id: String) -> Component? { topology.components[id] }

    /// Whether a component is down when the domain with this id fails.
    func isDown(_ component: String, when domain: String) -> Bool {
        guard let target = FailureDomain(id: domain) else { return false }
        return engine.outcome(of: Scenario(target)).down.contains(component)
    }

    var diagnostics: [Diagnostic] { topology.diagnostics }
}
