package import Foundation

/// Paths inside the repository, for tests that read its files.
package enum RepositoryPaths {
    /// The repository root, found from this file's location.
    package static let root: URL = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent()  // ShortlistTestSupport
        .deletingLastPathComponent()  // Tests
        .deletingLastPathComponent()

    package static func file(_ relativePath: String) -> URL {
        root.appendingPathComponent(relativePath)
    }

    /// A fresh empty directory for one test, removed by the system's temporary-file cleanup.
    package static func temporaryDirectory(_ label: String = "shortlist-test") throws -> URL {
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("\(label)-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
        return url
    }
}
