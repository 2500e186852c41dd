import JSONSchema

/// `stream.event_name`: each event's SSE `event:` name equals its data's `type`, and the type is one of the
/// Messages grammar. Anthropic's SDKs dispatch on the `event:` name: an event without one, or under another
/// name, is dropped or misread (an error). A type outside the grammar is ignored by clients (a warning), and so
/// is a stray Chat `data: [DONE]` in an otherwise Messages stream.
public struct EventName: MessagesStreamCheck {
    public static let labels: [FailureLabel] = [.streamEventName]

    /// Creates the check.
    public init() {}

    public func findings(in trace: MessagesStreamTrace) -> [Finding] {
        var findings: [Finding] = []
        for event in trace.events {
            let location = "/events/\(event.number)"
            if case .foreign(let what) = event.kind {
                findings.append(
                    Finding(.streamEventName, .warning, "Event \(event.number) is \(what); Messages clients ignore it.", at: location)
                )
                continue
            }
            guard case .event = event.kind, let type = event.type else { continue }
            guard let name = event.name else {
                findings.append(
                    Finding(
                        .streamEventName,
                        .error,
                        "Event \(event.number) (\(type)) has no `event:` line; clients dispatch on it and drop the event.",
                        at: location
                    )
                )
                continue
            }
            if name != type {
                findings.append(
                    Finding(
                        .streamEventName,
                        .error,
                        "Event \(event.number) is sent as `event: \(name)` but its data is a \(type).",
                        at: location
                    )
                )
            } else if !MessagesStreamTrace.knownTypes.contains(type) {
                findings.append(
                    Finding(
                        .streamEventName,
                        .warning,
                        "Event \(event.number) has the type \(type), which is not part of the Messages stream; clients ignore it.",
                        at: location
                    )
                )
            }
        }
        return findings
    }
}

extension FailureLabel {
    /// An SSE `event:` name differs from the data's `type`, is missing, or names no Messages event.
    public static let streamEventName = FailureLabel(rawValue: "stream.event_name")
}
