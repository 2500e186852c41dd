import Logging
import VerifierCore

extension RunOptions {
    /// The transport modes.
    var modeSelection: ModeSelection { ModeSelection(name: mode) ?? .recorded }

    /// The logging level.
    var level: Logger.Level { Logger.Level(rawValue: logLevel) ?? .notice }

    /// The `Fixtures` folder: `--fixtures`, or the nearest one found.
    func fixturesDirectory() throws(VerifierError) -> String {
        if let fixtures { return fixtures }
        guard let found = FixtureLocator.fixturesDirectory() else {
            throw VerifierError(.invalidFixture, "No Fixtures folder found here or above; pass --fixtures DIR.")
        }
        return found
    }

    /// What to run: the `--replay` files (plus any `--suite`), else the named suites, else every suite and
    /// replay file of the fixtures folder that applies to `model`. All validated before anything is sent.
    /// - Parameter model: The configured model.
    /// - Returns: The sources.
    func sources(model: String) throws(VerifierError) -> [CaseSource] {
        let policy = requestPolicy.flatMap(RequestPolicy.init(rawValue:))
        var sources: [CaseSource] = []
        if !replay.isEmpty {
            for path in replay { sources.append(.replay(try ReplayFile.validate(path: path))) }
            if suite.isEmpty { return sources }
        }
        sources += try SuiteCatalog.load(fixtures: try fixturesDirectory(), names: suite, model: model, policy: policy)
        return sources
    }

    /// The replay files named by `--replay`, or the project's `Fixtures/replay/*.jsonl`, validated.
    func replayFiles() throws(VerifierError) -> [ReplayFile] {
        var paths = replay
        if paths.isEmpty {
            guard let fixtures = FixtureLocator.fixturesDirectory() else {
                throw VerifierError(
                    .invalidFixture,
                    "No --replay file given and no Fixtures/replay folder found here or above."
                )
            }
            paths = FixtureLocator.replayFiles(in: fixtures)
            if paths.isEmpty {
                throw VerifierError(.invalidFixture, "\(fixtures)/replay holds no .jsonl replay files.")
            }
        }
        var files: [ReplayFile] = []
        for path in paths { files.append(try ReplayFile.validate(path: path)) }
        return files
    }
}
