import AsyncHTTPClient
import Foundation
import JSONSchema
import VerifierJudging

/// One provider's way out: its client, URL and delivery agent (concurrency, rpm, retries).
struct Lane: Sendable {
    /// The provider's client.
    var client: ProviderClient
    /// Delivers within the provider's concurrency, rpm and retry policy.
    var agent: DeliveryAgent

    /// Opens a lane.
    /// - Parameters:
    ///   - provider: The provider.
    ///   - url: Its chat-completions URL (configured, or a mock host's override).
    ///   - httpClient: The shared HTTP client.
    ///   - environment: Where API keys are read from.
    init(
        provider: ProviderConfiguration,
        url: String? = nil,
        httpClient: HTTPClient,
        environment: [String: String]
    ) throws(VerifierError) {
        client = try ProviderClient(provider: provider, httpClient: httpClient, environment: environment)
        agent = DeliveryAgent(
            client: client,
            url: url ?? provider.endpointURL,
            semaphore: AsyncSemaphore(limit: provider.concurrency),
            limiter: provider.rpm.map { RateLimiter(requestsPerMinute: $0) }
        )
    }
}

/// One request–response exchange before it is written to evidence.
struct Exchange: Sendable {
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
    /// The API surface the request went over.
    var surface: APISurface = .chat
    /// On a surface other than Chat: the request in Chat form, as the fixture meant it (what the judge reads).
    var chatRequest: JSONValue?

    /// The request as the judge reads it: the Chat form.
    var judgedRequest: JSONValue { chatRequest ?? request }
}

/// Sends one case to every provider of a run, judges each answer on its own, and hands each candidate's
/// answers, with the reference's, to the ``CaseJudge``: prepare → send → judge → judge the case, the one path
/// a live run and the Swift Testing front end (``CaseConformance``) share.
struct CaseExecution: Sendable {
    /// What a request of the case is for.
    enum Kind: Sendable, Equatable {
        /// The case's request in one mode.
        case primary
        /// The non-streamed twin of a streamed-only case (parity).
        case twin
        /// The request with reasoning removed from its history.
        case withoutReasoning
    }

    /// One request to send.
    struct Job: Sendable {
        var lane: Lane
        var slot: Slot
        var streamed: Bool
        var kind: Kind
    }

    /// Everything the case's requests brought back, in job order.
    struct Delivered: Sendable {
        var jobs: [Job]
        var exchanges: [Exchange?]

        /// The exchanges of one slot and kind, in mode order.
        func exchanges(_ slot: Slot, _ kind: Kind) -> [Exchange] {
            jobs.indices.compactMap { jobs[$0].slot == slot && jobs[$0].kind == kind ? exchanges[$0] : nil }
        }
    }

    /// The candidates' lanes, by position.
    var candidates: [Lane]
    /// The reference's lane.
    var reference: Lane?
    /// A baseline standing in for a reference that is not run.
    var baseline: BaselineReference?
    /// The reference's calibration, live reference or not: which cases it wavers on.
    var calibration: Baseline?
    /// Whether streamed-only deterministic cases get a non-streamed twin.
    var checkParity: Bool
    /// Judges each exchange on its own.
    var judge = ResponseJudge()
    /// Judges each case.
    var caseJudge: CaseJudge

    /// Why a case cannot be asked of a candidate on its surface (or of the reference on its own), if it cannot:
    /// such a case is skipped for that candidate and listed in its scorecard, never sent half-way.
    func inexpressible(_ runCase: RunCase, candidate index: Int) -> String? {
        let provider = candidates[index].client.provider
        if let reason = Self.untranslatable(runCase.request, on: provider) {
            return "\(reason) (\(provider.api.title))"
        }
        if let reference = reference?.client.provider, let reason = Self.untranslatable(runCase.request, on: reference) {
            return "The reference's surface cannot carry it: \(reason) (\(reference.api.title))"
        }
        return nil
    }

    private static func untranslatable(_ request: ChatRequest, on provider: ProviderConfiguration) -> String? {
        guard provider.api != .chat else { return nil }
        let prepared = request.prepared(model: provider.model, stream: false, extraBody: nil)
        return SurfaceTranslation.translate(prepared, to: provider.api).reason
    }

    /// The requests a case sends, skipping the candidates whose evidence already holds it.
    func jobs(for runCase: RunCase, skipping skip: Set<Int>) -> [Job] {
        let needsTwin = checkParity && runCase.modes == [true] && !runCase.expectation.expectsRejection
        var jobs: [Job] = []
        for (index, lane) in candidates.enumerated() where !skip.contains(index) {
            for streamed in runCase.modes {
                jobs.append(Job(lane: lane, slot: .candidate(index), streamed: streamed, kind: .primary))
                if runCase.expectation.reasoningKept {
                    jobs.append(Job(lane: lane, slot: .candidate(index), streamed: streamed, kind: .withoutReasoning))
                }
            }
            if needsTwin { jobs.append(Job(lane: lane, slot: .candidate(index), streamed: false, kind: .twin)) }
        }
        if let reference {
            for streamed in runCase.modes {
                jobs.append(Job(lane: reference, slot: .reference, streamed: streamed, kind: .primary))
            }
        }
        return jobs
    }

    /// Sends every job at once (each within its lane's limits) and judges each answer on its own.
    func deliver(_ runCase: RunCase, jobs: [Job]) async -> Delivered {
        let stripped =
            runCase.expectation.reasoningKept ? ReasoningPassthrough.withoutReasoning(runCase.request) : nil
        var results: [Exchange?] = Array(repeating: nil, count: jobs.count)
        await withTaskGroup(of: (Int, Exchange).self) { group in
            for (position, job) in jobs.enumerated() {
                group.addTask {
                    let source = job.kind == .withoutReasoning ? (stripped ?? runCase.request) : runCase.request
                    return (position, await send(source, streamed: job.streamed, on: job.lane))
                }
            }
            for await (position, exchange) in group { results[position] = exchange }
        }
        return Delivered(jobs: jobs, exchanges: results)
    }

    /// Prepares one request for a lane's provider, delivers it, and judges the answer against the body as
    /// sent, exactly as `verifier score` judges the record later.
    private func send(_ source: ChatRequest, streamed: Bool, on lane: Lane) async -> Exchange {
        let provider = lane.client.provider
        let (request, chat) = Self.surfaceRequest(source, streamed: streamed, for: provider)
        let body = request.serializedBytes()
        let delivery = await lane.agent.deliver(body: body, stream: streamed)
        let response = lane.client.scrub(delivery.response).roundedTimings()
        return Exchange(
            streamed: streamed,
            body: body,
            request: request,
            requestHeaders: lane.client.recordedHeaders,
            response: response,
            judgement: judge.judge(
                request: ChatRequest(body: chat ?? request),
                streamed: streamed,
                response: response,
                surface: provider.api
            ),
            attempts: delivery.attempts.map { $0.rounded() },
            surface: provider.api,
            chatRequest: chat
        )
    }

    /// The body to send on the provider's surface and, off Chat, the Chat form it translates (the provider's
    /// `extra_body` is merged into the surface's body, last).
    static func surfaceRequest(_ source: ChatRequest, streamed: Bool, for provider: ProviderConfiguration)
        -> (request: JSONValue, chat: JSONValue?)
    {
        guard provider.api != .chat else {
            return (source.prepared(model: provider.model, stream: streamed, extraBody: provider.extraBody), nil)
        }
        let chat = source.prepared(model: provider.model, stream: streamed, extraBody: nil)
        // A case that cannot be translated is never sent (``inexpressible(_:candidate:)``); the Chat form stands in.
        guard var object = SurfaceTranslation.translate(chat, to: provider.api).body?.objectValue else {
            return (chat, chat)
        }
        for member in provider.extraBody ?? JSONObject() { object[member.key] = member.value }
        return (.object(object), chat)
    }

    /// Judges one candidate's answers to a case, with the reference's (live, or synthesised from the
    /// baseline). `record` writes an exchange and returns its evidence pointer; it is called for the
    /// reference's, the twin's and the variants' answers first, and for the candidate's own answers last,
    /// once they carry every finding of the case.
    /// - Returns: The judged case, its answers pointing at their records.
    func judgeCase(
        _ runCase: RunCase,
        candidate index: Int,
        _ delivered: Delivered,
        record: (_ exchange: Exchange, _ role: String, _ provider: String) -> String
    ) -> JudgedCase {
        let name = candidates[index].client.provider.name
        func judged(_ exchange: Exchange, evidence: String) -> JudgedExchange {
            var judged = JudgedExchange(
                caseID: runCase.id,
                streamed: exchange.streamed,
                evidence: evidence,
                judgement: exchange.judgement
            )
            judged.attempts = exchange.attempts
            return judged
        }
        let primaries = delivered.exchanges(.candidate(index), .primary)
        let twin = delivered.exchanges(.candidate(index), .twin).first.map {
            judged($0, evidence: record($0, "parity", name))
        }
        var references = delivered.exchanges(.reference, .primary).map { exchange in
            judged(exchange, evidence: record(exchange, "reference", reference?.client.provider.name ?? ""))
        }
        if reference == nil, let baseline {
            for streamed in runCase.modes {
                guard let answer = baselineAnswer(baseline, runCase, streamed: streamed) else { continue }
                let provider = "baseline:" + baseline.baseline.provider.name
                var synthesised = judged(answer.exchange, evidence: record(answer.exchange, "reference", provider))
                synthesised.support = answer.support
                references.append(synthesised)
            }
        }
        let variants = delivered.exchanges(.candidate(index), .withoutReasoning).map {
            judged($0, evidence: record($0, "without_reasoning", name))
        }
        var exchanges =
            CaseExchanges(
                caseID: runCase.id,
                suite: runCase.suite,
                request: ChatRequest(body: primaries.first?.judgedRequest ?? runCase.request.body),
                expectation: runCase.expectation,
                policy: runCase.policy,
                promptTokenTolerance: runCase.promptTokenTolerance,
                primaries: primaries.map { judged($0, evidence: "") },
                references: references,
                twin: twin,
                withoutReasoning: variants
            )
        exchanges.referenceSpread = referenceSpread(runCase)
        var judgedCase = caseJudge.judge(exchanges)
        // Every finding of an answer is written into its record, agreement with the reference included.
        for position in judgedCase.pairs.indices {
            var exchange = primaries[position]
            exchange.judgement.findings = judgedCase.pairs[position].candidate.judgement.findings
            judgedCase.pairs[position].candidate.evidence = record(exchange, "candidate", name)
        }
        return judgedCase
    }

    /// How often the calibrated reference broke the case's call expectation, by mode: its own record, or for a
    /// repeat the baseline lacks (`case#3`), the record of the case it repeats.
    func referenceSpread(_ runCase: RunCase) -> [String: ReferenceCaseSpread] {
        guard let calibration else { return [:] }
        let modes = calibration.cases[runCase.id] ?? calibration.cases[runCase.fixtureID] ?? [:]
        return modes.compactMapValues(\.choiceSpread)
    }

    /// The baseline's answer to a case in one mode, as an exchange to record (non-streamed JSON, judged as such,
    /// paired with the candidate's answer in that mode); `nil` when the baseline lacks the case.
    private func baselineAnswer(_ baseline: BaselineReference, _ runCase: RunCase, streamed: Bool)
        -> (exchange: Exchange, support: ReferenceSupport)?
    {
        let mode = streamed ? "stream" : "nonstream"
        guard let answer = baseline.baseline.referenceAnswer(caseID: runCase.id, mode: mode) else { return nil }
        let provider = baseline.baseline.provider
        // A baseline's answer is synthesised as a Chat body, whatever surface the reference was calibrated on.
        let request = runCase.request.prepared(model: provider.model, stream: false, extraBody: provider.extraBody)
        let exchange = Exchange(
            streamed: streamed,
            body: request.serializedBytes(),
            request: request,
            requestHeaders: [],
            response: answer.response,
            judgement: judge.judge(request: ChatRequest(body: request), streamed: false, response: answer.response),
            synthesized: ["baseline_sha256": .string(baseline.sha256), "support": answer.support.json]
        )
        return (exchange, answer.support)
    }
}
