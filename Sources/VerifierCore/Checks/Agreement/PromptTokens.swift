/// `agree.prompt_tokens`: `usage.prompt_tokens` equals the reference's count for the same request
/// (or a case's recorded count) within a tolerance.
///
/// A wrong chat template, a dropped system prompt or tools rendered differently show here first, on
/// every request, before any answer looks wrong (Kimi Vendor Verifier's prompt-token test).
public enum PromptTokens {
    /// The label.
    public static let labels: [FailureLabel] = [.agreePromptTokens]

    /// Compares a provider's prompt-token count with the expected one.
    /// - Parameters:
    ///   - provider: The provider's `usage.prompt_tokens`.
    ///   - expected: The reference's (or the case's) count.
    ///   - tolerance: The largest accepted difference.
    ///   - source: Where the expected count comes from, for the message.
    /// - Returns: A finding, or `nil` when within tolerance.
    public static func compare(provider: Int, expected: Int, tolerance: Int, source: String) -> Finding? {
        guard abs(provider - expected) > tolerance else { return nil }
        let difference = provider - expected
        return Finding(
            .agreePromptTokens,
            .error,
            "usage.prompt_tokens is \(provider) where \(source) counts \(expected) (\(difference > 0 ? "+" : "")\(difference), "
                + "tolerance ±\(tolerance)): the prompt the model sees differs — chat template, system prompt or tool rendering.",
            at: "/usage/prompt_tokens"
        )
    }
}

/// The labelled prompt-token count of a case (`expect.prompt_tokens`), such as Kimi's recorded counts.
public struct ExpectedPromptTokens: ContractCheck {
    public static let labels: [FailureLabel] = [.agreePromptTokens]

    /// Creates the check.
    public init() {}

    public func findings(in context: ContractContext) -> [Finding] {
        guard let expected = context.expectation.promptTokens, context.answer.delivered else { return [] }
        guard let count = context.answer.promptTokens else {
            return [
                Finding(
                    .agreePromptTokens,
                    .error,
                    "The case records \(expected) prompt tokens; the answer reports no usage.prompt_tokens.",
                    at: "/usage"
                )
            ]
        }
        return PromptTokens.compare(
            provider: count,
            expected: expected,
            tolerance: context.promptTokenTolerance,
            source: "the case's recorded count"
        ).map { [$0] } ?? []
    }
}
