import JSONSchema

/// K2VV's `summary.json` fields for one provider, so K2VV users can read our results unchanged.
///
/// Definitions follow K2VV's `tool_calls_eval.py`: `success_count` counts requests that got a
/// usable response; finish reasons are counted over those; `schema_validation_error_count` and
/// `successful_tool_call_count` split the `tool_calls` finishes by K2VV's `tool_calls_valid`.
public struct K2VVSummary: Sendable, Hashable {
    /// Requests answered with a usable response.
    public var successCount = 0
    /// Requests that failed.
    public var failureCount = 0
    /// `finish_reason == "stop"`.
    public var finishStop = 0
    /// `finish_reason == "tool_calls"`.
    public var finishToolCalls = 0
    /// Any other finish reason (or none), by reason.
    public var finishOthersDetail: [String: Int] = [:]
    /// `tool_calls` finishes whose calls were invalid.
    public var schemaValidationErrorCount = 0
    /// `tool_calls` finishes whose calls were all valid.
    public var successfulToolCallCount = 0
    /// Summed `usage.prompt_tokens`.
    public var promptTokens = 0
    /// Summed `usage.completion_tokens`.
    public var completionTokens = 0
    /// Summed `usage.total_tokens`.
    public var totalTokens = 0

    /// Creates an empty summary.
    public init() {}

    /// Counts one exchange.
    /// - Parameter judgement: The exchange's judgement.
    public mutating func add(_ judgement: ExchangeJudgement) {
        guard judgement.delivered else {
            failureCount += 1
            return
        }
        successCount += 1
        // K2VV's finish reasons, on every surface: Messages' `end_turn` counts as `stop`, `tool_use` as `tool_calls`.
        if judgement.finishedWithToolCalls {
            finishToolCalls += 1
            if judgement.schemaValid == true { successfulToolCallCount += 1 } else { schemaValidationErrorCount += 1 }
        } else if let reason = judgement.finishReason, reason == judgement.surface.naturalStopReason {
            finishStop += 1
        } else {
            finishOthersDetail[judgement.finishReason ?? "null", default: 0] += 1
        }
        promptTokens += judgement.promptTokens ?? 0
        completionTokens += judgement.completionTokens ?? 0
        totalTokens += judgement.totalTokens ?? 0
    }

    /// Any other finish reason, in total.
    public var finishOthers: Int { finishOthersDetail.values.reduce(0, +) }

    /// K2VV's schema accuracy: successful tool-call answers over `tool_calls` finishes.
    public var schemaAccuracy: Metric { Metric(numerator: successfulToolCallCount, denominator: finishToolCalls) }

    /// The K2VV summary fields as JSON, with K2VV's own key names.
    /// - Parameters:
    ///   - model: The model label.
    ///   - started: ISO 8601 start time.
    ///   - finished: ISO 8601 end time.
    ///   - durationMilliseconds: Run duration.
    /// - Returns: The object.
    public func json(model: String, started: String, finished: String, durationMilliseconds: Int) -> JSONObject {
        var object = JSONObject()
        object["model"] = .string(model)
        object["success_count"] = .number(JSONNumber(successCount))
        object["failure_count"] = .number(JSONNumber(failureCount))
        object["finish_stop"] = .number(JSONNumber(finishStop))
        object["finish_tool_calls"] = .number(JSONNumber(finishToolCalls))
        object["finish_others"] = .number(JSONNumber(finishOthers))
        var detail = JSONObject()
        for (reason, count) in finishOthersDetail.sorted(by: { $0.key < $1.key }) {
            detail[reason] = .number(JSONNumber(count))
        }
        object["finish_others_detail"] = .object(detail)
        object["schema_validation_error_count"] = .number(JSONNumber(schemaValidationErrorCount))
        object["successful_tool_call_count"] = .number(JSONNumber(successfulToolCallCount))
        object["usage"] = [
            "prompt_tokens": .number(JSONNumber(promptTokens)),
            "completion_tokens": .number(JSONNumber(completionTokens)),
            "total_tokens": .number(JSONNumber(totalTokens)),
        ]
        object["eval_started_at"] = .string(started)
        object["eval_finished_at"] = .string(finished)
        object["eval_duration_ms"] = .number(JSONNumber(durationMilliseconds))
        return object
    }
}
