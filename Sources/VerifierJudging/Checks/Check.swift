import JSONSchema

/// A check: a pure function from what was recorded to labelled findings, the only place a label is made.
///
/// Every check claims the labels it makes (``labels``); no two checks claim one label, and
/// ``LabelRegistry`` lists every check, so a test proves the taxonomy and the checks agree. A check lives
/// in a file named after it, beside its label's definition, so `grep -rl '"<label>"' Sources/VerifierJudging`
/// finds exactly the file that makes `call.schema`.
///
/// Each stage of judging has one shape of check:
///
/// | stage | protocol | reads |
/// |---|---|---|
/// | delivery | ``DeliveryCheck`` | the recorded ``RawResponse`` |
/// | wire, per surface | ``ChatWireCheck`` | the surface's decoded body (``ChatWireContext``) |
/// | stream, per surface | ``StreamCheck`` | the surface's event trace (``StreamTrace``) |
/// | answer (call, and surface-neutral wire) | ``AnswerCheck`` | the neutral ``HostAnswer`` |
/// | contract | ``ContractCheck`` | a labelled case and the answer's judgement |
/// | pair (agreement, parity) | ``PairCheck`` | two judged answers to one request |
public protocol Check: Sendable {
    /// The labels this check makes; no other check makes them.
    static var labels: [FailureLabel] { get }
}

/// A check of delivery: what the transport recorded, before any body is read.
public protocol DeliveryCheck: Check {
    /// Judges one recorded response.
    /// - Parameter response: What the transport recorded.
    /// - Returns: Findings; empty when delivery succeeded.
    func findings(in response: RawResponse) -> [Finding]
}

/// A check of the neutral answer: holds on every API surface unchanged.
public protocol AnswerCheck: Check {
    /// Judges one answer.
    /// - Parameter context: The request, the neutral answer and the schema cache.
    /// - Returns: Findings; empty when the answer passes.
    func findings(in context: AnswerContext) -> [Finding]
}

/// A check of two judged answers to one request: the candidate's and the reference's (agreement), or a
/// streamed answer and its non-streamed twin (parity).
public protocol PairCheck: Check {
    /// Judges the pair.
    /// - Parameter context: Both answers.
    /// - Returns: Findings about ``PairContext/answer``; empty when it agrees.
    func findings(in context: PairContext) -> [Finding]
}
