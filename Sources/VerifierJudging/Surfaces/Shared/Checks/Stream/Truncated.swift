import JSONSchema

/// `stream.truncated`: the stream ended before any chunk carried a `finish_reason` (Messages: before a
/// `message_delta` carried a `stop_reason`; Responses: before a terminal event) — the connection closed
/// mid-answer.
public struct Truncated: StreamCheck {
    /// Creates the check.
    public init() {}

    public static let labels: [FailureLabel] = [.streamTruncated]

    public func findings(in trace: StreamTrace, toolNames: Set<String>) -> [Finding] {
        guard !trace.events.contains(where: { $0.finishReason != nil }) else { return [] }
        let chunks = trace.events.filter { $0.kind == .chunk }.count
        return [
            Finding(
                .streamTruncated,
                .error,
                "The stream ended after \(chunks) chunk(s) without any finish_reason.",
                at: "/events/\(trace.events.count)"
            )
        ]
    }
}

extension Truncated: MessagesStreamCheck {
    /// On Messages: the stream ended before a `message_delta` carried the stop reason (an `error` event that
    /// ended it is ``ErrorEvent``'s).
    public func findings(in trace: MessagesStreamTrace) -> [Finding] {
        guard !trace.events.contains(where: { $0.stopReason != nil || $0.type == "error" }) else { return [] }
        return [
            Finding(
                .streamTruncated,
                .error,
                "The stream ended after \(trace.events.count) event(s) without a `message_delta` stop_reason.",
                at: "/events/\(trace.events.count)"
            )
        ]
    }
}

extension FailureLabel {
    /// The stream ended before any choice finished.
    public static let streamTruncated = FailureLabel(rawValue: "stream.truncated")
}

extension Truncated: ResponsesStreamCheck {
    /// On Responses: the stream ended before a terminal event (`response.completed`, `.incomplete` or `.failed`);
    /// an `error` event that ended it is ``ErrorEvent``'s.
    public func findings(in trace: ResponsesStreamTrace) -> [Finding] {
        guard !trace.events.contains(where: { $0.isTerminal || $0.type == "error" }) else { return [] }
        return [
            Finding(
                .streamTruncated,
                .error,
                "The stream ended after \(trace.events.count) event(s) without a terminal event "
                    + "(`response.completed`, `response.incomplete` or `response.failed`).",
                at: "/events/\(trace.events.count)"
            )
        ]
    }
}
