import Foundation

/// Fixture files kept under Tests/ReadersTests/Fixtures, found from this source file's path.
enum FixtureFiles {
    static let folder = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appending(path: "Fixtures")

    /// The bytes of a fixture, by its path relative to the Fixtures folder.
    static func bytes(_ relativePath: String) throws -> [UInt8] {
        [UInt8](try Data(contentsOf: folder.appending(path: relativePath)))
    }
}
