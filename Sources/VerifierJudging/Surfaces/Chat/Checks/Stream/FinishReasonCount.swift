import JSONSchema

/// `stream.finish_reason_count`: exactly one chunk carries a `finish_reason`, and it is the last
/// chunk with anything for the choice.
///
/// vLLM's parallel-call test asserts exactly one finish_reason; a second one, or content after the
/// first, makes clients stop early or report the wrong reason. No finish_reason at all is
/// `stream.truncated`.
public struct FinishReasonCount: StreamCheck {
    /// Creates the check.
    public init() {}

    public static let labels: [FailureLabel] = [.streamFinishReasonCount]

    public func findings(in trace: StreamTrace, toolNames: Set<String>) -> [Finding] {
        let finishing = trace.events.filter { $0.finishReason != nil }
        guard let first = finishing.first else { return [] }
        if finishing.count > 1 {
            let reasons = finishing.compactMap(\.finishReason).joined(separator: ", ")
            return [
                Finding(
                    .streamFinishReasonCount,
                    .error,
                    "\(finishing.count) chunks carry a finish_reason (\(reasons)); exactly one should.",
                    at: "/events/\(finishing[1].number)"
                )
            ]
        }
        if let later = trace.beforeDone.first(where: { $0.number > first.number && $0.carriesDelta }) {
            return [
                Finding(
                    .streamFinishReasonCount,
                    .error,
                    "finish_reason arrives on event \(first.number), but event \(later.number) still carries content or calls.",
                    at: "/events/\(later.number)"
                )
            ]
        }
        return []
    }
}

extension FailureLabel {
    /// Not exactly one `finish_reason`, or one before the last choice chunk.
    public static let streamFinishReasonCount = FailureLabel(rawValue: "stream.finish_reason_count")
}
