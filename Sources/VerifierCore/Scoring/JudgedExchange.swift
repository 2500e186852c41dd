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
