import JSONSchema

/// `agree.arguments`: where both sides call the same tools, the provider passes the same arguments as the
/// reference — compared as parsed JSON (numbers by value, members in any order), calls in any order; a
/// baseline accepts any argument set its reference produced in one of its runs.
///
/// A warning per answer; gated as a rate (`agreement.argument_agreement`). Wrong values against a labelled
/// expectation are `contract.arguments`, and arguments that break the tool's schema are `call.schema`.
public struct ArgumentAgreement: AgreementCheck {
    public static let kind = "arguments"
    /// The label.
    public static let labels: [FailureLabel] = [.agreeArguments]

    /// Compares the arguments, for answers whose tool names agree.
    /// - Parameter input: Both answers.
    /// - Returns: The outcome, or `nil` when one side made no call or the tool names differ.
    /// Creates the check.
    public init() {}

    public func compare(_ context: PairContext) -> AgreementOutcome? { Self.compare(AgreementInput(context)) }

    /// Compares the calls of both answers.
    /// - Parameter input: Both answers' calls.
    /// - Returns: The outcome, or `nil` when the comparison does not apply.
    public static func compare(_ input: AgreementInput) -> AgreementOutcome? {
        guard let names = ToolNameAgreement.compare(input), names.agreed else { return nil }
        let mine = CallAgreement.argumentsKey(input.candidate)
        let accepted = input.support?.arguments ?? [CallAgreement.argumentsKey(input.reference)]
        let agreed = accepted.contains(mine)
        let variants = input.support.map {
            $0.arguments.count > 1 ? " (or one of its \($0.arguments.count) variants)" : ""
        }
        let theirs = CallAgreement.text(input.reference) + (variants ?? "")
        return AgreementOutcome(
            agreed: agreed,
            providerText: CallAgreement.text(input.candidate),
            referenceText: theirs,
            finding: agreed
                ? nil
                : Finding(
                    .agreeArguments,
                    .warning,
                    "The provider called \(CallAgreement.text(input.candidate, limit: 160)) where \(input.referenceName) "
                        + "called \(theirs.count > 180 ? String(theirs.prefix(180)) + "…" : theirs).",
                    at: input.pointers.calls
                )
        )
    }
}

extension FailureLabel {
    /// Both sides called the same tools, but the provider passed other arguments than the reference.
    public static let agreeArguments = FailureLabel(rawValue: "agree.arguments")
}
