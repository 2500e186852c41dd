import JSONSchema

/// `wire.reasoning_only`: a finished answer with reasoning but neither content nor tool calls.
///
/// The client receives nothing it can use. A warning, not an error: a model can legitimately think
/// and then say nothing, but a host that routes the answer into the reasoning field produces this
/// systematically (MiniMax's provider verifier checks for it).
public struct ReasoningOnly: AnswerCheck {
    /// Creates the check.
    public init() {}

    public static let labels: [FailureLabel] = [.wireReasoningOnly]

    public func findings(in context: AnswerContext) -> [Finding] {
        let answer = context.answer
        guard let reasoning = answer.reasoning, !reasoning.isEmpty, !answer.hasToolCalls,
            (answer.text ?? "").allSatisfy(\.isWhitespace), answer.stopReason != .length
        else { return [] }
        return [
            Finding(
                .wireReasoningOnly,
                .warning,
                "The answer has \(reasoning.count) characters of reasoning but no content and no tool calls.",
                at: answer.messageLocation
            )
        ]
    }
}

extension FailureLabel {
    /// The message has reasoning but neither content nor calls.
    public static let wireReasoningOnly = FailureLabel(rawValue: "wire.reasoning_only")
}
