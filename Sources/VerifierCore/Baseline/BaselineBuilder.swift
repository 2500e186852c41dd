import Foundation
import JSONSchema
import VerifierJudging

/// Builds a ``Baseline`` from the evidence of several runs of the reference against the same fixtures
/// (`verifier calibrate` runs them first).
///
/// Besides the per-case answers it measures the reference against itself with the scorer a check uses:
/// every run against every other run (what a live reference night looks like) and every run against the
/// baseline made of the other runs (what a baseline night looks like). The lowest of each is what gates are
/// set from.
public enum BaselineBuilder {
    /// One calibration run read back: its answers by case id and mode.
    struct RunAnswers {
        var path: String
        var manifest: EvidenceManifest
        var answers: [String: [String: JudgedExchange]] = [:]
        var requests: [String: ChatRequest] = [:]
        var order: [(caseID: String, mode: String)] = []
        /// Per case and mode: whether the answer met the case's call expectation (`nil`: not judged).
        var choice: [String: [String: Bool]] = [:]
        /// Per temperature-0 case answered both ways: how the twins differed (empty: they agreed).
        var twins: [String: Set<ParityDifference>] = [:]
    }

    /// Builds the baseline.
    /// - Parameters:
    ///   - paths: The runs' evidence files (at least one; two or more for a spread).
    ///   - model: The model label.
    ///   - margin: The margin gates are set below the reference's lowest value.
    ///   - createdAt: ISO 8601 time of calibration.
    /// - Returns: The baseline.
    /// - Throws: ``VerifierError`` `.invalidFixture` when a file cannot be read, a run did not finish, or the runs
    ///   were not made with the same provider and fixtures.
    public static func build(evidence paths: [String], model: String, margin: Double, createdAt: String)
        throws(VerifierError) -> Baseline
    {
        guard let firstPath = paths.first else {
            throw VerifierError(.invalidConfiguration, "calibration needs at least one run.")
        }
        var runs: [RunAnswers] = []
        for path in paths { runs.append(try read(path)) }
        let first = runs[0].manifest.json
        for run in runs.dropFirst() {
            let manifest = run.manifest.json
            if manifest["fixtures_manifest_hash"] != first["fixtures_manifest_hash"] {
                throw VerifierError(
                    .invalidFixture,
                    "\(run.path): the run used other fixtures than \(firstPath); calibrate all runs on the same fixtures."
                )
            }
            if manifest["candidate"]?["name"] != first["candidate"]?["name"] {
                throw VerifierError(.invalidFixture, "\(run.path): the run checked another provider than \(firstPath).")
            }
        }
        guard let provider = ProviderConfiguration(descriptionJSON: first["candidate"] ?? .null) else {
            throw VerifierError(.invalidFixture, "\(firstPath): the manifest names no provider.")
        }
        var fixtures: [String: String] = [:]
        for entry in first["fixtures"]?.arrayValue ?? [] {
            if let file = entry["file"]?.stringValue, let sha = entry["sha256"]?.stringValue { fixtures[file] = sha }
        }
        var baseline = Baseline(
            model: model,
            provider: provider,
            createdAt: createdAt,
            toolVersion: VerifierVersion.current,
            runs: runs.count,
            margin: margin,
            fixtures: fixtures,
            fixturesHash: first["fixtures_manifest_hash"]?.stringValue ?? "",
            runFolders: paths.map { URL(fileURLWithPath: $0).deletingLastPathComponent().path },
            pairwise: [:],
            leaveOneOut: [:],
            cases: records(runs)
        )
        if runs.count >= 2 {
            var pairwise: [[String: [String: Double?]]] = []
            var pairwiseTrigger: [String: ConfusionMatrix] = [:]
            for (i, candidate) in runs.enumerated() {
                for (j, reference) in runs.enumerated() where i != j {
                    let measured = metrics(candidate, provider: provider) { caseID, mode in
                        reference.answers[caseID]?[mode]
                    }
                    pairwise.append(measured.mapValues(\.values))
                    for (suite, value) in measured {
                        pairwiseTrigger[suite, default: ConfusionMatrix()].add(value.trigger)
                    }
                }
            }
            var leaveOneOut: [[String: [String: Double?]]] = []
            var leaveOneOutTrigger: [String: ConfusionMatrix] = [:]
            for (i, candidate) in runs.enumerated() {
                var others = baseline
                others.cases = records(runs.enumerated().filter { $0.offset != i }.map(\.element))
                others.runs = runs.count - 1
                let measured = metrics(candidate, provider: provider) { caseID, mode in
                    synthesised(
                        others,
                        caseID: caseID,
                        mode: mode,
                        request: candidate.requests[caseID],
                        like: candidate.answers[caseID]?[mode]
                    )
                }
                leaveOneOut.append(measured.mapValues(\.values))
                for (suite, value) in measured {
                    leaveOneOutTrigger[suite, default: ConfusionMatrix()].add(value.trigger)
                }
            }
            baseline.pairwise = spreads(pairwise.map { $0[""] ?? [:] })
            baseline.leaveOneOut = spreads(leaveOneOut.map { $0[""] ?? [:] })
            let suites = Set(pairwise.flatMap(\.keys)).subtracting([""])
            for suite in suites {
                baseline.suitePairwise[suite] = spreads(pairwise.map { $0[suite] ?? [:] })
                baseline.suiteLeaveOneOut[suite] = spreads(leaveOneOut.map { $0[suite] ?? [:] })
            }
            baseline.pairwiseTrigger = pairwiseTrigger
            baseline.leaveOneOutTrigger = leaveOneOutTrigger
            let choice = choiceSpreads(runs)
            for (suite, spread) in choice {
                if suite.isEmpty {
                    baseline.pairwise["choice_pass_rate"] = spread
                    baseline.leaveOneOut["choice_pass_rate"] = spread
                } else {
                    baseline.suitePairwise[suite, default: [:]]["choice_pass_rate"] = spread
                    baseline.suiteLeaveOneOut[suite, default: [:]]["choice_pass_rate"] = spread
                }
            }
        }
        baseline.determinism = determinism(runs)
        return baseline
    }

    /// The model's-choice pass rate of each run over the cases the other runs always met, per suite (`""`: every
    /// case): what a check against a baseline of the other runs would count, so its lowest value is the gate.
    static func choiceSpreads(_ runs: [RunAnswers]) -> [String: Baseline.Spread] {
        var rows: [[String: Double?]] = []
        for (i, run) in runs.enumerated() {
            var met: [String: Int] = [:]
            var judged: [String: Int] = [:]
            for (caseID, mode) in run.order {
                guard let passed = run.choice[caseID]?[mode] else { continue }
                let wavers = runs.enumerated().contains { $0.offset != i && $0.element.choice[caseID]?[mode] == false }
                if wavers { continue }
                let suite = run.answers[caseID]?[mode]?.suite ?? ""
                for key in ["", suite] {
                    judged[key, default: 0] += 1
                    if passed { met[key, default: 0] += 1 }
                }
            }
            var row: [String: Double?] = [:]
            for (key, count) in judged { row[key] = Double(met[key] ?? 0) / Double(count) }
            rows.append(row)
        }
        var result: [String: Baseline.Spread] = [:]
        for key in Set(rows.flatMap(\.keys)) { result[key] = Baseline.Spread(values: rows.map { $0[key] ?? nil }) }
        return result
    }

    /// How much the reference moved: its twins within each run, its calls and text between runs, and whether it
    /// was asked to sample.
    static func determinism(_ runs: [RunAnswers]) -> Baseline.Determinism {
        var result = Baseline.Determinism()
        func structural(_ kinds: Set<ParityDifference>) -> Bool { !kinds.subtracting([.text]).isEmpty }
        result.twinStructure = Baseline.Spread(
            values: runs.map { run in
                run.twins.isEmpty ? nil : Double(run.twins.values.filter(structural).count) / Double(run.twins.count)
            }
        )
        for run in runs {
            result.twinPairs += run.twins.count
            for kinds in run.twins.values {
                if structural(kinds) { result.twinStructureDiffering += 1 }
                for kind in kinds { result.twinKinds[kind, default: 0] += 1 }
            }
        }
        result.sampled = runs.contains { run in run.requests.values.contains { !Parity.isDeterministic($0) } }
        guard runs.count >= 2, let first = runs.first else { return result }
        var compared = 0
        var callsVaried = 0
        var textVaried = 0
        for (caseID, mode) in first.order {
            let signatures = runs.compactMap { $0.answers[caseID]?[mode]?.judgement.signature }
            guard signatures.count == runs.count else { continue }
            compared += 1
            if Set(signatures.map { CallAgreement.argumentsKey($0.calls) }).count > 1 { callsVaried += 1 }
            if Set(signatures.map(\.content)).count > 1 { textVaried += 1 }
        }
        if compared > 0 {
            result.callsVaried = Double(callsVaried) / Double(compared)
            result.textVaried = Double(textVaried) / Double(compared)
        }
        return result
    }

    /// The metrics a calibration spread is kept for.
    static let metricNames = [
        "trigger_f1", "call_count_agreement", "tool_name_agreement", "argument_agreement", "schema_accuracy",
        "prompt_token_parity", "call_rate",
    ]

    private static func spreads(_ rows: [[String: Double?]]) -> [String: Baseline.Spread] {
        var result: [String: Baseline.Spread] = [:]
        for name in metricNames { result[name] = Baseline.Spread(values: rows.map { $0[name] ?? nil }) }
        return result
    }

    /// Scores one run against a reference (another run, or a baseline) with the check's own scorer: over every
    /// case (key `""`) and per suite.
    private static func metrics(
        _ run: RunAnswers,
        provider: ProviderConfiguration,
        reference: (String, String) -> JudgedExchange?
    ) -> [String: (values: [String: Double?], trigger: ConfusionMatrix)] {
        let gates = GateConfiguration()
        var accumulators: [String: ScoreAccumulator] = [:]
        let judge = CaseJudge(promptTokenTolerance: gates.promptTokenTolerance)
        for (caseID, mode) in run.order {
            guard let answer = run.answers[caseID]?[mode], let other = reference(caseID, mode) else { continue }
            let pair = judge.pair(candidate: answer, reference: other)
            for key in ["", answer.suite] {
                accumulators[key, default: ScoreAccumulator(provider: provider, reference: provider, gates: gates)]
                    .add(pair)
            }
        }
        return accumulators.mapValues { (values($0), $0.triggerByCalls) }
    }

    /// The calibrated metrics of one accumulator.
    private static func values(_ accumulator: ScoreAccumulator) -> [String: Double?] {
        let card = accumulator.scorecard(
            run: RunInfo(
                id: "calibration",
                startedAt: "",
                finishedAt: "",
                durationMilliseconds: 0,
                fixturesHash: "",
                fixtures: [],
                configHash: "",
                model: ""
            )
        )
        let pairs =
            card.triggerByFinishReason.map {
                $0.truePositives + $0.falsePositives + $0.falseNegatives + $0.trueNegatives
            } ?? 0
        let calls = card.triggerByFinishReason.map { $0.truePositives + $0.falsePositives } ?? 0
        return [
            "trigger_f1": card.triggerF1?.value,
            "call_count_agreement": card.agreement?.callCount.value,
            "tool_name_agreement": card.agreement?.toolName.value,
            "argument_agreement": card.agreement?.arguments.value,
            "schema_accuracy": card.schemaAccuracy.value,
            "prompt_token_parity": card.promptTokenParity?.value,
            "call_rate": pairs == 0 ? nil : Double(calls) / Double(pairs),
        ]
    }

    /// The baseline's synthesised answer judged as the check judges it.
    static func synthesised(
        _ baseline: Baseline,
        caseID: String,
        mode: String,
        request: ChatRequest?,
        like template: JudgedExchange?
    ) -> JudgedExchange? {
        guard let request, let template, let answer = baseline.referenceAnswer(caseID: caseID, mode: mode) else {
            return nil
        }
        var judged = JudgedExchange(
            caseID: caseID,
            streamed: mode == "stream",
            evidence: "baseline",
            judgement: ResponseJudge().judge(
                request: request,
                streamed: false,
                response: answer.response
            )
        )
        judged.suite = template.suite
        judged.labelled = template.labelled
        judged.probe = template.probe
        judged.support = answer.support
        return judged
    }

    private static func records(_ runs: [RunAnswers]) -> [String: [String: Baseline.CaseRecord]] {
        var result: [String: [String: Baseline.CaseRecord]] = [:]
        for run in runs {
            for (caseID, mode) in run.order {
                guard let answer = run.answers[caseID]?[mode] else { continue }
                Baseline.add(answer.judgement, to: &result[caseID, default: [:]][mode, default: Baseline.CaseRecord()])
                if let met = run.choice[caseID]?[mode] {
                    result[caseID, default: [:]][mode, default: Baseline.CaseRecord()].choiceRuns += 1
                    if !met { result[caseID, default: [:]][mode, default: Baseline.CaseRecord()].choiceFailures += 1 }
                }
            }
        }
        return result
    }

    private static func read(_ path: String) throws(VerifierError) -> RunAnswers {
        var answers: [String: [String: JudgedExchange]] = [:]
        var requests: [String: ChatRequest] = [:]
        var order: [(caseID: String, mode: String)] = []
        var choice: [String: [String: Bool]] = [:]
        var twins: [String: Set<ParityDifference>] = [:]
        let contents = try EvidenceScorer.read(path: path) { _, outcome in
            if let request = outcome.request, let caseID = outcome.pairs.first?.candidate.caseID {
                requests[caseID] = request
                if let kinds = outcome.parityDifferences { twins[caseID] = kinds }
            }
            for pair in outcome.pairs {
                let answer = pair.candidate
                if answers[answer.caseID]?[answer.mode] == nil { order.append((answer.caseID, answer.mode)) }
                answers[answer.caseID, default: [:]][answer.mode] = answer
                if let met = pair.choiceMet ?? pair.wavering?.met { choice[answer.caseID, default: [:]][answer.mode] = met }
            }
        }
        guard contents.end?["kind"]?.stringValue == "end" else {
            throw VerifierError(
                .invalidFixture,
                "\(path): the calibration run did not finish; resume it or run calibration again."
            )
        }
        return RunAnswers(
            path: path,
            manifest: contents.manifest,
            answers: answers,
            requests: requests,
            order: order,
            choice: choice,
            twins: twins
        )
    }
}
