import JSONSchema

/// `agree.tool_name`: where both sides call, the provider calls the same tools as the reference (as a sorted
/// list; a baseline accepts any list its reference produced in one of its runs).
///
/// A warning per answer; gated as a rate (`agreement.tool_name_agreement`).
public struct ToolNameAgreement: AgreementCheck {
    public static let kind = "tool_name"
    /// The label.
    public static let labels: [FailureLabel] = [.agreeToolName]

    /// Compares the tool names.
    /// - Parameter input: Both answers.
    /// - Returns: The outcome, or `nil` when one side made no call.
    /// Creates the check.
    public init() {}

    public func compare(_ context: PairContext) -> AgreementOutcome? { Self.compare(AgreementInput(context)) }

    /// Compares the calls of both answers.
    /// - Parameter input: Both answers' calls.
    /// - Returns: The outcome, or `nil` when the comparison does not apply.
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
                    at: input.pointers.calls
                )
        )
    }
}

extension FailureLabel {
    /// Both sides called tools, but the provider called other tools than the reference.
    public static let agreeToolName = FailureLabel(rawValue: "agree.tool_name")
}
