import JSONSchema

/// The answers of one case for one candidate, each judged on its own and carrying its evidence pointer:
/// what the ``CaseJudge`` turns into a ``JudgedCase``, the same way in a live run, offline re-scoring
/// (`verifier score`), calibration and the Swift Testing front end.
public struct CaseExchanges: Sendable {
    /// The case id.
    public var caseID: String
    /// The suite.
    public var suite: String
    /// The request as judged (the body sent, minus nothing: tools, tool_choice, messages as written).
    public var request: ChatRequest
    /// What the case expects.
    public var expectation: CaseExpectation
    /// How status probes are judged.
    public var policy: RequestPolicy
    /// Tolerance for a labelled prompt-token count.
    public var promptTokenTolerance: Int
    /// The candidate's answers, one per mode (their own findings only; evidence may be empty until written).
    public var primaries: [JudgedExchange]
    /// The reference's answers, one per mode.
    public var references: [JudgedExchange]
    /// The non-streamed twin of a streamed-only case.
    public var twin: JudgedExchange?
    /// The answers to the request with reasoning removed, one per mode.
    public var withoutReasoning: [JudgedExchange]
    /// How often the reference broke this case's call expectation in calibration, by mode (`stream`,
    /// `nonstream`); empty without a calibrated baseline.
    public var referenceSpread: [String: ReferenceCaseSpread] = [:]

    /// Creates the exchanges of one case.
    /// - Parameters:
    ///   - caseID: The case id.
    ///   - suite: The suite.
    ///   - request: The request as judged.
    ///   - expectation: What the case expects.
    ///   - policy: How status probes are judged.
    ///   - promptTokenTolerance: Tolerance for a labelled prompt-token count.
    ///   - primaries: The candidate's answers, one per mode.
    ///   - references: The reference's answers, one per mode.
    ///   - twin: The non-streamed twin of a streamed-only case.
    ///   - withoutReasoning: The answers to the request with reasoning removed.
    public init(
        caseID: String,
        suite: String,
        request: ChatRequest,
        expectation: CaseExpectation,
        policy: RequestPolicy,
        promptTokenTolerance: Int,
        primaries: [JudgedExchange],
        references: [JudgedExchange],
        twin: JudgedExchange? = nil,
        withoutReasoning: [JudgedExchange] = []
    ) {
        self.caseID = caseID
        self.suite = suite
        self.request = request
        self.expectation = expectation
        self.policy = policy
        self.promptTokenTolerance = promptTokenTolerance
        self.primaries = primaries
        self.references = references
        self.twin = twin
        self.withoutReasoning = withoutReasoning
    }
}
