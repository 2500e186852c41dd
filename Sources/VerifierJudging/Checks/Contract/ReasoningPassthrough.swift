import JSONSchema

/// `contract.reasoning_dropped`: reasoning sent back in the history of a tool turn
/// (`reasoning_content`, or `reasoning`) must reach the model.
///
/// Interleaved-thinking models (Kimi K2 Thinking, DeepSeek, MiniMax) need their earlier reasoning
/// between tool turns; a chat template or request normaliser that drops it leaves no trace in the
/// answer's shape, but it does in `usage.prompt_tokens`. The runner sends the same request a second
/// time with the reasoning removed: if the prompt did not grow with it, the host dropped it.
public struct ReasoningPassthrough: ContractCheck {
    public static let labels: [FailureLabel] = [.contractReasoningDropped]

    /// Creates the check.
    public init() {}

    public func findings(in context: ContractContext) -> [Finding] {
        guard context.expectation.reasoningKept, let with = context.answer.promptTokens,
            let without = context.withoutReasoning?.promptTokens
        else { return [] }
        guard with <= without else { return [] }
        return [
            Finding(
                .contractReasoningDropped,
                .error,
                "The history carries reasoning, yet the prompt counts \(with) tokens with it and \(without) without it: "
                    + "the host drops reasoning between tool turns.",
                at: context.answer.pointers.promptTokens
            )
        ]
    }

    /// The request with every `reasoning_content` and `reasoning` removed from its messages.
    /// - Parameter request: The request.
    /// - Returns: The stripped request.
    public static func withoutReasoning(_ request: ChatRequest) -> ChatRequest {
        guard var body = request.body.objectValue, let messages = body["messages"]?.arrayValue else { return request }
        body["messages"] = .array(
            messages.map { message in
                guard var fields = message.objectValue else { return message }
                fields["reasoning_content"] = nil
                fields["reasoning"] = nil
                return .object(fields)
            }
        )
        return ChatRequest(body: .object(body))
    }
}

extension FailureLabel {
    /// Reasoning sent back in the history of a tool turn does not reach the model (the prompt does not grow).
    public static let contractReasoningDropped = FailureLabel(rawValue: "contract.reasoning_dropped")
}
