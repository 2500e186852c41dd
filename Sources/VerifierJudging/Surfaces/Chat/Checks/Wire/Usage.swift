import JSONSchema

/// `wire.usage_missing` and `wire.usage_inconsistent`: token usage present and adding up.
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
        var findings: [Finding] = []
        var counts: [String: Int64] = [:]
        for key in ["prompt_tokens", "completion_tokens", "total_tokens"] {
            guard let value = usage[key] else {
                findings.append(
                    Finding(.wireUsageInconsistent, .error, "`usage.\(key)` is missing.", at: "/usage/\(key)")
                )
                continue
            }
            guard let count = value.numberValue?.int64Value, count >= 0 else {
                findings.append(
                    Finding(
                        .wireUsageInconsistent,
                        .error,
                        "`usage.\(key)` is \(value.serialized()), not a count.",
                        at: "/usage/\(key)"
                    )
                )
                continue
            }
            counts[key] = count
        }
        if let prompt = counts["prompt_tokens"], let completion = counts["completion_tokens"],
            let total = counts["total_tokens"], prompt + completion != total
        {
            findings.append(
                Finding(
                    .wireUsageInconsistent,
                    .error,
                    "usage.total_tokens is \(total) but prompt_tokens + completion_tokens is \(prompt + completion).",
                    at: "/usage/total_tokens"
                )
            )
        }
        return findings
    }
}

extension FailureLabel {
    /// `usage` is absent.
    public static let wireUsageMissing = FailureLabel(rawValue: "wire.usage_missing")
    /// `usage` numbers do not add up.
    public static let wireUsageInconsistent = FailureLabel(rawValue: "wire.usage_inconsistent")
}
