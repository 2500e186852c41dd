import JSONSchema

/// Runs the contract checks of a labelled case and weighs them against the reference.
///
/// The tool-choice and parallel checks are the most specific, so when one of them fires the generic
/// call expectation is not reported again. When the reference, run on the same request and mode,
/// breaks the same expectation, the case tests the model rather than the host: the provider's
/// finding is kept as `info` that says so (reported, never gated). When the reference broke a case's call
/// expectation in some of its calibration runs (``ReferenceCaseSpread/wavers``), a model-choice finding is a
/// `warning`: the case is judged by rate against the reference's, not as a hard failure; when it broke it in every
/// run (``ReferenceCaseSpread/alwaysFails``), the finding is `info`, as for a live reference that breaks it.
public struct ContractJudge: Sendable {
    /// Checks that read the request's own constraints.
    public static let constraintChecks: [any ContractCheck] = [
        ToolChoiceNone(), ToolChoiceRequired(), ToolChoiceNamed(), ParallelFalse(),
    ]

    /// Every contract check, in order: the status check, the constraints, then the case's expectations.
    public static let checks: [any ContractCheck] =
        [RequestStatus()] + constraintChecks + [ExpectedCalls(), ReasoningPassthrough(), PromptTokens()]

    /// Creates a judge.
    public init() {}

    /// The contract findings of one answer.
    /// - Parameter context: The case, the answer and the reference's answer.
    /// - Returns: The findings.
    public func findings(in context: ContractContext) -> [Finding] {
        let statusFindings = RequestStatus().findings(in: context)
        if !statusFindings.isEmpty || context.expectation.status != nil { return statusFindings }
        var findings = Self.answerFindings(context)
        if let spread = context.referenceSpread, spread.wavers || spread.alwaysFails {
            for index in findings.indices
            where findings[index].severity == .error && ExpectedCalls.modelChoiceLabels.contains(findings[index].label) {
                findings[index].severity = spread.wavers ? .warning : .info
                findings[index].message +=
                    spread.wavers
                    ? " The reference breaks this case's expectation in \(spread.failures) of its \(spread.runs) "
                        + "calibrated answers, so the case is judged by rate (contract.wavering_pass_rate), not as a defect."
                    : " The reference breaks this expectation in all \(spread.runs) of its calibrated answers, so it is "
                        + "the model's behaviour, not the host's."
            }
        }
        guard let reference = context.reference, reference.delivered else { return findings }
        var referenceContext = context
        referenceContext.answer = reference
        referenceContext.reference = nil
        referenceContext.withoutReasoning = nil
        let referenceLabels = Set(Self.answerFindings(referenceContext).map(\.label))
        for index in findings.indices where referenceLabels.contains(findings[index].label) {
            findings[index].severity = .info
            findings[index].message +=
                " The reference breaks this expectation the same way\(context.referenceEvidence.map { " (\($0))" } ?? ""), "
                + "so it is the model's behaviour, not the host's."
        }
        return findings
    }

    static func answerFindings(_ context: ContractContext) -> [Finding] {
        var findings: [Finding] = []
        for check in constraintChecks { findings += check.findings(in: context) }
        if findings.isEmpty { findings += ExpectedCalls().findings(in: context) }
        findings += ReasoningPassthrough().findings(in: context)
        findings += PromptTokens().findings(in: context)
        return findings
    }
}
