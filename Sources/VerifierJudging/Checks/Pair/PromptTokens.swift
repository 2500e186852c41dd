import JSONSchema

/// `agree.prompt_tokens`: `usage.prompt_tokens` equals the reference's count for the same request
/// (or a case's recorded count) within a tolerance.
///
/// A wrong chat template, a dropped system prompt or tools rendered differently show here first, on
/// every request, before any answer looks wrong (Kimi Vendor Verifier's prompt-token test).
public struct PromptTokens: PairCheck, ContractCheck {
    /// The label.
    public static let labels: [FailureLabel] = [.agreePromptTokens]

    /// Creates the check.
    public init() {}

    /// Against the reference's count for the same request (the pair stage).
    public func findings(in context: PairContext) -> [Finding] {
        guard let mine = context.answer.promptTokens, let theirs = context.other.promptTokens else { return [] }
        return Self.compare(
            provider: mine,
            expected: theirs,
            tolerance: context.promptTokenTolerance,
            source: "the reference (\(context.otherEvidence))",
            at: context.answer.pointers.promptTokens
        ).map { [$0] } ?? []
    }

    /// Against a case's recorded count (`expect.prompt_tokens`, such as Kimi's; the contract stage).
    public func findings(in context: ContractContext) -> [Finding] {
        guard let expected = context.expectation.promptTokens, context.answer.delivered else { return [] }
        guard let count = context.answer.promptTokens else {
            return [
                Finding(
                    .agreePromptTokens,
                    .error,
                    "The case records \(expected) prompt tokens; the answer reports no usage.prompt_tokens.",
                    at: context.answer.pointers.usage
                )
            ]
        }
        return Self.compare(
            provider: count,
            expected: expected,
            tolerance: context.promptTokenTolerance,
            source: "the case's recorded count",
            at: context.answer.pointers.promptTokens
        ).map { [$0] } ?? []
    }

    /// The tolerance across API surfaces: the same template renders each surface's translation of the request
    /// (system prompts joined, tool results wrapped as blocks, the separators a compatibility layer adds), so a
    /// few tokens more or less are no defect — at least 8 tokens or 1 % of the reference's count. A host whose
    /// compatibility layer adds its own system prompt still shows.
    /// - Parameter reference: The reference's prompt-token count.
    /// - Returns: The tolerance to apply.
    public static func crossSurfaceTolerance(_ reference: Int) -> Int { max(8, reference / 100) }

    /// Compares a provider's prompt-token count with the expected one.
    /// - Parameters:
    ///   - provider: The provider's `usage.prompt_tokens`.
    ///   - expected: The reference's (or the case's) count.
    ///   - tolerance: The largest accepted difference.
    ///   - source: Where the expected count comes from, for the message.
    ///   - location: Where the finding points (the answer's prompt-token count).
    /// - Returns: A finding, or `nil` when within tolerance.
    public static func compare(provider: Int, expected: Int, tolerance: Int, source: String, at location: String)
        -> Finding?
    {
        guard abs(provider - expected) > tolerance else { return nil }
        let difference = provider - expected
        return Finding(
            .agreePromptTokens,
            .error,
            "usage.prompt_tokens is \(provider) where \(source) counts \(expected) (\(difference > 0 ? "+" : "")\(difference), "
                + "tolerance ±\(tolerance)): the prompt the model sees differs — chat template, system prompt or tool rendering.",
            at: location
        )
    }
}

extension FailureLabel {
    /// `usage.prompt_tokens` differs from the reference's (or the case's expected count) beyond the tolerance.
    public static let agreePromptTokens = FailureLabel(rawValue: "agree.prompt_tokens")
}
