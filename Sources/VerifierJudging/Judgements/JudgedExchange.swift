import JSONSchema

/// A judgement together with where it came from: the case and the evidence record.
public struct JudgedExchange: Sendable, Hashable {
    /// The case id.
    public var caseID: String
    /// Whether it was streamed.
    public var streamed: Bool
    /// `<file>:<line>` of the evidence record.
    public var evidence: String
    /// The judgement.
    public var judgement: ExchangeJudgement
    /// The suite the case belongs to.
    public var suite: String = ""
    /// Whether the case carries a labelled expectation (judged in the contract layer).
    public var labelled = false
    /// `stream` or `nonstream`.
    public var mode: String { streamed ? "stream" : "nonstream" }
    /// Whether the case is a request probe (a status expectation): it is judged by its status only and
    /// left out of the delivery, wire, schema and agreement metrics.
    public var probe = false
    /// Every delivery attempt, the judged one last (empty when not recorded: one attempt).
    public var attempts: [DeliveryAttempt] = []
    /// For a reference answer synthesised from a calibrated baseline: what the reference produced over its
    /// runs, which the provider's answer may match (`nil` for a live answer).
    public var support: ReferenceSupport?

    /// Creates a judged exchange.
    /// - Parameters:
    ///   - caseID: The case id.
    ///   - streamed: Whether it was streamed.
    ///   - evidence: The evidence pointer.
    ///   - judgement: The judgement.
    public init(caseID: String, streamed: Bool, evidence: String, judgement: ExchangeJudgement) {
        self.caseID = caseID
        self.streamed = streamed
        self.evidence = evidence
        self.judgement = judgement
    }
}
