import JSONSchema

/// `agree.call_count`: where both the provider and the reference call tools, the provider makes as many calls
/// as the reference (any count a baseline's reference made in one of its runs).
///
/// A warning per answer: agreement is gated as a rate (`agreement.call_count_agreement`), because a sampling
/// reference itself varies; one disagreement alone proves nothing.
public struct CallCountAgreement: AgreementCheck {
    public static let kind = "call_count"
    /// The label.
    public static let labels: [FailureLabel] = [.agreeCallCount]

    /// Compares the call counts.
    /// - Parameter input: Both answers.
    /// - Returns: The outcome, or `nil` when one side made no call (that is trigger agreement's business).
    /// Creates the check.
    public init() {}

    public func compare(_ context: PairContext) -> AgreementOutcome? { Self.compare(AgreementInput(context)) }

    /// Compares the calls of both answers.
    /// - Parameter input: Both answers' calls.
    /// - Returns: The outcome, or `nil` when the comparison does not apply.
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
                    at: input.pointers.calls
                )
        )
    }
}

extension FailureLabel {
    /// Both sides called tools, but the provider made another number of calls than the reference.
    public static let agreeCallCount = FailureLabel(rawValue: "agree.call_count")
}
