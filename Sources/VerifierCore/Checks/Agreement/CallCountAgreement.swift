/// `agree.call_count`: where both the provider and the reference call tools, the provider makes as many calls
/// as the reference (any count a baseline's reference made in one of its runs).
///
/// A warning per answer: agreement is gated as a rate (`agreement.call_count_agreement`), because a sampling
/// reference itself varies; one disagreement alone proves nothing.
public enum CallCountAgreement {
    /// The label.
    public static let labels: [FailureLabel] = [.agreeCallCount]

    /// Compares the call counts.
    /// - Parameter input: Both answers.
    /// - Returns: The outcome, or `nil` when one side made no call (that is trigger agreement's business).
    public static func compare(_ input: AgreementInput) -> AgreementOutcome? {
        guard input.bothCalled else { return nil }
        let mine = input.candidate.count
        let accepted = input.support?.callCounts ?? [input.reference.count]
        let theirs = accepted.sorted().map(String.init).joined(separator: " or ")
        let agreed = accepted.contains(mine)
        return AgreementOutcome(
            agreed: agreed,
            providerText: "\(mine) call\(mine == 1 ? "" : "s"): " + CallAgreement.namesKey(input.candidate),
            referenceText: "\(theirs) call\(theirs == "1" ? "" : "s"): " + CallAgreement.namesKey(input.reference),
            finding: agreed
                ? nil
                : Finding(
                    .agreeCallCount,
                    .warning,
                    "The provider made \(mine) tool call\(mine == 1 ? "" : "s") where \(input.referenceName) made "
                        + "\(theirs).",
                    at: "/choices/0/message/tool_calls"
                )
        )
    }
}
