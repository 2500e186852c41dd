import JSONSchema

/// What a contract check sees: the labelled case, the provider's judged answer and, when run, the
/// reference's answer to the same request in the same mode.
public struct ContractContext: Sendable {
    /// The request as the case wrote it.
    public var request: ChatRequest
    /// What the case expects.
    public var expectation: CaseExpectation
    /// How status probes are judged against the reference.
    public var policy: RequestPolicy
    /// Tolerance for ``CaseExpectation/promptTokens``.
    public var promptTokenTolerance: Int
    /// The answer judged.
    public var answer: ExchangeJudgement
    /// The reference's answer to the same request and mode, when the reference was run.
    public var reference: ExchangeJudgement?
    /// `<file>:<line>` of the reference's answer.
    public var referenceEvidence: String?
    /// The answer to the same request with reasoning removed from the history (``CaseExpectation/reasoningKept``).
    public var withoutReasoning: ExchangeJudgement?
    /// How often the reference broke the case's call expectation in calibration, in this mode.
    public var referenceSpread: ReferenceCaseSpread?

    /// Creates a context.
    /// - Parameters:
    ///   - request: The request.
    ///   - expectation: The expectation.
    ///   - policy: The request policy.
    ///   - promptTokenTolerance: Prompt-token tolerance.
    ///   - answer: The judged answer.
    ///   - reference: The reference's judged answer.
    ///   - referenceEvidence: Where the reference's answer is recorded.
    ///   - withoutReasoning: The answer without reasoning in the history.
    public init(
        request: ChatRequest,
        expectation: CaseExpectation,
        policy: RequestPolicy = .compatible,
        promptTokenTolerance: Int = 0,
        answer: ExchangeJudgement,
        reference: ExchangeJudgement? = nil,
        referenceEvidence: String? = nil,
        withoutReasoning: ExchangeJudgement? = nil
    ) {
        self.request = request
        self.expectation = expectation
        self.policy = policy
        self.promptTokenTolerance = promptTokenTolerance
        self.answer = answer
        self.reference = reference
        self.referenceEvidence = referenceEvidence
        self.withoutReasoning = withoutReasoning
    }

    /// The calls of the answer (name and parsed arguments), empty when it was not delivered.
    var calls: [MessageSignature.Call] { answer.signature?.calls ?? [] }

    /// Whether the request carries tool calls or tool results in its history.
    var hasToolHistory: Bool {
        (request.body["messages"]?.arrayValue ?? []).contains { message in
            message["role"]?.stringValue == "tool" || !(message["tool_calls"]?.arrayValue ?? []).isEmpty
        }
    }

    /// The named `tool_choice`, when the request has one.
    var namedChoice: String? { request.toolChoice?["function"]?["name"]?.stringValue }
}

/// A check of the contract layer: one labelled expectation against one answer.
public protocol ContractCheck: Check {
    /// The findings for one answer; empty when the contract holds.
    /// - Parameter context: The case and the answer.
    /// - Returns: The findings.
    func findings(in context: ContractContext) -> [Finding]
}
