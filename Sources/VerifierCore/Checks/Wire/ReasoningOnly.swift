/// `wire.reasoning_only`: a finished answer with reasoning but neither content nor tool calls.
///
/// The client receives nothing it can use. A warning, not an error: a model can legitimately think
/// and then say nothing, but a host that routes the answer into the reasoning field produces this
/// systematically (MiniMax's provider verifier checks for it).
public struct ReasoningOnly: ResponseCheck {
    /// Creates the check.
    public init() {}

    public var labels: [FailureLabel] { [.wireReasoningOnly] }

    public func findings(in context: CheckContext) -> [Finding] {
        let message = context.message
        guard let reasoning = message.reasoning, !reasoning.isEmpty, !message.hasToolCalls,
            (message.contentText ?? "").allSatisfy(\.isWhitespace), message.finishReason != "length"
        else { return [] }
        return [
            Finding(
                .wireReasoningOnly,
                .warning,
                "The answer has \(reasoning.count) characters of reasoning but no content and no tool calls.",
                at: context.streamed ? "/events" : "/choices/0/message"
            )
        ]
    }
}
