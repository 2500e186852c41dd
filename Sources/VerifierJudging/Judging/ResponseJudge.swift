import JSONSchema

/// Judges one recorded exchange on its own: delivery, the surface's wire and stream checks (through its
/// adapter), and every check of the neutral answer. A pure function of the record.
///
/// ```swift
/// let judge = ResponseJudge()
/// let judgement = judge.judge(request: request, streamed: false, response: raw)
/// judgement.findings.map(\.label)   // e.g. [wire.finish_reason_mismatch]
/// ```
///
/// The case's own findings (parity, contract, agreement) are added by the ``CaseJudge``.
public struct ResponseJudge: Sendable {
    /// The delivery checks, run on every exchange.
    public static let deliveryChecks: [any DeliveryCheck] = [Transport(), HTTPStatus()]

    /// Every check of the neutral answer.
    public static let standardChecks: [any AnswerCheck] = [
        LeakedMarkup(), ReasoningOnly(), ArgumentsJSON(), UnknownTool(), ArgumentsSchema(),
    ]

    /// The checks run on every readable answer, in order.
    public var checks: [any AnswerCheck]
    /// The Chat Completions adapter, with its wire and stream checks.
    public var chat = ChatAdapter()
    /// The Anthropic Messages adapter, with its wire and stream checks.
    public var messages = MessagesAdapter()
    /// The OpenAI Responses adapter, with its wire and stream checks.
    public var responses = ResponsesAdapter()
    /// Compiled tool schemas shared across exchanges.
    public var schemas: SchemaCache

    /// Creates a judge.
    /// - Parameters:
    ///   - checks: The answer checks to run.
    ///   - schemas: A schema cache to share.
    public init(checks: [any AnswerCheck] = ResponseJudge.standardChecks, schemas: SchemaCache = SchemaCache()) {
        self.checks = checks
        self.schemas = schemas
    }

    /// Judges one exchange.
    /// - Parameters:
    ///   - request: The request as the fixture wrote it (tools, tool_choice).
    ///   - streamed: Whether the request asked for a stream.
    ///   - response: What the transport recorded.
    ///   - surface: The API surface it was asked on (its adapter decodes the answer).
    /// - Returns: The judgement.
    public func judge(
        request: ChatRequest,
        streamed: Bool,
        response: RawResponse,
        surface: APISurface = .chat
    ) -> ExchangeJudgement {
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
            totalMilliseconds: response.totalMilliseconds,
            surface: surface
        )
        for check in Self.deliveryChecks { judgement.findings += check.findings(in: response) }
        if Transport.failed(response) {
            judgement.transportFailed = true
            return judgement
        }
        guard let status = response.status, (200..<300).contains(status) else { return judgement }
        let decoded: DecodedExchange
        switch surface {
        case .chat: decoded = chat.decode(request: request, streamed: streamed, response: response)
        case .messages: decoded = messages.decode(request: request, streamed: streamed, response: response)
        case .responses: decoded = responses.decode(request: request, streamed: streamed, response: response)
        }
        judgement.findings += decoded.findings
        if let timing = decoded.timing {
            judgement.firstEventMilliseconds = timing.firstEvent ?? judgement.firstEventMilliseconds
            judgement.firstContentMilliseconds = timing.firstContent
            judgement.firstToolCallMilliseconds = timing.firstToolCall
            judgement.lastEventMilliseconds = timing.lastEvent
            judgement.maxGapMilliseconds = timing.maxGap
        }
        guard let answer = decoded.answer else { return judgement }
        judgement.read(answer)
        let context = AnswerContext(request: request, answer: answer, streamed: streamed, schemas: schemas)
        var answerFindings: [Finding] = []
        for check in checks { answerFindings += check.findings(in: context) }
        judgement.findings += answerFindings
        if answer.stopReason == .toolCalls, surface.toolStopReason.map({ answer.rawStopReason == $0 }) ?? true {
            // K2VV's rule: at least one call, and every call well-named with schema-valid arguments.
            judgement.schemaValid = answer.hasToolCalls && !answerFindings.contains { $0.label.layer == .schema }
        }
        return judgement
    }
}
