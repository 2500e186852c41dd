import JSONSchema

/// One provider's accumulators: one per suite, plus one over every case for the headline figures.
///
/// The provider's verdict is the worst of its suites' verdicts: each suite is gated on its own cases,
/// so a contract suite's failures are never diluted by thousands of replayed requests. Against a reference that
/// samples, the model-judgement gates are also decided over every case at once: a small suite cannot decide them
/// (it says what it needs), but a host that drops or adds calls everywhere is found in the pooled figures.
package struct ProviderScore: Sendable {
    package var overall: ScoreAccumulator
    package var suites: [String: ScoreAccumulator] = [:]
    /// The cases the candidate's surface could not express, in the order met.
    package var skipped: [SkippedCase] = []
    private let provider: ProviderConfiguration
    private let reference: ProviderConfiguration?
    private let gates: GateConfiguration
    private let origin: ReferenceOrigin

    package init(
        provider: ProviderConfiguration,
        reference: ProviderConfiguration?,
        gates: GateConfiguration,
        origin: ReferenceOrigin = ReferenceOrigin(live: true, baselineSHA256: nil, baselineRuns: nil, baselinePath: nil)
    ) {
        overall = ScoreAccumulator(provider: provider, reference: reference, gates: gates)
        overall.referenceSource = origin.source
        self.provider = provider
        self.reference = reference
        self.gates = gates
        self.origin = origin
    }

    /// Lists a case the candidate was not asked because its surface cannot express it.
    /// - Parameter entry: The case and why.
    package mutating func skip(_ entry: SkippedCase) { skipped.append(entry) }

    package mutating func add(_ outcome: JudgedCase, suite: String) {
        Self.apply(outcome, to: &overall)
        var accumulator =
            suites[suite]
            ?? {
                var fresh = ScoreAccumulator(provider: provider, reference: reference, gates: gates.forSuite(suite))
                fresh.referenceSource = origin.source
                return fresh
            }()
        Self.apply(outcome, to: &accumulator)
        suites[suite] = accumulator
    }

    private static func apply(
        _ outcome: JudgedCase,
        to accumulator: inout ScoreAccumulator
    ) {
        for pair in outcome.pairs { accumulator.add(pair) }
        if let request = outcome.request {
            accumulator.recordSampling(request, answers: outcome.pairs.filter { !$0.candidate.probe }.count)
        }
        if let companion = outcome.companion { accumulator.addCompanion(companion) }
        if let agreed = outcome.parityAgreed { accumulator.recordParity(agreed: agreed) }
        if let differed = outcome.toleratedParityDifference { accumulator.recordTwin(differed: differed) }
        if let pair = outcome.callParity {
            accumulator.recordCallParity(streamed: pair.streamed, plain: pair.plain)
        }
    }

    /// The provider's scorecard: headline figures over every case, a section and verdict per suite.
    /// - Parameters:
    ///   - run: The run.
    ///   - names: The suites in run order.
    /// - Returns: The scorecard.
    ///   - stopReason: Why the run stopped before every case was sent, if it did: the verdict is then
    ///     `incomplete`.
    package func scorecard(run: RunInfo, suites names: [String], stopReason: String? = nil) -> Scorecard {
        var card = overall.scorecard(run: run)
        card.baseline = origin.baselineSHA256.map { ($0, origin.baselineRuns ?? 1) }
        card.skippedCases = skipped
        if let stopReason {
            card.suites = names.compactMap { name in
                suites[name].map { SuiteResult(name: name, scorecard: $0.scorecard(run: run)) }
            }
            card.verdict = .incomplete
            card.verdictReason = stopReason
            return card
        }
        card.suites = names.compactMap { name in
            suites[name].map { SuiteResult(name: name, scorecard: $0.scorecard(run: run)) }
        }
        let incomplete = card.suites.filter { $0.verdict == .incomplete }
        let failed = card.suites.filter { $0.verdict == .fail }
        if card.verdict == .incomplete {
            return card
        } else if !incomplete.isEmpty {
            card.verdict = .incomplete
            card.verdictReason = incomplete.map { "\($0.name): \($0.scorecard.verdictReason)" }.joined(separator: "; ")
        } else if !failed.isEmpty {
            card.verdict = .fail
            card.verdictReason = failed.map { "\($0.name): \($0.scorecard.verdictReason)" }.joined(separator: "; ")
        } else if gates.referenceSampled, card.verdict == .fail {
            card.verdictReason = "over every suite at once: " + card.verdictReason
        } else {
            card.verdict = .pass
            card.verdictReason = "every suite passed (\(card.suites.map(\.name).joined(separator: ", ")))"
        }
        return card
    }
}
