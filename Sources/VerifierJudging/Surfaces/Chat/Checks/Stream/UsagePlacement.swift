import JSONSchema

/// `stream.usage_placement`: with `stream_options.include_usage` (the verifier always sets it), usage
/// comes in exactly one chunk with empty `choices`, after the last choice chunk and before `[DONE]`.
///
/// Errors: usage after `[DONE]` (clients stop there; reported for llama.cpp, openclaw PR #79958),
/// more than one usage chunk (totals counted twice), a usage chunk followed by more choice chunks.
/// Usage carried on choice chunks as well (vLLM's `continuous_usage_stats`) is a warning: clients
/// keep the last value. No usage at all is `wire.usage_missing`.
public struct UsagePlacement: StreamCheck {
    /// Creates the check.
    public init() {}

    public static let labels: [FailureLabel] = [.streamUsagePlacement]

    public func findings(in trace: StreamTrace, toolNames: Set<String>) -> [Finding] {
        var findings: [Finding] = []
        if let done = trace.doneNumber, let late = trace.events[(done + 1)...].first(where: \.hasUsage) {
            findings.append(
                Finding(
                    .streamUsagePlacement,
                    .error,
                    "Usage arrives on event \(late.number), after `data: [DONE]`, where clients no longer read.",
                    at: "/events/\(late.number)"
                )
            )
        }
        let usageChunks = trace.beforeDone.filter(\.isUsageChunk)
        if usageChunks.count > 1 {
            findings.append(
                Finding(
                    .streamUsagePlacement,
                    .error,
                    "\(usageChunks.count) usage chunks are sent; exactly one should be.",
                    at: "/events/\(usageChunks[1].number)"
                )
            )
        }
        if let usage = usageChunks.first,
            let later = trace.beforeDone.first(where: { $0.number > usage.number && ($0.choiceCount ?? 0) > 0 })
        {
            findings.append(
                Finding(
                    .streamUsagePlacement,
                    .error,
                    "The usage chunk (event \(usage.number)) is followed by choice chunk \(later.number); it must come last.",
                    at: "/events/\(later.number)"
                )
            )
        }
        let onChoices = trace.beforeDone.filter { $0.hasUsage && ($0.choiceCount ?? 0) > 0 }
        if let first = onChoices.first {
            findings.append(
                Finding(
                    .streamUsagePlacement,
                    .warning,
                    "Usage is carried on \(onChoices.count) choice chunk(s)"
                        + (usageChunks.isEmpty
                            ? " and no separate chunk with empty `choices`." : " besides the usage chunk."),
                    at: "/events/\(first.number)/usage"
                )
            )
        }
        return findings
    }
}

extension FailureLabel {
    /// Usage not in exactly one chunk with empty `choices` before `[DONE]`.
    public static let streamUsagePlacement = FailureLabel(rawValue: "stream.usage_placement")
}
