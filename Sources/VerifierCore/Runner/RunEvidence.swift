import Foundation
import JSONSchema
import Logging
import VerifierJudging

/// The evidence files of a run, one per candidate: opened new with their manifest, or continued when
/// resuming (the cases already recorded are scored from the file and not sent again).
struct RunEvidence {
    /// The open logs, by candidate position.
    var logs: [EvidenceLog]
    /// Per candidate: the cases its evidence already holds, by id → request hash.
    var completed: [[String: String]]
    /// When the run started (the first session's time, when resuming).
    var startedAt: String

    /// Opens (or continues) every candidate's evidence, scoring recorded cases into `scores`.
    /// - Parameters:
    ///   - run: The run.
    ///   - runID: Its id.
    ///   - origin: Where the reference's behaviour comes from.
    ///   - scores: One score per candidate, fed with the cases already recorded.
    ///   - logger: Where resuming is noted.
    /// - Throws: ``VerifierError`` for an unwritable folder, or evidence whose manifest differs from the run's.
    static func open(
        _ run: VerificationRun,
        runID: String,
        origin: ReferenceOrigin,
        scores: inout [ProviderScore],
        logger: Logger
    ) throws(VerifierError) -> RunEvidence {
        var evidence = RunEvidence(logs: [], completed: [], startedAt: Timestamp.now())
        for (index, candidate) in run.candidates.enumerated() {
            let folder = run.directory(for: candidate.name)
            let path = folder + "/evidence.jsonl"
            let manifest = EvidenceManifest(
                runID: runID,
                startedAt: evidence.startedAt,
                candidate: candidate,
                reference: run.judgedReference,
                gates: run.configuration.reference.gates,
                model: run.configuration.output.model,
                sources: run.sources,
                configHash: run.configuration.output.configHash,
                options: run.configuration.optionsJSON,
                baseline: origin.json,
                shard: run.configuration.limits.shard,
                purpose: run.configuration.output.purpose
            )
            if run.configuration.output.resume, FileManager.default.fileExists(atPath: path) {
                try evidence.resume(path: path, manifest: manifest, score: &scores[index], logger: logger)
            } else {
                try evidence.start(folder: folder, path: path, manifest: manifest)
            }
        }
        return evidence
    }

    /// A new evidence file, its manifest first.
    private mutating func start(folder: String, path: String, manifest: EvidenceManifest) throws(VerifierError) {
        do {
            try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        } catch {
            throw VerifierError(.io, "\(folder): cannot create the report folder: \(error.localizedDescription)")
        }
        let log = try EvidenceLog(path: path)
        try log.append(manifest.json)
        logs.append(log)
        completed.append([:])
    }

    /// An existing evidence file continued: its cases scored, its torn tail cut, a `resume` record appended.
    private mutating func resume(
        path: String,
        manifest: EvidenceManifest,
        score: inout ProviderScore,
        logger: Logger
    ) throws(VerifierError) {
        let recorded = try EvidenceScorer.read(
            path: path,
            skipped: { score.skip($0) },
            consume: { suite, outcome in score.add(outcome, suite: suite) }
        )
        let changed = recorded.manifest.differences(from: manifest)
        guard changed.isEmpty else {
            throw VerifierError(
                .invalidConfiguration,
                "\(path): cannot resume: the run's \(changed.joined(separator: ", ")) changed since it started. "
                    + "Start a new run, or restore the fixtures and configuration it was started with."
            )
        }
        startedAt = recorded.manifest.json["started_at"]?.stringValue ?? startedAt
        let (log, discarded) = try EvidenceLog.continuing(path: path)
        try log.append(
            [
                "kind": "resume", "at": .string(Timestamp.now()),
                "completed_cases": .number(JSONNumber(recorded.completedCases.count)),
                "discarded_partial_bytes": .number(JSONNumber(discarded)),
                "orphan_records": .number(JSONNumber(recorded.orphanRecords)),
            ]
        )
        logs.append(log)
        completed.append(recorded.completedCases)
        logger.notice(
            "resuming",
            metadata: [
                "provider": "\(manifest.json["candidate"]?["name"]?.stringValue ?? "")",
                "completed cases": "\(recorded.completedCases.count)", "discarded bytes": "\(discarded)",
            ]
        )
    }

    /// Closes every file with an `end` record, or a `stop` record naming why the run stopped early.
    /// - Throws: ``VerifierError`` when any record could not be written: the run cannot be trusted.
    func finish(_ run: VerificationRun, stopReason: String?, finishedAt: String, durationMilliseconds: Int)
        throws(VerifierError)
    {
        for (index, log) in logs.enumerated() {
            var record = JSONObject()
            record["kind"] = .string(stopReason == nil ? "end" : "stop")
            if let stopReason { record["reason"] = .string(stopReason) }
            record["finished_at"] = .string(finishedAt)
            record["duration_ms"] = .number(JSONNumber(durationMilliseconds))
            if stopReason != nil { record["folder"] = .string(run.directory(for: run.candidates[index].name)) }
            _ = try? log.append(.object(record))
        }
        for log in logs where log.failures > 0 {
            throw VerifierError(
                .io,
                "\(log.path): \(log.failures) evidence records could not be written; the run cannot be trusted."
            )
        }
    }

    /// Closes the files.
    func close() { logs.forEach { $0.close() } }
}
