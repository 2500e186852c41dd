import JSONSchema

/// The outcome of comparing one answer's calls with the reference's on one aspect (count, names, arguments).
public struct AgreementOutcome: Sendable, Hashable {
    /// Whether the provider's answer agrees.
    public var agreed: Bool
    /// The provider's side, as people read it.
    public var providerText: String
    /// The reference's side, as people read it.
    public var referenceText: String
    /// The warning when it does not agree.
    public var finding: Finding?
}

/// The inputs every call-agreement check reads: both answers' calls and, for a baseline, what the reference
/// produced over its runs.
public struct AgreementInput: Sendable {
    /// The provider's calls.
    public var candidate: [MessageSignature.Call]
    /// The reference's calls (a live answer, or a baseline's most frequent one).
    public var reference: [MessageSignature.Call]
    /// What a baseline's reference produced over its runs (`nil` for a live reference).
    public var support: ReferenceSupport?
    /// Where the reference's answer is recorded.
    public var referenceEvidence: String
    /// Where findings about the provider's calls point.
    public var pointers = AnswerPointers()

    /// Creates the input.
    /// - Parameters:
    ///   - candidate: The provider's calls.
    ///   - reference: The reference's calls.
    ///   - support: A baseline's support.
    ///   - referenceEvidence: The reference's evidence pointer.
    public init(
        candidate: [MessageSignature.Call],
        reference: [MessageSignature.Call],
        support: ReferenceSupport?,
        referenceEvidence: String
    ) {
        self.candidate = candidate
        self.reference = reference
        self.support = support
        self.referenceEvidence = referenceEvidence
    }

    /// Whether both sides call (the baseline: in at least one run), so the calls can be compared.
    var bothCalled: Bool {
        !candidate.isEmpty && (support.map { $0.called > 0 } ?? !reference.isEmpty)
    }

    /// "the reference (evidence)" or, for a baseline, how many of its runs the variants come from.
    var referenceName: String {
        if let support, support.answers > 1 {
            return "the reference's \(support.answers) calibration runs (\(referenceEvidence))"
        }
        return "the reference (\(referenceEvidence))"
    }
}

extension AgreementInput {
    /// The calls of a pair's two answers.
    /// - Parameter context: The pair.
    init(_ context: PairContext) {
        self.init(
            candidate: context.answer.signature?.calls ?? [],
            reference: context.other.signature?.calls ?? [],
            support: context.support,
            referenceEvidence: context.otherEvidence
        )
        pointers = context.answer.pointers
    }
}
