import Testing

@testable import JSONSchema
@testable import VerifierCore
@testable import VerifierJudging

@Suite("Scoring")
struct ScoreAccumulatorTests {
    static let provider = ProviderConfiguration(name: "p", baseURL: "https://p/v1", model: "m")
    static let reference = ProviderConfiguration(name: "r", baseURL: "https://r/v1", model: "m")

    static func judged(
        _ finish: String?,
        calls: Int,
        valid: Bool? = nil,
        transport: Bool = false,
        findings: [Finding] = [],
        id: String = "c"
    ) -> JudgedExchange {
        let judgement = ExchangeJudgement(
            delivered: !transport,
            transportFailed: transport,
            status: transport ? nil : 200,
            finishReason: finish,
            callCount: calls,
            callNames: Array(repeating: "f", count: calls),
            schemaValid: finish == "tool_calls" ? (valid ?? true) : nil,
            findings: findings,
            totalMilliseconds: 1
        )
        return JudgedExchange(caseID: id, streamed: false, evidence: "evidence.jsonl:1", judgement: judgement)
    }

    @Test func f1WithNoCallsAnywhereIsNullNotPerfect() {
        var matrix = ConfusionMatrix()
        matrix.add(provider: false, reference: false)
        #expect(matrix.f1.value == nil)
        #expect(matrix.precision.value == nil)
        #expect(matrix.f1.passed == nil)
    }

    @Test func confusionMatrixMatchesK2VVDefinitions() {
        var matrix = ConfusionMatrix()
        for _ in 0..<6 { matrix.add(provider: true, reference: true) }
        for _ in 0..<2 { matrix.add(provider: true, reference: false) }
        for _ in 0..<4 { matrix.add(provider: false, reference: true) }
        matrix.add(provider: false, reference: false)
        #expect(matrix.precision.value == 0.75)
        #expect(matrix.recall.value == 0.6)
        // 2PR/(P+R) = 0.9/1.35 = 2/3 = 12/18.
        #expect(matrix.f1.numerator == 12 && matrix.f1.denominator == 18)
    }

    @Test func stopWithCallsCountsAgainstFinishReasonF1Only() {
        var accumulator = ScoreAccumulator(
            provider: Self.provider,
            reference: Self.reference,
            gates: GateConfiguration()
        )
        accumulator.add(
            CaseJudge().pair(candidate: Self.judged("stop", calls: 1), reference: Self.judged("tool_calls", calls: 1))
        )
        accumulator.add(
            CaseJudge().pair(
                candidate: Self.judged("tool_calls", calls: 1),
                reference: Self.judged("tool_calls", calls: 1)
            )
        )
        #expect(accumulator.triggerByFinishReason.falseNegatives == 1)
        #expect(accumulator.triggerByCalls.truePositives == 2)
    }

    @Test func missedAndSpuriousCallsAreLabelledWithReferenceEvidence() throws {
        var accumulator = ScoreAccumulator(
            provider: Self.provider,
            reference: Self.reference,
            gates: GateConfiguration()
        )
        accumulator.add(
            CaseJudge().pair(
                candidate: Self.judged("stop", calls: 0, id: "a"),
                reference: Self.judged("tool_calls", calls: 1, id: "a")
            )
        )
        accumulator.add(
            CaseJudge().pair(
                candidate: Self.judged("tool_calls", calls: 1, id: "b"),
                reference: Self.judged("stop", calls: 0, id: "b")
            )
        )
        #expect(accumulator.failures.count(of: .agreeMissedCall) == 1)
        #expect(accumulator.failures.count(of: .agreeSpuriousCall) == 1)
        let card = accumulator.scorecard(run: Self.run)
        #expect(card.verdict == .fail)
        let example = try #require(card.failures.sorted.first?.examples.first)
        #expect(example.message.contains("evidence.jsonl:1"))
    }

    @Test func tooManyTransportFailuresMakeTheRunIncomplete() {
        var accumulator = ScoreAccumulator(provider: Self.provider, reference: nil, gates: GateConfiguration())
        for _ in 0..<3 {
            accumulator.add(CaseJudge().pair(candidate: Self.judged(nil, calls: 0, transport: true), reference: nil))
        }
        accumulator.add(CaseJudge().pair(candidate: Self.judged("stop", calls: 0), reference: nil))
        let card = accumulator.scorecard(run: Self.run)
        #expect(card.verdict == .incomplete)
        #expect(card.verdict.exitCode == 2)
        #expect(card.verdictReason.contains("3 of 4 requests"))
    }

    @Test func noReferenceLeavesAgreementNotEvaluated() {
        var accumulator = ScoreAccumulator(provider: Self.provider, reference: nil, gates: GateConfiguration())
        accumulator.add(CaseJudge().pair(candidate: Self.judged("tool_calls", calls: 1), reference: nil))
        let card = accumulator.scorecard(run: Self.run)
        #expect(card.verdict == .pass)
        #expect(card.triggerF1 == nil)
        #expect(card.json["overall"]?["layers"]?["agreement"]?["verdict"] == "not_evaluated")
    }

    @Test func schemaAccuracyGateFailsOnInvalidCalls() {
        var accumulator = ScoreAccumulator(
            provider: Self.provider,
            reference: nil,
            gates: GateConfiguration(schemaAccuracy: 0.9)
        )
        for index in 0..<10 {
            let findings = index == 0 ? [Finding(.callSchema, .error, "bad")] : []
            accumulator.add(
                CaseJudge().pair(
                    candidate: Self.judged("tool_calls", calls: 1, valid: index != 0, findings: findings),
                    reference: nil
                )
            )
        }
        #expect(accumulator.scorecard(run: Self.run).verdict == .pass)
        accumulator.add(
            CaseJudge().pair(
                candidate: Self.judged(
                    "tool_calls",
                    calls: 1,
                    valid: false,
                    findings: [Finding(.callSchema, .error, "bad")]
                ),
                reference: nil
            )
        )
        let card = accumulator.scorecard(run: Self.run)
        #expect(card.schemaAccuracy.numerator == 9 && card.schemaAccuracy.denominator == 11)
        #expect(card.verdict == .fail)
        #expect(card.topFailure?.label == .callSchema)
    }

    @Test func verdictWorstAndExitCodes() {
        #expect(Verdict.worst([.pass, .fail]) == .fail)
        #expect(Verdict.worst([.fail, .incomplete, .pass]) == .incomplete)
        #expect([Verdict.pass, .fail, .incomplete].map(\.exitCode) == [0, 1, 2])
    }

    static let run = RunInfo(
        id: "t",
        startedAt: "2026-01-01T00:00:00Z",
        finishedAt: "2026-01-01T00:00:01Z",
        durationMilliseconds: 1000,
        fixturesHash: "h",
        fixtures: ["f.jsonl"],
        configHash: "c",
        model: "m"
    )
}

extension ScoreAccumulatorTests {
    @Test func referenceThatMostlyFailedMakesTheRunIncomplete() {
        var accumulator = ScoreAccumulator(
            provider: Self.provider,
            reference: Self.reference,
            gates: GateConfiguration()
        )
        let failed = JudgedExchange(
            caseID: "c",
            streamed: false,
            evidence: "evidence.jsonl:1",
            judgement: ExchangeJudgement(
                delivered: false,
                transportFailed: false,
                status: 500,
                callCount: 0,
                callNames: [],
                findings: [Finding(.httpStatus, .error, "HTTP 500")],
                totalMilliseconds: 1
            )
        )
        for _ in 0..<5 {
            accumulator.add(CaseJudge().pair(candidate: Self.judged("tool_calls", calls: 1), reference: failed))
        }
        let card = accumulator.scorecard(run: Self.run)
        #expect(card.verdict == .incomplete)
        #expect(card.verdictReason.contains("the reference gave no usable answer to 5 of 5"))
        #expect(card.referenceFailures?.count(of: .httpStatus) == 5)
    }

    @Test func undefinedTriggerF1IsSaidInTheReason() {
        var accumulator = ScoreAccumulator(
            provider: Self.provider,
            reference: Self.reference,
            gates: GateConfiguration()
        )
        accumulator.add(
            CaseJudge().pair(candidate: Self.judged("stop", calls: 0), reference: Self.judged("stop", calls: 0))
        )
        let card = accumulator.scorecard(run: Self.run)
        #expect(card.verdict == .pass)
        #expect(card.triggerF1?.value == nil)
        #expect(card.verdictReason.contains("undefined"))
    }
}

extension ScoreAccumulatorTests {
    @Test func callRateParityNeedsEvidenceBeforeFailing() {
        var parity = CallRateParity()
        // Chance discordance in both directions: no verdict against the host.
        for _ in 0..<6 { parity.add(streamed: true, plain: false) }
        for _ in 0..<5 { parity.add(streamed: false, plain: true) }
        for _ in 0..<50 { parity.add(streamed: true, plain: true) }
        #expect(parity.differs == false)
        #expect(parity.asGate.passed == true)
        // A streaming path that loses calls: 20 one-sided discordant pairs, z = -4.47.
        var lossy = CallRateParity()
        for _ in 0..<20 { lossy.add(streamed: false, plain: true) }
        for _ in 0..<30 { lossy.add(streamed: true, plain: true) }
        #expect(lossy.differs == true)
        #expect(lossy.asGate.passed == false)
        #expect(lossy.json["plain_only"] == 20)
        // Too few discordant pairs to tell.
        var few = CallRateParity()
        for _ in 0..<5 { few.add(streamed: false, plain: true) }
        #expect(few.differs == nil)
        #expect(few.asGate.passed == nil)
    }
}
