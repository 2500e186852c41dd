import Logging
import VerifierCore

extension RunOptions {
    /// The transport modes.
    var modeSelection: ModeSelection { ModeSelection(name: mode) ?? .recorded }

    /// The logging level.
    var level: Logger.Level { Logger.Level(rawValue: logLevel) ?? .notice }

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
