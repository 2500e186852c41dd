/// `agree.missed_call` and `agree.spurious_call`: the provider calls a tool where the reference does not, or
/// answers without one where the reference calls (K2VV's ToolCall-Trigger, item by item).
public enum TriggerAgreement {
    /// The labels.
    public static let labels: [FailureLabel] = [.agreeMissedCall, .agreeSpuriousCall]

    /// The finding for one answer paired with the reference's answer to the same request.
    /// - Parameters:
    ///   - candidate: The provider's answer.
    ///   - reference: The reference's answer.
    ///   - referenceEvidence: Where the reference's answer is recorded.
    /// - Returns: A finding when exactly one side called.
    public static func findings(candidate: ExchangeJudgement, reference: ExchangeJudgement, referenceEvidence: String)
        -> [Finding]
    {
        switch (candidate.hasToolCalls, reference.hasToolCalls) {
        case (false, true):
            let names = reference.callNames.joined(separator: ", ")
            return [
                Finding(
                    .agreeMissedCall,
                    .error,
                    "The reference called \(names) (\(referenceEvidence)); the provider answered without a tool call "
                        + "(finish_reason \(candidate.finishReason ?? "null")).",
                    at: "/choices/0/message/tool_calls"
                )
            ]
        case (true, false):
            let names = candidate.callNames.joined(separator: ", ")
            return [
                Finding(
                    .agreeSpuriousCall,
                    .error,
                    "The provider called \(names); the reference answered without a tool call (\(referenceEvidence)).",
                    at: "/choices/0/message/tool_calls"
                )
            ]
        default:
            return []
        }
    }
}
