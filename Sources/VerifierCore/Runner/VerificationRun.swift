import AsyncHTTPClient
import Crypto
import Foundation
import Logging
import JSONSchema
import VerifierJudging

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
    /// Run only this shard's cases (`--shard i/n`; `nil`: every case). Sampling and ``limit`` apply first,
    /// so the shards of a run together send exactly the cases the unsharded run sends.
    public var shard: Shard?
    /// What the run is for: a check of its candidates, or a calibration run of the reference (recorded in the
    /// manifest and the scorecard, so `verifier report` keeps it off the leaderboard).
    public var purpose: RunPurpose = .check
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
    /// Stops the run early when asked (SIGINT, a ceiling): cases in flight are cancelled and not
    /// recorded, the evidence stays consistent, and the run can be resumed.
    public var stop = RunStop()
    /// Stop scheduling cases after this many seconds (cases in flight are cancelled).
    public var deadlineSeconds: Double?
    /// Send at most this many requests in all (candidates, reference, twins).
    public var maxRequests: Int?
    /// Stop scheduling once the answers' usage, at the configured prices, costs this many dollars.
    public var maxCost: Double?
    /// Called after each case with the run's progress.
    public var progress: (@Sendable (RunProgress) -> Void)?
    /// Continue the run in ``outputDirectory``: cases its evidence already holds are scored from the
    /// evidence and not sent again; a changed manifest is refused.
    public var resume = false
    /// A calibrated baseline of the reference. With no live ``reference`` it stands in for one (its answers are
    /// synthesised per case and recorded in the evidence); either way its spread has set ``gates`` already
    /// (``Baseline/gates(applyingTo:asReference:)``), and the scorecard names it.
    public var baseline: BaselineReference?

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
        var requestHeaders: [(name: String, value: String)]
        var response: RawResponse
        var judgement: ExchangeJudgement
        /// Every delivery attempt; the last is `response`.
        var attempts: [DeliveryAttempt] = []
        /// For a reference answer synthesised from a baseline: the record's `synthesized` member.
        var synthesized: JSONValue?
    }

    /// Everything one case produced, per candidate.
    struct CaseResult: Sendable {
        /// The suite the case belongs to.
        var suite: String
        /// Per candidate; `nil` where the candidate's evidence already held the case (resume).
        var candidates: [JudgedCase?]
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
        let startInstant = clock.now
        let lanes = try candidates.map { provider throws(VerifierError) in
            try lane(for: provider, httpClient, environment)
        }
        let referenceLane = try reference.map { provider throws(VerifierError) in
            try lane(for: provider, httpClient, environment)
        }
        let runID = self.runID ?? URL(fileURLWithPath: outputDirectory).lastPathComponent
        var startedAt = Self.iso8601(Date())
        let judgedReference = reference ?? baseline?.baseline.provider
        let origin = ReferenceOrigin(live: reference != nil, baseline: baseline)
        var accumulators = candidates.map {
            ProviderScore(provider: $0, reference: judgedReference, gates: gates, origin: origin)
        }
        // Per candidate: the cases its evidence already holds (resume), by id → request hash.
        var done: [[String: String]] = Array(repeating: [:], count: candidates.count)
        var openedLogs: [EvidenceLog] = []
        for (index, candidate) in candidates.enumerated() {
            let folder = directory(for: candidate.name)
            let path = folder + "/evidence.jsonl"
            let manifest = EvidenceManifest(
                runID: runID,
                startedAt: startedAt,
                candidate: candidate,
                reference: judgedReference,
                gates: gates,
                model: model,
                sources: sources,
                configHash: configHash,
                options: optionsJSON,
                baseline: origin.json,
                shard: shard,
                purpose: purpose
            )
            if resume, FileManager.default.fileExists(atPath: path) {
                var recorded: EvidenceScorer.Contents
                recorded = try EvidenceScorer.read(path: path) { suite, outcome in
                    accumulators[index].add(outcome, suite: suite)
                }
                let changed = recorded.manifest.differences(from: manifest)
                guard changed.isEmpty else {
                    throw VerifierError(
                        .invalidConfiguration,
                        "\(path): cannot resume: the run's \(changed.joined(separator: ", ")) changed since it started. "
                            + "Start a new run, or restore the fixtures and configuration it was started with."
                    )
                }
                startedAt = recorded.manifest.json["started_at"]?.stringValue ?? startedAt
                done[index] = recorded.completedCases
                let (log, discarded) = try EvidenceLog.continuing(path: path)
                try log.append(
                    [
                        "kind": "resume", "at": .string(Self.iso8601(Date())),
                        "completed_cases": .number(JSONNumber(recorded.completedCases.count)),
                        "discarded_partial_bytes": .number(JSONNumber(discarded)),
                        "orphan_records": .number(JSONNumber(recorded.orphanRecords)),
                    ]
                )
                openedLogs.append(log)
                logger.notice(
                    "resuming",
                    metadata: [
                        "provider": "\(candidate.name)", "completed cases": "\(recorded.completedCases.count)",
                        "discarded bytes": "\(discarded)",
                    ]
                )
            } else {
                do {
                    try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
                } catch {
                    throw VerifierError(
                        .io,
                        "\(folder): cannot create the report folder: \(error.localizedDescription)"
                    )
                }
                let log = try EvidenceLog(path: path)
                try log.append(manifest.json)
                openedLogs.append(log)
            }
        }
        let logs = openedLogs
        let completedCases = done
        defer { logs.forEach { $0.close() } }

        let judge = ResponseJudge()
        let caseJudge = CaseJudge(promptTokenTolerance: gates.promptTokenTolerance)
        let runCases = RunCases(sources: sources, modes: modes, perSource: casesPerSuite, limit: limit, shard: shard)
        let total = try runCases.count()
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
        var completed = 0
        var sentRequests = 0
        var spentDollars = 0.0
        var failing = Array(repeating: 0, count: candidates.count)
        var lastReport = clock.now
        let deadline = deadlineSeconds.map { startInstant + .milliseconds(Int64($0 * 1000)) }
        let stop = self.stop
        var ceiling: String?
        await withTaskGroup(of: CaseResult?.self) { group in
            // The watcher ends the run early: a stop request (SIGINT, a ceiling) or the run deadline.
            group.addTask {
                while !Task.isCancelled {
                    if stop.reason != nil { return nil }
                    if let deadline, clock.now >= deadline {
                        stop.request("the run deadline of \(Self.seconds(deadlineSeconds ?? 0)) passed")
                        return nil
                    }
                    try? await Task.sleep(for: .milliseconds(20))
                }
                return nil
            }
            var inFlight = 0
            func consume(_ result: CaseResult) {
                for (index, outcome) in result.candidates.enumerated() {
                    guard let outcome else { continue }
                    accumulators[index].add(outcome, suite: result.suite)
                    if outcome.pairs.contains(where: {
                        $0.candidate.judgement.findings.contains { $0.severity == .error }
                    }) {
                        failing[index] += 1
                    }
                    spentDollars += Self.cost(
                        outcome,
                        candidate: candidates[index],
                        reference: index == 0 ? reference : nil
                    )
                }
                completed += 1
                if let progress {
                    progress(
                        RunProgress(
                            done: completed,
                            total: total,
                            requests: sentRequests,
                            seconds: Self.seconds(clock.now - startInstant),
                            failing: failing,
                            providers: candidates.map(\.name)
                        )
                    )
                }
                if clock.now - lastReport > .seconds(5) {
                    lastReport = clock.now
                    logger.info("progress", metadata: ["done": "\(completed)", "of": "\(total)"])
                }
            }
            func next() async {
                guard let result = await group.next() else { return }
                if let result {
                    consume(result)
                    inFlight -= 1
                } else {
                    // The watcher returned: stop scheduling, and cancel what is in flight (it is not recorded,
                    // so a resumed run sends it again).
                    group.cancelAll()
                }
            }
            while stop.reason == nil, let runCase = iterator.next() {
                // A case already recorded for every candidate (same id, same request) is not sent again.
                let hash = Self.requestHash(runCase.request)
                let skip = Set(completedCases.indices.filter { completedCases[$0][runCase.id] == hash })
                if skip.count == candidates.count { continue }
                let requests = requestCount(of: runCase, skipping: skip.count)
                // A ceiling stops scheduling; the cases in flight are within it and finish.
                if let maxRequests, sentRequests + requests > maxRequests {
                    ceiling =
                        "the request ceiling (--max-requests \(maxRequests)) was reached after \(sentRequests) requests"
                    break
                }
                if let maxCost, spentDollars >= maxCost {
                    ceiling =
                        "the cost ceiling (--max-cost \(maxCost) USD) was reached: \(Self.dollars(spentDollars)) USD spent"
                    break
                }
                while inFlight >= width, stop.reason == nil { await next() }
                if stop.reason != nil { break }
                sentRequests += requests
                group.addTask {
                    await self.runCase(
                        runCase,
                        lanes: lanes,
                        referenceLane: referenceLane,
                        logs: logs,
                        judge: judge,
                        caseJudge: caseJudge,
                        skip: skip
                    )
                }
                inFlight += 1
            }
            if stop.reason != nil { group.cancelAll() }
            while inFlight > 0 { await next() }
            group.cancelAll()
        }
        let stopReason = stop.reason ?? ceiling
        let duration = clock.now - startInstant
        let finishedAt = Self.iso8601(Date())
        let durationMilliseconds =
            Self.milliseconds(between: startedAt, and: finishedAt)
            ?? Int(
                duration.components.seconds * 1000 + duration.components.attoseconds / 1_000_000_000_000_000
            )
        for (index, log) in logs.enumerated() {
            if let stopReason {
                _ = try? log.append(
                    [
                        "kind": "stop", "reason": .string(stopReason), "finished_at": .string(finishedAt),
                        "duration_ms": .number(JSONNumber(durationMilliseconds)),
                        "folder": .string(directory(for: candidates[index].name)),
                    ]
                )
            } else {
                _ = try? log.append(
                    [
                        "kind": "end", "finished_at": .string(finishedAt),
                        "duration_ms": .number(JSONNumber(durationMilliseconds)),
                    ]
                )
            }
        }
        for log in logs where log.failures > 0 {
            throw VerifierError(
                .io,
                "\(log.path): \(log.failures) evidence records could not be written; the run cannot be trusted."
            )
        }
        let info = RunInfo(
            id: runID,
            startedAt: startedAt,
            finishedAt: finishedAt,
            durationMilliseconds: durationMilliseconds,
            fixturesHash: Self.fixturesHash(sources),
            fixtures: sources.map(\.fileName),
            configHash: configHash,
            model: model,
            shard: shard?.description,
            purpose: purpose
        )
        var scorecards: [Scorecard] = []
        for (index, accumulator) in accumulators.enumerated() {
            let scorecard = accumulator.scorecard(
                run: info,
                suites: sources.map(\.name),
                stopReason: stopReason.map { Self.stopSentence($0, folder: directory(for: candidates[index].name)) }
            )
            try ReportWriter.write(scorecard, to: directory(for: candidates[index].name))
            scorecards.append(scorecard)
            logger.info(
                "provider judged",
                metadata: ["provider": "\(scorecard.provider.name)", "verdict": "\(scorecard.verdict.rawValue)"]
            )
        }
        return scorecards
    }

    /// The verdict reason of a run that stopped early.
    static func stopSentence(_ reason: String, folder: String) -> String {
        "the run stopped before every case was sent: \(reason); what was done is kept — resume with "
            + "`verifier check … --resume \(folder)`"
    }

    /// Requests one case sends: every candidate lane not skipped, in every mode, with reasoning variants and
    /// parity twins, plus the reference.
    func requestCount(of runCase: RunCase, skipping skipped: Int) -> Int {
        let modes = runCase.modes.count
        let perCandidate =
            modes * (runCase.expectation.reasoningKept ? 2 : 1)
            + (checkParity && runCase.modes == [true] && !runCase.expectation.expectsRejection ? 1 : 0)
        return (candidates.count - skipped) * perCandidate + (reference == nil ? 0 : modes)
    }

    /// What a case's answers cost by their usage and the providers' prices (the reference counted once).
    static func cost(
        _ outcome: JudgedCase,
        candidate: ProviderConfiguration,
        reference: ProviderConfiguration?
    ) -> Double {
        func price(_ judgement: ExchangeJudgement, _ provider: ProviderConfiguration) -> Double {
            let input = Double(judgement.promptTokens ?? 0) * (provider.inputPricePerMillion ?? 0)
            let output = Double(judgement.completionTokens ?? 0) * (provider.outputPricePerMillion ?? 0)
            return (input + output) / 1_000_000
        }
        var total = 0.0
        for pair in outcome.pairs {
            total += price(pair.candidate.judgement, candidate)
            if let reference, let answer = pair.reference { total += price(answer.judgement, reference) }
        }
        if let companion = outcome.companion { total += price(companion.judgement, candidate) }
        return total
    }

    static func seconds(_ duration: Duration) -> Double {
        Double(duration.components.seconds) + Double(duration.components.attoseconds) / 1e18
    }

    static func seconds(_ value: Double) -> String {
        value == value.rounded() ? "\(Int(value)) s" : "\(value) s"
    }

    static func dollars(_ value: Double) -> String {
        let cents = Int((value * 10_000).rounded())
        return "\(cents / 10_000).\(String(format: "%04d", cents % 10_000))"
    }

    /// The run options that change what is sent, recorded in the manifest.
    var optionsJSON: JSONValue {
        [
            "modes": .string(modes.description), "parity": .bool(checkParity),
            "cases_per_suite": casesPerSuite.map { .number(JSONNumber($0)) } ?? .null,
            "limit": limit.map { .number(JSONNumber($0)) } ?? .null,
        ]
    }

    /// SHA-256 of a case's request as written (the key `--resume` skips recorded cases by).
    static func requestHash(_ request: ChatRequest) -> String {
        EvidenceRecord.sha256Hex(request.body.serializedBytes())
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
        judge: ResponseJudge,
        caseJudge: CaseJudge,
        skip: Set<Int>
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
        for (index, lane) in lanes.enumerated() where !skip.contains(index) {
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
                    let response = job.lane.client.scrub(delivery.response).roundedTimings()
                    // Judged against the body as sent, exactly as `verifier score` judges the record later.
                    let judgement = judge.judge(
                        request: ChatRequest(body: request),
                        streamed: job.streamed,
                        response: response
                    )
                    return (
                        position,
                        Exchange(
                            streamed: job.streamed,
                            body: body,
                            request: request,
                            requestHeaders: job.lane.client.recordedHeaders,
                            response: response,
                            judgement: judgement,
                            attempts: delivery.attempts.map { $0.rounded() }
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
        if Task.isCancelled {
            // Stopped mid-case: nothing is recorded, so a resumed run sends the case again.
            return CaseResult(suite: runCase.suite, candidates: Array(repeating: nil, count: logs.count))
        }
        var outcome = CaseResult(suite: runCase.suite, candidates: [])
        for (index, log) in logs.enumerated() {
            guard !skip.contains(index) else {
                outcome.candidates.append(nil)
                continue
            }
            let primaries = exchanges(slot: index, kind: .primary)
            var lines: [Int] = []
            func written(_ exchange: Exchange, provider: String, role: String) -> JudgedExchange {
                let line = append(log, provider: provider, role: role, caseID: runCase.id, exchange: exchange)
                lines.append(line)
                var judged = JudgedExchange(
                    caseID: runCase.id,
                    streamed: exchange.streamed,
                    evidence: "\(log.fileName):\(line)",
                    judgement: exchange.judgement
                )
                judged.attempts = exchange.attempts
                return judged
            }
            let name = candidates[index].name
            let twin = exchanges(slot: index, kind: .twin).first.map { written($0, provider: name, role: "parity") }
            var references =
                reference.map { provider in
                    referenceExchanges.map { written($0, provider: provider.name, role: "reference") }
                } ?? []
            if reference == nil, let baseline {
                for streamed in caseModes {
                    guard let answer = baselineAnswer(baseline, runCase, streamed: streamed, judge: judge) else {
                        continue
                    }
                    var judged = written(
                        answer.exchange,
                        provider: "baseline:" + baseline.baseline.provider.name,
                        role: "reference"
                    )
                    judged.support = answer.support
                    references.append(judged)
                }
            }
            let variants = exchanges(slot: index, kind: .withoutReasoning).map {
                written($0, provider: name, role: "without_reasoning")
            }
            var assembled = caseJudge.judge(
                CaseExchanges(
                    caseID: runCase.id,
                    suite: runCase.suite,
                    request: ChatRequest(body: primaries.first?.request ?? runCase.request.body),
                    expectation: expectation,
                    policy: runCase.policy,
                    promptTokenTolerance: runCase.promptTokenTolerance,
                    primaries: primaries.map {
                        var judged = JudgedExchange(
                            caseID: runCase.id,
                            streamed: $0.streamed,
                            evidence: "",
                            judgement: $0.judgement
                        )
                        judged.attempts = $0.attempts
                        return judged
                    },
                    references: references,
                    twin: twin,
                    withoutReasoning: variants
                )
            )
            // The candidate's records carry the findings of the whole case (contract, parity) for readers.
            // Every finding of an answer is written into its record, agreement with the reference included.
            for position in assembled.pairs.indices {
                var exchange = primaries[position]
                exchange.judgement.findings = assembled.pairs[position].candidate.judgement.findings
                let line = append(log, provider: name, role: "candidate", caseID: runCase.id, exchange: exchange)
                lines.append(line)
                assembled.pairs[position].candidate.evidence = "\(log.fileName):\(line)"
            }
            var marker = JSONObject()
            marker["kind"] = "case"
            marker["case"] = .string(runCase.id)
            marker["suite"] = .string(runCase.suite)
            marker["request_sha256"] = .string(Self.requestHash(runCase.request))
            marker["expect"] = expectation.json
            marker["policy"] = .string(runCase.policy.rawValue)
            marker["prompt_token_tolerance"] = .number(JSONNumber(runCase.promptTokenTolerance))
            marker["lines"] = .array(lines.map { .number(JSONNumber($0)) })
            _ = try? log.append(.object(marker))
            outcome.candidates.append(assembled)
        }
        return outcome
    }

    /// The baseline's answer to a case in one mode, as an exchange to record (non-streamed JSON, judged as such,
    /// paired with the candidate's answer in that mode); `nil` when the baseline lacks the case.
    private func baselineAnswer(_ baseline: BaselineReference, _ runCase: RunCase, streamed: Bool, judge: ResponseJudge)
        -> (exchange: Exchange, support: ReferenceSupport)?
    {
        let mode = streamed ? "stream" : "nonstream"
        guard let answer = baseline.baseline.referenceAnswer(caseID: runCase.id, mode: mode) else { return nil }
        let request = runCase.request.prepared(
            model: baseline.baseline.provider.model,
            stream: false,
            extraBody: baseline.baseline.provider.extraBody
        )
        let judgement = judge.judge(request: ChatRequest(body: request), streamed: false, response: answer.response)
        let exchange = Exchange(
            streamed: streamed,
            body: request.serializedBytes(),
            request: request,
            requestHeaders: [],
            response: answer.response,
            judgement: judgement,
            synthesized: ["baseline_sha256": .string(baseline.sha256), "support": answer.support.json]
        )
        return (exchange, answer.support)
    }

    private func append(_ log: EvidenceLog, provider: String, role: String, caseID: String, exchange: Exchange) -> Int {
        let record = EvidenceRecord.make(
            provider: provider,
            role: role,
            caseID: caseID,
            stream: exchange.streamed,
            requestBody: exchange.body,
            request: exchange.request,
            requestHeaders: exchange.requestHeaders,
            response: exchange.response,
            findings: exchange.judgement.findings,
            attempts: exchange.attempts
        )
        var object = record.objectValue ?? JSONObject()
        if let synthesized = exchange.synthesized { object["synthesized"] = synthesized }
        do {
            return try log.append(.object(object))
        } catch {
            // Counted by the log; the run ends with an I/O error once every request has finished.
            return 0
        }
    }

    /// Milliseconds between two ISO 8601 times, when both parse.
    static func milliseconds(between start: String, and end: String) -> Int? {
        let formatter = ISO8601DateFormatter()
        formatter.formatOptions = [.withInternetDateTime, .withFractionalSeconds]
        guard let from = formatter.date(from: start), let to = formatter.date(from: end) else { return nil }
        return Int((to.timeIntervalSince(from) * 1000).rounded())
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
