import JSONSchema

/// Agreement with the reference beyond trigger: where both call, the same number of calls, the same tools,
/// the same arguments — each a rate, with a few examples of disagreement pointing at both sides' evidence.
public struct AgreementTally: Sendable, Hashable {
    /// One example of a disagreement.
    public struct Example: Sendable, Hashable {
        /// `call_count`, `tool_name` or `arguments`.
        public var kind: String
        /// The case id.
        public var caseID: String
        /// `stream` or `nonstream`.
        public var mode: String
        /// The provider's answer's evidence.
        public var evidence: String
        /// The reference's answer's evidence.
        public var referenceEvidence: String
        /// What the provider did.
        public var provider: String
        /// What the reference did.
        public var reference: String

        /// The example as JSON.
        public var json: JSONValue {
            [
                "kind": .string(kind), "case": .string(caseID), "mode": .string(mode), "evidence": .string(evidence),
                "reference_evidence": .string(referenceEvidence), "provider": .string(provider),
                "reference": .string(reference),
            ]
        }
    }

    /// Both-called answers with as many calls as the reference.
    public var callCount = Metric(numerator: 0, denominator: 0)
    /// Both-called answers naming the reference's tools.
    public var toolName = Metric(numerator: 0, denominator: 0)
    /// Same-tool answers with the reference's arguments.
    public var arguments = Metric(numerator: 0, denominator: 0)
    /// A few disagreements of each kind, in the order met.
    public var examples: [Example] = []
    /// Examples kept per kind.
    public var examplesPerKind = 3

    /// Creates an empty tally.
    public init() {}

    /// Counts a pair's agreement comparisons, keeping a few disagreements of each kind as examples.
    /// - Parameters:
    ///   - comparisons: The comparisons the ``CaseJudge`` made.
    ///   - caseID: The case.
    ///   - mode: `stream` or `nonstream`.
    ///   - evidence: The candidate's evidence pointer.
    public mutating func add(_ comparisons: [AgreementComparison], caseID: String, mode: String, evidence: String) {
        for comparison in comparisons {
            let path: WritableKeyPath<AgreementTally, Metric>
            switch comparison.kind {
            case "call_count": path = \.callCount
            case "tool_name": path = \.toolName
            default: path = \.arguments
            }
            self[keyPath: path].denominator += 1
            if comparison.outcome.agreed {
                self[keyPath: path].numerator += 1
                continue
            }
            guard examples.filter({ $0.kind == comparison.kind }).count < examplesPerKind else { continue }
            examples.append(
                Example(
                    kind: comparison.kind,
                    caseID: caseID,
                    mode: mode,
                    evidence: evidence,
                    referenceEvidence: comparison.referenceEvidence,
                    provider: comparison.outcome.providerText,
                    reference: comparison.outcome.referenceText
                )
            )
        }
    }
}
