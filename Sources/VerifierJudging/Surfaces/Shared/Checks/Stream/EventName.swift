import JSONSchema

/// `stream.event_name`: each event's SSE `event:` name equals its data's `type`, and the type is one of the
/// surface's grammar (Messages, Responses). The SDKs dispatch on the `event:` name: an event without one, or
/// under another name, is dropped or misread (an error). A type outside the grammar is ignored by clients (a
/// warning), and so is a stray Chat `data: [DONE]` in an otherwise Messages or Responses stream.
public struct EventName: MessagesStreamCheck {
    public static let labels: [FailureLabel] = [.streamEventName]

    /// Creates the check.
    public init() {}

    /// One event as this check reads it.
    struct Seen {
        var number: Int
        var foreign: String?
        var name: String?
        var type: String?
    }

    public func findings(in trace: MessagesStreamTrace) -> [Finding] {
        let seen = trace.events.map { event -> Seen in
            var foreign: String?
            if case .foreign(let what) = event.kind { foreign = what }
            return Seen(number: event.number, foreign: foreign, name: event.name, type: event.type)
        }
        return Self.findings(seen, known: MessagesStreamTrace.knownTypes, surface: "Messages")
    }

    static func findings(_ events: [Seen], known: Set<String>, surface: String) -> [Finding] {
        var findings: [Finding] = []
        for event in events {
            let location = "/events/\(event.number)"
            if let what = event.foreign {
                findings.append(
                    Finding(.streamEventName, .warning, "Event \(event.number) is \(what); \(surface) clients ignore it.", at: location)
                )
                continue
            }
            guard let type = event.type else { continue }
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
            } else if !known.contains(type) {
                findings.append(
                    Finding(
                        .streamEventName,
                        .warning,
                        "Event \(event.number) has the type \(type), which is not part of the \(surface) stream; clients "
                            + "ignore it.",
                        at: location
                    )
                )
            }
        }
        return findings
    }
}

extension EventName: ResponsesStreamCheck {
    public func findings(in trace: ResponsesStreamTrace) -> [Finding] {
        let seen = trace.events.map { event -> Seen in
            var foreign: String?
            if case .foreign(let what) = event.kind { foreign = what }
            return Seen(number: event.number, foreign: foreign, name: event.name, type: event.type)
        }
        return Self.findings(seen, known: ResponsesStreamTrace.knownTypes, surface: "Responses")
    }
}

extension FailureLabel {
    /// An SSE `event:` name differs from the data's `type`, is missing, or names no event of the surface.
    public static let streamEventName = FailureLabel(rawValue: "stream.event_name")
}
