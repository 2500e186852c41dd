import JSONSchema

/// `wire.usage_missing` and `wire.usage_inconsistent`: token usage present and adding up — on Chat
/// (`prompt_tokens`, `completion_tokens`, `total_tokens`) and on Responses (`input_tokens`, `output_tokens`,
/// `total_tokens`, in the body or the terminal event's response).
///
/// Missing usage is a warning (billing and throughput cannot be checked, clients survive);
/// `total_tokens != prompt_tokens + completion_tokens`, or a negative or non-integer count, is an error.
public struct Usage: ChatWireCheck {
    /// Creates the check.
    public init() {}

    public static let labels: [FailureLabel] = [.wireUsageMissing, .wireUsageInconsistent]

    public func findings(in context: ChatWireContext) -> [Finding] {
        guard let message = context.message else { return [] }
        guard let usage = message.usage else {
            let how = context.streamed ? " (requested with stream_options.include_usage)" : ""
            return [Finding(.wireUsageMissing, .warning, "The response has no `usage`\(how).", at: "/usage")]
        }
        return Self.findings(usage, keys: ("prompt_tokens", "completion_tokens"), at: "/usage")
    }

    /// Checks the counts of a usage object.
    /// - Parameters:
    ///   - usage: The object.
    ///   - keys: The surface's names of the prompt and completion counts.
    ///   - location: Where the object is.
    static func findings(_ usage: JSONValue, keys: (prompt: String, completion: String), at location: String)
        -> [Finding]
    {
        var findings: [Finding] = []
        var counts: [String: Int64] = [:]
        for key in [keys.prompt, keys.completion, "total_tokens"] {
            guard let value = usage[key] else {
                findings.append(
                    Finding(.wireUsageInconsistent, .error, "`usage.\(key)` is missing.", at: location + "/\(key)")
                )
                continue
            }
            guard let count = value.numberValue?.int64Value, count >= 0 else {
                findings.append(
                    Finding(
                        .wireUsageInconsistent,
                        .error,
                        "`usage.\(key)` is \(value.serialized()), not a count.",
                        at: location + "/\(key)"
                    )
                )
                continue
            }
            counts[key] = count
        }
        if let prompt = counts[keys.prompt], let completion = counts[keys.completion],
            let total = counts["total_tokens"], prompt + completion != total
        {
            findings.append(
                Finding(
                    .wireUsageInconsistent,
                    .error,
                    "usage.total_tokens is \(total) but \(keys.prompt) + \(keys.completion) is \(prompt + completion).",
                    at: location + "/total_tokens"
                )
            )
        }
        return findings
    }
}

extension Usage: ResponsesWireCheck {
    /// On Responses, usage comes with the finished response (for a stream: in the terminal event).
    public func findings(in context: ResponsesWireContext) -> [Finding] {
        guard let response = context.response else { return [] }
        let location = response.terminalEvent.map { "/events/\($0)/response/usage" } ?? "/usage"
        guard let usage = response.usage else {
            // A stream cut short or failed has no usage to give: `stream.truncated`'s or `stream.error_event`'s.
            if context.streamed, response.terminalEvent == nil || response.status == "failed" { return [] }
            return [Finding(.wireUsageMissing, .warning, "The response has no `usage`.", at: location)]
        }
        return Self.findings(usage, keys: ("input_tokens", "output_tokens"), at: location)
    }
}

extension FailureLabel {
    /// `usage` is absent.
    public static let wireUsageMissing = FailureLabel(rawValue: "wire.usage_missing")
    /// `usage` numbers do not add up.
    public static let wireUsageInconsistent = FailureLabel(rawValue: "wire.usage_inconsistent")
}
