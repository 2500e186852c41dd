import JSONSchema

/// `agree.missed_call` and `agree.spurious_call`: the provider calls a tool where the reference does not, or
/// answers without one where the reference calls (K2VV's ToolCall-Trigger, item by item).
public struct TriggerAgreement: PairCheck {
    /// The labels.
    public static let labels: [FailureLabel] = [.agreeMissedCall, .agreeSpuriousCall]

    /// Creates the check.
    public init() {}

    public func findings(in context: PairContext) -> [Finding] {
        let candidate = context.answer
        let reference = context.other
        let referenceEvidence = context.otherEvidence
        switch (candidate.hasToolCalls, reference.hasToolCalls) {
        case (false, true):
            let names = reference.callNames.joined(separator: ", ")
            return [
                Finding(
                    .agreeMissedCall,
                    .error,
                    "The reference called \(names) (\(referenceEvidence)); the provider answered without a tool call "
                        + "(\(candidate.pointers.stopField) \(candidate.finishReason ?? "null")).",
                    at: candidate.pointers.calls
                )
            ]
        case (true, false):
            let names = candidate.callNames.joined(separator: ", ")
            return [
                Finding(
                    .agreeSpuriousCall,
                    .error,
                    "The provider called \(names); the reference answered without a tool call (\(referenceEvidence)).",
                    at: candidate.pointers.calls
                )
            ]
        default:
            return []
        }
    }
}

extension FailureLabel {
    /// The reference called a tool; the provider did not.
    public static let agreeMissedCall = FailureLabel(rawValue: "agree.missed_call")
    /// The provider called a tool; the reference did not.
    public static let agreeSpuriousCall = FailureLabel(rawValue: "agree.spurious_call")
}
