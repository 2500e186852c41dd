import JSONSchema

/// The first choice of a chat completion as the verifier saw it, streamed chunks already assembled.
public struct ObservedMessage: Sendable, Hashable {
    /// `message.content` (or the concatenated `delta.content`): a string, `null`, or whatever was sent.
    public var content: JSONValue?
    /// `reasoning_content` or `reasoning`, when present.
    public var reasoning: String?
    /// The tool calls in order.
    public var toolCalls: [ObservedToolCall]
    /// `finish_reason` when it is a string.
    public var finishReason: String?
    /// The top-level `usage` object, when present.
    public var usage: JSONValue?
    /// The top-level `model` string, when present.
    public var model: String?
    /// The upstream host an aggregator reports (OpenRouter's top-level `provider`), when present.
    public var upstreamProvider: String?

    /// Creates an observed message.
    /// - Parameters:
    ///   - content: The content as sent.
    ///   - reasoning: The reasoning text.
    ///   - toolCalls: The tool calls.
    ///   - finishReason: The finish reason.
    ///   - usage: The usage object.
    ///   - model: The model string.
    ///   - upstreamProvider: The aggregator's upstream host.
    public init(
        content: JSONValue? = nil,
        reasoning: String? = nil,
        toolCalls: [ObservedToolCall] = [],
        finishReason: String? = nil,
        usage: JSONValue? = nil,
        model: String? = nil,
        upstreamProvider: String? = nil
    ) {
        self.content = content
        self.reasoning = reasoning
        self.toolCalls = toolCalls
        self.finishReason = finishReason
        self.usage = usage
        self.model = model
        self.upstreamProvider = upstreamProvider
    }

    /// The content when it is a string.
    public var contentText: String? { content?.stringValue }

    /// Whether the message carries at least one tool call.
    public var hasToolCalls: Bool { !toolCalls.isEmpty }
}
