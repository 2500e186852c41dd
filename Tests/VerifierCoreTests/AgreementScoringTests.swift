import Testing

@testable import JSONSchema
@testable import VerifierCore
@testable import VerifierJudging

/// Agreement beyond trigger, interval-based decisions, deltas and pass^k, through the scorer.
@Suite("Agreement scoring")
struct AgreementScoringTests {
    static let provider = ProviderConfiguration(name: "p", baseURL: "https://p/v1", model: "m")
    static let reference = ProviderConfiguration(name: "r", baseURL: "https://r/v1", model: "m")
    static let run = RunInfo(
        id: "t",
        startedAt: "",
        finishedAt: "",
        durationMilliseconds: 0,
        fixturesHash: "f",
        fixtures: [],
        configHash: "",
        model: "m"
    )

    /// An answer with these calls (name, arguments as JSON text); no calls finishes with `stop`.
    static func answer(
        _ calls: [(String, String)],
        id: String = "c",
        valid: Bool = true,
        findings: [Finding] = [],
        evidence: String = "evidence.jsonl:1"
    ) throws -> JudgedExchange {
        let finish = calls.isEmpty ? "stop" : "tool_calls"
        var judgement = ExchangeJudgement(
            delivered: true,
            transportFailed: false,
            status: 200,
            finishReason: finish,
            callCount: calls.count,
            callNames: calls.map(\.0),
            schemaValid: calls.isEmpty ? nil : valid,
            findings: findings,
            totalMilliseconds: 1
        )
        judgement.signature = MessageSignature(
            content: "",
            finishReason: finish,
            calls: try calls.map { .init(name: $0.0, arguments: try JSONValue.parse($0.1)) }
        )
        return JudgedExchange(caseID: id, streamed: false, evidence: evidence, judgement: judgement)
    }

    static func accumulator(_ gates: GateConfiguration = GateConfiguration()) -> ScoreAccumulator {
        ScoreAccumulator(provider: provider, reference: reference, gates: gates)
    }

    @Test func callsAreComparedByCountNamesAndArguments() throws {
        var scorer = Self.accumulator()
        let weather = ("get_weather", #"{"city": "Paris", "days": 1}"#)
        // Same call, members reordered and 1 written as 1.0: agrees.
        scorer.add(
            CaseJudge().pair(
                candidate: try Self.answer([("get_weather", #"{"days": 1.0, "city": "Paris"}"#)], id: "a"),
                reference: try Self.answer([weather], id: "a", evidence: "evidence.jsonl:9")
            )
        )
        // Other arguments.
        scorer.add(
            CaseJudge().pair(
                candidate: try Self.answer([("get_weather", #"{"city": "Paris, FR", "days": 1}"#)], id: "b"),
                reference: try Self.answer([weather], id: "b")
            )
        )
        // Another tool: the names disagree, so arguments are not compared.
        scorer.add(
            CaseJudge().pair(
                candidate: try Self.answer([("get_time", #"{"city": "Paris"}"#)], id: "c"),
                reference: try Self.answer([weather], id: "c")
            )
        )
        // Two calls where the reference made one.
        scorer.add(
            CaseJudge().pair(
                candidate: try Self.answer([weather, ("get_time", "{}")], id: "d"),
                reference: try Self.answer([weather], id: "d")
            )
        )
        // Only one side called: trigger's business, not counted here.
        scorer.add(
            CaseJudge().pair(candidate: try Self.answer([], id: "e"), reference: try Self.answer([weather], id: "e"))
        )
        let card = scorer.scorecard(run: Self.run)
        let agreement = try #require(card.agreement)
        #expect(agreement.callCount.numerator == 3 && agreement.callCount.denominator == 4)
        #expect(agreement.toolName.numerator == 2 && agreement.toolName.denominator == 4)
        #expect(agreement.arguments.numerator == 1 && agreement.arguments.denominator == 2)
        #expect(card.labels.count(of: .agreeArguments) == 1)
        #expect(card.labels.count(of: .agreeToolName) == 2)
        #expect(card.labels.count(of: .agreeCallCount) == 1)
        // Disagreements are warnings: they are not the answers' primary failures.
        #expect(card.failures.count(of: .agreeArguments) == 0)
        let example = try #require(agreement.examples.first { $0.kind == "arguments" })
        #expect(example.caseID == "b")
        #expect(example.provider == #"get_weather({"city":"Paris, FR","days":1})"#)
        // Ungated by default: reported, never decided.
        #expect(agreement.arguments.decision == nil)
        let layer = try #require(card.suiteJSON["layers"]?["agreement"])
        #expect(layer["metrics"]?["argument_agreement"]?["value"] == .number(JSONNumber(0.5)))
        #expect(layer["disagreements"]?.arrayValue?.count == 4)
    }

    @Test func aBaselineAcceptsAnyAnswerItsReferenceGave() throws {
        var scorer = Self.accumulator()
        var reference = try Self.answer([("get_weather", #"{"city": "Paris"}"#)])
        let variant = try Self.answer([("get_weather", #"{"city": "Paris, FR"}"#)])
        let calls = try #require(variant.judgement.signature?.calls)
        let modal = try #require(reference.judgement.signature?.calls)
        reference.support = ReferenceSupport(
            answers: 5,
            called: 5,
            callCounts: [1],
            toolNames: ["get_weather"],
            arguments: [CallAgreement.argumentsKey(modal), CallAgreement.argumentsKey(calls)]
        )
        scorer.add(CaseJudge().pair(candidate: variant, reference: reference))
        let card = scorer.scorecard(run: Self.run)
        #expect(card.agreement?.arguments.numerator == 1)
        #expect(card.labels.sorted.isEmpty)
    }

    /// `n` cases where the reference calls; the provider calls in `called` of them.
    static func triggerRun(cases n: Int, called: Int, gates: GateConfiguration) throws -> Scorecard {
        var scorer = Self.accumulator(gates)
        for index in 0..<n {
            let call = ("f", "{}")
            scorer.add(
                CaseJudge().pair(
                    candidate: try Self.answer(index < called ? [call] : [], id: "case-\(index)"),
                    reference: try Self.answer([call], id: "case-\(index)")
                )
            )
        }
        return scorer.scorecard(run: Self.run)
    }

    @Test func aTriggerF1WithinNoiseOfItsGateIsInconclusiveNotAFailure() throws {
        var gates = GateConfiguration()
        gates.set("trigger_f1", 0.9, source: .baseline)
        // 30 of 40: F1 = 60/70 = 85.7 %, below the 90 % gate, but 40 cases cannot tell.
        let card = try Self.triggerRun(cases: 40, called: 30, gates: gates)
        let f1 = try #require(card.triggerF1)
        #expect(abs((f1.value ?? 0) - 60.0 / 70.0) < 1e-12)
        let interval = try #require(f1.interval)
        #expect(interval.method == .bootstrap && interval.low < 0.9 && interval.high > 0.9)
        #expect(f1.decision == .inconclusive)
        #expect(card.verdict == .pass)
        #expect(card.verdictReason.contains("inconclusive"), "\(card.verdictReason)")
        #expect(card.verdictReason.contains("agreement.trigger_f1"))
        #expect(card.suiteJSON["layers"]?["agreement"]?["verdict"] == "inconclusive")

        // The same under `gates.inconclusive: fail`.
        gates.inconclusiveFails = true
        let strict = try Self.triggerRun(cases: 40, called: 30, gates: gates)
        #expect(strict.verdict == .fail)

        // Ten times the cases: the interval excludes the gate, and the verdict fails on it.
        gates.inconclusiveFails = false
        let large = try Self.triggerRun(cases: 400, called: 300, gates: gates)
        #expect(large.triggerF1?.decision == .fail)
        #expect(large.verdict == .fail)
        #expect(large.triggerF1?.json["basis"] == "interval")
    }

    @Test func deltasArePairedOverTheSameCases() throws {
        var scorer = Self.accumulator()
        for index in 0..<60 {
            let call = ("f", "{}")
            scorer.add(
                CaseJudge().pair(
                    candidate: try Self.answer([call], id: "case-\(index)", valid: index % 3 != 0),
                    reference: try Self.answer([call], id: "case-\(index)")
                )
            )
        }
        let card = scorer.scorecard(run: Self.run)
        let schema = try #require(card.deltas.first { $0.name == "schema_accuracy" }?.delta)
        #expect(abs((schema.value ?? 0) + 1.0 / 3.0) < 1e-12)
        let interval = try #require(schema.interval)
        #expect(interval.method == .pairedBootstrap && interval.high < 0)
        #expect(schema.cases == 60)
        let callRate = try #require(card.deltas.first { $0.name == "call_rate" }?.delta)
        #expect(callRate.value == 0)
        #expect(callRate.interval?.low == 0 && callRate.interval?.high == 0)
    }

    @Test func repeatedCasesGivePassHatK() throws {
        var scorer = Self.accumulator()
        let broken = Finding(.callSchema, .error, "bad")
        // Case a passes all three tries; case b fails its second.
        for (id, findings) in [
            ("s/a", []), ("s/a#2", []), ("s/a#3", []), ("s/b", []), ("s/b#2", [broken]), ("s/b#3", []),
        ] as [(String, [Finding])] {
            scorer.add(
                CaseJudge().pair(
                    candidate: try Self.answer([("f", "{}")], id: id, findings: findings),
                    reference: try Self.answer([("f", "{}")], id: id)
                )
            )
        }
        let passK = scorer.scorecard(run: Self.run).passAtK
        #expect(passK.tallies.count == 2)
        #expect(passK.value(k: 1).map { abs($0 - 5.0 / 6.0) < 1e-12 } == true)
        #expect(passK.value(k: 3) == 0.5)
    }
}
