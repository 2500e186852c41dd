/// The judged answers of one case for one candidate, each with its evidence pointer: what the live run
/// and offline re-scoring (`verifier score`) both turn into a case outcome, by the same pure function.
struct CaseExchanges: Sendable {
    /// The case id.
    var caseID: String
    /// The suite.
    var suite: String
    /// The request as judged (the body sent, minus nothing: tools, tool_choice, messages as written).
    var request: ChatRequest
    /// What the case expects.
    var expectation: CaseExpectation
    /// How status probes are judged.
    var policy: RequestPolicy
    /// Tolerance for a labelled prompt-token count.
    var promptTokenTolerance: Int
    /// The candidate's answers, one per mode (their own findings only; evidence may be empty until written).
    var primaries: [JudgedExchange]
    /// The reference's answers, one per mode.
    var references: [JudgedExchange]
    /// The non-streamed twin of a streamed-only case.
    var twin: JudgedExchange?
    /// The answers to the request with reasoning removed, one per mode.
    var withoutReasoning: [JudgedExchange]
}

/// Turns a case's judged answers into its outcome: stream parity, contract findings, pairing with the
/// reference. Pure, so re-scoring recorded evidence gives what the live run gave.
enum CaseAssembly {
    static func assemble(_ exchanges: CaseExchanges) -> VerificationRun.CaseResult.PerCandidate {
        let expectation = exchanges.expectation
        var outcome = VerificationRun.CaseResult.PerCandidate()
        outcome.request = exchanges.request
        var primaries = exchanges.primaries.map { tagged($0, exchanges) }
        outcome.companion = exchanges.twin.map { tagged($0, exchanges) }
        // Parity: the streamed answer against the non-streamed one (a primary or the twin). Deterministic
        // requests must match exactly; sampled ones are compared in distribution over the run.
        if !expectation.expectsRejection, let streamedPosition = primaries.firstIndex(where: \.streamed),
            let plain = exchanges.twin ?? primaries.first(where: { !$0.streamed }),
            let streamedSignature = primaries[streamedPosition].judgement.signature,
            let plainSignature = plain.judgement.signature,
            // Only finished answers are compared; a stream cut short is `stream.truncated` already.
            streamedSignature.finishReason != nil, plainSignature.finishReason != nil
        {
            let plainLine = exchanges.twin?.evidence ?? "the non-streamed record of \(exchanges.caseID)"
            if !Parity.isDeterministic(exchanges.request) {
                outcome.callParity = (!streamedSignature.calls.isEmpty, !plainSignature.calls.isEmpty)
            } else if let finding = Parity.compare(
                streamed: streamedSignature,
                plain: plainSignature,
                plainEvidence: plainLine
            ) {
                primaries[streamedPosition].judgement.findings.append(finding)
                outcome.parityAgreed = false
            } else {
                outcome.parityAgreed = true
            }
        }
        for primary in primaries {
            let reference = exchanges.references.first { $0.streamed == primary.streamed }.map { tagged($0, exchanges) }
            var answer = primary
            if expectation.isLabelled {
                let context = ContractContext(
                    request: exchanges.request,
                    expectation: expectation,
                    policy: exchanges.policy,
                    promptTokenTolerance: exchanges.promptTokenTolerance,
                    answer: primary.judgement,
                    reference: reference?.judgement,
                    referenceEvidence: reference?.evidence,
                    withoutReasoning: exchanges.withoutReasoning.first { $0.streamed == primary.streamed }?.judgement
                )
                answer.judgement.findings = VerificationRun.merge(
                    primary.judgement.findings,
                    contract: ContractJudge().findings(in: context),
                    status: primary.judgement.status
                )
            }
            outcome.primaries.append((answer, reference))
        }
        return outcome
    }

    private static func tagged(_ exchange: JudgedExchange, _ exchanges: CaseExchanges) -> JudgedExchange {
        var copy = exchange
        copy.caseID = exchanges.caseID
        copy.suite = exchanges.suite
        copy.labelled = exchanges.expectation.isLabelled
        copy.probe = exchanges.expectation.status != nil
        return copy
    }
}
