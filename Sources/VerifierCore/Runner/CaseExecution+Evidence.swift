import JSONSchema
import VerifierJudging

extension CaseExecution {
    /// Everything one case produced, per candidate.
    struct CaseResult: Sendable {
        /// The suite the case belongs to.
        var suite: String
        /// The case id.
        var caseID = ""
        /// Per candidate; `nil` where the candidate's evidence already held the case (resume), where the
        /// case was stopped mid-way (nothing of it is recorded, so a resumed run sends it again), or where the
        /// candidate's surface cannot express it.
        var candidates: [JudgedCase?]
        /// Per candidate that could not be asked the case on its surface: why.
        var skipped: [Int: String] = [:]
    }

    /// Runs one case in a live run: sends it, judges it for every candidate not skipped, and writes each
    /// candidate's records and its case marker into that candidate's evidence.
    /// - Parameters:
    ///   - runCase: The case.
    ///   - logs: The candidates' evidence, by position.
    ///   - skip: Candidates whose evidence already holds the case.
    /// - Returns: The judged case per candidate.
    func run(_ runCase: RunCase, logs: [EvidenceLog], skip: Set<Int>) async -> CaseResult {
        var inexpressible: [Int: String] = [:]
        for index in logs.indices where !skip.contains(index) {
            if let reason = self.inexpressible(runCase, candidate: index) { inexpressible[index] = reason }
        }
        let skipping = skip.union(inexpressible.keys)
        let delivered =
            skipping.count == logs.count && !inexpressible.isEmpty
            ? Delivered(jobs: [], exchanges: [])
            : await deliver(runCase, jobs: jobs(for: runCase, skipping: skipping))
        if Task.isCancelled {
            // Stopped mid-case: nothing is recorded, so a resumed run sends the case again.
            return CaseResult(suite: runCase.suite, candidates: Array(repeating: nil, count: logs.count))
        }
        var result = CaseResult(suite: runCase.suite, caseID: runCase.id, candidates: [])
        for (index, log) in logs.enumerated() {
            if let reason = inexpressible[index] {
                // Never sent half-way: the case marker records why, so `verifier score` and resume list it too.
                var marker = Self.caseMarker(runCase)
                marker["skipped"] = [
                    "api": .string(candidates[index].client.provider.api.rawValue), "reason": .string(reason),
                ]
                marker["lines"] = []
                _ = try? log.append(.object(marker))
                result.candidates.append(nil)
                result.skipped[index] = reason
                continue
            }
            guard !skip.contains(index) else {
                result.candidates.append(nil)
                continue
            }
            var lines: [Int] = []
            let judged = judgeCase(runCase, candidate: index, delivered) { exchange, role, provider in
                let line = Self.append(log, provider: provider, role: role, caseID: runCase.id, exchange: exchange)
                lines.append(line)
                return "\(log.fileName):\(line)"
            }
            var marker = Self.caseMarker(runCase)
            let spread = referenceSpread(runCase)
            if !spread.isEmpty {
                var spreadJSON = JSONObject()
                for (mode, value) in spread.sorted(by: { $0.key < $1.key }) { spreadJSON[mode] = value.json }
                marker["reference_spread"] = .object(spreadJSON)
            }
            marker["lines"] = .array(lines.map { .number(JSONNumber($0)) })
            _ = try? log.append(.object(marker))
            result.candidates.append(judged)
        }
        return result
    }

    /// The case marker's members every marker has.
    static func caseMarker(_ runCase: RunCase) -> JSONObject {
        var marker = JSONObject()
        marker["kind"] = "case"
        marker["case"] = .string(runCase.id)
        marker["suite"] = .string(runCase.suite)
        marker["request_sha256"] = .string(RunCase.requestHash(runCase.request))
        marker["expect"] = runCase.expectation.json
        marker["policy"] = .string(runCase.policy.rawValue)
        marker["prompt_token_tolerance"] = .number(JSONNumber(runCase.promptTokenTolerance))
        return marker
    }

    /// Writes one exchange as an evidence record and returns its line (0 when it could not be written: the log
    /// counts the failure and the run ends with an I/O error once every request has finished).
    private static func append(_ log: EvidenceLog, provider: String, role: String, caseID: String, exchange: Exchange)
        -> Int
    {
        let record = EvidenceRecord.make(
            provider: provider,
            role: role,
            caseID: caseID,
            stream: exchange.streamed,
            requestBody: exchange.body,
            request: exchange.request,
            requestHeaders: exchange.requestHeaders,
            response: exchange.response,
            findings: exchange.judgement.findings,
            attempts: exchange.attempts,
            surface: exchange.surface,
            chatRequest: exchange.chatRequest
        )
        var object = record.objectValue ?? JSONObject()
        if let synthesized = exchange.synthesized { object["synthesized"] = synthesized }
        return (try? log.append(.object(object))) ?? 0
    }
}
