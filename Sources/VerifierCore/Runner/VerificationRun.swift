import AsyncHTTPClient
import Foundation
import JSONSchema
import Logging
import VerifierJudging

/// Replays cases against candidate providers and the reference, writes evidence as it arrives, and
/// produces one scorecard per candidate.
///
/// ```swift
/// var configuration = VerificationRun.Configuration(output: .init(directory: "Reports/2026-11-25-fireworks"))
/// configuration.reference.provider = official
/// let run = VerificationRun(candidates: [fireworks], sources: sources, configuration: configuration)
/// let scorecards = try await run.execute(httpClient: client)
/// ```
///
/// Each request is sent once to the reference and once to every candidate; a candidate's folder gets
/// its own `evidence.jsonl` holding its exchanges and the reference's, so every folder can be
/// re-scored on its own. The work is split by concern: ``CaseExecution`` sends and judges one case,
/// ``RunEvidence`` opens, resumes and closes the evidence, ``RunScheduler`` keeps cases in flight within
/// the ceilings, and ``ReportWriter`` writes the reports.
public struct VerificationRun: Sendable {
    /// The providers judged.
    public var candidates: [ProviderConfiguration]
    /// The suites and replay files, validated.
    public var sources: [CaseSource]
    /// The reference, limits, transport and output.
    public var configuration: Configuration
    /// Stops the run early when asked (SIGINT, a ceiling): cases in flight are cancelled and not
    /// recorded, the evidence stays consistent, and the run can be resumed.
    public var stop = RunStop()
    /// Called after each case with the run's progress.
    public var progress: (@Sendable (RunProgress) -> Void)?

    /// Creates a run.
    /// - Parameters:
    ///   - candidates: The providers to judge.
    ///   - sources: Labelled suites and replay files, validated.
    ///   - configuration: The reference, limits, transport and output.
    public init(candidates: [ProviderConfiguration], sources: [CaseSource], configuration: Configuration) {
        self.candidates = candidates
        self.sources = sources
        self.configuration = configuration
    }

    /// Creates a run from the settings most runs change.
    /// - Parameters:
    ///   - candidates: The providers to judge.
    ///   - reference: The reference provider.
    ///   - replay: Validated replay files (each a suite named after the file).
    ///   - suites: Further sources: labelled suites or replay files, run after `replay`.
    ///   - outputDirectory: The run folder.
    ///   - gates: Gate thresholds.
    ///   - modes: Transport modes.
    ///   - limit: Cap on cases.
    ///   - model: Model label.
    ///   - endpointOverrides: URL overrides by provider name.
    ///   - configHash: Configuration hash for reports.
    public init(
        candidates: [ProviderConfiguration],
        reference: ProviderConfiguration?,
        replay: [ReplayFile] = [],
        suites: [CaseSource] = [],
        outputDirectory: String,
        gates: GateConfiguration = GateConfiguration(),
        modes: ModeSelection = .recorded,
        limit: Int? = nil,
        model: String = "unknown",
        endpointOverrides: [String: String] = [:],
        configHash: String = ""
    ) {
        var configuration = Configuration(
            reference: .init(provider: reference, gates: gates),
            output: .init(directory: outputDirectory, model: model, configHash: configHash)
        )
        configuration.transport.modes = modes
        configuration.transport.endpointOverrides = endpointOverrides
        configuration.limits.cases = limit
        self.init(candidates: candidates, sources: replay.map(CaseSource.replay) + suites, configuration: configuration)
    }

    /// The live reference, if any.
    public var reference: ProviderConfiguration? { configuration.reference.provider }

    /// The reference the candidates are judged against: the live one, or the baseline's.
    var judgedReference: ProviderConfiguration? { reference ?? configuration.reference.baseline?.baseline.provider }

    /// The folder of one candidate's reports.
    /// - Parameter candidate: The candidate's name.
    /// - Returns: The folder path.
    public func directory(for candidate: String) -> String {
        let folder = configuration.output.directory
        return candidates.count == 1 ? folder : folder + "/" + candidate
    }

    /// The cases this run sends, in order.
    var cases: RunCases {
        let limits = configuration.limits
        return RunCases(
            sources: sources,
            modes: configuration.transport.modes,
            perSource: limits.casesPerSuite,
            limit: limits.cases,
            shard: limits.shard,
            repeats: limits.repeats
        )
    }

    /// Requests one case sends: every candidate lane not skipped, in every mode, with reasoning variants and
    /// parity twins, plus the reference.
    func requestCount(of runCase: RunCase, skipping skipped: Int) -> Int {
        let modes = runCase.modes.count
        let twin = configuration.transport.checkParity && runCase.modes == [true]
        let perCandidate =
            modes * (runCase.expectation.reasoningKept ? 2 : 1)
            + (twin && !runCase.expectation.expectsRejection ? 1 : 0)
        return (candidates.count - skipped) * perCandidate + (reference == nil ? 0 : modes)
    }

    /// Runs every request and writes the reports.
    /// - Parameters:
    ///   - httpClient: The HTTP client (owned by the caller).
    ///   - environment: Where API keys are read from.
    ///   - logger: Progress and problems.
    /// - Returns: One scorecard per candidate, in order.
    /// - Throws: ``VerifierError`` for a missing key or an unwritable report folder — before anything is sent —
    ///   and, when resuming, for evidence whose manifest differs from this run's.
    public func execute(
        httpClient: HTTPClient,
        environment: [String: String] = ProcessInfo.processInfo.environment,
        logger: Logger = Logger(label: "verifier", factory: { _ in SwiftLogNoOpLogHandler() })
    ) async throws(VerifierError) -> [Scorecard] {
        let clock = ContinuousClock()
        let start = clock.now
        let execution = try makeExecution(httpClient: httpClient, environment: environment)
        let runID = configuration.output.runID ?? URL(fileURLWithPath: configuration.output.directory).lastPathComponent
        let origin = ReferenceOrigin(live: reference != nil, baseline: configuration.reference.baseline)
        var scores = candidates.map {
            ProviderScore(
                provider: $0,
                reference: judgedReference,
                gates: configuration.reference.gates,
                origin: origin
            )
        }
        let evidence = try RunEvidence.open(self, runID: runID, origin: origin, scores: &scores, logger: logger)
        defer { evidence.close() }
        let total = try cases.count()
        // Four cases per connection slot: a case waiting out a Retry-After or a backoff holds no slot, and
        // the others keep the hosts busy meanwhile.
        let largest = (candidates + [reference].compactMap { $0 }).map(\.concurrency).max() ?? 8
        let width = configuration.limits.width ?? 4 * max(largest, 1)
        logger.info(
            "run started",
            metadata: [
                "cases": "\(total)", "suites": "\(sources.map(\.name))", "candidates": "\(candidates.map(\.name))",
                "width": "\(width)",
            ]
        )
        let scheduler = RunScheduler(
            run: self,
            execution: execution,
            logs: evidence.logs,
            completed: evidence.completed,
            total: total,
            width: width,
            logger: logger
        )
        let stopReason = try await scheduler.schedule(cases, scores: &scores)
        let finishedAt = Timestamp.now()
        let elapsed = clock.now - start
        let duration =
            Timestamp.milliseconds(between: evidence.startedAt, and: finishedAt)
            ?? Int(elapsed.components.seconds * 1000 + elapsed.components.attoseconds / 1_000_000_000_000_000)
        try evidence.finish(self, stopReason: stopReason, finishedAt: finishedAt, durationMilliseconds: duration)
        let info = RunInfo(
            id: runID,
            startedAt: evidence.startedAt,
            finishedAt: finishedAt,
            durationMilliseconds: duration,
            fixturesHash: EvidenceManifest.fixturesHash(sources),
            fixtures: sources.map(\.fileName),
            configHash: configuration.output.configHash,
            model: configuration.output.model,
            shard: configuration.limits.shard?.description,
            purpose: configuration.output.purpose
        )
        return try writeReports(scores, run: info, stopReason: stopReason, logger: logger)
    }

    /// The lanes of every provider, and what judges their answers.
    private func makeExecution(httpClient: HTTPClient, environment: [String: String]) throws(VerifierError)
        -> CaseExecution
    {
        let overrides = configuration.transport.endpointOverrides
        func lane(_ provider: ProviderConfiguration) throws(VerifierError) -> Lane {
            try Lane(
                provider: provider,
                url: overrides[provider.name],
                httpClient: httpClient,
                environment: environment
            )
        }
        return CaseExecution(
            candidates: try candidates.map { provider throws(VerifierError) in try lane(provider) },
            reference: try reference.map { provider throws(VerifierError) in try lane(provider) },
            baseline: reference == nil ? configuration.reference.baseline : nil,
            calibration: configuration.reference.baseline?.baseline,
            checkParity: configuration.transport.checkParity,
            caseJudge: CaseJudge(gates: configuration.reference.gates)
        )
    }
}
