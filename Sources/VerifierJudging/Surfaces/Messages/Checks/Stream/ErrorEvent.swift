import JSONSchema

/// `stream.error_event`: the host sent an `error` event mid-stream (overloaded, internal error). The SDKs
/// raise it and the answer is lost after the status said 200.
public struct ErrorEvent: MessagesStreamCheck {
    public static let labels: [FailureLabel] = [.streamErrorEvent]

    /// Creates the check.
    public init() {}

    public func findings(in trace: MessagesStreamTrace) -> [Finding] {
        trace.events.filter { $0.type == "error" }.map { event in
            let type = event.error?["type"]?.stringValue ?? "error"
            let message = event.error?["message"]?.stringValue ?? event.error?.serialized() ?? ""
            return Finding(
                .streamErrorEvent,
                .error,
                "The stream carried an error event after \(event.number) event(s): \(type): \(message.clipped(160))",
                at: "/events/\(event.number)"
            )
        }
    }
}

extension FailureLabel {
    /// An `error` event arrived in a 200 stream.
    public static let streamErrorEvent = FailureLabel(rawValue: "stream.error_event")
}
