import JSONSchema
import VerifierJudging

/// A baseline standing in for the reference: for each case and mode, the reference's most frequent answer,
/// synthesised as a chat completion and judged like any answer, together with everything the reference
/// produced over its runs (``ReferenceSupport``).
extension Baseline {
    /// The reference's answer to a case, synthesised from the baseline.
    public struct ReferenceAnswer: Sendable {
        /// The synthesised response (non-streamed).
        public var response: RawResponse
        /// What the reference produced over its runs.
        public var support: ReferenceSupport
    }

    /// The synthesised reference answer of one case and mode, or `nil` when the baseline lacks the case.
    ///
    /// The answer is the reference's majority behaviour: its most frequent status; a tool call when most of its
    /// delivered answers called, with its most frequent call set; its most frequent prompt-token count. The
    /// answer text is not kept, so an answer without calls carries a placeholder sentence.
    /// - Parameters:
    ///   - caseID: The case id.
    ///   - mode: `stream` or `nonstream`.
    /// - Returns: The answer.
    public func referenceAnswer(caseID: String, mode: String) -> ReferenceAnswer? {
        guard let record = record(caseID: caseID, mode: mode), record.answers > 0 else { return nil }
        var response = RawResponse(status: nil)
        let status = record.modalStatus ?? 0
        if status == 0 {
            response.failure = .init(
                label: .httpConnection,
                message: "The reference failed in transport in most calibration runs of this case."
            )
            return ReferenceAnswer(response: response, support: record.support)
        }
        response.status = status
        response.headers = [(name: "content-type", value: "application/json")]
        var body = JSONObject()
        if (200..<300).contains(status) {
            let calls = record.called * 2 > record.delivered ? (record.callSets.first?.calls ?? []) : []
            var message = JSONObject()
            message["role"] = "assistant"
            if calls.isEmpty {
                message["content"] = "(a baseline keeps no answer text)"
            } else {
                message["content"] = .null
                message["tool_calls"] = .array(
                    calls.enumerated().map { index, call in
                        [
                            "id": .string("call_baseline_\(index)"), "type": "function",
                            "function": [
                                "name": .string(call.name),
                                "arguments": .string(call.arguments.serialized()),
                            ],
                        ]
                    }
                )
            }
            body["id"] = .string("baseline-" + caseID)
            body["object"] = "chat.completion"
            body["created"] = 0
            body["model"] = .string(provider.model)
            body["choices"] = [
                [
                    "index": 0, "message": .object(message),
                    "finish_reason": .string(calls.isEmpty ? "stop" : "tool_calls"),
                ]
            ]
            if let tokens = Baseline.mode(record.promptTokens) {
                body["usage"] = [
                    "prompt_tokens": .number(JSONNumber(tokens)), "completion_tokens": 0,
                    "total_tokens": .number(JSONNumber(tokens)),
                ]
            }
        } else {
            body["error"] = [
                "message": .string("The reference answered \(status) in most calibration runs (baseline)."),
                "type": "invalid_request_error",
            ]
        }
        response.body = Array(JSONValue.object(body).serialized().utf8)
        return ReferenceAnswer(response: response, support: record.support)
    }

    /// Adds one answer of the reference to a case record.
    static func add(_ judgement: ExchangeJudgement, to record: inout CaseRecord) {
        record.answers += 1
        record.statuses[judgement.transportFailed ? 0 : (judgement.status ?? 0), default: 0] += 1
        guard judgement.delivered else { return }
        record.delivered += 1
        if judgement.finishedWithToolCalls { record.finishedWithToolCalls += 1 }
        if let tokens = judgement.promptTokens { record.promptTokens[tokens, default: 0] += 1 }
        let calls = judgement.signature?.calls ?? []
        guard !calls.isEmpty else { return }
        record.called += 1
        record.callCounts[calls.count, default: 0] += 1
        record.toolNames[CallAgreement.namesKey(calls), default: 0] += 1
        let key = CallAgreement.argumentsKey(calls)
        if let index = record.callSets.firstIndex(where: { $0.key == key }) {
            record.callSets[index].count += 1
        } else {
            record.callSets.append(
                CallSet(
                    key: key,
                    count: 1,
                    calls: calls.map { Call(name: $0.name ?? "", arguments: $0.arguments) }
                )
            )
        }
        // Most frequent first; ties keep the order first seen.
        record.callSets = record.callSets.enumerated().sorted { lhs, rhs in
            lhs.element.count != rhs.element.count ? lhs.element.count > rhs.element.count : lhs.offset < rhs.offset
        }.map(\.element)
    }
}
