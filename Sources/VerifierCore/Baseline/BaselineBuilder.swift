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
            var pairwise: [[String: Double?]] = []
            for (i, candidate) in runs.enumerated() {
                for (j, reference) in runs.enumerated() where i != j {
                    pairwise.append(
                        metrics(candidate, provider: provider) { caseID, mode in
                            reference.answers[caseID]?[mode]
                        }
                    )
                }
            }
            var leaveOneOut: [[String: Double?]] = []
            for (i, candidate) in runs.enumerated() {
                var others = baseline
                others.cases = records(runs.enumerated().filter { $0.offset != i }.map(\.element))
                others.runs = runs.count - 1
                leaveOneOut.append(
                    metrics(candidate, provider: provider) { caseID, mode in
                        synthesised(
                            others,
                            caseID: caseID,
                            mode: mode,
                            request: candidate.requests[caseID],
                            like: candidate.answers[caseID]?[mode]
                        )
                    }
                )
            }
            baseline.pairwise = spreads(pairwise)
            baseline.leaveOneOut = spreads(leaveOneOut)
        }
        return baseline
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

    /// Scores one run against a reference (another run, or a baseline) with the check's own scorer.
    private static func metrics(
        _ run: RunAnswers,
        provider: ProviderConfiguration,
        reference: (String, String) -> JudgedExchange?
    ) -> [String: Double?] {
        let gates = GateConfiguration()
        var accumulator = ScoreAccumulator(provider: provider, reference: provider, gates: gates)
        let judge = CaseJudge(promptTokenTolerance: gates.promptTokenTolerance)
        for (caseID, mode) in run.order {
            guard let answer = run.answers[caseID]?[mode], let other = reference(caseID, mode) else { continue }
            accumulator.add(judge.pair(candidate: answer, reference: other))
        }
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
            }
        }
        return result
    }

    private static func read(_ path: String) throws(VerifierError) -> RunAnswers {
        var answers: [String: [String: JudgedExchange]] = [:]
        var requests: [String: ChatRequest] = [:]
        var order: [(caseID: String, mode: String)] = []
        let contents = try EvidenceScorer.read(path: path) { _, outcome in
            if let request = outcome.request, let caseID = outcome.pairs.first?.candidate.caseID {
                requests[caseID] = request
            }
            for pair in outcome.pairs {
                let answer = pair.candidate
                if answers[answer.caseID]?[answer.mode] == nil { order.append((answer.caseID, answer.mode)) }
                answers[answer.caseID, default: [:]][answer.mode] = answer
            }
        }
        guard contents.end?["kind"]?.stringValue == "end" else {
            throw VerifierError(
                .invalidFixture,
                "\(path): the calibration run did not finish; resume it or run calibration again."
            )
        }
        return RunAnswers(path: path, manifest: contents.manifest, answers: answers, requests: requests, order: order)
    }
}
