import JSONSchema

/// One case judged for one candidate: every answer with every finding, and the facts the scorer counts.
///
/// The ``CaseJudge`` makes it; ``ScoreAccumulator`` only counts it.
public struct JudgedCase: Sendable {
    /// One entry per transport mode the case was run in.
    public var pairs: [JudgedPair] = []
    /// The non-streamed twin sent only to check a streamed answer's parity.
    public var companion: JudgedExchange?
    /// Whether the streamed answer agreed with the non-streamed one (`nil`: not compared).
    public var parityAgreed: Bool?
    /// For a sampled request: whether each transport's answer called a tool (`nil`: not compared).
    public var callParity: CallParityObservation?
    /// The request as judged.
    public var request: ChatRequest?

    /// Creates an empty judged case.
    public init() {}
}

/// Whether the streamed and the non-streamed answer to one sampled request called a tool.
public struct CallParityObservation: Sendable, Hashable {
    /// The streamed answer called a tool.
    public var streamed: Bool
    /// The non-streamed answer called a tool.
    public var plain: Bool

    /// Creates an observation.
    /// - Parameters:
    ///   - streamed: The streamed answer called a tool.
    ///   - plain: The non-streamed answer called a tool.
    public init(streamed: Bool, plain: Bool) {
        self.streamed = streamed
        self.plain = plain
    }
}

/// A candidate's answer in one mode, paired with the reference's, judged: its findings hold every layer
/// (wire, stream, call, parity, contract, agreement, prompt tokens), and the comparisons are kept for counting.
public struct JudgedPair: Sendable {
    /// The candidate's answer; its judgement's findings are the answer's every finding.
    public var candidate: JudgedExchange
    /// The reference's answer in the same mode, when there is one.
    public var reference: JudgedExchange?
    /// For a labelled answer that was judged (a status arrived): whether it met its case's expectation.
    public var contractMet: Bool?
    /// Call-count, tool-name and argument comparisons with the reference (only those that applied).
    public var agreement: [AgreementComparison] = []
    /// Whether `usage.prompt_tokens` matched the reference's within the tolerance (`nil`: not compared).
    public var promptTokensAgreed: Bool?

    /// Creates a pair with no comparisons made yet.
    /// - Parameters:
    ///   - candidate: The candidate's answer.
    ///   - reference: The reference's answer.
    public init(candidate: JudgedExchange, reference: JudgedExchange?) {
        self.candidate = candidate
        self.reference = reference
    }
}

/// One agreement comparison of a candidate's calls with the reference's.
public struct AgreementComparison: Sendable, Hashable {
    /// What was compared: `call_count`, `tool_name` or `arguments`.
    public var kind: String
    /// The outcome, with the texts shown as examples.
    public var outcome: AgreementOutcome
    /// The reference's evidence pointer.
    public var referenceEvidence: String

    /// Creates a comparison.
    /// - Parameters:
    ///   - kind: What was compared.
    ///   - outcome: The outcome.
    ///   - referenceEvidence: The reference's evidence pointer.
    public init(kind: String, outcome: AgreementOutcome, referenceEvidence: String) {
        self.kind = kind
        self.outcome = outcome
        self.referenceEvidence = referenceEvidence
    }
}
