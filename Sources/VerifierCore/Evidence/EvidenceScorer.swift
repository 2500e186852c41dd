import Foundation
import JSONSchema
import VerifierJudging

/// Reads a candidate's evidence file and scores it again, with no network: every exchange is judged
/// anew from its recorded bytes, and every case whose marker was written is assembled exactly as the
/// live run assembled it. The same file always gives the same scorecard, byte for byte.
public enum EvidenceScorer {
    /// What an evidence file holds.
    public struct Contents: Sendable {
        /// The manifest (the first record).
        public var manifest: EvidenceManifest
        /// The `end` record when the run finished, or its `stop` record when it stopped early.
        public var end: JSONValue?
        /// Completed cases: case id → SHA-256 of the case's request.
        public var completedCases: [String: String]
        /// Records read (complete lines).
        public var records: Int
        /// Exchange records that belong to no completed case (a run interrupted mid-case).
        public var orphanRecords: Int
    }

    /// One exchange record, judged.
    struct Judged {
        var role: String
        var request: JSONValue
        var exchange: JudgedExchange
    }

    /// Reads an evidence file, handing every completed case's outcome to `consume` in file order.
    /// - Parameters:
    ///   - path: The evidence file.
    ///   - judge: The judge.
    ///   - consume: Receives each completed case's suite and outcome.
    /// - Returns: The file's manifest and completed cases.
    /// - Throws: ``VerifierError`` `.invalidFixture` for a file that is not evidence, or a corrupt record
    ///   before the last line.
    static func read(
        path: String,
        judge: ResponseJudge = ResponseJudge(),
        manifestSeen: (EvidenceManifest) -> Void = { _ in },
        skipped: (SkippedCase) -> Void = { _ in },
        consume: (String, JudgedCase) -> Void
    ) throws(VerifierError) -> Contents {
        var reader = try LineReader(path: path)
        let fileName = URL(fileURLWithPath: path).lastPathComponent
        var manifest: EvidenceManifest?
        var end: JSONValue?
        var completed: [String: String] = [:]
        var pending: [Int: Judged] = [:]
        var caseJudge = CaseJudge()
        var records = 0
        var lastLine: (number: Int, error: String)?
        while let (number, bytes) = reader.next() {
            if let lastLine {
                throw VerifierError(.invalidFixture, "\(path):\(lastLine.number): \(lastLine.error)")
            }
            guard let record = try? JSONValue.parse(bytes: bytes), record.objectValue != nil else {
                // Only the last line may be torn (a killed run); anything earlier is corruption.
                lastLine = (number, "not a JSON record; the evidence file is damaged.")
                continue
            }
            records += 1
            switch record["kind"]?.stringValue {
            case "manifest":
                let read = EvidenceManifest(json: record)
                manifest = read
                caseJudge = CaseJudge(gates: GateConfiguration(json: record["gates"] ?? .null))
                manifestSeen(read)
            case "end", "stop":
                end = record
            case "case":
                guard let caseID = record["case"]?.stringValue else { continue }
                if let skip = record["skipped"] {
                    completed[caseID] = record["request_sha256"]?.stringValue ?? ""
                    skipped(
                        SkippedCase(
                            caseID: caseID,
                            suite: record["suite"]?.stringValue ?? "",
                            surface: skip["api"]?.stringValue.flatMap(APISurface.init(rawValue:)) ?? .chat,
                            reason: skip["reason"]?.stringValue ?? ""
                        )
                    )
                    continue
                }
                let lines = (record["lines"]?.arrayValue ?? []).compactMap(\.intValue)
                let parts = lines.compactMap { pending.removeValue(forKey: $0) }
                guard parts.count == lines.count, let candidate = parts.first(where: { $0.role == "candidate" }) else {
                    throw VerifierError(
                        .invalidFixture,
                        "\(path):\(number): the case marker of \(caseID) lists records that are missing."
                    )
                }
                var exchanges = CaseExchanges(
                    caseID: caseID,
                    suite: record["suite"]?.stringValue ?? "",
                    request: ChatRequest(body: candidate.request),
                    expectation: CaseExpectation(json: record["expect"] ?? .null),
                    policy: record["policy"]?.stringValue.flatMap(RequestPolicy.init(rawValue:)) ?? .compatible,
                    promptTokenTolerance: record["prompt_token_tolerance"]?.intValue ?? 0,
                    primaries: parts.filter { $0.role == "candidate" }.map(\.exchange),
                    references: parts.filter { $0.role == "reference" }.map(\.exchange),
                    twin: parts.first { $0.role == "parity" }?.exchange,
                    withoutReasoning: parts.filter { $0.role == "without_reasoning" }.map(\.exchange)
                )
                for member in record["reference_spread"]?.objectValue ?? JSONObject() {
                    exchanges.referenceSpread[member.key] = ReferenceCaseSpread(json: member.value)
                }
                completed[caseID] = record["request_sha256"]?.stringValue ?? ""
                consume(exchanges.suite, caseJudge.judge(exchanges))
            case "resume":
                end = nil
                continue
            default:
                guard let role = record["role"]?.stringValue, let sent = record["request"] else { continue }
                // Off Chat the judge reads the Chat form the record keeps beside the surface's body.
                let request = record["chat_request"] ?? sent
                let surface = record["api"]?.stringValue.flatMap(APISurface.init(rawValue:)) ?? .chat
                let streamed = record["mode"]?.stringValue == "stream"
                let response = rawResponse(record["response"] ?? .null, timing: record["timing"] ?? .null)
                // A reference answer synthesised from a baseline is a non-streamed body standing for either mode.
                let synthesized = record["synthesized"]
                let judgement = judge.judge(
                    request: ChatRequest(body: request),
                    streamed: synthesized == nil ? streamed : false,
                    response: response,
                    surface: surface
                )
                var exchange = JudgedExchange(
                    caseID: record["case"]?.stringValue ?? "",
                    streamed: streamed,
                    evidence: "\(fileName):\(number)",
                    judgement: judgement
                )
                exchange.attempts = (record["attempts"]?.arrayValue ?? []).map(DeliveryAttempt.init(json:))
                exchange.support = ReferenceSupport(json: synthesized?["support"])
                pending[number] = Judged(role: role, request: request, exchange: exchange)
            }
        }
        guard let manifest else {
            throw VerifierError(
                .invalidFixture,
                "\(path): no manifest record; this is not a vendor-verifier evidence file."
            )
        }
        return Contents(
            manifest: manifest,
            end: end,
            completedCases: completed,
            records: records,
            orphanRecords: pending.count
        )
    }

    /// Scores a candidate's evidence file as the live run did.
    /// - Parameters:
    ///   - path: The evidence file.
    ///   - runID: The run id for the scorecard (default: the manifest's).
    /// - Returns: The scorecard.
    /// - Throws: ``VerifierError`` `.invalidFixture` for an unreadable or damaged file.
    public static func scorecard(path: String, runID: String? = nil) throws(VerifierError) -> Scorecard {
        var score: ProviderScore?
        var problem: VerifierError?
        let contents = try read(path: path) { manifest in
            do throws(VerifierError) {
                score = try providerScore(manifest, path: path)
            } catch {
                problem = error
            }
        } skipped: { entry in
            score?.skip(entry)
        } consume: { suite, outcome in
            score?.add(outcome, suite: suite)
        }
        if let problem { throw problem }
        guard let score else {
            throw VerifierError(
                .invalidFixture,
                "\(path): no manifest record; this is not a vendor-verifier evidence file."
            )
        }
        // A run that did not finish is incomplete, offline as it was live.
        var stopReason: String?
        if contents.end?["kind"]?.stringValue == "stop" {
            stopReason = Verdict.stoppedReason(
                contents.end?["reason"]?.stringValue ?? "stopped",
                folder: contents.end?["folder"]?.stringValue
                    ?? URL(fileURLWithPath: path).deletingLastPathComponent().path
            )
        } else if contents.end == nil {
            stopReason = Verdict.stoppedReason(
                "it was interrupted (no end record)",
                folder: URL(fileURLWithPath: path).deletingLastPathComponent().path
            )
        }
        return score.scorecard(
            run: runInfo(contents, runID: runID),
            suites: suiteNames(contents.manifest),
            stopReason: stopReason
        )
    }

    /// The accumulators a manifest describes.
    static func providerScore(_ manifest: EvidenceManifest, path: String) throws(VerifierError) -> ProviderScore {
        guard let candidate = ProviderConfiguration(descriptionJSON: manifest.json["candidate"] ?? .null) else {
            throw VerifierError(.invalidFixture, "\(path): the manifest names no candidate.")
        }
        let reference = manifest.json["reference"].flatMap { ProviderConfiguration(descriptionJSON: $0) }
        return ProviderScore(
            provider: candidate,
            reference: reference,
            gates: GateConfiguration(json: manifest.json["gates"] ?? .null),
            origin: ReferenceOrigin(manifest: manifest.json)
        )
    }

    static func suiteNames(_ manifest: EvidenceManifest) -> [String] {
        (manifest.json["suites"]?.arrayValue ?? []).compactMap(\.stringValue)
    }

    /// The run's identity and timing, from the manifest and the end record.
    static func runInfo(_ contents: Contents, runID: String?) -> RunInfo {
        let manifest = contents.manifest.json
        let started = manifest["started_at"]?.stringValue ?? ""
        let finished = contents.end?["finished_at"]?.stringValue ?? ""
        return RunInfo(
            id: runID ?? manifest["run_id"]?.stringValue ?? "",
            startedAt: started,
            finishedAt: finished,
            durationMilliseconds: contents.end?["duration_ms"]?.intValue ?? 0,
            fixturesHash: manifest["fixtures_manifest_hash"]?.stringValue ?? "",
            fixtures: (manifest["fixtures"]?.arrayValue ?? []).compactMap { $0["file"]?.stringValue },
            configHash: manifest["config_hash"]?.stringValue ?? "",
            model: manifest["model"]?.stringValue ?? "",
            shard: manifest["shard"]?.stringValue,
            purpose: manifest["purpose"]?.stringValue.flatMap(RunPurpose.init(rawValue:)) ?? .check
        )
    }

    /// Rebuilds what the transport recorded.
    static func rawResponse(_ response: JSONValue, timing: JSONValue) -> RawResponse {
        var raw = RawResponse(status: response["status"]?.intValue)
        raw.headers = (response["headers"]?.objectValue ?? JSONObject()).map {
            (name: $0.key, value: $0.value.stringValue ?? "")
        }
        if let text = response["body"]?.stringValue {
            raw.body = Array(text.utf8)
        } else if let encoded = response["body_base64"]?.stringValue {
            raw.body = Base64.decode(encoded)
        }
        if let failure = response["failure"], let label = failure["label"]?.stringValue {
            raw.failure = .init(label: FailureLabel(rawValue: label), message: failure["message"]?.stringValue ?? "")
        }
        raw.headersMilliseconds = timing["headers_ms"]?.numberValue?.doubleValue
        raw.totalMilliseconds = timing["total_ms"]?.numberValue?.doubleValue ?? 0
        raw.arrivals = (timing["chunks"]?.arrayValue ?? []).compactMap { pair in
            guard let offset = pair[0]?.intValue, let milliseconds = pair[1]?.numberValue?.doubleValue else {
                return nil
            }
            return .init(offset: offset, milliseconds: milliseconds)
        }
        return raw
    }
}
