import Testing

@testable import JSONSchema
@testable import VerifierCore
@testable import VerifierJudging

/// The rules that keep verdicts honest against a sampling reference, each on hand-made answers: cases the
/// reference wavers on are judged by rate, parity tolerates only the kinds of difference the reference's own twins
/// show, gates on too few answers say what they need, and the tests and sizes behind them compute what they claim.
@Suite("Judging against a sampling reference")
struct SamplingJudgementTests {
    typealias Call = MessageSignature.Call

    static func signature(_ content: String, calls: [(String, JSONValue)] = []) -> MessageSignature {
        MessageSignature(
            content: content,
            finishReason: calls.isEmpty ? "stop" : "tool_calls",
            calls: calls.map { Call(name: $0.0, arguments: $0.1) }
        )
    }

    // MARK: Parity

    @Test func parityNamesEachKindOfDifferenceOnce() {
        let paris: JSONValue = ["city": "Paris"]
        let rome: JSONValue = ["city": "Rome"]
        let called = Self.signature("", calls: [("get_weather", paris)])
        #expect(Parity.kinds(streamed: called, plain: Self.signature("It is sunny.")) == [.decision])
        #expect(Parity.kinds(streamed: called, plain: Self.signature("", calls: [("get_time", paris)])) == [.tool])
        #expect(
            Parity.kinds(streamed: called, plain: Self.signature("", calls: [("get_weather", rome)])) == [.arguments]
        )
        #expect(Parity.kinds(streamed: Self.signature("a b c"), plain: Self.signature("a b d")) == [.text])
        #expect(Parity.kinds(streamed: called, plain: called).isEmpty)
    }

    @Test func tolerantTextAcceptsRewordingButNotALostOrDoubledAnswer() {
        let answer = "I can answer that directly without a tool. You asked: weather in Paris."
        #expect(ParityRule.textsAgree(answer, "Sure. " + answer))
        #expect(!ParityRule.textsAgree(answer, ""))
        #expect(!ParityRule.textsAgree(answer, answer + " " + answer + " " + answer))
        #expect(!ParityRule.textsAgree(answer, "The forecast for Rome is rain all week."))
        let tolerant = ParityRule(text: .tolerant)
        #expect(Parity.kinds(streamed: Self.signature(answer), plain: Self.signature("Sure. " + answer), rule: tolerant).isEmpty)
        #expect(tolerant.name == "structure")
    }

    @Test func aKindTheReferenceShowsIsAWarningAndAnyOtherStaysAnError() throws {
        let rule = ParityRule(text: .tolerant, referenceKinds: [.decision], referencePairs: 400, referenceDiffering: 12)
        #expect(rule.name == "rate")
        let called = Self.signature("", calls: [("get_weather", ["city": "Paris"])])
        let sampled = try #require(Parity.compare(streamed: called, plain: Self.signature("Sunny."), plainEvidence: "e:1", rule: rule))
        #expect(sampled.severity == .warning)
        #expect(sampled.message.contains("wire.stream_twin_rate"))
        let broken = try #require(
            Parity.compare(
                streamed: called,
                plain: Self.signature("", calls: [("get_weather", ["city": "Paris (streamed)"])]),
                plainEvidence: "e:1",
                rule: rule
            )
        )
        #expect(broken.severity == .error)
        // Exactly as before when the reference never differed.
        #expect(Parity.compare(streamed: called, plain: Self.signature("Sunny."), plainEvidence: "e:1")?.severity == .error)
    }

    // MARK: Tests and sizes

    @Test func binomialTailAndTestMatchHandComputedValues() {
        // P(X ≥ 1 | n = 10, p = 0.1) = 1 − 0.9^10.
        #expect(abs(BinomialTest.upperTail(atLeast: 1, of: 10, probability: 0.1) - (1 - 0.3486784401)) < 1e-9)
        #expect(BinomialTest.upperTail(atLeast: 0, of: 10, probability: 0.1) == 1)
        #expect(BinomialTest.upperTail(atLeast: 11, of: 10, probability: 0.1) == 0)
        // A host missing 3 of 14 against a reference at 3 % (900 answers) is within noise; 9 of 52 is not.
        #expect(!BinomialTest.exceeds(events: 3, trials: 14, referenceEvents: 27, referenceTrials: 900))
        #expect(BinomialTest.exceeds(events: 9, trials: 52, referenceEvents: 27, referenceTrials: 900))
        #expect(!BinomialTest.exceeds(events: 0, trials: 52, referenceEvents: 0, referenceTrials: 900))
    }

    @Test func sampleSizesDecideTheGateAndReachTheWidth() throws {
        // 100 % observed against a 97 % gate: the smallest n whose Wilson low end reaches 97 %.
        let n = try #require(SampleSize.toDecide(rate: 1, gate: 0.97))
        let low = try #require(WilsonInterval.bounds(successes: n, trials: n, z: 1.959964)?.low)
        let before = try #require(WilsonInterval.bounds(successes: n - 1, trials: n - 1, z: 1.959964)?.low)
        #expect(low >= 0.97 && before < 0.97)
        #expect(SampleSize.toDecide(rate: 0.9, gate: 0.9) == nil)
        let wide = SampleSize.forWidth(0.1, rate: 0.5)
        let bounds = try #require(WilsonInterval.bounds(successes: wide / 2, trials: wide, z: 1.959964))
        #expect(bounds.high - bounds.low <= 0.1 + 1e-9)
        #expect((370...400).contains(wide))
    }

    @Test func aGateOnTooFewAnswersIsInconclusiveAndSaysWhatItNeeds() throws {
        var metric = Metric(numerator: 10, denominator: 10).gated(0.9, source: .baseline).onInterval
        #expect(metric.decision == .inconclusive)
        #expect(metric.answersToDecide.map { $0 > 10 } == true)
        metric = Metric(numerator: 100, denominator: 100).gated(0.9, source: .baseline).onInterval
        #expect(metric.decision == .pass)
        metric.minimumSupport = 30
        metric.support = 12
        #expect(metric.decision == .inconclusive)
        // 12 observations of 100 answers: 30 need 250 answers.
        #expect(metric.answersToDecide == 250)
        #expect(Metric.repeatsText(needed: 250, have: 100).hasPrefix("--repeats 3"))
    }

    // MARK: Cases the reference wavers on

    static let request = ContractChecksTests.request()

    static func exchanges(_ answer: ExchangeJudgement, spread: ReferenceCaseSpread?) -> CaseExchanges {
        var exchanges = CaseExchanges(
            caseID: "suite/case",
            suite: "suite",
            request: request,
            expectation: CaseExpectation(calls: .some),
            policy: .compatible,
            promptTokenTolerance: 0,
            primaries: [JudgedExchange(caseID: "suite/case", streamed: false, evidence: "", judgement: answer)],
            references: []
        )
        if let spread { exchanges.referenceSpread["nonstream"] = spread }
        return exchanges
    }

    @Test func aMissOnACaseTheReferenceWaversOnIsJudgedByRate() throws {
        let missed = ContractChecksTests.answer([])
        let wavering = CaseJudge().judge(Self.exchanges(missed, spread: ReferenceCaseSpread(runs: 5, failures: 2)))
        let pair = try #require(wavering.pairs.first)
        let finding = try #require(pair.candidate.judgement.findings.first { $0.label == .contractMissingCall })
        #expect(finding.severity == .warning)
        #expect(finding.message.contains("2 of its 5"))
        #expect(pair.choiceMet == nil)
        #expect(pair.wavering == WaveringObservation(met: false, referencePassRate: 0.6))
        #expect(pair.contractMet == true)
        // The reference always met it: a hard failure, counted against the model-choice gate.
        let hard = CaseJudge().judge(Self.exchanges(missed, spread: ReferenceCaseSpread(runs: 5, failures: 0)))
        let hardPair = try #require(hard.pairs.first)
        #expect(hardPair.candidate.judgement.findings.first { $0.label == .contractMissingCall }?.severity == .error)
        #expect(hardPair.choiceMet == false)
        #expect(hardPair.wavering == nil)
        // The reference never met it: the model's behaviour, reported and never counted.
        let model = CaseJudge().judge(Self.exchanges(missed, spread: ReferenceCaseSpread(runs: 5, failures: 5)))
        let modelPair = try #require(model.pairs.first)
        #expect(modelPair.candidate.judgement.findings.first { $0.label == .contractMissingCall }?.severity == .info)
        #expect(modelPair.choiceMet == nil && modelPair.wavering == nil)
    }

    @Test func aConstraintStaysStrictWhateverTheReferenceDoes() {
        let required = ChatRequest(body: Self.request.body.setting("tool_choice", to: "required"))
        var context = ContractContext(
            request: required,
            expectation: CaseExpectation(calls: .some),
            answer: ContractChecksTests.answer([])
        )
        context.referenceSpread = ReferenceCaseSpread(runs: 5, failures: 4)
        let findings = ContractJudge().findings(in: context)
        #expect(findings.map(\.label) == [.contractToolChoiceRequired])
        #expect(findings.first?.severity == .error)
    }

    @Test func waveringRateIsGatedAtTheReferenceRateOnItsInterval() throws {
        var tally = WaveringTally()
        for index in 0..<40 { tally.add(WaveringObservation(met: index % 2 == 0, referencePassRate: 0.6)) }
        let metric = try #require(tally.metric(margin: 0.03, inconclusiveFails: false))
        #expect(abs((metric.gate ?? 0) - 0.57) < 1e-9)
        #expect(metric.basis == .interval)
        #expect(metric.decision == .inconclusive)
        var worse = WaveringTally()
        for index in 0..<200 { worse.add(WaveringObservation(met: index % 10 == 0, referencePassRate: 0.8)) }
        #expect(worse.metric(margin: 0.03, inconclusiveFails: false)?.decision == .fail)
    }

    // MARK: Gates and records

    @Test func suiteGatesAndTheParityRuleTravelWithTheManifest() {
        var gates = GateConfiguration()
        gates.set("trigger_f1", 0.9, source: .baseline)
        gates.suiteGates = ["irrelevance": ["choice_pass_rate": 0.85, "trigger_f1": 0.6]]
        gates.parityRule = ParityRule(text: .tolerant, referenceKinds: [.decision], referencePairs: 300, referenceDiffering: 9)
        gates.calibration = ReferenceCalibration(runs: 5, sampled: true, showedSpread: true)
        var own = ConfusionMatrix()
        own.add(provider: true, reference: true)
        gates.referenceTrigger = ["": own, "irrelevance": own]
        let read = GateConfiguration(json: gates.json)
        #expect(read.suiteGates == gates.suiteGates)
        #expect(read.parityRule == gates.parityRule)
        #expect(read.calibration == gates.calibration)
        #expect(read.referenceTrigger == gates.referenceTrigger)
        let suite = read.forSuite("irrelevance")
        #expect(suite.choicePassRate == 0.85 && suite.triggerF1 == 0.6)
        #expect(suite.isStatistical("choice_pass_rate"))
        #expect(read.forSuite("parallel").triggerF1 == 0.9)
        #expect(read.forSuite("parallel").referenceTrigger.isEmpty)
        // A value set in verifier.yaml is never replaced by a suite's.
        var configured = read
        configured.set("trigger_f1", 0.5, source: .config)
        #expect(configured.forSuite("irrelevance").triggerF1 == 0.5)
    }

    @Test func samplingOnRecordWarnsWhenItDoesNotFitTheCalibration() {
        var sampled = SamplingRecord()
        sampled.add(ChatRequest(body: ["temperature": 0.6]), count: 2)
        sampled.add(ChatRequest(body: ["temperature": 0]))
        #expect(sampled.requests == 3 && sampled.sampled == 2)
        #expect(sampled.values["temperature"] == ["0.6": 2, "0": 1])
        let deterministic = ReferenceCalibration(runs: 5, sampled: false, showedSpread: false)
        #expect(ReferenceCalibration.notices(deterministic, sampling: sampled, referenceRun: true).count == 1)
        #expect(ReferenceCalibration.notices(nil, sampling: sampled, referenceRun: true).first?.contains("not calibrated") == true)
        #expect(ReferenceCalibration.notices(deterministic, sampling: sampled, referenceRun: false).isEmpty)
        var zero = SamplingRecord()
        zero.add(ChatRequest(body: ["temperature": 0]))
        let sampledCalibration = ReferenceCalibration(runs: 5, sampled: true, showedSpread: true)
        #expect(ReferenceCalibration.notices(sampledCalibration, sampling: zero, referenceRun: true).count == 1)
        #expect(ReferenceCalibration.notices(deterministic, sampling: zero, referenceRun: true).isEmpty)
    }
}

extension JSONValue {
    /// A copy of an object with one member set.
    fileprivate func setting(_ key: String, to value: JSONValue) -> JSONValue {
        var object = objectValue ?? JSONObject()
        object[key] = value
        return .object(object)
    }
}
