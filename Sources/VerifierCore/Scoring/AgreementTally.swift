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

    /// Compares one paired answer and returns the warnings for its disagreements.
    /// - Parameters:
    ///   - input: Both answers' calls.
    ///   - caseID: The case id.
    ///   - mode: The transport mode.
    ///   - evidence: The provider's evidence pointer.
    /// - Returns: The findings (warnings) of the disagreements.
    public mutating func add(_ input: AgreementInput, caseID: String, mode: String, evidence: String) -> [Finding] {
        var findings: [Finding] = []
        let checks: [(String, WritableKeyPath<AgreementTally, Metric>, AgreementOutcome?)] = [
            ("call_count", \.callCount, CallCountAgreement.compare(input)),
            ("tool_name", \.toolName, ToolNameAgreement.compare(input)),
            ("arguments", \.arguments, ArgumentAgreement.compare(input)),
        ]
        for (kind, path, outcome) in checks {
            guard let outcome else { continue }
            self[keyPath: path].denominator += 1
            if outcome.agreed {
                self[keyPath: path].numerator += 1
                continue
            }
            if let finding = outcome.finding { findings.append(finding) }
            if examples.filter({ $0.kind == kind }).count < examplesPerKind {
                examples.append(
                    Example(
                        kind: kind,
                        caseID: caseID,
                        mode: mode,
                        evidence: evidence,
                        referenceEvidence: input.referenceEvidence,
                        provider: outcome.providerText,
                        reference: outcome.referenceText
                    )
                )
            }
        }
        return findings
    }
}
