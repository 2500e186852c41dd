import Foundation
import JSONSchema
import VerifierJudging

/// Finds the project's `Fixtures/` folder: in the current directory or above, or above the running
/// executable (so `.build/debug/verifier demo` works from anywhere inside a clone).
public enum FixtureLocator {
    /// The `Fixtures` folder, or `nil` when none is found.
    /// - Parameter executablePath: The running executable's path.
    /// - Returns: The folder's path.
    public static func fixturesDirectory(executablePath: String = CommandLine.arguments.first ?? "") -> String? {
        let manager = FileManager.default
        var starts = [manager.currentDirectoryPath]
        let executable = URL(fileURLWithPath: executablePath).resolvingSymlinksInPath().deletingLastPathComponent().path
        starts.append(executable)
        for start in starts {
            var url = URL(fileURLWithPath: start)
            for _ in 0..<8 {
                let candidate = url.appendingPathComponent("Fixtures/replay").path
                var isDirectory: ObjCBool = false
                if manager.fileExists(atPath: candidate, isDirectory: &isDirectory), isDirectory.boolValue {
                    return url.appendingPathComponent("Fixtures").path
                }
                let parent = url.deletingLastPathComponent()
                if parent.path == url.path { break }
                url = parent
            }
        }
        return nil
    }

    /// The `.jsonl` files of `Fixtures/replay`, sorted by name.
    /// - Parameter fixtures: The `Fixtures` folder.
    /// - Returns: Their paths.
    public static func replayFiles(in fixtures: String) -> [String] {
        let folder = fixtures + "/replay"
        let names = (try? FileManager.default.contentsOfDirectory(atPath: folder)) ?? []
        return names.filter { $0.hasSuffix(".jsonl") }.sorted().map { folder + "/" + $0 }
    }
}
