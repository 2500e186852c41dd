import JSONSchema

/// `stream.error_event`: the host sent an `error` event mid-stream (overloaded, internal error), or on
/// Responses ended the stream with `response.failed`. The SDKs raise it and the answer is lost after the status
/// said 200.
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

extension ErrorEvent: ResponsesStreamCheck {
    public func findings(in trace: ResponsesStreamTrace) -> [Finding] {
        trace.events.compactMap { event in
            let error: JSONValue?
            switch event.type {
            case "error": error = event.error
            case "response.failed": error = event.response?["error"] ?? .null
            default: return nil
            }
            let code = error?["code"]?.stringValue ?? error?["type"]?.stringValue ?? "error"
            let message = error?["message"]?.stringValue ?? error.map { $0.serialized() } ?? ""
            let what = event.type == "error" ? "an error event" : "`response.failed`"
            return Finding(
                .streamErrorEvent,
                .error,
                "The stream carried \(what) after \(event.number) event(s): \(code): \(message.clipped(160))",
                at: "/events/\(event.number)"
            )
        }
    }
}

extension FailureLabel {
    /// An `error` event (or, on Responses, `response.failed`) arrived in a 200 stream.
    public static let streamErrorEvent = FailureLabel(rawValue: "stream.error_event")
}
