import JSONSchema

/// `stream.no_message_stop`: the stop reason arrived (`message_delta`), but the stream ended without
/// `message_stop`; clients waiting for it hang or report an incomplete message.
public struct NoMessageStop: MessagesStreamCheck {
    public static let labels: [FailureLabel] = [.streamNoMessageStop]

    /// Creates the check.
    public init() {}

    public func findings(in trace: MessagesStreamTrace) -> [Finding] {
        guard trace.stopNumber == nil, trace.events.contains(where: { $0.stopReason != nil }),
            !trace.events.contains(where: { $0.type == "error" })
        else { return [] }
        return [
            Finding(
                .streamNoMessageStop,
                .error,
                "The stream ended after \(trace.events.count) event(s) without `message_stop`.",
                at: "/events/\(trace.events.count)"
            )
        ]
    }
}

extension FailureLabel {
    /// The stream never sent `message_stop`.
    public static let streamNoMessageStop = FailureLabel(rawValue: "stream.no_message_stop")
}
