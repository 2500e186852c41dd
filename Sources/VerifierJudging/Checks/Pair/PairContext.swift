import JSONSchema

/// Everything a ``PairCheck`` may look at: two judged answers to one request.
public struct PairContext: Sendable {
    /// The answer judged (the candidate's, or the streamed one).
    public var answer: ExchangeJudgement
    /// The answer it is compared with (the reference's, or the non-streamed twin).
    public var other: ExchangeJudgement
    /// Where the other answer is recorded.
    public var otherEvidence: String
    /// For a reference synthesised from a baseline: what it produced over its calibrated runs.
    public var support: ReferenceSupport?
    /// How many prompt tokens the answers may differ by.
    public var promptTokenTolerance: Int

    /// Creates a context.
    /// - Parameters:
    ///   - answer: The answer judged.
    ///   - other: The answer it is compared with.
    ///   - otherEvidence: Where the other answer is recorded.
    ///   - support: A baseline's spread, if any.
    ///   - promptTokenTolerance: Allowed prompt-token difference.
    public init(
        answer: ExchangeJudgement,
        other: ExchangeJudgement,
        otherEvidence: String,
        support: ReferenceSupport? = nil,
        promptTokenTolerance: Int = 0
    ) {
        self.answer = answer
        self.other = other
        self.otherEvidence = otherEvidence
        self.support = support
        self.promptTokenTolerance = promptTokenTolerance
    }
}

/// A pair check that compares one aspect of both answers' calls, and reports whether they agree so the
/// scorer can count agreement (call count, tool names, arguments).
public protocol AgreementCheck: PairCheck {
    /// What it compares, as the scorecard names it: `call_count`, `tool_name` or `arguments`.
    static var kind: String { get }
    /// Compares the pair.
    /// - Parameter context: Both answers.
    /// - Returns: The outcome, or `nil` when the comparison does not apply (a side made no call).
    func compare(_ context: PairContext) -> AgreementOutcome?
}

extension AgreementCheck {
    /// The outcome's finding when the answers disagree.
    public func findings(in context: PairContext) -> [Finding] {
        guard let outcome = compare(context), !outcome.agreed, let finding = outcome.finding else { return [] }
        return [finding]
    }
}
