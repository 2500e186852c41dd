import JSONSchema

/// `wire.finish_reason_mismatch`: `finish_reason` must agree with the presence of tool calls.
///
/// A message with calls must finish with `tool_calls`; `tool_calls` without calls is just as wrong.
/// Clients that branch on `finish_reason` (K2VV's own scorer does) drop calls sent with `stop`.
/// Evidence: sglang #2877, openvino model_server #3927, mlx-vlm PR #1014. `length` and
/// `content_filter` are left alone: a cut-off answer may hold a partial call.
public struct FinishReasonMismatch: ChatWireCheck {
    /// Creates the check.
    public init() {}

    public static let labels: [FailureLabel] = [.wireFinishReasonMismatch]

    public func findings(in context: ChatWireContext) -> [Finding] {
        guard let message = context.message else { return [] }
        let location = context.streamed ? "/events" : "/choices/0/finish_reason"
        switch message.finishReason {
        case "stop"? where message.hasToolCalls:
            return [
                Finding(
                    .wireFinishReasonMismatch,
                    .error,
                    "The message carries \(message.toolCalls.count) tool call(s) but finish_reason is \"stop\", not \"tool_calls\".",
                    at: location
                )
            ]
        case "tool_calls"? where !message.hasToolCalls:
            return [
                Finding(
                    .wireFinishReasonMismatch,
                    .error,
                    "finish_reason is \"tool_calls\" but the message carries no tool calls.",
                    at: location
                )
            ]
        default:
            return []
        }
    }
}

extension FailureLabel {
    /// `finish_reason` contradicts the presence of tool calls.
    public static let wireFinishReasonMismatch = FailureLabel(rawValue: "wire.finish_reason_mismatch")
}
