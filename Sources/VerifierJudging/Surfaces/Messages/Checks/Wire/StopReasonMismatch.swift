import JSONSchema

/// `wire.stop_reason_mismatch`: `stop_reason` is `tool_use` if and only if the message has `tool_use`
/// blocks. Agents loop on `stop_reason: tool_use`; one that says `end_turn` beside calls ends the agent's turn
/// with the calls never run. A call cut by `max_tokens` is not a mismatch.
public struct StopReasonMismatch: MessagesWireCheck {
    public static let labels: [FailureLabel] = [.wireStopReasonMismatch]

    /// Creates the check.
    public init() {}

    public func findings(in context: MessagesWireContext) -> [Finding] {
        guard let message = context.message, let reason = message.stopReason else { return [] }
        let calls = message.toolUses.count
        let location = context.streamed ? "/events" : "/stop_reason"
        if calls > 0, reason != "tool_use", reason != "max_tokens" {
            return [
                Finding(
                    .wireStopReasonMismatch,
                    .error,
                    "The message has \(calls) tool_use block(s) but stop_reason \"\(reason)\", not \"tool_use\".",
                    at: location
                )
            ]
        }
        if calls == 0, reason == "tool_use" {
            return [
                Finding(
                    .wireStopReasonMismatch,
                    .error,
                    "stop_reason is \"tool_use\" but the message has no tool_use block.",
                    at: location
                )
            ]
        }
        return []
    }
}

extension FailureLabel {
    /// `stop_reason` disagrees with the presence of `tool_use` blocks.
    public static let wireStopReasonMismatch = FailureLabel(rawValue: "wire.stop_reason_mismatch")
}
