import BuiltinPolicies
import Foundation
import Testing

@Suite struct BuiltinPoliciesTests {
    /// The package's Policies folder, found from this file's path.
    static let policiesFolder = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        .appending(path: "Policies")

    /// Every regular, non-hidden file under Policies/, relative to it, sorted.
    static func filesOnDisk() throws -> [String] {
        let root = policiesFolder.standardizedFileURL.path + "/"
        let walker = try #require(
            FileManager.default.enumerator(
                at: policiesFolder, includingPropertiesForKeys: [.isRegularFileKey], options: [.skipsHiddenFiles]))
        var paths: [String] = []
        for case let url as URL in walker
        where (try url.resourceValues(forKeys: [.isRegularFileKey])).isRegularFile == true {
            paths.append(String(url.standardizedFileURL.path.dropFirst(root.count)))
        }
        return paths.sorted()
    }

    @Test func everyPoliciesFileIsEmbeddedInPathOrder() throws {
        let embedded = BuiltinPolicies.all.map(\.path)
        #expect(embedded == (try Self.filesOnDisk()))
        #expect(embedded.contains("catalog/aws.yaml"))
        #expect(embedded == embedded.sorted())
    }

    @Test func embeddedContentsAreByteForByteTheFiles() throws {
        for file in BuiltinPolicies.all {
            let onDisk = try Data(contentsOf: Self.policiesFolder.appending(path: file.path))
            #expect(Array(file.contents.utf8) == Array(onDisk), "\(file.path)")
        }
    }

    @Test func filesUnderAPrefix() {
        let catalog = BuiltinPolicies.files(under: "catalog/")
        #expect(!catalog.isEmpty)
        #expect(catalog.allSatisfy { $0.path.hasPrefix("catalog/") })
        #expect(BuiltinPolicies.files["catalog/saas.yaml"]?.contains("id: dockerhub") == true)
    }
}
