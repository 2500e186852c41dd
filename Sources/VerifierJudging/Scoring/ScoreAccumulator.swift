import JSONSchema

/// Folds judged exchanges of one provider (paired with the reference's) into a scorecard.
///
/// Keeps counts, a few examples per label and latency samples only, so memory stays flat in the
/// number of requests.
public struct ScoreAccumulator: Sendable {
    /// The provider being scored.
    public var provider: ProviderConfiguration
    /// The reference, when one is run.
    public var reference: ProviderConfiguration?
    /// Gate thresholds.
    public var gates: GateConfiguration

    /// Requests sent to the provider.
    public private(set) var requests = 0
    /// Requests that failed in transport.
    public private(set) var transportFailures = 0
    /// Reference requests that failed in transport.
    public private(set) var referenceTransportFailures = 0
    /// Reference requests sent.
    public private(set) var referenceRequests = 0
    /// Delivered answers with no wire-layer error.
    public private(set) var wireClean = 0
    /// K2VV fields for the provider.
    public private(set) var summary = K2VVSummary()
    /// K2VV fields for the reference.
    public private(set) var referenceSummary = K2VVSummary()
    /// Trigger agreement from `finish_reason == "tool_calls"` (K2VV's definition).
    public private(set) var triggerByFinishReason = ConfusionMatrix()
    /// Trigger agreement from the presence of tool calls.
    public private(set) var triggerByCalls = ConfusionMatrix()
    /// Failing items by primary label.
    public private(set) var failures = FailureTally()
    /// Every finding by label, primary or not, warnings included.
    public private(set) var labels = FailureTally(examplesPerLabel: 2)
    /// Failing reference items by primary label (reported, never gated).
    public private(set) var referenceFailures = FailureTally(examplesPerLabel: 3)
    /// Streamed and non-streamed request counts.
    public private(set) var streamedRequests = 0
    /// Streamed answers that matched their non-streamed twin, over those compared.
    public private(set) var parity = Metric(numerator: 0, denominator: 0)
    /// Non-streamed twins sent for parity.
    public private(set) var parityRequests = 0
    /// Under the `rate` parity rule: twins compared, and of which those that differed in a kind the reference's
    /// own twins show.
    public private(set) var twins = (pairs: 0, differing: 0)
    /// Call-rate agreement between transports over sampled (temperature > 0) requests.
    public private(set) var callParity = CallRateParity()
    /// Request probes sent (cases expecting a status class; outside the other metrics).
    public private(set) var probes = 0
    /// Request probes that failed in transport.
    public private(set) var probeTransportFailures = 0
    /// Labelled answers that met their case's constraints, over labelled answers judged.
    public private(set) var contract = Metric(numerator: 0, denominator: 0)
    /// Answers that made the call their case expects, over delivered answers to cases the reference always meets.
    public private(set) var choice = Metric(numerator: 0, denominator: 0)
    /// Answers to cases the reference wavers on, against the reference's rate.
    public private(set) var wavering = WaveringTally()
    /// The sampling parameters sent.
    public private(set) var sampling = SamplingRecord()
    /// Answers whose `usage.prompt_tokens` equals the reference's within the tolerance, over answers
    /// where both report it.
    public private(set) var promptTokenParity = Metric(numerator: 0, denominator: 0)
    /// First-attempt and eventual success, retries by cause, timeouts.
    public private(set) var deliveryStats = DeliveryStats()
    /// Call-count, tool-name and argument agreement with the reference, with examples.
    public private(set) var agreement = AgreementTally()
    /// Answers that had no reference answer to be compared with (cases a baseline lacks).
    public private(set) var unpaired = 0
    /// Where the reference's answers come from: `live` or `baseline`.
    public var referenceSource = "live"
    var statistics = CaseStatistics()
    var latency = LatencySamples()
    var upstreamHosts: [String: Int] = [:]

    /// Creates an empty accumulator.
    /// - Parameters:
    ///   - provider: The provider being scored.
    ///   - reference: The reference, if any.
    ///   - gates: Gate thresholds.
    public init(provider: ProviderConfiguration, reference: ProviderConfiguration?, gates: GateConfiguration) {
        self.provider = provider
        self.reference = reference
        self.gates = gates
    }

    /// Counts one judged answer: the provider's, paired by the ``CaseJudge`` with the reference's.
    /// - Parameter pair: The judged pair; its findings are counted as they are.
    public mutating func add(_ pair: JudgedPair) {
        let candidate = pair.candidate
        let judgement = candidate.judgement
        if let met = pair.contractMet {
            contract.denominator += 1
            if met { contract.numerator += 1 }
        }
        if let met = pair.choiceMet {
            choice.denominator += 1
            if met { choice.numerator += 1 }
        }
        if let observation = pair.wavering { wavering.add(observation) }
        if candidate.probe {
            // A probe is judged by its status alone; its answer (if any) is not a sample of the host's answers.
            probes += 1
            if judgement.transportFailed { probeTransportFailures += 1 }
            countFindings(of: candidate)
            return
        }
        requests += 1
        if candidate.streamed { streamedRequests += 1 }
        if judgement.transportFailed { transportFailures += 1 }
        deliveryStats.add(attempts: candidate.attempts, judgement: judgement)
        summary.add(judgement)
        if judgement.delivered,
            !judgement.findings.contains(where: { $0.label.layer == .wire && $0.severity == .error })
        {
            wireClean += 1
        }
        if let host = judgement.upstreamProvider { upstreamHosts[host, default: 0] += 1 }
        latency.add(judgement)
        if self.reference != nil, pair.reference == nil { unpaired += 1 }
        if let reference = pair.reference {
            let other = reference.judgement
            referenceRequests += 1
            if other.transportFailed { referenceTransportFailures += 1 }
            referenceSummary.add(other)
            if let primary = other.findings.filter({ $0.severity == .error }).primary {
                referenceFailures.add(
                    primary,
                    caseID: reference.caseID,
                    evidence: reference.evidence,
                    mode: reference.mode
                )
            }
            if judgement.delivered, other.delivered {
                triggerByFinishReason.add(
                    provider: judgement.finishedWithToolCalls,
                    reference: other.finishedWithToolCalls
                )
                triggerByCalls.add(provider: judgement.hasToolCalls, reference: other.hasToolCalls)
                agreement.add(
                    pair.agreement,
                    caseID: candidate.caseID,
                    mode: candidate.mode,
                    evidence: candidate.evidence
                )
                if let agreed = pair.promptTokensAgreed {
                    promptTokenParity.denominator += 1
                    if agreed { promptTokenParity.numerator += 1 }
                }
            }
        }
        countFindings(of: candidate)
        statistics.add(
            caseID: candidate.caseID,
            mode: candidate.mode,
            candidate: judgement,
            findings: judgement.findings,
            reference: pair.reference?.judgement
        )
    }

    /// Counts an answer's findings by label, and its primary failure.
    private mutating func countFindings(of answer: JudgedExchange, mode: String? = nil) {
        let mode = mode ?? answer.mode
        for finding in answer.judgement.findings {
            labels.add(finding, caseID: answer.caseID, evidence: answer.evidence, mode: mode)
        }
        if let primary = answer.judgement.findings.filter({ $0.severity == .error }).primary {
            failures.add(primary, caseID: answer.caseID, evidence: answer.evidence, mode: mode)
        }
    }

    /// Counts the non-streamed twin of a streamed answer: its own defects are reported, but it is not
    /// a case of its own (K2VV counts and agreement use the primary answers only).
    /// - Parameter companion: The twin.
    public mutating func addCompanion(_ companion: JudgedExchange) {
        parityRequests += 1
        countFindings(of: companion, mode: "parity")
    }

    /// Records whether a sampled request's streamed and non-streamed answers called a tool.
    /// - Parameters:
    ///   - streamed: The streamed answer called.
    ///   - plain: The non-streamed answer called.
    public mutating func recordCallParity(streamed: Bool, plain: Bool) {
        callParity.add(streamed: streamed, plain: plain)
    }

    /// Counts the sampling parameters of a case's request, once per answer sent.
    /// - Parameters:
    ///   - request: The request.
    ///   - answers: The answers sent with it.
    public mutating func recordSampling(_ request: ChatRequest, answers: Int) {
        sampling.add(request, count: answers)
    }

    /// Records whether a pair of twins differed in a kind the reference's own twins show.
    /// - Parameter differed: Whether they did.
    public mutating func recordTwin(differed: Bool) {
        twins.pairs += 1
        if differed { twins.differing += 1 }
    }

    /// Records one parity comparison.
    /// - Parameter agreed: Whether the streamed answer matched the non-streamed one.
    public mutating func recordParity(agreed: Bool) {
        parity.denominator += 1
        if agreed { parity.numerator += 1 }
    }
}

/// Latency and throughput samples of delivered answers (milliseconds; tokens per second).
public struct LatencySamples: Sendable, Hashable {
    /// Time to the response head.
    public var headers: [Double] = []
    /// Time to the first SSE event (streams) or first body byte.
    public var firstEvent: [Double] = []
    /// Streams: time to the first non-empty content delta.
    public var firstContent: [Double] = []
    /// Streams: time to the first tool-call fragment.
    public var firstToolCall: [Double] = []
    /// Streams: time to the last event.
    public var lastEvent: [Double] = []
    /// Streams: the longest gap between body chunks, per answer.
    public var maxGap: [Double] = []
    /// Time to the end of the response.
    public var total: [Double] = []
    /// Output tokens per second, from `usage.completion_tokens` only.
    public var tokensPerSecond: [Double] = []

    /// Creates empty samples.
    public init() {}

    mutating func add(_ judgement: ExchangeJudgement) {
        guard judgement.delivered else { return }
        if let value = judgement.headersMilliseconds { headers.append(value) }
        if let value = judgement.firstEventMilliseconds { firstEvent.append(value) }
        if let value = judgement.firstContentMilliseconds { firstContent.append(value) }
        if let value = judgement.firstToolCallMilliseconds { firstToolCall.append(value) }
        if let value = judgement.lastEventMilliseconds { lastEvent.append(value) }
        if let value = judgement.maxGapMilliseconds { maxGap.append(value) }
        if let value = judgement.tokensPerSecond { tokensPerSecond.append(value) }
        total.append(judgement.totalMilliseconds)
    }

    /// The named series in report order.
    public var series: [(name: String, samples: [Double])] {
        [
            ("headers_ms", headers), ("first_event_ms", firstEvent), ("first_content_ms", firstContent),
            ("first_tool_call_ms", firstToolCall), ("last_event_ms", lastEvent), ("max_gap_ms", maxGap),
            ("total_ms", total), ("tokens_per_second", tokensPerSecond),
        ]
    }

    /// The nearest-rank percentile `p` (0…100) of `samples`, or `nil` when empty.
    /// - Parameters:
    ///   - p: The percentile.
    ///   - samples: The samples.
    /// - Returns: The percentile value.
    public static func percentile(_ p: Double, of samples: [Double]) -> Double? {
        guard !samples.isEmpty else { return nil }
        let sorted = samples.sorted()
        let rank = Int((p / 100 * Double(sorted.count)).rounded(.up))
        return sorted[min(max(rank - 1, 0), sorted.count - 1)]
    }

    /// p50, p90, p99 and max of each series as JSON.
    public var json: JSONValue {
        var root = JSONObject()
        for (name, samples) in series {
            var object = JSONObject()
            object["count"] = .number(JSONNumber(samples.count))
            for (label, p) in [("p50", 50.0), ("p90", 90.0), ("p99", 99.0), ("max", 100.0)] {
                object[label] =
                    LatencySamples.percentile(p, of: samples).map { .number(JSONNumber(rounded: $0)) } ?? .null
            }
            root[name] = .object(object)
        }
        return .object(root)
    }
}
