import JSONSchema

/// `stream.no_done` and `stream.after_done`: a finished stream ends with `data: [DONE]`, and
/// nothing follows it.
///
/// A stream cut before any `finish_reason` is `stream.truncated` instead (the missing `[DONE]` is
/// then a consequence, not a second defect). A usage chunk after `[DONE]` is
/// `stream.usage_placement`.
public struct NoDone: StreamCheck {
    /// Creates the check.
    public init() {}

    public static let labels: [FailureLabel] = [.streamNoDone, .streamAfterDone]

    public func findings(in trace: StreamTrace, toolNames: Set<String>) -> [Finding] {
        guard let done = trace.doneNumber else {
            guard trace.events.contains(where: { $0.finishReason != nil }) else { return [] }
            return [
                Finding(
                    .streamNoDone,
                    .error,
                    "The stream finished (finish_reason sent) but ended without `data: [DONE]`.",
                    at: "/events/\(trace.events.count)"
                )
            ]
        }
        let after = trace.events[(done + 1)...].filter { !$0.isUsageChunk }
        guard let first = after.first else { return [] }
        return [
            Finding(
                .streamAfterDone,
                .error,
                "\(after.count) event(s) arrived after `data: [DONE]`; clients stop reading there.",
                at: "/events/\(first.number)"
            )
        ]
    }
}

extension FailureLabel {
    /// The stream ended without `data: [DONE]`.
    public static let streamNoDone = FailureLabel(rawValue: "stream.no_done")
    /// Events arrived after `data: [DONE]`.
    public static let streamAfterDone = FailureLabel(rawValue: "stream.after_done")
}
