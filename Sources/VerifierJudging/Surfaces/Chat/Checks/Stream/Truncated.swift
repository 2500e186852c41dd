import JSONSchema

/// `stream.truncated`: the stream ended before any chunk carried a `finish_reason` — the connection
/// closed mid-answer.
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

extension FailureLabel {
    /// The stream ended before any choice finished.
    public static let streamTruncated = FailureLabel(rawValue: "stream.truncated")
}
