import JSONSchema

/// One case judged for one candidate: every answer with every finding, and the facts the scorer counts.
///
/// The ``CaseJudge`` makes it; ``ScoreAccumulator`` only counts it.
public struct JudgedCase: Sendable {
    /// One entry per transport mode the case was run in.
    public var pairs: [JudgedPair] = []
    /// The non-streamed twin sent only to check a streamed answer's parity.
    public var companion: JudgedExchange?
    /// Whether the streamed answer agreed with the non-streamed one under the run's ``ParityRule``
    /// (`nil`: not compared).
    public var parityAgreed: Bool?
    /// How the two differed (`nil`: not compared; empty: they agreed).
    public var parityDifferences: Set<ParityDifference>?
    /// Under a rule that tolerates the reference's own kinds of difference: whether the two differed in one of
    /// them (counted against the reference's rate; `nil`: no such rule, or not compared).
    public var toleratedParityDifference: Bool?
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
    /// For a labelled answer that was judged (a status arrived): whether it met the expectations that do not
    /// depend on the model's sampling (status, `tool_choice`, `parallel_tool_calls`, reasoning, prompt tokens).
    public var contractMet: Bool?
    /// For a delivered answer to a case with a call expectation the reference always meets: whether it met it
    /// (the model's own choice of call, tool and arguments).
    public var choiceMet: Bool?
    /// For a delivered answer to a case the reference itself breaks in some calibration runs: whether it met
    /// it, against the reference's rate (judged by rate, never as a hard failure).
    public var wavering: WaveringObservation?
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
