/// `agree.tool_name`: where both sides call, the provider calls the same tools as the reference (as a sorted
/// list; a baseline accepts any list its reference produced in one of its runs).
///
/// A warning per answer; gated as a rate (`agreement.tool_name_agreement`).
public enum ToolNameAgreement {
    /// The label.
    public static let labels: [FailureLabel] = [.agreeToolName]

    /// Compares the tool names.
    /// - Parameter input: Both answers.
    /// - Returns: The outcome, or `nil` when one side made no call.
    public static func compare(_ input: AgreementInput) -> AgreementOutcome? {
        guard input.bothCalled else { return nil }
        let mine = CallAgreement.namesKey(input.candidate)
        let accepted = input.support?.toolNames ?? [CallAgreement.namesKey(input.reference)]
        let agreed = accepted.contains(mine)
        let theirs = accepted.sorted().joined(separator: " or ")
        return AgreementOutcome(
            agreed: agreed,
            providerText: mine,
            referenceText: theirs,
            finding: agreed
                ? nil
                : Finding(
                    .agreeToolName,
                    .warning,
                    "The provider called \(mine) where \(input.referenceName) called \(theirs).",
                    at: "/choices/0/message/tool_calls"
                )
        )
    }
}
