import Foundation

/// Paths inside the repository, for tests that read shipped fixtures or launch the built binary.
public enum TestPaths {
    /// The repository root (the folder holding `Package.swift`).
    public static let repositoryRoot: String = {
        URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent().path
    }()

    /// `Fixtures/replay/bfcl.jsonl`.
    public static var bfclReplay: String { repositoryRoot + "/Fixtures/replay/bfcl.jsonl" }

    /// The built `verifier` executable next to the test bundle.
    public static var verifierExecutable: String {
        var url = Bundle.main.bundleURL
        for _ in 0..<4 {
            let candidate = url.appendingPathComponent("verifier").path
            if FileManager.default.isExecutableFile(atPath: candidate) { return candidate }
            url = url.deletingLastPathComponent()
        }
        return repositoryRoot + "/.build/debug/verifier"
    }

    /// A new empty temporary folder.
    /// - Parameter name: A prefix for its name.
    /// - Returns: The folder's path.
    public static func temporaryDirectory(_ name: String) -> String {
        let path = NSTemporaryDirectory() + "vv-\(name)-\(UUID().uuidString.prefix(8))"
        try? FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
        return path
    }
}
