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
            judgement.findings.append(Finding(failure.label, .error, failure.message))
            if failure.label != .httpBodyTooLarge {
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
        let decoded = streamed ? decodeStream(response) : decodeBody(response.body)
        judgement.findings += decoded.findings
        if let offset = decoded.firstEventOffset {
            judgement.firstEventMilliseconds =
                response.arrivals.last(where: { $0.offset <= offset })?.milliseconds
                ?? judgement.firstEventMilliseconds
        }
        guard let message = decoded.message else { return judgement }
        judgement.delivered = true
        judgement.finishReason = message.finishReason
        judgement.callCount = message.toolCalls.count
        judgement.callNames = message.toolCalls.compactMap(\.nameString)
        judgement.upstreamProvider = message.upstreamProvider
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
        var firstEventOffset: Int?
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

    private func decodeStream(_ response: RawResponse) -> Decoded {
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
        var findings: [Finding] = []
        for anomaly in anomalies where anomaly.kind == .invalidUTF8 {
            findings.append(
                Finding(
                    .streamBadEvent,
                    .error,
                    "The stream holds invalid UTF-8 at byte \(anomaly.byteOffset).",
                    at: "/events"
                )
            )
        }
        let (message, assembled) = StreamAssembler.assemble(events)
        findings += assembled
        return Decoded(message: message, findings: findings, firstEventOffset: events.first?.byteOffset)
    }
}
