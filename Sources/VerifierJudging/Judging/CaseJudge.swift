import JSONSchema

/// Judges one case for one candidate: the one room where every finding about an answer is made.
///
/// Given a case, the candidate's answers (each already judged on its own for wire, stream and call
/// defects) and the reference's, it adds stream parity, the case's contract, agreement with the reference
/// and prompt-token parity. The live run, `verifier score`, calibration and `VerifierTesting` all call it,
/// so a case is judged the same way wherever it is judged; ``ScoreAccumulator`` only counts the result.
///
/// ```swift
/// let judged = CaseJudge(promptTokenTolerance: 0).judge(exchanges)
/// judged.pairs[0].candidate.judgement.findings.map(\.label)   // e.g. [contract.tool_choice_none]
/// ```
public struct CaseJudge: Sendable {
    /// How many prompt tokens the candidate may differ from the reference by.
    public var promptTokenTolerance: Int
    /// How streamed and non-streamed answers to a temperature-0 request are compared.
    public var parityRule: ParityRule

    /// The agreement checks, in the order their comparisons are counted.
    public static let agreementChecks: [any AgreementCheck] = [
        CallCountAgreement(), ToolNameAgreement(), ArgumentAgreement(),
    ]

    /// Creates a judge.
    /// - Parameters:
    ///   - promptTokenTolerance: How many prompt tokens the candidate may differ from the reference by.
    ///   - parityRule: How streamed and non-streamed twins are compared (default: exactly).
    public init(
        promptTokenTolerance: Int = GateConfiguration().promptTokenTolerance,
        parityRule: ParityRule = ParityRule()
    ) {
        self.promptTokenTolerance = promptTokenTolerance
        self.parityRule = parityRule
    }

    /// Creates the judge a run's gates call for: their prompt-token tolerance and parity rule.
    /// - Parameter gates: The run's gates.
    public init(gates: GateConfiguration) {
        self.init(promptTokenTolerance: gates.promptTokenTolerance, parityRule: gates.parityRule)
    }

    /// Judges a case.
    /// - Parameter exchanges: The case's answers.
    /// - Returns: Every answer with every finding, and what the scorer counts.
    public func judge(_ exchanges: CaseExchanges) -> JudgedCase {
        let expectation = exchanges.expectation
        var judged = JudgedCase()
        judged.request = exchanges.request
        var primaries = exchanges.primaries.map { tagged($0, exchanges) }
        judged.companion = exchanges.twin.map { tagged($0, exchanges) }
        if !expectation.expectsRejection {
            judgeParity(&primaries, exchanges, into: &judged)
        }
        for primary in primaries {
            let reference = exchanges.references.first { $0.streamed == primary.streamed }.map { tagged($0, exchanges) }
            var answer = primary
            if expectation.isLabelled {
                var context = ContractContext(
                    request: exchanges.request,
                    expectation: expectation,
                    policy: exchanges.policy,
                    promptTokenTolerance: exchanges.promptTokenTolerance,
                    answer: primary.judgement,
                    reference: reference?.judgement,
                    referenceEvidence: reference?.evidence,
                    withoutReasoning: exchanges.withoutReasoning.first { $0.streamed == primary.streamed }?.judgement
                )
                context.referenceSpread = exchanges.referenceSpread[primary.mode]
                answer.judgement.findings = Self.merge(
                    primary.judgement.findings,
                    contract: ContractJudge().findings(in: context),
                    status: primary.judgement.status
                )
            }
            var judgedPair = pair(candidate: answer, reference: reference)
            if let spread = exchanges.referenceSpread[primary.mode], spread.callsVaried {
                Self.tolerateSampledDisagreement(&judgedPair.candidate.judgement.findings, spread)
            }
            Self.judgeChoice(&judgedPair, exchanges)
            judged.pairs.append(judgedPair)
        }
        return judged
    }

    /// The call-agreement labels a sampling reference makes on its own: on a case whose calls the reference varied
    /// between its calibration runs, one disagreement with one of its answers is a warning; the rate gates
    /// (trigger F1, call-count, tool-name and argument agreement) judge how often it happens.
    static let sampledAgreementLabels: Set<FailureLabel> = [
        .agreeMissedCall, .agreeSpuriousCall, .agreeCallCount, .agreeToolName, .agreeArguments,
    ]

    private static func tolerateSampledDisagreement(_ findings: inout [Finding], _ spread: ReferenceCaseSpread) {
        for index in findings.indices
        where findings[index].severity == .error && sampledAgreementLabels.contains(findings[index].label) {
            findings[index].severity = .warning
            findings[index].message +=
                " The reference's own calls on this case differed between its calibration runs, so this is judged by "
                + "the agreement rates, not as a defect."
        }
    }

    /// Whether a delivered answer met its case's call expectation (the model's own choice): a hard test where the
    /// reference always meets the case, a rate observation where it wavers.
    private static func judgeChoice(_ pair: inout JudgedPair, _ exchanges: CaseExchanges) {
        let candidate = pair.candidate
        guard exchanges.expectation.calls != nil, exchanges.expectation.status == nil, candidate.judgement.delivered
        else { return }
        let choiceFindings = candidate.judgement.findings.filter { ExpectedCalls.modelChoiceLabels.contains($0.label) }
        let spread = exchanges.referenceSpread[candidate.mode]
        if spread?.alwaysFails == true { return }
        if let spread, spread.wavers, let rate = spread.passRate {
            pair.wavering = WaveringObservation(met: choiceFindings.isEmpty, referencePassRate: rate)
        } else {
            pair.choiceMet = !choiceFindings.contains { $0.severity == .error }
        }
    }

    /// Pairs one answer with the reference's answer in the same mode: whether it met its case's contract
    /// (judged from the findings it carries), trigger, call-count, tool-name and argument agreement, and
    /// prompt-token parity, each disagreement added to the answer's findings.
    /// - Parameters:
    ///   - candidate: The candidate's answer, with its own and its case's findings.
    ///   - reference: The reference's answer, if any.
    /// - Returns: The judged pair.
    public func pair(candidate: JudgedExchange, reference: JudgedExchange?) -> JudgedPair {
        var pair = JudgedPair(candidate: candidate, reference: reference)
        let judgement = candidate.judgement
        if candidate.labelled, judgement.status != nil, !judgement.transportFailed {
            pair.contractMet = !judgement.findings.contains { finding in
                finding.severity == .error && !ExpectedCalls.modelChoiceLabels.contains(finding.label)
                    && (finding.label.layer == .contract || finding.label == .agreePromptTokens)
            }
        }
        // A probe is judged by its status alone; its answer (if any) is not a sample of the host's answers.
        guard !candidate.probe, let reference, judgement.delivered, reference.judgement.delivered else { return pair }
        // Across surfaces the same weights see the request through two translations: prompt tokens get a wider
        // band, and every disagreement says which two surfaces it is between.
        let crossSurface = judgement.surface != reference.judgement.surface
        let context = PairContext(
            answer: judgement,
            other: reference.judgement,
            otherEvidence: reference.evidence,
            support: reference.support,
            promptTokenTolerance: crossSurface
                ? max(promptTokenTolerance, PromptTokens.crossSurfaceTolerance(reference.judgement.promptTokens ?? 0))
                : promptTokenTolerance
        )
        var findings = TriggerAgreement().findings(in: context)
        for check in Self.agreementChecks {
            guard let outcome = check.compare(context) else { continue }
            let kind = type(of: check).kind
            pair.agreement.append(
                AgreementComparison(kind: kind, outcome: outcome, referenceEvidence: reference.evidence)
            )
            if !outcome.agreed, let finding = outcome.finding { findings.append(finding) }
        }
        if judgement.promptTokens != nil, reference.judgement.promptTokens != nil {
            let tokens = PromptTokens().findings(in: context)
            pair.promptTokensAgreed = tokens.isEmpty
            findings += tokens
        }
        if crossSurface {
            let note =
                " (Across surfaces: this \(judgement.surface) answer against the reference's \(reference.judgement.surface) answer.)"
            for index in findings.indices { findings[index].message += note }
        }
        pair.candidate.judgement.findings += findings
        return pair
    }

    /// Parity: the streamed answer against the non-streamed one (a primary or the twin). Deterministic
    /// requests must match exactly; sampled ones are compared in distribution over the run.
    private func judgeParity(
        _ primaries: inout [JudgedExchange],
        _ exchanges: CaseExchanges,
        into judged: inout JudgedCase
    ) {
        guard let streamedPosition = primaries.firstIndex(where: \.streamed),
            let plain = exchanges.twin ?? primaries.first(where: { !$0.streamed }),
            let streamedSignature = primaries[streamedPosition].judgement.signature,
            let plainSignature = plain.judgement.signature,
            // Only finished answers are compared; a stream cut short is `stream.truncated` already.
            streamedSignature.finishReason != nil, plainSignature.finishReason != nil
        else { return }
        let plainLine = exchanges.twin?.evidence ?? "the non-streamed record of \(exchanges.caseID)"
        if !Parity.isDeterministic(exchanges.request) {
            judged.callParity = CallParityObservation(
                streamed: !streamedSignature.calls.isEmpty,
                plain: !plainSignature.calls.isEmpty
            )
        } else {
            let differences = Parity(rule: parityRule).findings(
                in: PairContext(
                    answer: primaries[streamedPosition].judgement,
                    other: plain.judgement,
                    otherEvidence: plainLine
                )
            )
            primaries[streamedPosition].judgement.findings += differences
            let kinds = Parity.kinds(streamed: streamedSignature, plain: plainSignature, rule: parityRule)
            judged.parityDifferences = kinds
            judged.parityAgreed = kinds.allSatisfy(parityRule.tolerates)
            if parityRule.tolerates(.decision) {
                // Sampling makes either transport call where the other did not, as often one way as the other; a
                // streaming path that loses or invents calls does it one way (McNemar, wire.stream_call_rate_parity).
                judged.callParity = CallParityObservation(
                    streamed: !streamedSignature.calls.isEmpty,
                    plain: !plainSignature.calls.isEmpty
                )
            }
            if !parityRule.referenceKinds.subtracting([.decision]).isEmpty {
                judged.toleratedParityDifference =
                    kinds.subtracting([.decision]).contains(where: parityRule.tolerates)
            }
        }
    }

    /// Adds a labelled case's contract findings to an answer's own. A 4xx is judged by the contract
    /// layer instead of the generic `http.status`: a 4xx the case (or the reference) expects is no
    /// failure at all, and a rejected valid request is named by its contract label.
    static func merge(_ findings: [Finding], contract: [Finding], status: Int?) -> [Finding] {
        var merged = findings
        if let status, (400..<500).contains(status), status != 429 {
            merged.removeAll { $0.label == .httpStatus }
        }
        return merged + contract
    }

    private func tagged(_ exchange: JudgedExchange, _ exchanges: CaseExchanges) -> JudgedExchange {
        var copy = exchange
        copy.caseID = exchanges.caseID
        copy.suite = exchanges.suite
        copy.labelled = exchanges.expectation.isLabelled
        copy.probe = exchanges.expectation.status != nil
        return copy
    }
}
