import Foundation

/// Judges one recorded exchange with every deterministic check: a pure function of the record.
///
/// ```swift
/// let judge = ResponseJudge()
/// let judgement = judge.judge(request: request, streamed: false, response: raw)
/// judgement.findings.map(\.label)   // e.g. [wire.finish_reason_mismatch]
/// ```
public struct ResponseJudge: Sendable {
    /// The checks run on every readable message, in order.
    public var checks: [any ResponseCheck]
    /// Compiled tool schemas shared across exchanges.
    public var schemas: SchemaCache

    /// Every check of the wire and schema layers.
    public static let standardChecks: [any ResponseCheck] = [
        FinishReasonMismatch(), ArgumentsNotString(), CallType(), ToolCallIDs(), LeakedMarkup(), ReasoningOnly(),
        Usage(), ArgumentsJSON(), UnknownTool(), ArgumentsSchema(),
    ]

    /// Every check of a streamed answer's event sequence.
    public static let standardStreamChecks: [any StreamCheck] = [
        BadEvent(), NoDone(), Truncated(), RoleOnce(), IDMissing(), NameFragmented(), IndexCollision(), IndexGap(),
        FinishReasonCount(), UsagePlacement(),
    ]

    /// The stream checks run on every streamed answer.
    public var streamChecks: [any StreamCheck] = ResponseJudge.standardStreamChecks

    /// Creates a judge.
    /// - Parameters:
    ///   - checks: The checks to run.
    ///   - schemas: A schema cache to share.
    public init(checks: [any ResponseCheck] = ResponseJudge.standardChecks, schemas: SchemaCache = SchemaCache()) {
        self.checks = checks
        self.schemas = schemas
    }

    /// Judges one exchange.
    /// - Parameters:
    ///   - request: The request as the fixture wrote it (tools, tool_choice).
    ///   - streamed: Whether the request asked for a stream.
    ///   - response: What the transport recorded.
    /// - Returns: The judgement.
    public func judge(request: ChatRequest, streamed: Bool, response: RawResponse) -> ExchangeJudgement {
        var judgement = ExchangeJudgement(
            delivered: false,
            transportFailed: false,
            status: response.status,
            finishReason: nil,
            callCount: 0,
            callNames: [],
            schemaValid: nil,
            findings: [],
            headersMilliseconds: response.headersMilliseconds,
            firstEventMilliseconds: response.arrivals.first?.milliseconds,
            totalMilliseconds: response.totalMilliseconds
        )
        if let failure = response.failure {
            switch failure.label {
            case .streamTruncated:
                // Judged below from what arrived; the stream checks label what is missing.
                break
            case .httpBodyTooLarge:
                judgement.findings.append(Finding(failure.label, .error, failure.message))
            default:
                judgement.findings.append(Finding(failure.label, .error, failure.message))
                judgement.transportFailed = true
                return judgement
            }
        }
        guard let status = response.status else {
            judgement.transportFailed = true
            if judgement.findings.isEmpty {
                judgement.findings.append(Finding(.httpConnection, .error, "No response head arrived."))
            }
            return judgement
        }
        guard (200..<300).contains(status) else {
            let excerpt = String(decoding: response.body.prefix(300), as: UTF8.self)
                .replacingOccurrences(of: "\n", with: " ")
            let label: FailureLabel = status == 429 ? .httpRateLimited : .httpStatus
            judgement.findings.append(Finding(label, .error, "HTTP \(status): \(excerpt.clipped(200))"))
            return judgement
        }
        let toolNames = Set(request.tools.map(\.name))
        let decoded = streamed ? decodeStream(response, toolNames: toolNames) : decodeBody(response.body)
        judgement.findings += decoded.findings
        if let timing = decoded.timing {
            judgement.firstEventMilliseconds = timing.firstEvent ?? judgement.firstEventMilliseconds
            judgement.firstContentMilliseconds = timing.firstContent
            judgement.firstToolCallMilliseconds = timing.firstToolCall
            judgement.lastEventMilliseconds = timing.lastEvent
            judgement.maxGapMilliseconds = timing.maxGap
        }
        guard let message = decoded.message else { return judgement }
        judgement.delivered = true
        judgement.finishReason = message.finishReason
        judgement.callCount = message.toolCalls.count
        judgement.callNames = message.toolCalls.compactMap(\.nameString)
        judgement.upstreamProvider = message.upstreamProvider
        judgement.signature = MessageSignature(message)
        if let usage = message.usage {
            judgement.promptTokens = usage["prompt_tokens"]?.intValue
            judgement.completionTokens = usage["completion_tokens"]?.intValue
            judgement.totalTokens = usage["total_tokens"]?.intValue
        }
        let context = CheckContext(request: request, message: message, streamed: streamed, schemas: schemas)
        var checkFindings: [Finding] = []
        for check in checks { checkFindings += check.findings(in: context) }
        judgement.findings += checkFindings
        if message.finishReason == "tool_calls" {
            // K2VV's rule: at least one call, and every call well-named with schema-valid arguments.
            judgement.schemaValid = message.hasToolCalls && !checkFindings.contains { $0.label.layer == .schema }
        }
        return judgement
    }

    private struct Decoded {
        var message: ObservedMessage?
        var findings: [Finding]
        var timing: StreamTiming?
    }

    private func decodeBody(_ body: [UInt8]) -> Decoded {
        do {
            let value = try JSONValue.parse(bytes: body)
            let (message, findings) = CompletionDecoder.decode(value)
            return Decoded(message: message, findings: findings)
        } catch {
            let excerpt = String(decoding: body.prefix(160), as: UTF8.self).replacingOccurrences(of: "\n", with: " ")
            let what =
                body.isEmpty ? "The body is empty" : "The body is not JSON (\(error.message) at byte \(error.offset))"
            return Decoded(message: nil, findings: [Finding(.wireBodyNotJSON, .error, "\(what): \(excerpt)", at: "")])
        }
    }

    private func decodeStream(_ response: RawResponse, toolNames: Set<String>) -> Decoded {
        let (events, anomalies) = SSEDecoder.decodeAll(response.body)
        if events.isEmpty {
            // A host that ignores `stream: true` answers with a plain body.
            var plain = decodeBody(response.body)
            if plain.message != nil {
                plain.findings.insert(
                    Finding(
                        .wireShape,
                        .error,
                        "The request asked for a stream; the host answered with a single JSON body.",
                        at: ""
                    ),
                    at: 0
                )
            }
            return plain
        }
        let (trace, traceFindings) = StreamAssembler.trace(events, anomalies: anomalies)
        var findings = traceFindings
        for check in streamChecks { findings += check.findings(in: trace, toolNames: toolNames) }
        let (message, assembled) = StreamAssembler.assemble(trace)
        findings += assembled
        return Decoded(
            message: message,
            findings: findings,
            timing: StreamTiming(trace: trace, arrivals: response.arrivals)
        )
    }
}

/// Arrival times of a stream's landmarks, read from the chunk arrival log.
struct StreamTiming {
    var firstEvent: Double?
    var firstContent: Double?
    var firstToolCall: Double?
    var lastEvent: Double?
    var maxGap: Double?

    init(trace: StreamTrace, arrivals: [RawResponse.ChunkArrival]) {
        func time(_ offset: Int) -> Double? {
            // The arrival of the body chunk that holds the byte at `offset` (arrivals are sorted by offset).
            var low = 0
            var high = arrivals.count - 1
            var found: Double?
            while low <= high {
                let middle = (low + high) / 2
                if arrivals[middle].offset <= offset {
                    found = arrivals[middle].milliseconds
                    low = middle + 1
                } else {
                    high = middle - 1
                }
            }
            return found
        }
        firstEvent = trace.events.first.flatMap { time($0.byteOffset) }
        firstContent = trace.events.first { !($0.content ?? "").isEmpty }.flatMap { time($0.byteOffset) }
        firstToolCall = trace.events.first { !$0.fragments.isEmpty }.flatMap { time($0.byteOffset) }
        lastEvent = trace.events.last.flatMap { time($0.byteOffset) }
        maxGap = zip(arrivals, arrivals.dropFirst()).map { $1.milliseconds - $0.milliseconds }.max()
    }
}
