import Foundation
import JSONSchema
import VerifierJudging

/// Where a run's cases come from: a replay file (oracle = reference) or a suite of labelled cases.
public enum CaseSource: Sendable {
    /// `Fixtures/replay/<name>.jsonl`.
    case replay(ReplayFile)
    /// `Fixtures/suites/<name>.json`.
    case suite(FixtureSuite)

    /// The suite name: the file's name without its extension.
    public var name: String {
        switch self {
        case .replay(let file): URL(fileURLWithPath: file.path).deletingPathExtension().lastPathComponent
        case .suite(let suite): suite.name
        }
    }

    /// The file's name, for the manifest.
    public var fileName: String {
        switch self {
        case .replay(let file): file.name
        case .suite(let suite): URL(fileURLWithPath: suite.path).lastPathComponent
        }
    }

    /// SHA-256 of the file.
    public var sha256: String {
        switch self {
        case .replay(let file): file.sha256
        case .suite(let suite): suite.sha256
        }
    }

    /// The number of cases (before modes and repeats).
    public var caseCount: Int {
        switch self {
        case .replay(let file): file.count
        case .suite(let suite): suite.cases.count
        }
    }
}

/// Finds and loads the suites and replay files of a `Fixtures/` folder.
public enum SuiteCatalog {
    /// The suite files (`suites/*.json`) and replay files (`replay/*.jsonl`) of a fixtures folder, by
    /// suite name, sorted.
    /// - Parameter fixtures: The `Fixtures` folder.
    /// - Returns: `(name, path, isReplay)` for each.
    public static func discover(fixtures: String) -> [(name: String, path: String, isReplay: Bool)] {
        let manager = FileManager.default
        var found: [(name: String, path: String, isReplay: Bool)] = []
        let suites = ((try? manager.contentsOfDirectory(atPath: fixtures + "/suites")) ?? []).filter {
            $0.hasSuffix(".json")
        }
        for file in suites.sorted() {
            found.append((String(file.dropLast(5)), fixtures + "/suites/" + file, false))
        }
        for path in FixtureLocator.replayFiles(in: fixtures) {
            let name = URL(fileURLWithPath: path).deletingPathExtension().lastPathComponent
            found.append((name, path, true))
        }
        return found
    }

    /// Loads the named suites (every suite that applies to `model` when `names` is empty).
    /// - Parameters:
    ///   - fixtures: The `Fixtures` folder.
    ///   - names: Suite names to run; empty for the default selection.
    ///   - model: The configured model, for suites limited to some models.
    ///   - policy: A request policy overriding the suites'.
    /// - Returns: The sources in discovery order.
    /// - Throws: ``VerifierError`` `.invalidFixture` for an unknown name, a name used twice, or a bad file.
    public static func load(
        fixtures: String,
        names: [String] = [],
        model: String = "",
        policy: RequestPolicy? = nil
    ) throws(VerifierError) -> [CaseSource] {
        let available = discover(fixtures: fixtures)
        var seen: [String: String] = [:]
        for entry in available {
            if let other = seen[entry.name] {
                throw VerifierError(
                    .invalidFixture,
                    "\(entry.path): the suite name `\(entry.name)` is also used by \(other); rename one of them."
                )
            }
            seen[entry.name] = entry.path
        }
        for name in names where seen[name] == nil {
            let known = available.map(\.name).joined(separator: ", ")
            throw VerifierError(.invalidFixture, "unknown suite `\(name)`; the suites in \(fixtures) are: \(known).")
        }
        var sources: [CaseSource] = []
        for entry in available where names.isEmpty || names.contains(entry.name) {
            if entry.isReplay {
                sources.append(.replay(try ReplayFile.validate(path: entry.path)))
            } else {
                let suite = try FixtureSuite.load(path: entry.path, policy: policy)
                if names.isEmpty, !suite.applies(to: model) { continue }
                sources.append(.suite(suite))
            }
        }
        if sources.isEmpty {
            throw VerifierError(.invalidFixture, "\(fixtures): no suite or replay file to run.")
        }
        return sources
    }
}
