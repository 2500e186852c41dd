import Foundation
import Logging
import Synchronization
import VerifierCore

extension RunOptions {
    /// The transport modes.
    var modeSelection: ModeSelection { mode }

    /// The logging level.
    var level: Logger.Level { logLevel }

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
        let policy = requestPolicy
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

extension RunOptions {
    /// The run's configuration from these flags and what the command resolved: the one place where `check`,
    /// `calibrate`, `plan` and `demo` fill it.
    /// - Parameters:
    ///   - directory: The run folder.
    ///   - model: The model label.
    ///   - configHash: The configuration file's hash.
    ///   - reference: The live reference, if any.
    ///   - gates: The gates (from the configuration and the baseline).
    ///   - baseline: A calibrated baseline of the reference.
    ///   - shard: `--shard`.
    ///   - purpose: A check, or a calibration run (which sends no parity twins).
    ///   - casesPerSuite: Overrides `--cases-per-suite` (the demo's default of 64).
    /// - Returns: The configuration.
    func configuration(
        directory: String,
        model: String,
        configHash: String,
        reference: ProviderConfiguration?,
        gates: GateConfiguration,
        baseline: BaselineReference? = nil,
        shard: Shard? = nil,
        purpose: RunPurpose = .check,
        casesPerSuite: Int?? = nil
    ) -> VerificationRun.Configuration {
        var configuration = VerificationRun.Configuration(
            reference: .init(provider: reference, baseline: baseline, gates: gates),
            output: .init(directory: directory, model: model, configHash: configHash, purpose: purpose)
        )
        configuration.transport.modes = mode
        configuration.transport.checkParity = parity && purpose == .check
        configuration.limits.cases = limit
        configuration.limits.casesPerSuite = casesPerSuite ?? self.casesPerSuite
        configuration.limits.shard = shard
        configuration.limits.repeats = max(repeats, 1)
        configuration.limits.maxRequests = maxRequests
        configuration.limits.maxCost = maxCost
        configuration.limits.deadlineSeconds = deadline
        return configuration
    }
}

/// Prints a run's progress: a line per provider rewritten in place on a terminal, a plain line every
/// ten seconds otherwise (CI logs).
final class ProgressPrinter: Sendable {
    static let shared = ProgressPrinter()

    private let interactive = isatty(STDERR_FILENO) == 1
    private let last = Mutex<ContinuousClock.Instant?>(nil)
    private let clock = ContinuousClock()

    func callAsFunction(_ progress: RunProgress) {
        let now = clock.now
        let due: Bool = last.withLock { last in
            let interval: Duration = interactive ? .milliseconds(200) : .seconds(10)
            if let previous = last, now - previous < interval, progress.done < progress.total { return false }
            last = now
            return true
        }
        guard due else { return }
        let percent = progress.total == 0 ? 100 : progress.done * 100 / progress.total
        let eta = progress.remainingSeconds.map { "ETA \(Int($0.rounded())) s" } ?? "ETA —"
        let rate = String(format: "%.1f", progress.rate)
        var lines: [String] = []
        for (index, name) in progress.providers.enumerated() {
            let failing = index < progress.failing.count ? progress.failing[index] : 0
            lines.append(
                "\(name): \(progress.done)/\(progress.total) cases (\(percent)%), \(rate) cases/s, "
                    + "\(progress.requests) requests, \(failing) failing, \(eta)"
            )
        }
        if interactive {
            let up = progress.providers.count > 1 ? "\u{1B}[\(progress.providers.count - 1)A" : ""
            let text = lines.map { "\r\u{1B}[K" + $0 }.joined(separator: "\n")
            let done = progress.done >= progress.total ? "\n" : up
            FileHandle.standardError.write(Data((text + done).utf8))
        } else {
            FileHandle.standardError.write(Data(lines.map { "progress " + $0 + "\n" }.joined().utf8))
        }
    }
}

/// Turns SIGINT into a clean stop: the first Ctrl-C stops the run (in-flight cases cancelled, evidence
/// consistent, resumable); a second one exits at once.
final class InterruptHandler {
    private let source: any DispatchSourceSignal
    private let count = PressCount()

    final class PressCount: Sendable {
        let value = Mutex(0)
        func increment() -> Int {
            value.withLock {
                $0 += 1; return $0
            }
        }
    }

    init(stop: RunStop) {
        signal(SIGINT, SIG_IGN)
        let source = DispatchSource.makeSignalSource(signal: SIGINT, queue: .global())
        self.source = source
        let count = self.count
        source.setEventHandler {
            let presses = count.increment()
            if presses > 1 { exit(130) }
            FileHandle.standardError.write(
                Data(
                    "\nstopping: cancelling the requests in flight and writing the reports (Ctrl-C again to quit now)\n"
                        .utf8
                )
            )
            stop.request("interrupted by SIGINT")
        }
        source.resume()
    }

    deinit { source.cancel() }
}

extension VerifierConfiguration {
    /// The provider a command checks, and the reference (unless it is the provider itself).
    /// - Parameters:
    ///   - name: The `--provider` name.
    ///   - path: The configuration file, for the message.
    /// - Returns: The candidate and the reference.
    ///   - api: The surface to ask the candidate on (`--api`), when not its configured one: the candidate is then
    ///     named `<name>@<api>` and the reference (the provider itself, if it is the reference) stays on its own.
    /// - Throws: ``VerifierError`` naming the known providers when `name` is unknown.
    func candidate(named name: String, path: String, api: APISurface? = nil) throws(VerifierError) -> (
        candidate: ProviderConfiguration, reference: ProviderConfiguration?
    ) {
        guard var candidate = provider(named: name) else {
            let known = providers.map(\.name).joined(separator: ", ")
            throw VerifierError(
                .invalidConfiguration,
                "\(path): no provider named `\(name)`; known providers: \(known)."
            )
        }
        if let api, api != candidate.api {
            candidate.api = api
            candidate.name = "\(name)@\(api.rawValue)"
            return (candidate, referenceProvider)
        }
        return (candidate, referenceProvider.flatMap { $0.name == candidate.name ? nil : $0 })
    }
}
