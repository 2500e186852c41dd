import AsyncHTTPClient
import Crypto
import Foundation
import Logging

/// Replays request files against candidate providers and the reference, writes evidence as it
/// arrives, and produces one scorecard per candidate.
///
/// ```swift
/// let run = VerificationRun(
///     candidates: [fireworks], reference: official, replay: [try ReplayFile.validate(path: "samples.jsonl")],
///     outputDirectory: "Reports/2026-11-25-fireworks", gates: GateConfiguration()
/// )
/// let scorecards = try await run.execute(httpClient: client)
/// ```
///
/// Each request is sent once to the reference and once to every candidate; a candidate's folder gets
/// its own `evidence.jsonl` holding its exchanges and the reference's, so every folder can be
/// re-scored on its own.
public struct VerificationRun: Sendable {
    /// The providers judged.
    public var candidates: [ProviderConfiguration]
    /// The reference, or `nil` to judge the deterministic layers only.
    public var reference: ProviderConfiguration?
    /// The suites and replay files, validated.
    public var sources: [CaseSource]
    /// The run folder. With one candidate its files go straight in; with several, into a subfolder each.
    public var outputDirectory: String
    /// Gate thresholds.
    public var gates: GateConfiguration
    /// Transport modes.
    public var modes: ModeSelection
    /// Send at most this many cases (each with its modes and repeats) from the sources.
    public var limit: Int?
    /// The model label for reports.
    public var model: String
    /// Chat-completions URLs that replace a provider's configured one (for in-process mock hosts).
    public var endpointOverrides: [String: String]
    /// At most this many cases of each suite or replay file, spread evenly over it (`nil`: all).
    public var casesPerSuite: Int?
    /// Cases in flight at once (each fans out to every provider, each capped by its own concurrency);
    /// default four times the largest `concurrency`, so that cases waiting to retry do not stall the run.
    public var width: Int?
    /// The run id; defaults to the output folder's name.
    public var runID: String?
    /// A hash of the configuration used, for the scorecard.
    public var configHash: String
    /// Whether a streamed answer to a deterministic request (temperature 0) is also requested
    /// non-streamed and compared (`stream.parity`).
    public var checkParity = true

    /// Creates a run.
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
        self.candidates = candidates
        self.reference = reference
        self.sources = replay.map(CaseSource.replay) + suites
        self.outputDirectory = outputDirectory
        self.gates = gates
        self.modes = modes
        self.limit = limit
        self.model = model
        self.endpointOverrides = endpointOverrides
        self.configHash = configHash
    }

    /// The folder of one candidate's reports.
    /// - Parameter candidate: The candidate's name.
    /// - Returns: The folder path.
    public func directory(for candidate: String) -> String {
        candidates.count == 1 ? outputDirectory : outputDirectory + "/" + candidate
    }

    private struct Lane: Sendable {
        var client: ProviderClient
        var url: String
        var semaphore: AsyncSemaphore
        /// Delivers within the provider's concurrency, rpm and retry policy.
        var agent: DeliveryAgent
    }

    /// One request–response exchange before it is written to evidence.
    private struct Exchange: Sendable {
        var streamed: Bool
        var body: [UInt8]
        var request: JSONValue
        var response: RawResponse
        var judgement: ExchangeJudgement
        /// Every delivery attempt; the last is `response`.
        var attempts: [DeliveryAttempt] = []
    }

    /// Everything one case produced, per candidate.
    struct CaseResult: Sendable {
        struct PerCandidate: Sendable {
            /// One entry per transport mode the case was run in.
            var primaries: [(candidate: JudgedExchange, reference: JudgedExchange?)] = []
            /// The non-streamed twin sent only to check a streamed answer's parity.
            var companion: JudgedExchange?
            /// Whether the streamed answer agreed with the non-streamed one (`nil`: not compared).
            var parityAgreed: Bool?
            /// For a sampled request: whether each transport's answer called a tool (`nil`: not compared).
            var callParity: (streamed: Bool, plain: Bool)?
        }
        /// The suite the case belongs to.
        var suite: String
        var candidates: [PerCandidate]
    }

    /// Runs every request and writes the reports.
    /// - Parameters:
    ///   - httpClient: The HTTP client (owned by the caller).
    ///   - environment: Where API keys are read from.
    ///   - logger: Progress and problems.
    /// - Returns: One scorecard per candidate, in order.
    /// - Throws: ``VerifierError`` for a missing key or an unwritable report folder — before anything is sent.
    public func execute(
        httpClient: HTTPClient,
        environment: [String: String] = ProcessInfo.processInfo.environment,
        logger: Logger = Logger(label: "verifier", factory: { _ in SwiftLogNoOpLogHandler() })
    ) async throws(VerifierError) -> [Scorecard] {
        let started = Date()
        let clock = ContinuousClock()
        let startInstant = clock.now
        let lanes = try candidates.map { provider throws(VerifierError) in
            try lane(for: provider, httpClient, environment)
        }
        let referenceLane = try reference.map { provider throws(VerifierError) in
            try lane(for: provider, httpClient, environment)
        }
        var openedLogs: [EvidenceLog] = []
        for candidate in candidates {
            let folder = directory(for: candidate.name)
            do {
                try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
            } catch {
                throw VerifierError(.io, "\(folder): cannot create the report folder: \(error.localizedDescription)")
            }
            openedLogs.append(try EvidenceLog(path: folder + "/evidence.jsonl"))
        }
        let logs = openedLogs
        defer { logs.forEach { $0.close() } }

        var accumulators = candidates.map { ProviderScore(provider: $0, reference: reference, gates: gates) }
        let judge = ResponseJudge()
        let runCases = RunCases(sources: sources, modes: modes, perSource: casesPerSuite)
        let total = min(runCases.total, limit ?? Int.max)
        // Four cases per connection slot: a case waiting out a Retry-After or a backoff holds no slot, and
        // the others keep the hosts busy meanwhile.
        let width = self.width ?? 4 * max(([reference].compactMap { $0 } + candidates).map(\.concurrency).max() ?? 8, 1)
        logger.info(
            "run started",
            metadata: [
                "cases": "\(total)", "suites": "\(sources.map(\.name))", "candidates": "\(candidates.map(\.name))",
                "width": "\(width)",
            ]
        )

        var iterator = try runCases.makeIterator()
        var caseCount = 0
        var completed = 0
        var lastReport = clock.now
        await withTaskGroup(of: CaseResult.self) { group in
            var inFlight = 0
            func consume(_ result: CaseResult) {
                for (index, outcome) in result.candidates.enumerated() {
                    accumulators[index].add(outcome, suite: result.suite)
                }
                completed += 1
                if clock.now - lastReport > .seconds(5) {
                    lastReport = clock.now
                    logger.info("progress", metadata: ["done": "\(completed)", "of": "\(total)"])
                }
            }
            while caseCount < total, let runCase = iterator.next() {
                caseCount += 1
                if inFlight >= width, let result = await group.next() {
                    consume(result)
                    inFlight -= 1
                }
                group.addTask {
                    await self.runCase(runCase, lanes: lanes, referenceLane: referenceLane, logs: logs, judge: judge)
                }
                inFlight += 1
            }
            for await result in group { consume(result) }
        }
        for log in logs where log.failures > 0 {
            throw VerifierError(
                .io,
                "\(log.path): \(log.failures) evidence records could not be written; the run cannot be trusted."
            )
        }
        let duration = clock.now - startInstant
        let finished = Date()
        let info = RunInfo(
            id: runID ?? URL(fileURLWithPath: outputDirectory).lastPathComponent,
            startedAt: Self.iso8601(started),
            finishedAt: Self.iso8601(finished),
            durationMilliseconds: Int(
                duration.components.seconds * 1000 + duration.components.attoseconds / 1_000_000_000_000_000
            ),
            fixturesHash: Self.fixturesHash(sources),
            fixtures: sources.map(\.fileName),
            configHash: configHash,
            model: model
        )
        var scorecards: [Scorecard] = []
        for (index, accumulator) in accumulators.enumerated() {
            let scorecard = accumulator.scorecard(run: info, suites: sources.map(\.name))
            try ReportWriter.write(scorecard, to: directory(for: candidates[index].name))
            scorecards.append(scorecard)
            logger.info(
                "provider judged",
                metadata: ["provider": "\(scorecard.provider.name)", "verdict": "\(scorecard.verdict.rawValue)"]
            )
        }
        return scorecards
    }

    private func lane(for provider: ProviderConfiguration, _ httpClient: HTTPClient, _ environment: [String: String])
        throws(VerifierError) -> Lane
    {
        let client = try ProviderClient(provider: provider, httpClient: httpClient, environment: environment)
        let url = endpointOverrides[provider.name] ?? provider.chatCompletionsURL
        let semaphore = AsyncSemaphore(limit: provider.concurrency)
        let limiter = provider.rpm.map { RateLimiter(requestsPerMinute: $0) }
        let agent = DeliveryAgent(client: client, url: url, semaphore: semaphore, limiter: limiter)
        return Lane(client: client, url: url, semaphore: semaphore, agent: agent)
    }

    private func runCase(
        _ runCase: RunCase,
        lanes: [Lane],
        referenceLane: Lane?,
        logs: [EvidenceLog],
        judge: ResponseJudge
    ) async -> CaseResult {
        let caseModes = runCase.modes
        let expectation = runCase.expectation
        // A streamed answer to a deterministic request is checked against a non-streamed twin.
        let needsTwin = checkParity && caseModes == [true] && !expectation.expectsRejection
        enum Kind: Sendable, Equatable {
            case primary, twin, withoutReasoning
        }
        struct Job: Sendable {
            var lane: Lane
            var slot: Int  // candidate index, or -1 for the reference
            var streamed: Bool
            var kind: Kind
        }
        var jobs: [Job] = []
        for (index, lane) in lanes.enumerated() {
            for streamed in caseModes {
                jobs.append(Job(lane: lane, slot: index, streamed: streamed, kind: .primary))
                if expectation.reasoningKept {
                    jobs.append(Job(lane: lane, slot: index, streamed: streamed, kind: .withoutReasoning))
                }
            }
            if needsTwin { jobs.append(Job(lane: lane, slot: index, streamed: false, kind: .twin)) }
        }
        if let referenceLane {
            for streamed in caseModes {
                jobs.append(Job(lane: referenceLane, slot: -1, streamed: streamed, kind: .primary))
            }
        }
        let stripped = expectation.reasoningKept ? ReasoningPassthrough.withoutReasoning(runCase.request) : nil
        var results: [Exchange?] = Array(repeating: nil, count: jobs.count)
        await withTaskGroup(of: (Int, Exchange).self) { group in
            for (position, job) in jobs.enumerated() {
                group.addTask {
                    let provider = job.lane.client.provider
                    let source = job.kind == .withoutReasoning ? (stripped ?? runCase.request) : runCase.request
                    let request = source.prepared(
                        model: provider.model,
                        stream: job.streamed,
                        extraBody: provider.extraBody
                    )
                    let body = request.serializedBytes()
                    let delivery = await job.lane.agent.deliver(body: body, stream: job.streamed)
                    let response = delivery.response
                    let judgement = judge.judge(request: source, streamed: job.streamed, response: response)
                    return (
                        position,
                        Exchange(
                            streamed: job.streamed,
                            body: body,
                            request: request,
                            response: response,
                            judgement: judgement,
                            attempts: delivery.attempts
                        )
                    )
                }
            }
            for await (position, exchange) in group { results[position] = exchange }
        }
        func exchanges(slot: Int, kind: Kind) -> [Exchange] {
            jobs.indices.compactMap { jobs[$0].slot == slot && jobs[$0].kind == kind ? results[$0] : nil }
        }
        let referenceExchanges = exchanges(slot: -1, kind: .primary)
        var outcome = CaseResult(suite: runCase.suite, candidates: [])
        for (index, log) in logs.enumerated() {
            var perCandidate = CaseResult.PerCandidate()
            var primaries = exchanges(slot: index, kind: .primary)
            let twin = exchanges(slot: index, kind: .twin).first
            let variants = exchanges(slot: index, kind: .withoutReasoning)
            func judged(_ exchange: Exchange, provider: String, role: String) -> JudgedExchange {
                let line = append(log, provider: provider, role: role, caseID: runCase.id, exchange: exchange)
                var judged = JudgedExchange(
                    caseID: runCase.id,
                    streamed: exchange.streamed,
                    evidence: "\(log.fileName):\(line)",
                    judgement: exchange.judgement
                )
                judged.suite = runCase.suite
                judged.labelled = expectation.isLabelled
                judged.probe = expectation.status != nil
                judged.attempts = exchange.attempts
                return judged
            }
            if let twin { perCandidate.companion = judged(twin, provider: candidates[index].name, role: "parity") }
            let twinEvidence = perCandidate.companion?.evidence
            // Parity: the streamed answer against the non-streamed one (a primary or the twin). Deterministic
            // requests must match exactly; sampled ones are compared in distribution over the run.
            if !expectation.expectsRejection, let streamedPosition = primaries.firstIndex(where: \.streamed),
                let plain = twin ?? primaries.first(where: { !$0.streamed }),
                let streamedSignature = primaries[streamedPosition].judgement.signature,
                let plainSignature = plain.judgement.signature,
                // Only finished answers are compared; a stream cut short is `stream.truncated` already.
                streamedSignature.finishReason != nil, plainSignature.finishReason != nil
            {
                let plainLine = twinEvidence ?? "the non-streamed record of \(runCase.id)"
                if !Parity.isDeterministic(runCase.request) {
                    perCandidate.callParity = (!streamedSignature.calls.isEmpty, !plainSignature.calls.isEmpty)
                } else if let finding = Parity.compare(
                    streamed: streamedSignature,
                    plain: plainSignature,
                    plainEvidence: plainLine
                ) {
                    primaries[streamedPosition].judgement.findings.append(finding)
                    perCandidate.parityAgreed = false
                } else {
                    perCandidate.parityAgreed = true
                }
            }
            for position in primaries.indices {
                let primary = primaries[position]
                var referenceJudged: JudgedExchange?
                if let referenceProvider = reference,
                    let match = referenceExchanges.first(where: { $0.streamed == primary.streamed })
                {
                    referenceJudged = judged(match, provider: referenceProvider.name, role: "reference")
                }
                var withoutReasoning: JudgedExchange?
                if let variant = variants.first(where: { $0.streamed == primary.streamed }) {
                    withoutReasoning = judged(variant, provider: candidates[index].name, role: "without_reasoning")
                }
                var answer = primary
                if expectation.isLabelled {
                    let context = ContractContext(
                        request: runCase.request,
                        expectation: expectation,
                        policy: runCase.policy,
                        promptTokenTolerance: runCase.promptTokenTolerance,
                        answer: primary.judgement,
                        reference: referenceJudged?.judgement,
                        referenceEvidence: referenceJudged?.evidence,
                        withoutReasoning: withoutReasoning?.judgement
                    )
                    answer.judgement.findings = Self.merge(
                        primary.judgement.findings,
                        contract: ContractJudge().findings(in: context),
                        status: primary.judgement.status
                    )
                }
                let candidateJudged = judged(answer, provider: candidates[index].name, role: "candidate")
                perCandidate.primaries.append((candidateJudged, referenceJudged))
            }
            outcome.candidates.append(perCandidate)
        }
        return outcome
    }

    /// Adds a labelled case's contract findings to an answer's own. A 4xx is judged by the contract
    /// layer instead of the generic `http.status`: a 4xx the case (or the reference) expects is no
    /// failure at all, and a rejected valid request is named by its contract label.
    static func merge(_ findings: [Finding], contract: [Finding], status: Int?) -> [Finding] {
        var merged = findings
        if let status, (400..<500).contains(status), status != 429 {
            merged.removeAll { $0.label == .httpStatus }
        }
        return merged + contract
    }

    private func append(_ log: EvidenceLog, provider: String, role: String, caseID: String, exchange: Exchange) -> Int {
        let record = EvidenceRecord.make(
            provider: provider,
            role: role,
            caseID: caseID,
            stream: exchange.streamed,
            requestBody: exchange.body,
            request: exchange.request,
            response: exchange.response,
            findings: exchange.judgement.findings,
            attempts: exchange.attempts
        )
        do {
            return try log.append(record)
        } catch {
            // Counted by the log; the run ends with an I/O error once every request has finished.
            return 0
        }
    }

    static func iso8601(_ date: Date) -> String {
        let formatter = ISO8601DateFormatter()
        formatter.formatOptions = [.withInternetDateTime, .withFractionalSeconds]
        return formatter.string(from: date)
    }

    static func fixturesHash(_ files: [CaseSource]) -> String {
        var hasher = SHA256()
        for file in files {
            hasher.update(data: Array(file.fileName.utf8))
            hasher.update(data: Array(file.sha256.utf8))
        }
        return EvidenceRecord.hex(hasher.finalize())
    }
}
