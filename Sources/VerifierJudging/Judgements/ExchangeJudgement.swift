import JSONSchema

/// The judgement of one request–response exchange: the compact result the scorer keeps.
///
/// Deliberately small (no bodies), so a run's memory stays flat in the number of requests.
public struct ExchangeJudgement: Sendable, Hashable {
    /// Whether a 2xx response arrived whose message could be read; only such exchanges are judged
    /// for calls and agreement.
    public var delivered: Bool
    /// Whether the exchange failed in transport (timeout, connection), i.e. could not be judged at all.
    public var transportFailed: Bool
    /// The HTTP status.
    public var status: Int?
    /// `finish_reason` when one was read.
    public var finishReason: String?
    /// Number of tool calls in the message.
    public var callCount: Int
    /// The names of the calls (strings only), in order.
    public var callNames: [String]
    /// K2VV's `tool_calls_valid`: for a `tool_calls` finish, whether every call names an offered tool
    /// and has arguments that decode to an object valid against its schema (`nil` for other finishes).
    public var schemaValid: Bool?
    /// Every finding, deterministic layers only (agreement is added when pairing with the reference).
    public var findings: [Finding]
    /// `usage.prompt_tokens`, `completion_tokens`, `total_tokens` when readable.
    public var promptTokens: Int?
    /// See ``promptTokens``.
    public var completionTokens: Int?
    /// See ``promptTokens``.
    public var totalTokens: Int?
    /// Milliseconds to the response head.
    public var headersMilliseconds: Double?
    /// Milliseconds to the first SSE event (streams) or first body byte.
    public var firstEventMilliseconds: Double?
    /// Milliseconds to the end.
    public var totalMilliseconds: Double
    /// The aggregator's upstream host, when reported.
    public var upstreamProvider: String?
    /// Streams: milliseconds to the first chunk with non-empty content.
    public var firstContentMilliseconds: Double?
    /// Streams: milliseconds to the first chunk with a tool-call fragment.
    public var firstToolCallMilliseconds: Double?
    /// Streams: milliseconds to the last event.
    public var lastEventMilliseconds: Double?
    /// Streams: the longest gap between two consecutive body chunks, in milliseconds.
    public var maxGapMilliseconds: Double?
    /// What parity and agreement compare (not kept by the scorer).
    public var signature: MessageSignature?
    /// The neutral answer, when a message could be read (not kept by the scorer).
    public var answer: HostAnswer?
    /// The API surface the answer came over.
    public var surface: APISurface = .chat

    /// Output tokens per second from `usage.completion_tokens` over the generation time (first event to
    /// last event for streams, the whole exchange otherwise); never from chunk counts.
    public var tokensPerSecond: Double? {
        guard let tokens = completionTokens, tokens > 0 else { return nil }
        let milliseconds: Double
        if let first = firstEventMilliseconds, let last = lastEventMilliseconds, last > first {
            milliseconds = last - first
        } else {
            milliseconds = totalMilliseconds
        }
        return milliseconds > 0 ? Double(tokens) / (milliseconds / 1000) : nil
    }

    /// Whether the message carries tool calls.
    public var hasToolCalls: Bool { callCount > 0 }

    /// Whether the stop reason is the surface's own for tool calls (`finish_reason: tool_calls` on Chat,
    /// `stop_reason: tool_use` on Messages; on Responses, which has no stop reason, a `completed` answer with
    /// function calls): K2VV's trigger signal.
    public var finishedWithToolCalls: Bool {
        guard let finishReason else { return false }
        if let reason = surface.toolStopReason { return finishReason == reason }
        return finishReason == surface.naturalStopReason && hasToolCalls
    }
}

extension ExchangeJudgement {
    /// Where findings about the answer point (empty pointers when no answer could be read).
    public var pointers: AnswerPointers { answer?.pointers ?? AnswerPointers() }

    /// Takes in what a readable answer says: calls, stop reason, usage, upstream host.
    /// - Parameter answer: The neutral answer.
    mutating func read(_ answer: HostAnswer) {
        delivered = true
        self.answer = answer
        finishReason = answer.rawStopReason
        callCount = answer.calls.count
        callNames = answer.calls.compactMap(\.name)
        upstreamProvider = answer.upstreamProvider
        signature = MessageSignature(answer)
        promptTokens = answer.usage?.promptTokens
        completionTokens = answer.usage?.completionTokens
        totalTokens = answer.usage?.totalTokens
    }
}
